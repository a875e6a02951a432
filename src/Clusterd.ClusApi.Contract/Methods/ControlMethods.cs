using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The control methods (MS-CMRP 3.1.4.2.73-80, 88-89, 97-98, 105-106). Request: the object handle(s), u32
// dwControlCode, UB lpInBuffer, u32 nInBufferSize, u32 nOutBufferSize. An empty input goes as a NULL pointer with
// nInBufferSize 0, as clusapi.dll and Samba send it; on reading, the array's own max_count is authoritative for what
// arrived and nInBufferSize never extends it. Response: ControlResponse. The generator writes each request's Opnum;
// Write and Read are here, because nInBufferSize follows the buffer and bounds it on reading (ControlTail).

/// <summary>
/// The response of every control method: <c>lpOutBuffer [size_is(nOutBufferSize), length_is(*lpBytesReturned)]</c>
/// (max_count = nOutBufferSize, offset 0, actual = BytesReturned), u32 lpBytesReturned, u32 lpcbRequired,
/// rpc_status, result. ERROR_MORE_DATA carries no bytes and lpcbRequired = the size needed (MS-CMRP 3.1.4.2.74).
/// </summary>
/// <param name="OutBufferSize">The array's max_count: the request's nOutBufferSize.</param>
/// <param name="Output">The bytes returned (the array's actual_count bytes).</param>
/// <param name="BytesReturned">lpBytesReturned.</param>
/// <param name="BytesRequired">lpcbRequired: the size needed after ERROR_MORE_DATA, else the bytes returned.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct ControlResponse(uint OutBufferSize, ReadOnlyMemory<byte> Output, uint BytesReturned, uint BytesRequired,
    Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<ControlResponse>
{
    /// <summary>The answer to a control that produced <paramref name="output"/> (or failed with <paramref name="result"/>) for <paramref name="outBufferSize"/>.</summary>
    public static ControlResponse From(uint outBufferSize, Win32Error result, ReadOnlyMemory<byte> output, uint bytesRequired)
    {
        var data = output.Length <= outBufferSize ? output : ReadOnlyMemory<byte>.Empty;
        return new(outBufferSize, data, (uint)data.Length, result == Win32Error.MoreData ? bytesRequired : (uint)data.Length, result);
    }

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteVaryingHeader(OutBufferSize, Output.Length);
        writer.WriteBytes(Output.Span);
        writer.WriteUInt32(BytesReturned);
        writer.WriteUInt32(BytesRequired);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static ControlResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (max, actual) = reader.ReadVaryingHeader(1, "Control output array");
        var output = reader.ReadBytes(actual);
        var returned = reader.ReadUInt32();
        var required = reader.ReadUInt32();
        var rpcStatus = reader.ReadUInt32();
        return new(max, output, returned, required, reader.ReadError(), rpcStatus);
    }
}

internal static class ControlTail
{
    public static void Write(NdrWriter w, uint code, ReadOnlyMemory<byte> input, uint outSize)
    {
        w.WriteUInt32(code);
        w.WriteUniqueBytes(input.Span);
        w.WriteUInt32((uint)input.Length);
        w.WriteUInt32(outSize);
    }

    public static (uint Code, ReadOnlyMemory<byte> Input, uint OutSize) Read(NdrReader r)
    {
        var code = r.ReadUInt32();
        var input = r.ReadUniqueBytes();
        var nIn = r.ReadUInt32();
        var nOut = r.ReadUInt32();
        return (code, nIn < input.Length ? input[..(int)nIn] : input, nOut);
    }
}

/// <summary>ApiNodeResourceControl (opnum 72, MS-CMRP 3.1.4.2.73) (the control runs on the node).</summary>
/// <param name="Resource">The Resource handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeResourceControlRequest(ResourceHandle Resource, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeResourceControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Resource);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeResourceControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var resource = reader.ReadHandle<ResourceHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(resource, node, code, input, outSize);
    }
}

/// <summary>ApiResourceControl (opnum 73, MS-CMRP 3.1.4.2.74).</summary>
/// <param name="Resource">The Resource handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct ResourceControlRequest(ResourceHandle Resource, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<ResourceControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Resource);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static ResourceControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var resource = reader.ReadHandle<ResourceHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(resource, code, input, outSize);
    }
}

