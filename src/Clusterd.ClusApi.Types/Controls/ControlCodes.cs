namespace Clusterd.ClusApi;

/// <summary>
/// The catalogue of control codes Clusterd knows: every CSV code of MS-CMRP 3.1.4.2.74 and clusapi.h, and the generic
/// per-object codes (clusapi.h CLUSCTL_*_CODES, built with CLCTL_EXTERNAL_CODE from the well-known
/// CLCTL function numbers). Values are written as literals; the tests recompute each from its bit fields.
/// </summary>
public static partial class ControlCodes
{
    // CSV codes (MS-CMRP 3.1.4.2.74 table where listed, else clusapi.h/resapi.h).

    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO (fn 137, READ). MS-CMRP 3.1.4.3.1.48.</summary>
    public const uint GetSharedVolumeInfo = 0x01000225;
    /// <summary>CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE (fn 165, WRITE, modify). MS-CMRP 3.1.4.3.1.51.</summary>
    public const uint SetCsvMaintenanceMode = 0x01400296;
    /// <summary>CLUSCTL_RESOURCE_ENABLE_SHARED_VOLUME_DIRECTIO (fn 162, WRITE, modify): leave redirected mode. MS-CMRP 3.1.4.3.1.52.</summary>
    public const uint EnableSharedVolumeDirectIO = 0x0140028A;
    /// <summary>CLUSCTL_RESOURCE_DISABLE_SHARED_VOLUME_DIRECTIO (fn 163, WRITE, modify): enter redirected mode. MS-CMRP 3.1.4.3.1.53.</summary>
    public const uint DisableSharedVolumeDirectIO = 0x0140028E;
    /// <summary>CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE (fn 166, WRITE, modify). MS-CMRP 3.1.4.3.1.54.</summary>
    public const uint SetSharedVolumeBackupMode = 0x0140029A;
    /// <summary>CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE (fn 138, READ; object byte 0x01 sic, as MS-CMRP and clusapi.h both give it). MS-CMRP 3.1.4.3.2.31.</summary>
    public const uint ResourceTypeStorageIsCsvFile = 0x01000229;
    /// <summary>CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID (fn 164, READ). MS-CMRP 3.1.4.3.7.17.</summary>
    public const uint ClusterGetSharedVolumeId = 0x07000291;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_PARTITION_NAMES (fn 167, READ; MSCS only).</summary>
    public const uint GetSharedVolumePartitionNames = 0x0100029D;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_STATES (fn 168, WRITE, modify as clusapi.h builds it; MSCS only, docs/behaviour.md, "Where Microsoft's sources disagree").</summary>
    public const uint GetSharedVolumeStates = 0x014002A2;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_IS_SHARED_VOLUME (fn 169, READ; MSCS only).</summary>
    public const uint IsSharedVolume = 0x010002A5;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_RENAME_SHARED_VOLUME (fn 2933, WRITE, no modify bit sic; header only).</summary>
    public const uint RenameSharedVolume = 0x01002DD6;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_RENAME_SHARED_VOLUME_GUID (fn 2934, WRITE, no modify bit sic; header only).</summary>
    public const uint RenameSharedVolumeGuid = 0x01002DDA;
    /// <summary>CLUSCTL_CLUSTER_STORAGE_RENAME_SHARED_VOLUME (fn 2933, WRITE; header only).</summary>
    public const uint ClusterRenameSharedVolume = 0x07002DD6;
    /// <summary>CLUSCTL_CLUSTER_STORAGE_RENAME_SHARED_VOLUME_GUID (fn 2934, WRITE; header only).</summary>
    public const uint ClusterRenameSharedVolumeGuid = 0x07002DDA;
    /// <summary>CLUSCTL_RESOURCE_QUERY_CSV_MAINTENANCE_MODE (internal, fn 31, READ; "not supported").</summary>
    public const uint QueryCsvMaintenanceMode = 0x0110007D;
    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_CSV_DISK_INFO (internal, fn 28, READ; "not supported").</summary>
    public const uint GetCsvDiskInfo = 0x01100071;
    /// <summary>CLUSCTL_RESOURCE_QUERY_MAINTENANCE_MODE (disk level, fn 120, READ). MS-CMRP 3.1.4.3.1.42.</summary>
    public const uint QueryMaintenanceMode = 0x010001E1;
    /// <summary>CLUSCTL_RESOURCE_SET_MAINTENANCE_MODE (disk level, fn 121, WRITE, modify). MS-CMRP 3.1.4.3.1.43.</summary>
    public const uint SetMaintenanceMode = 0x014001E6;

