using Clusterd.ClusApi;

namespace Clusterd.Server.Admin;

/// <summary>Body of POST /admin/volumes/{name}/snapshot (ClusterSharedVolumeSetSnapshotState semantics).</summary>
internal sealed record SnapshotRequest
{
    /// <summary>The VSS snapshot set ID.</summary>
    public required Guid SnapshotSet { get; init; }

    /// <summary>PrepareForFreeze, PrepareForHWSnapshot (a backup starts) or HWSnapshotCompleted (its set ends).</summary>
    public required SharedVolumeSnapshotState State { get; init; }
}

/// <summary>Body of POST /admin/volumes/{name}/backup (SET_SHARED_VOLUME_BACKUP_MODE).</summary>
internal sealed record BackupRequest
{
    /// <summary>InProgress (enter backup mode, arm the timer) or None (leave it).</summary>
    public required SharedVolumeBackupState State { get; init; }

    /// <summary>The volume backup timer in seconds (InProgress only).</summary>
    public uint DelaySeconds { get; init; }
}

/// <summary>Body of the on/off routes (maintenance, redirected).</summary>
internal sealed record SwitchRequest
{
    /// <summary>The new value.</summary>
    public required bool On { get; init; }
}

/// <summary>One CSV as the admin API shows it.</summary>
internal sealed record VolumeView(
    string Name,
    string VolumeName,
    string Resource,
    SharedVolumeBackupState BackupState,
    DateTimeOffset? BackupDeadline,
    int SnapshotSetsInProgress,
    bool Maintenance,
    bool Redirected,
    CsvVolumeFaultState FaultState,
    string Coordinator);

/// <summary>The virtual clock.</summary>
internal sealed record ClockView(DateTimeOffset Now, double OffsetSeconds, bool Paused, int? Fired = null);

/// <summary>GET /health.</summary>
internal sealed record HealthView(string Status, string Cluster, DateTimeOffset Time, bool Emulator)
{
    /// <summary>The node's place in a multi-node cluster (--store etcd); absent on one machine.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReplicaView? Replica { get; init; }
}

/// <summary>What /health says of a node of a multi-node cluster.</summary>
/// <param name="Node">The node this server runs as.</param>
/// <param name="Leader">Whether it leads (fires deadlines, fails over Down nodes' groups).</param>
/// <param name="Stale">True when etcd is unreachable: reads come from the last applied state, writes are refused.</param>
/// <param name="Revision">The etcd revision of the last batch applied.</param>
/// <param name="LiveMembers">The nodes whose lease is alive.</param>
internal sealed record ReplicaView(string Node, bool Leader, bool Stale, long Revision, IReadOnlyCollection<string> LiveMembers);

/// <summary>A node as the admin API shows it.</summary>
internal sealed record NodeView(string Id, string Name, ClusterNodeState State);

/// <summary>A group as the admin API shows it.</summary>
internal sealed record GroupView(string Id, string Name, ClusterGroupState State, string OwnerNode, IReadOnlyList<string> Resources);

/// <summary>POST /admin/reset: the cluster as reseeded.</summary>
/// <param name="Status">"reset".</param>
/// <param name="Cluster">The cluster name.</param>
/// <param name="Volumes">The CSVs after the reset.</param>
internal sealed record ResetView(string Status, string Cluster, IReadOnlyList<VolumeView> Volumes);

/// <summary>POST /admin/faults/store-fail-next: the next store commit will fail.</summary>
/// <param name="Armed">Always true.</param>
internal sealed record ArmedView(bool Armed);