/// <summary>ApiNodeResourceTypeControl (opnum 74, MS-CMRP 3.1.4.2.75) (the control runs on the node).</summary>
/// <param name="Cluster">The Cluster handle.</param>
/// <param name="ResourceTypeName">The resource type name (Sin).</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeResourceTypeControlRequest(ClusterHandle Cluster, string ResourceTypeName, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeResourceTypeControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteInString(ResourceTypeName);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeResourceTypeControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var resourcetypename = reader.ReadConformantVaryingString();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(cluster, resourcetypename, node, code, input, outSize);
    }
}

/// <summary>ApiResourceTypeControl (opnum 75, MS-CMRP 3.1.4.2.76).</summary>
/// <param name="Cluster">The Cluster handle.</param>
/// <param name="ResourceTypeName">The resource type name (Sin).</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct ResourceTypeControlRequest(ClusterHandle Cluster, string ResourceTypeName, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<ResourceTypeControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteInString(ResourceTypeName);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static ResourceTypeControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var resourcetypename = reader.ReadConformantVaryingString();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(cluster, resourcetypename, code, input, outSize);
    }
}

/// <summary>ApiNodeGroupControl (opnum 76, MS-CMRP 3.1.4.2.77) (the control runs on the node).</summary>
/// <param name="Group">The Group handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeGroupControlRequest(GroupHandle Group, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeGroupControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Group);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeGroupControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var group = reader.ReadHandle<GroupHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(group, node, code, input, outSize);
    }
}

/// <summary>ApiGroupControl (opnum 77, MS-CMRP 3.1.4.2.78).</summary>
/// <param name="Group">The Group handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct GroupControlRequest(GroupHandle Group, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<GroupControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Group);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static GroupControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var group = reader.ReadHandle<GroupHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(group, code, input, outSize);
    }
}

/// <summary>ApiNodeNodeControl (opnum 78, MS-CMRP 3.1.4.2.79) (the control runs on HostNode).</summary>
/// <param name="Node">The Node handle.</param>
/// <param name="HostNode">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeNodeControlRequest(NodeHandle Node, NodeHandle HostNode, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeNodeControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Node);
        writer.WriteHandle(HostNode);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeNodeControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var node = reader.ReadHandle<NodeHandle>();
        var hostnode = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(node, hostnode, code, input, outSize);
    }
}

/// <summary>ApiNodeControl (opnum 79, MS-CMRP 3.1.4.2.80).</summary>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeControlRequest(NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(node, code, input, outSize);
    }
}

/// <summary>ApiNodeNetworkControl (opnum 88, MS-CMRP 3.1.4.2.88) (the control runs on the node).</summary>
/// <param name="Network">The Network handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeNetworkControlRequest(NetworkHandle Network, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeNetworkControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Network);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeNetworkControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var network = reader.ReadHandle<NetworkHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(network, node, code, input, outSize);
    }
}

/// <summary>ApiNetworkControl (opnum 89, MS-CMRP 3.1.4.2.89).</summary>
/// <param name="Network">The Network handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NetworkControlRequest(NetworkHandle Network, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NetworkControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Network);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NetworkControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var network = reader.ReadHandle<NetworkHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(network, code, input, outSize);
    }
}

/// <summary>ApiNodeNetInterfaceControl (opnum 97, MS-CMRP 3.1.4.2.97) (the control runs on the node).</summary>
/// <param name="NetInterface">The NetInterface handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeNetInterfaceControlRequest(NetInterfaceHandle NetInterface, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeNetInterfaceControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(NetInterface);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeNetInterfaceControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var netinterface = reader.ReadHandle<NetInterfaceHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(netinterface, node, code, input, outSize);
    }
}

/// <summary>ApiNetInterfaceControl (opnum 98, MS-CMRP 3.1.4.2.98).</summary>
/// <param name="NetInterface">The NetInterface handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NetInterfaceControlRequest(NetInterfaceHandle NetInterface, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NetInterfaceControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(NetInterface);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NetInterfaceControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var netinterface = reader.ReadHandle<NetInterfaceHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(netinterface, code, input, outSize);
    }
}

/// <summary>ApiNodeClusterControl (opnum 105, MS-CMRP 3.1.4.2.105) (the control runs on the node).</summary>
/// <param name="Cluster">The Cluster handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeClusterControlRequest(ClusterHandle Cluster, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeClusterControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeClusterControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(cluster, node, code, input, outSize);
    }
}

/// <summary>ApiClusterControl (opnum 106, MS-CMRP 3.1.4.2.106).</summary>
/// <param name="Cluster">The Cluster handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct ClusterControlRequest(ClusterHandle Cluster, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<ClusterControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static ClusterControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(cluster, code, input, outSize);
    }
}
