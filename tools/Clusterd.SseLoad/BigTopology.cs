using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusterd.SseLoad;

/// <summary>A topology file with many CSVs: the default topology plus one group and disk per extra CSV.</summary>
internal static class BigTopology
{
    /// <summary>Writes the default topology with <paramref name="csvs"/> more CSVs ("Bench Disk N", VolumeN+2) to <paramref name="path"/>.</summary>
    public static void Write(string path, int csvs)
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Clusterd.Cluster", "Topology", "default-topology.json");
        var root = JsonNode.Parse(File.ReadAllText(source), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        var nodes = root["nodes"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var groups = root["groups"]!.AsArray();
        for (var i = 0; i < csvs; i++)
        {
            var name = "Bench Disk " + i.ToString(CultureInfo.InvariantCulture);
            groups.Add(new JsonObject
            {
                ["id"] = Id(0x20000000 + i),
                ["name"] = name,
                ["groupType"] = 4,
                ["owner"] = nodes[i % nodes.Length],
                ["resources"] = new JsonArray(new JsonObject
                {
                    ["id"] = Id(0x30000000 + i),
                    ["name"] = name,
                    ["type"] = "Physical Disk",
                    ["sharedVolume"] = true,
                    ["partitions"] = new JsonArray(new JsonObject { ["volumeGuid"] = Id(0x40000000 + i), ["partitionNumber"] = 2 }),
                }),
            });
        }
        File.WriteAllText(path, root.ToJsonString());
    }

    /// <summary>The directory holding Clusterd.slnx, from the running assembly's directory up.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Clusterd.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string Id(int i) => new Guid(i, 0x1234, 0x4567, [0x89, 0xab, 0, 0, 0, 0, 0, 1]).ToString("D");
}
