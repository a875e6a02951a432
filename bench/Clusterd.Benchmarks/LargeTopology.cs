using System.Globalization;
using Clusterd.Cluster.Topology;

namespace Clusterd.Benchmarks;

/// <summary>The default lab topology plus N extra CSV disks (one volume each, each in its special group).</summary>
internal static class LargeTopology
{
    public static TopologyConfig WithCsvs(int count)
    {
        var t = TopologyConfig.Default();
        var groups = t.Groups.ToList();
        for (var i = 0; i < count; i++)
        {
            var name = "Bench Disk " + i.ToString(CultureInfo.InvariantCulture);
            groups.Add(new GroupConfig
            {
                Id = Id(0x20000000 + i),
                Name = name,
                GroupType = 4,
                Owner = t.Nodes[i % t.Nodes.Count],
                Resources =
                [
                    new ResourceConfig
                    {
                        Id = Id(0x30000000 + i),
                        Name = name,
                        Type = "Physical Disk",
                        SharedVolume = true,
                        Partitions = [new PartitionConfig { VolumeGuid = Id(0x40000000 + i), PartitionNumber = 2 }],
                    },
                ],
            });
        }
        return t with { Groups = groups };
    }

    public static string DiskName(int i) => "Bench Disk " + i.ToString(CultureInfo.InvariantCulture);

    private static string Id(int i) => new Guid(i, 0x1234, 0x4567, [0x89, 0xab, 0, 0, 0, 0, 0, 1]).ToString("D");
}
