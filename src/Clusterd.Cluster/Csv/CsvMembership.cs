using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// ApiChangeCsvState / ApiChangeCsvStateEx (MS-CMRP 3.1.4.2.122, 3.1.4.2.164): turning a Physical Disk into a
/// CSV (its own special group, GroupType ClusGroupTypeSharedVolume) and back into Available Storage; plus disk
/// maintenance mode (3.1.4.3.1.42/43) and the disk-connectivity faults (node-local facts).
/// </summary>
internal sealed class CsvMembership(ClusterModel model)
{
    private readonly ClusterModel _model = model;
    internal const string PhysicalDisk = "Physical Disk";
    internal const string DiskMaintenanceValue = "DiskMaintenance";

    /// <summary>Applies <see cref="Commands.ChangeCsvState"/>.</summary>
    internal Win32Error ChangeCsvState(Tx tx, string resource, uint dwState, string? volumeName = null, bool extended = false)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        return dwState switch
        {
            1 => AddToCsv(tx, r, volumeName, extended),
            0 => RemoveFromCsv(tx, r, volumeName),
            _ => Win32Error.InvalidParameter,
        };
    }

    internal Win32Error AddToCsv(Tx tx, Resource r, string? volumeName, bool extended)
    {
        if (_model.Db.Root.GetDWord("EnableSharedVolumes") == 0)
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
        if (!_model.Groups.TryGetValue(r.GroupId, out var from) || from.GroupType != ClusterGroupType.AvailableStorage)
        {
            return extended ? Win32Error.ResourceNotInAvailableStorage : Win32Error.ClusterInvalidRequest;
        }
        if (r.Key.GetDWord(DiskMaintenanceValue) != 0)
        {
            return Win32Error.ClusterInvalidRequest;
        }
        if (r.DependsOn.Count > 0 || _model.ResourceLifecycle.Dependents(r).Count > 0)
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
        var special = _model.GroupLifecycle.NewGroupKey(tx, _model.Options.NewId().ToString("D"), UniqueGroupName(r.Name), ClusterGroupType.SharedVolume, from.OwnerNodeId);
        tx.SetDWord(special.Key, V.PersistentState, 1);
        MoveResource(tx, r, from, special);
        tx.SetDWord(r.Key, V.SharedVolume, 1);
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.Added, special.Id, special.Name));
        foreach (var p in chosen)
        {
            AddVolume(tx, r, p);
        }
        return Win32Error.Success;
    }

    internal Win32Error RemoveFromCsv(Tx tx, Resource r, string? volumeName)
    {
        if (!r.SharedVolumes)
        {
            return Win32Error.ClusterInvalidRequest; // MS-CMRP 3.1.4.2.122: dwState 0 and already FALSE
        }
        var remove = r.Volumes.ToList();
        if (volumeName is not null)
        {
            if (_model.VolumeOf(r, volumeName) is not { } one)
            {
                return Win32Error.InvalidParameter;
            }
            remove = [one];
        }
        foreach (var v in remove)
        {
            CsvModes.SetBackup(tx, v, BackupStatus.Idle);
            tx.DeleteKey(v.Key);
            r.Volumes.Remove(v);
            _model.Volumes.Remove(v);
            tx.OnUndo(() =>
            {
                r.Volumes.Add(v);
                _model.Volumes.Add(v);
            });
            tx.Raise(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeRemoved, r.Id, r.Name, null, null,
                [.. _model.VolumeStatesOnAllNodes(v)]));
        }
        if (r.Volumes.Count > 0)
        {
            tx.TouchCsv(r);
            return Win32Error.Success;
        }
        var storage = _model.Groups.Values.FirstOrDefault(g => g.GroupType == ClusterGroupType.AvailableStorage);
        if (storage is null)
        {
            storage = _model.GroupLifecycle.NewGroupKey(tx, _model.Options.NewId().ToString("D"), "Available Storage", ClusterGroupType.AvailableStorage, _model.OwnerOf(r)?.Id ?? _model.LocalNodeId);
        }
        var special = _model.Groups.GetValueOrDefault(r.GroupId);
        tx.SetDWord(r.Key, V.SharedVolume, 0);
        if (special is not null)
        {
            MoveResource(tx, r, special, storage);
            if (special.IsSpecial && special.Resources.Count == 0)
            {
                _model.GroupLifecycle.RemoveGroup(tx, special);
            }
        }
        return Win32Error.Success;
    }

    internal void MoveResource(Tx tx, Resource r, Group from, Group to)
    {
        tx.SetString(r.Key, V.Group, to.Id);
        from.Resources.Remove(r);
        ResourceLifecycle.InsertInOrder(to, r);
        tx.OnUndo(() =>
        {
            to.Resources.Remove(r);
            ResourceLifecycle.InsertInOrder(from, r);
        });
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.OwnerChanged, r.Id, r.Name, to.Id, r.TypeName));
    }

    internal void AddVolume(Tx tx, Resource r, PartitionView p)
    {
        var next = _model.Db.Root.GetDWord("NextSharedVolumeNumber", 1);
        string friendly;
        do
        {
            friendly = "Volume" + next.ToString(CultureInfo.InvariantCulture);
            next++;
        }
        while (_model.Volumes.Find(friendly) is not null);
        tx.SetDWord(_model.Db.Root, "NextSharedVolumeNumber", next);
        var vk = tx.EnsureKey(tx.EnsureKey(r.Key, "SharedVolumes"), p.PartitionNumber.ToString(CultureInfo.InvariantCulture));
        tx.SetString(vk, SharedVolume.FriendlyNameValue, friendly);
        tx.SetString(vk, SharedVolume.VolumeNameValue, p.VolumeName);
        tx.SetQWord(vk, SharedVolume.OffsetValue, p.Offset);
        tx.SetDWord(vk, SharedVolume.PartitionValue, p.PartitionNumber);
        tx.SetDWord(vk, SharedVolume.MaintenanceValue, 0); // MS-CMRP 3.1.4.2.122: all modes off
        tx.SetDWord(vk, SharedVolume.RedirectedValue, 0);
        var v = new SharedVolume(r, vk);
        r.Volumes.Add(v);
        _model.Volumes.Add(v);
        tx.OnUndo(() =>
        {
            r.Volumes.Remove(v);
            _model.Volumes.Remove(v);
        });
        tx.Raise(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeAdded, r.Id, r.Name, null, null, []));
        tx.TouchCsv(r);
    }

    internal string UniqueGroupName(string wanted)
    {
        var name = wanted;
        for (var i = 2; _model.GroupByName(name) is not null; i++)
        {
            name = wanted + " (" + i.ToString(CultureInfo.InvariantCulture) + ")";
        }
        return name;
    }

    internal sealed record PartitionView(string VolumeName, ulong Offset, uint PartitionNumber, string FileSystem)
    {
        // CLUSPROP_PIFLAG_USABLE_FOR_CSV: NTFS or ReFS (MS-CMRP 2.2.3.11)
        public bool Capable => FileSystem is "NTFS" or "ReFS";
    }

    internal static List<PartitionView> Partitions(Resource r) =>
        [.. (r.Key.Subkey("Partitions")?.Subkeys.Values ?? Enumerable.Empty<Database.DbKey>())
            .Select(k => new PartitionView(
                k.GetString(SharedVolume.VolumeNameValue), k.GetQWord(SharedVolume.OffsetValue),
                k.GetDWord(SharedVolume.PartitionValue), k.GetString("FileSystem")))];

    internal static bool VolumeNameIs(string volumeName, string name) =>
        string.Equals(VolumeIndex.Normalize(volumeName), VolumeIndex.Normalize(name), StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies <see cref="Commands.SetDiskMaintenance"/>.</summary>
    internal Win32Error SetDiskMaintenance(Tx tx, string resource, bool inMaintenance)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (!IsStorage(r))
        {
            return Win32Error.InvalidFunction;
        }
        tx.SetDWord(r.Key, DiskMaintenanceValue, inMaintenance ? 1u : 0u);
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    internal bool IsStorage(Resource r) => _model.Types.TryGetValue(r.TypeName, out var t) && t.Key.GetDWord(V.ResourceClass) == 1;

    /// <summary>Applies <see cref="Commands.SetDiskConnectivity"/>.</summary>
    internal Win32Error SetDiskConnectivity(Tx tx, string resource, string node, bool connected)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!IsStorage(r))
        {
            return Win32Error.InvalidFunction;
        }
        if (_model.IsReplica && !string.Equals(n.Id, _model.LocalNodeId, StringComparison.OrdinalIgnoreCase))
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
        if (!connected && _model.Groups.TryGetValue(r.GroupId, out var g) && g.OwnerNodeId == n.Id)
        {
            var target = _model.GroupLifecycle.FailoverTarget(g, exclude: n.Id, requireConnectivity: true);
            if (target is not null)
            {
                _model.GroupLifecycle.MoveGroupTo(tx, g, target);
            }
            else if (r.State != ClusterResourceState.Offline)
            {
                _model.ResourceLifecycle.SetResourceState(tx, r, ClusterResourceState.Failed);
            }
        }
        tx.TouchCsv(r);
        return Win32Error.Success;
    }
}
