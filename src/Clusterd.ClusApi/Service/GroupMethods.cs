using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>Group and group-set methods (MS-CMRP 3.1.4.2.42-55, 118, 147-148). Handles carry the group ID.</summary>
internal static class GroupMethods
{
    /// <summary>The typed methods of this group (<see cref="ClusApiMethod"/>).</summary>
    public static IEnumerable<ClusApiMethod> Methods =>
    [
        ClusApiMethod.Of<OpenGroupRequest, OpenResponse<GroupHandle>>(OpenGroup),
        ClusApiMethod.Of<OpenGroupExRequest, OpenExResponse<GroupHandle>>(OpenGroupEx),
        ClusApiMethod.Of<CloseGroupRequest, CloseResponse<GroupHandle>>(CloseGroup),
        ClusApiMethod.Of<CreateGroupRequest, OpenResponse<GroupHandle>>(CreateGroup),
        ClusApiMethod.Of<DeleteGroupRequest, ResultResponse>(DeleteGroup),
        ClusApiMethod.Of<GetGroupStateRequest, GetGroupStateResponse>(GetGroupState),
        ClusApiMethod.Of<SetGroupNameRequest, ResultResponse>(SetGroupName),
        ClusApiMethod.Of<GetGroupIdRequest, StringResponse>(GetGroupId),
        ClusApiMethod.Of<OnlineGroupRequest, ResultResponse>(OnlineGroup),
        ClusApiMethod.Of<OfflineGroupRequest, ResultResponse>(OfflineGroup),
        ClusApiMethod.Of<MoveGroupRequest, ResultResponse>(MoveGroup),
        ClusApiMethod.Of<MoveGroupToNodeRequest, ResultResponse>(MoveGroupToNode),
        ClusApiMethod.Of<SetGroupNodeListRequest, ResultResponse>(SetGroupNodeList),
        ClusApiMethod.Of<OpenGroupSetRequest, OpenResponse<GroupSetHandle>>(OpenGroupSet),
        ClusApiMethod.Of<CloseGroupSetRequest, CloseResponse<GroupSetHandle>>(CloseGroupSet),
    ];

    private const ClusApiObjectKind Kind = ClusApiObjectKind.Group;

    private static string? ResolveId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindGroup(name)?.Id;

    /// <summary>ApiOpenGroup (opnum 41).</summary>
    public static OpenResponse<GroupHandle> OpenGroup(ClusApiCall c, OpenGroupRequest r) =>
        OpenMethods.Open<GroupHandle>(c, r.GroupName, Kind, ResolveId, Win32Error.GroupNotFound);

    /// <summary>ApiOpenGroupEx (opnum 119).</summary>
    public static OpenExResponse<GroupHandle> OpenGroupEx(ClusApiCall c, OpenGroupExRequest r) =>
        OpenMethods.OpenEx<GroupHandle>(c, r.GroupName, r.DesiredAccess, Kind, ResolveId, Win32Error.GroupNotFound);

    /// <summary>ApiCloseGroup (opnum 44).</summary>
    public static CloseResponse<GroupHandle> CloseGroup(ClusApiCall c, CloseGroupRequest r) => c.Close(r.Group, Kind);

