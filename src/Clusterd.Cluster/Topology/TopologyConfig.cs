using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clusterd.Cluster.Topology;

/// <summary>
/// The lab topology the engine seeds an empty cluster database with (JSON). The embedded default is
/// <c>default-topology.json</c>: CLUSTER1, node1..node3, the core group, Available Storage and two CSVs.
/// </summary>
public sealed record TopologyConfig
{
    /// <summary>Cluster name (NetBIOS form).</summary>
    public string ClusterName { get; init; } = "CLUSTER1";

    /// <summary>Fully qualified DNS name of the cluster.</summary>
    public string Fqdn { get; init; } = "CLUSTER1.clusterd.test";

    /// <summary>The stable ClusterInstanceID (GUID string).</summary>
    public string ClusterInstanceId { get; init; } = "";

    /// <summary>The CSV namespace root (cluster common property SharedVolumesRoot).</summary>
    public string SharedVolumesRoot { get; init; } = @"C:\ClusterStorage";

    /// <summary>Nodes, in node-ID order (IDs are 1-based positions).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Resource types.</summary>
    public IReadOnlyList<ResourceTypeConfig> ResourceTypes { get; init; } = [];

    /// <summary>Networks; every node gets one interface "nodeN - Ethernet" on each.</summary>
    public IReadOnlyList<NetworkConfig> Networks { get; init; } = [];

    /// <summary>Groups with their resources.</summary>
    public IReadOnlyList<GroupConfig> Groups { get; init; } = [];

    /// <summary>Group sets.</summary>
    public IReadOnlyList<GroupSetConfig> GroupSets { get; init; } = [];

    /// <summary>
    /// The initial cluster security descriptor's entries (docs/authorization.md), in order; empty: every account of the
    /// accounts file holds "All". Used only when the database holds no descriptor yet.
    /// </summary>
    public IReadOnlyList<AccessConfig> Access { get; init; } = [];

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Parses a topology document; throws <see cref="InvalidDataException"/> with the reason when it is not valid.</summary>
    public static TopologyConfig Parse(string json)
    {
        TopologyConfig? c;
        try
        {
            c = JsonSerializer.Deserialize<TopologyConfig>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("topology: " + e.Message, e);
        }
        if (c is null)
        {
            throw new InvalidDataException("topology: empty document");
        }
        c.Validate();
        return c;
    }

    /// <summary>Loads a topology file.</summary>
    public static TopologyConfig Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The embedded default lab topology.</summary>
    public static TopologyConfig Default()
    {
        using var s = typeof(TopologyConfig).Assembly.GetManifestResourceStream("Clusterd.Cluster.Topology.default-topology.json")
            ?? throw new InvalidOperationException("default topology resource missing");
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }

    private void Validate()
    {
        static void Fail(string why) => throw new InvalidDataException("topology: " + why);
        if (string.IsNullOrWhiteSpace(ClusterName))
        {
            Fail("clusterName is required");
        }
        if (!Guid.TryParse(ClusterInstanceId, out _))
        {
            Fail("clusterInstanceId must be a GUID");
        }
        if (Nodes.Count == 0)
        {
            Fail("at least one node is required");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in Nodes)
        {
            if (!names.Add(n))
            {
                Fail($"duplicate node '{n}'");
            }
        }
        var types = new HashSet<string>(ResourceTypes.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
        var resources = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var volumes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in Groups)
        {
            if (!groups.Add(g.Name))
            {
                Fail($"duplicate group '{g.Name}'");
            }
            if (g.Owner is not null && !names.Contains(g.Owner))
            {
                Fail($"group '{g.Name}' owner '{g.Owner}' is not a node");
            }
            foreach (var r in g.Resources)
            {
                if (!resources.Add(r.Name))
                {
                    Fail($"duplicate resource '{r.Name}'");
                }
                if (!types.Contains(r.Type))
                {
                    Fail($"resource '{r.Name}' has unknown type '{r.Type}'");
                }
                if (!Guid.TryParse(r.Id, out _))
                {
                    Fail($"resource '{r.Name}' id must be a GUID");
                }
                foreach (var p in r.Partitions)
                {
                    if (!Guid.TryParse(p.VolumeGuid, out _) || !volumes.Add(p.VolumeGuid))
                    {
                        Fail($"resource '{r.Name}' has a partition with a missing, invalid or duplicate volumeGuid");
                    }
                }
                if (r.SharedVolume && (r.Type != "Physical Disk" || r.Partitions.Count == 0))
                {
                    Fail($"resource '{r.Name}' is a CSV but not a Physical Disk with partitions");
                }
            }
        }
        if (Access.Count > ClusApi.Security.ClusterSecurityDescriptor.MaxAces)
        {
            Fail($"access has more than {ClusApi.Security.ClusterSecurityDescriptor.MaxAces} entries");
        }
        foreach (var a in Access)
        {
            if (string.IsNullOrWhiteSpace(a.User))
            {
                Fail("an access entry has no user");
            }
            if (a.Rights is not ("Full" or "Read"))
            {
                Fail($"access entry for '{a.User}': rights must be Full or Read, not '{a.Rights}'");
            }
            if (a.Type is not ("Allow" or "Deny"))
            {
                Fail($"access entry for '{a.User}': type must be Allow or Deny, not '{a.Type}'");
            }
        }
        foreach (var g in Groups)
        {
            foreach (var r in g.Resources)
            {
                foreach (var d in r.DependsOn)
                {
                    if (!g.Resources.Any(x => string.Equals(x.Name, d, StringComparison.OrdinalIgnoreCase)))
                    {
                        Fail($"resource '{r.Name}' depends on '{d}', which is not in its group");
                    }
                }
            }
        }
    }
}

