using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The opnum table of the server, one line a method: the contract's request and response types and the handler. The
/// opnum is the request type's (<see cref="IClusApiRequest{TSelf, TResponse}.Opnum"/>), so a line cannot put a handler
/// under the wrong opnum; the handlers are in the *Methods classes, one per kind of object.
/// </summary>
internal static class ClusApiMethods
{
    /// <summary>Every method this server implements.</summary>
    public static IEnumerable<ClusApiMethod> All =>
    [
        // Cluster
        ClusApiMethod.Of<OpenClusterRequest, OpenClusterResponse>(ClusterMethods.OpenCluster),
        ClusApiMethod.Of<OpenClusterExRequest, OpenClusterExResponse>(ClusterMethods.OpenClusterEx),
        ClusApiMethod.Of<CloseClusterRequest, CloseResponse<ClusterHandle>>(ClusterMethods.CloseCluster),
        ClusApiMethod.Of<SetClusterNameRequest, ResultResponse>(ClusterMethods.SetClusterName),
        ClusApiMethod.Of<GetClusterNameRequest, GetClusterNameResponse>(ClusterMethods.GetClusterName),
        ClusApiMethod.Of<GetClusterVersionRequest, GetClusterVersionResponse>(ClusterMethods.GetClusterVersion),
        ClusApiMethod.Of<GetClusterVersion2Request, GetClusterVersion2Response>(ClusterMethods.GetClusterVersion2),
        ClusApiMethod.Of<GetQuorumResourceRequest, GetQuorumResourceResponse>(ClusterMethods.GetQuorumResource),
        ClusApiMethod.Of<BackupClusterDatabaseRequest, ResultResponse>(ClusterMethods.BackupClusterDatabase),
        ClusApiMethod.Of<SetServiceAccountPasswordRequest, SetServiceAccountPasswordResponse>(ClusterMethods.SetServiceAccountPassword),
        // Node
        ClusApiMethod.Of<OpenNodeRequest, OpenResponse<NodeHandle>>(NodeMethods.OpenNode),
        ClusApiMethod.Of<OpenNodeExRequest, OpenExResponse<NodeHandle>>(NodeMethods.OpenNodeEx),
        ClusApiMethod.Of<CloseNodeRequest, CloseResponse<NodeHandle>>(NodeMethods.CloseNode),
        ClusApiMethod.Of<GetNodeStateRequest, StateResponse>(NodeMethods.GetNodeState),
        ClusApiMethod.Of<GetNodeIdRequest, StringResponse>(NodeMethods.GetNodeId),
        ClusApiMethod.Of<PauseNodeRequest, ResultResponse>(NodeMethods.PauseNode),
        ClusApiMethod.Of<ResumeNodeRequest, ResultResponse>(NodeMethods.ResumeNode),
        ClusApiMethod.Of<EvictNodeRequest, ResultResponse>(NodeMethods.EvictNode),
        // Group and group set
        ClusApiMethod.Of<OpenGroupRequest, OpenResponse<GroupHandle>>(GroupMethods.OpenGroup),
        ClusApiMethod.Of<OpenGroupExRequest, OpenExResponse<GroupHandle>>(GroupMethods.OpenGroupEx),
        ClusApiMethod.Of<CloseGroupRequest, CloseResponse<GroupHandle>>(GroupMethods.CloseGroup),
        ClusApiMethod.Of<CreateGroupRequest, OpenResponse<GroupHandle>>(GroupMethods.CreateGroup),
        ClusApiMethod.Of<DeleteGroupRequest, ResultResponse>(GroupMethods.DeleteGroup),
        ClusApiMethod.Of<GetGroupStateRequest, GetGroupStateResponse>(GroupMethods.GetGroupState),
        ClusApiMethod.Of<SetGroupNameRequest, ResultResponse>(GroupMethods.SetGroupName),
        ClusApiMethod.Of<GetGroupIdRequest, StringResponse>(GroupMethods.GetGroupId),
        ClusApiMethod.Of<OnlineGroupRequest, ResultResponse>(GroupMethods.OnlineGroup),
        ClusApiMethod.Of<OfflineGroupRequest, ResultResponse>(GroupMethods.OfflineGroup),
        ClusApiMethod.Of<MoveGroupRequest, ResultResponse>(GroupMethods.MoveGroup),
        ClusApiMethod.Of<MoveGroupToNodeRequest, ResultResponse>(GroupMethods.MoveGroupToNode),
        ClusApiMethod.Of<SetGroupNodeListRequest, ResultResponse>(GroupMethods.SetGroupNodeList),
        ClusApiMethod.Of<OpenGroupSetRequest, OpenResponse<GroupSetHandle>>(GroupMethods.OpenGroupSet),
        ClusApiMethod.Of<CloseGroupSetRequest, CloseResponse<GroupSetHandle>>(GroupMethods.CloseGroupSet),
        // Resource
        ClusApiMethod.Of<OpenResourceRequest, OpenResponse<ResourceHandle>>(ResourceMethods.OpenResource),
        ClusApiMethod.Of<OpenResourceExRequest, OpenExResponse<ResourceHandle>>(ResourceMethods.OpenResourceEx),
        ClusApiMethod.Of<CloseResourceRequest, CloseResponse<ResourceHandle>>(ResourceMethods.CloseResource),
        ClusApiMethod.Of<CreateResourceRequest, OpenResponse<ResourceHandle>>(ResourceMethods.CreateResource),
        ClusApiMethod.Of<DeleteResourceRequest, ResultResponse>(ResourceMethods.DeleteResource),
        ClusApiMethod.Of<GetResourceStateRequest, GetResourceStateResponse>(ResourceMethods.GetResourceState),
        ClusApiMethod.Of<SetResourceNameRequest, ResultResponse>(ResourceMethods.SetResourceName),
        ClusApiMethod.Of<GetResourceIdRequest, StringResponse>(ResourceMethods.GetResourceId),
        ClusApiMethod.Of<GetResourceTypeRequest, StringResponse>(ResourceMethods.GetResourceType),
        ClusApiMethod.Of<FailResourceRequest, ResultResponse>(ResourceMethods.FailResource),
        ClusApiMethod.Of<OnlineResourceRequest, ResultResponse>(ResourceMethods.OnlineResource),
        ClusApiMethod.Of<OfflineResourceRequest, ResultResponse>(ResourceMethods.OfflineResource),
        ClusApiMethod.Of<AddResourceDependencyRequest, ResultResponse>(ResourceMethods.AddResourceDependency),
        ClusApiMethod.Of<RemoveResourceDependencyRequest, ResultResponse>(ResourceMethods.RemoveResourceDependency),
        ClusApiMethod.Of<GetResourceDependencyExpressionRequest, StringResponse>(ResourceMethods.GetResourceDependencyExpression),
        ClusApiMethod.Of<GetResourceNetworkNameRequest, StringResponse>(ResourceMethods.GetResourceNetworkName),
        ClusApiMethod.Of<ChangeCsvStateRequest, ResultResponse>(ResourceMethods.ChangeCsvState),
        ClusApiMethod.Of<ChangeCsvStateExRequest, ResultResponse>(ResourceMethods.ChangeCsvStateEx),
        // Enumeration
        ClusApiMethod.Of<CreateEnumRequest, EnumResponse>(EnumMethods.CreateEnum),
        ClusApiMethod.Of<CreateEnumExRequest, CreateEnumExResponse>(EnumMethods.CreateEnumEx),
        ClusApiMethod.Of<CreateResEnumRequest, EnumResponse>(EnumMethods.CreateResEnum),
        ClusApiMethod.Of<CreateGroupResourceEnumRequest, EnumResponse>(EnumMethods.CreateGroupResourceEnum),
        ClusApiMethod.Of<CreateResTypeEnumRequest, EnumResponse>(EnumMethods.CreateResTypeEnum),
        ClusApiMethod.Of<CreateGroupSetEnumRequest, EnumResponse>(EnumMethods.CreateGroupSetEnum),
        ClusApiMethod.Of<CreateGroupEnumRequest, CreateGroupEnumResponse>(EnumMethods.CreateGroupEnum),
        // Network and network interface
        ClusApiMethod.Of<OpenNetworkRequest, OpenResponse<NetworkHandle>>(NetworkMethods.OpenNetwork),
        ClusApiMethod.Of<OpenNetworkExRequest, OpenExResponse<NetworkHandle>>(NetworkMethods.OpenNetworkEx),
        ClusApiMethod.Of<CloseNetworkRequest, CloseResponse<NetworkHandle>>(NetworkMethods.CloseNetwork),
        ClusApiMethod.Of<GetNetworkStateRequest, StateResponse>(NetworkMethods.GetNetworkState),
        ClusApiMethod.Of<GetNetworkIdRequest, StringResponse>(NetworkMethods.GetNetworkId),
        ClusApiMethod.Of<OpenNetInterfaceRequest, OpenResponse<NetInterfaceHandle>>(NetworkMethods.OpenNetInterface),
        ClusApiMethod.Of<OpenNetInterfaceExRequest, OpenExResponse<NetInterfaceHandle>>(NetworkMethods.OpenNetInterfaceEx),
        ClusApiMethod.Of<CloseNetInterfaceRequest, CloseResponse<NetInterfaceHandle>>(NetworkMethods.CloseNetInterface),
        ClusApiMethod.Of<GetNetInterfaceStateRequest, StateResponse>(NetworkMethods.GetNetInterfaceState),
        ClusApiMethod.Of<GetNetInterfaceIdRequest, StringResponse>(NetworkMethods.GetNetInterfaceId),
        // Cluster registry
        ClusApiMethod.Of<GetRootKeyRequest, OpenResponse<KeyHandle>>(RegistryMethods.GetRootKey),
        ClusApiMethod.Of<OpenKeyRequest, OpenResponse<KeyHandle>>(RegistryMethods.OpenKey),
        ClusApiMethod.Of<EnumKeyRequest, EnumKeyResponse>(RegistryMethods.EnumKey),
        ClusApiMethod.Of<QueryValueRequest, QueryValueResponse>(RegistryMethods.QueryValue),
        ClusApiMethod.Of<EnumValueRequest, EnumValueResponse>(RegistryMethods.EnumValue),
        ClusApiMethod.Of<CloseKeyRequest, CloseResponse<KeyHandle>>(RegistryMethods.CloseKey),
        ClusApiMethod.Of<QueryInfoKeyRequest, QueryInfoKeyResponse>(RegistryMethods.QueryInfoKey),
        ClusApiMethod.Of<GetKeySecurityRequest, GetKeySecurityResponse>(RegistryMethods.GetKeySecurity),
        // Controls: a read-only code of an object control may be answered on the socket thread (ControlDispatcher.OnlyReads);
        // the type controls look a type up by name first and always go to the pool.
        ClusApiMethod.Of<ResourceControlRequest, ControlResponse>(ControlMethods.ResourceControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeResourceControlRequest, ControlResponse>(ControlMethods.NodeResourceControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<ResourceTypeControlRequest, ControlResponse>(ControlMethods.ResourceTypeControl),
        ClusApiMethod.Of<NodeResourceTypeControlRequest, ControlResponse>(ControlMethods.NodeResourceTypeControl),
        ClusApiMethod.Of<GroupControlRequest, ControlResponse>(ControlMethods.GroupControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeGroupControlRequest, ControlResponse>(ControlMethods.NodeGroupControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeControlRequest, ControlResponse>(ControlMethods.NodeControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeNodeControlRequest, ControlResponse>(ControlMethods.NodeNodeControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NetworkControlRequest, ControlResponse>(ControlMethods.NetworkControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeNetworkControlRequest, ControlResponse>(ControlMethods.NodeNetworkControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NetInterfaceControlRequest, ControlResponse>(ControlMethods.NetInterfaceControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeNetInterfaceControlRequest, ControlResponse>(ControlMethods.NodeNetInterfaceControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<ClusterControlRequest, ControlResponse>(ControlMethods.ClusterControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        ClusApiMethod.Of<NodeClusterControlRequest, ControlResponse>(ControlMethods.NodeClusterControl, static r => ControlDispatcher.OnlyReads(r.ControlCode)),
        // Notification port, version 2
        ClusApiMethod.Of<CreateNotifyV2Request, CreateNotifyV2Response>(NotifyMethods.CreateNotifyV2),
        ClusApiMethod.Of<AddNotifyV2Request, ResultResponse>(NotifyMethods.AddNotifyV2),
        ClusApiMethod.Waiting<GetNotifyV2Request, GetNotifyV2Response>(NotifyMethods.GetNotifyV2),
        ClusApiMethod.Of<UnblockGetNotifyCallRequest, UnblockGetNotifyCallResponse>(NotifyMethods.UnblockGetNotifyCall),
        ClusApiMethod.Of<CloseNotifyRequest, CloseResponse<NotifyHandle>>(NotifyMethods.CloseNotify),
        // Registry writes and batches (issue 11, Registry area)
        ClusApiMethod.Of<CreateKeyRequest, CreateKeyResponse>(RegistryWriteMethods.CreateKey),
        ClusApiMethod.Of<SetValueRequest, ResultResponse>(RegistryWriteMethods.SetValue),
        ClusApiMethod.Of<DeleteValueRequest, ResultResponse>(RegistryWriteMethods.DeleteValue),
        ClusApiMethod.Of<DeleteKeyRequest, ResultResponse>(RegistryWriteMethods.DeleteKey),
        ClusApiMethod.Of<SetKeySecurityRequest, ResultResponse>(RegistryWriteMethods.SetKeySecurity),
        ClusApiMethod.Of<ExecuteBatchRequest, ExecuteBatchResponse>(RegistryWriteMethods.ExecuteBatch),
        ClusApiMethod.Of<ExecuteReadBatchRequest, BufferResponse>(RegistryWriteMethods.ExecuteReadBatch),
        ClusApiMethod.Of<ExecuteReadBatchExRequest, BufferResponse>(RegistryWriteMethods.ExecuteReadBatchEx),
    ];
}
