namespace Clusterd.ClusApi;

// Version 2 notification filter flags (MS-CMRP 2.2.2.12-2.2.2.26). NOTIFY_FILTER_AND_TYPE_RPC.FilterFlags is a LONGLONG
// (MS-CMRP 2.2.3.22), so every enumeration is 64-bit. CLUSTER_CHANGE_SHARED_VOLUME_V2 lives in ClusterEnums.cs.

/// <summary>CLUSTER_CHANGE_CLUSTER_V2 (MS-CMRP 2.2.2.12), object type CLUSTER_OBJECT_TYPE_CLUSTER.</summary>
[Flags]
public enum ClusterChangeClusterV2 : long
{
    /// <summary>CLUSTER_CHANGE_CLUSTER_RECONNECT_V2 (client only; never registered or returned).</summary>
    Reconnect = 0x1,
    /// <summary>CLUSTER_CHANGE_CLUSTER_STATE_V2 (client only; never registered or returned).</summary>
    State = 0x2,
    /// <summary>CLUSTER_CHANGE_CLUSTER_GROUP_ADDED_V2.</summary>
    GroupAdded = 0x4,
    /// <summary>CLUSTER_CHANGE_CLUSTER_HANDLE_CLOSE_V2 (client only; never registered or returned).</summary>
    HandleClose = 0x8,
    /// <summary>CLUSTER_CHANGE_CLUSTER_NETWORK_ADDED_V2.</summary>
    NetworkAdded = 0x10,
    /// <summary>CLUSTER_CHANGE_CLUSTER_NODE_ADDED_V2.</summary>
    NodeAdded = 0x20,
    /// <summary>CLUSTER_CHANGE_CLUSTER_RESOURCE_TYPE_ADDED_V2.</summary>
    ResourceTypeAdded = 0x40,
    /// <summary>CLUSTER_CHANGE_CLUSTER_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x80,
    /// <summary>CLUSTER_CHANGE_CLUSTER_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x100,
    /// <summary>CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2: notifications might have been lost.</summary>
    LostNotifications = 0x200,
    /// <summary>CLUSTER_CHANGE_CLUSTER_RENAME_V2.</summary>
    Rename = 0x400,
    /// <summary>CLUSTER_CHANGE_CLUSTER_MEMBERSHIP_V2.</summary>
    Membership = 0x800,
    /// <summary>CLUSTER_CHANGE_CLUSTER_UPGRADED_V2.</summary>
    Upgraded = 0x1000,
}

/// <summary>CLUSTER_CHANGE_GROUP_V2 (MS-CMRP 2.2.2.13), object type CLUSTER_OBJECT_TYPE_GROUP.</summary>
[Flags]
public enum ClusterChangeGroupV2 : long
{
    /// <summary>CLUSTER_CHANGE_GROUP_DELETED_V2.</summary>
    Deleted = 0x1,
    /// <summary>CLUSTER_CHANGE_GROUP_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_GROUP_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_GROUP_STATE_V2.</summary>
    State = 0x8,
    /// <summary>CLUSTER_CHANGE_GROUP_OWNER_NODE_V2.</summary>
    OwnerNode = 0x10,
    /// <summary>CLUSTER_CHANGE_GROUP_PREFERRED_OWNERS_V2.</summary>
    PreferredOwners = 0x20,
    /// <summary>CLUSTER_CHANGE_GROUP_RESOURCE_ADDED_V2.</summary>
    ResourceAdded = 0x40,
    /// <summary>CLUSTER_CHANGE_GROUP_RESOURCE_GAINED_V2.</summary>
    ResourceGained = 0x80,
    /// <summary>CLUSTER_CHANGE_GROUP_RESOURCE_LOST_V2.</summary>
    ResourceLost = 0x100,
    /// <summary>CLUSTER_CHANGE_GROUP_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x200,
}

