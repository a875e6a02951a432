using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Group set and group dependency commands (MS-CMRP 3.1.4.2.146-161, 165). Applied by GroupSetRules.

/// <summary>ApiCreateGroupSet (MS-CMRP 3.1.4.2.146): an empty group set; its ID is the value.</summary>
/// <param name="Name">The new set's name (ERROR_INVALID_NAME when empty; ERROR_OBJECT_ALREADY_EXISTS when another set has it).</param>
public sealed record CreateGroupSet(string Name) : ClusterCommand<string>
{
    internal override (Win32Error Error, string? Value) Apply(ClusterModel model, Tx tx) => model.GroupSetRules.CreateGroupSet(tx, Name);
}

/// <summary>ApiDeleteGroupSet (MS-CMRP 3.1.4.2.149): only an empty set that nothing depends on, else ERROR_DIR_NOT_EMPTY.</summary>
/// <param name="GroupSet">The set, by name or ID.</param>
public sealed record DeleteGroupSet(string GroupSet) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.DeleteGroupSet(tx, GroupSet);
}

/// <summary>
/// ApiAddGroupToGroupSet / ApiMoveGroupToGroupSet / ApiAddGroupToGroupSetEx (MS-CMRP 3.1.4.2.150, 152, 165): a group
/// joins a set; a group is in at most one set. With <c>Move</c> it leaves its current set first, else a member of
/// a set (this one or another) is refused with ERROR_ALREADY_EXISTS (3.1.4.2.150).
/// </summary>
/// <param name="GroupSet">The set, by name or ID.</param>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="Move">Leave the current set first (ApiMoveGroupToGroupSet).</param>
/// <param name="FaultDomain">The fault domain to record (ApiAddGroupToGroupSetEx with UseDomains), or null.</param>
/// <param name="UpdateDomain">The update domain to record (ApiAddGroupToGroupSetEx with UseDomains), or null.</param>
public sealed record AddGroupToGroupSet(string GroupSet, string Group, bool Move = false, uint? FaultDomain = null, uint? UpdateDomain = null) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.AddGroupToGroupSet(tx, GroupSet, Group, Move, FaultDomain, UpdateDomain);
}

/// <summary>ApiRemoveGroupFromGroupSet (MS-CMRP 3.1.4.2.151): the group leaves its set (success when it is in none).</summary>
/// <param name="Group">The group, by name or ID.</param>
public sealed record RemoveGroupFromGroupSet(string Group) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.RemoveGroupFromGroupSet(tx, Group);
}

/// <summary>ApiAddGroupSetDependency (MS-CMRP 3.1.4.2.153): set → set; a cycle or an empty set is ERROR_INVALID_PARAMETER.</summary>
/// <param name="Dependent">The dependent set, by name or ID.</param>
/// <param name="Provider">The provider set, by name or ID.</param>
public sealed record AddGroupSetDependency(string Dependent, string Provider) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.AddGroupSetDependency(tx, Dependent, Provider);
}

/// <summary>ApiAddGroupToGroupSetDependency (MS-CMRP 3.1.4.2.154): group → set; a group depends on at most one set.</summary>
/// <param name="Group">The dependent group, by name or ID.</param>
/// <param name="Provider">The provider set, by name or ID.</param>
public sealed record AddGroupToGroupSetDependency(string Group, string Provider) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.AddGroupToGroupSetDependency(tx, Group, Provider);
}

/// <summary>ApiSetGroupDependencyExpression (MS-CMRP 3.1.4.2.157): the group's providers become the groups of the expression.</summary>
/// <param name="Group">The dependent group, by name or ID.</param>
/// <param name="Expression">"[a] and [b]"; ORs are ERROR_INVALID_PARAMETER; empty clears.</param>
public sealed record SetGroupDependencyExpression(string Group, string Expression) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.SetGroupDependencyExpression(tx, Group, Expression);
}

/// <summary>ApiRemoveClusterGroupDependency (MS-CMRP 3.1.4.2.158): group → group removed.</summary>
/// <param name="Group">The dependent group, by name or ID.</param>
/// <param name="Provider">The provider group, by name or ID.</param>
public sealed record RemoveGroupDependency(string Group, string Provider) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.RemoveGroupDependency(tx, Group, Provider);
}

/// <summary>ApiSetGroupSetDependencyExpression (MS-CMRP 3.1.4.2.159): the set's providers become the sets of the expression.</summary>
/// <param name="GroupSet">The dependent set, by name or ID.</param>
/// <param name="Expression">"[id] and [id]"; ORs are ERROR_INVALID_PARAMETER; empty clears.</param>
public sealed record SetGroupSetDependencyExpression(string GroupSet, string Expression) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.SetGroupSetDependencyExpression(tx, GroupSet, Expression);
}

/// <summary>ApiRemoveGroupSetDependency (MS-CMRP 3.1.4.2.160): set → set removed.</summary>
/// <param name="GroupSet">The dependent set, by name or ID.</param>
/// <param name="Provider">The provider set, by name or ID.</param>
public sealed record RemoveGroupSetDependency(string GroupSet, string Provider) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.RemoveGroupSetDependency(tx, GroupSet, Provider);
}

/// <summary>ApiRemoveClusterGroupToGroupSetDependency (MS-CMRP 3.1.4.2.161): group → set removed.</summary>
/// <param name="Group">The dependent group, by name or ID.</param>
/// <param name="Provider">The provider set, by name or ID.</param>
public sealed record RemoveGroupToGroupSetDependency(string Group, string Provider) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.GroupSetRules.RemoveGroupToGroupSetDependency(tx, Group, Provider);
}
