using Clusterd.ClusApi;

namespace Clusterd.Client;

/// <summary>The cluster itself (Get-Cluster).</summary>
/// <param name="Name">The cluster name.</param>
/// <param name="NodeName">The node that answered.</param>
/// <param name="MajorVersion">The answering node's major version.</param>
/// <param name="MinorVersion">Its minor version.</param>
/// <param name="BuildNumber">Its build number.</param>
public sealed record ClusterDetails(string Name, string NodeName, int MajorVersion, int MinorVersion, int BuildNumber);

/// <summary>A cluster node (Get-ClusterNode: Name, ID, State).</summary>
/// <param name="Name">The node name.</param>
/// <param name="Id">The node ID ("1", "2", ...).</param>
/// <param name="State">Up, Down, Paused or Joining.</param>
public sealed record ClusterNode(string Name, string Id, ClusterNodeState State);

/// <summary>A group (Get-ClusterGroup: Name, OwnerNode, State).</summary>
/// <param name="Name">The group name.</param>
/// <param name="OwnerNode">The node that owns it.</param>
/// <param name="State">Online, Offline, Failed, PartialOnline or Pending.</param>
public sealed record ClusterGroup(string Name, string? OwnerNode, ClusterGroupState State);

/// <summary>A resource (Get-ClusterResource: Name, State, Group, ResourceType).</summary>
/// <param name="Name">The resource name.</param>
/// <param name="State">Its state.</param>
/// <param name="OwnerGroup">The group it belongs to.</param>
/// <param name="OwnerNode">The node that owns it.</param>
/// <param name="ResourceType">Its resource type, e.g. "Physical Disk".</param>
public sealed record ClusterResource(string Name, ClusterResourceState State, string? OwnerGroup, string? OwnerNode, string ResourceType);

/// <summary>One property of an object (Get-ClusterParameter: Object, Name, Value, Type).</summary>
/// <param name="Object">The object's name.</param>
/// <param name="Name">The property name.</param>
/// <param name="Value">The value: uint, int, ulong, long, string, string[], byte[] or DateTimeOffset.</param>
/// <param name="Type">The value type as PowerShell names it: UInt32, Int32, UInt64, Int64, String, ExpandString, MultiString, ByteArray, DateTime.</param>
public sealed record ClusterParameter(string Object, string Name, object? Value, string Type);

/// <summary>A Cluster Shared Volume resource (Get-ClusterSharedVolume: Name, State, Node) and its volumes.</summary>
/// <param name="Name">The resource name, e.g. "Cluster Disk 1".</param>
/// <param name="State">The resource state.</param>
/// <param name="OwnerNode">The coordinator node (the resource's owner).</param>
/// <param name="Volumes">Its volumes (CLUS_CSV_VOLUME_INFO, MS-CMRP 2.2.3.18).</param>
public sealed record ClusterSharedVolume(string Name, ClusterResourceState State, string? OwnerNode, IReadOnlyList<SharedVolumePartition> Volumes);

/// <summary>One volume of a CSV resource (CLUS_CSV_VOLUME_INFO, MS-CMRP 2.2.3.18).</summary>
/// <param name="FriendlyName">The friendly name, e.g. "Volume1".</param>
/// <param name="VolumeName">The volume GUID path.</param>
/// <param name="BackupState">VolumeBackupNone or VolumeBackupInProgress.</param>
/// <param name="FaultState">The fault state.</param>
/// <param name="VolumeOffset">The byte offset of the volume on the disk.</param>
/// <param name="PartitionNumber">The partition number.</param>
public sealed record SharedVolumePartition(string FriendlyName, string VolumeName, SharedVolumeBackupState BackupState, CsvVolumeFaultState FaultState,
    ulong VolumeOffset, uint PartitionNumber);

/// <summary>
/// One volume as one node sees it (Get-ClusterSharedVolumeState; CLUSTER_SHARED_VOLUME_STATE_INFO_EX, MS-CMRP 2.2.3.32).
/// </summary>
/// <param name="Name">The CSV resource name.</param>
/// <param name="VolumeName">The volume GUID path.</param>
/// <param name="VolumeFriendlyName">The friendly name.</param>
/// <param name="Node">The node.</param>
/// <param name="StateInfo">Direct, FileSystemRedirected, BlockRedirected, Paused or Unavailable on that node.</param>
/// <param name="FileSystemRedirectedIOReason">Why I/O is redirected through the file system.</param>
/// <param name="BlockRedirectedIOReason">Why I/O is block-redirected.</param>
public sealed record ClusterSharedVolumeState(string Name, string VolumeName, string VolumeFriendlyName, string Node, SharedVolumeState StateInfo,
    RedirectedIOReason FileSystemRedirectedIOReason, BlockRedirectedIOReason BlockRedirectedIOReason);

/// <summary>The backup state of one CSV volume (Get-ClusterSharedVolumeBackupState).</summary>
/// <param name="Name">The CSV resource name.</param>
/// <param name="VolumeFriendlyName">The friendly name.</param>
/// <param name="VolumeName">The volume GUID path.</param>
/// <param name="BackupState">VolumeBackupNone or VolumeBackupInProgress.</param>
/// <param name="Node">The coordinator node.</param>
public sealed record ClusterSharedVolumeBackupState(string Name, string VolumeFriendlyName, string VolumeName, SharedVolumeBackupState BackupState,
    string? Node);

/// <summary>One change notification (NOTIFICATION_DATA_RPC, MS-CMRP 2.2.3.23) from <see cref="ClusterClient.GetChangesAsync"/>.</summary>
/// <param name="ObjectType">The object type.</param>
/// <param name="Flags">The CLUSTER_CHANGE_*_V2 flag that fired.</param>
/// <param name="Change">The flag's name, e.g. "GroupStateV2".</param>
/// <param name="ObjectName">The object's name.</param>
/// <param name="ObjectId">The object's ID.</param>
/// <param name="ParentId">The parent's ID, when the type has one.</param>
/// <param name="ObjectTypeName">The object's type name, when the type has one (a resource's type).</param>
/// <param name="Payload">The notification's buffer (its format depends on the flag).</param>
public sealed record ClusterChange(ClusterObjectType ObjectType, long Flags, string Change, string? ObjectName, string? ObjectId, string? ParentId,
    string? ObjectTypeName, ReadOnlyMemory<byte> Payload);
