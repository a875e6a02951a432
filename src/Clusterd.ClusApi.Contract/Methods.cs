using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The MS-CMRP methods whose NDR is their parameter list, one declaration each: the [in] parameters of a request and the
// [out] parameters of a response in IDL order. Clusterd.ClusApi.Contract.Generator writes their Opnum (ApiX for XRequest),
// Write and Read (ContractCodecGenerator). The methods whose wire shape is more than that are in Methods/*.cs.

// Shared responses: the [out] shapes several methods share; rpc_status goes on the wire before the function result.

/// <summary><c>→ rpc_status, result</c>: the methods that only report an outcome.</summary>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter (0 unless the server's RPC layer failed).</param>
public readonly partial record struct ResultResponse(Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<ResultResponse>;

/// <summary>ApiOpenX / ApiCreateX: <c>→ Status, rpc_status, handle</c> (the handle is the function result; NULL unless Status is 0).</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The handle.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct OpenResponse<THandle>(Win32Error Status, THandle Handle, uint RpcStatus = 0) : IClusApiMessage<OpenResponse<THandle>> where THandle : struct, IClusApiHandle<THandle>;

/// <summary>ApiOpenXEx: <c>→ u32 lpdwGrantedAccess, Status, rpc_status, handle</c>.</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="GrantedAccess">The access granted (0 on failure).</param>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The handle.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct OpenExResponse<THandle>(uint GrantedAccess, Win32Error Status, THandle Handle, uint RpcStatus = 0) : IClusApiMessage<OpenExResponse<THandle>> where THandle : struct, IClusApiHandle<THandle>;

/// <summary>ApiCloseX: <c>[in, out] handle → handle (NULL on success), result</c>; there is no rpc_status.</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="Handle">The handle as the server left it: NULL when closed, the handle back when not.</param>
/// <param name="Result">The method result.</param>
public readonly partial record struct CloseResponse<THandle>(THandle Handle, Win32Error Result) : IClusApiMessage<CloseResponse<THandle>> where THandle : struct, IClusApiHandle<THandle>;

/// <summary><c>→ Sout, rpc_status, result</c>: one string about an object (its ID, its type, ...).</summary>
/// <param name="Value">The string; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct StringResponse(string? Value, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<StringResponse>;

/// <summary><c>→ u32 State, rpc_status, result</c>: the state of a node, network or interface (-1, unknown, on failure).</summary>
/// <param name="State">The state value of the object's enumeration.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct StateResponse(int State, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<StateResponse>;

/// <summary><c>→ EL, rpc_status, result</c>: an ENUM_LIST (MS-CMRP 2.2.3.5), NULL when the call failed.</summary>
/// <param name="Entries">The entries; null for a NULL list.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct EnumResponse(IReadOnlyList<EnumEntry>? Entries, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<EnumResponse>;

// Cluster (MS-CMRP 3.1.4.2.1-6, 102, 104, 108, 116): open/close, name, version, quorum.

/// <summary>ApiOpenCluster (opnum 0, MS-CMRP 3.1.4.2.1): <c>– → Status, HCLUSTER_RPC</c>; no [in] parameters.</summary>
public readonly partial record struct OpenClusterRequest : IClusApiRequest<OpenClusterRequest, OpenClusterResponse>;

/// <summary>
/// ApiOpenCluster's answer: <c>→ Status, HCLUSTER_RPC</c>; there is no rpc_status (MS-CMRP 3.1.4.2.1). The handle is
/// the function result, NULL unless Status is 0.
/// </summary>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The cluster handle.</param>
public readonly partial record struct OpenClusterResponse(Win32Error Status, ClusterHandle Handle) : IClusApiMessage<OpenClusterResponse>;

/// <summary>ApiCloseCluster (opnum 1, MS-CMRP 3.1.4.2.2): <c>[in, out] HCLUSTER_RPC → NULL, result</c>.</summary>
/// <param name="Cluster">The handle to close.</param>
public readonly partial record struct CloseClusterRequest(ClusterHandle Cluster) : IClusApiRequest<CloseClusterRequest, CloseResponse<ClusterHandle>>;

/// <summary>ApiSetClusterName (opnum 2, MS-CMRP 3.1.4.2.3): <c>Sin NewClusterName → rpc_status, result</c>.</summary>
/// <param name="NewClusterName">The new cluster name.</param>
public readonly partial record struct SetClusterNameRequest(string NewClusterName) : IClusApiRequest<SetClusterNameRequest, ResultResponse>;

/// <summary>ApiGetClusterName (opnum 3, MS-CMRP 3.1.4.2.4): <c>– → Sout ClusterName, Sout NodeName, result</c>; no [in] parameters.</summary>
public readonly partial record struct GetClusterNameRequest : IClusApiRequest<GetClusterNameRequest, GetClusterNameResponse>;

/// <summary>ApiGetClusterName's answer: <c>→ Sout ClusterName, Sout NodeName, result</c>; there is no rpc_status (MS-CMRP 3.1.4.2.4).</summary>
/// <param name="ClusterName">The cluster's name; null (a NULL pointer) on failure.</param>
/// <param name="NodeName">The name of the node answering; null on failure.</param>
/// <param name="Result">The method result.</param>
public readonly partial record struct GetClusterNameResponse(string? ClusterName, string? NodeName, Win32Error Result) : IClusApiMessage<GetClusterNameResponse>;

/// <summary>
/// ApiGetClusterVersion (opnum 4, MS-CMRP 3.1.4.2.5): <c>– → u16 major, u16 minor, u16 build, Sout VendorId, Sout
/// CSDVersion, result</c>; no [in] parameters. Servers fail it with ERROR_CALL_NOT_IMPLEMENTED.
/// </summary>
public readonly partial record struct GetClusterVersionRequest : IClusApiRequest<GetClusterVersionRequest, GetClusterVersionResponse>;

/// <summary>
/// ApiGetClusterVersion's answer: <c>→ u16 lpwMajorVersion, u16 lpwMinorVersion, u16 lpwBuildNumber, Sout
/// lpszVendorId, Sout lpszCSDVersion, result</c>; there is no rpc_status (MS-CMRP 3.1.4.2.5). The first referent id
/// is 4-aligned: two bytes of padding follow the build number.
/// </summary>
/// <param name="MajorVersion">lpwMajorVersion.</param>
/// <param name="MinorVersion">lpwMinorVersion.</param>
/// <param name="BuildNumber">lpwBuildNumber.</param>
/// <param name="VendorId">lpszVendorId; null for a NULL pointer.</param>
/// <param name="CsdVersion">lpszCSDVersion; null for a NULL pointer.</param>
/// <param name="Result">The method result.</param>
public readonly partial record struct GetClusterVersionResponse(ushort MajorVersion, ushort MinorVersion, ushort BuildNumber, string? VendorId, string? CsdVersion, Win32Error Result) : IClusApiMessage<GetClusterVersionResponse>;

/// <summary>ApiGetQuorumResource (opnum 5, MS-CMRP 3.1.4.2.6): see <see cref="GetQuorumResourceResponse"/>; no [in] parameters.</summary>
public readonly partial record struct GetQuorumResourceRequest : IClusApiRequest<GetQuorumResourceRequest, GetQuorumResourceResponse>;

/// <summary>
/// ApiGetQuorumResource's answer: <c>→ Sout lpszResourceName, Sout lpszDeviceName, u32 pdwMaxQuorumLogSize,
/// rpc_status, result</c> (MS-CMRP 3.1.4.2.6).
/// </summary>
/// <param name="ResourceName">The quorum resource's name; null (a NULL pointer) on failure.</param>
/// <param name="DeviceName">The quorum path; null on failure.</param>
/// <param name="MaxQuorumLogSize">pdwMaxQuorumLogSize.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct GetQuorumResourceResponse(string? ResourceName, string? DeviceName, uint MaxQuorumLogSize, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetQuorumResourceResponse>;

/// <summary>ApiGetClusterVersion2 (opnum 102, MS-CMRP 3.1.4.2.102): see <see cref="GetClusterVersion2Response"/>; no [in] parameters.</summary>
public readonly partial record struct GetClusterVersion2Request : IClusApiRequest<GetClusterVersion2Request, GetClusterVersion2Response>;

/// <summary>
/// ApiGetClusterVersion2's answer: <c>→ u16 lpwMajorVersion, u16 lpwMinorVersion, u16 lpwBuildNumber, Sout
/// lpszVendorId, Sout lpszCSDVersion, [out] PCLUSTER_OPERATIONAL_VERSION_INFO * (referent, then 5 × u32),
/// rpc_status, result</c> (MS-CMRP 3.1.4.2.102).
/// </summary>
/// <param name="MajorVersion">lpwMajorVersion.</param>
/// <param name="MinorVersion">lpwMinorVersion.</param>
/// <param name="BuildNumber">lpwBuildNumber.</param>
/// <param name="VendorId">lpszVendorId; null for a NULL pointer.</param>
/// <param name="CsdVersion">lpszCSDVersion; null for a NULL pointer.</param>
/// <param name="VersionInfo">ppClusterOpVerInfo; null for a NULL pointer.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct GetClusterVersion2Response(ushort MajorVersion, ushort MinorVersion, ushort BuildNumber, string? VendorId, string? CsdVersion, ClusterOperationalVersionInfo? VersionInfo, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetClusterVersion2Response>;

/// <summary>ApiBackupClusterDatabase (opnum 104, MS-CMRP 3.1.4.2.104): <c>Sin lpszPathName → rpc_status, result</c>.</summary>
/// <param name="PathName">The backup directory.</param>
public readonly partial record struct BackupClusterDatabaseRequest(string PathName) : IClusApiRequest<BackupClusterDatabaseRequest, ResultResponse>;

/// <summary>
/// ApiSetServiceAccountPassword (opnum 108, MS-CMRP 3.1.4.2.108): <c>Sin lpszNewPassword, u32 dwFlags, u32
/// ReturnStatusBufferSize → see <see cref="SetServiceAccountPasswordResponse"/></c>. ReturnStatusBufferPtr is an
/// [out]-only array, so nothing of it is sent.
/// </summary>
/// <param name="NewPassword">lpszNewPassword.</param>
/// <param name="Flags">dwFlags (IDL_CLUSTER_SET_PASSWORD_FLAGS).</param>
/// <param name="ReturnStatusBufferSize">ReturnStatusBufferSize: how many status entries the answer may carry (at most 64 Ki).</param>
public readonly partial record struct SetServiceAccountPasswordRequest(string NewPassword, uint Flags, uint ReturnStatusBufferSize) : IClusApiRequest<SetServiceAccountPasswordRequest, SetServiceAccountPasswordResponse>;

/// <summary>ApiOpenClusterEx (opnum 117, MS-CMRP 3.1.4.2.116): <c>u32 dwDesiredAccess → u32 granted, Status, HCLUSTER_RPC</c>.</summary>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenClusterExRequest(uint DesiredAccess) : IClusApiRequest<OpenClusterExRequest, OpenClusterExResponse>;

/// <summary>ApiOpenClusterEx's answer: <c>→ u32 lpdwGrantedAccess, Status, HCLUSTER_RPC</c>; there is no rpc_status (MS-CMRP 3.1.4.2.116).</summary>
/// <param name="GrantedAccess">The access granted (0 on failure).</param>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The cluster handle; NULL unless Status is 0.</param>
public readonly partial record struct OpenClusterExResponse(uint GrantedAccess, Win32Error Status, ClusterHandle Handle) : IClusApiMessage<OpenClusterExResponse>;

// Node (MS-CMRP 3.1.4.2.49, 67-72, 117).

/// <summary>ApiGetNodeId (opnum 48, MS-CMRP 3.1.4.2.49): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly partial record struct GetNodeIdRequest(NodeHandle Node) : IClusApiRequest<GetNodeIdRequest, StringResponse>;

/// <summary>ApiOpenNode (opnum 66, MS-CMRP 3.1.4.2.67): <c>Sin lpszNodeName → Status, rpc_status, HNODE_RPC</c>.</summary>
/// <param name="NodeName">The node's name.</param>
public readonly partial record struct OpenNodeRequest(string NodeName) : IClusApiRequest<OpenNodeRequest, OpenResponse<NodeHandle>>;

/// <summary>ApiCloseNode (opnum 67, MS-CMRP 3.1.4.2.68): <c>[in, out] HNODE_RPC → NULL, result</c>.</summary>
/// <param name="Node">The handle to close.</param>
public readonly partial record struct CloseNodeRequest(NodeHandle Node) : IClusApiRequest<CloseNodeRequest, CloseResponse<NodeHandle>>;

/// <summary>ApiGetNodeState (opnum 68, MS-CMRP 3.1.4.2.69): <c>H → u32 State (CLUSTER_NODE_STATE), rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly partial record struct GetNodeStateRequest(NodeHandle Node) : IClusApiRequest<GetNodeStateRequest, StateResponse>;

/// <summary>ApiPauseNode (opnum 69, MS-CMRP 3.1.4.2.70): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly partial record struct PauseNodeRequest(NodeHandle Node) : IClusApiRequest<PauseNodeRequest, ResultResponse>;

/// <summary>ApiResumeNode (opnum 70, MS-CMRP 3.1.4.2.71): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly partial record struct ResumeNodeRequest(NodeHandle Node) : IClusApiRequest<ResumeNodeRequest, ResultResponse>;

/// <summary>ApiEvictNode (opnum 71, MS-CMRP 3.1.4.2.72): <c>H → rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
public readonly partial record struct EvictNodeRequest(NodeHandle Node) : IClusApiRequest<EvictNodeRequest, ResultResponse>;

/// <summary>ApiOpenNodeEx (opnum 118, MS-CMRP 3.1.4.2.117): <c>Sin lpszNodeName, u32 dwDesiredAccess → granted, Status, rpc_status, HNODE_RPC</c>.</summary>
/// <param name="NodeName">The node's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (MS-CMRP 3.1.4.2.117: CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenNodeExRequest(string NodeName, uint DesiredAccess) : IClusApiRequest<OpenNodeExRequest, OpenExResponse<NodeHandle>>;

// Group and group set (MS-CMRP 3.1.4.2.42-55, 118, 147-148).

/// <summary>ApiOpenGroup (opnum 41, MS-CMRP 3.1.4.2.42): <c>Sin lpszGroupName → Status, rpc_status, HGROUP_RPC</c>.</summary>
/// <param name="GroupName">The group's name.</param>
public readonly partial record struct OpenGroupRequest(string GroupName) : IClusApiRequest<OpenGroupRequest, OpenResponse<GroupHandle>>;

/// <summary>
/// ApiCreateGroup (opnum 42, MS-CMRP 3.1.4.2.43): <c>Sin lpszGroupName → Status, rpc_status, HGROUP_RPC</c>; it
/// answers like an open (<see cref="OpenResponse{THandle}"/>).
/// </summary>
/// <param name="GroupName">The new group's name.</param>
public readonly partial record struct CreateGroupRequest(string GroupName) : IClusApiRequest<CreateGroupRequest, OpenResponse<GroupHandle>>;

/// <summary>ApiDeleteGroup (opnum 43, MS-CMRP 3.1.4.2.44): <c>H, BOOL force → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Force">force: a BOOL (u32); any non-zero value reads as true, true is written as 1.</param>
public readonly partial record struct DeleteGroupRequest(GroupHandle Group, bool Force) : IClusApiRequest<DeleteGroupRequest, ResultResponse>;

/// <summary>ApiCloseGroup (opnum 44, MS-CMRP 3.1.4.2.45): <c>[in, out] HGROUP_RPC → NULL, result</c>.</summary>
/// <param name="Group">The handle to close.</param>
public readonly partial record struct CloseGroupRequest(GroupHandle Group) : IClusApiRequest<CloseGroupRequest, CloseResponse<GroupHandle>>;

/// <summary>ApiGetGroupState (opnum 45, MS-CMRP 3.1.4.2.46): <c>H → u32 State (CLUSTER_GROUP_STATE), Sout NodeName, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct GetGroupStateRequest(GroupHandle Group) : IClusApiRequest<GetGroupStateRequest, GetGroupStateResponse>;

/// <summary>ApiGetGroupState's answer: <c>u32 State, Sout NodeName, rpc_status, result</c> (MS-CMRP 3.1.4.2.46).</summary>
/// <param name="State">The group state; ClusterGroupStateUnknown (-1) on failure.</param>
/// <param name="NodeName">The owner node's name; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct GetGroupStateResponse(ClusterGroupState State, string? NodeName, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetGroupStateResponse>;

/// <summary>ApiSetGroupName (opnum 46, MS-CMRP 3.1.4.2.47): <c>H, Sin lpszGroupName → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="GroupName">The new name.</param>
public readonly partial record struct SetGroupNameRequest(GroupHandle Group, string GroupName) : IClusApiRequest<SetGroupNameRequest, ResultResponse>;

/// <summary>ApiGetGroupId (opnum 47, MS-CMRP 3.1.4.2.48): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct GetGroupIdRequest(GroupHandle Group) : IClusApiRequest<GetGroupIdRequest, StringResponse>;

/// <summary>ApiOnlineGroup (opnum 49, MS-CMRP 3.1.4.2.50): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct OnlineGroupRequest(GroupHandle Group) : IClusApiRequest<OnlineGroupRequest, ResultResponse>;

/// <summary>ApiOfflineGroup (opnum 50, MS-CMRP 3.1.4.2.51): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct OfflineGroupRequest(GroupHandle Group) : IClusApiRequest<OfflineGroupRequest, ResultResponse>;

/// <summary>ApiMoveGroup (opnum 51, MS-CMRP 3.1.4.2.52): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct MoveGroupRequest(GroupHandle Group) : IClusApiRequest<MoveGroupRequest, ResultResponse>;

/// <summary>ApiMoveGroupToNode (opnum 52, MS-CMRP 3.1.4.2.53): <c>H group, H node → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Node">The destination node.</param>
public readonly partial record struct MoveGroupToNodeRequest(GroupHandle Group, NodeHandle Node) : IClusApiRequest<MoveGroupToNodeRequest, ResultResponse>;

/// <summary>ApiOpenGroupEx (opnum 119, MS-CMRP 3.1.4.2.118): <c>Sin lpszGroupName, u32 dwDesiredAccess → granted, Status, rpc_status, HGROUP_RPC</c>.</summary>
/// <param name="GroupName">The group's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenGroupExRequest(string GroupName, uint DesiredAccess) : IClusApiRequest<OpenGroupExRequest, OpenExResponse<GroupHandle>>;

/// <summary>ApiOpenGroupSet (opnum 164, MS-CMRP 3.1.4.2.147): <c>Sin lpszGroupSetName → Status, rpc_status, HGROUPSET_RPC</c>.</summary>
/// <param name="GroupSetName">The group set's name.</param>
public readonly partial record struct OpenGroupSetRequest(string GroupSetName) : IClusApiRequest<OpenGroupSetRequest, OpenResponse<GroupSetHandle>>;

/// <summary>ApiCloseGroupSet (opnum 165, MS-CMRP 3.1.4.2.148): <c>[in, out] HGROUPSET_RPC → NULL, result</c>.</summary>
/// <param name="GroupSet">The handle to close.</param>
public readonly partial record struct CloseGroupSetRequest(GroupSetHandle GroupSet) : IClusApiRequest<CloseGroupSetRequest, CloseResponse<GroupSetHandle>>;

// Resource (MS-CMRP 3.1.4.2.9-21, 110-111, 119, 122, 164).

/// <summary>ApiOpenResource (opnum 8, MS-CMRP 3.1.4.2.9): <c>Sin lpszResourceName → Status, rpc_status, HRES_RPC</c>.</summary>
/// <param name="ResourceName">The resource's name.</param>
public readonly partial record struct OpenResourceRequest(string ResourceName) : IClusApiRequest<OpenResourceRequest, OpenResponse<ResourceHandle>>;

/// <summary>
/// ApiCreateResource (opnum 9, MS-CMRP 3.1.4.2.10): <c>H group, Sin lpszResourceName, Sin lpszResourceType, u32
/// dwFlags → Status, rpc_status, HRES_RPC</c>; it answers like an open (<see cref="OpenResponse{THandle}"/>).
/// </summary>
/// <param name="Group">The group the resource is created in.</param>
/// <param name="ResourceName">The new resource's name.</param>
/// <param name="ResourceType">The resource type's name.</param>
/// <param name="Flags">dwFlags (CLUSTER_RESOURCE_DEFAULT_MONITOR, CLUSTER_RESOURCE_SEPARATE_MONITOR).</param>
public readonly partial record struct CreateResourceRequest(GroupHandle Group, string ResourceName, string ResourceType, uint Flags) : IClusApiRequest<CreateResourceRequest, OpenResponse<ResourceHandle>>;

/// <summary>ApiDeleteResource (opnum 10, MS-CMRP 3.1.4.2.11): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct DeleteResourceRequest(ResourceHandle Resource) : IClusApiRequest<DeleteResourceRequest, ResultResponse>;

/// <summary>ApiCloseResource (opnum 11, MS-CMRP 3.1.4.2.12): <c>[in, out] HRES_RPC → NULL, result</c>.</summary>
/// <param name="Resource">The handle to close.</param>
public readonly partial record struct CloseResourceRequest(ResourceHandle Resource) : IClusApiRequest<CloseResourceRequest, CloseResponse<ResourceHandle>>;

/// <summary>ApiGetResourceState (opnum 12, MS-CMRP 3.1.4.2.13): <c>H → u32 State (CLUSTER_RESOURCE_STATE), Sout NodeName, Sout GroupName, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct GetResourceStateRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceStateRequest, GetResourceStateResponse>;

/// <summary>ApiGetResourceState's answer: <c>u32 State, Sout NodeName, Sout GroupName, rpc_status, result</c> (MS-CMRP 3.1.4.2.13).</summary>
/// <param name="State">The resource state; ClusterResourceStateUnknown (-1) on failure.</param>
/// <param name="NodeName">The owner node's name; null (a NULL pointer) on failure.</param>
/// <param name="GroupName">The name of the resource's group; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct GetResourceStateResponse(ClusterResourceState State, string? NodeName, string? GroupName, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetResourceStateResponse>;

/// <summary>ApiSetResourceName (opnum 13, MS-CMRP 3.1.4.2.14): <c>H, Sin lpszResourceName → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="ResourceName">The new name.</param>
public readonly partial record struct SetResourceNameRequest(ResourceHandle Resource, string ResourceName) : IClusApiRequest<SetResourceNameRequest, ResultResponse>;

/// <summary>ApiGetResourceId (opnum 14, MS-CMRP 3.1.4.2.15): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct GetResourceIdRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceIdRequest, StringResponse>;

/// <summary>ApiGetResourceType (opnum 15, MS-CMRP 3.1.4.2.16): <c>H → Sout lpszResourceType, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct GetResourceTypeRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceTypeRequest, StringResponse>;

/// <summary>ApiFailResource (opnum 16, MS-CMRP 3.1.4.2.17): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct FailResourceRequest(ResourceHandle Resource) : IClusApiRequest<FailResourceRequest, ResultResponse>;

/// <summary>ApiOnlineResource (opnum 17, MS-CMRP 3.1.4.2.18): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct OnlineResourceRequest(ResourceHandle Resource) : IClusApiRequest<OnlineResourceRequest, ResultResponse>;

/// <summary>ApiOfflineResource (opnum 18, MS-CMRP 3.1.4.2.19): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct OfflineResourceRequest(ResourceHandle Resource) : IClusApiRequest<OfflineResourceRequest, ResultResponse>;

/// <summary>ApiAddResourceDependency (opnum 19, MS-CMRP 3.1.4.2.20): <c>H hResource, H hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Resource">The dependent resource.</param>
/// <param name="DependsOn">The resource it comes to depend on.</param>
public readonly partial record struct AddResourceDependencyRequest(ResourceHandle Resource, ResourceHandle DependsOn) : IClusApiRequest<AddResourceDependencyRequest, ResultResponse>;

/// <summary>ApiRemoveResourceDependency (opnum 20, MS-CMRP 3.1.4.2.21): <c>H hResource, H hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Resource">The dependent resource.</param>
/// <param name="DependsOn">The resource it no longer depends on.</param>
public readonly partial record struct RemoveResourceDependencyRequest(ResourceHandle Resource, ResourceHandle DependsOn) : IClusApiRequest<RemoveResourceDependencyRequest, ResultResponse>;

/// <summary>ApiGetResourceDependencyExpression (opnum 110, MS-CMRP 3.1.4.2.110): <c>H → Sout lpszDependencyExpression, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct GetResourceDependencyExpressionRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceDependencyExpressionRequest, StringResponse>;

/// <summary>ApiGetResourceNetworkName (opnum 112, MS-CMRP 3.1.4.2.111): <c>H → Sout lpszName, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly partial record struct GetResourceNetworkNameRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceNetworkNameRequest, StringResponse>;

/// <summary>ApiOpenResourceEx (opnum 120, MS-CMRP 3.1.4.2.119): <c>Sin lpszResourceName, u32 dwDesiredAccess → granted, Status, rpc_status, HRES_RPC</c>.</summary>
/// <param name="ResourceName">The resource's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenResourceExRequest(string ResourceName, uint DesiredAccess) : IClusApiRequest<OpenResourceExRequest, OpenExResponse<ResourceHandle>>;

/// <summary>ApiChangeCsvState (opnum 123, MS-CMRP 3.1.4.2.122): <c>H, u32 dwState → rpc_status, result</c>.</summary>
/// <param name="Resource">The disk resource.</param>
/// <param name="State">dwState: 1 makes the disk's volumes cluster shared volumes, 0 stops it.</param>
public readonly partial record struct ChangeCsvStateRequest(ResourceHandle Resource, uint State) : IClusApiRequest<ChangeCsvStateRequest, ResultResponse>;

/// <summary>ApiChangeCsvStateEx (opnum 182, MS-CMRP 3.1.4.2.164): <c>H, u32 dwState, Sin lpszVolumeName → rpc_status, result</c>.</summary>
/// <param name="Resource">The disk resource.</param>
/// <param name="State">dwState: 1 makes the disk's volumes cluster shared volumes, 0 stops it.</param>
/// <param name="VolumeName">lpszVolumeName: the volume to add to the disk.</param>
public readonly partial record struct ChangeCsvStateExRequest(ResourceHandle Resource, uint State, string VolumeName) : IClusApiRequest<ChangeCsvStateExRequest, ResultResponse>;

// Enumeration (MS-CMRP 3.1.4.2.8, 23, 54, 103, 124, 162): most answer one ENUM_LIST (EnumResponse).

/// <summary>ApiCreateEnum (opnum 7, MS-CMRP 3.1.4.2.8): <c>u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Type">dwType: CLUSTER_ENUM_* bits.</param>
public readonly partial record struct CreateEnumRequest(uint Type) : IClusApiRequest<CreateEnumRequest, EnumResponse>;

/// <summary>ApiCreateResEnum (opnum 22, MS-CMRP 3.1.4.2.23): <c>H hResource, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Type">dwType: CLUSTER_RESOURCE_ENUM_* bits.</param>
public readonly partial record struct CreateResEnumRequest(ResourceHandle Resource, uint Type) : IClusApiRequest<CreateResEnumRequest, EnumResponse>;

/// <summary>ApiCreateGroupResourceEnum (opnum 53, MS-CMRP 3.1.4.2.54): <c>H hGroup, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Type">dwType: CLUSTER_GROUP_ENUM_* bits.</param>
public readonly partial record struct CreateGroupResourceEnumRequest(GroupHandle Group, uint Type) : IClusApiRequest<CreateGroupResourceEnumRequest, EnumResponse>;

/// <summary>ApiCreateResTypeEnum (opnum 103, MS-CMRP 3.1.4.2.103): <c>Sin lpszTypeName, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="TypeName">The resource type's name.</param>
/// <param name="Type">dwType: CLUSTER_RESOURCE_TYPE_ENUM_* bits.</param>
public readonly partial record struct CreateResTypeEnumRequest(string TypeName, uint Type) : IClusApiRequest<CreateResTypeEnumRequest, EnumResponse>;

/// <summary>
/// ApiCreateEnumEx (opnum 125, MS-CMRP 3.1.4.2.124): <c>H hCluster, u32 dwType, u32 dwOptions → EL ReturnIdEnum, EL
/// ReturnNameEnum, rpc_status, result</c>.
/// </summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Type">dwType: CLUSTER_ENUM_* bits.</param>
/// <param name="Options">dwOptions: reserved, 0.</param>
public readonly partial record struct CreateEnumExRequest(ClusterHandle Cluster, uint Type, uint Options) : IClusApiRequest<CreateEnumExRequest, CreateEnumExResponse>;

/// <summary>
/// ApiCreateEnumEx's answer: <c>→ EL ReturnIdEnum, EL ReturnNameEnum, rpc_status, result</c> (MS-CMRP 3.1.4.2.124): two
/// lists of equal length, the IDs and the names of the same objects in the same order; both NULL when the call failed.
/// </summary>
/// <param name="Ids">The objects' IDs; null for a NULL list.</param>
/// <param name="Names">The objects' names; null for a NULL list.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct CreateEnumExResponse(IReadOnlyList<EnumEntry>? Ids, IReadOnlyList<EnumEntry>? Names, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<CreateEnumExResponse>;

/// <summary>ApiCreateGroupSetEnum (opnum 180, MS-CMRP 3.1.4.2.162): <c>H hCluster → EL of group-set names, rpc_status, result</c>.</summary>
/// <param name="Cluster">The cluster.</param>
public readonly partial record struct CreateGroupSetEnumRequest(ClusterHandle Cluster) : IClusApiRequest<CreateGroupSetEnumRequest, EnumResponse>;

// Network and network interface (MS-CMRP 3.1.4.2.81-83, 86, 92-94, 96, 120-121).

/// <summary>ApiOpenNetwork (opnum 81, MS-CMRP 3.1.4.2.81): <c>Sin lpszNetworkName → Status, rpc_status, HNETWORK_RPC</c>.</summary>
/// <param name="NetworkName">The network's name.</param>
public readonly partial record struct OpenNetworkRequest(string NetworkName) : IClusApiRequest<OpenNetworkRequest, OpenResponse<NetworkHandle>>;

/// <summary>ApiCloseNetwork (opnum 82, MS-CMRP 3.1.4.2.82): <c>[in, out] HNETWORK_RPC → NULL, result</c>.</summary>
/// <param name="Network">The handle to close.</param>
public readonly partial record struct CloseNetworkRequest(NetworkHandle Network) : IClusApiRequest<CloseNetworkRequest, CloseResponse<NetworkHandle>>;

/// <summary>ApiGetNetworkState (opnum 83, MS-CMRP 3.1.4.2.83): <c>H → u32 State (CLUSTER_NETWORK_STATE), rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
public readonly partial record struct GetNetworkStateRequest(NetworkHandle Network) : IClusApiRequest<GetNetworkStateRequest, StateResponse>;

/// <summary>ApiGetNetworkId (opnum 86, MS-CMRP 3.1.4.2.86): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
public readonly partial record struct GetNetworkIdRequest(NetworkHandle Network) : IClusApiRequest<GetNetworkIdRequest, StringResponse>;

/// <summary>ApiOpenNetInterface (opnum 92, MS-CMRP 3.1.4.2.92): <c>Sin lpszNetInterfaceName → Status, rpc_status, HNETINTERFACE_RPC</c>.</summary>
/// <param name="NetInterfaceName">The network interface's name.</param>
public readonly partial record struct OpenNetInterfaceRequest(string NetInterfaceName) : IClusApiRequest<OpenNetInterfaceRequest, OpenResponse<NetInterfaceHandle>>;

/// <summary>ApiCloseNetInterface (opnum 93, MS-CMRP 3.1.4.2.93): <c>[in, out] HNETINTERFACE_RPC → NULL, result</c>.</summary>
/// <param name="NetInterface">The handle to close.</param>
public readonly partial record struct CloseNetInterfaceRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<CloseNetInterfaceRequest, CloseResponse<NetInterfaceHandle>>;

/// <summary>ApiGetNetInterfaceState (opnum 94, MS-CMRP 3.1.4.2.94): <c>H → u32 State (CLUSTER_NETINTERFACE_STATE), rpc_status, result</c>.</summary>
/// <param name="NetInterface">The network interface.</param>
public readonly partial record struct GetNetInterfaceStateRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<GetNetInterfaceStateRequest, StateResponse>;

/// <summary>ApiGetNetInterfaceId (opnum 96, MS-CMRP 3.1.4.2.96): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="NetInterface">The network interface.</param>
public readonly partial record struct GetNetInterfaceIdRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<GetNetInterfaceIdRequest, StringResponse>;

/// <summary>ApiOpenNetworkEx (opnum 121, MS-CMRP 3.1.4.2.120): <c>Sin lpszNetworkName, u32 dwDesiredAccess → granted, Status, rpc_status, HNETWORK_RPC</c>.</summary>
/// <param name="NetworkName">The network's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenNetworkExRequest(string NetworkName, uint DesiredAccess) : IClusApiRequest<OpenNetworkExRequest, OpenExResponse<NetworkHandle>>;

/// <summary>ApiOpenNetInterfaceEx (opnum 122, MS-CMRP 3.1.4.2.121): <c>Sin lpszNetInterfaceName, u32 dwDesiredAccess → granted, Status, rpc_status, HNETINTERFACE_RPC</c>.</summary>
/// <param name="NetInterfaceName">The network interface's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct OpenNetInterfaceExRequest(string NetInterfaceName, uint DesiredAccess) : IClusApiRequest<OpenNetInterfaceExRequest, OpenExResponse<NetInterfaceHandle>>;

// Cluster registry (MS-CMRP 3.1.4.2.29-39); key handles are HKEY_RPC (KeyHandle).

/// <summary>ApiGetRootKey (opnum 28, MS-CMRP 3.1.4.2.29): <c>u32 samDesired → Status, rpc_status, HKEY_RPC</c>.</summary>
/// <param name="DesiredAccess">samDesired: the registry access mask the client asks for (KEY_READ, KEY_WRITE, MAXIMUM_ALLOWED, ...).</param>
public readonly partial record struct GetRootKeyRequest(uint DesiredAccess) : IClusApiRequest<GetRootKeyRequest, OpenResponse<KeyHandle>>;

/// <summary>ApiOpenKey (opnum 30, MS-CMRP 3.1.4.2.31): <c>H hKey, Sin lpSubKey, u32 samDesired → Status, rpc_status, HKEY_RPC</c>.</summary>
/// <param name="Key">The parent key.</param>
/// <param name="SubKey">lpSubKey: the path of the key under <paramref name="Key"/>, backslash-separated.</param>
/// <param name="DesiredAccess">samDesired: the registry access mask the client asks for.</param>
public readonly partial record struct OpenKeyRequest(KeyHandle Key, string SubKey, uint DesiredAccess) : IClusApiRequest<OpenKeyRequest, OpenResponse<KeyHandle>>;

/// <summary>ApiEnumKey (opnum 31, MS-CMRP 3.1.4.2.32): <c>H hKey, u32 dwIndex → Sout KeyName, FILETIME lpftLastWriteTime, rpc_status, result</c>.</summary>
/// <param name="Key">The key whose subkeys are enumerated.</param>
/// <param name="Index">dwIndex: the zero-based index of the subkey.</param>
public readonly partial record struct EnumKeyRequest(KeyHandle Key, uint Index) : IClusApiRequest<EnumKeyRequest, EnumKeyResponse>;

/// <summary>ApiEnumKey's answer: <c>Sout KeyName, FILETIME lpftLastWriteTime, rpc_status, result</c>.</summary>
/// <param name="KeyName">The subkey's name; null (a NULL pointer) on failure.</param>
/// <param name="LastWriteTime">The subkey's last write time (FILETIME 0 on failure).</param>
/// <param name="Result">The method result (ERROR_NO_MORE_ITEMS past the last subkey).</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct EnumKeyResponse(string? KeyName, DateTimeOffset LastWriteTime, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<EnumKeyResponse>;

/// <summary>
/// ApiQueryValue (opnum 34, MS-CMRP 3.1.4.2.35): <c>H hKey, Sin lpValueName, u32 cbData → u32 lpValueType,
/// UCHAR lpData[size_is(cbData)], u32 lpcbRequired, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key holding the value.</param>
/// <param name="ValueName">lpValueName.</param>
/// <param name="DataSize">cbData: the size of the client's buffer; the answer's array has exactly this many bytes.</param>
public readonly partial record struct QueryValueRequest(KeyHandle Key, string ValueName, uint DataSize) : IClusApiRequest<QueryValueRequest, QueryValueResponse>;

/// <summary>
/// ApiQueryValue's answer: <c>u32 lpValueType, UCHAR lpData[size_is(cbData)] (max_count cbData, then the bytes),
/// u32 lpcbRequired, rpc_status, result</c>. The array always has the request's cbData bytes (zeros unless the value
/// fitted); a buffer smaller than the data is ERROR_MORE_DATA with lpcbRequired the size needed.
/// </summary>
/// <param name="ValueType">lpValueType (REG_*; 0 when there is no value).</param>
/// <param name="Data">lpData: exactly cbData bytes.</param>
/// <param name="DataRequired">lpcbRequired: the value's size in bytes (0 when there is no value).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct QueryValueResponse(uint ValueType, ReadOnlyMemory<byte> Data, uint DataRequired, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<QueryValueResponse>;

/// <summary>
/// ApiEnumValue (opnum 36, MS-CMRP 3.1.4.2.37): <c>H hKey, u32 dwIndex, [in, out] u32 lpcbData → Sout lpValueName,
/// u32 lpType, UCHAR lpData[size_is(*lpcbData)], u32 lpcbData, u32 TotalSize, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key whose values are enumerated.</param>
/// <param name="Index">dwIndex: the zero-based index of the value.</param>
/// <param name="DataSize">lpcbData on the way in: the size of the client's buffer.</param>
public readonly partial record struct EnumValueRequest(KeyHandle Key, uint Index, uint DataSize) : IClusApiRequest<EnumValueRequest, EnumValueResponse>;

/// <summary>ApiCloseKey (opnum 37, MS-CMRP 3.1.4.2.38): <c>[in, out] HKEY_RPC → NULL, result</c>.</summary>
/// <param name="Key">The handle to close.</param>
public readonly partial record struct CloseKeyRequest(KeyHandle Key) : IClusApiRequest<CloseKeyRequest, CloseResponse<KeyHandle>>;

/// <summary>
/// ApiQueryInfoKey (opnum 38, MS-CMRP 3.1.4.2.39): <c>H hKey → u32 SubKeys, MaxSubKeyLen, Values, MaxValueNameLen,
/// MaxValueLen, cbSecurityDescriptor, FILETIME LastWriteTime, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key.</param>
public readonly partial record struct QueryInfoKeyRequest(KeyHandle Key) : IClusApiRequest<QueryInfoKeyRequest, QueryInfoKeyResponse>;

/// <summary>
/// ApiQueryInfoKey's answer: six u32 (lengths in characters without the NUL, MaxValueLen in bytes), a FILETIME,
/// rpc_status, result. Every field is 0 on failure.
/// </summary>
/// <param name="SubKeys">lpcSubKeys.</param>
/// <param name="MaxSubKeyLen">lpcbMaxSubKeyLen: the longest subkey name, in characters.</param>
/// <param name="Values">lpcValues.</param>
/// <param name="MaxValueNameLen">lpcbMaxValueNameLen: the longest value name, in characters.</param>
/// <param name="MaxValueLen">lpcbMaxValueLen: the largest value, in bytes.</param>
/// <param name="SecurityDescriptorSize">lpcbSecurityDescriptor: the size of the key's security descriptor.</param>
/// <param name="LastWriteTime">lpftLastWriteTime.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct QueryInfoKeyResponse(uint SubKeys, uint MaxSubKeyLen, uint Values, uint MaxValueNameLen, uint MaxValueLen, uint SecurityDescriptorSize, DateTimeOffset LastWriteTime, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<QueryInfoKeyResponse>;

// Notification port, version 2 (MS-CMRP 3.1.4.2.57, 107, 136-138).

/// <summary>ApiCloseNotify (opnum 56, MS-CMRP 3.1.4.2.57): <c>[in, out] HNOTIFY_RPC → NULL, result</c> (a version 1 or version 2 port).</summary>
/// <param name="Notify">The port to close.</param>
public readonly partial record struct CloseNotifyRequest(NotifyHandle Notify) : IClusApiRequest<CloseNotifyRequest, CloseResponse<NotifyHandle>>;

/// <summary>ApiUnblockGetNotifyCall (opnum 107, MS-CMRP 3.1.4.2.107): <c>H hNotify → result</c>; there is no rpc_status.</summary>
/// <param name="Notify">The port whose waiting ApiGetNotifyV2 (or ApiGetNotify) calls end.</param>
public readonly partial record struct UnblockGetNotifyCallRequest(NotifyHandle Notify) : IClusApiRequest<UnblockGetNotifyCallRequest, UnblockGetNotifyCallResponse>;

/// <summary>ApiUnblockGetNotifyCall's answer: <c>→ result</c> alone (the IDL has no rpc_status for it).</summary>
/// <param name="Result">The method result.</param>
public readonly partial record struct UnblockGetNotifyCallResponse(Win32Error Result) : IClusApiMessage<UnblockGetNotifyCallResponse>;

/// <summary>
/// ApiCreateNotifyV2 (opnum 137, MS-CMRP 3.1.4.2.136). The IDL is
/// <c>HNOTIFY_RPC ApiCreateNotifyV2([out] error_status_t *rpc_error, [out] error_status_t *rpc_status)</c>: there is
/// no [in] parameter (in particular no HCLUSTER_RPC), so the stub is empty; trailing bytes are ignored like every
/// other request's. The port belongs to the association.
/// </summary>
public readonly partial record struct CreateNotifyV2Request : IClusApiRequest<CreateNotifyV2Request, CreateNotifyV2Response>;

/// <summary>
/// ApiAddNotifyV2 (opnum 138, MS-CMRP 3.1.4.2.137): <c>H hNotify, H hObject, NOTIFY_FILTER_AND_TYPE_RPC filter,
/// u32 dwNotifyKey, u32 dwVersion, BOOL isTargetedAtObject → rpc_status, result</c>. hNotify@0, hObject@20, filter
/// 8-aligned (dwObjectType@40, pad, FilterFlags@48), dwNotifyKey@56, dwVersion@60, isTargetedAtObject@64: 68 bytes.
/// Validation of the values is the server's.
/// </summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Object">hObject: an HGENERIC_RPC, any open object handle (so untyped).</param>
/// <param name="Filter">filter.</param>
/// <param name="NotifyKey">dwNotifyKey: echoed in each NOTIFICATION_RPC of this registration.</param>
/// <param name="Version">dwVersion (MUST be 2).</param>
/// <param name="IsTargetedAtObject">isTargetedAtObject: only the object's own changes (a BOOL: any non-zero is true).</param>
public readonly partial record struct AddNotifyV2Request(NotifyHandle Notify, NdrContextHandle Object, NotifyFilterAndType Filter, uint NotifyKey, uint Version, bool IsTargetedAtObject) : IClusApiRequest<AddNotifyV2Request, ResultResponse>;

/// <summary>ApiGetNotifyV2 (opnum 139, MS-CMRP 3.1.4.2.138): <c>H hNotify → PNOTIFICATION_RPC*, DWORD dwNumNotifications, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
public readonly partial record struct GetNotifyV2Request(NotifyHandle Notify) : IClusApiRequest<GetNotifyV2Request, GetNotifyV2Response>;
