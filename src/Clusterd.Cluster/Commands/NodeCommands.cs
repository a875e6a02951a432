using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Node commands.

/// <summary>ApiPauseNode: the node keeps its groups but takes no new ones. Pausing a paused node succeeds.</summary>
/// <param name="Node">The node, by name or ID.</param>
public sealed record PauseNode(string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeLifecycle.PauseNode(tx, Node);
}

/// <summary>ApiResumeNode: ERROR_CLUSTER_NODE_NOT_PAUSED unless the node is paused.</summary>
/// <param name="Node">The node, by name or ID.</param>
public sealed record ResumeNode(string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeLifecycle.ResumeNode(tx, Node);
}

/// <summary>
/// ApiEvictNode: the node leaves the cluster for good. Its groups fail over first, its interfaces go, and it
/// disappears from preferred-owner lists. The last node cannot be evicted.
/// </summary>
/// <param name="Node">The node, by name or ID.</param>
public sealed record EvictNode(string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeLifecycle.EvictNode(tx, Node);
}

/// <summary>
/// Emulator: the node is lost. Its groups fail over (ordinary groups restart their online resources on the
/// new owner; a CSV's coordinator moves); with no node left to take a group, its online resources fail.
/// </summary>
/// <param name="Node">The node, by name or ID.</param>
public sealed record SetNodeDown(string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeLifecycle.SetNodeDown(tx, Node);
}

/// <summary>Emulator: a lost node comes back (Joining for <see cref="ClusterOptions.NodeJoinDelay"/>, then Up).</summary>
/// <param name="Node">The node, by name or ID.</param>
public sealed record SetNodeUp(string Node) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeLifecycle.SetNodeUp(tx, Node);
}
