using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>Resource methods (MS-CMRP 3.1.4.2.9-22, 109-111, 119, 122, 164). Handles carry the resource ID, so they survive renames.</summary>
internal static class ResourceMethods
{
    private const ClusApiObjectKind Kind = ClusApiObjectKind.Resource;

    private static readonly OpenableKind<ResourceHandle> Resources = new(Kind, static (e, name) => e.Queries.FindResource(name)?.Id, Win32Error.ResourceNotFound);

    /// <summary>ApiOpenResource (opnum 8).</summary>
    public static OpenResponse<ResourceHandle> OpenResource(ClusApiCall c, OpenResourceRequest r) => Resources.Open(c, r.ResourceName);

    /// <summary>ApiOpenResourceEx (opnum 120).</summary>
    public static OpenExResponse<ResourceHandle> OpenResourceEx(ClusApiCall c, OpenResourceExRequest r) =>
        Resources.OpenEx(c, r.ResourceName, r.DesiredAccess);

    /// <summary>ApiCloseResource (opnum 11).</summary>
    public static CloseResponse<ResourceHandle> CloseResource(ClusApiCall c, CloseResourceRequest r) => c.Close(r.Resource, Kind);

    /// <summary>
    /// ApiCreateResource (opnum 9): <c>H group, Sin name, Sin type, u32 dwFlags → Status, rpc_status, handle</c>.
    /// The new resource is offline in the group; the handle has the group handle's access.
    /// </summary>
    public static OpenResponse<ResourceHandle> CreateResource(ClusApiCall c, CreateResourceRequest r)
    {
        var e = c.Resolve(r.Group, ClusApiObjectKind.Group, out var group);
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
            var (error, id) = c.Engine.Execute(new CreateResource(group.Id, r.ResourceName, r.ResourceType, r.Flags));
            e = error;
            handle = c.CompleteReservation(handle, e, Kind, id, group.Access);
        }
        return new(e, new ResourceHandle(handle));
    }

    /// <summary>ApiDeleteResource (opnum 10): offline, non-core, no dependents (engine rules).</summary>
    public static ResultResponse DeleteResource(ClusApiCall c, DeleteResourceRequest r) => OpenMethods.WriteAction(c, r.Resource, Kind, h => c.Engine.Execute(new DeleteResource(h.Id)));

    /// <summary>ApiGetResourceState (opnum 12): <c>H → u32 State, Sout NodeName, Sout GroupName, rpc_status, result</c>.</summary>
    public static GetResourceStateResponse GetResourceState(ClusApiCall c, GetResourceStateRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Resource, Kind, static (engine, id) => engine.Queries.FindResource(id),
            Win32Error.ResourceNotFound, out var info);
        return new(info is null ? ClusterResourceState.Unknown : info.State, info?.OwnerNodeName, info?.GroupName, e);
    }

    /// <summary>ApiSetResourceName (opnum 13): <c>H, Sin name → rpc_status, result</c>; the current name is accepted.</summary>
    public static ResultResponse SetResourceName(ClusApiCall c, SetResourceNameRequest r) =>
        OpenMethods.WriteAction(c, r.Resource, Kind, h => c.Engine.Execute(new RenameResource(h.Id, r.ResourceName)));

    /// <summary>ApiGetResourceId (opnum 14).</summary>
    public static StringResponse GetResourceId(ClusApiCall c, GetResourceIdRequest r) => OpenMethods.StringAnswer(c, r.Resource, Kind, h =>
        c.Engine.Queries.FindResource(h.Id) is { } res ? (Win32Error.Success, res.Id) : (Win32Error.ResourceNotFound, null));

    /// <summary>ApiGetResourceType (opnum 15).</summary>
    public static StringResponse GetResourceType(ClusApiCall c, GetResourceTypeRequest r) => OpenMethods.StringAnswer(c, r.Resource, Kind, h =>
        c.Engine.Queries.FindResource(h.Id) is { } res ? (Win32Error.Success, res.TypeName) : (Win32Error.ResourceNotFound, null));

    /// <summary>ApiFailResource (opnum 16).</summary>
    public static ResultResponse FailResource(ClusApiCall c, FailResourceRequest r) => OpenMethods.WriteAction(c, r.Resource, Kind, h => c.Engine.Execute(new FailResource(h.Id)));

    /// <summary>ApiOnlineResource (opnum 17): 0, or ERROR_IO_PENDING while the resource comes online.</summary>
    [ParityNote("ERROR_IO_PENDING while a resource type with PendingSeconds comes online.")]
    public static ResultResponse OnlineResource(ClusApiCall c, OnlineResourceRequest r) => OpenMethods.WriteAction(c, r.Resource, Kind, h => c.Engine.Execute(new OnlineResource(h.Id)));

    /// <summary>ApiOfflineResource (opnum 18).</summary>
    public static ResultResponse OfflineResource(ClusApiCall c, OfflineResourceRequest r) => OpenMethods.WriteAction(c, r.Resource, Kind, h => c.Engine.Execute(new OfflineResource(h.Id)));

    /// <summary>ApiAddResourceDependency (opnum 19): <c>H resource, H dependsOn → rpc_status, result</c>.</summary>
    public static ResultResponse AddResourceDependency(ClusApiCall c, AddResourceDependencyRequest r) => Dependency(c, r.Resource, r.DependsOn, add: true);

    /// <summary>ApiRemoveResourceDependency (opnum 20).</summary>
    public static ResultResponse RemoveResourceDependency(ClusApiCall c, RemoveResourceDependencyRequest r) => Dependency(c, r.Resource, r.DependsOn, add: false);

    private static ResultResponse Dependency(ClusApiCall c, ResourceHandle resource, ResourceHandle dependsOn, bool add)
    {
        var e = c.Resolve(resource, Kind, out var r);
        var e2 = c.Resolve(dependsOn, Kind, out var d);
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
            e = add ? c.Engine.Execute(new AddDependency(r.Id, d.Id)) : c.Engine.Execute(new RemoveDependency(r.Id, d.Id));
        }
        return new(e);
    }

    /// <summary>
    /// ApiGetResourceDependencyExpression (opnum 110): the dependencies as an AND of ORs with resource names,
    /// "[A] and ([B] or [C])" (MS-CMRP 3.1.4.2.109 grammar, as ApiSetResourceDependencyExpression set them); "" without
    /// dependencies.
    /// </summary>
    [ParityNote("The expression is written in one canonical form: \"[A] and ([B] or [C])\", resources by name.")]
    public static StringResponse GetResourceDependencyExpression(ClusApiCall c, GetResourceDependencyExpressionRequest r) => OpenMethods.StringAnswer(c, r.Resource, Kind, h =>
        c.Engine.Queries.GetDependencyExpression(h.Id) is { } expression
            ? (Win32Error.Success, expression)
            : (Win32Error.ResourceNotFound, null));

    /// <summary>
    /// ApiGetResourceNetworkName (opnum 112): the NetBIOS name of the Network Name resource the resource depends on
    /// (directly or transitively); a resource without one answers with the cluster's core network name, as Windows
    /// does for every resource (smbtorture rpc.clusapi all_resources).
    /// </summary>
    [ParityNote("A resource without a Network Name dependency answers the cluster's core network name, as Windows does for every resource.")]
    public static StringResponse GetResourceNetworkName(ClusApiCall c, GetResourceNetworkNameRequest r) => OpenMethods.StringAnswer(c, r.Resource, Kind, h =>
        c.Engine.Queries.GetResourceNetworkName(h.Id) is { } name ? (Win32Error.Success, name) : (Win32Error.ResourceNotFound, null));

    /// <summary>
    /// ApiChangeCsvState (opnum 123): <c>H, u32 dwState → rpc_status, result</c>. Needs "All"; SHOULD be accepted in
    /// the read-only server state (MS-CMRP 3.1.4.2.122).
    /// </summary>
    [ParityNote("Needs \"All\"; accepted in the read-only server state (MS-CMRP 3.1.4.2.122 SHOULD).")]
    public static ResultResponse ChangeCsvState(ClusApiCall c, ChangeCsvStateRequest r)
    {
        var e = c.Resolve(r.Resource, Kind, out var h);
        return new(CsvState(c, e, h, r.State, null, extended: false));
    }

    /// <summary>ApiChangeCsvStateEx (opnum 182): <c>H, u32 dwState, Sin volume → rpc_status, result</c> (MS-CMRP 3.1.4.2.164).</summary>
    public static ResultResponse ChangeCsvStateEx(ClusApiCall c, ChangeCsvStateExRequest r)
    {
        var e = c.Resolve(r.Resource, Kind, out var h);
        return new(CsvState(c, e, h, r.State, r.VolumeName, extended: true));
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
        return e != Win32Error.Success ? e : c.Engine.Execute(new ChangeCsvState(h.Id, state, volume, extended));
    }
}
