using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>Node methods (MS-CMRP 3.1.4.2.49, 67-72, 117). Handles carry the node ID.</summary>
internal static class NodeMethods
{
    private const ClusApiObjectKind Kind = ClusApiObjectKind.Node;

    private static string? ResolveId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindNode(name)?.Id;

    /// <summary>ApiOpenNode (opnum 66).</summary>
    public static void OpenNode(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: false, ResolveId, Win32Error.ClusterNodeNotFound);

    /// <summary>ApiOpenNodeEx (opnum 118).</summary>
    public static void OpenNodeEx(ClusApiCall c) => OpenMethods.Open(c, Kind, ex: true, ResolveId, Win32Error.ClusterNodeNotFound);

    /// <summary>ApiCloseNode (opnum 67).</summary>
    public static void CloseNode(ClusApiCall c) => c.Close(Kind);

    /// <summary>ApiGetNodeState (opnum 68): <c>H → u32 State, rpc_status, result</c>.</summary>
    public static void GetNodeState(ClusApiCall c) =>
        OpenMethods.StateAnswer(c, Kind, h => c.Engine.FindNode(h.Id) is { } n ? (int)n.State : null, Win32Error.ClusterNodeNotFound);

    /// <summary>ApiGetNodeId (opnum 48): the node ID ("1", "2", ... as Windows numbers nodes).</summary>
    public static void GetNodeId(ClusApiCall c) => OpenMethods.StringAnswer(c, Kind, h =>
        c.Engine.FindNode(h.Id) is { } n ? (Win32Error.Success, n.Id) : (Win32Error.ClusterNodeNotFound, null));

    /// <summary>ApiPauseNode (opnum 69).</summary>
    public static void PauseNode(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.PauseNode(h.Id));

    /// <summary>ApiResumeNode (opnum 70): ERROR_CLUSTER_NODE_NOT_PAUSED unless the node is paused.</summary>
    public static void ResumeNode(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.ResumeNode(h.Id));

    /// <summary>ApiEvictNode (opnum 71): the node really leaves the cluster.</summary>
    public static void EvictNode(ClusApiCall c) => OpenMethods.WriteAction(c, Kind, h => c.Engine.EvictNode(h.Id));
}
