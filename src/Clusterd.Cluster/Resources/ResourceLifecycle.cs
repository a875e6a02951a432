using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Resources: create, delete, rename, dependencies, and the online/offline/fail state machine.</summary>
internal sealed class ResourceLifecycle(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.CreateResource"/>.</summary>
    internal (Win32Error Error, string? Id) CreateResource(Tx tx, string group, string name, string typeName, uint flags = 0)
    {
        if (!ClusterDatabase.IsValidValueName(name) || name.Length == 0 || name.Length > 255)
        {
            return (Win32Error.InvalidParameter, null);
        }
        var g = _model.GroupByName(group);
        if (g is null)
        {
            return (Win32Error.GroupNotFound, null);
        }
        if (g.IsSpecial)
        {
            return (Win32Error.ClusterUseSharedVolumesApi, null);
        }
        if (!_model.Types.TryGetValue(typeName, out var type))
        {
            return (Win32Error.ClusterResourceTypeNotFound, null);
        }
        if (_model.ResourceByName(name) is not null)
        {
            return (Win32Error.ObjectAlreadyExists, null);
        }
        var id = _model.Options.NewId().ToString("D");
        var k = tx.EnsureKey(tx.EnsureKey(_model.Db.Root, "Resources"), id);
        tx.SetString(k, V.Name, name);
        tx.SetString(k, V.Type, type.Name);
        tx.SetString(k, V.Group, g.Id);
        tx.SetMultiString(k, V.DependsOn, []);
        tx.SetDWord(k, V.PersistentState, 0);
        tx.SetDWord(k, V.Flags, 0);
        tx.SetDWord(k, "SeparateMonitor", flags & 1);
        tx.SetDWord(k, V.SharedVolume, 0);
        tx.EnsureKey(k, "Parameters");
        var r = new Resource(k);
        _model.Resources[id] = r;
        _model.ResourceNames[name] = r;
        InsertInOrder(g, r);
        tx.OnUndo(() =>
        {
            _model.Resources.Remove(id);
            _model.ResourceNames.Remove(name);
            g.Resources.Remove(r);
        });
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.Added, id, name, g.Id, r.TypeName));
        return (Win32Error.Success, id);
    }

    /// <summary>Applies <see cref="Commands.DeleteResource"/>.</summary>
    internal Win32Error DeleteResource(Tx tx, string resource)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (r.IsCore)
        {
            return Win32Error.CoreResource;
        }
        if (r.SharedVolumes)
        {
            return Win32Error.ClusterUseSharedVolumesApi;
        }
        if (r.State is not (ClusterResourceState.Offline or ClusterResourceState.Failed))
        {
            return Win32Error.ResourceOnline;
        }
        if (Dependents(r).Count > 0)
        {
            return Win32Error.DependentResourceExists;
        }
        RemoveResource(tx, r);
        return Win32Error.Success;
    }

    internal void RemoveResource(Tx tx, Resource r)
    {
        var g = _model.Groups.GetValueOrDefault(r.GroupId);
        // The undo puts the resource back where it was in its group's list, so that several removals in one command
        // (ApiDeleteGroup with force), undone in reverse order, leave the list exactly as it was.
        var index = g?.Resources.IndexOf(r) ?? -1;
        tx.DeleteKey(r.Key);
        _model.Resources.Remove(r.Id);
        _model.ResourceNames.Remove(r.Name);
        if (index >= 0)
        {
            g!.Resources.RemoveAt(index);
        }
        tx.OnUndo(() =>
        {
            _model.Resources[r.Id] = r;
            _model.ResourceNames[r.Name] = r;
            if (index >= 0)
            {
                g!.Resources.Insert(index, r);
            }
        });
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.Deleted, r.Id, r.Name, r.GroupId, r.TypeName));
    }

    internal Win32Error RenameResource(Tx tx, string resource, string newName)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (newName.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(newName))
        {
            return Win32Error.InvalidParameter;
        }
        if (_model.ResourceByName(newName) is { } other && other != r)
        {
            return Win32Error.ObjectAlreadyExists;
        }
        if (r.Name == newName)
        {
            return Win32Error.Success;
        }
        var oldName = r.Name;
        tx.SetString(r.Key, V.Name, newName);
        _model.ResourceNames.Remove(oldName);
        _model.ResourceNames[newName] = r;
        tx.OnUndo(() =>
        {
            _model.ResourceNames.Remove(newName);
            _model.ResourceNames[oldName] = r;
        });
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.NameChanged, r.Id, newName, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.AddDependency"/>.</summary>
    internal Win32Error AddDependency(Tx tx, string resource, string dependsOn)
    {
        if (_model.ResourceByName(resource) is not { } r || _model.ResourceByName(dependsOn) is not { } d)
        {
            return Win32Error.ResourceNotFound;
        }
        if (r.GroupId != d.GroupId || r == d)
        {
            return Win32Error.InvalidParameter;
        }
        if (r.DependsOn.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.DependencyAlreadyExists;
        }
        if (DependsTransitively(d, r))
        {
            return Win32Error.CircularDependency;
        }
        if (r.State == ClusterResourceState.Online && d.State != ClusterResourceState.Online)
        {
            return Win32Error.ResourceOnline;
        }
        GroupResourceRules.DependencyAdded(tx, r, d);
        tx.SetMultiString(r.Key, V.DependsOn, [.. r.DependsOn, d.Id]);
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.RemoveDependency"/>.</summary>
    internal Win32Error RemoveDependency(Tx tx, string resource, string dependsOn)
    {
        if (_model.ResourceByName(resource) is not { } r || _model.ResourceByName(dependsOn) is not { } d)
        {
            return Win32Error.ResourceNotFound;
        }
        if (!r.DependsOn.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.DependencyNotFound;
        }
        GroupResourceRules.DependencyRemoved(tx, r, d);
        tx.SetMultiString(r.Key, V.DependsOn, r.DependsOn.Where(x => !string.Equals(x, d.Id, StringComparison.OrdinalIgnoreCase)));
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.OnlineResource"/>.</summary>
    internal Win32Error OnlineResource(Tx tx, string resource, bool persist = true) =>
        _model.ResourceByName(resource) is { } r ? BringOnline(tx, r, persist) : Win32Error.ResourceNotFound;

    /// <summary>Applies <see cref="Commands.OfflineResource"/>.</summary>
    internal Win32Error OfflineResource(Tx tx, string resource, bool persist = true, bool terminate = false) =>
        _model.ResourceByName(resource) is { } r ? TakeOffline(tx, r, persist, terminate) : Win32Error.ResourceNotFound;

    /// <summary>Applies <see cref="Commands.FailResource"/>.</summary>
    internal Win32Error FailResource(Tx tx, string resource)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (r.State != ClusterResourceState.Online && !IsPending(r))
        {
            return Win32Error.ResourceNotOnline;
        }
        foreach (var dep in Dependents(r))
        {
            TakeOffline(tx, dep, persist: false);
        }
        SetResourceState(tx, r, ClusterResourceState.Failed);
        return Win32Error.Success;
    }

    internal Win32Error BringOnline(Tx tx, Resource r, bool persist = true)
    {
        if (_model.OwnerOf(r) is not { IsActive: true } owner)
        {
            return Win32Error.HostNodeNotAvailable;
        }
        // MS-CMRP 3.1.4.2.24: a resource is hosted only on one of its possible owners; elsewhere it stays offline.
        if (!GroupResourceRules.IsPossibleOwner(r, owner.Id))
        {
            return Win32Error.NodeCantHostResource;
        }
        if (r.State == ClusterResourceState.Online)
        {
            return Win32Error.Success;
        }
        if (r.State == ClusterResourceState.OnlinePending)
        {
            return Win32Error.IoPending;
        }
        var pending = false;
        // Providers first (MS-CMRP 3.1.1.1.2): every clause of the AND; of an OR clause one resource is enough, one that is
        // online or coming online, else the first that can come online on this node (docs/behaviour.md, "GroupResource:
        // dependency expressions").
        foreach (var clause in GroupResourceRules.Clauses(r))
        {
            var members = clause.Select(id => _model.Resources.GetValueOrDefault(id)).OfType<Resource>().ToList();
            if (members.Count == 0)
            {
                continue;
            }
            if (clause.Count > 1 && members.Any(m => m.State == ClusterResourceState.Online))
            {
                continue;
            }
            if (clause.Count > 1 && members.Any(m => m.State == ClusterResourceState.OnlinePending))
            {
                pending = true;
                continue;
            }
            var d = members.FirstOrDefault(m => GroupResourceRules.IsPossibleOwner(m, owner.Id)) ?? members[0];
            var e = BringOnline(tx, d, persist);
            if (e == Win32Error.IoPending)
            {
                pending = true;
            }
            else if (e != Win32Error.Success)
            {
                return e;
            }
        }
        if (persist)
        {
            tx.SetDWord(r.Key, V.PersistentState, 1);
        }
        return StartTransition(tx, r, ClusterResourceState.Online, ClusterResourceState.OnlinePending) || pending
            ? Win32Error.IoPending
            : Win32Error.Success;
    }

    internal Win32Error TakeOffline(Tx tx, Resource r, bool persist, bool terminate = false)
    {
        foreach (var dep in Dependents(r))
        {
            TakeOffline(tx, dep, persist, terminate);
        }
        if (persist)
        {
            tx.SetDWord(r.Key, V.PersistentState, 0);
        }
        if (terminate)
        {
            // CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION (MS-CMRP 3.1.4.2.135): offline now, no pending time.
            CancelPending(tx, r);
            SetResourceState(tx, r, ClusterResourceState.Offline);
            return Win32Error.Success;
        }
        if (r.State == ClusterResourceState.Offline)
        {
            return Win32Error.Success;
        }
        if (r.State == ClusterResourceState.OfflinePending)
        {
            return Win32Error.IoPending;
        }
        return StartTransition(tx, r, ClusterResourceState.Offline, ClusterResourceState.OfflinePending)
            ? Win32Error.IoPending
            : Win32Error.Success;
    }

    /// <summary>Moves to <paramref name="target"/> at once, or to the pending state with a deadline; true when pending.</summary>
    internal bool StartTransition(Tx tx, Resource r, ClusterResourceState target, ClusterResourceState pendingState)
    {
        var seconds = _model.Types.GetValueOrDefault(r.TypeName)?.PendingSeconds ?? 0;
        CancelPending(tx, r);
        if (seconds == 0)
        {
            SetResourceState(tx, r, target);
            return false;
        }
        // PendingSeconds is the engine's own value, not the caller's: a deadline past the end of representable time
        // is "never", not a failure.
        var due = Deadlines.DeadlineAfter(tx.Now, TimeSpan.FromSeconds(seconds)) ?? DateTimeOffset.MaxValue;
        _model.PendingDue[r.Id] = due;
        _model.PendingTarget[r.Id] = target;
        tx.TouchResource(r.Id);
        tx.OnUndo(() =>
        {
            _model.PendingDue.Remove(r.Id);
            _model.PendingTarget.Remove(r.Id);
        });
        SetResourceState(tx, r, pendingState);
        _model.Deadlines.Schedule(DeadlineKind.ResourcePending, r.Id, due, tx);
        return true;
    }

    internal void CancelPending(Tx tx, Resource r)
    {
        if (_model.PendingDue.Remove(r.Id, out var due) && _model.PendingTarget.Remove(r.Id, out var target))
        {
            tx.TouchResource(r.Id);
            tx.OnUndo(() =>
            {
                _model.PendingDue[r.Id] = due;
                _model.PendingTarget[r.Id] = target;
            });
        }
    }

    internal bool CompletePendingResource(Tx tx, DeadlineEntry e)
    {
        if (!_model.Resources.TryGetValue(e.Id, out var r) || !_model.PendingDue.TryGetValue(r.Id, out var due) || due != e.Due)
        {
            return false;
        }
        var target = _model.PendingTarget[r.Id];
        CancelPending(tx, r);
        SetResourceState(tx, r, target);
        return true;
    }

    /// <summary>
    /// Adds a resource to its group's list at its place in key order, the order a replica rebuilding from the
    /// database gets too (and a restart), so every node enumerates a group's resources alike.
    /// </summary>
    internal static void InsertInOrder(Group g, Resource r)
    {
        var i = 0;
        while (i < g.Resources.Count && StringComparer.OrdinalIgnoreCase.Compare(g.Resources[i].Id, r.Id) < 0)
        {
            i++;
        }
        g.Resources.Insert(i, r);
    }

    internal static bool IsPending(Resource r) => r.State is ClusterResourceState.OnlinePending or ClusterResourceState.OfflinePending;

    /// <summary>
    /// The one place a resource's state changes. Leaving ClusterResourceOnline resets backup mode of every CSV of the
    /// resource and cancels its timer (MS-CMRP 3.1.4.3.1.54).
    /// </summary>
    internal void SetResourceState(Tx tx, Resource r, ClusterResourceState state)
    {
        var old = r.State;
        if (old == state)
        {
            return;
        }
        r.State = state;
        tx.TouchResource(r.Id);
        tx.OnUndo(() => r.State = old);
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.StateChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        if (_model.Groups.TryGetValue(r.GroupId, out var g))
        {
            tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.StateChanged, g.Id, g.Name));
        }
        if (r.Volumes.Count > 0)
        {
            if (old == ClusterResourceState.Online)
            {
                foreach (var v in r.Volumes)
                {
                    CsvModes.SetBackup(tx, v, BackupStatus.Idle);
                }
            }
            ClusterModel.RaiseVolumeStates(tx, r);
        }
    }

    internal List<Resource> Dependents(Resource r) =>
        _model.Groups.TryGetValue(r.GroupId, out var g)
            ? g.Resources.Where(x => x.DependsOn.Contains(r.Id, StringComparer.OrdinalIgnoreCase)).ToList()
            : [];

    internal bool DependsTransitively(Resource from, Resource on)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<Resource>([from]);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            if (x == on)
            {
                return true;
            }
            if (!seen.Add(x.Id))
            {
                continue;
            }
            foreach (var id in x.DependsOn)
            {
                if (_model.Resources.TryGetValue(id, out var d))
                {
                    stack.Push(d);
                }
            }
        }
        return false;
    }
}
