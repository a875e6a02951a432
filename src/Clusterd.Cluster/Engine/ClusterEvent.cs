using Clusterd.ClusApi;
using Clusterd.Cluster.Database;

namespace Clusterd.Cluster.Engine;

/// <summary>What happened to an object (mapped to CLUSTER_CHANGE_*_V2 filter flags by the ClusApi layer).</summary>
public enum ClusterChange
{
    /// <summary>The object was created.</summary>
    Added,
    /// <summary>The object was deleted.</summary>
    Deleted,
    /// <summary>The object's state changed.</summary>
    StateChanged,
    /// <summary>The object was renamed.</summary>
    NameChanged,
    /// <summary>A property or a value of the object changed.</summary>
    PropertiesChanged,
    /// <summary>The object moved to another owner node or group.</summary>
    OwnerChanged,
    /// <summary>A CSV's state changed (CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2).</summary>
    SharedVolumeState,
    /// <summary>A volume became a CSV (CLUSTER_CHANGE_SHARED_VOLUME_ADDED_V2).</summary>
    SharedVolumeAdded,
    /// <summary>A volume stopped being a CSV (CLUSTER_CHANGE_SHARED_VOLUME_REMOVED_V2).</summary>
    SharedVolumeRemoved,
}

/// <summary>
/// An event the engine publishes after a command commits. <see cref="SharedVolumeStates"/> carries, for the
/// CSV events, one entry per affected (volume, node): the content of CLUSTER_SHARED_VOLUME_STATE_INFO_EX.
/// </summary>
/// <param name="Sequence">Position in the engine's event order.</param>
/// <param name="ObjectType">The kind of object.</param>
/// <param name="Change">What happened.</param>
/// <param name="ObjectId">The object's ID (for CSV events: the CSV resource's ID).</param>
/// <param name="Name">The object's name.</param>
/// <param name="ParentId">The parent object's ID (group of a resource, node of an interface), if any.</param>
/// <param name="TypeName">The resource type name for resources, else null.</param>
/// <param name="SharedVolumeStates">The CSV states for CSV events, else empty.</param>
public sealed record ClusterEvent(
    long Sequence,
    ClusterObjectType ObjectType,
    ClusterChange Change,
    string ObjectId,
    string Name,
    string? ParentId,
    string? TypeName,
    IReadOnlyList<SharedVolumeNodeState> SharedVolumeStates)
{
    /// <summary>
    /// The object as it was when the engine raised the event (right after the change, inside its transaction), so a
    /// notification reports this change's state even when later changes follow before the client collects it. Null
    /// for deleted objects and for events raised without one.
    /// </summary>
    public EventSnapshot? Snapshot { get; init; }

    /// <summary>
    /// For a Registry event on a value (a value set or deleted): the value before and after the change, which the batch
    /// notification port reports (MS-CMRP 3.1.4.2.114: CLUSREG_VALUE_DELETED carries the data a value had). Null for
    /// every other event.
    /// </summary>
    public RegistryValueChange? RegistryValue { get; init; }
}

/// <summary>A cluster database value before and after one change (issue 11, area RegistryMore).</summary>
/// <param name="Previous">The value before the change; null when it did not exist.</param>
/// <param name="Current">The value after the change; null when it was deleted.</param>
public sealed record RegistryValueChange(DbValue? Previous, DbValue? Current);

/// <summary>What a notification payload needs of the object at the time of its event (MS-CMRP 3.1.4.2.138 tables).</summary>
/// <param name="State">The object's state as a DWORD (resource, group, node, network, network interface), if any.</param>
/// <param name="OwnerNodeId">
/// The ID of the node owning the group concerned: the group itself, or a resource's group ("" when it has no owner).
/// </param>
/// <param name="GroupType">The group's type, for group events.</param>
public sealed record EventSnapshot(uint? State, string? OwnerNodeId, uint? GroupType);

/// <summary>The state of one CSV as one node sees it (MS-CMRP 2.2.3.32).</summary>
/// <param name="VolumeName">The volume GUID path.</param>
/// <param name="NodeName">The reporting node.</param>
/// <param name="State">VolumeState.</param>
/// <param name="FriendlyName">The friendly name (VolumeN).</param>
/// <param name="RedirectedIOReason">File-system redirection reasons.</param>
/// <param name="BlockRedirectedIOReason">Block redirection reasons.</param>
public sealed record SharedVolumeNodeState(
    string VolumeName,
    string NodeName,
    SharedVolumeState State,
    string FriendlyName,
    RedirectedIOReason RedirectedIOReason,
    BlockRedirectedIOReason BlockRedirectedIOReason);
