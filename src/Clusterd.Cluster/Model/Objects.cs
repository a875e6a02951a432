using Clusterd.ClusApi;
using Clusterd.Cluster.Database;

namespace Clusterd.Cluster.Model;

/// <summary>Value names the engine keeps in object keys (as Windows names them where Windows has a name).</summary>
internal static class V
{
    public const string Name = "Name";
    public const string Type = "Type";
    public const string Group = "Group";
    public const string DependsOn = "DependsOn";
    public const string PersistentState = "PersistentState";
    public const string Flags = "Flags";
    public const string SharedVolume = "SharedVolume";
    public const string OwnerNode = "OwnerNode";
    public const string PreferredOwners = "PreferredOwners";
    public const string GroupType = "GroupType";
    public const string NodeName = "NodeName";
    public const string NodeId = "NodeId";
    public const string Paused = "Paused";
    public const string Node = "Node";
    public const string Network = "Network";
    public const string Adapter = "Adapter";
    public const string Address = "Address";
    public const string AddressMask = "AddressMask";
    public const string Role = "Role";
    public const string Groups = "Groups";
    public const string DllName = "DllName";
    public const string ResourceClass = "ResourceClass";
    public const string PendingSeconds = "EmulatedPendingSeconds";
    public const string Description = "Description";
}

/// <summary>CLUSGROUP_TYPE values used by the engine.</summary>
public enum ClusterGroupType : uint
{
    /// <summary>ClusGroupTypeCoreCluster.</summary>
    CoreCluster = 1,
    /// <summary>ClusGroupTypeAvailableStorage.</summary>
    AvailableStorage = 2,
    /// <summary>ClusGroupTypeTemporary.</summary>
    Temporary = 3,
    /// <summary>ClusGroupTypeSharedVolume: the CSV special group (MS-CMRP 3.1.1.1.4).</summary>
    SharedVolume = 4,
    /// <summary>ClusGroupTypeUnknown.</summary>
    Unknown = 9999,
}

/// <summary>A cluster node: database key Nodes\{id}; up/joining are runtime, paused is persisted.</summary>
internal sealed class Node(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.NodeName);
    public bool IsUp { get; set; } = true;
    public bool IsJoining { get; set; }
    public bool IsPaused => Key.GetDWord(V.Paused) != 0;

    public ClusterNodeState State =>
        !IsUp ? ClusterNodeState.Down : IsJoining ? ClusterNodeState.Joining : IsPaused ? ClusterNodeState.Paused : ClusterNodeState.Up;

    /// <summary>Can host groups: up, not joining (a paused node keeps what it has but takes nothing new).</summary>
    public bool IsActive => IsUp && !IsJoining;
}

/// <summary>A group: database key Groups\{id}.</summary>
internal sealed class Group(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.Name);
    public string OwnerNodeId => Key.GetString(V.OwnerNode);
    public ClusterGroupType GroupType => (ClusterGroupType)Key.GetDWord(V.GroupType, (uint)ClusterGroupType.Unknown);
    public IReadOnlyList<string> PreferredOwners => Key.GetMultiString(V.PreferredOwners);

    /// <summary>The CSV "special group" of MS-CMRP 3.1.1.1.4.</summary>
    public bool IsSpecial => GroupType == ClusterGroupType.SharedVolume;

    public List<Resource> Resources { get; } = [];
}

/// <summary>A resource: database key Resources\{id}; private properties under Parameters.</summary>
internal sealed class Resource(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.Name);
    public string TypeName => Key.GetString(V.Type);
    public string GroupId => Key.GetString(V.Group);
    public IReadOnlyList<string> DependsOn => Key.GetMultiString(V.DependsOn);
    public uint Flags => Key.GetDWord(V.Flags);
    public bool IsCore => (Flags & 1) != 0;

    /// <summary>ResourceSharedVolumes of MS-CMRP 3.1.1.4.</summary>
    public bool SharedVolumes => Key.GetDWord(V.SharedVolume) != 0;

    public ClusterResourceState State { get; set; } = ClusterResourceState.Offline;

    /// <summary>Nodes that have lost connectivity to this disk (runtime; drives block redirection; docs/behaviour.md, "Block redirected mode").</summary>
    public HashSet<string> DisconnectedNodeIds { get; } = new(StringComparer.Ordinal);

    /// <summary>CSV volumes of this resource, in partition order.</summary>
    public List<SharedVolume> Volumes { get; } = [];
}

/// <summary>A resource type: database key ResourceTypes\{name}.</summary>
internal sealed class ResourceType(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Name => Key.Name;
    public uint PendingSeconds => Key.GetDWord(V.PendingSeconds);
}

/// <summary>A network: database key Networks\{id}.</summary>
internal sealed class Network(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.Name);
}

/// <summary>A network interface: database key NetworkInterfaces\{id}.</summary>
internal sealed class NetInterface(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.Name);
    public string NodeId => Key.GetString(V.Node);
    public string NetworkId => Key.GetString(V.Network);
}

/// <summary>A group set: database key GroupSets\{id}.</summary>
internal sealed class GroupSet(DbKey key)
{
    public DbKey Key { get; } = key;
    public string Id => Key.Name;
    public string Name => Key.GetString(V.Name);
}
