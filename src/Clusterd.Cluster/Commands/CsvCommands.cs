using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Cluster Shared Volume commands: modes, backup, snapshots, CSV membership, disks.

/// <summary>
/// CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE (MS-CMRP 3.1.4.3.1.51): idempotent; maintenance is nonvolatile.
/// Not refused by backup or redirected mode. WS2012Plus profile: ERROR_INVALID_FUNCTION (footnote 173).
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="VolumeName">The volume: its friendly name or its volume GUID path.</param>
/// <param name="InMaintenance">True to turn maintenance on, false to turn it off.</param>
public sealed record SetCsvMaintenanceMode(string Resource, string VolumeName, bool InMaintenance) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvModes.SetCsvMaintenanceMode(tx, Resource, VolumeName, InMaintenance);
}

/// <summary>
/// CLUSCTL_RESOURCE_ENABLE_SHARED_VOLUME_DIRECTIO (enable = true: leave redirected mode, 3.1.4.3.1.52) and
/// DISABLE_SHARED_VOLUME_DIRECTIO (enable = false: enter it, 3.1.4.3.1.53). Checks in spec order: not CSV,
/// not online, unknown volume, maintenance (ERROR_CLUSTER_INVALID_REQUEST), backup
/// (ERROR_CLUSTER_BACKUP_IN_PROGRESS). Idempotent. Returns the volume GUID path for the output buffer.
/// <c>AnswerBufferBytes</c>, when not 0, is checked after every other check: a buffer without room for the GUID path
/// is ERROR_MORE_DATA and nothing changes (MS-CMRP 3.1.4.2.74: lpcbRequired), so a short output buffer never leaves
/// the transition made behind an error.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="VolumeName">The volume: its friendly name or its volume GUID path.</param>
/// <param name="Enable">True to leave redirected mode (ENABLE_SHARED_VOLUME_DIRECTIO), false to enter it (DISABLE_SHARED_VOLUME_DIRECTIO).</param>
/// <param name="AnswerBufferBytes">The caller's output buffer, in bytes: when not 0 the volume GUID path (UTF-16, NUL-terminated) must fit in it, else the answer is ERROR_MORE_DATA and nothing changes.</param>
public sealed record SetDirectIO(string Resource, string VolumeName, bool Enable, uint AnswerBufferBytes = 0) : ClusterCommand<string>
{
    internal override (Win32Error Error, string? Value) Apply(ClusterModel model, Tx tx) => model.CsvModes.SetDirectIO(tx, Resource, VolumeName, Enable, AnswerBufferBytes);
}

/// <summary>
/// CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 3.1.4.3.1.54, 3.1.5.1). InProgress turns
/// backup mode on and (re)starts the volume backup timer for <c>DelaySeconds</c>; when a backup
/// was already detected it stays as it is (docs/behaviour.md, "Re-arming backup mode"). None turns backup mode off and cancels the timer.
/// Any non-zero delay up to uint.MaxValue seconds gives an exact deadline; only one past
/// <see cref="DateTimeOffset.MaxValue"/> is refused (ERROR_INVALID_PARAMETER, before anything changes).
/// WS2012Plus profile: ERROR_INVALID_FUNCTION (footnote 176).
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="VolumeName">The volume: its friendly name or its volume GUID path.</param>
/// <param name="State">VolumeBackupInProgress (turn backup mode on and arm the timer) or VolumeBackupNone (turn it off).</param>
/// <param name="DelaySeconds">DelayTimerInSecs: the volume backup timer in seconds (InProgress only; 0 is refused).</param>
/// <param name="Requester">Who asked, kept with the backup state for diagnostics; null when unknown.</param>
public sealed record SetBackupMode(string Resource, string VolumeName, SharedVolumeBackupState State, uint DelaySeconds, string? Requester = null) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvModes.SetBackupMode(tx, Resource, VolumeName, State, DelaySeconds, Requester);
}

