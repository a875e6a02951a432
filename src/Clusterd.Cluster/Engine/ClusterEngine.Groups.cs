using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Groups: create, delete, rename, online/offline, move and preferred owners; the CSV special group rules.</summary>
public sealed partial class ClusterEngine
{
    /// <summary>ApiCreateGroup: an empty, offline group owned by the local node.</summary>
    public (Win32Error Error, string? Id) CreateGroup(string name) => Execute<string>(tx =>
    {
        if (name.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(name))
        {
            return (Win32Error.InvalidParameter, null);
        }
        if (GroupByName(name) is not null)
        {
            return (Win32Error.ObjectAlreadyExists, null);
        }
        var id = Options.NewId().ToString("D");
        var g = NewGroupKey(tx, id, name, ClusterGroupType.Unknown, _localNodeId);
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.Added, id, name));
        return (Win32Error.Success, g.Id);
    });

    private Group NewGroupKey(Tx tx, string id, string name, ClusterGroupType type, string ownerId)
    {
        var k = tx.EnsureKey(tx.EnsureKey(_db.Root, "Groups"), id);
        tx.SetString(k, V.Name, name);
        tx.SetDWord(k, V.GroupType, (uint)type);
        tx.SetString(k, V.OwnerNode, ownerId);
        tx.SetMultiString(k, V.PreferredOwners, []);
        tx.SetDWord(k, V.PersistentState, 0);
        var g = new Group(k);
        _groups[id] = g;
        _groupNames[name] = g;
        tx.OnUndo(() =>
        {
            _groups.Remove(id);
            _groupNames.Remove(name);
        });
        return g;
    }

    /// <summary>
    /// ApiDeleteGroup (MS-CMRP 3.1.4.2.44): a non-special group; without <paramref name="force"/> only an empty one
    /// (ERROR_DIR_NOT_EMPTY). With <paramref name="force"/> its resources go with it, in this one command: each must be
    /// deletable (not core: ERROR_CORE_RESOURCE; not a CSV: ERROR_CLUSTER_USE_SHARED_VOLUMES_API; dependencies never
    /// leave a group), and is taken offline at once (a pending transition is cancelled) and deleted. Either the group and
    /// all its resources are gone, or nothing changed.
    /// </summary>
    public Win32Error DeleteGroup(string group, bool force = false) => Execute(tx =>
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        if (g.Resources.Count > 0 && !force)
        {
            return Win32Error.DirNotEmpty;
        }
        var resources = g.Resources.ToList();
        foreach (var r in resources)
        {
            if (r.IsCore)
            {
                return Win32Error.CoreResource;
            }
            if (r.SharedVolumes)
            {
                return Win32Error.ClusterUseSharedVolumesApi;
            }
        }
        foreach (var r in resources)
        {
            CancelPending(tx, r);
            SetResourceState(tx, r, ClusterResourceState.Offline);
        }
        foreach (var r in resources)
        {
            RemoveResource(tx, r);
        }
        RemoveGroup(tx, g);
        return Win32Error.Success;
    });

    private void RemoveGroup(Tx tx, Group g)
    {
        tx.DeleteKey(g.Key);
        _groups.Remove(g.Id);
        _groupNames.Remove(g.Name);
        tx.OnUndo(() =>
        {
            _groups[g.Id] = g;
            _groupNames[g.Name] = g;
        });
        foreach (var s in _groupSets.Values)
        {
            var members = s.Key.GetMultiString(V.Groups);
            if (members.Contains(g.Id, StringComparer.OrdinalIgnoreCase))
            {
                tx.SetMultiString(s.Key, V.Groups, members.Where(m => !string.Equals(m, g.Id, StringComparison.OrdinalIgnoreCase)));
            }
        }
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.Deleted, g.Id, g.Name));
    }

    /// <summary>ApiSetGroupName.</summary>
    public Win32Error RenameGroup(string group, string newName) => Execute(tx => RenameGroup(tx, group, newName));

    private Win32Error RenameGroup(Tx tx, string group, string newName)
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (newName.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(newName))
        {
            return Win32Error.InvalidParameter;
        }
        if (GroupByName(newName) is { } other && other != g)
        {
            return Win32Error.ObjectAlreadyExists;
        }
        var oldName = g.Name;
        tx.SetString(g.Key, V.Name, newName);
        _groupNames.Remove(oldName);
        _groupNames[newName] = g;
        tx.OnUndo(() =>
        {
            _groupNames.Remove(newName);
            _groupNames[oldName] = g;
        });
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.NameChanged, g.Id, newName));
        return Win32Error.Success;
    }

    /// <summary>ApiOnlineGroup: refused on the CSV special group (MS-CMRP 3.1.1.1.4, ERROR_SPECIAL_GROUP).</summary>
    public Win32Error OnlineGroup(string group) => Execute(tx =>
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        if (!_nodes.TryGetValue(g.OwnerNodeId, out var owner) || !owner.IsActive)
        {
            return Win32Error.HostNodeNotAvailable;
        }
        tx.SetDWord(g.Key, V.PersistentState, 1);
        var pending = false;
        foreach (var r in g.Resources.ToList())
        {
            var e = BringOnline(tx, r);
            if (e == Win32Error.IoPending)
            {
                pending = true;
            }
            else if (e != Win32Error.Success)
            {
                return e;
            }
        }
        return pending ? Win32Error.IoPending : Win32Error.Success;
    });

    /// <summary>ApiOfflineGroup: refused on the CSV special group.</summary>
    public Win32Error OfflineGroup(string group) => Execute(tx =>
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        tx.SetDWord(g.Key, V.PersistentState, 0);
        var pending = false;
        foreach (var r in g.Resources.ToList())
        {
            pending |= TakeOffline(tx, r, persist: true) == Win32Error.IoPending;
        }
        return pending ? Win32Error.IoPending : Win32Error.Success;
    });

    /// <summary>ApiSetGroupNodeList: the preferred owners; refused on the CSV special group.</summary>
    public Win32Error SetGroupNodeList(string group, IReadOnlyList<string> nodes) => Execute(tx =>
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        var ids = new List<string>();
        foreach (var n in nodes)
        {
            if (NodeByName(n) is not { } node)
            {
                return Win32Error.ClusterNodeNotFound;
            }
            ids.Add(node.Id);
        }
        tx.SetMultiString(g.Key, V.PreferredOwners, ids);
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.PropertiesChanged, g.Id, g.Name));
        return Win32Error.Success;
    });

    /// <summary>
    /// ApiMoveGroup / ApiMoveGroupToNode. A null node picks the best other node. Online resources of an ordinary
    /// group go offline and come back on the new owner; a CSV special group moves its coordinator and stays
    /// online (CSV access does not stop for a coordinator move).
    /// </summary>
    public Win32Error MoveGroup(string group, string? node) => Execute(tx =>
    {
        if (GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        Node? target;
        if (node is null)
        {
            target = FailoverTarget(g, exclude: g.OwnerNodeId, requireConnectivity: g.IsSpecial);
            if (target is null)
            {
                return Win32Error.HostNodeNotAvailable;
            }
        }
        else
        {
            target = NodeByName(node);
            if (target is null)
            {
                return Win32Error.ClusterNodeNotFound;
            }
            if (!target.IsActive)
            {
                return Win32Error.HostNodeNotAvailable;
            }
            if (target.IsPaused)
            {
                return Win32Error.ClusterNodePaused;
            }
            if (g.IsSpecial && g.Resources.Any(r => r.DisconnectedNodeIds.Contains(target.Id)))
            {
                return Win32Error.HostNodeNotAvailable;
            }
        }
        if (target.Id == g.OwnerNodeId)
        {
            return Win32Error.Success;
        }
        return MoveGroupTo(tx, g, target);
    });

    private Win32Error MoveGroupTo(Tx tx, Group g, Node target)
    {
        if (g.IsSpecial)
        {
            tx.SetString(g.Key, V.OwnerNode, target.Id);
            tx.Raise(Event(ClusterObjectType.Group, ClusterChange.OwnerChanged, g.Id, g.Name));
            foreach (var r in g.Resources)
            {
                RaiseVolumeStates(tx, r);
            }
            return Win32Error.Success;
        }
        var wasOnline = g.Resources.Where(r => r.State is ClusterResourceState.Online or ClusterResourceState.OnlinePending).ToList();
        foreach (var r in wasOnline)
        {
            SetResourceState(tx, r, ClusterResourceState.Offline);
        }
        tx.SetString(g.Key, V.OwnerNode, target.Id);
        tx.Raise(Event(ClusterObjectType.Group, ClusterChange.OwnerChanged, g.Id, g.Name));
        var pending = false;
        foreach (var r in wasOnline)
        {
            pending |= BringOnline(tx, r) == Win32Error.IoPending;
        }
        return pending ? Win32Error.IoPending : Win32Error.Success;
    }

    /// <summary>
    /// Where a group goes when its node leaves: its preferred owners in order, then the other nodes by ID; only
    /// nodes that are up and not paused; for a CSV, only nodes still connected to the disk.
    /// </summary>
    private Node? FailoverTarget(Group g, string? exclude, bool requireConnectivity)
    {
        bool Eligible(Node n) =>
            n.IsActive && !n.IsPaused && n.Id != exclude
            && (!requireConnectivity || g.Resources.All(r => !r.DisconnectedNodeIds.Contains(n.Id)));
        foreach (var id in g.PreferredOwners)
        {
            if (_nodes.TryGetValue(id, out var n) && Eligible(n))
            {
                return n;
            }
        }
        return _nodes.Values.OrderBy(n => NodeOrder(n.Id)).FirstOrDefault(Eligible);
    }
}
