using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Node pause with drain and resume with failback, resource types, the quorum resource, networks (NodeNetwork.cs).

/// <summary>
/// ApiPauseNodeEx / ApiPauseNodeWithDrainTarget (MS-CMRP 3.1.4.2.125, 3.1.4.2.126): pauses the node and, with
/// <paramref name="Drain"/>, moves every group it owns to another node, all in one transaction. Without a drain it
/// answers like <see cref="PauseNode"/>; with one, ERROR_IO_PENDING (the spec's answer for a drain) once every group
/// has moved (docs/behaviour.md, "Node drain").
/// </summary>
/// <param name="Node">The node, by name or ID.</param>
/// <param name="Drain">bDrainNode: move the node's groups off it.</param>
/// <param name="RemainOnMoveError">CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR: a group that policy lets go nowhere stays on the paused node (without it, the group moves to another node anyway and its online resources fail).</param>
/// <param name="DrainTarget">The node every group moves to (ApiPauseNodeWithDrainTarget), or null for each group's failover target (preferred owners first).</param>
public sealed record PauseNodeEx(string Node, bool Drain, bool RemainOnMoveError, string? DrainTarget = null) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.PauseNodeEx(tx, this);
}

/// <summary>
/// ApiResumeNodeEx (MS-CMRP 3.1.4.2.127): resumes a paused node, then fails groups back to it: none
/// (<see cref="ResumeFailback.DoNotFailbackGroups"/>), every group whose most preferred owner is the node
/// (<see cref="ResumeFailback.FailbackGroupsImmediately"/>), or those of them whose AutoFailbackType allows it
/// (<see cref="ResumeFailback.FailbackGroupsPerPolicy"/>); docs/behaviour.md, "Node resume and failback".
/// </summary>
/// <param name="Node">The node, by name or ID.</param>
/// <param name="Failback">dwResumeFailbackType.</param>
public sealed record ResumeNodeEx(string Node, ResumeFailback Failback) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.ResumeNodeEx(tx, Node, Failback);
}

/// <summary>CLUSTER_NODE_RESUME_FAILBACK_TYPE (clusapi.h; MS-CMRP 3.1.4.2.127 dwResumeFailbackType).</summary>
public enum ResumeFailback : uint
{
    /// <summary>DoNotFailbackGroups (0).</summary>
    DoNotFailbackGroups = 0,
    /// <summary>FailbackGroupsImmediately (1).</summary>
    FailbackGroupsImmediately = 1,
    /// <summary>FailbackGroupsPerPolicy (2).</summary>
    FailbackGroupsPerPolicy = 2,
}

/// <summary>
/// ApiCreateResourceType (MS-CMRP 3.1.4.2.27): a new key ResourceTypes\{name} with the values the topology seeder
/// writes (Name, DllName, ResourceClass) and the display name and poll intervals. A name already in use answers
/// ERROR_ALREADY_EXISTS.
/// </summary>
/// <param name="Name">The type's name (its key name).</param>
/// <param name="DisplayName">Its display name.</param>
/// <param name="DllName">Its resource DLL.</param>
/// <param name="LooksAlive">The LooksAlive poll interval, ms.</param>
/// <param name="IsAlive">The IsAlive poll interval, ms.</param>
public sealed record CreateResourceType(string Name, string DisplayName, string DllName, uint LooksAlive, uint IsAlive) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.CreateResourceType(tx, this);
}

/// <summary>
/// ApiDeleteResourceType (MS-CMRP 3.1.4.2.28): ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND for an unknown type,
/// ERROR_DIR_NOT_EMPTY while resources of the type exist.
/// </summary>
/// <param name="Name">The type's name.</param>
public sealed record DeleteResourceType(string Name) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.DeleteResourceType(tx, Name);
}

/// <summary>
/// ApiSetQuorumResource (MS-CMRP 3.1.4.2.7): the root values QuorumResource (the resource ID), QuorumPath and
/// QuorumLogSize, as ApiGetQuorumResource reads them. A resource that cannot be quorum answers ERROR_NOT_QUORUM_CLASS
/// (docs/behaviour.md, "Quorum resource").
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Path">lpszDeviceName.</param>
/// <param name="MaxLogSize">dwMaxQuorumLogSize.</param>
public sealed record SetQuorumResource(string Resource, string Path, uint MaxLogSize) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.SetQuorumResource(tx, this);
}

/// <summary>
/// ApiSetNetworkName (MS-CMRP 3.1.4.2.84): ERROR_INVALID_NAME for an empty name, ERROR_ALREADY_EXISTS when the name
/// is another network's name or ID, ERROR_NETWORK_NOT_AVAILABLE when the network is gone.
/// </summary>
/// <param name="Network">The network, by name or ID.</param>
/// <param name="NewName">The new name.</param>
public sealed record SetNetworkName(string Network, string NewName) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.SetNetworkName(tx, Network, NewName);
}

/// <summary>
/// ApiSetNetworkPriorityOrder (MS-CMRP 3.1.4.2.87): the internal networks (role private or mixed) in decreasing
/// priority, kept as the root value NetworkPriorities. The list must name each internal network exactly once
/// (else ERROR_INVALID_PARAMETER).
/// </summary>
/// <param name="NetworkIds">The network IDs, highest priority first.</param>
public sealed record SetNetworkPriorityOrder(IReadOnlyList<string> NetworkIds) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.NodeNetwork.SetNetworkPriorityOrder(tx, NetworkIds);
}
