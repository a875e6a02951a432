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
