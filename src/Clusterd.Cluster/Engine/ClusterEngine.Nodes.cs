using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Nodes: pause, resume, evict, and the node-loss / node-join events of the emulator.</summary>
public sealed partial class ClusterEngine
{
    private readonly Dictionary<string, DateTimeOffset> _joinDue = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>ApiPauseNode: the node keeps its groups but takes no new ones. Pausing a paused node succeeds.</summary>
    public Win32Error PauseNode(string node) => Execute(tx =>
    {
        if (NodeByName(node) is not { } n)
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
            tx.Raise(Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        }
        return Win32Error.Success;
    });

    /// <summary>ApiResumeNode: ERROR_CLUSTER_NODE_NOT_PAUSED unless the node is paused.</summary>
    public Win32Error ResumeNode(string node) => Execute(tx =>
    {
        if (NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsPaused)
        {
            return Win32Error.ClusterNodeNotPaused;
        }
        tx.SetDWord(n.Key, V.Paused, 0);
        tx.Raise(Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        return Win32Error.Success;
    });

    /// <summary>
    /// ApiEvictNode: the node leaves the cluster for good. Its groups fail over first, its interfaces go, and it
    /// disappears from preferred-owner lists. The last node cannot be evicted.
    /// </summary>
    public Win32Error EvictNode(string node) => Execute(tx =>
    {
        if (NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (_nodes.Count == 1)
        {
            return Win32Error.ClusterInvalidRequest;
        }
        if (n.IsUp)
        {
            TakeNodeDown(tx, n);
        }
        foreach (var g in _groups.Values.Where(g => g.OwnerNodeId == n.Id).ToList())
        {
            var other = _nodes.Values.Where(x => x != n).OrderBy(x => NodeOrder(x.Id)).First();
            tx.SetString(g.Key, V.OwnerNode, other.Id);
        }
        foreach (var g in _groups.Values)
        {
            var prefs = g.PreferredOwners;
            if (prefs.Contains(n.Id, StringComparer.OrdinalIgnoreCase))
            {
                tx.SetMultiString(g.Key, V.PreferredOwners, prefs.Where(p => !string.Equals(p, n.Id, StringComparison.OrdinalIgnoreCase)));
            }
        }
        foreach (var i in _interfaces.Values.Where(i => i.NodeId == n.Id).ToList())
        {
            tx.DeleteKey(i.Key);
            _interfaces.Remove(i.Id);
            tx.OnUndo(() => _interfaces[i.Id] = i);
            tx.Raise(Event(ClusterObjectType.NetworkInterface, ClusterChange.Deleted, i.Id, i.Name, n.Id));
        }
        foreach (var r in _resources.Values)
        {
            if (r.DisconnectedNodeIds.Remove(n.Id))
            {
                tx.TouchDisks(n.Id);
                tx.OnUndo(() => r.DisconnectedNodeIds.Add(n.Id));
            }
        }
        tx.DeleteKey(n.Key);
        _nodes.Remove(n.Id);
        var oldLocal = _localNodeId;
        tx.OnUndo(() =>
        {
            _nodes[n.Id] = n;
            _localNodeId = oldLocal;
        });
        if (_localNodeId == n.Id)
        {
            _localNodeId = _nodes.Values.OrderBy(x => NodeOrder(x.Id)).First().Id;
        }
        tx.Raise(Event(ClusterObjectType.Node, ClusterChange.Deleted, n.Id, n.Name));
        return Win32Error.Success;
    });

    /// <summary>
    /// Emulator: the node is lost. Its groups fail over (ordinary groups restart their online resources on the
    /// new owner; a CSV's coordinator moves); with no node left to take a group, its online resources fail.
    /// </summary>
    public Win32Error SetNodeDown(string node) => Execute(tx =>
    {
        if (NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsUp)
        {
            return Win32Error.ClusterNodeAlreadyDown;
        }
        TakeNodeDown(tx, n);
        return Win32Error.Success;
    });

    private void TakeNodeDown(Tx tx, Node n)
    {
        var wasJoining = n.IsJoining;
        tx.TouchNode(n.Id);
        n.IsUp = false;
        n.IsJoining = false;
        _joinDue.Remove(n.Id, out var joinDue);
        tx.OnUndo(() =>
        {
            n.IsUp = true;
            n.IsJoining = wasJoining;
            if (wasJoining)
            {
                _joinDue[n.Id] = joinDue;
            }
        });
        tx.Raise(Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        foreach (var g in _groups.Values.Where(g => g.OwnerNodeId == n.Id).ToList())
        {
            var target = FailoverTarget(g, exclude: n.Id, requireConnectivity: g.IsSpecial);
            if (target is not null)
            {
                MoveGroupTo(tx, g, target);
            }
            else
            {
                foreach (var r in g.Resources.Where(r => r.State != ClusterResourceState.Offline))
                {
                    SetResourceState(tx, r, ClusterResourceState.Failed);
                }
            }
        }
        foreach (var r in _resources.Values.Where(r => r.Volumes.Count > 0))
        {
            RaiseVolumeStates(tx, r);
        }
    }

    /// <summary>Emulator: a lost node comes back (Joining for <see cref="ClusterOptions.NodeJoinDelay"/>, then Up).</summary>
    public Win32Error SetNodeUp(string node) => Execute(tx =>
    {
        if (NodeByName(node) is not { } n)
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
        if (Options.NodeJoinDelay > TimeSpan.Zero)
        {
            var due = DeadlineAfter(tx.Now, Options.NodeJoinDelay) ?? DateTimeOffset.MaxValue;
            n.IsJoining = true;
            _joinDue[n.Id] = due;
            tx.OnUndo(() =>
            {
                n.IsJoining = false;
                _joinDue.Remove(n.Id);
            });
            Schedule(DeadlineKind.NodeJoin, n.Id, due);
        }
        tx.Raise(Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        foreach (var r in _resources.Values.Where(r => r.Volumes.Count > 0))
        {
            RaiseVolumeStates(tx, r);
        }
        return Win32Error.Success;
    });

    private bool CompleteNodeJoin(Tx tx, DeadlineEntry e)
    {
        if (!_nodes.TryGetValue(e.Id, out var n) || !n.IsJoining || !_joinDue.TryGetValue(n.Id, out var due) || due != e.Due)
        {
            return false;
        }
        n.IsJoining = false;
        _joinDue.Remove(n.Id);
        tx.TouchNode(n.Id);
        tx.OnUndo(() =>
        {
            n.IsJoining = true;
            _joinDue[n.Id] = due;
        });
        tx.Raise(Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        foreach (var r in _resources.Values.Where(r => r.Volumes.Count > 0))
        {
            RaiseVolumeStates(tx, r);
        }
        return true;
    }
}
