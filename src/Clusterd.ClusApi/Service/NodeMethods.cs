using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>Node methods (MS-CMRP 3.1.4.2.49, 67-72, 118). Handles carry the node ID.</summary>
internal static class NodeMethods
{
    private const ClusApiObjectKind Kind = ClusApiObjectKind.Node;

    private static readonly OpenableKind<NodeHandle> Nodes = new(Kind, static (e, name) => e.Queries.FindNode(name)?.Id, Win32Error.ClusterNodeNotFound);

    /// <summary>ApiOpenNode (opnum 66).</summary>
    public static OpenResponse<NodeHandle> OpenNode(ClusApiCall c, OpenNodeRequest r) => Nodes.Open(c, r.NodeName);

    /// <summary>ApiOpenNodeEx (opnum 118).</summary>
    public static OpenExResponse<NodeHandle> OpenNodeEx(ClusApiCall c, OpenNodeExRequest r) =>
        Nodes.OpenEx(c, r.NodeName, r.DesiredAccess);

    /// <summary>ApiCloseNode (opnum 67).</summary>
    public static CloseResponse<NodeHandle> CloseNode(ClusApiCall c, CloseNodeRequest r) => c.Close(r.Node, Kind);

    /// <summary>ApiGetNodeState (opnum 68).</summary>
    public static StateResponse GetNodeState(ClusApiCall c, GetNodeStateRequest r) =>
        OpenMethods.StateAnswer(c, r.Node, Kind, h => c.Engine.Queries.FindNode(h.Id) is { } n ? (int)n.State : null, Win32Error.ClusterNodeNotFound);

    /// <summary>ApiGetNodeId (opnum 48): the node ID ("1", "2", ... as Windows numbers nodes).</summary>
    public static StringResponse GetNodeId(ClusApiCall c, GetNodeIdRequest r) => OpenMethods.StringAnswer(c, r.Node, Kind, h =>
        c.Engine.Queries.FindNode(h.Id) is { } n ? (Win32Error.Success, n.Id) : (Win32Error.ClusterNodeNotFound, null));

    /// <summary>ApiPauseNode (opnum 69).</summary>
    public static ResultResponse PauseNode(ClusApiCall c, PauseNodeRequest r) => OpenMethods.WriteAction(c, r.Node, Kind, h => c.Engine.Execute(new PauseNode(h.Id)));

    /// <summary>ApiResumeNode (opnum 70): ERROR_CLUSTER_NODE_NOT_PAUSED unless the node is paused.</summary>
    public static ResultResponse ResumeNode(ClusApiCall c, ResumeNodeRequest r) => OpenMethods.WriteAction(c, r.Node, Kind, h => c.Engine.Execute(new ResumeNode(h.Id)));

    /// <summary>ApiEvictNode (opnum 71): the node really leaves the cluster.</summary>
    public static ResultResponse EvictNode(ClusApiCall c, EvictNodeRequest r) => OpenMethods.WriteAction(c, r.Node, Kind, h => c.Engine.Execute(new EvictNode(h.Id)));
}
