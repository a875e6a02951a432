namespace Clusterd.ClusApi;

/// <summary>CLUSTER_SHARED_VOLUME_BACKUP_STATE (MS-CMRP 2.2.3.18, 2.2.3.20).</summary>
public enum SharedVolumeBackupState
{
    /// <summary>VolumeBackupNone: not in backup mode / leave backup mode.</summary>
    None = 0,
    /// <summary>VolumeBackupInProgress: in backup mode / enter backup mode.</summary>
    InProgress = 1,
}

/// <summary>CLUSTER_CSV_VOLUME_FAULT_STATE (MS-CMRP 2.2.3.18); a single value, see docs/behaviour.md, "FaultState".</summary>
public enum CsvVolumeFaultState
{
    /// <summary>VolumeStateNoFaults.</summary>
    NoFaults = 0,
    /// <summary>VolumeStateRedirected (header: VolumeStateNoDirectIO).</summary>
    Redirected = 1,
    /// <summary>VolumeStateNoAccess.</summary>
    NoAccess = 2,
    /// <summary>VolumeStateInMaintenance.</summary>
    InMaintenance = 4,
    /// <summary>VolumeStateDismounted (header only).</summary>
    Dismounted = 8,
}

/// <summary>CLUSTER_SHARED_VOLUME_STATE (MS-CMRP 2.2.3.29, 2.2.3.32).</summary>
public enum SharedVolumeState
{
    /// <summary>SharedVolumeStateUnavailable.</summary>
    Unavailable = 0,
    /// <summary>SharedVolumeStatePaused.</summary>
    Paused = 1,
    /// <summary>SharedVolumeStateActive (direct I/O).</summary>
    Active = 2,
    /// <summary>SharedVolumeStateActiveRedirected (file-system redirected).</summary>
    ActiveRedirected = 3,
    /// <summary>SharedVolumeStateActiveBlockRedirected (header: ActiveVolumeRedirected).</summary>
    ActiveBlockRedirected = 4,
}

/// <summary>File-system redirected-I/O reasons (MS-CMRP 2.2.3.32, RedirectedIOReason).</summary>
[Flags]
public enum RedirectedIOReason : ulong
{
    /// <summary>RedirectedIOReasonNotRedirected.</summary>
    NotRedirected = 0,
    /// <summary>RedirectedIOReasonUserRequest.</summary>
    UserRequest = 0x1,
    /// <summary>RedirectedIOReasonIncompatibleFileSystemFilter.</summary>
    IncompatibleFileSystemFilter = 0x2,
    /// <summary>RedirectedIOReasonIncompatibleVolumeFilter.</summary>
    IncompatibleVolumeFilter = 0x4,
    /// <summary>RedirectedIOReasonFileSystemConfiguration.</summary>
    FileSystemConfiguration = 0x8,
    /// <summary>RedirectedIOReasonVolumeEncryption.</summary>
    VolumeEncryption = 0x10,
    /// <summary>RedirectedIOReasonReFs (header only).</summary>
    ReFs = 0x20,
}

/// <summary>Block-redirected-I/O reasons (MS-CMRP 2.2.3.32, BlockRedirectedIOReason).</summary>
[Flags]
public enum BlockRedirectedIOReason : ulong
{
    /// <summary>BlockRedirectedIOReasonNotRedirected.</summary>
    NotRedirected = 0,
    /// <summary>BlockRedirectedIOReasonNoDiskConnectivity.</summary>
    NoDiskConnectivity = 0x1,
    /// <summary>BlockRedirectedIOReasonStorageSpaceNotAttached.</summary>
    StorageSpaceNotAttached = 0x2,
    /// <summary>VolumeRedirectedIOReasonVolumeReplicationEnabled (header only, WS2016+).</summary>
    VolumeReplicationEnabled = 0x4,
}

