using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Group and resource commands of issue 11 (the GroupResource area): possible owners, moving a resource between
// groups, restart, cancelling a group's pending operation. The Ex variants of online, offline and move reuse the
// commands of their siblings (OnlineGroup, OfflineResource, ... with their extra parameters).

/// <summary>
/// ApiCreateGroupEx (MS-CMRP 3.1.4.2.128): an empty, offline group of the client's group type, owned by the local
/// node. Types the engine gives meaning to (CLUSGROUP_TYPE 1-4: core, available storage, temporary, CSV) are refused
/// with ERROR_INVALID_PARAMETER (docs/behaviour.md, "GroupResource: flags and group types").
/// </summary>
/// <param name="Name">The new group's name.</param>
/// <param name="GroupType">dwGroupType.</param>
public sealed record CreateGroupOfType(string Name, uint GroupType) : ClusterCommand<string>
{
    internal override (Win32Error Error, string? Value) Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.CreateGroupOfType(tx, Name, GroupType);
}

/// <summary>ApiAddResourceNode (MS-CMRP 3.1.4.2.24): adds a node to the resource's possible owners.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Node">The node, by name or ID.</param>
public sealed record AddResourceNode(string Resource, string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.AddResourceNode(tx, Resource, Node);
}

/// <summary>ApiRemoveResourceNode (MS-CMRP 3.1.4.2.25): removes a node from the resource's possible owners.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Node">The node, by name or ID.</param>
public sealed record RemoveResourceNode(string Resource, string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.RemoveResourceNode(tx, Resource, Node);
}

/// <summary>
/// ApiChangeResourceGroup / ApiChangeResourceGroupEx (MS-CMRP 3.1.4.2.26, 3.1.4.2.166): the resource and every
/// resource of its dependency tree move to another group owned by the same node.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Group">The destination group, by name or ID.</param>
/// <param name="ForceMoveToCsv">CLUSAPI_CHANGE_RESOURCE_GROUP_FORCE_MOVE_TO_CSV: the destination may be the CSV special group.</param>
public sealed record ChangeResourceGroup(string Resource, string Group, bool ForceMoveToCsv = false) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.ChangeResourceGroup(tx, Resource, Group, ForceMoveToCsv);
}

/// <summary>
/// ApiRestartResource (MS-CMRP 3.1.4.2.142): offline, then back to its persistent state, in one transaction; the
/// persistent state is not changed.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
public sealed record RestartResource(string Resource) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.RestartResource(tx, Resource);
}

/// <summary>
/// ApiCancelClusterGroupOperation (MS-CMRP 3.1.4.2.133): the pending transitions of the group's resources are
/// cancelled and each resource is put in its persistent state at once; ERROR_INVALID_STATE when nothing is pending.
/// </summary>
/// <param name="Group">The group, by name or ID.</param>
public sealed record CancelGroupOperation(string Group) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.CancelGroupOperation(tx, Group);
}

/// <summary>
/// ApiSetResourceDependencyExpression (MS-CMRP 3.1.4.2.109): replaces the resource's dependencies by an AND of ORs,
/// written <c>([a] or [b]) and [c]</c>; an empty expression removes them all.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Expression">The dependency expression (resources by name or ID).</param>
public sealed record SetDependencyExpression(string Resource, string Expression) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupResourceRules.SetDependencyExpression(tx, Resource, Expression);
}
