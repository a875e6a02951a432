using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Resources: create, delete, rename, dependencies, and the online/offline/fail state machine.</summary>
public sealed partial class ClusterEngine
{
    private readonly Dictionary<string, DateTimeOffset> _pendingDue = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ClusterResourceState> _pendingTarget = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>ApiCreateResource: a new offline resource in a group (MS-CMRP 3.1.4.2.10).</summary>
    public (Win32Error Error, string? Id) CreateResource(string group, string name, string typeName, uint flags = 0) => Execute<string>(tx =>
    {
        if (!ClusterDatabase.IsValidValueName(name) || name.Length == 0 || name.Length > 255)
        {
            return (Win32Error.InvalidParameter, null);
        }
        var g = GroupByName(group);
        if (g is null)
        {
            return (Win32Error.GroupNotFound, null);
        }
        if (g.IsSpecial)
        {
            return (Win32Error.ClusterUseSharedVolumesApi, null);
        }
        if (!_types.TryGetValue(typeName, out var type))
        {
            return (Win32Error.ClusterResourceTypeNotFound, null);
        }
        if (ResourceByName(name) is not null)
        {
            return (Win32Error.ObjectAlreadyExists, null);
        }
        var id = Options.NewId().ToString("D");
        var k = tx.EnsureKey(tx.EnsureKey(_db.Root, "Resources"), id);
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
        _resources[id] = r;
        _resourceNames[name] = r;
        InsertInOrder(g, r);
        tx.OnUndo(() =>
        {
            _resources.Remove(id);
            _resourceNames.Remove(name);
            g.Resources.Remove(r);
        });
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.Added, id, name, g.Id, r.TypeName));
        return (Win32Error.Success, id);
    });

    /// <summary>ApiDeleteResource: only an offline, non-core resource without dependents.</summary>
    public Win32Error DeleteResource(string resource) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r)
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
    });

    private void RemoveResource(Tx tx, Resource r)
    {
        var g = _groups.GetValueOrDefault(r.GroupId);
        // The undo puts the resource back where it was in its group's list, so that several removals in one command
        // (ApiDeleteGroup with force), undone in reverse order, leave the list exactly as it was.
        var index = g?.Resources.IndexOf(r) ?? -1;
        tx.DeleteKey(r.Key);
        _resources.Remove(r.Id);
        _resourceNames.Remove(r.Name);
        if (index >= 0)
        {
            g!.Resources.RemoveAt(index);
        }
        tx.OnUndo(() =>
        {
            _resources[r.Id] = r;
            _resourceNames[r.Name] = r;
            if (index >= 0)
            {
                g!.Resources.Insert(index, r);
            }
        });
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.Deleted, r.Id, r.Name, r.GroupId, r.TypeName));
    }

    /// <summary>ApiSetResourceName: renaming to the current name succeeds; another resource's name is refused.</summary>
    public Win32Error RenameResource(string resource, string newName) => Execute(tx => RenameResource(tx, resource, newName));

    private Win32Error RenameResource(Tx tx, string resource, string newName)
    {
        if (ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (newName.Length is 0 or > 255 || !ClusterDatabase.IsValidValueName(newName))
        {
            return Win32Error.InvalidParameter;
        }
        if (ResourceByName(newName) is { } other && other != r)
        {
            return Win32Error.ObjectAlreadyExists;
        }
        if (r.Name == newName)
        {
            return Win32Error.Success;
        }
        var oldName = r.Name;
        tx.SetString(r.Key, V.Name, newName);
        _resourceNames.Remove(oldName);
        _resourceNames[newName] = r;
        tx.OnUndo(() =>
        {
            _resourceNames.Remove(newName);
            _resourceNames[oldName] = r;
        });
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.NameChanged, r.Id, newName, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    /// <summary>ApiAddResourceDependency: both in one group, no duplicates, no cycles.</summary>
    public Win32Error AddDependency(string resource, string dependsOn) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r || ResourceByName(dependsOn) is not { } d)
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
        tx.SetMultiString(r.Key, V.DependsOn, [.. r.DependsOn, d.Id]);
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    });

    /// <summary>ApiRemoveResourceDependency.</summary>
    public Win32Error RemoveDependency(string resource, string dependsOn) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r || ResourceByName(dependsOn) is not { } d)
        {
            return Win32Error.ResourceNotFound;
        }
        if (!r.DependsOn.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.DependencyNotFound;
        }
        tx.SetMultiString(r.Key, V.DependsOn, r.DependsOn.Where(x => !string.Equals(x, d.Id, StringComparison.OrdinalIgnoreCase)));
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    });

    /// <summary>ApiOnlineResource: dependencies first; ERROR_IO_PENDING while the type's pending time runs.</summary>
    public Win32Error OnlineResource(string resource) => Execute(tx =>
        ResourceByName(resource) is { } r ? BringOnline(tx, r) : Win32Error.ResourceNotFound);

    /// <summary>ApiOfflineResource: dependents first.</summary>
    public Win32Error OfflineResource(string resource) => Execute(tx =>
        ResourceByName(resource) is { } r ? TakeOffline(tx, r, persist: true) : Win32Error.ResourceNotFound);

    /// <summary>ApiFailResource: the resource fails; online dependents go offline.</summary>
    public Win32Error FailResource(string resource) => Execute(tx =>
    {
        if (ResourceByName(resource) is not { } r)
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
    });

    private Win32Error BringOnline(Tx tx, Resource r)
    {
        if (OwnerOf(r) is not { IsActive: true })
        {
            return Win32Error.HostNodeNotAvailable;
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
        foreach (var id in r.DependsOn)
        {
            if (_resources.TryGetValue(id, out var d))
            {
                var e = BringOnline(tx, d);
                if (e == Win32Error.IoPending)
                {
                    pending = true;
                }
                else if (e != Win32Error.Success)
                {
                    return e;
                }
            }
        }
        tx.SetDWord(r.Key, V.PersistentState, 1);
        return StartTransition(tx, r, ClusterResourceState.Online, ClusterResourceState.OnlinePending) || pending
            ? Win32Error.IoPending
            : Win32Error.Success;
    }

    private Win32Error TakeOffline(Tx tx, Resource r, bool persist)
    {
        foreach (var dep in Dependents(r))
        {
            TakeOffline(tx, dep, persist);
        }
        if (persist)
        {
            tx.SetDWord(r.Key, V.PersistentState, 0);
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
    private bool StartTransition(Tx tx, Resource r, ClusterResourceState target, ClusterResourceState pendingState)
    {
        var seconds = _types.GetValueOrDefault(r.TypeName)?.PendingSeconds ?? 0;
        CancelPending(tx, r);
        if (seconds == 0)
        {
            SetResourceState(tx, r, target);
            return false;
        }
        // PendingSeconds is the engine's own value, not the caller's: a deadline past the end of representable time
        // is "never", not a failure.
        var due = DeadlineAfter(tx.Now, TimeSpan.FromSeconds(seconds)) ?? DateTimeOffset.MaxValue;
        _pendingDue[r.Id] = due;
        _pendingTarget[r.Id] = target;
        tx.TouchResource(r.Id);
        tx.OnUndo(() =>
        {
            _pendingDue.Remove(r.Id);
            _pendingTarget.Remove(r.Id);
        });
        SetResourceState(tx, r, pendingState);
        Schedule(DeadlineKind.ResourcePending, r.Id, due);
        return true;
    }

    private void CancelPending(Tx tx, Resource r)
    {
        if (_pendingDue.Remove(r.Id, out var due) && _pendingTarget.Remove(r.Id, out var target))
        {
            tx.TouchResource(r.Id);
            tx.OnUndo(() =>
            {
                _pendingDue[r.Id] = due;
                _pendingTarget[r.Id] = target;
            });
        }
    }

    private bool CompletePendingResource(Tx tx, DeadlineEntry e)
    {
        if (!_resources.TryGetValue(e.Id, out var r) || !_pendingDue.TryGetValue(r.Id, out var due) || due != e.Due)
        {
            return false;
        }
        var target = _pendingTarget[r.Id];
        CancelPending(tx, r);
        SetResourceState(tx, r, target);
        return true;
    }

    /// <summary>
    /// Adds a resource to its group's list at its place in key order, the order a replica rebuilding from the
    /// database gets too (and a restart), so every node enumerates a group's resources alike.
    /// </summary>
    private static void InsertInOrder(Group g, Resource r)
    {
        var i = 0;
        while (i < g.Resources.Count && StringComparer.OrdinalIgnoreCase.Compare(g.Resources[i].Id, r.Id) < 0)
        {
            i++;
        }
        g.Resources.Insert(i, r);
    }

    private static bool IsPending(Resource r) => r.State is ClusterResourceState.OnlinePending or ClusterResourceState.OfflinePending;

    /// <summary>
    /// The one place a resource's state changes. Leaving ClusterResourceOnline resets backup mode of every CSV of the
    /// resource and cancels its timer (MS-CMRP 3.1.4.3.1.54).
    /// </summary>
    private void SetResourceState(Tx tx, Resource r, ClusterResourceState state)
    {
        var old = r.State;
        if (old == state)
        {
            return;
        }
        r.State = state;
        tx.TouchResource(r.Id);
        tx.OnUndo(() => r.State = old);
        tx.Raise(Event(ClusterObjectType.Resource, ClusterChange.StateChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        if (_groups.TryGetValue(r.GroupId, out var g))
        {
            tx.Raise(Event(ClusterObjectType.Group, ClusterChange.StateChanged, g.Id, g.Name));
        }
        if (r.Volumes.Count > 0)
        {
            if (old == ClusterResourceState.Online)
            {
                foreach (var v in r.Volumes)
                {
                    SetBackup(tx, v, BackupStatus.Idle);
                }
            }
            RaiseVolumeStates(tx, r);
        }
    }

    private List<Resource> Dependents(Resource r) =>
        _groups.TryGetValue(r.GroupId, out var g)
            ? g.Resources.Where(x => x.DependsOn.Contains(r.Id, StringComparer.OrdinalIgnoreCase)).ToList()
            : [];

    private bool DependsTransitively(Resource from, Resource on)
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
                if (_resources.TryGetValue(id, out var d))
                {
                    stack.Push(d);
                }
            }
        }
        return false;
    }
}
