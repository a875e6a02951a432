using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Ndr;
using static Clusterd.Fuzz.Targets.ClusApiTarget;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// One valid request stub per implemented opnum, and one control call per catalogued control code, each a request of the
/// contract (Clusterd.ClusApi.Contract) encoded with placeholder handles.
/// </summary>
internal static class ClusApiSeeds
{
    private const uint MaximumAllowed = 0x02000000;

    public static IEnumerable<(string Name, ushort Opnum, Action<NdrWriter> Write)> Calls(string netInterface)
    {
        yield return Seed("open-cluster", new OpenClusterRequest());
        yield return Seed("close-cluster", new CloseClusterRequest(P<ClusterHandle>(Slot.Cluster)));
        yield return Seed("set-cluster-name", new SetClusterNameRequest("CLUSTER2"));
        yield return Seed("get-cluster-name", new GetClusterNameRequest());
        yield return Seed("get-cluster-version", new GetClusterVersionRequest());
        yield return Seed("get-quorum-resource", new GetQuorumResourceRequest());
        yield return Seed("create-enum", new CreateEnumRequest(0x3F));
        yield return Seed("open-resource", new OpenResourceRequest("Cluster Disk 1"));
        yield return Seed("create-resource", new CreateResourceRequest(P<GroupHandle>(Slot.Group), "Fuzz Service", "Generic Service", 0));
        yield return Seed("delete-resource", new DeleteResourceRequest(P<ResourceHandle>(Slot.IpResource)));
        yield return Seed("close-resource", new CloseResourceRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("get-resource-state", new GetResourceStateRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("set-resource-name", new SetResourceNameRequest(P<ResourceHandle>(Slot.Resource), "Renamed Disk"));
        yield return Seed("get-resource-id", new GetResourceIdRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("get-resource-type", new GetResourceTypeRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("fail-resource", new FailResourceRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("online-resource", new OnlineResourceRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("offline-resource", new OfflineResourceRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("add-resource-dependency", new AddResourceDependencyRequest(P<ResourceHandle>(Slot.Resource), P<ResourceHandle>(Slot.IpResource)));
        yield return Seed("remove-resource-dependency", new RemoveResourceDependencyRequest(P<ResourceHandle>(Slot.Resource), P<ResourceHandle>(Slot.IpResource)));
        yield return Seed("create-res-enum", new CreateResEnumRequest(P<ResourceHandle>(Slot.Resource), 7));
        yield return Seed("get-root-key", new GetRootKeyRequest(MaximumAllowed));
        yield return Seed("open-key", new OpenKeyRequest(P<KeyHandle>(Slot.Key), "Resources", MaximumAllowed));
        yield return Seed("enum-key", new EnumKeyRequest(P<KeyHandle>(Slot.Key), 0));
        yield return Seed("query-value", new QueryValueRequest(P<KeyHandle>(Slot.Key), "ClusterName", 512));
        yield return Seed("enum-value", new EnumValueRequest(P<KeyHandle>(Slot.Key), 0, 512));
        yield return Seed("close-key", new CloseKeyRequest(P<KeyHandle>(Slot.Key)));
        yield return Seed("query-info-key", new QueryInfoKeyRequest(P<KeyHandle>(Slot.Key)));
        yield return Seed("get-key-security", new GetKeySecurityRequest(P<KeyHandle>(Slot.Key), 4, new RpcSecurityDescriptor(new byte[20], 256, 256)));
        // Registry writes and batches (Registry area, issue 11)
        yield return Seed("create-key", new CreateKeyRequest(P<KeyHandle>(Slot.Key), @"App\Config", 0, MaximumAllowed, null));
        yield return Seed("set-value", new SetValueRequest(P<KeyHandle>(Slot.Key), "Level", 4, new byte[] { 3, 0, 0, 0 }));
        yield return Seed("delete-value", new DeleteValueRequest(P<KeyHandle>(Slot.Key), "Level"));
        yield return Seed("delete-key", new DeleteKeyRequest(P<KeyHandle>(Slot.Key), "App"));
        yield return Seed("set-key-security", new SetKeySecurityRequest(P<KeyHandle>(Slot.Key), 4, new RpcSecurityDescriptor(new byte[20], 20, 20)));
        var batch = RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default), new RegBatchCommand(RegBatchUpdate.SetValue, 1, "v", new byte[] { 0x61, 0, 0, 0 })]);
        yield return Seed("execute-batch", new ExecuteBatchRequest(P<KeyHandle>(Slot.Key), batch));
        var read = RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.ReadKey, 0, "Nodes", default), new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "NodeName", default)]);
        yield return Seed("execute-read-batch", new ExecuteReadBatchRequest(P<KeyHandle>(Slot.Key), read));
        yield return Seed("execute-read-batch-ex", new ExecuteReadBatchExRequest(P<KeyHandle>(Slot.Key), read, 2));
        yield return Seed("open-group", new OpenGroupRequest("Cluster Disk 1"));
        yield return Seed("create-group", new CreateGroupRequest("Fuzz Group"));
        yield return Seed("delete-group", new DeleteGroupRequest(P<GroupHandle>(Slot.Group), Force: true));
        yield return Seed("close-group", new CloseGroupRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("get-group-state", new GetGroupStateRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("set-group-name", new SetGroupNameRequest(P<GroupHandle>(Slot.Group), "Renamed Group"));
        yield return Seed("get-group-id", new GetGroupIdRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("get-node-id", new GetNodeIdRequest(P<NodeHandle>(Slot.Node)));
        yield return Seed("online-group", new OnlineGroupRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("offline-group", new OfflineGroupRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("move-group", new MoveGroupRequest(P<GroupHandle>(Slot.Group)));
        yield return Seed("move-group-to-node", new MoveGroupToNodeRequest(P<GroupHandle>(Slot.Group), P<NodeHandle>(Slot.Node2)));
        yield return Seed("create-group-resource-enum", new CreateGroupResourceEnumRequest(P<GroupHandle>(Slot.Group), 1));
        yield return Seed("set-group-node-list", new SetGroupNodeListRequest(P<GroupHandle>(Slot.Group),
            new ValueListWriter().AddMultiString(["node2", "node1"]).ToArray().AsMemory()[8..^4]));
        yield return Seed("close-notify", new CloseNotifyRequest(P<NotifyHandle>(Slot.Notify)));
        yield return Seed("open-node", new OpenNodeRequest("node1"));
        yield return Seed("close-node", new CloseNodeRequest(P<NodeHandle>(Slot.Node)));
        yield return Seed("get-node-state", new GetNodeStateRequest(P<NodeHandle>(Slot.Node)));
        yield return Seed("pause-node", new PauseNodeRequest(P<NodeHandle>(Slot.Node2)));
        yield return Seed("resume-node", new ResumeNodeRequest(P<NodeHandle>(Slot.Node2)));
        yield return Seed("evict-node", new EvictNodeRequest(P<NodeHandle>(Slot.Node2)));
        yield return Seed("open-network", new OpenNetworkRequest("Cluster Network 1"));
        yield return Seed("close-network", new CloseNetworkRequest(P<NetworkHandle>(Slot.Network)));
        yield return Seed("get-network-state", new GetNetworkStateRequest(P<NetworkHandle>(Slot.Network)));
        yield return Seed("get-network-id", new GetNetworkIdRequest(P<NetworkHandle>(Slot.Network)));
        yield return Seed("open-net-interface", new OpenNetInterfaceRequest(netInterface));
        yield return Seed("close-net-interface", new CloseNetInterfaceRequest(P<NetInterfaceHandle>(Slot.NetInterface)));
        yield return Seed("get-net-interface-state", new GetNetInterfaceStateRequest(P<NetInterfaceHandle>(Slot.NetInterface)));
        yield return Seed("get-net-interface-id", new GetNetInterfaceIdRequest(P<NetInterfaceHandle>(Slot.NetInterface)));
        yield return Seed("get-cluster-version2", new GetClusterVersion2Request());
        yield return Seed("create-res-type-enum", new CreateResTypeEnumRequest("Physical Disk", 3));
        yield return Seed("backup-cluster-database", new BackupClusterDatabaseRequest("C:\\backup"));
        yield return Seed("unblock-get-notify-call", new UnblockGetNotifyCallRequest(P<NotifyHandle>(Slot.Notify)));
        yield return Seed("set-service-account-password", new SetServiceAccountPasswordRequest("secret", 0, 64));
        yield return Seed("get-resource-dependency-expression", new GetResourceDependencyExpressionRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("get-resource-network-name", new GetResourceNetworkNameRequest(P<ResourceHandle>(Slot.Resource)));
        yield return Seed("open-cluster-ex", new OpenClusterExRequest(MaximumAllowed));
        yield return Seed("open-node-ex", new OpenNodeExRequest("node1", MaximumAllowed));
        yield return Seed("open-group-ex", new OpenGroupExRequest("Cluster Disk 1", 0x80000000));
        yield return Seed("open-resource-ex", new OpenResourceExRequest("Cluster Disk 1", MaximumAllowed));
        yield return Seed("open-network-ex", new OpenNetworkExRequest("Cluster Network 1", MaximumAllowed));
        yield return Seed("open-net-interface-ex", new OpenNetInterfaceExRequest(netInterface, MaximumAllowed));
        yield return Seed("change-csv-state", new ChangeCsvStateRequest(P<ResourceHandle>(Slot.Resource), 1));
        yield return Seed("create-enum-ex", new CreateEnumExRequest(P<ClusterHandle>(Slot.Cluster), 0x3F, 0));
        yield return Seed("create-notify-v2", new CreateNotifyV2Request());
        yield return Seed("add-notify-v2",
            new AddNotifyV2Request(P<NotifyHandle>(Slot.Notify), Placeholder(Slot.Resource), new NotifyFilterAndType(4, 0xFFFF), 7, 2, true));
        yield return Seed("get-notify-v2", new GetNotifyV2Request(P<NotifyHandle>(Slot.Notify)));
        yield return Seed("create-group-enum", new CreateGroupEnumRequest(P<ClusterHandle>(Slot.Cluster),
            new ValueListWriter().AddMultiString(["Description", "PersistentState"]).ToArray().AsMemory()[8..^4], ReadOnlyMemory<byte>.Empty));
        yield return Seed("open-group-set", new OpenGroupSetRequest("Cluster Group"));
        yield return Seed("close-group-set", new CloseGroupSetRequest(P<GroupSetHandle>(Slot.GroupSet)));
        yield return Seed("create-group-set-enum", new CreateGroupSetEnumRequest(P<ClusterHandle>(Slot.Cluster)));
        yield return Seed("change-csv-state-ex", new ChangeCsvStateExRequest(P<ResourceHandle>(Slot.Resource), 1, "Volume1"));
        // Issue 11, NodeNetwork area.
        yield return Seed("set-quorum-resource", new SetQuorumResourceRequest(P<ResourceHandle>(Slot.Resource), @"Q:\Cluster\", 0x400000));
        yield return Seed("create-resource-type", new CreateResourceTypeRequest("Fuzz Type", "Fuzz Type", "fuzz.dll", 5000, 60000));
        yield return Seed("delete-resource-type", new DeleteResourceTypeRequest("Storage Pool"));
        yield return Seed("set-network-name", new SetNetworkNameRequest(P<NetworkHandle>(Slot.Network), "Fuzz Network"));
        yield return Seed("create-network-enum", new CreateNetworkEnumRequest(P<NetworkHandle>(Slot.Network), 1));
        yield return Seed("set-network-priority-order", new SetNetworkPriorityOrderRequest(["5e1f3d2a-0b7c-4e8d-9f60-112233445566", null]));
        yield return Seed("get-net-interface", new GetNetInterfaceRequest("node1", "Cluster Network 1"));
        yield return Seed("create-node-enum", new CreateNodeEnumRequest(P<NodeHandle>(Slot.Node), 3));
        yield return Seed("create-node-enum-ex", new CreateNodeEnumExRequest(P<NodeHandle>(Slot.Node), 3, 0));
        yield return Seed("pause-node-ex", new PauseNodeExRequest(P<NodeHandle>(Slot.Node), true, 1));
        yield return Seed("pause-node-with-drain-target", new PauseNodeWithDrainTargetRequest(P<NodeHandle>(Slot.Node), 0, P<NodeHandle>(Slot.Node2)));
        yield return Seed("resume-node-ex", new ResumeNodeExRequest(P<NodeHandle>(Slot.Node), 1, 0));
        yield return Seed("create-net-interface-enum", new CreateNetInterfaceEnumRequest(P<ClusterHandle>(Slot.Cluster), "node1", ""));

        foreach (var known in ControlCodes.All)
        {
            foreach (var call in ControlCall(known))
            {
                yield return call;
            }
        }
    }

    /// <summary>Inputs of several calls on one cluster, for state that one call leaves to the next.</summary>
    public static IEnumerable<(string Name, (ushort Opnum, Action<NdrWriter> Write)[] Calls)> Sequences()
    {
        byte[] every = new PropertyListWriter()
            .AddDword("FuzzDword", 7).AddLong("FuzzLong", -7).AddULargeInteger("FuzzQword", ulong.MaxValue)
            .AddString("FuzzSz", "text").AddExpandString("FuzzExpandSz", "%Path%").AddMultiString("FuzzMultiSz", ["a", "b"])
            .AddBinary("FuzzBinary", [1, 2, 3]).ToArray();
        var resource = P<ResourceHandle>(Slot.Resource);
        var group = P<GroupHandle>(Slot.Group);
        yield return ("private-properties-set-get-enum",
        [
            Step(new ResourceControlRequest(resource, ControlCodes.ResourceSetPrivateProperties, every, OutSize)),
            Step(new ResourceControlRequest(resource, ControlCodes.ResourceGetPrivateProperties, null, OutSize)),
            Step(new ResourceControlRequest(resource, ControlCodes.ResourceEnumPrivateProperties, null, OutSize)),
        ]);
        byte[] common = new PropertyListWriter().AddString("Description", "fuzzed").AddDword("PersistentState", 0).ToArray();
        yield return ("common-properties-set-get",
        [
            Step(new GroupControlRequest(group, 0x0340005E, common, OutSize)),
            Step(new GroupControlRequest(group, ControlCodes.GroupGetCommonProperties, null, OutSize)),
            Step(new ResourceControlRequest(resource, ControlCodes.ResourceSetCommonProperties, common, OutSize)),
            Step(new ResourceControlRequest(resource, ControlCodes.ResourceGetCommonProperties, null, OutSize)),
        ]);
        yield return ("create-group-resource-online-delete",
        [
            Step(new CreateGroupRequest("Fuzz Group")),
            Step(new CreateResourceRequest(P<GroupHandle>(Slot.Last), "Fuzz Service", "Generic Service", 0)),
            Step(new AddResourceDependencyRequest(P<ResourceHandle>(Slot.Last), P<ResourceHandle>(Slot.IpResource))),
            Step(new OnlineResourceRequest(P<ResourceHandle>(Slot.Last))),
            Step(new OfflineResourceRequest(P<ResourceHandle>(Slot.Last))),
            Step(new DeleteResourceRequest(P<ResourceHandle>(Slot.Last))),
        ]);
        var notify = P<NotifyHandle>(Slot.Notify);
        yield return ("notify-rename-get",
        [
            Step(new AddNotifyV2Request(notify, Placeholder(Slot.Resource), new NotifyFilterAndType(3, 0x80), 7, 2, true)),
            Step(new SetResourceNameRequest(resource, "Renamed Disk")),
            Step(new GetNotifyV2Request(notify)),
            Step(new UnblockGetNotifyCallRequest(notify)),
            Step(new CloseNotifyRequest(notify)),
        ]);
        byte[] backup = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray();
        yield return ("backup-mode-states-csv-state",
        [
            Step(new ResourceControlRequest(resource, ControlCodes.SetSharedVolumeBackupMode, backup, OutSize)),
            Step(new ResourceControlRequest(resource, ControlCodes.GetSharedVolumeStates, null, OutSize)),
            Step(new ChangeCsvStateExRequest(resource, 0, "Volume1")),
            Step(new ResourceControlRequest(resource, ControlCodes.GetSharedVolumeInfo, null, OutSize)),
        ]);
        yield return ("open-key-query-close",
        [
            Step(new OpenKeyRequest(P<KeyHandle>(Slot.Key), "Resources", MaximumAllowed)),
            Step(new EnumKeyRequest(P<KeyHandle>(Slot.Last), 0)),
            Step(new QueryInfoKeyRequest(P<KeyHandle>(Slot.Last))),
            Step(new CloseKeyRequest(P<KeyHandle>(Slot.Last))),
        ]);
    }

    private static IEnumerable<(string Name, ushort Opnum, Action<NdrWriter> Write)> ControlCall(KnownControlCode known)
    {
        string name = known.Name.Replace("CLUSCTL_", "", StringComparison.Ordinal).ToLowerInvariant().Replace('_', '-');
        byte[]? input = InputFor(known);
        uint code = known.Code.Value;
        switch (known.Code.ObjectType)
        {
            case ControlObject.Resource:
                yield return Seed(name, new ResourceControlRequest(P<ResourceHandle>(Slot.Resource), code, input, OutSize));
                break;
            case ControlObject.ResourceType:
                yield return Seed(name, new ResourceTypeControlRequest(P<ClusterHandle>(Slot.Cluster), "Physical Disk", code, input, OutSize));
                break;
            case ControlObject.Group:
                yield return Seed(name, new GroupControlRequest(P<GroupHandle>(Slot.Group), code, input, OutSize));
                break;
            case ControlObject.Node:
                yield return Seed(name, new NodeControlRequest(P<NodeHandle>(Slot.Node), code, input, OutSize));
                break;
            case ControlObject.Network:
                yield return Seed(name, new NetworkControlRequest(P<NetworkHandle>(Slot.Network), code, input, OutSize));
                break;
            case ControlObject.NetInterface:
                yield return Seed(name, new NetInterfaceControlRequest(P<NetInterfaceHandle>(Slot.NetInterface), code, input, OutSize));
                break;
            case ControlObject.Cluster:
                yield return Seed(name, new ClusterControlRequest(P<ClusterHandle>(Slot.Cluster), code, input, OutSize));
                break;
            default:
                yield break;
        }

        // A few node variants, the way a client addresses a node other than the one it is connected to.
        if (known.Code == ControlCodes.SetSharedVolumeBackupMode || known.Code == ControlCodes.GetSharedVolumeInfo)
        {
            yield return Seed("node-" + name, new NodeResourceControlRequest(P<ResourceHandle>(Slot.Resource), P<NodeHandle>(Slot.Node2), code, input, OutSize));
        }
    }

    // The input buffer a client sends with the code (MS-CMRP 2.2.3 structures, property lists); null when none.
    private static byte[]? InputFor(KnownControlCode known)
    {
        if (known.Code == ControlCodes.SetSharedVolumeBackupMode)
        {
            return new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 600, "Cluster Disk 1").ToArray();
        }

        if (known.Code == ControlCodes.SetCsvMaintenanceMode)
        {
            return new CsvMaintenanceModeInfo(true, "Cluster Disk 1").ToArray();
        }

        if (known.Code == ControlCodes.SetMaintenanceMode)
        {
            return new MaintenanceModeInfoEx(true, MaintenanceModeType.DisableIsAliveCheck, ClusterResourceState.Online).ToArray();
        }

        string n = known.Name;
        if (n.Contains("RENAME_SHARED_VOLUME", StringComparison.Ordinal))
        {
            return Utf16Field.ToNulTerminatedBytes(n.EndsWith("GUID", StringComparison.Ordinal)
                ? "\\\\?\\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\\" : "Volume9");
        }

        if (n.Contains("IS_CSV_FILE", StringComparison.Ordinal) || n.Contains("GET_SHARED_VOLUME_ID", StringComparison.Ordinal)
            || n.Contains("IS_SHARED_VOLUME", StringComparison.Ordinal))
        {
            return Utf16Field.ToNulTerminatedBytes("C:\\ClusterStorage\\Volume1\\file.vhdx");
        }

        if (n.Contains("SET_", StringComparison.Ordinal) || n.Contains("VALIDATE_", StringComparison.Ordinal))
        {
            return new PropertyListWriter().AddString("Description", "fuzz").AddDword("PersistentState", 1).ToArray();
        }

        if (n.Contains("GET_SHARED_VOLUME_STATES", StringComparison.Ordinal) || n.Contains("GET_SHARED_VOLUME_PARTITION_NAMES", StringComparison.Ordinal))
        {
            return new ValueListWriter().AddString("Cluster Disk 1").ToArray();
        }

        return null;
    }

    /// <summary>nOutBufferSize of the control seeds.</summary>
    private const uint OutSize = 4096;

    /// <summary>A seed: the request's opnum and its encoding (the contract's, with placeholder handles the target fills in).</summary>
    private static (string Name, ushort Opnum, Action<NdrWriter> Write) Seed<TResponse>(string name, IClusApiCall<TResponse> request)
        where TResponse : IClusApiMessage<TResponse> => (name, (ushort)request.CallOpnum, request.Write);

    /// <summary>One call of a sequence.</summary>
    private static (ushort Opnum, Action<NdrWriter> Write) Step<TResponse>(IClusApiCall<TResponse> request)
        where TResponse : IClusApiMessage<TResponse> => ((ushort)request.CallOpnum, request.Write);

    /// <summary>The placeholder handle of <paramref name="slot"/> as a typed handle.</summary>
    private static T P<T>(Slot slot) where T : struct, IClusApiHandle<T> => T.FromValue(Placeholder(slot));
}
