namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// The kind of object a context handle designates (MS-CMRP 2.2.1: one context-handle type per object). The service's
/// handles carry it (as ClusApiObjectKind), and <see cref="NotificationPortV2.Add"/> takes the hObject's.
/// </summary>
public enum NotifyObjectKind
{
    /// <summary>HCLUSTER_RPC.</summary>
    Cluster,
    /// <summary>HNODE_RPC.</summary>
    Node,
    /// <summary>HGROUP_RPC.</summary>
    Group,
    /// <summary>HRES_RPC.</summary>
    Resource,
    /// <summary>HNETWORK_RPC.</summary>
    Network,
    /// <summary>HNETINTERFACE_RPC.</summary>
    NetInterface,
    /// <summary>HKEY_RPC.</summary>
    Key,
    /// <summary>HGROUPSET_RPC.</summary>
    GroupSet,
}

/// <summary>
/// Which filter flags ApiAddNotifyV2 accepts per object type and which handle each object type takes
/// (MS-CMRP 3.1.4.2.137 tables). Flags outside the object type's enumeration, and the flags the client "MUST NOT
/// set", are ERROR_INVALID_PARAMETER, as is an empty filter (there is nothing to register).
/// </summary>
public static class NotifyFilterRules
{
    /// <summary>CLUSTER_OBJECT_TYPE_SPACEPORT (2.2.2.11; not in <see cref="ClusterObjectType"/>).</summary>
    public const uint ObjectTypeSpaceport = 0xB;

    /// <summary>CLUSTER_OBJECT_TYPE_UPGRADE (2.2.2.11; not in <see cref="ClusterObjectType"/>).</summary>
    public const uint ObjectTypeUpgrade = 0xC;

    /// <summary>The flags a client may register for <paramref name="objectType"/>; 0 for an unsupported object type.</summary>
    public static long AllowedFlags(uint objectType) => objectType switch
    {
        // 3.1.4.2.137: the client MUST NOT set RECONNECT, HANDLE_CLOSE or STATE for the cluster.
        (uint)ClusterObjectType.Cluster => 0x1FFF & ~(long)(ClusterChangeClusterV2.Reconnect | ClusterChangeClusterV2.State | ClusterChangeClusterV2.HandleClose),
        (uint)ClusterObjectType.Group => 0x1FF,            // 2.2.2.13 without HANDLE_CLOSE (0x200)
        (uint)ClusterObjectType.Resource => 0x1FF,         // 2.2.2.14 without HANDLE_CLOSE (0x200)
        (uint)ClusterObjectType.ResourceType => 0x3F,      // 2.2.2.15, nothing disallowed
        (uint)ClusterObjectType.NetworkInterface => 0xF,   // 2.2.2.16 without HANDLE_CLOSE (0x10)
        (uint)ClusterObjectType.Network => 0xF,            // 2.2.2.17 without HANDLE_CLOSE (0x10)
        (uint)ClusterObjectType.Node => 0x7F,              // 2.2.2.18 without HANDLE_CLOSE (0x80)
        (uint)ClusterObjectType.Registry => 0xF,           // 2.2.2.19 without HANDLE_CLOSE (0x10)
        (uint)ClusterObjectType.Quorum => 0x1,             // 2.2.2.20
        // 2.2.2.21 defines STATE only; ADDED/REMOVED come from clusapi.h and are accepted (docs/behaviour.md, "CSV notifications").
        (uint)ClusterObjectType.SharedVolume => (long)(SharedVolumeChangeV2.State | SharedVolumeChangeV2.Added | SharedVolumeChangeV2.Removed),
        ObjectTypeSpaceport => 0x1,                         // 2.2.2.25
        ObjectTypeUpgrade => 0x7,                           // 2.2.2.26
        (uint)ClusterObjectType.GroupSet => 0xFF,           // 2.2.2.24 without HANDLE_CLOSE (0x100)
        _ => 0,
    };

    /// <summary>
    /// The hObject kind the 3.1.4.2.137 table requires for a registration targeted at one object; the object types
    /// whose handle is an HCLUSTER_RPC (cluster, quorum, resource type, shared volume, spaceport, upgrade) are always
    /// cluster-wide. Null for an unsupported object type.
    /// </summary>
    public static NotifyObjectKind? RequiredHandle(uint objectType) => objectType switch
    {
        (uint)ClusterObjectType.Cluster or (uint)ClusterObjectType.Quorum or (uint)ClusterObjectType.ResourceType
            or (uint)ClusterObjectType.SharedVolume or ObjectTypeSpaceport or ObjectTypeUpgrade => NotifyObjectKind.Cluster,
        (uint)ClusterObjectType.Group => NotifyObjectKind.Group,
        (uint)ClusterObjectType.Resource => NotifyObjectKind.Resource,
        (uint)ClusterObjectType.Network => NotifyObjectKind.Network,
        (uint)ClusterObjectType.NetworkInterface => NotifyObjectKind.NetInterface,
        (uint)ClusterObjectType.Node => NotifyObjectKind.Node,
        (uint)ClusterObjectType.Registry => NotifyObjectKind.Key,
        (uint)ClusterObjectType.GroupSet => NotifyObjectKind.GroupSet,
        _ => null,
    };

    /// <summary>
    /// Validates one ApiAddNotifyV2 registration (3.1.4.2.137). Returns ERROR_INVALID_PARAMETER for dwVersion ≠ 2, an
    /// unknown object type, empty or invalid flags, and a handle of the wrong kind for the object type (the handle is
    /// a valid HGENERIC_RPC, the combination is what is invalid). On success <paramref name="targetId"/> is the object
    /// the registration is limited to, or null for every object of the type.
    /// </summary>
    public static Win32Error Validate(uint objectType, long filterFlags, NotifyObjectKind handleKind, string handleObjectId,
        uint version, bool isTargetedAtObject, out string? targetId)
    {
        targetId = null;
        long allowed = AllowedFlags(objectType);
        var required = RequiredHandle(objectType);
        if (version != 2 || allowed == 0 || required is null || filterFlags == 0 || (filterFlags & ~allowed) != 0)
        {
            return Win32Error.InvalidParameter;
        }
        if (required == NotifyObjectKind.Cluster || !isTargetedAtObject)
        {
            // HCLUSTER object types, or isTargetedAtObject = FALSE: hObject is an HCLUSTER_RPC (MS-CMRP 3.1.4.2.137 for CSVs).
            return handleKind == NotifyObjectKind.Cluster ? Win32Error.Success : Win32Error.InvalidParameter;
        }
        if (handleKind != required)
        {
            return Win32Error.InvalidParameter;
        }
        targetId = handleObjectId;
        return Win32Error.Success;
    }
}
