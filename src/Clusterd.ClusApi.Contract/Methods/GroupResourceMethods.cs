using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The group and resource methods of issue 11 (MS-CMRP 3.1.4.2.22-26, 109, 128-135, 145, 166): the Ex variants of
// online, offline and move, possible owners, moving a resource between groups, dependency checks and expressions.
// Their NDR is their parameter list, so the generator writes their codecs. An [in, size_is(cbInBufferSize)] BYTE*
// lpInBuffer is a top-level (ref) pointer: a conformant array (max_count, then the bytes), and cbInBufferSize follows
// as its own u32; the server compares the two.

/// <summary>
/// CLUSTER_CREATE_GROUP_INFO_RPC (MS-CMRP 2.2.3.21): <c>u32 dwVersion, u32 dwGroupType</c>. The client sets dwVersion
/// to 1.
/// </summary>
/// <param name="Version">dwVersion.</param>
/// <param name="GroupType">dwGroupType (CLUSGROUP_TYPE).</param>
public readonly record struct ClusterCreateGroupInfo(uint Version, uint GroupType)
{
    internal void Write(NdrWriter writer)
    {
        writer.WriteUInt32(Version);
        writer.WriteUInt32(GroupType);
    }

    internal static ClusterCreateGroupInfo Read(NdrReader reader) => new(reader.ReadUInt32(), reader.ReadUInt32());
}

/// <summary>
/// ApiCreateGroupEx (opnum 129, MS-CMRP 3.1.4.2.128): <c>Sin lpszGroupName, [in, unique]
/// PCLUSTER_CREATE_GROUP_INFO_RPC pGroupInfo → Status, rpc_status, handle</c>.
/// </summary>
/// <param name="GroupName">lpszGroupName.</param>
/// <param name="GroupInfo">pGroupInfo; null for a NULL pointer.</param>
public readonly partial record struct CreateGroupExRequest(string GroupName, ClusterCreateGroupInfo? GroupInfo) : IClusApiRequest<CreateGroupExRequest, OpenResponse<GroupHandle>>;

/// <summary>
/// ApiOnlineGroupEx (opnum 130, MS-CMRP 3.1.4.2.129): <c>H, u32 dwOnlineFlags, [size_is(cbInBufferSize)] BYTE*
/// lpInBuffer, u32 cbInBufferSize → rpc_status, result</c>.
/// </summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwOnlineFlags (CLUSAPI_GROUP_ONLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OnlineGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OnlineGroupExRequest, ResultResponse>;

/// <summary>ApiOfflineGroupEx (opnum 131, MS-CMRP 3.1.4.2.130): as <see cref="OnlineGroupExRequest"/> with dwOfflineFlags.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwOfflineFlags (CLUSAPI_GROUP_OFFLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OfflineGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OfflineGroupExRequest, ResultResponse>;

/// <summary>ApiMoveGroupEx (opnum 132, MS-CMRP 3.1.4.2.131): <c>H, u32 dwMoveFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwMoveFlags (CLUSAPI_GROUP_MOVE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct MoveGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<MoveGroupExRequest, ResultResponse>;

/// <summary>ApiMoveGroupToNodeEx (opnum 133, MS-CMRP 3.1.4.2.132): <c>H group, H node, u32 dwMoveFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Node">hNode.</param>
/// <param name="Flags">dwMoveFlags (CLUSAPI_GROUP_MOVE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct MoveGroupToNodeExRequest(GroupHandle Group, NodeHandle Node, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<MoveGroupToNodeExRequest, ResultResponse>;

/// <summary>ApiCancelClusterGroupOperation (opnum 134, MS-CMRP 3.1.4.2.133): <c>H, u32 dwCancelFlags → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="CancelFlags">dwCancelFlags (reserved, 0).</param>
public readonly partial record struct CancelClusterGroupOperationRequest(GroupHandle Group, uint CancelFlags) : IClusApiRequest<CancelClusterGroupOperationRequest, ResultResponse>;

/// <summary>ApiOnlineResourceEx (opnum 135, MS-CMRP 3.1.4.2.134): <c>H, u32 dwOnlineFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwOnlineFlags (CLUSAPI_RESOURCE_ONLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OnlineResourceExRequest(ResourceHandle Resource, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OnlineResourceExRequest, ResultResponse>;

/// <summary>ApiOfflineResourceEx (opnum 136, MS-CMRP 3.1.4.2.135): <c>H, u32 dwOfflineFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwOfflineFlags (CLUSAPI_RESOURCE_OFFLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OfflineResourceExRequest(ResourceHandle Resource, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OfflineResourceExRequest, ResultResponse>;

/// <summary>ApiRestartResource (opnum 146, MS-CMRP 3.1.4.2.145): <c>H, u32 dwFlags → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwFlags (reserved, ignored by the server).</param>
public readonly partial record struct RestartResourceRequest(ResourceHandle Resource, uint Flags) : IClusApiRequest<RestartResourceRequest, ResultResponse>;

/// <summary>ApiCanResourceBeDependent (opnum 21, MS-CMRP 3.1.4.2.22): <c>H hResource, H hResourceDependent → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource: the resource that would depend.</param>
/// <param name="ResourceDependent">hResourceDependent: the resource it would depend on.</param>
public readonly partial record struct CanResourceBeDependentRequest(ResourceHandle Resource, ResourceHandle ResourceDependent) : IClusApiRequest<CanResourceBeDependentRequest, ResultResponse>;

/// <summary>ApiAddResourceNode (opnum 23, MS-CMRP 3.1.4.2.24): <c>H resource, H node → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Node">hNode.</param>
public readonly partial record struct AddResourceNodeRequest(ResourceHandle Resource, NodeHandle Node) : IClusApiRequest<AddResourceNodeRequest, ResultResponse>;

/// <summary>ApiRemoveResourceNode (opnum 24, MS-CMRP 3.1.4.2.25): <c>H resource, H node → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Node">hNode.</param>
public readonly partial record struct RemoveResourceNodeRequest(ResourceHandle Resource, NodeHandle Node) : IClusApiRequest<RemoveResourceNodeRequest, ResultResponse>;

/// <summary>ApiChangeResourceGroup (opnum 25, MS-CMRP 3.1.4.2.26): <c>H resource, H group → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Group">hGroup.</param>
public readonly partial record struct ChangeResourceGroupRequest(ResourceHandle Resource, GroupHandle Group) : IClusApiRequest<ChangeResourceGroupRequest, ResultResponse>;

/// <summary>ApiChangeResourceGroupEx (opnum 184, MS-CMRP 3.1.4.2.166): <c>H resource, H group, u64 flags → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">flags (ULONGLONG; CLUSAPI_CHANGE_RESOURCE_GROUP_FORCE_MOVE_TO_CSV is 1).</param>
public readonly partial record struct ChangeResourceGroupExRequest(ResourceHandle Resource, GroupHandle Group, ulong Flags) : IClusApiRequest<ChangeResourceGroupExRequest, ResultResponse>;

/// <summary>
/// ApiSetResourceDependencyExpression (opnum 109, MS-CMRP 3.1.4.2.109): <c>H, [in, string, unique] LPCWSTR
/// lpszDependencyExpression → rpc_status, result</c>.
/// </summary>
/// <param name="Resource">hResource.</param>
/// <param name="DependencyExpression">lpszDependencyExpression; null for a NULL pointer.</param>
public readonly partial record struct SetResourceDependencyExpressionRequest(ResourceHandle Resource, string? DependencyExpression) : IClusApiRequest<SetResourceDependencyExpressionRequest, ResultResponse>;
