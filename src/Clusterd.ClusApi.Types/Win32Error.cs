namespace Clusterd.ClusApi;

/// <summary>
/// The Win32 error codes MS-CMRP methods and control codes return (winerror.h values; MS-ERREF;
/// the error tables of MS-CMRP 3.1.4). The one error-code enum of the project: every layer answers with these.
/// </summary>
public enum Win32Error : uint
{
    /// <summary>ERROR_SUCCESS.</summary>
    Success = 0,
    /// <summary>ERROR_INVALID_FUNCTION: not a CSV resource; unsupported control code.</summary>
    InvalidFunction = 0x1,
    /// <summary>ERROR_FILE_NOT_FOUND.</summary>
    FileNotFound = 0x2,
    /// <summary>ERROR_PATH_NOT_FOUND.</summary>
    PathNotFound = 0x3,
    /// <summary>ERROR_ACCESS_DENIED: the handle lacks "All" access for a modify-bit code.</summary>
    AccessDenied = 0x5,
    /// <summary>ERROR_INVALID_HANDLE.</summary>
    InvalidHandle = 0x6,
    /// <summary>ERROR_NOT_ENOUGH_MEMORY.</summary>
    NotEnoughMemory = 0x8,
    /// <summary>ERROR_WRITE_FAULT: the cluster database could not be written; nothing changed.</summary>
    WriteFault = 0x1D,
    /// <summary>ERROR_INVALID_DATA.</summary>
    InvalidData = 0xD,
    /// <summary>ERROR_NOT_SUPPORTED.</summary>
    NotSupported = 0x32,
    /// <summary>ERROR_SHARING_PAUSED: the server is not in the Read/Write state.</summary>
    SharingPaused = 0x46,
    /// <summary>ERROR_INVALID_PARAMETER.</summary>
    InvalidParameter = 0x57,
    /// <summary>ERROR_CALL_NOT_IMPLEMENTED.</summary>
    CallNotImplemented = 0x78,
    /// <summary>ERROR_INSUFFICIENT_BUFFER.</summary>
    InsufficientBuffer = 0x7A,
    /// <summary>ERROR_INVALID_NAME.</summary>
    InvalidName = 0x7B,
    /// <summary>ERROR_ALREADY_EXISTS.</summary>
    AlreadyExists = 0xB7,
    /// <summary>ERROR_DIR_NOT_EMPTY: a group that still has resources cannot be deleted.</summary>
    DirNotEmpty = 0x91,
    /// <summary>ERROR_MORE_DATA: the output buffer is too small; lpcbRequired says how big it must be.</summary>
    MoreData = 0xEA,
    /// <summary>ERROR_NO_MORE_ITEMS.</summary>
    NoMoreItems = 0x103,
    /// <summary>
    /// ERROR_NOTIFY_ENUM_DIR: change notifications were lost (the queue overflowed); the caller must read the state
    /// again to learn what changed.
    /// </summary>
    NotifyEnumDir = 0x3FE,
    /// <summary>ERROR_IO_PENDING: the operation goes on after the call returns.</summary>
    IoPending = 0x3E5,
    /// <summary>ERROR_OPERATION_ABORTED: the caller cancelled the operation.</summary>
    OperationAborted = 0x3E3,
    /// <summary>ERROR_CONNECTION_REFUSED: nothing listens at the address and port.</summary>
    ConnectionRefused = 0x4C9,
    /// <summary>ERROR_LOGON_FAILURE: the user name or password is wrong.</summary>
    LogonFailure = 0x52E,
    /// <summary>ERROR_LAST_ADMIN: the change would leave no account holding "All" on the cluster (docs/authorization.md).</summary>
    LastAdmin = 0x52A,
    /// <summary>ERROR_NONE_MAPPED: a security identifier names no account of the cluster (docs/authorization.md).</summary>
    NoneMapped = 0x534,
    /// <summary>ERROR_INVALID_SECURITY_DESCR: a security descriptor is malformed or over its limits (MS-DTYP 2.4.6).</summary>
    InvalidSecurityDescriptor = 0x53A,
    /// <summary>ERROR_TIMEOUT: the operation did not complete in time.</summary>
    Timeout = 0x5B4,
    /// <summary>RPC_S_UNKNOWN_IF: the server does not serve the interface.</summary>
    RpcUnknownInterface = 0x6B5,
    /// <summary>RPC_S_SERVER_UNAVAILABLE: the server cannot be reached.</summary>
    RpcServerUnavailable = 0x6BA,
    /// <summary>RPC_S_CALL_FAILED: the connection failed during the call.</summary>
    RpcCallFailed = 0x6BE,
    /// <summary>RPC_S_PROTOCOL_ERROR: the peer does not speak DCE/RPC as expected.</summary>
    RpcProtocolError = 0x6C0,
    /// <summary>RPC_S_UNSUPPORTED_AUTHN_LEVEL: the server refuses the authentication level (e.g. sealing).</summary>
    RpcUnsupportedAuthnLevel = 0x71D,
    /// <summary>RPC_S_SEC_PKG_ERROR: the security package failed (for example a response that does not verify).</summary>
    RpcSecurityPackageError = 0x721,
    /// <summary>ERROR_SHUTDOWN_IN_PROGRESS.</summary>
    ShutdownInProgress = 0x45B,
    /// <summary>ERROR_SERVER_SHUTDOWN_IN_PROGRESS.</summary>
    ServerShutdownInProgress = 0x4E7,
    /// <summary>ERROR_OBJECT_ALREADY_EXISTS.</summary>
    ObjectAlreadyExists = 0x1392,
    /// <summary>ERROR_CIRCULAR_DEPENDENCY.</summary>
    CircularDependency = 0x423,
    /// <summary>ERROR_SPECIAL_GROUP: online/offline/node-list on a CSV special group.</summary>
    SpecialGroup = 0x55C,
    /// <summary>RPC_S_PROCNUM_OUT_OF_RANGE: the method is not implemented.</summary>
    RpcProcnumOutOfRange = 0x6D1,
    /// <summary>ERROR_DEPENDENCY_NOT_FOUND.</summary>
    DependencyNotFound = 0x138A,
    /// <summary>ERROR_DEPENDENT_RESOURCE_EXISTS.</summary>
    DependentResourceExists = 0x1389,
    /// <summary>ERROR_DEPENDENCY_ALREADY_EXISTS.</summary>
    DependencyAlreadyExists = 0x138B,
    /// <summary>ERROR_RESOURCE_NOT_ONLINE.</summary>
    ResourceNotOnline = 0x138C,
    /// <summary>ERROR_HOST_NODE_NOT_AVAILABLE.</summary>
    HostNodeNotAvailable = 0x138D,
    /// <summary>ERROR_RESOURCE_NOT_AVAILABLE.</summary>
    ResourceNotAvailable = 0x138E,
    /// <summary>ERROR_RESOURCE_NOT_FOUND.</summary>
    ResourceNotFound = 0x138F,
    /// <summary>ERROR_SHUTDOWN_CLUSTER.</summary>
    ShutdownCluster = 0x1390,
    /// <summary>ERROR_CANT_EVICT_ACTIVE_NODE.</summary>
    CantEvictActiveNode = 0x1391,
    /// <summary>ERROR_GROUP_NOT_AVAILABLE.</summary>
    GroupNotAvailable = 0x1394,
    /// <summary>ERROR_GROUP_NOT_FOUND.</summary>
    GroupNotFound = 0x1395,
    /// <summary>ERROR_GROUP_NOT_ONLINE.</summary>
    GroupNotOnline = 0x1396,
    /// <summary>ERROR_HOST_NODE_NOT_RESOURCE_OWNER.</summary>
    HostNodeNotResourceOwner = 0x1397,
    /// <summary>ERROR_HOST_NODE_NOT_GROUP_OWNER.</summary>
    HostNodeNotGroupOwner = 0x1398,
    /// <summary>ERROR_RESMON_ONLINE_FAILED.</summary>
    ResmonOnlineFailed = 0x139A,
    /// <summary>ERROR_RESOURCE_ONLINE.</summary>
    ResourceOnline = 0x139B,
    /// <summary>ERROR_INVALID_STATE.</summary>
    InvalidState = 0x139F,
    /// <summary>ERROR_RESOURCE_PROPERTIES_STORED.</summary>
    ResourcePropertiesStored = 0x13A0,
    /// <summary>ERROR_NOT_QUORUM_CLASS.</summary>
    NotQuorumClass = 0x13A1,
    /// <summary>ERROR_CORE_RESOURCE.</summary>
    CoreResource = 0x13A2,
    /// <summary>ERROR_CLUSTER_NODE_ALREADY_UP.</summary>
    ClusterNodeAlreadyUp = 0x13C5,
    /// <summary>ERROR_CLUSTER_NODE_ALREADY_DOWN.</summary>
    ClusterNodeAlreadyDown = 0x13C6,
    /// <summary>ERROR_CLUSTER_NODE_NOT_FOUND.</summary>
    ClusterNodeNotFound = 0x13B2,
    /// <summary>ERROR_CLUSTER_NETWORK_NOT_FOUND.</summary>
    ClusterNetworkNotFound = 0x13B5,
    /// <summary>ERROR_CLUSTER_NETINTERFACE_NOT_FOUND.</summary>
    ClusterNetInterfaceNotFound = 0x13B7,
    /// <summary>ERROR_CLUSTER_INVALID_REQUEST.</summary>
    ClusterInvalidRequest = 0x13B8,
    /// <summary>ERROR_CLUSTER_NODE_DOWN.</summary>
    ClusterNodeDown = 0x13BA,
    /// <summary>ERROR_CLUSTER_NODE_ALREADY_MEMBER.</summary>
    ClusterNodeAlreadyMember = 0x13C9,
    /// <summary>ERROR_CLUSTER_NODE_PAUSED.</summary>
    ClusterNodePaused = 0x13CE,
    /// <summary>ERROR_CLUSTER_NODE_NOT_PAUSED.</summary>
    ClusterNodeNotPaused = 0x13C2,
    /// <summary>ERROR_CLUSTER_NODE_NOT_READY.</summary>
    ClusterNodeNotReady = 0x13D0,
    /// <summary>ERROR_CLUSTER_NODE_SHUTTING_DOWN.</summary>
    ClusterNodeShuttingDown = 0x13D1,
    /// <summary>ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND.</summary>
    ClusterResourceTypeNotFound = 0x13D6,
    /// <summary>ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED.</summary>
    ClusterResTypeNotSupported = 0x13D7,
    /// <summary>ERROR_CLUSTER_RESNAME_NOT_FOUND.</summary>
    ClusterResNameNotFound = 0x13D8,
    /// <summary>ERROR_CLUSTER_NOT_SHARED_VOLUME.</summary>
    ClusterNotSharedVolume = 0x1739,
    /// <summary>ERROR_CLUSTER_SHARED_VOLUMES_IN_USE.</summary>
    ClusterSharedVolumesInUse = 0x173B,
    /// <summary>ERROR_CLUSTER_USE_SHARED_VOLUMES_API.</summary>
    ClusterUseSharedVolumesApi = 0x173C,
    /// <summary>ERROR_CLUSTER_BACKUP_IN_PROGRESS.</summary>
    ClusterBackupInProgress = 0x173D,
    /// <summary>ERROR_NON_CSV_PATH.</summary>
    NonCsvPath = 0x173E,
    /// <summary>ERROR_CSV_VOLUME_NOT_LOCAL.</summary>
    CsvVolumeNotLocal = 0x173F,
    /// <summary>ERROR_DISK_NOT_CSV_CAPABLE.</summary>
    DiskNotCsvCapable = 0x174C,
    /// <summary>ERROR_RESOURCE_NOT_IN_AVAILABLE_STORAGE.</summary>
    ResourceNotInAvailableStorage = 0x174D,
    /// <summary>ERROR_CLUSTER_SHARED_VOLUME_REDIRECTED.</summary>
    ClusterSharedVolumeRedirected = 0x174E,
    /// <summary>ERROR_CLUSTER_SHARED_VOLUME_NOT_REDIRECTED.</summary>
    ClusterSharedVolumeNotRedirected = 0x174F,
    // NodeNetwork area (issue 11): ApiPauseNodeWithDrainTarget, ApiSetNetworkName.
    /// <summary>ERROR_INVALID_TARGET_HANDLE: the drain target is the node being paused (MS-CMRP 3.1.4.2.126).</summary>
    InvalidTargetHandle = 0x72,
    /// <summary>ERROR_NETWORK_NOT_AVAILABLE: the network no longer exists (MS-CMRP 3.1.4.2.84).</summary>
    NetworkNotAvailable = 0x13AB,

    // GroupResource area (issue 11).

    /// <summary>ERROR_NODE_CANT_HOST_RESOURCE (5071): the node is not a possible owner of the resource (MS-CMRP 3.1.4.2.24).</summary>
    NodeCantHostResource = 0x13CF,

    /// <summary>ERROR_DEPENDENCY_TREE_TOO_COMPLEX (5929): a dependency tree at its maximum depth (MS-CMRP 3.1.4.2.22).</summary>
    DependencyTreeTooComplex = 0x1729,
    /// <summary>ERROR_GROUPSET_NOT_FOUND (5992; MS-CMRP 3.1.4.2.149 gives 0x00001768).</summary>
    GroupsetNotFound = 0x1768,
    /// <summary>ERROR_GROUPSET_NOT_AVAILABLE (5991; MS-CMRP 3.1.4.2.160).</summary>
    GroupsetNotAvailable = 0x1767,
}