/// <summary>
/// ClusterSharedVolumeSetSnapshotState semantics, the backup detector (MS-CMRP 3.1.5.1 leaves it open; docs/behaviour.md, "Backup detection"): PrepareForFreeze
/// or PrepareForHWSnapshot for a snapshot set means a backup started (backup mode on, timer cancelled);
/// HWSnapshotCompleted ends that set, and when the last set of the volume ends the backup completed
/// (backup mode off). Completing a set that is not in progress changes nothing.
/// </summary>
/// <param name="SnapshotSet">The snapshot set the state belongs to.</param>
/// <param name="VolumeName">The volume: its friendly name or its volume GUID path.</param>
/// <param name="State">The snapshot state reported for the set.</param>
public sealed record SetSnapshotState(Guid SnapshotSet, string VolumeName, SharedVolumeSnapshotState State) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvModes.SetSnapshotState(tx, SnapshotSet, VolumeName, State);
}

/// <summary>
/// dwState 1 adds the disk's CSV-capable volumes (Ex: only <c>VolumeName</c>) as CSVs with every
/// mode off; dwState 0 removes them (Ex: only that volume), dropping their per-volume state (docs/behaviour.md, "Leaving CSV state").
/// <c>Extended</c> selects the Ex error codes.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="DwState">1 to add the disk's volumes to CSV, 0 to remove them.</param>
/// <param name="VolumeName">Extended form only: the one volume to add or remove; null for every volume of the disk.</param>
/// <param name="Extended">True for CLUSCTL_RESOURCE_CHANGE_CSV_STATE_EX (its error codes).</param>
public sealed record ChangeCsvState(string Resource, uint DwState, string? VolumeName = null, bool Extended = false) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvMembership.ChangeCsvState(tx, Resource, DwState, VolumeName, Extended);
}

/// <summary>CLUSCTL_RESOURCE_SET_MAINTENANCE_MODE (3.1.4.3.1.43): disk-level maintenance, persisted.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="InMaintenance">True to turn maintenance on, false to turn it off.</param>
public sealed record SetDiskMaintenance(string Resource, bool InMaintenance) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvMembership.SetDiskMaintenance(tx, Resource, InMaintenance);
}

/// <summary>
/// Emulator: a node loses (or regains) its connection to a disk. A CSV stays reachable from that node through
/// the coordinator (block redirected); if the coordinator itself lost the disk, the coordinator moves to a
/// connected node; with none left, the resource fails.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Node">The node that lost or regained the disk, by name or ID.</param>
/// <param name="Connected">True when the node reaches the disk again, false when it lost it.</param>
public sealed record SetDiskConnectivity(string Resource, string Node, bool Connected) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvMembership.SetDiskConnectivity(tx, Resource, Node, Connected);
}

/// <summary>
/// ClusterPrepareSharedVolumeForBackup (resapi.h; docs/behaviour.md, "ClusterPrepareSharedVolumeForBackup"). Spec profile: as on Windows Server 2008 R2,
/// backup mode on with the 1800-second self-clear; WS2012Plus: only the two names.
/// </summary>
/// <param name="FileName">A path on a CSV (or the volume's mount point).</param>
/// <param name="Requester">Who asked, kept with the backup state for diagnostics; null when unknown.</param>
public sealed record PrepareSharedVolumeForBackup(string FileName, string? Requester = null) : ClusterCommand<PreparedVolume>
{
    internal override (Win32Error Error, PreparedVolume? Value) Apply(ClusterModel model, Tx tx) => model.CsvPaths.PrepareSharedVolumeForBackup(tx, FileName, Requester);
}

/// <summary>
/// ClusterClearBackupStateForSharedVolume (resapi.h, as the Windows SDK documents it): backup mode off at once, whatever backups
/// may be running; a path not on a CSV is ERROR_INVALID_PARAMETER.
/// </summary>
/// <param name="VolumePathName">The CSV's volume path name, as PrepareSharedVolumeForBackup returned it.</param>
public sealed record ClearBackupStateForSharedVolume(string VolumePathName) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.CsvPaths.ClearBackupStateForSharedVolume(tx, VolumePathName);
}
