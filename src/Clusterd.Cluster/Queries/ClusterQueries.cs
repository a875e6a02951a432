using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Read-only views of the cluster (snapshots taken under the engine lock).</summary>
public sealed partial class ClusterQueries
{
    /// <summary>The cluster's identity and CSV settings.</summary>
    public ClusterInfo GetClusterInfo()
    {
        lock (_model.Gate)
        {
            var r = _model.Db.Root;
            return new ClusterInfo(
                r.GetString("ClusterName"), r.GetString("Fqdn"), r.GetString("ClusterInstanceID"),
                _model.Nodes.TryGetValue(_model.LocalNodeId, out var n) ? n.Name : "",
                r.GetString("SharedVolumesRoot"), r.GetDWord("EnableSharedVolumes") != 0);
        }
    }

    /// <summary>Names of the objects of one ApiCreateEnum type (MS-CMRP 3.1.4.2.8), in a stable order.</summary>
    public IReadOnlyList<string> Enumerate(ClusterEnumType type)
    {
        lock (_model.Gate)
        {
            return type switch
            {
                ClusterEnumType.Node => [.. _model.Nodes.Values.OrderBy(n => ClusterModel.NodeOrder(n.Id)).Select(n => n.Name)],
                ClusterEnumType.ResourceType => [.. _model.Types.Values.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase)],
                ClusterEnumType.Resource => [.. SortedNames(_model.Resources.Values.Select(r => r.Name))],
                ClusterEnumType.Group => [.. SortedNames(_model.Groups.Values.Select(g => g.Name))],
                ClusterEnumType.Network => [.. SortedNames(_model.Networks.Values.Select(n => n.Name))],
                ClusterEnumType.InternalNetwork => InternalNetworksByPriority(), // NodeNetwork area (ClusterQueries.NodeNetwork.cs)
                ClusterEnumType.NetInterface => [.. SortedNames(_model.Interfaces.Values.Select(i => i.Name))],
                ClusterEnumType.SharedVolumeResource => [.. SortedNames(_model.Resources.Values.Where(r => r.SharedVolumes).Select(r => r.Name))],
                ClusterEnumType.SharedVolumeGroup => [.. SortedNames(_model.Groups.Values.Where(g => g.IsSpecial).Select(g => g.Name))],
                _ => [],
            };
        }
    }

    private static IOrderedEnumerable<string> SortedNames(IEnumerable<string> names) => names.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every node.</summary>
    public IReadOnlyList<NodeInfo> GetNodes()
    {
        lock (_model.Gate)
        {
            return [.. _model.Nodes.Values.OrderBy(n => ClusterModel.NodeOrder(n.Id)).Select(ClusterModel.ToInfo)];
        }
    }

    /// <summary>A node by name or ID, or null.</summary>
    public NodeInfo? FindNode(string nameOrId)
    {
        lock (_model.Gate)
        {
            return _model.NodeByName(nameOrId) is { } n ? ClusterModel.ToInfo(n) : null;
        }
    }

    /// <summary>A group by name or ID, or null.</summary>
    public GroupInfo? FindGroup(string nameOrId)
    {
        lock (_model.Gate)
        {
            return _model.GroupByName(nameOrId) is { } g ? _model.ToInfo(g) : null;
        }
    }

    /// <summary>A resource by name or ID, or null.</summary>
    public ResourceInfo? FindResource(string nameOrId)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(nameOrId) is { } r ? _model.ToInfo(r) : null;
        }
    }

    /// <summary>A resource's ID and owner node name by name or ID (a light lookup for the control path), or null.</summary>
    public (string Id, string OwnerNodeName)? ResolveResource(string nameOrId)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(nameOrId) is { } r ? (r.Id, _model.OwnerOf(r)?.Name ?? "") : null;
        }
    }

    /// <summary>
    /// The NetBIOS name of the Network Name resource a resource depends on, directly or through its dependencies
    /// (its Parameters\Name, else its resource name); a resource without one answers the cluster name, as Windows
    /// does. Null when the resource does not exist.
    /// </summary>
    public string? GetResourceNetworkName(string nameOrId)
    {
        lock (_model.Gate)
        {
            if (_model.ResourceByName(nameOrId) is not { } start)
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
                    if (_model.Resources.TryGetValue(id, out var d))
                    {
                        queue.Enqueue(d);
                    }
                }
            }
            return _model.Db.Root.GetString("ClusterName");
        }
    }

    /// <summary>A resource type by name, or null.</summary>
    public ResourceTypeInfo? FindResourceType(string name)
    {
        lock (_model.Gate)
        {
            return _model.Types.TryGetValue(name, out var t)
                ? new ResourceTypeInfo(t.Name, t.Key.GetString(V.DllName), t.Key.GetDWord(V.ResourceClass))
                : null;
        }
    }

    /// <summary>A network by name or ID, or null.</summary>
    public NetworkInfo? FindNetwork(string nameOrId)
    {
        lock (_model.Gate)
        {
            var n = _model.Networks.GetValueOrDefault(nameOrId) ?? _model.Networks.Values.FirstOrDefault(x => ClusterModel.NameIs(x.Name, nameOrId));
            return n is null ? null : new NetworkInfo(n.Id, n.Name, _model.NetworkState(n));
        }
    }

    /// <summary>A network interface by name or ID, or null.</summary>
    public NetInterfaceInfo? FindNetInterface(string nameOrId)
    {
        lock (_model.Gate)
        {
            var i = _model.Interfaces.GetValueOrDefault(nameOrId) ?? _model.Interfaces.Values.FirstOrDefault(x => ClusterModel.NameIs(x.Name, nameOrId));
            if (i is null)
            {
                return null;
            }
            return new NetInterfaceInfo(i.Id, i.Name, _model.Nodes.GetValueOrDefault(i.NodeId)?.Name ?? "",
                _model.Networks.GetValueOrDefault(i.NetworkId)?.Name ?? "", _model.NetInterfaceState(i));
        }
    }

    /// <summary>A group set by name or ID, or null.</summary>
    public GroupSetInfo? FindGroupSet(string nameOrId)
    {
        lock (_model.Gate)
        {
            var s = _model.GroupSets.GetValueOrDefault(nameOrId) ?? _model.GroupSets.Values.FirstOrDefault(x => ClusterModel.NameIs(x.Name, nameOrId));
            return s is null ? null : new GroupSetInfo(s.Id, s.Name, [.. s.Key.GetMultiString(V.Groups).Select(id => _model.Groups.GetValueOrDefault(id)?.Name ?? id)]);
        }
    }

    /// <summary>Names of the group sets.</summary>
    public IReadOnlyList<string> GetGroupSetNames()
    {
        lock (_model.Gate)
        {
            return [.. SortedNames(_model.GroupSets.Values.Select(s => s.Name))];
        }
    }
}