/// <summary>CLUSTER_CHANGE_RESOURCE_V2 (MS-CMRP 2.2.2.14), object type CLUSTER_OBJECT_TYPE_RESOURCE.</summary>
[Flags]
public enum ClusterChangeResourceV2 : long
{
    /// <summary>CLUSTER_CHANGE_RESOURCE_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x1,
    /// <summary>CLUSTER_CHANGE_RESOURCE_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_RESOURCE_STATE_V2.</summary>
    State = 0x4,
    /// <summary>CLUSTER_CHANGE_RESOURCE_OWNER_GROUP_V2.</summary>
    OwnerGroup = 0x8,
    /// <summary>CLUSTER_CHANGE_RESOURCE_DEPENDENCIES_V2.</summary>
    Dependencies = 0x10,
    /// <summary>CLUSTER_CHANGE_RESOURCE_DEPENDENTS_V2.</summary>
    Dependents = 0x20,
    /// <summary>CLUSTER_CHANGE_RESOURCE_POSSIBLE_OWNERS_V2.</summary>
    PossibleOwners = 0x40,
    /// <summary>CLUSTER_CHANGE_RESOURCE_DELETED_V2.</summary>
    Deleted = 0x80,
    /// <summary>CLUSTER_CHANGE_RESOURCE_DLL_UPGRADED_V2.</summary>
    DllUpgraded = 0x100,
    /// <summary>CLUSTER_CHANGE_RESOURCE_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x200,
}

/// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_V2 (MS-CMRP 2.2.2.15), object type CLUSTER_OBJECT_TYPE_RESOURCE_TYPE.</summary>
[Flags]
public enum ClusterChangeResourceTypeV2 : long
{
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_DELETED_V2.</summary>
    Deleted = 0x1,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_POSSIBLE_OWNERS_V2.</summary>
    PossibleOwners = 0x8,
    /// <summary>CLUSTER_CHANGE_RESOURCE_TYPE_DLL_UPGRADED_V2.</summary>
    DllUpgraded = 0x10,
    /// <summary>CLUSTER_RESOURCE_TYPE_SPECIFIC_V2.</summary>
    Specific = 0x20,
}

/// <summary>CLUSTER_CHANGE_NETINTERFACE_V2 (MS-CMRP 2.2.2.16), object type CLUSTER_OBJECT_TYPE_NETWORK_INTERFACE.</summary>
[Flags]
public enum ClusterChangeNetInterfaceV2 : long
{
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_DELETED_V2.</summary>
    Deleted = 0x1,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_STATE_V2.</summary>
    State = 0x8,
    /// <summary>CLUSTER_CHANGE_NETINTERFACE_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x10,
}

/// <summary>CLUSTER_CHANGE_NETWORK_V2 (MS-CMRP 2.2.2.17), object type CLUSTER_OBJECT_TYPE_NETWORK.</summary>
[Flags]
public enum ClusterChangeNetworkV2 : long
{
    /// <summary>CLUSTER_CHANGE_NETWORK_DELETED_V2.</summary>
    Deleted = 0x1,
    /// <summary>CLUSTER_CHANGE_NETWORK_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_NETWORK_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_NETWORK_STATE_V2.</summary>
    State = 0x8,
    /// <summary>CLUSTER_CHANGE_NETWORK_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x10,
}

/// <summary>CLUSTER_CHANGE_NODE_V2 (MS-CMRP 2.2.2.18), object type CLUSTER_OBJECT_TYPE_NODE.</summary>
[Flags]
public enum ClusterChangeNodeV2 : long
{
    /// <summary>CLUSTER_CHANGE_NODE_NETINTERFACE_ADDED_V2.</summary>
    NetInterfaceAdded = 0x1,
    /// <summary>CLUSTER_CHANGE_NODE_DELETED_V2.</summary>
    Deleted = 0x2,
    /// <summary>CLUSTER_CHANGE_NODE_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_NODE_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x8,
    /// <summary>CLUSTER_CHANGE_NODE_STATE_V2.</summary>
    State = 0x10,
    /// <summary>CLUSTER_CHANGE_NODE_GROUP_GAINED_V2.</summary>
    GroupGained = 0x20,
    /// <summary>CLUSTER_CHANGE_NODE_GROUP_LOST_V2.</summary>
    GroupLost = 0x40,
    /// <summary>CLUSTER_CHANGE_NODE_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x80,
}

