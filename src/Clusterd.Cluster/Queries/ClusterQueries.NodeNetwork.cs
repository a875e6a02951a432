using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

// Reads of the NodeNetwork area (issue 11): interfaces, and the internal networks in priority order.
public sealed partial class ClusterQueries
{
    /// <summary>Every network interface, by name.</summary>
    public IReadOnlyList<NetInterfaceInfo> GetNetInterfaces()
    {
        lock (_model.Gate)
        {
            return [.. _model.Interfaces.Values.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => new NetInterfaceInfo(
                i.Id, i.Name, _model.Nodes.GetValueOrDefault(i.NodeId)?.Name ?? "", _model.Networks.GetValueOrDefault(i.NetworkId)?.Name ?? "",
                _model.NetInterfaceState(i)))];
        }
    }

    /// <summary>The IDs of the internal network priority list (ApiSetNetworkPriorityOrder), highest first; empty when never set.</summary>
    public IReadOnlyList<string> GetNetworkPriorityOrder()
    {
        lock (_model.Gate)
        {
            return [.. _model.Db.Root.GetMultiString(NodeNetwork.NetworkPriorities)];
        }
    }

    /// <summary>
    /// Names of the internal networks (role private or mixed) in decreasing priority (CLUSTER_ENUM_INTERNAL_NETWORK,
    /// MS-CMRP 3.1.4.2.8): those of the priority list in its order, then any other by name.
    /// </summary>
    private List<string> InternalNetworksByPriority()
    {
        var order = _model.Db.Root.GetMultiString(NodeNetwork.NetworkPriorities);
        var internals = _model.Networks.Values.Where(NodeNetwork.IsInternal).ToList();
        int Rank(Network n)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (string.Equals(order[i], n.Id, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return int.MaxValue;
        }
        return [.. internals.OrderBy(Rank).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Select(n => n.Name)];
    }
}
