using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>The object a property table describes.</summary>
public enum PropertyObject
{
    /// <summary>The cluster (the database root).</summary>
    Cluster,
    /// <summary>A node (Nodes\{id}).</summary>
    Node,
    /// <summary>A group (Groups\{id}).</summary>
    Group,
    /// <summary>A resource (Resources\{id}).</summary>
    Resource,
    /// <summary>A resource type (ResourceTypes\{name}).</summary>
    ResourceType,
    /// <summary>A network (Networks\{id}).</summary>
    Network,
    /// <summary>A network interface (NetworkInterfaces\{id}).</summary>
    NetInterface,
    /// <summary>A group set (GroupSets\{id}).</summary>
    GroupSet,
}

/// <summary>
/// One common property: its Windows name and CLUSPROP format, whether it is read-only, and the value used when the
/// object's key does not hold it. <paramref name="Source"/> names the database value when it differs from the property
/// name; <paramref name="Resolve"/> computes a value from the stored ones (e.g. a node ID stored, a node name shown),
/// null falling back to the stored value.
/// </summary>
internal sealed record PropertyDef(string Name, ClusPropFormat Format, bool ReadOnly, object Default, string? Source = null, Func<ICluster, ObjectValues, object?>? Resolve = null);

/// <summary>
/// The common properties of each object, named and typed as Windows names them (MSCS "Common Properties" pages;
/// the node RO list and the cluster list are the ones of the two Windows captures in Samba's torture suite,
/// source4/torture/ndr/clusapi.c). Values come from the object's database key; private properties are the Parameters subkey.
/// </summary>
internal static class PropertyTables
{
    private const bool RO = true;
    private const bool RW = false;
    private const ClusPropFormat Dw = ClusPropFormat.DWord;
    private const ClusPropFormat Sz = ClusPropFormat.Sz;
    private const ClusPropFormat Msz = ClusPropFormat.MultiSz;
    private const ClusPropFormat Ul = ClusPropFormat.ULargeInteger;

    public static readonly PropertyDef[] Cluster =
    [
        new("FixQuorum", Dw, RW, 0u),
        new("PreventQuorum", Dw, RW, 0u),
        new("IgnorePersistentStateOnStartup", Dw, RW, 0u),
        new("SharedVolumesRoot", Sz, RW, @"C:\ClusterStorage"),
        new("WitnessDynamicWeight", Dw, RW, 1u),
        new("AdminAccessPoint", Dw, RW, 1u),
        new("Description", Sz, RW, ""),
        new("ClusterLogLevel", Dw, RW, 3u),
        new("ClusterLogSize", Dw, RW, 300u),
        new("CrossSubnetDelay", Dw, RW, 1000u),
        new("CrossSubnetThreshold", Dw, RW, 20u),
        new("SameSubnetDelay", Dw, RW, 1000u),
        new("SameSubnetThreshold", Dw, RW, 10u),
        new("QuorumArbitrationTimeMax", Dw, RW, 20u),
        new("DynamicQuorum", Dw, RW, 1u),
        new("ShutdownTimeoutInMinutes", Dw, RW, 20u),
        new("BlockCacheSize", Dw, RW, 512u),
        new("EnableSharedVolumes", Dw, RO, 1u),
        new("ClusterFunctionalLevel", Dw, RO, 10u),
        new("Fqdn", Sz, RO, ""),
        // The cluster security descriptor (CLUSREG_NAME_CLUS_SD, MS-CMRP 3.1.1.3), set only through its own command
        // (ControlDispatcher.SetClusterSecurity; docs/authorization.md).
        new(SecurityDescriptor, ClusPropFormat.Binary, RW, Array.Empty<byte>()),
    ];

    /// <summary>The cluster common property that holds the cluster security descriptor (CLUSREG_NAME_CLUS_SD).</summary>
    public const string SecurityDescriptor = "Security Descriptor";

    public static readonly PropertyDef[] Node =
    [
        new("Description", Sz, RW, ""),
        new("NodeWeight", Dw, RW, 1u),
        new("NodeName", Sz, RO, ""),
        new("NodeHighestVersion", Dw, RO, 0u),
        new("NodeLowestVersion", Dw, RO, 0u),
        new("MajorVersion", Dw, RO, 0u),
        new("MinorVersion", Dw, RO, 0u),
        new("BuildNumber", Dw, RO, 0u),
        new("CSDVersion", Sz, RO, ""),
        new("NodeInstanceID", Sz, RO, ""),
        new("NodeDrainStatus", Dw, RO, 0u),
        new("NodeDrainTarget", Dw, RO, 0xFFFFFFFFu),
        new("DynamicWeight", Dw, RO, 1u),
        new("NeedsPreventQuorum", Dw, RO, 0u),
    ];