    // Resource (RESOURCE) generic codes.
    /// <summary>CLUSCTL_RESOURCE_UNKNOWN (fn 0).</summary>
    public const uint ResourceUnknown = 0x01000000;
    /// <summary>CLUSCTL_RESOURCE_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint ResourceGetCharacteristics = 0x01000005;
    /// <summary>CLUSCTL_RESOURCE_GET_FLAGS (fn 2).</summary>
    public const uint ResourceGetFlags = 0x01000009;
    /// <summary>CLUSCTL_RESOURCE_GET_CLASS_INFO (fn 3).</summary>
    public const uint ResourceGetClassInfo = 0x0100000D;
    /// <summary>CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES (fn 4).</summary>
    public const uint ResourceGetRequiredDependencies = 0x01000011;
    /// <summary>CLUSCTL_RESOURCE_GET_NAME (fn 10).</summary>
    public const uint ResourceGetName = 0x01000029;
    /// <summary>CLUSCTL_RESOURCE_GET_ID (fn 14).</summary>
    public const uint ResourceGetId = 0x01000039;
    /// <summary>CLUSCTL_RESOURCE_GET_RESOURCE_TYPE (fn 11).</summary>
    public const uint ResourceGetResourceType = 0x0100002D;
    /// <summary>CLUSCTL_RESOURCE_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint ResourceEnumCommonProperties = 0x01000051;
    /// <summary>CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint ResourceGetRoCommonProperties = 0x01000055;
    /// <summary>CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint ResourceGetCommonProperties = 0x01000059;
    /// <summary>CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint ResourceSetCommonProperties = 0x0140005E;
    /// <summary>CLUSCTL_RESOURCE_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint ResourceValidateCommonProperties = 0x01000061;
    /// <summary>CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint ResourceEnumPrivateProperties = 0x01000079;
    /// <summary>CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint ResourceGetRoPrivateProperties = 0x0100007D;
    /// <summary>CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint ResourceGetPrivateProperties = 0x01000081;
    /// <summary>CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint ResourceSetPrivateProperties = 0x01400086;
    /// <summary>CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint ResourceValidatePrivateProperties = 0x01000089;
    /// <summary>CLUSCTL_RESOURCE_GET_NETWORK_NAME (fn 90).</summary>
    public const uint ResourceGetNetworkName = 0x01000169;
    // ResourceType (RESOURCE_TYPE) generic codes.
    /// <summary>CLUSCTL_RESOURCE_TYPE_UNKNOWN (fn 0).</summary>
    public const uint ResourceTypeUnknown = 0x02000000;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint ResourceTypeGetCharacteristics = 0x02000005;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_FLAGS (fn 2).</summary>
    public const uint ResourceTypeGetFlags = 0x02000009;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_CLASS_INFO (fn 3).</summary>
    public const uint ResourceTypeGetClassInfo = 0x0200000D;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES (fn 4).</summary>
    public const uint ResourceTypeGetRequiredDependencies = 0x02000011;
    /// <summary>CLUSCTL_RESOURCE_TYPE_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint ResourceTypeEnumCommonProperties = 0x02000051;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint ResourceTypeGetRoCommonProperties = 0x02000055;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint ResourceTypeGetCommonProperties = 0x02000059;
    /// <summary>CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint ResourceTypeSetCommonProperties = 0x0240005E;
    /// <summary>CLUSCTL_RESOURCE_TYPE_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint ResourceTypeValidateCommonProperties = 0x02000061;
    /// <summary>CLUSCTL_RESOURCE_TYPE_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint ResourceTypeEnumPrivateProperties = 0x02000079;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint ResourceTypeGetRoPrivateProperties = 0x0200007D;
    /// <summary>CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint ResourceTypeGetPrivateProperties = 0x02000081;
    /// <summary>CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint ResourceTypeSetPrivateProperties = 0x02400086;
    /// <summary>CLUSCTL_RESOURCE_TYPE_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint ResourceTypeValidatePrivateProperties = 0x02000089;
    // Group (GROUP) generic codes.
    /// <summary>CLUSCTL_GROUP_UNKNOWN (fn 0).</summary>
    public const uint GroupUnknown = 0x03000000;
    /// <summary>CLUSCTL_GROUP_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint GroupGetCharacteristics = 0x03000005;
    /// <summary>CLUSCTL_GROUP_GET_FLAGS (fn 2).</summary>
    public const uint GroupGetFlags = 0x03000009;
    /// <summary>CLUSCTL_GROUP_GET_NAME (fn 10).</summary>
    public const uint GroupGetName = 0x03000029;
    /// <summary>CLUSCTL_GROUP_GET_ID (fn 14).</summary>
    public const uint GroupGetId = 0x03000039;
    /// <summary>CLUSCTL_GROUP_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint GroupEnumCommonProperties = 0x03000051;
    /// <summary>CLUSCTL_GROUP_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint GroupGetRoCommonProperties = 0x03000055;
    /// <summary>CLUSCTL_GROUP_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint GroupGetCommonProperties = 0x03000059;
    /// <summary>CLUSCTL_GROUP_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint GroupSetCommonProperties = 0x0340005E;
    /// <summary>CLUSCTL_GROUP_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint GroupValidateCommonProperties = 0x03000061;
    /// <summary>CLUSCTL_GROUP_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint GroupEnumPrivateProperties = 0x03000079;
    /// <summary>CLUSCTL_GROUP_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint GroupGetRoPrivateProperties = 0x0300007D;
    /// <summary>CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint GroupGetPrivateProperties = 0x03000081;
    /// <summary>CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint GroupSetPrivateProperties = 0x03400086;
    /// <summary>CLUSCTL_GROUP_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint GroupValidatePrivateProperties = 0x03000089;
    // Node (NODE) generic codes.
    /// <summary>CLUSCTL_NODE_UNKNOWN (fn 0).</summary>
    public const uint NodeUnknown = 0x04000000;
    /// <summary>CLUSCTL_NODE_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint NodeGetCharacteristics = 0x04000005;
    /// <summary>CLUSCTL_NODE_GET_FLAGS (fn 2).</summary>
    public const uint NodeGetFlags = 0x04000009;
    /// <summary>CLUSCTL_NODE_GET_NAME (fn 10).</summary>
    public const uint NodeGetName = 0x04000029;
    /// <summary>CLUSCTL_NODE_GET_ID (fn 14).</summary>
    public const uint NodeGetId = 0x04000039;
    /// <summary>CLUSCTL_NODE_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint NodeEnumCommonProperties = 0x04000051;
    /// <summary>CLUSCTL_NODE_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint NodeGetRoCommonProperties = 0x04000055;
    /// <summary>CLUSCTL_NODE_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint NodeGetCommonProperties = 0x04000059;
    /// <summary>CLUSCTL_NODE_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint NodeSetCommonProperties = 0x0440005E;
    /// <summary>CLUSCTL_NODE_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint NodeValidateCommonProperties = 0x04000061;
    /// <summary>CLUSCTL_NODE_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint NodeEnumPrivateProperties = 0x04000079;
    /// <summary>CLUSCTL_NODE_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint NodeGetRoPrivateProperties = 0x0400007D;
    /// <summary>CLUSCTL_NODE_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint NodeGetPrivateProperties = 0x04000081;
    /// <summary>CLUSCTL_NODE_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint NodeSetPrivateProperties = 0x04400086;
    /// <summary>CLUSCTL_NODE_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint NodeValidatePrivateProperties = 0x04000089;
    // Network (NETWORK) generic codes.
    /// <summary>CLUSCTL_NETWORK_UNKNOWN (fn 0).</summary>
    public const uint NetworkUnknown = 0x05000000;
    /// <summary>CLUSCTL_NETWORK_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint NetworkGetCharacteristics = 0x05000005;
    /// <summary>CLUSCTL_NETWORK_GET_FLAGS (fn 2).</summary>
    public const uint NetworkGetFlags = 0x05000009;
    /// <summary>CLUSCTL_NETWORK_GET_NAME (fn 10).</summary>
    public const uint NetworkGetName = 0x05000029;
    /// <summary>CLUSCTL_NETWORK_GET_ID (fn 14).</summary>
    public const uint NetworkGetId = 0x05000039;
    /// <summary>CLUSCTL_NETWORK_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint NetworkEnumCommonProperties = 0x05000051;
    /// <summary>CLUSCTL_NETWORK_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint NetworkGetRoCommonProperties = 0x05000055;
    /// <summary>CLUSCTL_NETWORK_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint NetworkGetCommonProperties = 0x05000059;
    /// <summary>CLUSCTL_NETWORK_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint NetworkSetCommonProperties = 0x0540005E;
    /// <summary>CLUSCTL_NETWORK_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint NetworkValidateCommonProperties = 0x05000061;
    /// <summary>CLUSCTL_NETWORK_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint NetworkEnumPrivateProperties = 0x05000079;
    /// <summary>CLUSCTL_NETWORK_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint NetworkGetRoPrivateProperties = 0x0500007D;
    /// <summary>CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint NetworkGetPrivateProperties = 0x05000081;
    /// <summary>CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint NetworkSetPrivateProperties = 0x05400086;
    /// <summary>CLUSCTL_NETWORK_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint NetworkValidatePrivateProperties = 0x05000089;
    // NetInterface (NETINTERFACE) generic codes.
    /// <summary>CLUSCTL_NETINTERFACE_UNKNOWN (fn 0).</summary>
    public const uint NetInterfaceUnknown = 0x06000000;
    /// <summary>CLUSCTL_NETINTERFACE_GET_CHARACTERISTICS (fn 1).</summary>
    public const uint NetInterfaceGetCharacteristics = 0x06000005;
    /// <summary>CLUSCTL_NETINTERFACE_GET_FLAGS (fn 2).</summary>
    public const uint NetInterfaceGetFlags = 0x06000009;
    /// <summary>CLUSCTL_NETINTERFACE_GET_NAME (fn 10).</summary>
    public const uint NetInterfaceGetName = 0x06000029;
    /// <summary>CLUSCTL_NETINTERFACE_GET_ID (fn 14).</summary>
    public const uint NetInterfaceGetId = 0x06000039;
    /// <summary>CLUSCTL_NETINTERFACE_GET_NODE (fn 12).</summary>
    public const uint NetInterfaceGetNode = 0x06000031;
    /// <summary>CLUSCTL_NETINTERFACE_GET_NETWORK (fn 13).</summary>
    public const uint NetInterfaceGetNetwork = 0x06000035;
    /// <summary>CLUSCTL_NETINTERFACE_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint NetInterfaceEnumCommonProperties = 0x06000051;
    /// <summary>CLUSCTL_NETINTERFACE_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint NetInterfaceGetRoCommonProperties = 0x06000055;
    /// <summary>CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint NetInterfaceGetCommonProperties = 0x06000059;
    /// <summary>CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint NetInterfaceSetCommonProperties = 0x0640005E;
    /// <summary>CLUSCTL_NETINTERFACE_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint NetInterfaceValidateCommonProperties = 0x06000061;
    /// <summary>CLUSCTL_NETINTERFACE_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint NetInterfaceEnumPrivateProperties = 0x06000079;
    /// <summary>CLUSCTL_NETINTERFACE_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint NetInterfaceGetRoPrivateProperties = 0x0600007D;
    /// <summary>CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint NetInterfaceGetPrivateProperties = 0x06000081;
    /// <summary>CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint NetInterfaceSetPrivateProperties = 0x06400086;
    /// <summary>CLUSCTL_NETINTERFACE_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint NetInterfaceValidatePrivateProperties = 0x06000089;
    // Cluster (CLUSTER) generic codes.
    /// <summary>CLUSCTL_CLUSTER_UNKNOWN (fn 0).</summary>
    public const uint ClusterUnknown = 0x07000000;
    /// <summary>CLUSCTL_CLUSTER_GET_FQDN (fn 15).</summary>
    public const uint ClusterGetFqdn = 0x0700003D;
    /// <summary>CLUSCTL_CLUSTER_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint ClusterEnumCommonProperties = 0x07000051;
    /// <summary>CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint ClusterGetRoCommonProperties = 0x07000055;
    /// <summary>CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint ClusterGetCommonProperties = 0x07000059;
    /// <summary>CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint ClusterSetCommonProperties = 0x0740005E;
    /// <summary>CLUSCTL_CLUSTER_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint ClusterValidateCommonProperties = 0x07000061;
    /// <summary>CLUSCTL_CLUSTER_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint ClusterEnumPrivateProperties = 0x07000079;
    /// <summary>CLUSCTL_CLUSTER_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint ClusterGetRoPrivateProperties = 0x0700007D;
    /// <summary>CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint ClusterGetPrivateProperties = 0x07000081;
    /// <summary>CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint ClusterSetPrivateProperties = 0x07400086;
    /// <summary>CLUSCTL_CLUSTER_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint ClusterValidatePrivateProperties = 0x07000089;
    /// <summary>CLUSCTL_CLUSTER_CHECK_VOTER_DOWN (fn 18).</summary>
    public const uint ClusterCheckVoterDown = 0x07000049;
    // Group set (GROUPSET) codes (MS-CMRP 3.1.4.3.8; clusapi.h CLUSCTL_GROUPSET_CODES).
    /// <summary>CLUSCTL_GROUPSET_GET_NAME (fn 10).</summary>
    public const uint GroupSetGetName = 0x08000029;
    /// <summary>CLUSCTL_GROUPSET_GET_ID (fn 14).</summary>
    public const uint GroupSetGetId = 0x08000039;
    /// <summary>CLUSCTL_GROUPSET_ENUM_COMMON_PROPERTIES (fn 20).</summary>
    public const uint GroupSetEnumCommonProperties = 0x08000051;
    /// <summary>CLUSCTL_GROUPSET_GET_RO_COMMON_PROPERTIES (fn 21).</summary>
    public const uint GroupSetGetRoCommonProperties = 0x08000055;
    /// <summary>CLUSCTL_GROUPSET_GET_COMMON_PROPERTIES (fn 22).</summary>
    public const uint GroupSetGetCommonProperties = 0x08000059;
    /// <summary>CLUSCTL_GROUPSET_SET_COMMON_PROPERTIES (fn 23).</summary>
    public const uint GroupSetSetCommonProperties = 0x0840005E;
    /// <summary>CLUSCTL_GROUPSET_VALIDATE_COMMON_PROPERTIES (fn 24).</summary>
    public const uint GroupSetValidateCommonProperties = 0x08000061;
    /// <summary>CLUSCTL_GROUPSET_ENUM_PRIVATE_PROPERTIES (fn 30).</summary>
    public const uint GroupSetEnumPrivateProperties = 0x08000079;
    /// <summary>CLUSCTL_GROUPSET_GET_RO_PRIVATE_PROPERTIES (fn 31).</summary>
    public const uint GroupSetGetRoPrivateProperties = 0x0800007D;
    /// <summary>CLUSCTL_GROUPSET_GET_PRIVATE_PROPERTIES (fn 32).</summary>
    public const uint GroupSetGetPrivateProperties = 0x08000081;
    /// <summary>CLUSCTL_GROUPSET_SET_PRIVATE_PROPERTIES (fn 33).</summary>
    public const uint GroupSetSetPrivateProperties = 0x08400086;
    /// <summary>CLUSCTL_GROUPSET_VALIDATE_PRIVATE_PROPERTIES (fn 34).</summary>
    public const uint GroupSetValidatePrivateProperties = 0x08000089;
    /// <summary>CLUSCTL_GROUPSET_GET_GROUPS (fn 2908).</summary>
    public const uint GroupSetGetGroups = 0x08002D71;
    /// <summary>CLUSCTL_GROUPSET_GET_PROVIDER_GROUPS (fn 2909).</summary>
    public const uint GroupSetGetProviderGroups = 0x08002D75;
    /// <summary>CLUSCTL_GROUPSET_GET_PROVIDER_GROUPSETS (fn 2910).</summary>
    public const uint GroupSetGetProviderGroupSets = 0x08002D79;
}
