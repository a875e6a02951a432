using System.Text.Json.Serialization;
using Clusterd.ClusApi;

namespace Clusterd.Server.Web;

/// <summary>The whole cluster as the live view shows it: the first message of a stream that cannot resume.</summary>
/// <param name="Revision">The live view revision the snapshot is current at (deltas with a higher one follow).</param>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Emulator">Whether the emulator controls (the /admin routes) exist.</param>
/// <param name="Clock">The cluster's clock.</param>
/// <param name="Nodes">Every node, in node-ID order.</param>
/// <param name="Groups">Every group.</param>
/// <param name="Volumes">Every CSV, by friendly name.</param>
/// <param name="Log">The most recent event log lines, oldest first.</param>
internal sealed record LiveSnapshot(
    long Revision,
    string Cluster,
    bool Emulator,
    LiveClock Clock,
    IReadOnlyList<LiveNode> Nodes,
    IReadOnlyList<LiveGroup> Groups,
    IReadOnlyList<LiveVolume> Volumes,
    IReadOnlyList<LiveLogLine> Log);

/// <summary>What changed since the previous revision: the current state of every object that changed.</summary>
/// <param name="Revision">This delta's revision (also its SSE id).</param>
/// <param name="Clock">The cluster's clock when the delta was built.</param>
/// <param name="Nodes">Every node when one of them changed, else null.</param>
/// <param name="Groups">The groups that changed.</param>
/// <param name="Volumes">The CSVs that changed (their full state).</param>
/// <param name="Log">The event log lines of the changes (at most <see cref="LiveView.MaxLogLinesPerDelta"/>).</param>
/// <param name="LogDropped">Log lines left out of this delta to respect that bound.</param>
/// <param name="FirstEventAt">Wall-clock time (Unix ms) the first change of the delta was published by the engine.</param>
internal sealed record LiveDelta(
    long Revision,
    LiveClock Clock,
    IReadOnlyList<LiveNode>? Nodes,
    IReadOnlyList<LiveGroup> Groups,
    IReadOnlyList<LiveVolume> Volumes,
    IReadOnlyList<LiveLogLine> Log,
    int LogDropped,
    double FirstEventAt);

/// <summary>The cluster's clock (virtual in the emulator).</summary>
/// <param name="Now">The cluster's time.</param>
/// <param name="Paused">True when the (virtual) clock stands still.</param>
/// <param name="Virtual">True for the emulator's virtual clock.</param>
internal sealed record LiveClock(DateTimeOffset Now, bool Paused, bool Virtual);

/// <summary>A node.</summary>
internal sealed record LiveNode(string Id, string Name, ClusterNodeState State);

/// <summary>A group and its owner.</summary>
internal sealed record LiveGroup(string Id, string Name, ClusterGroupState State, string Owner, bool Csv);

/// <summary>One CSV and its state on every node.</summary>
/// <param name="Name">Friendly name (VolumeN).</param>
/// <param name="VolumeName">Volume GUID path.</param>
/// <param name="Resource">The disk resource.</param>
/// <param name="Coordinator">The coordinator node (owner of the disk's group).</param>
/// <param name="Backup">BackupState.</param>
/// <param name="Deadline">When the volume backup timer ends backup mode, on the cluster's clock.</param>
/// <param name="Snapshots">Snapshot sets in progress.</param>
/// <param name="Maintenance">Maintenance mode.</param>
/// <param name="Redirected">Redirected mode (direct I/O disabled).</param>
/// <param name="Fault">CSV fault state.</param>
/// <param name="Nodes">The volume's state per node, in the order of the snapshot's nodes.</param>
internal sealed record LiveVolume(
    string Name,
    string VolumeName,
    string Resource,
    string Coordinator,
    SharedVolumeBackupState Backup,
    DateTimeOffset? Deadline,
    int Snapshots,
    bool Maintenance,
    bool Redirected,
    CsvVolumeFaultState Fault,
    IReadOnlyList<LiveVolumeOnNode> Nodes);

/// <summary>
/// The state of one CSV on one node (MS-CMRP 2.2.3.32), with short names and without the reasons when they are
/// NotRedirected (0): it is sent once per (volume, node), 30,000 times in the snapshot of 10,000 CSVs on 3 nodes.
/// </summary>
internal sealed record LiveVolumeOnNode(
    [property: JsonPropertyName("n")] string Node,
    [property: JsonPropertyName("s")] SharedVolumeState State,
    [property: JsonPropertyName("r"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] RedirectedIOReason Redirected,
    [property: JsonPropertyName("b"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] BlockRedirectedIOReason Block);

/// <summary>One line of the event log.</summary>
/// <param name="At">The cluster's time of the change.</param>
/// <param name="Kind">The object type.</param>
/// <param name="Change">What happened.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Detail">For CSV events: the state on each reporting node.</param>
internal sealed record LiveLogLine(DateTimeOffset At, string Kind, string Change, string Name, string? Detail);

/// <summary>The clock heartbeat sent every second (no id: it is not part of the resumable history).</summary>
internal sealed record LiveHeartbeat(LiveClock Clock, long Revision);
