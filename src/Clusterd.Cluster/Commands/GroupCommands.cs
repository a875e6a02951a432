using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Group commands.

/// <summary>ApiCreateGroup: an empty, offline group owned by the local node.</summary>
/// <param name="Name">The new object's name.</param>
public sealed record CreateGroup(string Name) : ClusterCommand<string>
{
    internal override (Win32Error Error, string? Value) Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.CreateGroup(tx, Name);
}

/// <summary>
/// ApiDeleteGroup (MS-CMRP 3.1.4.2.44): a non-special group; without <c>Force</c> only an empty one
/// (ERROR_DIR_NOT_EMPTY). With <c>Force</c> its resources go with it, in this one command: each must be
/// deletable (not core: ERROR_CORE_RESOURCE; not a CSV: ERROR_CLUSTER_USE_SHARED_VOLUMES_API; dependencies never
/// leave a group), and is taken offline at once (a pending transition is cancelled) and deleted. Either the group and
/// all its resources are gone, or nothing changed.
/// </summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="Force">Delete the group with its resources (true) or only an empty group (false).</param>
public sealed record DeleteGroup(string Group, bool Force = false) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.DeleteGroup(tx, Group, Force);
}

/// <summary>ApiSetGroupName.</summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="NewName">The new name.</param>
public sealed record RenameGroup(string Group, string NewName) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.RenameGroup(tx, Group, NewName);
}

/// <summary>
/// ApiOnlineGroup / ApiOnlineGroupEx: refused on the CSV special group (MS-CMRP 3.1.1.1.4, ERROR_SPECIAL_GROUP). With
/// <c>BestPossibleNode</c> (CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE, MS-CMRP 3.1.4.2.129) the group first moves to the
/// node the failover policy picks (its preferred owners, then the others), the current owner included.
/// </summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="BestPossibleNode">Let the server pick the node that hosts the group.</param>
public sealed record OnlineGroup(string Group, bool BestPossibleNode = false) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.OnlineGroup(tx, Group, BestPossibleNode);
}

/// <summary>ApiOfflineGroup: refused on the CSV special group.</summary>
/// <param name="Group">The group, by name or ID.</param>
public sealed record OfflineGroup(string Group) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.OfflineGroup(tx, Group);
}

/// <summary>ApiSetGroupNodeList: the preferred owners; refused on the CSV special group.</summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="Nodes">The preferred owners, by node name or ID, in order.</param>
public sealed record SetGroupNodeList(string Group, IReadOnlyList<string> Nodes) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.SetGroupNodeList(tx, Group, Nodes);
}

/// <summary>
/// ApiMoveGroup / ApiMoveGroupToNode. A null node picks the best other node. Online resources of an ordinary
/// group go offline and come back on the new owner; a CSV special group moves its coordinator and stays
/// online (CSV access does not stop for a coordinator move).
/// </summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="Node">The destination node, by name or ID; null picks the best other node.</param>
public sealed record MoveGroup(string Group, string? Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupLifecycle.MoveGroup(tx, Group, Node);
}
