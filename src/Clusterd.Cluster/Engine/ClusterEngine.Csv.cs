using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The CSV subsystem's control operations (MS-CMRP 3.1.4.3.1.48-54, and the MSCS-only codes): per-volume maintenance, redirected and backup mode, the
/// volume backup timer, backup detection through snapshot states, and the derived per-node views.
/// The four per-CSV variables never change each other (MS-CMRP 3.1.1.4).
/// </summary>
public sealed partial class ClusterEngine
{
    private readonly VolumeIndex _volumes;

    /// <summary>
    /// The checks every CSV resource control makes first, in spec order (docs/behaviour.md, "Check order"): not a CSV resource →
    /// ERROR_INVALID_FUNCTION; not ClusterResourceOnline → ERROR_RESOURCE_NOT_ONLINE.
    /// </summary>
    public Win32Error CheckSharedVolumeResource(string resource)
    {
        lock (_gate)
        {
            return CheckCsv(ResourceByName(resource));
        }
    }

    private static Win32Error CheckCsv(Resource? r) =>
        r is null ? Win32Error.ResourceNotFound
        : !r.SharedVolumes ? Win32Error.InvalidFunction // MS-CMRP 3.1.4.3.1.48
        : r.State != ClusterResourceState.Online ? Win32Error.ResourceNotOnline
        : Win32Error.Success;

    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO (MS-CMRP 3.1.4.3.1.48): one entry per CSV of the resource.</summary>
    public (Win32Error Error, IReadOnlyList<SharedVolumeInfo>? Volumes) GetSharedVolumeInfo(string resource)
    {
        lock (_gate)
        {
            var r = ResourceByName(resource);
            var e = CheckCsv(r);
            return e != Win32Error.Success ? (e, null) : (e, [.. r!.Volumes.Select(ToInfo)]);
        }
    }

    /// <summary>Every CSV of the cluster, for diagnostics and the admin API (no checks).</summary>
    public IReadOnlyList<SharedVolumeInfo> GetAllSharedVolumes()
    {
        lock (_gate)
        {
            return [.. _resources.Values.SelectMany(r => r.Volumes).OrderBy(v => v.FriendlyName, StringComparer.OrdinalIgnoreCase).Select(ToInfo)];
        }
    }

    /// <summary>One CSV by friendly name or GUID path, or null.</summary>
    public SharedVolumeInfo? FindSharedVolume(string name)
    {
        lock (_gate)
        {
            return _volumes.Find(name) is { } v ? ToInfo(v) : null;
        }
    }

    /// <summary>
    /// CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE (MS-CMRP 3.1.4.3.1.51): idempotent; maintenance is nonvolatile.
    /// Not refused by backup or redirected mode. WS2012Plus profile: ERROR_INVALID_FUNCTION (footnote 173).
    /// </summary>
    public Win32Error SetCsvMaintenanceMode(string resource, string volumeName, bool inMaintenance) => Execute(tx =>
    {
        if (Options.Profile == CsvProfile.WS2012Plus)
        {
            return Win32Error.InvalidFunction;
        }
        var r = ResourceByName(resource);
        var e = CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (VolumeOf(r!, volumeName) is not { } v)
        {
            return Win32Error.InvalidParameter; // docs/behaviour.md, "Volume names"
        }
        if (v.Maintenance != inMaintenance)
        {
            tx.SetDWord(v.Key, SharedVolume.MaintenanceValue, inMaintenance ? 1u : 0u);
            tx.TouchCsv(r!);
        }
        return Win32Error.Success;
    });

