using Clusterd.ClusApi;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Client;

/// <summary>An HCLUSTER_RPC context handle (MS-CMRP 2.2.1.1).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct ClusterHandle(NdrContextHandle Value);

/// <summary>An HRES_RPC context handle (MS-CMRP 2.2.1.4).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct ResourceHandle(NdrContextHandle Value);

/// <summary>An HNODE_RPC context handle (MS-CMRP 2.2.1.2).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct NodeHandle(NdrContextHandle Value);

/// <summary>An HGROUP_RPC context handle (MS-CMRP 2.2.1.3).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct GroupHandle(NdrContextHandle Value);

/// <summary>The answer of an ApiOpenX method: its Status and the handle (NULL unless Status is 0).</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The handle.</param>
public readonly record struct OpenResult<THandle>(Win32Error Status, THandle Handle);

/// <summary>One ENUM_ENTRY (MS-CMRP 2.2.3.4).</summary>
/// <param name="Type">The CLUSTER_ENUM_* type of the object.</param>
/// <param name="Name">Its name (or ID in ApiCreateEnumEx's ID list); null when the server sent a NULL pointer.</param>
public readonly record struct EnumEntry(uint Type, string? Name);

/// <summary>The answer of ApiCreateEnum: the result and the entries (empty when the server sent NULL).</summary>
/// <param name="Result">The method result.</param>
/// <param name="Entries">The ENUM_LIST entries.</param>
public sealed record EnumResult(Win32Error Result, IReadOnlyList<EnumEntry> Entries);

/// <summary>The answer of ApiGetResourceState (MS-CMRP 3.1.4.2.13).</summary>
/// <param name="Result">The method result.</param>
/// <param name="State">The CLUSTER_RESOURCE_STATE value.</param>
/// <param name="NodeName">The owner node, or null.</param>
/// <param name="GroupName">The group, or null.</param>
public sealed record ResourceStateResult(Win32Error Result, int State, string? NodeName, string? GroupName);

/// <summary>The answer of ApiGetClusterName (MS-CMRP 3.1.4.2.4).</summary>
/// <param name="Result">The method result.</param>
/// <param name="ClusterName">The cluster name, or null.</param>
/// <param name="NodeName">The name of the node that answered, or null.</param>
public sealed record ClusterNameResult(Win32Error Result, string? ClusterName, string? NodeName);

/// <summary>The answer of a control method (MS-CMRP 3.1.4.2.74): output bytes, BytesReturned, cbRequired, result.</summary>
/// <param name="Result">The method result (ERROR_MORE_DATA when nOutBufferSize was too small).</param>
/// <param name="Output">The lpOutBuffer bytes actually returned.</param>
/// <param name="BytesReturned">lpBytesReturned.</param>
/// <param name="BytesRequired">lpcbRequired: the size needed after ERROR_MORE_DATA.</param>
public sealed record ControlResult(Win32Error Result, ReadOnlyMemory<byte> Output, uint BytesReturned, uint BytesRequired);