    public static readonly PropertyDef[] Group =
    [
        new("Name", Sz, RW, ""),
        new("Description", Sz, RW, ""),
        new("PersistentState", Dw, RW, 0u),
        new("FailoverThreshold", Dw, RW, 0xFFFFFFFFu),
        new("FailoverPeriod", Dw, RW, 6u),
        new("AutoFailbackType", Dw, RW, 0u),
        new("FailbackWindowStart", Dw, RW, 0xFFFFFFFFu),
        new("FailbackWindowEnd", Dw, RW, 0xFFFFFFFFu),
        new("Priority", Dw, RW, 2000u),
        new("DefaultOwner", Dw, RW, 0xFFFFFFFFu),
        new("AntiAffinityClassNames", Msz, RW, Array.Empty<string>()),
        new("GroupType", Dw, RO, 9999u),
        new("StatusInformation", Ul, RO, 0UL),
    ];

    public static readonly PropertyDef[] Resource =
    [
        new("Name", Sz, RW, ""),
        new("Description", Sz, RW, ""),
        new("SeparateMonitor", Dw, RW, 0u),
        new("PersistentState", Dw, RW, 0u),
        new("LooksAlivePollInterval", Dw, RW, 0xFFFFFFFFu),
        new("IsAlivePollInterval", Dw, RW, 0xFFFFFFFFu),
        new("RestartAction", Dw, RW, 2u),
        new("RestartThreshold", Dw, RW, 1u),
        new("RestartPeriod", Dw, RW, 900000u),
        new("RestartDelay", Dw, RW, 500u),
        new("RetryPeriodOnFailure", Dw, RW, 3600000u),
        new("PendingTimeout", Dw, RW, 180000u),
        new("DeadlockTimeout", Dw, RW, 300000u),
        new("Type", Sz, RO, ""),
        new("ResourceSpecificStatus", Sz, RO, ""),
        new("MonitorProcessId", Dw, RO, 0u),
    ];

    public static readonly PropertyDef[] ResourceType =
    [
        // The display name (ApiCreateResourceType's lpszDisplayName, MS-CMRP 3.1.4.2.26), kept as the type key's Name value;
        // the key name is the type name.
        new("Name", Sz, RW, "", Resolve: (_, k) => k.Values.FirstOrDefault(v => string.Equals(v.Name, "Name", StringComparison.OrdinalIgnoreCase))?.AsString() ?? k.KeyName),
        new("Description", Sz, RW, ""),
        new("DllName", Sz, RW, ""),
        new("AdminExtensions", Msz, RW, Array.Empty<string>()),
        new("LooksAlivePollInterval", Dw, RW, 5000u),
        new("IsAlivePollInterval", Dw, RW, 60000u),
        new("PendingTimeout", Dw, RW, 180000u),
        new("DeadlockTimeout", Dw, RW, 300000u),
        new("DumpPolicy", Ul, RO, 0UL),
    ];

    public static readonly PropertyDef[] Network =
    [
        new("Name", Sz, RW, ""),
        new("Description", Sz, RW, ""),
        new("Role", Dw, RW, 3u),
        new("Metric", Dw, RW, 39984u),
        new("AutoMetric", Dw, RW, 1u),
        new("Address", Sz, RO, ""),
        new("AddressMask", Sz, RO, ""),
        new("ID", Sz, RO, "", Resolve: (_, k) => k.KeyName),
    ];

    public static readonly PropertyDef[] NetInterface =
    [
        new("Description", Sz, RW, ""),
        new("Name", Sz, RO, ""),
        new("Node", Sz, RO, "", Resolve: (engine, k) => engine.Queries.GetObjectValues(ClusterObjectType.Node, k.GetString("Node"))?.GetString("NodeName")),
        new("Network", Sz, RO, "", Resolve: (engine, k) => engine.Queries.GetObjectValues(ClusterObjectType.Network, k.GetString("Network"))?.GetString("Name")),
        new("Adapter", Sz, RO, ""),
        new("Address", Sz, RO, ""),
        new("ID", Sz, RO, "", Resolve: (_, k) => k.KeyName),
    ];

    /// <summary>
    /// The common properties of a group set (the Get-ClusterGroupSet properties of Windows Server 2016+). The name is
    /// read-only: no method renames a set. There are no global sets, so IsGlobal is 0.
    /// </summary>
    public static readonly PropertyDef[] GroupSet =
    [
        new("Description", Sz, RW, ""),
        new("StartupDelayTrigger", Dw, RW, 0u),
        new("StartupCount", Dw, RW, 0xFFFFFFFFu),
        new("StartupDelay", Dw, RW, 20u),
        new("Name", Sz, RO, ""),
        new("IsGlobal", Dw, RO, 0u),
    ];

    public static PropertyDef[] For(PropertyObject o) => o switch
    {
        PropertyObject.GroupSet => GroupSet,
        PropertyObject.Cluster => Cluster,
        PropertyObject.Node => Node,
        PropertyObject.Group => Group,
        PropertyObject.Resource => Resource,
        PropertyObject.ResourceType => ResourceType,
        PropertyObject.Network => Network,
        _ => NetInterface,
    };
}