    /// <summary>ApiCreateGroup (opnum 42): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static OpenResponse<GroupHandle> CreateGroup(ClusApiCall c, CreateGroupRequest r)
    {
        var e = c.Engine.ServerState == ProtocolServerState.ReadWrite ? Win32Error.Success : Win32Error.SharingPaused;
        var handle = NdrContextHandle.Null;
        // Reserve the answer's handle first: once the group is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.CreateGroup(r.GroupName);
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, id, ClusApiCall.DefaultAccess);
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
    public static ResultResponse DeleteGroup(ClusApiCall c, DeleteGroupRequest r)
    {
        var e = c.Resolve(r.Group, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        return new(e == Win32Error.Success ? c.Engine.DeleteGroup(h.Id, r.Force) : e);
    }

    /// <summary>ApiGetGroupState (opnum 45): <c>H → u32 State, Sout NodeName, rpc_status, result</c>.</summary>
    public static GetGroupStateResponse GetGroupState(ClusApiCall c, GetGroupStateRequest r)
    {
        var e = c.Resolve(r.Group, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        var info = e == Win32Error.Success ? c.Engine.FindGroup(h.Id) : null;
        if (e == Win32Error.Success && info is null)
        {
            e = Win32Error.GroupNotFound;
        }
        return new(info is null ? ClusterGroupState.Unknown : info.State, info?.OwnerNodeName, e);
    }

    /// <summary>ApiSetGroupName (opnum 46): <c>H, Sin name → rpc_status, result</c>.</summary>
    public static ResultResponse SetGroupName(ClusApiCall c, SetGroupNameRequest r)
    {
        var e = c.Resolve(r.Group, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        return new(e == Win32Error.Success ? c.Engine.RenameGroup(h.Id, r.GroupName) : e);
    }

    /// <summary>ApiGetGroupId (opnum 47).</summary>
    public static StringResponse GetGroupId(ClusApiCall c, GetGroupIdRequest r) => OpenMethods.StringAnswer(c, r.Group, Kind, h =>
        c.Engine.FindGroup(h.Id) is { } g ? (Win32Error.Success, g.Id) : (Win32Error.GroupNotFound, null));

    /// <summary>ApiOnlineGroup (opnum 49); a CSV special group answers ERROR_SPECIAL_GROUP (engine).</summary>
    [ParityNote("A CSV special group answers ERROR_SPECIAL_GROUP.")]
    public static ResultResponse OnlineGroup(ClusApiCall c, OnlineGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.OnlineGroup(h.Id));

    /// <summary>ApiOfflineGroup (opnum 50).</summary>
    public static ResultResponse OfflineGroup(ClusApiCall c, OfflineGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.OfflineGroup(h.Id));

    /// <summary>ApiMoveGroup (opnum 51): to the best other node.</summary>
    public static ResultResponse MoveGroup(ClusApiCall c, MoveGroupRequest r) => OpenMethods.WriteAction(c, r.Group, Kind, h => c.Engine.MoveGroup(h.Id, null));

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
        return new(e == Win32Error.Success ? c.Engine.MoveGroup(h.Id, node.Id) : e);
    }

    /// <summary>
    /// ApiSetGroupNodeList (opnum 54): <c>H, [unique, size_is(cchListSize)] UCHAR *multiSzNodeList, u32 cchListSize →
    /// rpc_status, result</c>: a MULTI_SZ of node IDs in preference order (MS-CMRP 3.1.4.2.55); NULL clears the list.
    /// </summary>
    public static ResultResponse SetGroupNodeList(ClusApiCall c, SetGroupNodeListRequest r)
    {
        var e = c.Resolve(r.Group, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success)
        {
            if (r.NodeList.Length % 2 != 0)
            {
                e = Win32Error.InvalidParameter;
            }
            else
            {
                var nodes = Encoding.Unicode.GetString(r.NodeList.Span).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                e = c.Engine.SetGroupNodeList(h.Id, nodes);
            }
        }
        return new(e);
    }

    /// <summary>ApiOpenGroupSet (opnum 164): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static OpenResponse<GroupSetHandle> OpenGroupSet(ClusApiCall c, OpenGroupSetRequest r) =>
        OpenMethods.Open<GroupSetHandle>(c, r.GroupSetName, ClusApiObjectKind.GroupSet, (e, n) => e.FindGroupSet(n)?.Id, Win32Error.GroupsetNotFound);

    /// <summary>ApiCloseGroupSet (opnum 165).</summary>
    public static CloseResponse<GroupSetHandle> CloseGroupSet(ClusApiCall c, CloseGroupSetRequest r) => c.Close(r.GroupSet, ClusApiObjectKind.GroupSet);
}
