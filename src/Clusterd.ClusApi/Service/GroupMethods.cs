using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>Group and group-set methods (MS-CMRP 3.1.4.2.42-55, 118, 147-148). Handles carry the group ID.</summary>
internal static class GroupMethods
{
    private const ClusApiObjectKind Kind = ClusApiObjectKind.Group;

    private static readonly OpenableKind<GroupHandle> Groups = new(Kind, static (e, name) => e.Queries.FindGroup(name)?.Id, Win32Error.GroupNotFound);

    /// <summary>ApiOpenGroup (opnum 41).</summary>
    public static OpenResponse<GroupHandle> OpenGroup(ClusApiCall c, OpenGroupRequest r) => Groups.Open(c, r.GroupName);

    /// <summary>ApiOpenGroupEx (opnum 119).</summary>
    public static OpenExResponse<GroupHandle> OpenGroupEx(ClusApiCall c, OpenGroupExRequest r) =>
        Groups.OpenEx(c, r.GroupName, r.DesiredAccess);

    /// <summary>ApiCloseGroup (opnum 44).</summary>
    public static CloseResponse<GroupHandle> CloseGroup(ClusApiCall c, CloseGroupRequest r) => c.Close(r.Group, Kind);

    /// <summary>ApiCreateGroup (opnum 42): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static OpenResponse<GroupHandle> CreateGroup(ClusApiCall c, CreateGroupRequest r)
    {
        var e = c.CheckWrite();
        var handle = NdrContextHandle.Null;
        // Reserve the answer's handle first: once the group is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.Execute(new CreateGroup(r.GroupName));
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, id, c.CallerAccess);
        }
        return new(e, new GroupHandle(handle));
    }

    /// <summary>
    /// ApiDeleteGroup (opnum 43): <c>H, BOOL force → rpc_status, result</c>. Without force only an empty group goes
    /// (ERROR_DIR_NOT_EMPTY otherwise); with force its resources are taken offline and deleted with it
    /// (MS-CMRP 3.1.4.2.44). Both are one engine command: a refusal (a core or CSV resource, a special group, a store
    /// failure) leaves the group and every resource as they were.
    /// </summary>
    [ParityNote("With force, a group holding a core or CSV resource is refused as a whole (ERROR_CORE_RESOURCE, ERROR_CLUSTER_USE_SHARED_VOLUMES_API) and nothing is taken offline; a pending resource is taken offline at once.")]
    public static ResultResponse DeleteGroup(ClusApiCall c, DeleteGroupRequest r) =>
        OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.Execute(new DeleteGroup(h.Id, r.Force)));

    /// <summary>ApiGetGroupState (opnum 45): <c>H → u32 State, Sout NodeName, rpc_status, result</c>.</summary>
    public static GetGroupStateResponse GetGroupState(ClusApiCall c, GetGroupStateRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Group, Kind, static (engine, id) => engine.Queries.FindGroup(id),
            Win32Error.GroupNotFound, out var info);
        return new(info is null ? ClusterGroupState.Unknown : info.State, info?.OwnerNodeName, e);
    }

    /// <summary>ApiSetGroupName (opnum 46): <c>H, Sin name → rpc_status, result</c>.</summary>
    public static ResultResponse SetGroupName(ClusApiCall c, SetGroupNameRequest r) =>
        OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.Execute(new RenameGroup(h.Id, r.GroupName)));

    /// <summary>ApiGetGroupId (opnum 47).</summary>
    public static StringResponse GetGroupId(ClusApiCall c, GetGroupIdRequest r) => OpenMethods.StringAnswer(c, r.Group, Kind, h =>
        c.Engine.Queries.FindGroup(h.Id) is { } g ? (Win32Error.Success, g.Id) : (Win32Error.GroupNotFound, null));

    /// <summary>ApiOnlineGroup (opnum 49); a CSV special group answers ERROR_SPECIAL_GROUP (engine).</summary>
    [ParityNote("A CSV special group answers ERROR_SPECIAL_GROUP.")]
    public static ResultResponse OnlineGroup(ClusApiCall c, OnlineGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.Execute(new OnlineGroup(h.Id)));

    /// <summary>ApiOfflineGroup (opnum 50).</summary>
    public static ResultResponse OfflineGroup(ClusApiCall c, OfflineGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.Execute(new OfflineGroup(h.Id)));

    /// <summary>ApiMoveGroup (opnum 51): to the best other node.</summary>
    public static ResultResponse MoveGroup(ClusApiCall c, MoveGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.Execute(new MoveGroup(h.Id, null)));

    /// <summary>ApiMoveGroupToNode (opnum 52): <c>H group, H node → rpc_status, result</c>.</summary>
    public static ResultResponse MoveGroupToNode(ClusApiCall c, MoveGroupToNodeRequest r)
    {
        var e = c.Resolve(r.Group, Kind, out var h);
        var e2 = c.Resolve(r.Node, ClusApiObjectKind.Node, out var node);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        return new(e == Win32Error.Success ? c.Engine.Execute(new MoveGroup(h.Id, node.Id)) : e);
    }

    /// <summary>
    /// ApiSetGroupNodeList (opnum 54): <c>H, [unique, size_is(cchListSize)] UCHAR *multiSzNodeList, u32 cchListSize →
    /// rpc_status, result</c>: a MULTI_SZ of node IDs in preference order (MS-CMRP 3.1.4.2.55); NULL clears the list.
    /// </summary>
    public static ResultResponse SetGroupNodeList(ClusApiCall c, SetGroupNodeListRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h =>
        r.NodeList.Length % 2 != 0
            ? Win32Error.InvalidParameter
            : c.Engine.Execute(new SetGroupNodeList(h.Id, Encoding.Unicode.GetString(r.NodeList.Span).Split('\0', StringSplitOptions.RemoveEmptyEntries))));

    /// <summary>ApiOpenGroupSet (opnum 164): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static OpenResponse<GroupSetHandle> OpenGroupSet(ClusApiCall c, OpenGroupSetRequest r) =>
        OpenMethods.Open<GroupSetHandle>(c, r.GroupSetName, ClusApiObjectKind.GroupSet, (e, n) => e.Queries.FindGroupSet(n)?.Id, Win32Error.GroupsetNotFound);

    /// <summary>ApiCloseGroupSet (opnum 165).</summary>
    public static CloseResponse<GroupSetHandle> CloseGroupSet(ClusApiCall c, CloseGroupSetRequest r) => c.Close(r.GroupSet, ClusApiObjectKind.GroupSet);
}
