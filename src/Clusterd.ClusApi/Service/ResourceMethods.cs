using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>Resource methods (MS-CMRP 3.1.4.2.9-22, 109-111, 119, 122, 164). Handles carry the resource ID, so they survive renames.</summary>
internal static class ResourceMethods
{
    /// <summary>The typed methods of this group (<see cref="ClusApiMethod"/>).</summary>
    public static IEnumerable<ClusApiMethod> Methods => [];

    private const ClusApiObjectKind Kind = ClusApiObjectKind.Resource;

    private static string? ResolveId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindResource(name)?.Id;

    /// <summary>ApiOpenResource (opnum 8).</summary>
    public static void OpenResource(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: false, ResolveId, Win32Error.ResourceNotFound);

    /// <summary>ApiOpenResourceEx (opnum 120).</summary>
    public static void OpenResourceEx(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: true, ResolveId, Win32Error.ResourceNotFound);

    /// <summary>ApiCloseResource (opnum 11).</summary>
    public static void CloseResource(ClusApiCall c) => c.Close(Kind);

    /// <summary>
    /// ApiCreateResource (opnum 9): <c>H group, Sin name, Sin type, u32 dwFlags → Status, rpc_status, handle</c>.
    /// The new resource is offline in the group; the handle has the group handle's access.
    /// </summary>
    public static void CreateResource(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, ClusApiObjectKind.Group, out var group);
        var name = c.Reader.ReadConformantVaryingString();
        var type = c.Reader.ReadConformantVaryingString();
        var flags = c.Reader.ReadUInt32();
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(group);
        }
        var handle = NdrContextHandle.Null;
        // Reserve the answer's handle first: once the resource is created nothing may fail (docs/engine-rules.md).
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.CreateResource(group.Id, name, type, flags);
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, id, group.Access);
        }
        c.Writer.WriteUInt32((uint)e);
        c.Writer.WriteUInt32(0);
        c.Writer.WriteContextHandle(handle);
    }

    /// <summary>ApiDeleteResource (opnum 10): offline, non-core, no dependents (engine rules).</summary>
    public static void DeleteResource(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.DeleteResource(h.Id));

    /// <summary>ApiGetResourceState (opnum 12): <c>H → u32 State, Sout NodeName, Sout GroupName, rpc_status, result</c>.</summary>
    public static void GetResourceState(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        var info = e == Win32Error.Success ? c.Engine.FindResource(h.Id) : null;
        if (e == Win32Error.Success && info is null)
        {
            e = Win32Error.ResourceNotFound;
        }
        c.Writer.WriteInt32(info is null ? (int)ClusterResourceState.Unknown : (int)info.State);
        ClusApiNdr.WriteOutString(c.Writer, info?.OwnerNodeName);
        ClusApiNdr.WriteOutString(c.Writer, info?.GroupName);
        c.WriteResult(e);
    }

    /// <summary>ApiSetResourceName (opnum 13): <c>H, Sin name → rpc_status, result</c>; the current name is accepted.</summary>
    public static void SetResourceName(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var name = c.Reader.ReadConformantVaryingString();
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        c.WriteResult(e == Win32Error.Success ? c.Engine.RenameResource(h.Id, name) : e);
    }

    /// <summary>ApiGetResourceId (opnum 14).</summary>
    public static void GetResourceId(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.FindResource(h.Id) is { } r ? (Win32Error.Success, r.Id) : (Win32Error.ResourceNotFound, null));

    /// <summary>ApiGetResourceType (opnum 15).</summary>
    public static void GetResourceType(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.FindResource(h.Id) is { } r ? (Win32Error.Success, r.TypeName) : (Win32Error.ResourceNotFound, null));

    /// <summary>ApiFailResource (opnum 16).</summary>
    public static void FailResource(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.FailResource(h.Id));

    /// <summary>ApiOnlineResource (opnum 17): 0, or ERROR_IO_PENDING while the resource comes online.</summary>
    [ParityNote("ERROR_IO_PENDING while a resource type with PendingSeconds comes online.")]
    public static void OnlineResource(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.OnlineResource(h.Id));

    /// <summary>ApiOfflineResource (opnum 18).</summary>
    public static void OfflineResource(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.OfflineResource(h.Id));

    /// <summary>ApiAddResourceDependency (opnum 19): <c>H resource, H dependsOn → rpc_status, result</c>.</summary>
    public static void AddResourceDependency(ClusApiCall c) => Dependency(c, add: true);

    /// <summary>ApiRemoveResourceDependency (opnum 20).</summary>
    public static void RemoveResourceDependency(ClusApiCall c) => Dependency(c, add: false);

    private static void Dependency(ClusApiCall c, bool add)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var r);
        var e2 = OpenMethods.ReadHandle(c, Kind, out var d);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(r);
        }
        if (e == Win32Error.Success)
        {
            e = add ? c.Engine.AddDependency(r.Id, d.Id) : c.Engine.RemoveDependency(r.Id, d.Id);
        }
        c.WriteResult(e);
    }

    /// <summary>
    /// ApiGetResourceDependencyExpression (opnum 110): the dependencies as "[A] and [B]" (MS-CMRP 2.2.3.x dependency
    /// expression grammar; this engine keeps AND dependencies only); "" without dependencies.
    /// </summary>
    [ParityNote("Only AND dependencies are kept, so the expression is \"[A] and [B]\".")]
    public static void GetResourceDependencyExpression(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.FindResource(h.Id) is { } r
            ? (Win32Error.Success, string.Join(" and ", r.DependsOnNames.Select(n => "[" + n + "]")))
            : (Win32Error.ResourceNotFound, null));

    /// <summary>
    /// ApiGetResourceNetworkName (opnum 112): the NetBIOS name of the Network Name resource the resource depends on
    /// (directly or transitively); a resource without one answers with the cluster's core network name, as Windows
    /// does for every resource (smbtorture rpc.clusapi all_resources).
    /// </summary>
    [ParityNote("A resource without a Network Name dependency answers the cluster's core network name, as Windows does for every resource.")]
    public static void GetResourceNetworkName(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.GetResourceNetworkName(h.Id) is { } name ? (Win32Error.Success, name) : (Win32Error.ResourceNotFound, null));

    /// <summary>
    /// ApiChangeCsvState (opnum 123): <c>H, u32 dwState → rpc_status, result</c>. Needs "All"; SHOULD be accepted in
    /// the read-only server state (MS-CMRP 3.1.4.2.122).
    /// </summary>
    [ParityNote("Needs \"All\"; accepted in the read-only server state (MS-CMRP 3.1.4.2.122 SHOULD).")]
    public static void ChangeCsvState(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var state = c.Reader.ReadUInt32();
        c.WriteResult(CsvState(c, e, h, state, null, extended: false));
    }

    /// <summary>ApiChangeCsvStateEx (opnum 182): <c>H, u32 dwState, Sin volume → rpc_status, result</c> (MS-CMRP 3.1.4.2.164).</summary>
    public static void ChangeCsvStateEx(ClusApiCall c)
    {
        var e = OpenMethods.ReadHandle(c, Kind, out var h);
        var state = c.Reader.ReadUInt32();
        var volume = c.Reader.ReadConformantVaryingString();
        c.WriteResult(CsvState(c, e, h, state, volume, extended: true));
    }

    private static Win32Error CsvState(ClusApiCall c, Win32Error e, ClusApiHandle h, uint state, string? volume, bool extended)
    {
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (h.Access != ClusApiAccess.All)
        {
            return Win32Error.AccessDenied;
        }
        e = c.CheckRead();
        return e != Win32Error.Success ? e : c.Engine.ChangeCsvState(h.Id, state, volume, extended);
    }
}
