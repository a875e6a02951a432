using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Node pause with drain and resume with failback (MS-CMRP 3.1.4.2.125-127), resource types (3.1.4.2.27-28), the
/// quorum resource (3.1.4.2.7) and networks (3.1.4.2.84, 87). Moves go through <see cref="GroupLifecycle"/>, so a
/// drained group moves as ApiMoveGroup / ApiMoveGroupToNode would move it.
/// </summary>
internal sealed class NodeNetwork(ClusterModel model)
{
    /// <summary>CLUS_RESCLASS_STORAGE: the resource class of a disk.</summary>
    private const uint StorageClass = 1;

    /// <summary>CLUS_CHAR_QUORUM (MS-CMRP 2.2.2.4 CLUS_CHARACTERISTICS).</summary>
    private const uint CharQuorum = 0x1;

    /// <summary>The root value that keeps the internal network priority list (docs/behaviour.md, "Network priority").</summary>
    internal const string NetworkPriorities = "NetworkPriorities";

    /// <summary>CLUSTER_NETWORK_ROLE values with internal (cluster) traffic: ClusterNetworkRoleInternalUse (1), ClusterNetworkRoleInternalAndClient (3).</summary>
    internal static bool IsInternal(Network n) => n.Key.GetDWord(V.Role) is 1 or 3;

    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.PauseNodeEx"/>.</summary>
    internal Win32Error PauseNodeEx(Tx tx, PauseNodeEx c)
    {
        if (_model.NodeByName(c.Node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (!n.IsUp)
        {
            return Win32Error.ClusterNodeDown;
        }
        Node? target = null;
        if (c.DrainTarget is not null)
        {
            target = _model.NodeByName(c.DrainTarget);
            if (target is null)
            {
                return Win32Error.ClusterNodeNotFound;
            }
            if (target == n)
            {
                return Win32Error.InvalidTargetHandle; // MS-CMRP 3.1.4.2.126
            }
            if (target.State != ClusterNodeState.Up)
            {
                return Win32Error.HostNodeNotAvailable; // MS-CMRP 3.1.4.2.126
            }
        }
        else if (c.Drain && !_model.Nodes.Values.Any(x => x != n && x.State == ClusterNodeState.Up))
        {
            return Win32Error.ClusterNodeDown; // MS-CMRP 3.1.4.2.125: no other node is up
        }
        if (!n.IsPaused)
        {
            tx.SetDWord(n.Key, V.Paused, 1);
            tx.Raise(_model.Event(ClusterObjectType.Node, ClusterChange.StateChanged, n.Id, n.Name));
        }
        if (!c.Drain)
        {
            return Win32Error.Success;
        }
        // The first other node up: where a group goes when policy allows it nowhere (MS-CMRP 3.1.4.2.125: "move the
        // group to a different node anyway"). There is one: the drain target, or the ERROR_CLUSTER_NODE_DOWN check.
        var fallback = target ?? _model.Nodes.Values.Where(x => x != n && x.State == ClusterNodeState.Up).OrderBy(x => ClusterModel.NodeOrder(x.Id)).First();
        foreach (var g in _model.Groups.Values.Where(g => g.OwnerNodeId == n.Id).OrderBy(g => g.Id, StringComparer.Ordinal).ToList())
        {
            var dest = target is null
                ? _model.GroupLifecycle.FailoverTarget(g, exclude: n.Id, requireConnectivity: g.IsSpecial)
                : g.IsSpecial && g.Resources.Any(r => r.DisconnectedNodeIds.Contains(target.Id)) ? null : target;
            if (dest is not null)
            {
                _ = _model.GroupLifecycle.MoveGroupTo(tx, g, dest);
                continue;
            }
            if (c.RemainOnMoveError)
            {
                continue; // CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR: the group stays on the paused node
            }
            // Policy allows the group nowhere (a CSV whose disk no other node up reaches): it moves anyway, and what
            // was online there cannot stay online (3.1.4.2.125: "even if the server does not bring the group to its
            // persistent state on the destination node").
            _ = _model.GroupLifecycle.MoveGroupTo(tx, g, fallback);
            foreach (var r in g.Resources.Where(r => r.State != ClusterResourceState.Offline))
            {
                _model.ResourceLifecycle.SetResourceState(tx, r, ClusterResourceState.Failed);
            }
        }
        return Win32Error.IoPending; // MS-CMRP 3.1.4.2.125: a drain answers ERROR_IO_PENDING
    }

    /// <summary>Applies <see cref="Commands.ResumeNodeEx"/>.</summary>
    internal Win32Error ResumeNodeEx(Tx tx, string node, ResumeFailback failback)
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
        if (failback == ResumeFailback.DoNotFailbackGroups || !n.IsActive)
        {
            return Win32Error.Success;
        }
        foreach (var g in _model.Groups.Values.OrderBy(g => g.Id, StringComparer.Ordinal).ToList())
        {
            if (g.OwnerNodeId == n.Id || g.PreferredOwners is not [var first, ..] || !string.Equals(first, n.Id, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (failback == ResumeFailback.FailbackGroupsPerPolicy && g.Key.GetDWord("AutoFailbackType") != 1)
            {
                continue; // ClusterGroupAllowFailback (1) only
            }
            if (g.IsSpecial && g.Resources.Any(r => r.DisconnectedNodeIds.Contains(n.Id)))
            {
                continue;
            }
            _ = _model.GroupLifecycle.MoveGroupTo(tx, g, n);
        }
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.CreateResourceType"/>.</summary>
    internal Win32Error CreateResourceType(Tx tx, CreateResourceType c)
    {
        if (c.Name.Length is 0 or > 255 || !ClusterDatabase.IsValidKeyName(c.Name) || c.DllName.Length == 0)
        {
            return Win32Error.InvalidParameter;
        }
        if (_model.Types.ContainsKey(c.Name))
        {
            return Win32Error.AlreadyExists; // MS-CMRP 3.1.4.2.27
        }
        var types = tx.EnsureKey(_model.Db.Root, "ResourceTypes");
        var k = tx.EnsureKey(types, c.Name);
        tx.SetString(k, V.Name, c.DisplayName.Length == 0 ? c.Name : c.DisplayName);
        tx.SetString(k, V.DllName, c.DllName);
        tx.SetDWord(k, V.ResourceClass, 0); // CLUS_RESCLASS_UNKNOWN until the DLL says otherwise
        tx.SetDWord(k, V.PendingSeconds, 0);
        tx.SetDWord(k, "LooksAlivePollInterval", c.LooksAlive);
        tx.SetDWord(k, "IsAlivePollInterval", c.IsAlive);
        var type = new ResourceType(k);
        _model.Types[c.Name] = type;
        tx.OnUndo(() => _model.Types.Remove(c.Name));
        tx.Raise(_model.Event(ClusterObjectType.ResourceType, ClusterChange.Added, c.Name, c.Name));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.DeleteResourceType"/>.</summary>
    internal Win32Error DeleteResourceType(Tx tx, string name)
    {
        if (!_model.Types.TryGetValue(name, out var t))
        {
            return Win32Error.ClusterResourceTypeNotFound; // MS-CMRP 3.1.4.2.28
        }
        if (_model.Resources.Values.Any(r => string.Equals(r.TypeName, t.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return Win32Error.DirNotEmpty; // MS-CMRP 3.1.4.2.28: resources of the type exist
        }
        tx.DeleteKey(t.Key);
        _model.Types.Remove(t.Name);
        tx.OnUndo(() => _model.Types[t.Name] = t);
        tx.Raise(_model.Event(ClusterObjectType.ResourceType, ClusterChange.Deleted, t.Name, t.Name));
        return Win32Error.Success;
    }

    /// <summary>
    /// Applies <see cref="Commands.SetQuorumResource"/>. The quorum rule (docs/behaviour.md, "Quorum resource"): the
    /// resource's type is of the storage class or has CLUS_CHAR_QUORUM, and the resource is not a Cluster Shared Volume.
    /// </summary>
    internal Win32Error SetQuorumResource(Tx tx, SetQuorumResource c)
    {
        if (_model.ResourceByName(c.Resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        var type = _model.Types.GetValueOrDefault(r.TypeName);
        var capable = type is not null
            && (type.Key.GetDWord(V.ResourceClass) == StorageClass || (type.Key.GetDWord("Characteristics") & CharQuorum) != 0);
        if (!capable || r.SharedVolumes)
        {
            return Win32Error.NotQuorumClass;
        }
        var root = _model.Db.Root;
        tx.SetString(root, "QuorumResource", r.Id);
        tx.SetString(root, "QuorumPath", c.Path);
        tx.SetDWord(root, "QuorumLogSize", c.MaxLogSize);
        // The quorum settings are cluster-wide values: a change of the cluster's properties (CLUSTER_CHANGE_CLUSTER_COMMON_PROPERTY_V2).
        tx.Raise(_model.Event(ClusterObjectType.Cluster, ClusterChange.PropertiesChanged, "", _model.Db.Root.GetString("ClusterName")));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetNetworkName"/>.</summary>
    internal Win32Error SetNetworkName(Tx tx, string network, string newName)
    {
        if (FindNetwork(network) is not { } n)
        {
            return Win32Error.NetworkNotAvailable; // MS-CMRP 3.1.4.2.84
        }
        if (newName.Length == 0)
        {
            return Win32Error.InvalidName; // MS-CMRP 3.1.4.2.84: at least one character
        }
        if (newName.Length > 255 || !ClusterDatabase.IsValidValueName(newName))
        {
            return Win32Error.InvalidParameter;
        }
        if (_model.Networks.Values.Any(x => x != n && (ClusterModel.NameIs(x.Name, newName) || ClusterModel.NameIs(x.Id, newName))))
        {
            return Win32Error.AlreadyExists; // MS-CMRP 3.1.4.2.84: another network's name or ID
        }
        if (n.Name == newName)
        {
            return Win32Error.Success;
        }
        tx.SetString(n.Key, V.Name, newName);
        tx.Raise(_model.Event(ClusterObjectType.Network, ClusterChange.NameChanged, n.Id, newName));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetNetworkPriorityOrder"/>.</summary>
    internal Win32Error SetNetworkPriorityOrder(Tx tx, IReadOnlyList<string> ids)
    {
        var internals = _model.Networks.Values.Where(IsInternal).ToList();
        if (ids.Count != internals.Count)
        {
            return Win32Error.InvalidParameter; // MS-CMRP 3.1.4.2.87: the count of private and mixed networks
        }
        var order = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (!_model.Networks.TryGetValue(id, out var n) || !IsInternal(n) || order.Contains(n.Id, StringComparer.OrdinalIgnoreCase))
            {
                return Win32Error.InvalidParameter; // not an internal network's ID, or named twice
            }
            order.Add(n.Id);
        }
        tx.SetMultiString(_model.Db.Root, NetworkPriorities, order);
        foreach (var id in order)
        {
            var n = _model.Networks[id];
            tx.Raise(_model.Event(ClusterObjectType.Network, ClusterChange.PropertiesChanged, n.Id, n.Name));
        }
        return Win32Error.Success;
    }

    private Network? FindNetwork(string nameOrId) =>
        _model.Networks.GetValueOrDefault(nameOrId) ?? _model.Networks.Values.FirstOrDefault(x => ClusterModel.NameIs(x.Name, nameOrId));
}
