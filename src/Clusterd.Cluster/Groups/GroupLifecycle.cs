using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Groups: create, delete, rename, online/offline, move and preferred owners; the CSV special group rules.</summary>
internal sealed class GroupLifecycle(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.CreateGroup"/>.</summary>
    internal (Win32Error Error, string? Id) CreateGroup(Tx tx, string name)
    {
        if (name.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(name))
        {
            return (Win32Error.InvalidParameter, null);
        }
        if (_model.GroupByName(name) is not null)
        {
            return (Win32Error.ObjectAlreadyExists, null);
        }
        var id = _model.Options.NewId().ToString("D");
        var g = NewGroupKey(tx, id, name, ClusterGroupType.Unknown, _model.LocalNodeId);
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.Added, id, name));
        return (Win32Error.Success, g.Id);
    }

    internal Group NewGroupKey(Tx tx, string id, string name, ClusterGroupType type, string ownerId)
    {
        var k = tx.EnsureKey(tx.EnsureKey(_model.Db.Root, "Groups"), id);
        tx.SetString(k, V.Name, name);
        tx.SetDWord(k, V.GroupType, (uint)type);
        tx.SetString(k, V.OwnerNode, ownerId);
        tx.SetMultiString(k, V.PreferredOwners, []);
        tx.SetDWord(k, V.PersistentState, 0);
        var g = new Group(k);
        _model.Groups[id] = g;
        _model.GroupNames[name] = g;
        tx.OnUndo(() =>
        {
            _model.Groups.Remove(id);
            _model.GroupNames.Remove(name);
        });
        return g;
    }

    /// <summary>Applies <see cref="Commands.DeleteGroup"/>.</summary>
    internal Win32Error DeleteGroup(Tx tx, string group, bool force = false)
    {
        if (_model.GroupByName(group) is not { } g)
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
            _model.ResourceLifecycle.CancelPending(tx, r);
            _model.ResourceLifecycle.SetResourceState(tx, r, ClusterResourceState.Offline);
        }
        foreach (var r in resources)
        {
            _model.ResourceLifecycle.RemoveResource(tx, r);
        }
        RemoveGroup(tx, g);
        return Win32Error.Success;
    }

    internal void RemoveGroup(Tx tx, Group g)
    {
        tx.DeleteKey(g.Key);
        _model.Groups.Remove(g.Id);
        _model.GroupNames.Remove(g.Name);
        tx.OnUndo(() =>
        {
            _model.Groups[g.Id] = g;
            _model.GroupNames[g.Name] = g;
        });
        _model.GroupSetRules.ForgetGroup(tx, g);
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.Deleted, g.Id, g.Name));
    }

    internal Win32Error RenameGroup(Tx tx, string group, string newName)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (newName.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(newName))
        {
            return Win32Error.InvalidParameter;
        }
        if (_model.GroupByName(newName) is { } other && other != g)
        {
            return Win32Error.ObjectAlreadyExists;
        }
        var oldName = g.Name;
        tx.SetString(g.Key, V.Name, newName);
        _model.GroupNames.Remove(oldName);
        _model.GroupNames[newName] = g;
        tx.OnUndo(() =>
        {
            _model.GroupNames.Remove(newName);
            _model.GroupNames[oldName] = g;
        });
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.NameChanged, g.Id, newName));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.OnlineGroup"/>.</summary>
    internal Win32Error OnlineGroup(Tx tx, string group, bool bestPossibleNode = false)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        if (bestPossibleNode)
        {
            // CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE (MS-CMRP 3.1.4.2.129): the failover policy picks the host.
            if (FailoverTarget(g, exclude: null, requireConnectivity: false) is not { } best)
            {
                return Win32Error.HostNodeNotAvailable;
            }
            if (best.Id != g.OwnerNodeId)
            {
                var moved = MoveGroupTo(tx, g, best);
                if (moved is not (Win32Error.Success or Win32Error.IoPending))
                {
                    return moved;
                }
            }
        }
        return OnlineWithProviders(tx, g, new HashSet<Group>());
    }

    /// <summary>
    /// Brings <paramref name="g"/> online after its provider groups (MS-CMRP 3.1.4.2.157, docs/behaviour.md, "Group
    /// sets and group dependencies"): a provider that is not online is brought online first, in this same command; a
    /// provider that cannot be (its node is down) fails the whole command and nothing changes.
    /// </summary>
    private Win32Error OnlineWithProviders(Tx tx, Group g, HashSet<Group> visited)
    {
        if (!visited.Add(g))
        {
            return Win32Error.Success;
        }
        var pending = false;
        foreach (var p in _model.GroupSetRules.InProviderOrder(_model.GroupSetRules.ProvidersOf(g)))
        {
            if (p.IsSpecial || ClusterModel.GroupState(p) == ClusterGroupState.Online)
            {
                continue;
            }
            var pe = OnlineWithProviders(tx, p, visited);
            if (pe == Win32Error.IoPending)
            {
                pending = true;
            }
            else if (pe != Win32Error.Success)
            {
                return pe;
            }
        }
        if (!_model.Nodes.TryGetValue(g.OwnerNodeId, out var owner) || !owner.IsActive)
        {
            return Win32Error.HostNodeNotAvailable;
        }
        tx.SetDWord(g.Key, V.PersistentState, 1);
        foreach (var r in g.Resources.ToList())
        {
            var e = _model.ResourceLifecycle.BringOnline(tx, r);
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
    }

    /// <summary>Applies <see cref="Commands.OfflineGroup"/>.</summary>
    internal Win32Error OfflineGroup(Tx tx, string group)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        return OfflineWithDependents(tx, g, new HashSet<Group>()) ? Win32Error.IoPending : Win32Error.Success;
    }

    /// <summary>
    /// Takes the groups that depend on <paramref name="g"/> offline first, then <paramref name="g"/> (docs/behaviour.md,
    /// "Group sets and group dependencies"); true when a resource is left pending.
    /// </summary>
    private bool OfflineWithDependents(Tx tx, Group g, HashSet<Group> visited)
    {
        if (!visited.Add(g))
        {
            return false;
        }
        var pending = false;
        foreach (var d in _model.GroupSetRules.DependentsOf(g).ToList())
        {
            if (!d.IsSpecial && (ClusterModel.GroupState(d) != ClusterGroupState.Offline || d.Key.GetDWord(V.PersistentState) != 0))
            {
                pending |= OfflineWithDependents(tx, d, visited);
            }
        }
        tx.SetDWord(g.Key, V.PersistentState, 0);
        foreach (var r in g.Resources.ToList())
        {
            pending |= _model.ResourceLifecycle.TakeOffline(tx, r, persist: true) == Win32Error.IoPending;
        }
        return pending;
    }

    /// <summary>Applies <see cref="Commands.SetGroupNodeList"/>.</summary>
    internal Win32Error SetGroupNodeList(Tx tx, string group, IReadOnlyList<string> nodes)
    {
        if (_model.GroupByName(group) is not { } g)
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
            if (_model.NodeByName(n) is not { } node)
            {
                return Win32Error.ClusterNodeNotFound;
            }
            ids.Add(node.Id);
        }
        tx.SetMultiString(g.Key, V.PreferredOwners, ids);
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.PropertiesChanged, g.Id, g.Name));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.MoveGroup"/>.</summary>
    internal Win32Error MoveGroup(Tx tx, string group, string? node)
    {
        if (_model.GroupByName(group) is not { } g)
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
            target = _model.NodeByName(node);
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
            // MS-CMRP 3.1.4.2.53 and 3.1.4.2.24: only to a node that is a possible owner of every resource of the group.
            if (target.Id != g.OwnerNodeId && !GroupResourceRules.CanHost(g, target.Id))
            {
                return Win32Error.NodeCantHostResource;
            }
        }
        if (target.Id == g.OwnerNodeId)
        {
            return Win32Error.Success;
        }
        return MoveGroupTo(tx, g, target);
    }

    internal Win32Error MoveGroupTo(Tx tx, Group g, Node target)
    {
        if (g.IsSpecial)
        {
            tx.SetString(g.Key, V.OwnerNode, target.Id);
            tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.OwnerChanged, g.Id, g.Name));
            foreach (var r in g.Resources)
            {
                ClusterModel.RaiseVolumeStates(tx, r);
            }
            return Win32Error.Success;
        }
        var wasOnline = g.Resources.Where(r => r.State is ClusterResourceState.Online or ClusterResourceState.OnlinePending).ToList();
        foreach (var r in wasOnline)
        {
            _model.ResourceLifecycle.SetResourceState(tx, r, ClusterResourceState.Offline);
        }
        tx.SetString(g.Key, V.OwnerNode, target.Id);
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.OwnerChanged, g.Id, g.Name));
        var pending = false;
        foreach (var r in wasOnline)
        {
            pending |= _model.ResourceLifecycle.BringOnline(tx, r) == Win32Error.IoPending;
        }
        return pending ? Win32Error.IoPending : Win32Error.Success;
    }

    /// <summary>
    /// Where a group goes when its node leaves: its preferred owners in order, then the other nodes by ID; only
    /// nodes that are up and not paused, and possible owners of every resource of the group (MS-CMRP 3.1.4.2.24);
    /// for a CSV, only nodes still connected to the disk.
    /// </summary>
    internal Node? FailoverTarget(Group g, string? exclude, bool requireConnectivity)
    {
        bool Eligible(Node n) =>
            n.IsActive && !n.IsPaused && n.Id != exclude && GroupResourceRules.CanHost(g, n.Id)
            && (!requireConnectivity || g.Resources.All(r => !r.DisconnectedNodeIds.Contains(n.Id)));
        foreach (var id in g.PreferredOwners)
        {
            if (_model.Nodes.TryGetValue(id, out var n) && Eligible(n))
            {
                return n;
            }
        }
        return _model.Nodes.Values.OrderBy(n => ClusterModel.NodeOrder(n.Id)).FirstOrDefault(Eligible);
    }
}
