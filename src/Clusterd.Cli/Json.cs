using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Clusterd.ClusApi;

namespace Clusterd.Cli;

// The JSON clusctl prints (--output json), documented in README.md ("JSON output"). These records are the contract:
// camelCase names, enums as their names, absent values as null. They are written by source generation (no reflection).

/// <summary>Get-Cluster.</summary>
internal sealed record ClusterJson(string Name, string NodeName, int MajorVersion, int MinorVersion, int BuildNumber);

/// <summary>Get-ClusterNode, Suspend-/Resume-ClusterNode.</summary>
internal sealed record NodeJson(string Name, string Id, ClusterNodeState State);

/// <summary>Get-ClusterGroup, Move-ClusterGroup.</summary>
internal sealed record GroupJson(string Name, string? OwnerNode, ClusterGroupState State);

/// <summary>Get-ClusterResource, Start-/Stop-/Suspend-/Resume-ClusterResource.</summary>
internal sealed record ResourceJson(string Name, ClusterResourceState State, string? OwnerGroup, string? OwnerNode, string ResourceType);

/// <summary>Get-ClusterParameter: <c>value</c> is a number, a string, an array of strings (MultiString), base64 (ByteArray) or an ISO 8601 time (DateTime).</summary>
internal sealed record ParameterJson(string Object, string Name, JsonNode? Value, string Type);

/// <summary>Get-ClusterSharedVolume, Move-ClusterSharedVolume.</summary>
internal sealed record SharedVolumeJson(string Name, ClusterResourceState State, string? Node, IReadOnlyList<VolumeJson> Volumes);

/// <summary>One volume of a CSV.</summary>
internal sealed record VolumeJson(string FriendlyName, string VolumeName, SharedVolumeBackupState BackupState, CsvVolumeFaultState FaultState,
    ulong VolumeOffset, uint PartitionNumber);

/// <summary>Get-ClusterSharedVolumeState.</summary>
internal sealed record VolumeStateJson(string Name, string VolumeName, string VolumeFriendlyName, string Node, string StateInfo,
    string FileSystemRedirectedIOReason, string BlockRedirectedIOReason);

/// <summary>Get-ClusterSharedVolumeBackupState, Set-ClusterSharedVolumeBackupMode.</summary>
internal sealed record BackupStateJson(string Name, string VolumeFriendlyName, string VolumeName, SharedVolumeBackupState BackupState, string? Node);

/// <summary>Get-ClusterGroupSet, New-ClusterGroupSet, Add-ClusterGroupToSet.</summary>
internal sealed record GroupSetJson(string Name, IReadOnlyList<string> GroupNames, IReadOnlyList<string> ProviderNames);

/// <summary>Watch-Cluster: one object per line (JSON Lines).</summary>
internal sealed record ChangeJson(DateTime Time, ClusterObjectType ObjectType, string Change, string? ObjectName, string? ObjectId, string? ParentId);

/// <summary>The source-generated serializers of every JSON shape.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(ClusterJson))]
[JsonSerializable(typeof(IReadOnlyList<NodeJson>))]
[JsonSerializable(typeof(IReadOnlyList<GroupJson>))]
[JsonSerializable(typeof(IReadOnlyList<ResourceJson>))]
[JsonSerializable(typeof(IReadOnlyList<ParameterJson>))]
[JsonSerializable(typeof(IReadOnlyList<SharedVolumeJson>))]
[JsonSerializable(typeof(IReadOnlyList<VolumeStateJson>))]
[JsonSerializable(typeof(IReadOnlyList<BackupStateJson>))]
[JsonSerializable(typeof(IReadOnlyList<GroupSetJson>))]
internal sealed partial class ClusctlJson : JsonSerializerContext;

/// <summary>The one-line (JSON Lines) serializer of Watch-Cluster.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(ChangeJson))]
internal sealed partial class ClusctlJsonLines : JsonSerializerContext;
