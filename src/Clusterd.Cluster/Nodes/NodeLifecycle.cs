using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Nodes: pause, resume, evict, and node loss and return (the emulator's, or a multi-node cluster's membership).</summary>
internal sealed class NodeLifecycle(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.PauseNode"/>.</summary>
    internal Win32Error PauseNode(Tx tx, string node)
    {
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsUp)
        {
            return Win32Error.ClusterNodeDown;
        }
        if (!n.IsPaused)
        {
            tx.SetDWord(n.Key, V.Paused, 1);
            tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        }
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.ResumeNode"/>.</summary>
    internal Win32Error ResumeNode(Tx tx, string node)
    {
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsPaused)
        {
            return Win32Error.ClusterNodeNotPaused;
        }
        tx.SetDWord(n.Key, V.Paused, 0);
        tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.EvictNode"/>.</summary>
    internal Win32Error EvictNode(Tx tx, string node)
    {
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (_model.Nodes.Count == 1)
        {
            return Win32Error.ClusterInvalidRequest;
        }
        if (n.IsUp)
        {
            TakeNodeDown(tx, n);
        }
        // Providers fail over (and come back online) before their dependents (docs/behaviour.md, "Group sets and group dependencies").
        foreach (var g in _model.GroupSetRules.InProviderOrder(_model.Groups.Values.Where(g => g.OwnerNodeId == n.Id)))
        {
            var other = _model.Nodes.Values.Where(x => x != n).OrderBy(x => ClusterModel.NodeOrder(x.Id)).First();
            tx.SetString(g.Key, V.OwnerNode, other.Id);
        }
        foreach (var g in _model.Groups.Values)
        {
            var prefs = g.PreferredOwners;
            if (prefs.Contains(n.Id, StringComparer.OrdinalIgnoreCase))
            {
                tx.SetMultiString(g.Key, V.PreferredOwners, prefs.Where(p => !string.Equals(p, n.Id, StringComparison.OrdinalIgnoreCase)));
            }
        }
        foreach (var i in _model.Interfaces.Values.Where(i => i.NodeId == n.Id).ToList())
        {
            tx.DeleteKey(i.Key);
            _model.Interfaces.Remove(i.Id);
            tx.OnUndo(() => _model.Interfaces[i.Id] = i);
            tx.Raise(_model.Event(ClusterObjectType.NetworkInterface, ClusterChange.Deleted, i.Id, i.Name, n.Id));
        }
        foreach (var r in _model.Resources.Values)
        {
            if (r.DisconnectedNodeIds.Remove(n.Id))
            {
                tx.TouchDisks(n.Id);
                tx.OnUndo(() => r.DisconnectedNodeIds.Add(n.Id));
            }
        }
        tx.DeleteKey(n.Key);
        _model.Nodes.Remove(n.Id);
        var oldLocal = _model.LocalNodeId;
        tx.OnUndo(() =>
        {
            _model.Nodes[n.Id] = n;
            _model.LocalNodeId = oldLocal;
        });
        if (_model.LocalNodeId == n.Id)
        {
            _model.LocalNodeId = _model.Nodes.Values.OrderBy(x => ClusterModel.NodeOrder(x.Id)).First().Id;
        }
        tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.Deleted, n.Id, n.Name));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetNodeDown"/>.</summary>
    internal Win32Error SetNodeDown(Tx tx, string node)
    {
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsUp)
        {
            return Win32Error.ClusterNodeAlreadyDown;
        }
        TakeNodeDown(tx, n);
        return Win32Error.Success;
    }

    internal void TakeNodeDown(Tx tx, Node n)
    {
        var wasJoining = n.IsJoining;
        tx.TouchNode(n.Id);
        n.IsUp = false;
        n.IsJoining = false;
        _model.JoinDue.Remove(n.Id, out var joinDue);
        tx.OnUndo(() =>
        {
            n.IsUp = true;
            n.IsJoining = wasJoining;
            if (wasJoining)
            {
                _model.JoinDue[n.Id] = joinDue;
            }
        });
        tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        // Providers fail over (and come back online) before their dependents (docs/behaviour.md, "Group sets and group dependencies").
        foreach (var g in _model.GroupSetRules.InProviderOrder(_model.Groups.Values.Where(g => g.OwnerNodeId == n.Id)))
        {
            var target = _model.GroupLifecycle.FailoverTarget(g, exclude: n.Id, requireConnectivity: g.IsSpecial);
            if (target is not null)
            {
                _model.GroupLifecycle.MoveGroupTo(tx, g, target);
            }
            else
            {
                foreach (var r in g.Resources.Where(r => r.State != ClusterResourceState.Offline))
                {
                    _model.ResourceLifecycle.SetResourceState(tx, r, ClusterResourceState.Failed);
                }
            }
        }
        foreach (var r in _model.Resources.Values.Where(r => r.Volumes.Count > 0))
        {
            ClusterModel.RaiseVolumeStates(tx, r);
        }
    }

    /// <summary>Applies <see cref="Commands.SetNodeUp"/>.</summary>
    internal Win32Error SetNodeUp(Tx tx, string node)
    {
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (n.IsUp)
        {
            return Win32Error.ClusterNodeAlreadyUp;
        }
        n.IsUp = true;
        tx.TouchNode(n.Id);
        tx.OnUndo(() => n.IsUp = false);
        if (_model.Options.NodeJoinDelay > TimeSpan.Zero)
        {
            var due = Deadlines.DeadlineAfter(tx.Now, _model.Options.NodeJoinDelay) ?? DateTimeOffset.MaxValue;
            n.IsJoining = true;
            _model.JoinDue[n.Id] = due;
            tx.OnUndo(() =>
            {
                n.IsJoining = false;
                _model.JoinDue.Remove(n.Id);
            });
            _model.Deadlines.Schedule(DeadlineKind.NodeJoin, n.Id, due, tx);
        }
        tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        foreach (var r in _model.Resources.Values.Where(r => r.Volumes.Count > 0))
        {
            ClusterModel.RaiseVolumeStates(tx, r);
        }
        return Win32Error.Success;
    }

    internal bool CompleteNodeJoin(Tx tx, DeadlineEntry e)
    {
        if (!_model.Nodes.TryGetValue(e.Id, out var n) || !n.IsJoining || !_model.JoinDue.TryGetValue(n.Id, out var due) || due != e.Due)
        {
            return false;
        }
        n.IsJoining = false;
        _model.JoinDue.Remove(n.Id);
        tx.TouchNode(n.Id);
        tx.OnUndo(() =>
        {
            n.IsJoining = true;
            _model.JoinDue[n.Id] = due;
        });
        tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        foreach (var r in _model.Resources.Values.Where(r => r.Volumes.Count > 0))
        {
            ClusterModel.RaiseVolumeStates(tx, r);
        }
        return true;
    }
}
