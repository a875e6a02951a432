using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Read-only views of the engine's objects (snapshots taken under the lock).</summary>
public sealed partial class ClusterEngine
{
    /// <summary>The cluster's identity and CSV settings.</summary>
    public ClusterInfo GetClusterInfo()
    {
        lock (_gate)
        {
            var r = _db.Root;
            return new ClusterInfo(
                r.GetString("ClusterName"), r.GetString("Fqdn"), r.GetString("ClusterInstanceID"),
                _nodes.TryGetValue(_localNodeId, out var n) ? n.Name : "",
                r.GetString("SharedVolumesRoot"), r.GetDWord("EnableSharedVolumes") != 0);
        }
    }

    /// <summary>Names of the objects of one ApiCreateEnum type (MS-CMRP 3.1.4.2.8), in a stable order.</summary>
    public IReadOnlyList<string> Enumerate(ClusterEnumType type)
    {
        lock (_gate)
        {
            return type switch
            {
                ClusterEnumType.Node => [.. _nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(n => n.Name)],
                ClusterEnumType.ResourceType => [.. _types.Values.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase)],
                ClusterEnumType.Resource => [.. SortedNames(_resources.Values.Select(r => r.Name))],
                ClusterEnumType.Group => [.. SortedNames(_groups.Values.Select(g => g.Name))],
                ClusterEnumType.Network or ClusterEnumType.InternalNetwork => [.. SortedNames(_networks.Values.Select(n => n.Name))],
                ClusterEnumType.NetInterface => [.. SortedNames(_interfaces.Values.Select(i => i.Name))],
                ClusterEnumType.SharedVolumeResource => [.. SortedNames(_resources.Values.Where(r => r.SharedVolumes).Select(r => r.Name))],
                ClusterEnumType.SharedVolumeGroup => [.. SortedNames(_groups.Values.Where(g => g.IsSpecial).Select(g => g.Name))],
                _ => [],
            };
        }
    }

    private static IOrderedEnumerable<string> SortedNames(IEnumerable<string> names) => names.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every node.</summary>
    public IReadOnlyList<NodeInfo> GetNodes()
    {
        lock (_gate)
        {
            return [.. _nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(ToInfo)];
        }
    }

    /// <summary>A node by name or ID, or null.</summary>
    public NodeInfo? FindNode(string nameOrId)
    {
        lock (_gate)
        {
            return NodeByName(nameOrId) is { } n ? ToInfo(n) : null;
        }
    }

    /// <summary>A group by name or ID, or null.</summary>
    public GroupInfo? FindGroup(string nameOrId)
    {
        lock (_gate)
        {
            return GroupByName(nameOrId) is { } g ? ToInfo(g) : null;
        }
    }

    /// <summary>A resource by name or ID, or null.</summary>
    public ResourceInfo? FindResource(string nameOrId)
    {
        lock (_gate)
        {
            return ResourceByName(nameOrId) is { } r ? ToInfo(r) : null;
        }
    }

    /// <summary>A resource's ID and owner node name by name or ID (a light lookup for the control path), or null.</summary>
    public (string Id, string OwnerNodeName)? ResolveResource(string nameOrId)
    {
        lock (_gate)
        {
            return ResourceByName(nameOrId) is { } r ? (r.Id, OwnerOf(r)?.Name ?? "") : null;
        }
    }

    /// <summary>
    /// The NetBIOS name of the Network Name resource a resource depends on, directly or through its dependencies
    /// (its Parameters\Name, else its resource name); a resource without one answers the cluster name, as Windows
    /// does. Null when the resource does not exist.
    /// </summary>
    public string? GetResourceNetworkName(string nameOrId)
    {
        lock (_gate)
        {
            if (ResourceByName(nameOrId) is not { } start)
            {
                return null;
            }
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<Resource>([start]);
            while (queue.Count > 0)
            {
                var r = queue.Dequeue();
                if (!seen.Add(r.Id))
                {
                    continue;
                }
                if (string.Equals(r.TypeName, "Network Name", StringComparison.OrdinalIgnoreCase))
                {
                    var name = r.Key.Subkey("Parameters")?.GetString("Name") ?? "";
                    return name.Length > 0 ? name : r.Name;
                }
                foreach (var id in r.DependsOn)
                {
                    if (_resources.TryGetValue(id, out var d))
                    {
                        queue.Enqueue(d);
                    }
                }
            }
            return _db.Root.GetString("ClusterName");
        }
    }

    /// <summary>A resource type by name, or null.</summary>
    public ResourceTypeInfo? FindResourceType(string name)
    {
        lock (_gate)
        {
            return _types.TryGetValue(name, out var t)
                ? new ResourceTypeInfo(t.Name, t.Key.GetString(V.DllName), t.Key.GetDWord(V.ResourceClass))
                : null;
        }
    }

    /// <summary>A network by name or ID, or null.</summary>
    public NetworkInfo? FindNetwork(string nameOrId)
    {
        lock (_gate)
        {
            var n = _networks.GetValueOrDefault(nameOrId) ?? _networks.Values.FirstOrDefault(x => NameIs(x.Name, nameOrId));
            return n is null ? null : new NetworkInfo(n.Id, n.Name, NetworkState(n));
        }
    }

    /// <summary>A network interface by name or ID, or null.</summary>
    public NetInterfaceInfo? FindNetInterface(string nameOrId)
    {
        lock (_gate)
        {
            var i = _interfaces.GetValueOrDefault(nameOrId) ?? _interfaces.Values.FirstOrDefault(x => NameIs(x.Name, nameOrId));
            if (i is null)
            {
                return null;
            }
            var node = _nodes.GetValueOrDefault(i.NodeId);
            var state = node is { IsUp: true } ? ClusterNetInterfaceState.Up : ClusterNetInterfaceState.Unavailable;
            return new NetInterfaceInfo(i.Id, i.Name, node?.Name ?? "", _networks.GetValueOrDefault(i.NetworkId)?.Name ?? "", state);
        }
    }

    /// <summary>A group set by name or ID, or null.</summary>
    public GroupSetInfo? FindGroupSet(string nameOrId)
    {
        lock (_gate)
        {
            var s = _groupSets.GetValueOrDefault(nameOrId) ?? _groupSets.Values.FirstOrDefault(x => NameIs(x.Name, nameOrId));
            return s is null ? null : new GroupSetInfo(s.Id, s.Name, [.. s.Key.GetMultiString(V.Groups).Select(id => _groups.GetValueOrDefault(id)?.Name ?? id)]);
        }
    }

    /// <summary>Names of the group sets.</summary>
    public IReadOnlyList<string> GetGroupSetNames()
    {
        lock (_gate)
        {
            return [.. SortedNames(_groupSets.Values.Select(s => s.Name))];
        }
    }

    private static bool NameIs(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private Node? NodeByName(string nameOrId) =>
        _nodes.GetValueOrDefault(nameOrId) ?? _nodes.Values.FirstOrDefault(n => NameIs(n.Name, nameOrId));

    private Group? GroupByName(string nameOrId) =>
        _groupNames.GetValueOrDefault(nameOrId) ?? _groups.GetValueOrDefault(nameOrId);

    private Resource? ResourceByName(string nameOrId) =>
        _resourceNames.GetValueOrDefault(nameOrId) ?? _resources.GetValueOrDefault(nameOrId);

    private static NodeInfo ToInfo(Node n) => new(n.Id, n.Name, n.State);

    private GroupInfo ToInfo(Group g) =>
        new(g.Id, g.Name, GroupState(g), _nodes.GetValueOrDefault(g.OwnerNodeId)?.Name ?? "", g.GroupType, g.IsSpecial, [.. g.Resources.Select(r => r.Name)]);

    private ResourceInfo ToInfo(Resource r)
    {
        var g = _groups.GetValueOrDefault(r.GroupId);
        return new ResourceInfo(
            r.Id, r.Name, r.TypeName, r.GroupId, g?.Name ?? "", OwnerOf(r)?.Name ?? "", r.State, r.IsCore, r.SharedVolumes,
            [.. r.DependsOn.Select(id => _resources.GetValueOrDefault(id)?.Name ?? id)]);
    }

    private Node? OwnerOf(Resource r) =>
        _groups.TryGetValue(r.GroupId, out var g) ? _nodes.GetValueOrDefault(g.OwnerNodeId) : null;

    private ClusterNetworkState NetworkState(Network n) =>
        _interfaces.Values.Any(i => i.NetworkId == n.Id && _nodes.GetValueOrDefault(i.NodeId) is { IsUp: true })
            ? ClusterNetworkState.Up
            : ClusterNetworkState.Down;

    /// <summary>A group's state from its resources' states (MS-CMRP 3.1.4.2.46).</summary>
    private static ClusterGroupState GroupState(Group g)
    {
        if (g.Resources.Count == 0)
        {
            return g.Key.GetDWord(V.PersistentState) != 0 ? ClusterGroupState.Online : ClusterGroupState.Offline;
        }
        var states = g.Resources.Select(r => r.State).ToList();
        if (states.Any(s => s is ClusterResourceState.OnlinePending or ClusterResourceState.OfflinePending))
        {
            return ClusterGroupState.Pending;
        }
        if (states.All(s => s == ClusterResourceState.Online))
        {
            return ClusterGroupState.Online;
        }
        if (states.Any(s => s == ClusterResourceState.Failed))
        {
            return ClusterGroupState.Failed;
        }
        if (states.All(s => s == ClusterResourceState.Offline))
        {
            return ClusterGroupState.Offline;
        }
        return ClusterGroupState.PartialOnline;
    }
}
