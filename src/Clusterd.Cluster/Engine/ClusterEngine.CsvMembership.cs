using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// ApiChangeCsvState / ApiChangeCsvStateEx (MS-CMRP 3.1.4.2.122, 3.1.4.2.164): turning a Physical Disk into a
/// CSV (its own special group, GroupType ClusGroupTypeSharedVolume) and back into Available Storage; plus disk
/// maintenance mode (3.1.4.3.1.42/43) and the emulator's disk-connectivity faults.
/// </summary>
public sealed partial class ClusterEngine
{
    private const string PhysicalDisk = "Physical Disk";
    private const string DiskMaintenanceValue = "DiskMaintenance";

    /// <summary>
    /// dwState 1 adds the disk's CSV-capable volumes (Ex: only <paramref name="volumeName"/>) as CSVs with every
    /// mode off; dwState 0 removes them (Ex: only that volume), dropping their per-volume state (docs/behaviour.md, "Leaving CSV state").
    /// <paramref name="extended"/> selects the Ex error codes.
    /// </summary>
    public Win32Error ChangeCsvState(string resource, uint dwState, string? volumeName = null, bool extended = false) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        return dwState switch
        {
            1 => AddToCsv(tx, r, volumeName, extended),
            0 => RemoveFromCsv(tx, r, volumeName),
            _ => Win32Error.InvalidParameter,
        };
    });

    private Win32Error AddToCsv(Tx tx, Resource r, string? volumeName, bool extended)
    {
        if (_db.Root.GetDWord("EnableSharedVolumes") == 0)
        {
            return Win32Error.ClusterInvalidRequest;
        }
        if (!string.Equals(r.TypeName, PhysicalDisk, StringComparison.OrdinalIgnoreCase))
        {
            return Win32Error.ClusterResTypeNotSupported;
        }
        if (r.State != ClusterResourceState.Online)
        {
            return Win32Error.ResourceNotOnline;
        }
        var partitions = Partitions(r);
        var capable = partitions.Where(p => p.Capable).ToList();
        if (r.SharedVolumes)
        {
            // Already a CSV: only ApiChangeCsvStateEx can add one more of its volumes.
            if (volumeName is null)
            {
                return Win32Error.ClusterInvalidRequest;
            }
            var more = partitions.FirstOrDefault(p => VolumeNameIs(p.VolumeName, volumeName));
            if (more is null)
            {
                return Win32Error.InvalidParameter;
            }
            if (!more.Capable)
            {
                return Win32Error.DiskNotCsvCapable;
            }
            if (r.Volumes.Any(v => VolumeNameIs(v.VolumeName, volumeName)))
            {
                return Win32Error.ClusterInvalidRequest;
            }
            AddVolume(tx, r, more);
            return Win32Error.Success;
        }
        if (!_groups.TryGetValue(r.GroupId, out var from) || from.GroupType != ClusterGroupType.AvailableStorage)
        {
            return extended ? Win32Error.ResourceNotInAvailableStorage : Win32Error.ClusterInvalidRequest;
        }
        if (r.Key.GetDWord(DiskMaintenanceValue) != 0)
        {
            return Win32Error.ClusterInvalidRequest;
        }
        if (r.DependsOn.Count > 0 || Dependents(r).Count > 0)
        {
            return extended ? Win32Error.DependentResourceExists : Win32Error.ClusterInvalidRequest;
        }
        if (capable.Count == 0)
        {
            return Win32Error.DiskNotCsvCapable;
        }
        var chosen = capable;
        if (volumeName is not null)
        {
            var one = partitions.FirstOrDefault(p => VolumeNameIs(p.VolumeName, volumeName));
            if (one is null)
            {
                return Win32Error.InvalidParameter;
            }
            if (!one.Capable)
            {
                return Win32Error.DiskNotCsvCapable;
            }
            chosen = [one];
        }

        // The special group (MS-CMRP 3.1.1.1.4): its own group, owned where the disk is, marked GroupType 4.
        var special = NewGroupKey(tx, Options.NewId().ToString("D"), UniqueGroupName(r.Name), ClusterGroupType.SharedVolume, from.OwnerNodeId);
        tx.SetDWord(special.Key, V.PersistentState, 1);
        MoveResource(tx, r, from, special);
        tx.SetDWord(r.Key, V.SharedVolume, 1);
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.Added, special.Id, special.Name));
        foreach (var p in chosen)
        {
            AddVolume(tx, r, p);
        }
        return Win32Error.Success;
    }

    private Win32Error RemoveFromCsv(Tx tx, Resource r, string? volumeName)
    {
        if (!r.SharedVolumes)
        {
            return Win32Error.ClusterInvalidRequest; // MS-CMRP 3.1.4.2.122: dwState 0 and already FALSE
        }
        var remove = r.Volumes.ToList();
        if (volumeName is not null)
        {
            if (VolumeOf(r, volumeName) is not { } one)
            {
                return Win32Error.InvalidParameter;
            }
            remove = [one];
        }
        foreach (var v in remove)
        {
            SetBackup(tx, v, BackupStatus.Idle);
            tx.DeleteKey(v.Key);
            r.Volumes.Remove(v);
            _volumes.Remove(v);
            tx.OnUndo(() =>
            {
                r.Volumes.Add(v);
                _volumes.Add(v);
            });
            tx.Raise(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeRemoved, r.Id, r.Name, null, null,
                [.. VolumeStatesOnAllNodes(v)]));
        }
        if (r.Volumes.Count > 0)
        {
            tx.TouchCsv(r);
            return Win32Error.Success;
        }
        var storage = _groups.Values.FirstOrDefault(g => g.GroupType == ClusterGroupType.AvailableStorage);
        if (storage is null)
        {
            storage = NewGroupKey(tx, Options.NewId().ToString("D"), "Available Storage", ClusterGroupType.AvailableStorage, OwnerOf(r)?.Id ?? _localNodeId);
        }
        var special = _groups.GetValueOrDefault(r.GroupId);
        tx.SetDWord(r.Key, V.SharedVolume, 0);
        if (special is not null)
        {
            MoveResource(tx, r, special, storage);
            if (special.IsSpecial && special.Resources.Count == 0)
            {
                RemoveGroup(tx, special);
            }
        }
        return Win32Error.Success;
    }

    private void MoveResource(Tx tx, Resource r, Group from, Group to)
    {
        tx.SetString(r.Key, V.Group, to.Id);
        from.Resources.Remove(r);
        InsertInOrder(to, r);
        tx.OnUndo(() =>
        {
            to.Resources.Remove(r);
            InsertInOrder(from, r);
        });
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.OwnerChanged, r.Id, r.Name, to.Id, r.TypeName));
    }

    private void AddVolume(Tx tx, Resource r, PartitionView p)
    {
        var next = _db.Root.GetDWord("NextSharedVolumeNumber", 1);
        string friendly;
        do
        {
            friendly = "Volume" + next.ToString(CultureInfo.InvariantCulture);
            next++;
        }
        while (_volumes.Find(friendly) is not null);
        tx.SetDWord(_db.Root, "NextSharedVolumeNumber", next);
        var vk = tx.EnsureKey(tx.EnsureKey(r.Key, "SharedVolumes"), p.PartitionNumber.ToString(CultureInfo.InvariantCulture));
        tx.SetString(vk, SharedVolume.FriendlyNameValue, friendly);
        tx.SetString(vk, SharedVolume.VolumeNameValue, p.VolumeName);
        tx.SetQWord(vk, SharedVolume.OffsetValue, p.Offset);
        tx.SetDWord(vk, SharedVolume.PartitionValue, p.PartitionNumber);
        tx.SetDWord(vk, SharedVolume.MaintenanceValue, 0); // MS-CMRP 3.1.4.2.122: all modes off
        tx.SetDWord(vk, SharedVolume.RedirectedValue, 0);
        var v = new SharedVolume(r, vk);
        r.Volumes.Add(v);
        _volumes.Add(v);
        tx.OnUndo(() =>
        {
            r.Volumes.Remove(v);
            _volumes.Remove(v);
        });
        tx.Raise(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeAdded, r.Id, r.Name, null, null, []));
        tx.TouchCsv(r);
    }

    private string UniqueGroupName(string wanted)
    {
        var name = wanted;
        for (var i = 2; GroupByName(name) is not null; i++)
        {
            name = wanted + " (" + i.ToString(CultureInfo.InvariantCulture) + ")";
        }
        return name;
    }

    private sealed record PartitionView(string VolumeName, ulong Offset, uint PartitionNumber, string FileSystem)
    {
        // CLUSPROP_PIFLAG_USABLE_FOR_CSV: NTFS or ReFS (MS-CMRP 2.2.3.11)
        public bool Capable => FileSystem is "NTFS" or "ReFS";
    }

    private static List<PartitionView> Partitions(Resource r) =>
        [.. (r.Key.Subkey("Partitions")?.Subkeys.Values ?? Enumerable.Empty<Database.DbKey>())
            .Select(k => new PartitionView(
                k.GetString(SharedVolume.VolumeNameValue), k.GetQWord(SharedVolume.OffsetValue),
                k.GetDWord(SharedVolume.PartitionValue), k.GetString("FileSystem")))];

    private static bool VolumeNameIs(string volumeName, string name) =>
        string.Equals(VolumeIndex.Normalize(volumeName), VolumeIndex.Normalize(name), StringComparison.OrdinalIgnoreCase);

    /// <summary>CLUSCTL_RESOURCE_QUERY_MAINTENANCE_MODE (3.1.4.3.1.42): disk-level maintenance; non-storage → ERROR_INVALID_FUNCTION.</summary>
    public (Win32Error Error, bool InMaintenance) GetDiskMaintenance(string resource)
    {
        lock (_gate)
        {
            return ResourceByName(resource) switch
            {
                null => (Win32Error.ResourceNotFound, false),
                { } r when !IsStorage(r) => (Win32Error.InvalidFunction, false),
                { } r => (Win32Error.Success, r.Key.GetDWord(DiskMaintenanceValue) != 0),
            };
        }
    }

    /// <summary>CLUSCTL_RESOURCE_SET_MAINTENANCE_MODE (3.1.4.3.1.43): disk-level maintenance, persisted.</summary>
    public Win32Error SetDiskMaintenance(string resource, bool inMaintenance) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (!IsStorage(r))
        {
            return Win32Error.InvalidFunction;
        }
        tx.SetDWord(r.Key, DiskMaintenanceValue, inMaintenance ? 1u : 0u);
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    });

    private bool IsStorage(Resource r) => _types.TryGetValue(r.TypeName, out var t) && t.Key.GetDWord(V.ResourceClass) == 1;

    /// <summary>
    /// Emulator: a node loses (or regains) its connection to a disk. A CSV stays reachable from that node through
    /// the coordinator (block redirected); if the coordinator itself lost the disk, the coordinator moves to a
    /// connected node; with none left, the resource fails.
    /// </summary>
    public Win32Error SetDiskConnectivity(string resource, string node, bool connected) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!IsStorage(r))
        {
            return Win32Error.InvalidFunction;
        }
        if (_replica is not null && !string.Equals(n.Id, _localNodeId, StringComparison.OrdinalIgnoreCase))
        {
            // Node-local truth (docs/multi-node.md): only a node itself knows whether it reaches a disk.
            return Win32Error.ClusterInvalidRequest;
        }
        var changed = connected ? r.DisconnectedNodeIds.Remove(n.Id) : r.DisconnectedNodeIds.Add(n.Id);
        if (!changed)
        {
            return Win32Error.Success;
        }
        tx.TouchDisks(n.Id);
        tx.OnUndo(() =>
        {
            if (connected)
            {
                r.DisconnectedNodeIds.Add(n.Id);
            }
            else
            {
                r.DisconnectedNodeIds.Remove(n.Id);
            }
        });
        if (!connected && _groups.TryGetValue(r.GroupId, out var g) && g.OwnerNodeId == n.Id)
        {
            var target = FailoverTarget(g, exclude: n.Id, requireConnectivity: true);
            if (target is not null)
            {
                MoveGroupTo(tx, g, target);
            }
            else if (r.State != ClusterResourceState.Offline)
            {
                SetResourceState(tx, r, ClusterResourceState.Failed);
            }
        }
        tx.TouchCsv(r);
        return Win32Error.Success;
    });
}
