using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>The cluster as a whole.</summary>
public sealed record ClusterInfo(string Name, string Fqdn, string InstanceId, string LocalNodeName, string SharedVolumesRoot, bool EnableSharedVolumes);

/// <summary>A node snapshot.</summary>
public sealed record NodeInfo(string Id, string Name, ClusterNodeState State);

/// <summary>A group snapshot.</summary>
public sealed record GroupInfo(string Id, string Name, ClusterGroupState State, string OwnerNodeName, ClusterGroupType GroupType, bool IsSpecial, IReadOnlyList<string> ResourceNames);

/// <summary>A resource snapshot.</summary>
public sealed record ResourceInfo(
    string Id, string Name, string TypeName, string GroupId, string GroupName, string OwnerNodeName,
    ClusterResourceState State, bool IsCore, bool SharedVolumes, IReadOnlyList<string> DependsOnNames);

/// <summary>A resource type snapshot.</summary>
public sealed record ResourceTypeInfo(string Name, string DllName, uint ResourceClass);

/// <summary>A network snapshot.</summary>
public sealed record NetworkInfo(string Id, string Name, ClusterNetworkState State);

/// <summary>A network interface snapshot.</summary>
public sealed record NetInterfaceInfo(string Id, string Name, string NodeName, string NetworkName, ClusterNetInterfaceState State);

/// <summary>A group set snapshot.</summary>
public sealed record GroupSetInfo(string Id, string Name, IReadOnlyList<string> GroupNames);

/// <summary>One CSV as GET_SHARED_VOLUME_INFO reports it (CLUS_CSV_VOLUME_INFO, MS-CMRP 2.2.3.18), plus diagnostics.</summary>
public sealed record SharedVolumeInfo(
    string ResourceId,
    string ResourceName,
    string FriendlyName,
    string VolumeName,
    ulong VolumeOffset,
    uint PartitionNumber,
    CsvVolumeFaultState FaultState,
    SharedVolumeBackupState BackupState,
    bool Maintenance,
    bool Redirected,
    DateTimeOffset? BackupDeadline,
    int SnapshotSetsInProgress,
    string CoordinatorNodeName);

/// <summary>What ClusterPrepareSharedVolumeForBackup returns: the CSV's path and its volume GUID path.</summary>
public sealed record PreparedVolume(string VolumePathName, string VolumeName);

/// <summary>
/// One value as the cluster database keeps it (a property, or a value of a registry key): its name, its REG_* type
/// and its bytes. Immutable: the bytes of a value read are the stored ones, never copied, never changed. The
/// factories make the values a command stores (<see cref="Commands.SetProperties"/>).
/// </summary>
public sealed record StoredValue
{
    private readonly Database.DbValue _value;

    internal StoredValue(string name, Database.DbValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _value = value;
    }

    /// <summary>A REG_SZ (stored NUL-terminated).</summary>
    public static StoredValue String(string name, string value) => new(name, Database.DbValue.String(value));

    /// <summary>A REG_EXPAND_SZ (stored NUL-terminated).</summary>
    public static StoredValue ExpandString(string name, string value) => new(name, Database.DbValue.ExpandString(value));

    /// <summary>A REG_DWORD.</summary>
    public static StoredValue DWord(string name, uint value) => new(name, Database.DbValue.DWord(value));

    /// <summary>A REG_QWORD.</summary>
    public static StoredValue QWord(string name, ulong value) => new(name, Database.DbValue.QWord(value));

    /// <summary>A REG_MULTI_SZ: each string NUL-terminated, then one more NUL.</summary>
    public static StoredValue MultiString(string name, IEnumerable<string> values) => new(name, Database.DbValue.MultiString(values));

    /// <summary>A REG_BINARY.</summary>
    public static StoredValue Binary(string name, ReadOnlySpan<byte> value) => new(name, Database.DbValue.Binary(value));

    /// <summary>The database's form of the value.</summary>
    internal Database.DbValue Value => _value;

    /// <summary>The value's name.</summary>
    public string Name { get; }

    /// <summary>Its REG_* type.</summary>
    public RegistryValueType Type => _value.Type;

    /// <summary>Its bytes, as stored.</summary>
    public ReadOnlySpan<byte> Data => _value.Data;

    /// <summary>The string of a REG_SZ / REG_EXPAND_SZ (up to the first NUL).</summary>
    public string AsString() => _value.AsString();

    /// <summary>The number of a REG_DWORD (0 when the value is shorter than 4 bytes).</summary>
    public uint AsDWord() => _value.AsDWord();

    /// <summary>The number of a REG_QWORD (0 when the value is shorter than 8 bytes).</summary>
    public ulong AsQWord() => _value.AsQWord();

    /// <summary>The strings of a REG_MULTI_SZ.</summary>
    public IReadOnlyList<string> AsMultiString() => _value.AsMultiString();
}

/// <summary>
/// The values of an object's own database key (its common properties as stored), ordered by name, with the key's
/// own name (the stored spelling of the object's ID or, for a resource type, its name). Names compare
/// case-insensitively, as in the database.
/// </summary>
public sealed record ObjectValues(string KeyName, IReadOnlyList<StoredValue> Values)
{
    /// <summary>The value of that name, or null.</summary>
    public StoredValue? Get(string name) => Values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A REG_SZ value, or the fallback.</summary>
    public string GetString(string name, string fallback = "") => Get(name)?.AsString() ?? fallback;
}

/// <summary>One subkey of a registry key: its name and the last time it changed.</summary>
public sealed record RegistrySubkeyInfo(string Name, DateTimeOffset LastWriteTime);

/// <summary>
/// A key of the cluster registry (MS-CMRP 3.1.1.2) without its values' data: its subkeys and value names, each
/// ordered by name (the index order of ApiEnumKey / ApiEnumValue), the largest value's size in bytes and the time
/// the key last changed.
/// </summary>
public sealed record RegistryKeyInfo(
    DateTimeOffset LastWriteTime, IReadOnlyList<RegistrySubkeyInfo> Subkeys, IReadOnlyList<string> ValueNames, int MaxValueDataLength);

/// <summary>
/// The versions ApiGetClusterVersion2 reports: the local node's (MajorVersion, MinorVersion, BuildNumber,
/// CSDVersion of its key; 0 and "" when it has none) and the operational range, the intersection of every node's
/// [NodeLowestVersion, NodeHighestVersion] (0 and 0 without nodes).
/// </summary>
public sealed record ClusterVersionInfo(uint MajorVersion, uint MinorVersion, uint BuildNumber, string CsdVersion, uint HighestVersion, uint LowestVersion);

/// <summary>The quorum settings of the cluster: the quorum resource's ID ("" for node majority), its path and log size.</summary>
public sealed record QuorumSettings(string ResourceId, string Path, uint MaxLogSize);
