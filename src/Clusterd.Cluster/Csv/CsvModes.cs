using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The CSV subsystem's per-volume modes (MS-CMRP 3.1.4.3.1.51-54): maintenance, redirected and backup mode, the volume
/// backup timer's expiry, and backup detection through snapshot states. The four per-CSV variables never change each
/// other (MS-CMRP 3.1.1.4). The per-node views derived from them are <see cref="ClusterModel.StateOn"/> and the CSV
/// queries.
/// </summary>
internal sealed class CsvModes(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.SetCsvMaintenanceMode"/>.</summary>
    internal Win32Error SetCsvMaintenanceMode(Tx tx, string resource, string volumeName, bool inMaintenance)
    {
        if (_model.Options.Profile == CsvProfile.WS2012Plus)
        {
            return Win32Error.InvalidFunction;
        }
        var r = _model.ResourceByName(resource);
        var e = ClusterModel.CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (_model.VolumeOf(r!, volumeName) is not { } v)
        {
            return Win32Error.InvalidParameter; // docs/behaviour.md, "Volume names"
        }
        if (v.Maintenance != inMaintenance)
        {
            tx.SetDWord(v.Key, SharedVolume.MaintenanceValue, inMaintenance ? 1u : 0u);
            tx.TouchCsv(r!);
        }
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetDirectIO"/>.</summary>
    internal (Win32Error Error, string? VolumeName) SetDirectIO(Tx tx, string resource, string volumeName, bool enable, uint answerBufferBytes)
    {
        var r = _model.ResourceByName(resource);
        var e = ClusterModel.CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return (e, null);
        }
        if (_model.VolumeOf(r!, volumeName) is not { } v)
        {
            return (Win32Error.InvalidParameter, null);
        }
        if (v.Maintenance)
        {
            return (Win32Error.ClusterInvalidRequest, null); // MS-CMRP 3.1.4.3.1.52/53
        }
        if (v.Backup.Mode)
        {
            return (Win32Error.ClusterBackupInProgress, null);
        }
        if (answerBufferBytes != 0 && (v.VolumeName.Length + 1) * 2L > answerBufferBytes)
        {
            return (Win32Error.MoreData, null);
        }
        if (v.Redirected == enable)
        {
            tx.SetDWord(v.Key, SharedVolume.RedirectedValue, enable ? 0u : 1u);
            tx.TouchCsv(r!);
        }
        return (Win32Error.Success, v.VolumeName);
    }

    /// <summary>Applies <see cref="Commands.SetBackupMode"/>.</summary>
    internal Win32Error SetBackupMode(Tx tx, string resource, string volumeName, SharedVolumeBackupState state, uint delaySeconds, string? requester = null)
    {
        if (_model.Options.Profile == CsvProfile.WS2012Plus)
        {
            return Win32Error.InvalidFunction;
        }
        var r = _model.ResourceByName(resource);
        var e = ClusterModel.CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (_model.VolumeOf(r!, volumeName) is not { } v)
        {
            return Win32Error.InvalidParameter;
        }
        return ApplyBackupMode(tx, v, state, delaySeconds, requester);
    }

    internal Win32Error ApplyBackupMode(Tx tx, SharedVolume v, SharedVolumeBackupState state, uint delaySeconds, string? requester)
    {
        switch (state)
        {
            case SharedVolumeBackupState.InProgress:
                if (delaySeconds == 0)
                {
                    return Win32Error.InvalidParameter; // docs/behaviour.md, "Backup-mode input"
                }
                if (v.Backup.Mode && v.Backup.Deadline is null)
                {
                    return Win32Error.Success; // a backup is already seen: nothing to wait for (docs/behaviour.md, "Re-arming backup mode")
                }
                // The deadline is exact whatever its length (uint.MaxValue s is about 136 years); the engine timer
                // clamps only its wake-up. A deadline past DateTimeOffset.MaxValue cannot be kept: refused here,
                // before anything changes (MS-CMRP 3.1.4.2.74: unusable control input is ERROR_INVALID_PARAMETER).
                if (Deadlines.DeadlineAfter(tx.Now, TimeSpan.FromSeconds(delaySeconds)) is not { } due)
                {
                    return Win32Error.InvalidParameter;
                }
                SetBackup(tx, v, new BackupStatus(true, due, v.Backup.SnapshotSets, requester ?? v.Backup.Requester));
                _model.Deadlines.Schedule(DeadlineKind.BackupTimer, VolumeIndex.Normalize(v.VolumeName), due, tx);
                return Win32Error.Success;
            case SharedVolumeBackupState.None:
                SetBackup(tx, v, BackupStatus.Idle);
                return Win32Error.Success;
            default:
                return Win32Error.InvalidParameter;
        }
    }

    /// <summary>The one place backup state changes; the volatile record follows it.</summary>
    internal static void SetBackup(Tx tx, SharedVolume v, BackupStatus status)
    {
        var old = v.Backup;
        if (old == status || (old.Mode == status.Mode && old.Deadline == status.Deadline && old.SnapshotSets.SequenceEqual(status.SnapshotSets)))
        {
            return;
        }
        v.Backup = status;
        tx.OnUndo(() => v.Backup = old);
        NoteTransition(tx, v, old, status);
        tx.SetVolatile(v.VolatileStoreKey, status.Mode || status.SnapshotSets.Count > 0 ? status.Serialize() : null);
        if (old.Mode != status.Mode)
        {
            tx.TouchCsv(v.Resource);
        }
    }

    /// <summary>Notes a change of backup phase for the metrics (recorded only if the command commits).</summary>
    private static void NoteTransition(Tx tx, SharedVolume v, BackupStatus old, BackupStatus status)
    {
        var from = ClusterMetrics.PhaseOf(old);
        var to = ClusterMetrics.PhaseOf(status);
        if (from == to)
        {
            return; // a re-armed timer or another snapshot set: the phase stays
        }
        var since = v.BackupSince;
        TimeSpan? duration = null;
        if (to == BackupPhase.Idle)
        {
            duration = since is { } s ? tx.Now - s : null;
            v.BackupSince = null;
        }
        else if (from == BackupPhase.Idle)
        {
            v.BackupSince = tx.Now;
        }
        tx.OnUndo(() => v.BackupSince = since);
        tx.NoteCsvTransition(new CsvTransition(from, to, duration));
    }

    internal bool ExpireBackupTimer(Tx tx, DeadlineEntry entry)
    {
        if (_model.Volumes.Find(entry.Id) is not { } v || v.Backup.Deadline != entry.Due)
        {
            return false; // stale: the timer was cancelled or re-armed
        }
        // MS-CMRP 3.1.5.1: at expiry, a backup that was seen keeps the mode; otherwise backup mode is turned off.
        // A detected backup cancels the timer (row 4), so an armed volume here has seen none.
        SetBackup(tx, v, BackupStatus.Idle);
        return true;
    }

    /// <summary>Applies <see cref="Commands.SetSnapshotState"/>.</summary>
    internal Win32Error SetSnapshotState(Tx tx, Guid snapshotSet, string volumeName, SharedVolumeSnapshotState state)
    {
        if (_model.Volumes.Find(volumeName) is not { } v)
        {
            return Win32Error.InvalidParameter;
        }
        if (v.Resource.State != ClusterResourceState.Online)
        {
            return Win32Error.ResourceNotOnline;
        }
        var cur = v.Backup;
        switch (state)
        {
            case SharedVolumeSnapshotState.PrepareForHWSnapshot:
            case SharedVolumeSnapshotState.PrepareForFreeze:
                var sets = cur.SnapshotSets.Contains(snapshotSet) ? cur.SnapshotSets : [.. cur.SnapshotSets, snapshotSet];
                SetBackup(tx, v, new BackupStatus(true, null, sets, cur.Requester ?? "snapshot " + snapshotSet.ToString("D")));
                return Win32Error.Success;
            case SharedVolumeSnapshotState.HWSnapshotCompleted:
                if (!cur.SnapshotSets.Contains(snapshotSet))
                {
                    return Win32Error.Success;
                }
                var left = cur.SnapshotSets.Where(s => s != snapshotSet).ToList();
                SetBackup(tx, v, left.Count == 0 ? BackupStatus.Idle : cur with { SnapshotSets = left });
                return Win32Error.Success;
            default:
                return Win32Error.InvalidParameter;
        }
    }
}
