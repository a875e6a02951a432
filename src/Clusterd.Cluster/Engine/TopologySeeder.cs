using System.Globalization;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;
using Clusterd.Cluster.Topology;

namespace Clusterd.Cluster.Engine;

/// <summary>Writes a topology into an empty cluster database, with the layout Windows uses (HKLM\Cluster).</summary>
internal static class TopologySeeder
{
    public static void Seed(Tx tx, DbKey root, TopologyConfig t)
    {
        tx.SetString(root, "ClusterName", t.ClusterName);
        tx.SetString(root, "ClusterInstanceID", t.ClusterInstanceId);
        tx.SetString(root, "Fqdn", t.Fqdn);
        tx.SetString(root, "SharedVolumesRoot", t.SharedVolumesRoot);
        tx.SetDWord(root, "EnableSharedVolumes", 1);
        tx.SetDWord(root, "NextSharedVolumeNumber", 1);

        var nodes = tx.EnsureKey(root, "Nodes");
        var nodeIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < t.Nodes.Count; i++)
        {
            var id = (i + 1).ToString(CultureInfo.InvariantCulture);
            var k = tx.EnsureKey(nodes, id);
            tx.SetString(k, V.NodeName, t.Nodes[i]);
            tx.SetString(k, V.NodeId, id);
            tx.SetDWord(k, "NodeHighestVersion", 0x000A4563);
            tx.SetDWord(k, "NodeLowestVersion", 0x000A4563);
            tx.SetDWord(k, "MajorVersion", 10);
            tx.SetDWord(k, "MinorVersion", 0);
            tx.SetDWord(k, "BuildNumber", 17763);
            tx.SetString(k, "CSDVersion", "");
            tx.SetString(k, "NodeInstanceID", StableGuid(t.ClusterInstanceId.Length > 0 ? t.ClusterInstanceId : Guid.Empty.ToString(), 0x100 + i));
            tx.SetDWord(k, V.Paused, 0);
            nodeIds[t.Nodes[i]] = id;
        }

        var types = tx.EnsureKey(root, "ResourceTypes");
        foreach (var rt in t.ResourceTypes)
        {
            var k = tx.EnsureKey(types, rt.Name);
            tx.SetString(k, V.Name, rt.Name);
            tx.SetString(k, V.DllName, rt.Dll);
            tx.SetDWord(k, V.ResourceClass, rt.ResourceClass);
            tx.SetDWord(k, V.PendingSeconds, rt.PendingSeconds);
        }

        var networks = tx.EnsureKey(root, "Networks");
        var interfaces = tx.EnsureKey(root, "NetworkInterfaces");
        var ifIndex = 0;
        foreach (var n in t.Networks)
        {
            var k = tx.EnsureKey(networks, n.Id);
            tx.SetString(k, V.Name, n.Name);
            tx.SetString(k, V.Address, n.Address);
            tx.SetString(k, V.AddressMask, n.AddressMask);
            tx.SetDWord(k, V.Role, n.Role);
            foreach (var (nodeName, nodeId) in nodeIds.OrderBy(p => int.Parse(p.Value, CultureInfo.InvariantCulture)))
            {
                ifIndex++;
                var ik = tx.EnsureKey(interfaces, StableGuid(n.Id, ifIndex));
                tx.SetString(ik, V.Name, nodeName + " - Ethernet");
                tx.SetString(ik, V.Node, nodeId);
                tx.SetString(ik, V.Network, n.Id);
                tx.SetString(ik, V.Adapter, "Ethernet");
                tx.SetString(ik, V.Address, "192.0.2." + (100 + ifIndex).ToString(CultureInfo.InvariantCulture));
            }
        }