/// <summary>
/// One entry of the initial cluster security descriptor (Grant-ClusterAccess / Block-ClusterAccess in a file):
/// <c>{ "user": "monitor", "rights": "Read" }</c>, <c>{ "user": "guest", "type": "Deny" }</c>.
/// </summary>
public sealed record AccessConfig
{
    /// <summary>An account of the accounts file, a well-known name (Everyone, BUILTIN\Administrators, ...) or a SID string.</summary>
    public string User { get; init; } = "";

    /// <summary>Full ("All") or Read.</summary>
    public string Rights { get; init; } = "Full";

    /// <summary>Allow or Deny.</summary>
    public string Type { get; init; } = "Allow";
}

/// <summary>A resource type of the topology.</summary>
public sealed record ResourceTypeConfig
{
    /// <summary>Type name ("Physical Disk").</summary>
    public string Name { get; init; } = "";
    /// <summary>Resource DLL name.</summary>
    public string Dll { get; init; } = "clusres.dll";
    /// <summary>CLUSTER_RESOURCE_CLASS: 0 unknown, 1 storage, 2 network.</summary>
    public uint ResourceClass { get; init; }
    /// <summary>Emulated duration of OnlinePending/OfflinePending in seconds (0: transitions complete at once).</summary>
    public uint PendingSeconds { get; init; }
}

/// <summary>A network of the topology.</summary>
public sealed record NetworkConfig
{
    /// <summary>Stable ID (GUID).</summary>
    public string Id { get; init; } = "";
    /// <summary>Network name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Address (documentation range; nothing connects to it).</summary>
    public string Address { get; init; } = "192.0.2.0";
    /// <summary>Mask.</summary>
    public string AddressMask { get; init; } = "255.255.255.0";
    /// <summary>CLUSTER_NETWORK_ROLE (3 = cluster and client).</summary>
    public uint Role { get; init; } = 3;
}

/// <summary>A group of the topology.</summary>
public sealed record GroupConfig
{
    /// <summary>Stable ID (GUID).</summary>
    public string Id { get; init; } = "";
    /// <summary>Group name.</summary>
    public string Name { get; init; } = "";
    /// <summary>CLUSGROUP_TYPE.</summary>
    public uint GroupType { get; init; } = 9999;
    /// <summary>Owner node name (default: first node).</summary>
    public string? Owner { get; init; }
    /// <summary>Whether the group starts online.</summary>
    public bool Online { get; init; } = true;
    /// <summary>The group's resources.</summary>
    public IReadOnlyList<ResourceConfig> Resources { get; init; } = [];
}

/// <summary>A resource of the topology.</summary>
public sealed record ResourceConfig
{
    /// <summary>Stable ID (GUID).</summary>
    public string Id { get; init; } = "";
    /// <summary>Resource name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Resource type name.</summary>
    public string Type { get; init; } = "";
    /// <summary>Core resource (cannot be deleted).</summary>
    public bool Core { get; init; }
    /// <summary>Names of resources (same group) this one depends on.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    /// <summary>Partitions of a disk resource.</summary>
    public IReadOnlyList<PartitionConfig> Partitions { get; init; } = [];
    /// <summary>True: the disk is a CSV from the start (it gets its own special group).</summary>
    public bool SharedVolume { get; init; }
    /// <summary>Private properties (string values), stored under Parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>A partition (volume) of a disk resource.</summary>
public sealed record PartitionConfig
{
    /// <summary>The volume GUID (the GUID of \\?\Volume{GUID}\).</summary>
    public string VolumeGuid { get; init; } = "";
    /// <summary>Partition number.</summary>
    public uint PartitionNumber { get; init; } = 2;
    /// <summary>Byte offset of the partition on the disk.</summary>
    public ulong Offset { get; init; } = 135266304;
    /// <summary>Size in bytes.</summary>
    public ulong SizeBytes { get; init; } = 107_374_182_400;
    /// <summary>File system: NTFS and ReFS can be CSVs (CLUSPROP_PIFLAG_USABLE_FOR_CSV).</summary>
    public string FileSystem { get; init; } = "NTFS";
}

/// <summary>A group set of the topology.</summary>
public sealed record GroupSetConfig
{
    /// <summary>Stable ID (GUID).</summary>
    public string Id { get; init; } = "";
    /// <summary>Set name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Member group names.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}