/// <summary>CLUSTER_SHARED_VOLUME_SNAPSHOT_STATE (clusapi.h; the state argument of ClusterSharedVolumeSetSnapshotState).</summary>
public enum SharedVolumeSnapshotState
{
    /// <summary>ClusterSharedVolumeSnapshotStateUnknown.</summary>
    Unknown = 0,
    /// <summary>ClusterSharedVolumePrepareForHWSnapshot: a snapshot is being created.</summary>
    PrepareForHWSnapshot = 1,
    /// <summary>ClusterSharedVolumeHWSnapshotCompleted.</summary>
    HWSnapshotCompleted = 2,
    /// <summary>ClusterSharedVolumePrepareForFreeze.</summary>
    PrepareForFreeze = 3,
}

/// <summary>CLUSTER_RESOURCE_STATE (MS-CMRP 3.1.4.2.13).</summary>
public enum ClusterResourceState
{
    /// <summary>ClusterResourceStateUnknown.</summary>
    Unknown = -1,
    /// <summary>ClusterResourceInherited.</summary>
    Inherited = 0,
    /// <summary>ClusterResourceInitializing.</summary>
    Initializing = 1,
    /// <summary>ClusterResourceOnline.</summary>
    Online = 2,
    /// <summary>ClusterResourceOffline.</summary>
    Offline = 3,
    /// <summary>ClusterResourceFailed.</summary>
    Failed = 4,
    /// <summary>ClusterResourcePending.</summary>
    Pending = 0x80,
    /// <summary>ClusterResourceOnlinePending.</summary>
    OnlinePending = 0x81,
    /// <summary>ClusterResourceOfflinePending.</summary>
    OfflinePending = 0x82,
}

/// <summary>CLUSTER_GROUP_STATE (MS-CMRP 3.1.4.2.46).</summary>
public enum ClusterGroupState
{
    /// <summary>ClusterGroupStateUnknown.</summary>
    Unknown = -1,
    /// <summary>ClusterGroupOnline.</summary>
    Online = 0,
    /// <summary>ClusterGroupOffline.</summary>
    Offline = 1,
    /// <summary>ClusterGroupFailed.</summary>
    Failed = 2,
    /// <summary>ClusterGroupPartialOnline.</summary>
    PartialOnline = 3,
    /// <summary>ClusterGroupPending.</summary>
    Pending = 4,
}

/// <summary>CLUSTER_NODE_STATE (MS-CMRP 3.1.4.2.69).</summary>
public enum ClusterNodeState
{
    /// <summary>ClusterNodeStateUnknown.</summary>
    Unknown = -1,
    /// <summary>ClusterNodeUp.</summary>
    Up = 0,
    /// <summary>ClusterNodeDown.</summary>
    Down = 1,
    /// <summary>ClusterNodePaused.</summary>
    Paused = 2,
    /// <summary>ClusterNodeJoining.</summary>
    Joining = 3,
}

/// <summary>CLUSTER_NETWORK_STATE (MS-CMRP 3.1.4.2.84).</summary>
public enum ClusterNetworkState
{
    /// <summary>ClusterNetworkStateUnknown.</summary>
    Unknown = -1,
    /// <summary>ClusterNetworkUnavailable.</summary>
    Unavailable = 0,
    /// <summary>ClusterNetworkDown.</summary>
    Down = 1,
    /// <summary>ClusterNetworkPartitioned.</summary>
    Partitioned = 2,
    /// <summary>ClusterNetworkUp.</summary>
    Up = 3,
}

/// <summary>CLUSTER_NETINTERFACE_STATE (MS-CMRP 3.1.4.2.95).</summary>
public enum ClusterNetInterfaceState
{
    /// <summary>ClusterNetInterfaceStateUnknown.</summary>
    Unknown = -1,
    /// <summary>ClusterNetInterfaceUnavailable.</summary>
    Unavailable = 0,
    /// <summary>ClusterNetInterfaceFailed.</summary>
    Failed = 1,
    /// <summary>ClusterNetInterfaceUnreachable.</summary>
    Unreachable = 2,
    /// <summary>ClusterNetInterfaceUp.</summary>
    Up = 3,
}