    /// <summary>
    /// CLUSCTL_RESOURCE_ENABLE_SHARED_VOLUME_DIRECTIO (enable = true: leave redirected mode, 3.1.4.3.1.52) and
    /// DISABLE_SHARED_VOLUME_DIRECTIO (enable = false: enter it, 3.1.4.3.1.53). Checks in spec order: not CSV,
    /// not online, unknown volume, maintenance (ERROR_CLUSTER_INVALID_REQUEST), backup
    /// (ERROR_CLUSTER_BACKUP_IN_PROGRESS). Idempotent. Returns the volume GUID path for the output buffer.
    /// <paramref name="answerFits"/>, when given, is asked after every check whether the caller has room for the
    /// GUID path; if not the answer is ERROR_MORE_DATA and nothing changes (MS-CMRP 3.1.4.2.74: lpcbRequired), so
    /// a short output buffer never leaves the transition made behind an error.
    /// </summary>
    public (Win32Error Error, string? VolumeName) SetDirectIO(string resource, string volumeName, bool enable, Func<string, bool>? answerFits = null) => Execute<string>(tx =>
    {
        var r = ResourceByName(resource);
        var e = CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return (e, null);
        }
        if (VolumeOf(r!, volumeName) is not { } v)
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
        if (answerFits is not null && !answerFits(v.VolumeName))
        {
            return (Win32Error.MoreData, null);
        }
        if (v.Redirected == enable)
        {
            tx.SetDWord(v.Key, SharedVolume.RedirectedValue, enable ? 0u : 1u);
            tx.TouchCsv(r!);
        }
        return (Win32Error.Success, v.VolumeName);
    });

    /// <summary>
    /// CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 3.1.4.3.1.54, 3.1.5.1). InProgress turns
    /// backup mode on and (re)starts the volume backup timer for <paramref name="delaySeconds"/>; when a backup
    /// was already detected it stays as it is (docs/behaviour.md, "Re-arming backup mode"). None turns backup mode off and cancels the timer.
    /// Any non-zero delay up to uint.MaxValue seconds gives an exact deadline; only one past
    /// <see cref="DateTimeOffset.MaxValue"/> is refused (ERROR_INVALID_PARAMETER, before anything changes).
    /// WS2012Plus profile: ERROR_INVALID_FUNCTION (footnote 176).
    /// </summary>
    public Win32Error SetBackupMode(string resource, string volumeName, SharedVolumeBackupState state, uint delaySeconds, string? requester = null) => Execute(tx =>
    {
        if (Options.Profile == CsvProfile.WS2012Plus)
        {
            return Win32Error.InvalidFunction;
        }
        var r = ResourceByName(resource);
        var e = CheckCsv(r);
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (VolumeOf(r!, volumeName) is not { } v)
        {
            return Win32Error.InvalidParameter;
        }
        return ApplyBackupMode(tx, v, state, delaySeconds, requester);
    });

    private Win32Error ApplyBackupMode(Tx tx, SharedVolume v, SharedVolumeBackupState state, uint delaySeconds, string? requester)
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
                if (DeadlineAfter(tx.Now, TimeSpan.FromSeconds(delaySeconds)) is not { } due)
                {
                    return Win32Error.InvalidParameter;
                }
                SetBackup(tx, v, new BackupStatus(true, due, v.Backup.SnapshotSets, requester ?? v.Backup.Requester));
                Schedule(DeadlineKind.BackupTimer, VolumeIndex.Normalize(v.VolumeName), due);
                return Win32Error.Success;
            case SharedVolumeBackupState.None:
                SetBackup(tx, v, BackupStatus.Idle);
                return Win32Error.Success;
            default:
                return Win32Error.InvalidParameter;
        }
    }

    /// <summary>The one place backup state changes; the volatile record follows it.</summary>
    private static void SetBackup(Tx tx, SharedVolume v, BackupStatus status)
    {
        var old = v.Backup;
        if (old == status || (old.Mode == status.Mode && old.Deadline == status.Deadline && old.SnapshotSets.SequenceEqual(status.SnapshotSets)))
        {
            return;
        }
        v.Backup = status;
        tx.OnUndo(() => v.Backup = old);
        tx.SetVolatile(v.VolatileStoreKey, status.Mode || status.SnapshotSets.Count > 0 ? status.Serialize() : null);
        if (old.Mode != status.Mode)
        {
            tx.TouchCsv(v.Resource);
        }
    }

    private bool ExpireBackupTimer(Tx tx, DeadlineEntry entry)
    {
        if (_volumes.Find(entry.Id) is not { } v || v.Backup.Deadline != entry.Due)
        {
            return false; // stale: the timer was cancelled or re-armed
        }
        // MS-CMRP 3.1.5.1: at expiry, a backup that was seen keeps the mode; otherwise backup mode is turned off.
        // A detected backup cancels the timer (row 4), so an armed volume here has seen none.
        SetBackup(tx, v, BackupStatus.Idle);
        return true;
    }

    /// <summary>
    /// ClusterSharedVolumeSetSnapshotState semantics, the backup detector (MS-CMRP 3.1.5.1 leaves it open; docs/behaviour.md, "Backup detection"): PrepareForFreeze
    /// or PrepareForHWSnapshot for a snapshot set means a backup started (backup mode on, timer cancelled);
    /// HWSnapshotCompleted ends that set, and when the last set of the volume ends the backup completed
    /// (backup mode off). Completing a set that is not in progress changes nothing.
    /// </summary>
    public Win32Error SetSnapshotState(Guid snapshotSet, string volumeName, SharedVolumeSnapshotState state) => Execute(tx =>
    {
        if (_volumes.Find(volumeName) is not { } v)
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
    });

    /// <summary>CLUSCTL_RESOURCE_STORAGE_IS_SHARED_VOLUME (MSCS only; docs/behaviour.md, "MSCS-only codes").</summary>
    public Win32Error IsSharedVolume(string resource)
    {
        lock (_gate)
        {
            return ResourceByName(resource) switch
            {
                null => Win32Error.ResourceNotFound,
                { SharedVolumes: true } => Win32Error.Success,
                _ => Win32Error.ClusterNotSharedVolume,
            };
        }
    }

    /// <summary>
    /// CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_STATES (MSCS only; docs/behaviour.md, "MSCS-only codes"): one entry per (volume, node),
    /// optionally for one volume.
    /// </summary>
    public (Win32Error Error, IReadOnlyList<SharedVolumeNodeState>? States) GetSharedVolumeStates(string resource, string? volumeName)
    {
        lock (_gate)
        {
            var r = ResourceByName(resource);
            var e = CheckCsv(r);
            if (e != Win32Error.Success)
            {
                return (e, null);
            }
            IEnumerable<SharedVolume> vols = r!.Volumes;
            if (!string.IsNullOrEmpty(volumeName))
            {
                if (VolumeOf(r, volumeName) is not { } one)
                {
                    return (Win32Error.InvalidParameter, null);
                }
                vols = [one];
            }
            return (Win32Error.Success, [.. vols.SelectMany(VolumeStatesOnAllNodes)]);
        }
    }

    /// <summary>The per-node view of every CSV (Get-ClusterSharedVolumeState).</summary>
    public IReadOnlyList<SharedVolumeNodeState> GetAllVolumeStates()
    {
        lock (_gate)
        {
            return [.. _resources.Values.SelectMany(r => r.Volumes).SelectMany(VolumeStatesOnAllNodes)];
        }
    }

    private SharedVolume? VolumeOf(Resource r, string name) =>
        _volumes.Find(name) is { } v && v.Resource == r ? v : null;

    private static void RaiseVolumeStates(Tx tx, Resource r)
    {
        if (r.Volumes.Count > 0)
        {
            tx.TouchCsv(r);
        }
    }

    private IEnumerable<SharedVolumeNodeState> VolumeStatesOnAllNodes(SharedVolume v) =>
        _nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(n => StateOn(v, n));

    /// <summary>
    /// The effective state of a CSV on one node (docs/behaviour.md, "Mode variables and per-node state"): unavailable when the node is not up or the
    /// resource not online; Paused in maintenance; ActiveRedirected when redirected mode is on (reason
    /// UserRequest); ActiveBlockRedirected when this node lost the disk and is not the coordinator (reason
    /// NoDiskConnectivity); Active otherwise. Both reason fields are reported whatever the state.
    /// </summary>
    private SharedVolumeNodeState StateOn(SharedVolume v, Node n)
    {
        var r = v.Resource;
        var coordinator = OwnerOf(r);
        var fs = v.Redirected ? RedirectedIOReason.UserRequest : RedirectedIOReason.NotRedirected;
        var block = r.DisconnectedNodeIds.Contains(n.Id) && coordinator != n
            ? BlockRedirectedIOReason.NoDiskConnectivity
            : BlockRedirectedIOReason.NotRedirected;
        SharedVolumeState state;
        if (!n.IsActive || r.State != ClusterResourceState.Online)
        {
            state = SharedVolumeState.Unavailable;
            fs = RedirectedIOReason.NotRedirected;
            block = BlockRedirectedIOReason.NotRedirected;
        }
        else if (v.Maintenance)
        {
            state = SharedVolumeState.Paused;
        }
        else if (fs != RedirectedIOReason.NotRedirected)
        {
            state = SharedVolumeState.ActiveRedirected;
        }
        else if (block != BlockRedirectedIOReason.NotRedirected)
        {
            state = SharedVolumeState.ActiveBlockRedirected;
        }
        else
        {
            state = SharedVolumeState.Active;
        }
        return new SharedVolumeNodeState(v.VolumeName, n.Name, state, v.FriendlyName, fs, block);
    }

    /// <summary>FaultState (MS-CMRP 2.2.3.18; precedence of docs/behaviour.md, "FaultState"): NoAccess > InMaintenance > Redirected > NoFaults.</summary>
    private CsvVolumeFaultState FaultStateOf(SharedVolume v)
    {
        // StateOn is Unavailable exactly when the node is not active or the resource not online.
        if (v.Resource.State != ClusterResourceState.Online || !AnyActiveNode())
        {
            return CsvVolumeFaultState.NoAccess;
        }
        if (v.Maintenance)
        {
            return CsvVolumeFaultState.InMaintenance;
        }
        return v.Redirected || v.Backup.Mode ? CsvVolumeFaultState.Redirected : CsvVolumeFaultState.NoFaults;
    }

    private bool AnyActiveNode()
    {
        foreach (var n in _nodes.Values)
        {
            if (n.IsActive)
            {
                return true;
            }
        }
        return false;
    }

    private SharedVolumeInfo ToInfo(SharedVolume v) => new(
        v.Resource.Id, v.Resource.Name, v.FriendlyName, v.VolumeName, v.VolumeOffset, v.PartitionNumber,
        FaultStateOf(v), v.Backup.Mode ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None,
        v.Maintenance, v.Redirected, v.Backup.Deadline, v.Backup.SnapshotSets.Count, OwnerOf(v.Resource)?.Name ?? "");
}
