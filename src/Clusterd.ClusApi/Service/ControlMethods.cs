using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The control methods (MS-CMRP 3.1.4.2.73-80, 88-89, 97-98, 105-106) and their node variants: the typed requests
/// and <see cref="ControlResponse"/> are in the contract; the codes are the <see cref="ControlDispatcher"/>'s. Never
/// more than nOutBufferSize bytes; ERROR_MORE_DATA carries BytesReturned 0 and cbRequired = the size needed
/// (MS-CMRP 3.1.4.2.74; Samba's NDR client checks it).
/// </summary>
internal static class ControlMethods
{
    private static ControlResponse Answer(uint outSize, ControlOutput o) => ControlResponse.From(outSize, o.Error, o.Data, o.BytesRequired);

    /// <summary>
    /// Resolves the object handle (and the node handle of a node variant), applies the read rule, and runs the
    /// control. An invalid object handle wins over an invalid node handle.
    /// </summary>
    internal static ControlResponse Run<TObject>(ClusApiCall c, TObject handle, ClusApiObjectKind kind, NodeHandle? nodeHandle, uint outSize,
        Func<ClusApiHandle, string?, ControlOutput> run) where TObject : struct, IClusApiHandle<TObject>
    {
        var e = c.Resolve(handle, kind, out var h);
        var nodeName = default(string);
        if (nodeHandle is { } nh)
        {
            var en = c.Resolve(nh, ClusApiObjectKind.Node, out var node);
            if (e == Win32Error.Success)
            {
                e = en;
            }
            // MS-CMRP 3.1.4.2.73 (node variants): the node handle too needs "All" for modify-bit codes.
            nodeName = en == Win32Error.Success ? c.Engine.Queries.FindNode(node.Id)?.Name ?? node.Id : null;
            if (en == Win32Error.Success && node.Access != ClusApiAccess.All)
            {
                h = h is null ? h! : h with { Access = ClusApiAccess.Read };
            }
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        return Answer(outSize, e == Win32Error.Success ? run(h, nodeName) : ControlOutput.Failure(e));
    }

    /// <summary>ApiResourceControl (opnum 73).</summary>
    public static ControlResponse ResourceControl(ClusApiCall c, ResourceControlRequest r) => Run(c, r.Resource, ClusApiObjectKind.Resource, null,
        r.OutBufferSize, (h, _) => c.Controls.ResourceControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeResourceControl (opnum 72): executed on the node; a node not owning the resource fails.</summary>
    public static ControlResponse NodeResourceControl(ClusApiCall c, NodeResourceControlRequest r) => Run(c, r.Resource, ClusApiObjectKind.Resource,
        r.Node, r.OutBufferSize, (h, node) => c.Controls.ResourceControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));

    /// <summary>ApiResourceTypeControl (opnum 75): the type name is checked before the code.</summary>
    public static ControlResponse ResourceTypeControl(ClusApiCall c, ResourceTypeControlRequest r) => Run(c, r.Cluster, ClusApiObjectKind.Cluster,
        null, r.OutBufferSize, (h, _) => c.Controls.ResourceTypeControl(r.ResourceTypeName, r.ControlCode, r.InBuffer.Span, r.OutBufferSize,
            c.ControlContextFor(h)));

    /// <summary>ApiNodeResourceTypeControl (opnum 74): the node handle must be valid; the control is the type's.</summary>
    public static ControlResponse NodeResourceTypeControl(ClusApiCall c, NodeResourceTypeControlRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out var h);
        var node = default(ClusApiHandle);
        if (e == Win32Error.Success)
        {
            e = c.Resolve(r.Node, ClusApiObjectKind.Node, out node);
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        // MS-CMRP 3.1.4.2.75: the node handle too needs "All" for modify-bit codes.
        var through = e == Win32Error.Success && node!.Access != ClusApiAccess.All ? h with { Access = ClusApiAccess.Read } : h;
        return Answer(r.OutBufferSize, e == Win32Error.Success
            ? c.Controls.ResourceTypeControl(r.ResourceTypeName, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(through))
            : ControlOutput.Failure(e));
    }

    /// <summary>ApiGroupControl (opnum 77).</summary>
    public static ControlResponse GroupControl(ClusApiCall c, GroupControlRequest r) => Run(c, r.Group, ClusApiObjectKind.Group, null,
        r.OutBufferSize, (h, _) => c.Controls.GroupControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeGroupControl (opnum 76).</summary>
    public static ControlResponse NodeGroupControl(ClusApiCall c, NodeGroupControlRequest r) => Run(c, r.Group, ClusApiObjectKind.Group, r.Node,
        r.OutBufferSize, (h, node) => c.Controls.GroupControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNodeControl (opnum 79).</summary>
    public static ControlResponse NodeControl(ClusApiCall c, NodeControlRequest r) => Run(c, r.Node, ClusApiObjectKind.Node, null,
        r.OutBufferSize, (h, _) => c.Controls.NodeControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNodeControl (opnum 78).</summary>
    public static ControlResponse NodeNodeControl(ClusApiCall c, NodeNodeControlRequest r) => Run(c, r.Node, ClusApiObjectKind.Node, r.HostNode,
        r.OutBufferSize, (h, node) => c.Controls.NodeControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNetworkControl (opnum 89).</summary>
    public static ControlResponse NetworkControl(ClusApiCall c, NetworkControlRequest r) => Run(c, r.Network, ClusApiObjectKind.Network, null,
        r.OutBufferSize, (h, _) => c.Controls.NetworkControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNetworkControl (opnum 88).</summary>
    public static ControlResponse NodeNetworkControl(ClusApiCall c, NodeNetworkControlRequest r) => Run(c, r.Network, ClusApiObjectKind.Network,
        r.Node, r.OutBufferSize, (h, node) => c.Controls.NetworkControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNetInterfaceControl (opnum 98).</summary>
    public static ControlResponse NetInterfaceControl(ClusApiCall c, NetInterfaceControlRequest r) => Run(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, null, r.OutBufferSize, (h, _) =>
            c.Controls.NetInterfaceControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNetInterfaceControl (opnum 97).</summary>
    public static ControlResponse NodeNetInterfaceControl(ClusApiCall c, NodeNetInterfaceControlRequest r) => Run(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, r.Node, r.OutBufferSize, (h, node) =>
            c.Controls.NetInterfaceControl(h.Id, r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));

    /// <summary>ApiClusterControl (opnum 106).</summary>
    public static ControlResponse ClusterControl(ClusApiCall c, ClusterControlRequest r) => Run(c, r.Cluster, ClusApiObjectKind.Cluster, null,
        r.OutBufferSize, (h, _) => c.Controls.ClusterControl(r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeClusterControl (opnum 105).</summary>
    public static ControlResponse NodeClusterControl(ClusApiCall c, NodeClusterControlRequest r) => Run(c, r.Cluster, ClusApiObjectKind.Cluster,
        r.Node, r.OutBufferSize, (h, node) => c.Controls.ClusterControl(r.ControlCode, r.InBuffer.Span, r.OutBufferSize, c.ControlContextFor(h, node)));
}
