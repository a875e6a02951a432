using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// Group sets and group dependencies (MS-CMRP 3.1.4.2.146, 149-161, 165). Each method resolves its handles, checks
/// "All" access on every handle and the read/write server state (ClusApiCall.CheckWrite), then runs one engine
/// command; an error from any step changes nothing. The engine's choices where MS-CMRP is silent are in
/// docs/behaviour.md, "Group sets and group dependencies".
/// </summary>
internal static class GroupSetMethods
{
    private const ClusApiObjectKind SetKind = ClusApiObjectKind.GroupSet;
    private const ClusApiObjectKind GroupKind = ClusApiObjectKind.Group;

    /// <summary>
    /// Two handles, both with "All" access, then one command: ERROR_INVALID_HANDLE for either handle first, then
    /// ERROR_ACCESS_DENIED, then ERROR_SHARING_PAUSED (MS-CMRP 3.1.4, 3.1.1).
    /// </summary>
    private static ResultResponse Write2<T1, T2>(ClusApiCall c, T1 first, ClusApiObjectKind firstKind, T2 second, ClusApiObjectKind secondKind,
        Func<string, string, ClusterCommand> command)
        where T1 : struct, IClusApiHandle<T1> where T2 : struct, IClusApiHandle<T2>
    {
        var e = c.Resolve(first, firstKind, out var h1);
        var e2 = c.Resolve(second, secondKind, out var h2);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h1);
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h2);
        }
        return new(e == Win32Error.Success ? c.Engine.Execute(command(h1.Id, h2.Id)) : e);
    }

    /// <summary>ApiCreateGroupSet (opnum 163, MS-CMRP 3.1.4.2.146): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    [ParityNote("A name that is not a valid database key name (a backslash, over 255 characters) is ERROR_INVALID_NAME like an empty one.")]
    public static OpenResponse<GroupSetHandle> CreateGroupSet(ClusApiCall c, CreateGroupSetRequest r)
    {
        var e = c.CheckWrite();
        var handle = NdrContextHandle.Null;
        // Reserve the answer's handle first: once the set is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.Execute(new CreateGroupSet(r.GroupSetName));
            e = error;
            handle = c.CompleteReservation(handle, e, SetKind, id, c.CallerAccess);
        }
        return new(e, new GroupSetHandle(handle));
    }

    /// <summary>ApiDeleteGroupSet (opnum 166, MS-CMRP 3.1.4.2.149).</summary>
    [ParityNote("A set with members is ERROR_DIR_NOT_EMPTY, like one with dependents (MS-CMRP 3.1.4.2.149).")]
    public static ResultResponse DeleteGroupSet(ClusApiCall c, DeleteGroupSetRequest r) =>
        OpenMethods.WriteAction(c, r.GroupSet, SetKind, h => c.Engine.Execute(new DeleteGroupSet(h.Id)));

    /// <summary>ApiAddGroupToGroupSet (opnum 167, MS-CMRP 3.1.4.2.150).</summary>
    [ParityNote("Both handles need \"All\" (the spec's SHOULD of \"Read\" on the set is not taken: the call changes the set). A group already in a set (this one or another) is ERROR_ALREADY_EXISTS; the CSV group ERROR_SPECIAL_GROUP.")]
    public static ResultResponse AddGroupToGroupSet(ClusApiCall c, AddGroupToGroupSetRequest r) =>
        Write2(c, r.GroupSet, SetKind, r.Group, GroupKind, static (s, g) => new AddGroupToGroupSet(s, g));

    /// <summary>ApiRemoveGroupFromGroupSet (opnum 168, MS-CMRP 3.1.4.2.151): success also when the group is in no set.</summary>
    public static ResultResponse RemoveGroupFromGroupSet(ClusApiCall c, RemoveGroupFromGroupSetRequest r) =>
        OpenMethods.WriteAction(c, r.Group, GroupKind, h => c.Engine.Execute(new RemoveGroupFromGroupSet(h.Id)));

    /// <summary>ApiMoveGroupToGroupSet (opnum 169, MS-CMRP 3.1.4.2.152): remove, then add, in one command.</summary>
    public static ResultResponse MoveGroupToGroupSet(ClusApiCall c, MoveGroupToGroupSetRequest r) =>
        Write2(c, r.GroupSet, SetKind, r.Group, GroupKind, static (s, g) => new AddGroupToGroupSet(s, g, Move: true));

    /// <summary>ApiAddGroupSetDependency (opnum 171, MS-CMRP 3.1.4.2.153).</summary>
    [ParityNote("There are no global group sets, so the global/non-global rule never applies. A duplicate is ERROR_DEPENDENCY_ALREADY_EXISTS.")]
    public static ResultResponse AddGroupSetDependency(ClusApiCall c, AddGroupSetDependencyRequest r) =>
        Write2(c, r.DependentGroupSet, SetKind, r.ProviderGroupSet, SetKind, static (d, p) => new AddGroupSetDependency(d, p));

    /// <summary>ApiAddGroupToGroupSetDependency (opnum 172, MS-CMRP 3.1.4.2.154).</summary>
    [ParityNote("A group that already depends on another set is ERROR_INVALID_PARAMETER (one set per group); a cycle is ERROR_INVALID_PARAMETER, as in 3.1.4.2.157.")]
    public static ResultResponse AddGroupToGroupSetDependency(ClusApiCall c, AddGroupToGroupSetDependencyRequest r) =>
        Write2(c, r.DependentGroup, GroupKind, r.ProviderGroupSet, SetKind, static (g, p) => new AddGroupToGroupSetDependency(g, p));

    /// <summary>ApiSetGroupDependencyExpression (opnum 175, MS-CMRP 3.1.4.2.157).</summary>
    [ParityNote("An expression off the grammar is ERROR_INVALID_PARAMETER like one with OR; an unknown group ERROR_GROUP_NOT_FOUND; an empty expression clears.")]
    public static ResultResponse SetGroupDependencyExpression(ClusApiCall c, SetGroupDependencyExpressionRequest r) =>
        OpenMethods.WriteAction(c, r.Group, GroupKind, h => c.Engine.Execute(new SetGroupDependencyExpression(h.Id, r.DependencyExpression)));

    /// <summary>ApiRemoveClusterGroupDependency (opnum 176, MS-CMRP 3.1.4.2.158).</summary>
    [ParityNote("A dependency that does not exist is ERROR_DEPENDENCY_NOT_FOUND.")]
    public static ResultResponse RemoveClusterGroupDependency(ClusApiCall c, RemoveClusterGroupDependencyRequest r) =>
        Write2(c, r.Group, GroupKind, r.DependsOn, GroupKind, static (g, p) => new RemoveGroupDependency(g, p));

    /// <summary>ApiSetGroupSetDependencyExpression (opnum 177, MS-CMRP 3.1.4.2.159).</summary>
    [ParityNote("A cycle is ERROR_INVALID_PARAMETER, as for ApiAddGroupSetDependency; an unknown set ERROR_GROUPSET_NOT_FOUND; an empty expression clears.")]
    public static ResultResponse SetGroupSetDependencyExpression(ClusApiCall c, SetGroupSetDependencyExpressionRequest r) =>
        OpenMethods.WriteAction(c, r.GroupSet, SetKind, h => c.Engine.Execute(new SetGroupSetDependencyExpression(h.Id, r.DependencyExpression)));

    /// <summary>ApiRemoveGroupSetDependency (opnum 178, MS-CMRP 3.1.4.2.160).</summary>
    public static ResultResponse RemoveGroupSetDependency(ClusApiCall c, RemoveGroupSetDependencyRequest r) =>
        Write2(c, r.GroupSet, SetKind, r.DependsOn, SetKind, static (s, p) => new RemoveGroupSetDependency(s, p));

    /// <summary>ApiRemoveClusterGroupToGroupSetDependency (opnum 179, MS-CMRP 3.1.4.2.161).</summary>
    public static ResultResponse RemoveClusterGroupToGroupSetDependency(ClusApiCall c, RemoveClusterGroupToGroupSetDependencyRequest r) =>
        Write2(c, r.Group, GroupKind, r.DependsOn, SetKind, static (g, p) => new RemoveGroupToGroupSetDependency(g, p));

    /// <summary>ApiAddGroupToGroupSetEx (opnum 183): ApiAddGroupToGroupSet that also records the fault and update domains when UseDomains.</summary>
    [ParityNote("With UseDomains the domains are stored in the group's key (FaultDomain, UpdateDomain); Clusterd does not place groups by them.")]
    public static ResultResponse AddGroupToGroupSetEx(ClusApiCall c, AddGroupToGroupSetExRequest r) =>
        Write2(c, r.GroupSet, SetKind, r.Group, GroupKind, (s, g) => r.UseDomains
            ? new AddGroupToGroupSet(s, g, FaultDomain: r.FaultDomain, UpdateDomain: r.UpdateDomain)
            : new AddGroupToGroupSet(s, g));

    /// <summary>ApiGroupSetControl (opnum 174, MS-CMRP 3.1.4.2.156).</summary>
    public static ControlResponse GroupSetControl(ClusApiCall c, GroupSetControlRequest r) => ControlMethods.Run(c, r.GroupSet, SetKind, null,
        r.OutBufferSize, (h, _) => c.Controls.GroupSetControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeGroupSetControl (opnum 173, MS-CMRP 3.1.4.2.155): the same, on the given node.</summary>
    public static ControlResponse NodeGroupSetControl(ClusApiCall c, NodeGroupSetControlRequest r) => ControlMethods.Run(c, r.GroupSet, SetKind, r.Node,
        r.OutBufferSize, (h, node) => c.Controls.GroupSetControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));
}
