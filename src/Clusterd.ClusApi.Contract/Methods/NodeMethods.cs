using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

/// <summary>ApiOpenNode (opnum 66, MS-CMRP 3.1.4.2.67): <c>Sin lpszNodeName → Status, rpc_status, HNODE_RPC</c>.</summary>
/// <param name="NodeName">The node's name.</param>
public readonly record struct OpenNodeRequest(string NodeName) : IClusApiRequest<OpenNodeRequest, OpenResponse<NodeHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(NodeName);

    /// <inheritdoc />
    public static OpenNodeRequest Read(NdrReader reader) => new(reader.ReadConformantVaryingString());
}

/// <summary>ApiOpenNodeEx (opnum 118, MS-CMRP 3.1.4.2.117): <c>Sin lpszNodeName, u32 dwDesiredAccess → granted, Status, rpc_status, HNODE_RPC</c>.</summary>
/// <param name="NodeName">The node's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (MS-CMRP 3.1.4.2.117: CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenNodeExRequest(string NodeName, uint DesiredAccess) : IClusApiRequest<OpenNodeExRequest, OpenExResponse<NodeHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNodeEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteInString(NodeName);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenNodeExRequest Read(NdrReader reader)
    {
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>ApiCloseNode (opnum 67, MS-CMRP 3.1.4.2.68): <c>[in, out] HNODE_RPC → NULL, result</c>.</summary>
/// <param name="Node">The handle to close.</param>
public readonly record struct CloseNodeRequest(NodeHandle Node) : IClusApiRequest<CloseNodeRequest, CloseResponse<NodeHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static CloseNodeRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}

/// <summary>ApiGetNodeState (opnum 68, MS-CMRP 3.1.4.2.69): <c>H → u32 State (CLUSTER_NODE_STATE), rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly record struct GetNodeStateRequest(NodeHandle Node) : IClusApiRequest<GetNodeStateRequest, StateResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNodeState;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static GetNodeStateRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}

/// <summary>ApiGetNodeId (opnum 48, MS-CMRP 3.1.4.2.49): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly record struct GetNodeIdRequest(NodeHandle Node) : IClusApiRequest<GetNodeIdRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNodeId;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static GetNodeIdRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}

/// <summary>ApiPauseNode (opnum 69, MS-CMRP 3.1.4.2.70): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly record struct PauseNodeRequest(NodeHandle Node) : IClusApiRequest<PauseNodeRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiPauseNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static PauseNodeRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}

/// <summary>ApiResumeNode (opnum 70, MS-CMRP 3.1.4.2.71): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly record struct ResumeNodeRequest(NodeHandle Node) : IClusApiRequest<ResumeNodeRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiResumeNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static ResumeNodeRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}

/// <summary>ApiEvictNode (opnum 71, MS-CMRP 3.1.4.2.72): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly record struct EvictNodeRequest(NodeHandle Node) : IClusApiRequest<EvictNodeRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiEvictNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Node);

    /// <inheritdoc />
    public static EvictNodeRequest Read(NdrReader reader) => new(reader.ReadHandle<NodeHandle>());
}
