namespace Clusterd.ClusApi;

/// <summary>
/// CLUSTER_CHANGE (MS-CMRP 2.2.2.7): the filter values of version 1 notification ports (ApiAddNotifyCluster and the
/// other ApiAddNotify*/ApiReAddNotify* methods, ApiGetNotify's dwFilter, NOTIFICATION_DATA_ASYNC_RPC.dwFilter). Every
/// bit of the 32 is defined.
/// </summary>
[Flags]
public enum ClusterChangeV1 : uint
{
    /// <summary>No value.</summary>
    None = 0,
    /// <summary>CLUSTER_CHANGE_NODE_STATE.</summary>
    NodeState = 0x00000001,
    /// <summary>CLUSTER_CHANGE_NODE_DELETED.</summary>
    NodeDeleted = 0x00000002,
    /// <summary>CLUSTER_CHANGE_NODE_ADDED.</summary>
    NodeAdded = 0x00000004,
    /// <summary>CLUSTER_CHANGE_NODE_PROPERTY.</summary>
    NodeProperty = 0x00000008,
    /// <summary>CLUSTER_CHANGE_REGISTRY_NAME.</summary>
    RegistryName = 0x00000010,
    /// <summary>CLUSTER_CHANGE_REGISTRY_ATTRIBUTES.</summary>
    RegistryAttributes = 0x00000020,
    /// <summary>CLUSTER_CHANGE_REGISTRY_VALUE.</summary>
    RegistryValue = 0x00000040,
    /// <summary>CLUSTER_CHANGE_REGISTRY_SUBTREE (a registration modifier; never returned, 3.1.4.2.66).</summary>
    RegistrySubtree = 0x00000080,
    /// <summary>CLUSTER_CHANGE_RESOURCE_STATE.</summary>
    ResourceState = 0x00000100,
    /// <summary>CLUSTER_CHANGE_RESOURCE_DELETED.</summary>
    ResourceDeleted = 0x00000200,
    /// <summary>CLUSTER_CHANGE_RESOURCE_ADDED.</summary>
    ResourceAdded = 0x00000400,
    /// <summary>CLUSTER_CHANGE_RESOURCE_PROPERTY.</summary>
    ResourceProperty = 0x00000800,
    /// <summary>CLUSTER_CHANGE_GROUP_STATE.</summary>
    GroupState = 0x00001000,
    /// <summary>CLUSTER_CHANGE_GROUP_DELETED.</summary>
    GroupDeleted = 0x00002000,
    /// <summary>CLUSTER_CHANGE_GROUP_ADDED.</summary>
    GroupAdded = 0x00004000,
    /// <summary>CLUSTER_CHANGE_GROUP_PROPERTY.</summary>
    GroupProperty = 0x00008000,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_DELETED.</summary>
    ResourceTypeDeleted = 0x00010000,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_ADDED.</summary>
    ResourceTypeAdded = 0x00020000,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_PROPERTY.</summary>
    ResourceTypeProperty = 0x00040000,
    /// <summary>CLUSTER_CHANGE_CLUSTER_RECONNECT (returned when indications were lost, 3.1.4.2.66).</summary>
    ClusterReconnect = 0x00080000,
    /// <summary>CLUSTER_CHANGE_NETWORK_STATE.</summary>
    NetworkState = 0x00100000,
    /// <summary>CLUSTER_CHANGE_NETWORK_DELETED.</summary>
    NetworkDeleted = 0x00200000,
    /// <summary>CLUSTER_CHANGE_NETWORK_ADDED.</summary>
    NetworkAdded = 0x00400000,
    /// <summary>CLUSTER_CHANGE_NETWORK_PROPERTY.</summary>
    NetworkProperty = 0x00800000,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_STATE.</summary>
    NetInterfaceState = 0x01000000,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_DELETED.</summary>
    NetInterfaceDeleted = 0x02000000,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_ADDED.</summary>
    NetInterfaceAdded = 0x04000000,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_PROPERTY.</summary>
    NetInterfaceProperty = 0x08000000,
    /// <summary>CLUSTER_CHANGE_QUORUM_STATE.</summary>
    QuorumState = 0x10000000,
    /// <summary>CLUSTER_CHANGE_CLUSTER_STATE (client only; never returned, 3.1.4.2.66).</summary>
    ClusterState = 0x20000000,
    /// <summary>CLUSTER_CHANGE_CLUSTER_PROPERTY.</summary>
    ClusterProperty = 0x40000000,
    /// <summary>CLUSTER_CHANGE_HANDLE_CLOSE (client only; never returned, 3.1.4.2.66).</summary>
    HandleClose = 0x80000000,
}
