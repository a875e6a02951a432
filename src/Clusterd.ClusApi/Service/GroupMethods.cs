using System.Text;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>Group and group-set methods (MS-CMRP 3.1.4.2.42-55, 118, 163-164). Handles carry the group ID.</summary>
internal static class GroupMethods
{
    /// <summary>The typed methods of this group (<see cref="ClusApiMethod"/>).</summary>
    public static IEnumerable<ClusApiMethod> Methods => [];

    private const ClusApiObjectKind Kind = ClusApiObjectKind.Group;

    private static string? ResolveId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindGroup(name)?.Id;

    /// <summary>ApiOpenGroup (opnum 41).</summary>
    public static void OpenGroup(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: false, ResolveId, Win32Error.GroupNotFound);

    /// <summary>ApiOpenGroupEx (opnum 119).</summary>
    public static void OpenGroupEx(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: true, ResolveId, Win32Error.GroupNotFound);

    /// <summary>ApiCloseGroup (opnum 44).</summary>
    public static void CloseGroup(ClusApiCall c) => c.Close(Kind);

    /// <summary>ApiCreateGroup (opnum 42): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static void CreateGroup(ClusApiCall c)
    {
        var name = c.Reader.ReadConformantVaryingString();
        var e = c.Engine.ServerState == ProtocolServerState.ReadWrite ? Win32Error.Success : Win32Error.SharingPaused;
        var handle = NdrContextHandle.Null;
        // Reserve the answer's handle first: once the group is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.CreateGroup(name);
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, id, ClusApiCall.DefaultAccess);
        }
        c.Writer.WriteUInt32((uint)e);
        c.Writer.WriteUInt32(0);
        c.Writer.WriteContextHandle(handle);
    }

    /// <summary>
    /// ApiDeleteGroup (opnum 43): <c>H, BOOL force → rpc_status, result</c>. Without force only an empty group goes
    /// (ERROR_DIR_NOT_EMPTY otherwise); with force its resources are taken offline and deleted with it
    /// (MS-CMRP 3.1.4.2.44). Both are one engine command: a refusal (a core or CSV resource, a special group, a store
    /// failure) leaves the group and every resource as they were.
    /// </summary>
    [ParityNote("With force, a group holding a core or CSV resource is refused as a whole (ERROR_CORE_RESOURCE, ERROR_CLUSTER_USE_SHARED_VOLUMES_API) and nothing is taken offline; a pending resource is taken offline at once.")]
    public static void DeleteGroup(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var force = c.Reader.ReadUInt32() != 0;
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        c.WriteResult(e == Win32Error.Success ? c.Engine.DeleteGroup(h.Id, force) : e);
    }

    /// <summary>ApiGetGroupState (opnum 45): <c>H → u32 State, Sout NodeName, rpc_status, result</c>.</summary>
    public static void GetGroupState(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        var info = e == Win32Error.Success ? c.Engine.FindGroup(h.Id) : null;
        if (e == Win32Error.Success && info is null)
        {
            e = Win32Error.GroupNotFound;
        }
        c.Writer.WriteInt32(info is null ? (int)ClusterGroupState.Unknown : (int)info.State);
        ClusApiNdr.WriteOutString(c.Writer, info?.OwnerNodeName);
        c.WriteResult(e);
    }

    /// <summary>ApiSetGroupName (opnum 46): <c>H, Sin name → rpc_status, result</c>.</summary>
    public static void SetGroupName(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var name = c.Reader.ReadConformantVaryingString();
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        c.WriteResult(e == Win32Error.Success ? c.Engine.RenameGroup(h.Id, name) : e);
    }

    /// <summary>ApiGetGroupId (opnum 47).</summary>
    public static void GetGroupId(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.FindGroup(h.Id) is { } g ? (Win32Error.Success, g.Id) : (Win32Error.GroupNotFound, null));

    /// <summary>ApiOnlineGroup (opnum 49); a CSV special group answers ERROR_SPECIAL_GROUP (engine).</summary>
    [ParityNote("A CSV special group answers ERROR_SPECIAL_GROUP.")]
    public static void OnlineGroup(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.OnlineGroup(h.Id));

    /// <summary>ApiOfflineGroup (opnum 50).</summary>
    public static void OfflineGroup(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.OfflineGroup(h.Id));

    /// <summary>ApiMoveGroup (opnum 51): to the best other node.</summary>
    public static void MoveGroup(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.MoveGroup(h.Id, null));

    /// <summary>ApiMoveGroupToNode (opnum 52): <c>H group, H node → rpc_status, result</c>.</summary>
    public static void MoveGroupToNode(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var e2 = OpenMethods.ReadHandle(c, ClusApiObjectKind.Node, out var node);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        c.WriteResult(e == Win32Error.Success ? c.Engine.MoveGroup(h.Id, node.Id) : e);
    }

    /// <summary>
    /// ApiSetGroupNodeList (opnum 54): <c>H, [unique, size_is(cchListSize)] UCHAR *multiSzNodeList, u32 cchListSize →
    /// rpc_status, result</c>: a MULTI_SZ of node IDs in preference order (MS-CMRP 3.1.4.2.55); NULL clears the list.
    /// </summary>
    public static void SetGroupNodeList(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var bytes = ClusApiNdr.ReadUniqueBytes(c.Reader);
        _ = c.Reader.ReadUInt32();
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success)
        {
            if (bytes.Length % 2 != 0)
            {
                e = Win32Error.InvalidParameter;
            }
            else
            {
                var nodes = Encoding.Unicode.GetString(bytes.Span).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                e = c.Engine.SetGroupNodeList(h.Id, nodes);
            }
        }
        c.WriteResult(e);
    }

    /// <summary>ApiOpenGroupSet (opnum 164): <c>Sin name → Status, rpc_status, handle</c>.</summary>
    public static void OpenGroupSet(ClusApiCall c) =>
        OpenMethods.Open(c, ClusApiObjectKind.GroupSet, ex: false, (e, n) => e.FindGroupSet(n)?.Id, Win32Error.GroupsetNotFound);

    /// <summary>ApiCloseGroupSet (opnum 165).</summary>
    public static void CloseGroupSet(ClusApiCall c) => c.Close(ClusApiObjectKind.GroupSet);
}