/// <summary>CLUSTER_ENUM object-type bits for ApiCreateEnum (MS-CMRP 3.1.4.2.8).</summary>
[Flags]
public enum ClusterEnumType : uint
{
    /// <summary>CLUSTER_ENUM_NODE.</summary>
    Node = 0x1,
    /// <summary>CLUSTER_ENUM_RESTYPE.</summary>
    ResourceType = 0x2,
    /// <summary>CLUSTER_ENUM_RESOURCE.</summary>
    Resource = 0x4,
    /// <summary>CLUSTER_ENUM_GROUP.</summary>
    Group = 0x8,
    /// <summary>CLUSTER_ENUM_NETWORK.</summary>
    Network = 0x10,
    /// <summary>CLUSTER_ENUM_NETINTERFACE.</summary>
    NetInterface = 0x20,
    /// <summary>CLUSTER_ENUM_SHARED_VOLUME_GROUP (header only).</summary>
    SharedVolumeGroup = 0x20000000,
    /// <summary>CLUSTER_ENUM_SHARED_VOLUME_RESOURCE.</summary>
    SharedVolumeResource = 0x40000000,
    /// <summary>CLUSTER_ENUM_INTERNAL_NETWORK.</summary>
    InternalNetwork = 0x80000000,
}

/// <summary>CLUSTER_OBJECT_TYPE for version 2 notifications (MS-CMRP 2.2.2.11).</summary>
public enum ClusterObjectType
{
    /// <summary>CLUSTER_OBJECT_TYPE_NONE.</summary>
    None = 0,
    /// <summary>CLUSTER_OBJECT_TYPE_CLUSTER.</summary>
    Cluster = 1,
    /// <summary>CLUSTER_OBJECT_TYPE_GROUP.</summary>
    Group = 2,
    /// <summary>CLUSTER_OBJECT_TYPE_RESOURCE.</summary>
    Resource = 3,
    /// <summary>CLUSTER_OBJECT_TYPE_RESOURCE_TYPE.</summary>
    ResourceType = 4,
    /// <summary>CLUSTER_OBJECT_TYPE_NETWORK_INTERFACE.</summary>
    NetworkInterface = 5,
    /// <summary>CLUSTER_OBJECT_TYPE_NETWORK.</summary>
    Network = 6,
    /// <summary>CLUSTER_OBJECT_TYPE_NODE.</summary>
    Node = 7,
    /// <summary>CLUSTER_OBJECT_TYPE_REGISTRY.</summary>
    Registry = 8,
    /// <summary>CLUSTER_OBJECT_TYPE_QUORUM.</summary>
    Quorum = 9,
    /// <summary>CLUSTER_OBJECT_TYPE_SHARED_VOLUME.</summary>
    SharedVolume = 0xA,
    /// <summary>CLUSTER_OBJECT_TYPE_GROUPSET.</summary>
    GroupSet = 0xD,
}

/// <summary>CLUSTER_CHANGE_SHARED_VOLUME_V2 filter flags (MS-CMRP 2.2.2.21; ADDED/REMOVED are header only).</summary>
[Flags]
public enum SharedVolumeChangeV2 : long
{
    /// <summary>CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2.</summary>
    State = 0x1,
    /// <summary>CLUSTER_CHANGE_SHARED_VOLUME_ADDED_V2.</summary>
    Added = 0x2,
    /// <summary>CLUSTER_CHANGE_SHARED_VOLUME_REMOVED_V2.</summary>
    Removed = 0x4,
}

/// <summary>Registry value types the cluster database uses (REG_*).</summary>
public enum RegistryValueType : uint
{
    /// <summary>REG_NONE.</summary>
    None = 0,
    /// <summary>REG_SZ.</summary>
    String = 1,
    /// <summary>REG_EXPAND_SZ.</summary>
    ExpandString = 2,
    /// <summary>REG_BINARY.</summary>
    Binary = 3,
    /// <summary>REG_DWORD.</summary>
    DWord = 4,
    /// <summary>REG_MULTI_SZ.</summary>
    MultiString = 7,
    /// <summary>REG_QWORD.</summary>
    QWord = 11,
}
