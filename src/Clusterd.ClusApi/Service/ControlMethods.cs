using Clusterd.ClusApi.Controls;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The control methods (MS-CMRP 3.1.4.2.73-80, 88-89, 97-98, 105-106) and their node variants. Request: the object
/// handle(s), u32 dwControlCode, UB lpInBuffer, u32 nInBufferSize, u32 nOutBufferSize. Response: lpOutBuffer as
/// [size_is(nOutBufferSize), length_is(*lpBytesReturned)] (max_count = nOutBufferSize, offset 0, actual =
/// BytesReturned), u32 BytesReturned, u32 cbRequired, rpc_status, result. Never more than nOutBufferSize bytes;
/// ERROR_MORE_DATA carries BytesReturned 0 and cbRequired = the size needed (MS-CMRP 3.1.4.2.74; Samba's NDR client checks it).
/// </summary>
internal static class ControlMethods
{
    private readonly record struct ControlRequest(uint Code, ReadOnlyMemory<byte> Input, uint OutSize);

    private static ControlRequest ReadRequest(ClusApiCall c)
    {
        var code = c.Reader.ReadUInt32();
        var input = ClusApiNdr.ReadUniqueBytes(c.Reader);
        var nIn = c.Reader.ReadUInt32();
        var nOut = c.Reader.ReadUInt32();
        // The array's own max_count is authoritative for what arrived; nInBufferSize never extends it.
        return new ControlRequest(code, nIn < input.Length ? input[..(int)nIn] : input, nOut);
    }

    private static void WriteResponse(ClusApiCall c, uint outSize, ControlOutput o)
    {
        var data = o.Data.Length <= outSize ? o.Data.Span : [];
        var w = c.Writer;
        w.WriteUInt32(outSize); // max_count = nOutBufferSize
        w.WriteUInt32(0);
        w.WriteUInt32((uint)data.Length);
        w.WriteBytes(data);
        w.WriteUInt32((uint)data.Length);
        w.WriteUInt32(o.Error == Win32Error.MoreData ? o.BytesRequired : (uint)data.Length);
        c.WriteResult(o.Error);
    }

    private static void Run(ClusApiCall c, ClusApiObjectKind kind, bool nodeVariant, Func<ClusApiHandle, string?, ControlRequest, ControlOutput> run)
    {
        var e = OpenMethods.ReadHandle(c, kind, out var h);
        var nodeName = default(string);
        if (nodeVariant)
        {
            var en = OpenMethods.ReadHandle(c, ClusApiObjectKind.Node, out var node);
            if (e == Win32Error.Success)
            {
                e = en;
            }
            // MS-CMRP 3.1.4.2.73 (node variants): the node handle too needs "All" for modify-bit codes.
            nodeName = en == Win32Error.Success ? c.Engine.FindNode(node.Id)?.Name ?? node.Id : null;
            if (en == Win32Error.Success && node.Access != ClusApiAccess.All)
            {
                h = h is null ? h! : h with { Access = ClusApiAccess.Read };
            }
        }
        var request = ReadRequest(c);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        WriteResponse(c, request.OutSize, e == Win32Error.Success ? run(h, nodeName, request) : ControlOutput.Failure(e));
    }

    /// <summary>ApiResourceControl (opnum 73).</summary>
    public static void ResourceControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Resource, false,
        (h, _, r) => c.Controls.ResourceControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeResourceControl (opnum 72): executed on the node; a node not owning the resource fails.</summary>
    public static void NodeResourceControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Resource, true,
        (h, node, r) => c.Controls.ResourceControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));

    /// <summary>ApiResourceTypeControl (opnum 75): <c>H cluster, Sin typeName, ...</c>; the type name is checked before the code.</summary>
    public static void ResourceTypeControl(ClusApiCall c) => TypeControl(c, nodeVariant: false);

    /// <summary>ApiNodeResourceTypeControl (opnum 74): <c>H cluster, Sin typeName, H node, ...</c>.</summary>
    public static void NodeResourceTypeControl(ClusApiCall c) => TypeControl(c, nodeVariant: true);

    private static void TypeControl(ClusApiCall c, bool nodeVariant)
    {
        var e = OpenMethods.ReadHandle(c, ClusApiObjectKind.Cluster, out var h);
        var typeName = c.Reader.ReadConformantVaryingString();
        if (nodeVariant)
        {
            var en = OpenMethods.ReadHandle(c, ClusApiObjectKind.Node, out _);
            if (e == Win32Error.Success)
            {
                e = en;
            }
        }
        var r = ReadRequest(c);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        WriteResponse(c, r.OutSize, e == Win32Error.Success
            ? c.Controls.ResourceTypeControl(typeName, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h))
            : ControlOutput.Failure(e));
    }

    /// <summary>ApiGroupControl (opnum 77).</summary>
    public static void GroupControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Group, false,
        (h, _, r) => c.Controls.GroupControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeGroupControl (opnum 76).</summary>
    public static void NodeGroupControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Group, true,
        (h, node, r) => c.Controls.GroupControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNodeControl (opnum 79).</summary>
    public static void NodeControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Node, false,
        (h, _, r) => c.Controls.NodeControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNodeControl (opnum 78).</summary>
    public static void NodeNodeControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Node, true,
        (h, node, r) => c.Controls.NodeControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNetworkControl (opnum 89).</summary>
    public static void NetworkControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Network, false,
        (h, _, r) => c.Controls.NetworkControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNetworkControl (opnum 88).</summary>
    public static void NodeNetworkControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Network, true,
        (h, node, r) => c.Controls.NetworkControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));

    /// <summary>ApiNetInterfaceControl (opnum 98).</summary>
    public static void NetInterfaceControl(ClusApiCall c) => Run(c, ClusApiObjectKind.NetInterface, false,
        (h, _, r) => c.Controls.NetInterfaceControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeNetInterfaceControl (opnum 97).</summary>
    public static void NodeNetInterfaceControl(ClusApiCall c) => Run(c, ClusApiObjectKind.NetInterface, true,
        (h, node, r) => c.Controls.NetInterfaceControl(h.Id, r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));

    /// <summary>ApiClusterControl (opnum 106).</summary>
    public static void ClusterControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Cluster, false,
        (h, _, r) => c.Controls.ClusterControl(r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h)));

    /// <summary>ApiNodeClusterControl (opnum 105).</summary>
    public static void NodeClusterControl(ClusApiCall c) => Run(c, ClusApiObjectKind.Cluster, true,
        (h, node, r) => c.Controls.ClusterControl(r.Code, r.Input.Span, r.OutSize, c.ControlContextFor(h, node)));
}