        var groups = tx.EnsureKey(root, "Groups");
        var resources = tx.EnsureKey(root, "Resources");
        var firstNode = nodeIds[t.Nodes[0]];
        var nextVolume = 1u;
        foreach (var g in t.Groups)
        {
            var gk = tx.EnsureKey(groups, g.Id);
            tx.SetString(gk, V.Name, g.Name);
            tx.SetDWord(gk, V.GroupType, g.GroupType);
            tx.SetString(gk, V.OwnerNode, g.Owner is null ? firstNode : nodeIds[g.Owner]);
            tx.SetMultiString(gk, V.PreferredOwners, []);
            tx.SetDWord(gk, V.PersistentState, g.Online ? 1u : 0u);
            var byName = g.Resources.ToDictionary(r => r.Name, r => r.Id, StringComparer.OrdinalIgnoreCase);
            foreach (var r in g.Resources)
            {
                var rk = tx.EnsureKey(resources, r.Id);
                tx.SetString(rk, V.Name, r.Name);
                tx.SetString(rk, V.Type, r.Type);
                tx.SetString(rk, V.Group, g.Id);
                tx.SetMultiString(rk, V.DependsOn, r.DependsOn.Select(d => byName[d]));
                tx.SetDWord(rk, V.PersistentState, g.Online ? 1u : 0u);
                tx.SetDWord(rk, V.Flags, r.Core ? 1u : 0u);
                tx.SetDWord(rk, V.SharedVolume, r.SharedVolume ? 1u : 0u);
                var parameters = tx.EnsureKey(rk, "Parameters");
                foreach (var (name, value) in r.Parameters)
                {
                    tx.SetString(parameters, name, value);
                }
                if (r.Partitions.Count > 0)
                {
                    var parts = tx.EnsureKey(rk, "Partitions");
                    foreach (var p in r.Partitions)
                    {
                        var pk = tx.EnsureKey(parts, p.PartitionNumber.ToString(CultureInfo.InvariantCulture));
                        tx.SetString(pk, SharedVolume.VolumeNameValue, VolumeGuidPath(p.VolumeGuid));
                        tx.SetQWord(pk, SharedVolume.OffsetValue, p.Offset);
                        tx.SetDWord(pk, SharedVolume.PartitionValue, p.PartitionNumber);
                        tx.SetQWord(pk, "SizeBytes", p.SizeBytes);
                        tx.SetString(pk, "FileSystem", p.FileSystem);
                    }
                    if (r.SharedVolume)
                    {
                        var svs = tx.EnsureKey(rk, "SharedVolumes");
                        foreach (var p in r.Partitions)
                        {
                            var vk = tx.EnsureKey(svs, p.PartitionNumber.ToString(CultureInfo.InvariantCulture));
                            tx.SetString(vk, SharedVolume.FriendlyNameValue, "Volume" + nextVolume.ToString(CultureInfo.InvariantCulture));
                            tx.SetString(vk, SharedVolume.VolumeNameValue, VolumeGuidPath(p.VolumeGuid));
                            tx.SetQWord(vk, SharedVolume.OffsetValue, p.Offset);
                            tx.SetDWord(vk, SharedVolume.PartitionValue, p.PartitionNumber);
                            tx.SetDWord(vk, SharedVolume.MaintenanceValue, 0);
                            tx.SetDWord(vk, SharedVolume.RedirectedValue, 0);
                            nextVolume++;
                        }
                    }
                }
            }
        }
        tx.SetDWord(root, "NextSharedVolumeNumber", nextVolume);

        var sets = tx.EnsureKey(root, "GroupSets");
        foreach (var s in t.GroupSets)
        {
            var k = tx.EnsureKey(sets, s.Id);
            tx.SetString(k, V.Name, s.Name);
            tx.SetMultiString(k, V.Groups, s.Groups.Select(n => t.Groups.First(g => string.Equals(g.Name, n, StringComparison.OrdinalIgnoreCase)).Id));
        }
    }

    /// <summary>The \\?\Volume{GUID}\ path of a volume GUID (lower-case, as mountvol prints it).</summary>
    public static string VolumeGuidPath(string guid) => @"\\?\Volume{" + Guid.Parse(guid).ToString("D") + @"}\";

    private static string StableGuid(string seed, int index)
    {
        var g = Guid.Parse(seed).ToByteArray();
        g[15] ^= (byte)index;
        g[14] ^= (byte)(index >> 8);
        g[0] ^= 0x5A;
        return new Guid(g).ToString("D");
    }
}