/// <summary>CLUSTER_CHANGE_REGISTRY_V2 (MS-CMRP 2.2.2.19), object type CLUSTER_OBJECT_TYPE_REGISTRY.</summary>
[Flags]
public enum ClusterChangeRegistryV2 : long
{
    /// <summary>CLUSTER_CHANGE_REGISTRY_ATTRIBUTES_V2.</summary>
    Attributes = 0x1,
    /// <summary>CLUSTER_CHANGE_REGISTRY_NAME_V2.</summary>
    Name = 0x2,
    /// <summary>CLUSTER_CHANGE_REGISTRY_SUBTREE_V2 (widens the registration; never returned, 3.1.4.2.138).</summary>
    Subtree = 0x4,
    /// <summary>CLUSTER_CHANGE_REGISTRY_VALUE_V2.</summary>
    Value = 0x8,
    /// <summary>CLUSTER_CHANGE_REGISTRY_HANDLE_CLOSE_V2 (client only).</summary>
    HandleClose = 0x10,
}

/// <summary>CLUSTER_CHANGE_QUORUM_V2 (MS-CMRP 2.2.2.20), object type CLUSTER_OBJECT_TYPE_QUORUM.</summary>
[Flags]
public enum ClusterChangeQuorumV2 : long
{
    /// <summary>CLUSTER_CHANGE_QUORUM_STATE_V2.</summary>
    State = 0x1,
}

/// <summary>CLUSTER_CHANGE_GROUPSET_V2 (MS-CMRP 2.2.2.24), object type CLUSTER_OBJECT_TYPE_GROUPSET.</summary>
[Flags]
public enum ClusterChangeGroupSetV2 : long
{
    /// <summary>CLUSTER_CHANGE_GROUPSET_DELETED_v2.</summary>
    Deleted = 0x1,
    /// <summary>CLUSTER_CHANGE_GROUPSET_COMMON_PROPERTY_V2.</summary>
    CommonProperty = 0x2,
    /// <summary>CLUSTER_CHANGE_GROUPSET_PRIVATE_PROPERTY_V2.</summary>
    PrivateProperty = 0x4,
    /// <summary>CLUSTER_CHANGE_GROUPSET_STATE_V2.</summary>
    State = 0x8,
    /// <summary>CLUSTER_CHANGE_GROUPSET_GROUP_ADDED.</summary>
    GroupAdded = 0x10,
    /// <summary>CLUSTER_CHANGE_GROUPSET_GROUP_REMOVED.</summary>
    GroupRemoved = 0x20,
    /// <summary>CLUSTER_CHANGE_GROUPSET_DEPENDENCIES_V2.</summary>
    Dependencies = 0x40,
    /// <summary>CLUSTER_CHANGE_GROUPSET_DEPENDENTS_V2.</summary>
    Dependents = 0x80,
    /// <summary>CLUSTER_CHANGE_GROUPSET_HANDLE_CLOSE_v2 (client only).</summary>
    HandleClose = 0x100,
}

/// <summary>CLUSTER_CHANGE_SPACEPORT_V2 (MS-CMRP 2.2.2.25), object type CLUSTER_OBJECT_TYPE_SPACEPORT (0xB).</summary>
[Flags]
public enum ClusterChangeSpaceportV2 : long
{
    /// <summary>CLUSTER_CHANGE_SPACEPORT_CUSTOM_PNP_V2.</summary>
    CustomPnp = 0x1,
}

/// <summary>CLUSTER_CHANGE_NODE_UPGRADE_PHASE_V2 (MS-CMRP 2.2.2.26), object type CLUSTER_OBJECT_TYPE_UPGRADE (0xC).</summary>
[Flags]
public enum ClusterChangeNodeUpgradePhaseV2 : long
{
    /// <summary>CLUSTER_CHANGE_UPGRADE_NODE_PREPARE.</summary>
    Prepare = 0x1,
    /// <summary>CLUSTER_CHANGE_UPGRADE_NODE_COMMIT.</summary>
    Commit = 0x2,
    /// <summary>CLUSTER_CHANGE_UPGRADE_NODE_POSTCOMMIT.</summary>
    PostCommit = 0x4,
}
