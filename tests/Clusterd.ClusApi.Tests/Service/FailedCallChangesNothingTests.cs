using System.Buffers.Binary;
using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// A store that refuses the n-th commit of a call (counting only commits that write something), to test a method's
/// answer against its commits: a method that runs one engine command per call has at most one commit to refuse.
/// </summary>
internal sealed class RefusingStore(IClusterStore inner) : IClusterStore
{
    private int _refuse;

    /// <summary>Commits that wrote something (or were refused) since <see cref="Arm"/>.</summary>
    public int Attempts { get; private set; }

    /// <summary>Refuses the <paramref name="n"/>-th commit from now (0: none), and restarts the count.</summary>
    public void Arm(int n)
    {
        _refuse = n;
        Attempts = 0;
    }

    public long Revision => inner.Revision;

    public IReadOnlyList<StoreRecord> Load() => inner.Load();

    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        if (batch.Count > 0 && ++Attempts == _refuse)
        {
            throw new StoreException("refused by the test (commit " + Attempts + ")");
        }
        inner.Commit(batch);
    }

    public void ClearVolatile() => inner.ClearVolatile();

    public void ClearAll() => inner.ClearAll();

    public void Dispose() => inner.Dispose();
}

/// <summary>One mutating call: what it needs open first, its method and request, and where its result is.</summary>
/// <param name="Name">The case, as the test lists it.</param>
/// <param name="Opnum">The ClusAPI method.</param>
/// <param name="Request">Opens what the call needs (through the client) and builds its request (a contract type).</param>
/// <param name="ResultFirst">The result is the first DWORD of the response (the create methods); otherwise the last.</param>
/// <param name="WritesStore">False for calls whose change is runtime state only: no commit to refuse.</param>
/// <param name="Topology">The topology the cluster starts from when the default cannot reach the call's state; null for the default.</param>
/// <param name="ResultAt">The byte offset of the result when it is neither first nor last (ApiCreateKey: after lpdwDisposition).</param>
public sealed record MutatingCall(string Name, ClusApiOpnum Opnum, Func<RpcClient, ClusterEngine, Task<EncodedCall>> Request, bool ResultFirst = false,
    bool WritesStore = true, Func<TopologyConfig>? Topology = null, int? ResultAt = null)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A contract request, encoded: its method and its stub (the cases' requests have different response types).</summary>
/// <param name="Opnum">The request's method.</param>
/// <param name="Stub">The request stub.</param>
public sealed record EncodedCall(ClusApiOpnum Opnum, byte[] Stub)
{
    /// <summary>Encodes <paramref name="request"/>.</summary>
    internal static EncodedCall Of<TResponse>(IClusApiCall<TResponse> request) where TResponse : IClusApiMessage<TResponse> =>
        new(request.CallOpnum, ClusApiCallExtensions.Encode(request));
}

/// <summary>How the cases of <see cref="FailedCallChangesNothingTests"/> open their objects: null (the default), the plain opens; else the Ex opens with this dwDesiredAccess.</summary>
internal static class CaseOpens
{
    public static readonly AsyncLocal<uint?> Desired = new();
}

/// <summary>
/// The rule of docs/engine-rules.md ("The ClusAPI layer") over every mutating method this server implements: an
/// answer other than success means nothing changed; success means every commit of the call went through. Each call
/// is run with its first commit refused, then its second, and so on, until it runs with none refused (where it must
/// succeed and change something, so the check is not vacuous).
/// </summary>
public sealed class FailedCallChangesNothingTests
{
    private const uint Success = 0, IoPending = 997, ResourcePropertiesStored = 0x13A0;

    private const string ResourceId = "9a1e1f00-0000-4000-8000-000000000003"; // "Network Name", in Cluster Group

    public static TheoryData<MutatingCall> Calls() => new(AllCalls);

    /// <summary>Every case (AuthorizationTests runs them as a Read caller and as an All caller).</summary>
    internal static IReadOnlyList<MutatingCall> Cases => AllCalls;

    private static readonly MutatingCall[] AllCalls =
    [
        new("ApiSetClusterName", ClusApiOpnum.ApiSetClusterName, (c, e) => Call(new SetClusterNameRequest("RENAMED"))),
        new("ApiCreateResource", ClusApiOpnum.ApiCreateResource, async (c, e) =>
            Of(new CreateResourceRequest(await Group(c, "Available Storage"), "svc", "Generic Service", 0)), ResultFirst: true),
        new("ApiDeleteResource", ClusApiOpnum.ApiDeleteResource, async (c, e) => Of(new DeleteResourceRequest(await Resource(c, UserResource(e))))),
        new("ApiSetResourceName", ClusApiOpnum.ApiSetResourceName, async (c, e) => Of(new SetResourceNameRequest(await Resource(c, "Network Name"), "Renamed"))),
        new("ApiFailResource", ClusApiOpnum.ApiFailResource, async (c, e) => Of(new FailResourceRequest(await Resource(c, "Network Name")))),
        new("ApiOnlineResource", ClusApiOpnum.ApiOnlineResource, async (c, e) => Of(new OnlineResourceRequest(await Resource(c, UserResource(e))))),
        new("ApiOfflineResource", ClusApiOpnum.ApiOfflineResource, async (c, e) => Of(new OfflineResourceRequest(await Resource(c, "Network Name")))),
        new("ApiAddResourceDependency", ClusApiOpnum.ApiAddResourceDependency, async (c, e) =>
        {
            var dependent = UserResource(e, dependent: true);
            var provider = UserResource(e);
            return Of(new AddResourceDependencyRequest(await Resource(c, dependent), await Resource(c, provider)));
        }),
        new("ApiRemoveResourceDependency", ClusApiOpnum.ApiRemoveResourceDependency, async (c, e) =>
            Of(new RemoveResourceDependencyRequest(await Resource(c, "Network Name"), await Resource(c, "Cluster IP Address")))),
        new("ApiCreateGroup", ClusApiOpnum.ApiCreateGroup, (c, e) => Call(new CreateGroupRequest("new group")), ResultFirst: true),
        new("ApiDeleteGroup", ClusApiOpnum.ApiDeleteGroup, async (c, e) => Of(new DeleteGroupRequest(await Group(c, EmptyGroup(e)), Force: false))),
        new("ApiDeleteGroup force", ClusApiOpnum.ApiDeleteGroup, async (c, e) => Of(new DeleteGroupRequest(await Group(c, UserGroup(e)), Force: true))),
        new("ApiSetGroupName", ClusApiOpnum.ApiSetGroupName, async (c, e) => Of(new SetGroupNameRequest(await Group(c, "Available Storage"), "Renamed"))),
        new("ApiOnlineGroup", ClusApiOpnum.ApiOnlineGroup, async (c, e) => Of(new OnlineGroupRequest(await Group(c, UserGroup(e, online: false))))),
        new("ApiOfflineGroup", ClusApiOpnum.ApiOfflineGroup, async (c, e) => Of(new OfflineGroupRequest(await Group(c, "Cluster Group")))),
        new("ApiMoveGroup", ClusApiOpnum.ApiMoveGroup, async (c, e) => Of(new MoveGroupRequest(await Group(c, "Available Storage")))),
        new("ApiMoveGroupToNode", ClusApiOpnum.ApiMoveGroupToNode, async (c, e) =>
            Of(new MoveGroupToNodeRequest(await Group(c, "Available Storage"), await Node(c, "node3")))),
        new("ApiSetGroupNodeList", ClusApiOpnum.ApiSetGroupNodeList, async (c, e) =>
            Of(new SetGroupNodeListRequest(await Group(c, "Available Storage"), Encoding.Unicode.GetBytes("2\0" + "1\0\0")))),
        new("ApiPauseNode", ClusApiOpnum.ApiPauseNode, async (c, e) => Of(new PauseNodeRequest(await Node(c, "node3")))),
        new("ApiResumeNode", ClusApiOpnum.ApiResumeNode, async (c, e) => Of(new ResumeNodeRequest(await Node(c, PausedNode(e))))),
        new("ApiEvictNode", ClusApiOpnum.ApiEvictNode, async (c, e) => Of(new EvictNodeRequest(await Node(c, "node3")))),
        new("ApiResourceControl SET_COMMON_PROPERTIES with Name", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Network Name"), 0x0140005E,
                new PropertyListWriter().AddString("Name", "Renamed").AddString("Description", "d").ToArray(), 0))),
        new("ApiResourceControl SET_PRIVATE_PROPERTIES", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Network Name"), 0x01400086, new PropertyListWriter().AddDword("Custom", 7).ToArray(), 0))),
        new("ApiResourceControl SET_MAINTENANCE_MODE", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Cluster Disk 3"), 0x014001E6, new byte[] { 1, 0, 0, 0 }, 0))),
        new("ApiResourceControl DISABLE_SHARED_VOLUME_DIRECTIO", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Cluster Disk 1"), 0x0140028E, Encoding.Unicode.GetBytes("Volume1\0"), 100))),
        new("ApiResourceControl SET_SHARED_VOLUME_BACKUP_MODE", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Cluster Disk 1"), 0x0140029A,
                new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray(), 0))),
        new("ApiGroupControl SET_COMMON_PROPERTIES with Name", ClusApiOpnum.ApiGroupControl, async (c, e) =>
            Of(new GroupControlRequest(await Group(c, "Available Storage"), 0x0340005E,
                new PropertyListWriter().AddString("Name", "Renamed").AddString("Description", "d").ToArray(), 0))),
        new("ApiNodeControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeControl, async (c, e) =>
            Of(new NodeControlRequest(await Node(c, "node2"), 0x0440005E, new PropertyListWriter().AddString("Description", "d").ToArray(), 0))),
        new("ApiClusterControl SET_PRIVATE_PROPERTIES", ClusApiOpnum.ApiClusterControl, async (c, e) =>
            Of(new ClusterControlRequest(await Cluster(c), 0x07400086, new PropertyListWriter().AddDword("Custom", 7).ToArray(), 0))),
        // The cluster security descriptor (docs/authorization.md): its own engine command.
        new("ApiClusterControl SET_COMMON_PROPERTIES Security Descriptor", ClusApiOpnum.ApiClusterControl, async (c, e) =>
            Of(new ClusterControlRequest(await Cluster(c), 0x0740005E, new PropertyListWriter().AddBinary("Security Descriptor",
                new Security.ClusterSecurityDescriptor(null, null, [new(Security.ClusterAceType.Allow, Security.ClusterAccessRights.All, Security.Sid.Everyone)]).Encode())
                .ToArray(), 0))),
        new("ApiResourceControl SET_CSV_MAINTENANCE_MODE", ClusApiOpnum.ApiResourceControl, async (c, e) =>
            Of(new ResourceControlRequest(await Resource(c, "Cluster Disk 1"), 0x01400296, new CsvMaintenanceModeInfo(true, "Volume1").ToArray(), 0))),
        new("ApiChangeCsvStateEx", ClusApiOpnum.ApiChangeCsvStateEx, async (c, e) =>
            Of(new ChangeCsvStateExRequest(await Resource(c, "Cluster Disk 3"), 1, @"\\?\Volume{3f0c9a77-3333-4c1d-9e2f-0a0b0c0d0e03}\"))),
        new("ApiNodeResourceControl SET_COMMON_PROPERTIES with Name", ClusApiOpnum.ApiNodeResourceControl, async (c, e) =>
            Of(new NodeResourceControlRequest(await Resource(c, "Network Name"), await Node(c, "node1"), 0x0140005E, Description("Renamed"), 0))),
        new("ApiResourceTypeControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiResourceTypeControl, async (c, e) =>
            Of(new ResourceTypeControlRequest(await Cluster(c), "Generic Service", 0x0240005E, Description(null), 0))),
        new("ApiNodeResourceTypeControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeResourceTypeControl, async (c, e) =>
            Of(new NodeResourceTypeControlRequest(await Cluster(c), "Generic Service", await Node(c, "node1"), 0x0240005E, Description(null), 0))),
        new("ApiNodeGroupControl SET_COMMON_PROPERTIES with Name", ClusApiOpnum.ApiNodeGroupControl, async (c, e) =>
            Of(new NodeGroupControlRequest(await Group(c, "Available Storage"), await Node(c, "node1"), 0x0340005E, Description("Renamed"), 0))),
        new("ApiNodeNodeControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeNodeControl, async (c, e) =>
            Of(new NodeNodeControlRequest(await Node(c, "node2"), await Node(c, "node1"), 0x0440005E, Description(null), 0))),
        new("ApiNetworkControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNetworkControl, async (c, e) =>
            Of(new NetworkControlRequest(await Network(c, "Cluster Network 1"), 0x0540005E, Description(null), 0))),
        new("ApiNodeNetworkControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeNetworkControl, async (c, e) =>
            Of(new NodeNetworkControlRequest(await Network(c, "Cluster Network 1"), await Node(c, "node1"), 0x0540005E, Description(null), 0))),
        new("ApiNetInterfaceControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNetInterfaceControl, async (c, e) =>
            Of(new NetInterfaceControlRequest(await NetInterface(c, "node1 - Ethernet"), 0x0640005E, Description(null), 0))),
        new("ApiNodeNetInterfaceControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeNetInterfaceControl, async (c, e) =>
            Of(new NodeNetInterfaceControlRequest(await NetInterface(c, "node1 - Ethernet"), await Node(c, "node1"), 0x0640005E, Description(null), 0))),
        new("ApiNodeClusterControl SET_PRIVATE_PROPERTIES", ClusApiOpnum.ApiNodeClusterControl, async (c, e) =>
            Of(new NodeClusterControlRequest(await Cluster(c), await Node(c, "node1"), 0x07400086,
                new PropertyListWriter().AddDword("Custom", 7).ToArray(), 0))),
        new("ApiChangeCsvState", ClusApiOpnum.ApiChangeCsvState, async (c, e) => Of(new ChangeCsvStateRequest(await Resource(c, "Cluster Disk 3"), 1))),
        // Issue 11, NodeNetwork area.
        new("ApiPauseNodeEx drain", ClusApiOpnum.ApiPauseNodeEx, async (c, e) => Of(new PauseNodeExRequest(await Node(c, "node1"), true, 0))),
        new("ApiPauseNodeWithDrainTarget", ClusApiOpnum.ApiPauseNodeWithDrainTarget, async (c, e) =>
            Of(new PauseNodeWithDrainTargetRequest(await Node(c, "node1"), 0, await Node(c, "node3")))),
        new("ApiResumeNodeEx", ClusApiOpnum.ApiResumeNodeEx, async (c, e) => Of(new ResumeNodeExRequest(await Node(c, PausedNode(e)), 1, 0))),
        new("ApiCreateResourceType", ClusApiOpnum.ApiCreateResourceType, (c, e) => Call(new CreateResourceTypeRequest("Custom", "Custom", "custom.dll", 5000, 60000))),
        new("ApiDeleteResourceType", ClusApiOpnum.ApiDeleteResourceType, (c, e) => Call(new DeleteResourceTypeRequest("Storage Pool"))),
        new("ApiSetQuorumResource", ClusApiOpnum.ApiSetQuorumResource, async (c, e) =>
            Of(new SetQuorumResourceRequest(await Resource(c, "Cluster Disk 3"), @"Q:\Cluster\", 0x800000))),
        new("ApiSetNetworkName", ClusApiOpnum.ApiSetNetworkName, async (c, e) => Of(new SetNetworkNameRequest(await Network(c, "Cluster Network 1"), "Renamed"))),
        new("ApiSetNetworkPriorityOrder", ClusApiOpnum.ApiSetNetworkPriorityOrder, (c, e) =>
            Call(new SetNetworkPriorityOrderRequest(["5e1f3d2a-0b7c-4e8d-9f60-112233445566"]))),
        // GroupResource (issue 11).
        new("ApiCreateGroupEx", ClusApiOpnum.ApiCreateGroupEx, (c, e) => Call(new CreateGroupExRequest("new group", new ClusterCreateGroupInfo(1, 100))), ResultFirst: true),
        new("ApiOnlineGroupEx", ClusApiOpnum.ApiOnlineGroupEx, async (c, e) =>
            Of(new OnlineGroupExRequest(await Group(c, UserGroup(e, online: false)), 0x4, ReadOnlyMemory<byte>.Empty, 0))),
        new("ApiOfflineGroupEx", ClusApiOpnum.ApiOfflineGroupEx, async (c, e) => Of(new OfflineGroupExRequest(await Group(c, "Cluster Group"), 0x1, new byte[] { 0, 0, 0, 0 }, 4))),
        new("ApiMoveGroupEx", ClusApiOpnum.ApiMoveGroupEx, async (c, e) => Of(new MoveGroupExRequest(await Group(c, "Available Storage"), 0x2, ReadOnlyMemory<byte>.Empty, 0))),
        new("ApiMoveGroupToNodeEx", ClusApiOpnum.ApiMoveGroupToNodeEx, async (c, e) =>
            Of(new MoveGroupToNodeExRequest(await Group(c, "Available Storage"), await Node(c, "node3"), 0, ReadOnlyMemory<byte>.Empty, 0))),
        new("ApiCancelClusterGroupOperation", ClusApiOpnum.ApiCancelClusterGroupOperation, async (c, e) =>
        {
            var resource = UserResource(e);
            Assert.Equal(Win32Error.IoPending, e.Execute(new OnlineResource(resource)));
            return Of(new CancelClusterGroupOperationRequest(await Group(c, "user group"), 0));
        }, Topology: SlowGenericService),
        new("ApiOnlineResourceEx", ClusApiOpnum.ApiOnlineResourceEx, async (c, e) =>
            Of(new OnlineResourceExRequest(await Resource(c, UserResource(e)), 0x2, ReadOnlyMemory<byte>.Empty, 0))),
        new("ApiOfflineResourceEx", ClusApiOpnum.ApiOfflineResourceEx, async (c, e) =>
            Of(new OfflineResourceExRequest(await Resource(c, "Network Name"), 0x2, ReadOnlyMemory<byte>.Empty, 0))),
        new("ApiRestartResource", ClusApiOpnum.ApiRestartResource, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new FailResource("Network Name")));
            return Of(new RestartResourceRequest(await Resource(c, "Network Name"), 0));
        }),
        new("ApiAddResourceNode", ClusApiOpnum.ApiAddResourceNode, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new RemoveResourceNode("Network Name", "node3")));
            return Of(new AddResourceNodeRequest(await Resource(c, "Network Name"), await Node(c, "node3")));
        }),
        new("ApiRemoveResourceNode", ClusApiOpnum.ApiRemoveResourceNode, async (c, e) =>
            Of(new RemoveResourceNodeRequest(await Resource(c, "Network Name"), await Node(c, "node3")))),
        new("ApiChangeResourceGroup", ClusApiOpnum.ApiChangeResourceGroup, async (c, e) =>
            Of(new ChangeResourceGroupRequest(await Resource(c, UserResource(e)), await Group(c, EmptyGroup(e))))),
        new("ApiChangeResourceGroupEx", ClusApiOpnum.ApiChangeResourceGroupEx, async (c, e) =>
            Of(new ChangeResourceGroupExRequest(await Resource(c, UserResource(e)), await Group(c, EmptyGroup(e)), 0))),
        new("ApiSetResourceDependencyExpression", ClusApiOpnum.ApiSetResourceDependencyExpression, async (c, e) =>
            Of(new SetResourceDependencyExpressionRequest(await Resource(c, "Network Name"), "([Cluster IP Address] or [Cluster Name])"))),
        // Group sets and group dependencies (issue 11, area GroupSet). The default topology's set "Cluster Group" holds "Cluster Group".
        new("ApiCreateGroupSet", ClusApiOpnum.ApiCreateGroupSet, (c, e) => Call(new CreateGroupSetRequest("new set")), ResultFirst: true),
        new("ApiDeleteGroupSet", ClusApiOpnum.ApiDeleteGroupSet, async (c, e) => Of(new DeleteGroupSetRequest(await GroupSet(c, EmptySet(e))))),
        new("ApiAddGroupToGroupSet", ClusApiOpnum.ApiAddGroupToGroupSet, async (c, e) =>
            Of(new AddGroupToGroupSetRequest(await GroupSet(c, EmptySet(e)), await Group(c, "Available Storage")))),
        new("ApiRemoveGroupFromGroupSet", ClusApiOpnum.ApiRemoveGroupFromGroupSet, async (c, e) => Of(new RemoveGroupFromGroupSetRequest(await Group(c, "Cluster Group")))),
        new("ApiMoveGroupToGroupSet", ClusApiOpnum.ApiMoveGroupToGroupSet, async (c, e) =>
            Of(new MoveGroupToGroupSetRequest(await GroupSet(c, EmptySet(e)), await Group(c, "Cluster Group")))),
        new("ApiAddGroupSetDependency", ClusApiOpnum.ApiAddGroupSetDependency, async (c, e) =>
            Of(new AddGroupSetDependencyRequest(await GroupSet(c, SetWithMember(e)), await GroupSet(c, "Cluster Group")))),
        new("ApiAddGroupToGroupSetDependency", ClusApiOpnum.ApiAddGroupToGroupSetDependency, async (c, e) =>
            Of(new AddGroupToGroupSetDependencyRequest(await Group(c, "Available Storage"), await GroupSet(c, "Cluster Group")))),
        new("ApiSetGroupDependencyExpression", ClusApiOpnum.ApiSetGroupDependencyExpression, async (c, e) =>
            Of(new SetGroupDependencyExpressionRequest(await Group(c, "Available Storage"), "[Cluster Group]"))),
        new("ApiRemoveClusterGroupDependency", ClusApiOpnum.ApiRemoveClusterGroupDependency, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new SetGroupDependencyExpression("Available Storage", "[Cluster Group]")));
            return Of(new RemoveClusterGroupDependencyRequest(await Group(c, "Available Storage"), await Group(c, "Cluster Group")));
        }),
        new("ApiSetGroupSetDependencyExpression", ClusApiOpnum.ApiSetGroupSetDependencyExpression, async (c, e) =>
            Of(new SetGroupSetDependencyExpressionRequest(await GroupSet(c, SetWithMember(e)), "[7d3e4f50-0000-4000-8000-0000000000a1]"))),
        new("ApiRemoveGroupSetDependency", ClusApiOpnum.ApiRemoveGroupSetDependency, async (c, e) =>
        {
            var set = SetWithMember(e);
            Assert.Equal(Win32Error.Success, e.Execute(new AddGroupSetDependency(set, "Cluster Group")));
            return Of(new RemoveGroupSetDependencyRequest(await GroupSet(c, set), await GroupSet(c, "Cluster Group")));
        }),
        new("ApiRemoveClusterGroupToGroupSetDependency", ClusApiOpnum.ApiRemoveClusterGroupToGroupSetDependency, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group")));
            return Of(new RemoveClusterGroupToGroupSetDependencyRequest(await Group(c, "Available Storage"), await GroupSet(c, "Cluster Group")));
        }),
        new("ApiAddGroupToGroupSetEx", ClusApiOpnum.ApiAddGroupToGroupSetEx, async (c, e) =>
            Of(new AddGroupToGroupSetExRequest(await GroupSet(c, EmptySet(e)), await Group(c, "Available Storage"), 1, 2, UseDomains: true, 0))),
        new("ApiGroupSetControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiGroupSetControl, async (c, e) =>
            Of(new GroupSetControlRequest(await GroupSet(c, "Cluster Group"), 0x0840005E, Description(null), 0))),
        new("ApiNodeGroupSetControl SET_COMMON_PROPERTIES", ClusApiOpnum.ApiNodeGroupSetControl, async (c, e) =>
            Of(new NodeGroupSetControlRequest(await GroupSet(c, "Cluster Group"), await Node(c, "node1"), 0x0840005E, Description(null), 0))),
        // Registry writes and batches (issue 11, Registry area)
        new("ApiCreateKey", ClusApiOpnum.ApiCreateKey, async (c, e) => Of(new CreateKeyRequest(await RootKey(c), @"Software\App", 0, 0x20006, null)), ResultAt: 4),
        new("ApiSetValue", ClusApiOpnum.ApiSetValue, async (c, e) => Of(new SetValueRequest(await RootKey(c), "Custom", 4, new byte[] { 7, 0, 0, 0 }))),
        new("ApiDeleteValue", ClusApiOpnum.ApiDeleteValue, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new SetRegistryValue("", "Custom", 4, new byte[] { 7, 0, 0, 0 })));
            return Of(new DeleteValueRequest(await RootKey(c), "Custom"));
        }),
        new("ApiDeleteKey", ClusApiOpnum.ApiDeleteKey, async (c, e) =>
        {
            Assert.Equal(Win32Error.Success, e.Execute(new CreateRegistryKey("", "Scratch")).Error);
            return Of(new DeleteKeyRequest(await RootKey(c), "Scratch"));
        }),
        new("ApiExecuteBatch", ClusApiOpnum.ApiExecuteBatch, async (c, e) => Of(new ExecuteBatchRequest(await RootKey(c), RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.CreateKey, 0, @"Software\App", default),
            new RegBatchCommand(RegBatchUpdate.SetValue, 1, "Path", Encoding.Unicode.GetBytes("C:\\app\0")),
            new RegBatchCommand(RegBatchUpdate.SetValue, 4, "Level", new byte[] { 3, 0, 0, 0 }),
        ])))),
    ];

    /// <summary>The default topology with a Generic Service that takes 30 seconds to change state (something can be pending).</summary>
    private static TopologyConfig SlowGenericService()
    {
        var t = TopologyConfig.Default();
        return t with { ResourceTypes = [.. t.ResourceTypes.Select(r => r.Name == "Generic Service" ? r with { PendingSeconds = 30 } : r)] };
    }


    private static string EmptySet(ClusterEngine e)
    {
        Assert.Equal(Win32Error.Success, e.Execute(new CreateGroupSet("empty set")).Error);
        return "empty set";
    }

    private static string SetWithMember(ClusterEngine e)
    {
        EmptySet(e);
        Assert.Equal(Win32Error.Success, e.Execute(new AddGroupToGroupSet("empty set", "Available Storage")));
        return "empty set";
    }

    private static Task<GroupSetHandle> GroupSet(RpcClient c, string name) => Stub.OpenAsync(c, new OpenGroupSetRequest(name));

    /// <summary>Methods that change no cluster state (they open, close, read, or act on the caller's own notification port).</summary>
    private static readonly ClusApiOpnum[] Reads =
    [
        ClusApiOpnum.ApiOpenCluster, ClusApiOpnum.ApiCloseCluster, ClusApiOpnum.ApiGetClusterName, ClusApiOpnum.ApiGetClusterVersion,
        ClusApiOpnum.ApiGetQuorumResource, ClusApiOpnum.ApiCreateEnum, ClusApiOpnum.ApiOpenResource, ClusApiOpnum.ApiCloseResource,
        ClusApiOpnum.ApiGetResourceState, ClusApiOpnum.ApiGetResourceId, ClusApiOpnum.ApiGetResourceType, ClusApiOpnum.ApiCreateResEnum,
        ClusApiOpnum.ApiGetRootKey, ClusApiOpnum.ApiOpenKey, ClusApiOpnum.ApiEnumKey, ClusApiOpnum.ApiQueryValue, ClusApiOpnum.ApiEnumValue,
        ClusApiOpnum.ApiCloseKey, ClusApiOpnum.ApiQueryInfoKey, ClusApiOpnum.ApiGetKeySecurity, ClusApiOpnum.ApiOpenGroup, ClusApiOpnum.ApiCloseGroup,
        ClusApiOpnum.ApiGetGroupState, ClusApiOpnum.ApiGetGroupId, ClusApiOpnum.ApiGetNodeId, ClusApiOpnum.ApiCreateGroupResourceEnum,
        ClusApiOpnum.ApiCloseNotify, ClusApiOpnum.ApiOpenNode, ClusApiOpnum.ApiCloseNode, ClusApiOpnum.ApiGetNodeState, ClusApiOpnum.ApiOpenNetwork,
        ClusApiOpnum.ApiCloseNetwork, ClusApiOpnum.ApiGetNetworkState, ClusApiOpnum.ApiGetNetworkId, ClusApiOpnum.ApiOpenNetInterface,
        ClusApiOpnum.ApiCloseNetInterface, ClusApiOpnum.ApiGetNetInterfaceState, ClusApiOpnum.ApiGetNetInterfaceId,
        ClusApiOpnum.ApiGetClusterVersion2, ClusApiOpnum.ApiCreateResTypeEnum, ClusApiOpnum.ApiBackupClusterDatabase,
        ClusApiOpnum.ApiUnblockGetNotifyCall, ClusApiOpnum.ApiSetServiceAccountPassword, ClusApiOpnum.ApiGetResourceDependencyExpression,
        ClusApiOpnum.ApiGetResourceNetworkName, ClusApiOpnum.ApiOpenClusterEx, ClusApiOpnum.ApiOpenNodeEx, ClusApiOpnum.ApiOpenGroupEx,
        ClusApiOpnum.ApiOpenResourceEx, ClusApiOpnum.ApiOpenNetworkEx, ClusApiOpnum.ApiOpenNetInterfaceEx, ClusApiOpnum.ApiCreateEnumEx,
        ClusApiOpnum.ApiCreateNotifyV2, ClusApiOpnum.ApiAddNotifyV2, ClusApiOpnum.ApiGetNotifyV2, ClusApiOpnum.ApiCreateGroupEnum,
        ClusApiOpnum.ApiOpenGroupSet, ClusApiOpnum.ApiCloseGroupSet, ClusApiOpnum.ApiCreateGroupSetEnum,
        // NotifyV1 area: version 1 ports and ApiAddNotifyResourceTypeV2 act on the caller's own notification port only.
        ClusApiOpnum.ApiCreateNotify, ClusApiOpnum.ApiAddNotifyCluster, ClusApiOpnum.ApiAddNotifyNode, ClusApiOpnum.ApiAddNotifyGroup,
        ClusApiOpnum.ApiAddNotifyResource, ClusApiOpnum.ApiAddNotifyKey, ClusApiOpnum.ApiReAddNotifyNode, ClusApiOpnum.ApiReAddNotifyGroup,
        ClusApiOpnum.ApiReAddNotifyResource, ClusApiOpnum.ApiGetNotify, ClusApiOpnum.ApiAddNotifyNetwork, ClusApiOpnum.ApiReAddNotifyNetwork,
        ClusApiOpnum.ApiAddNotifyNetInterface, ClusApiOpnum.ApiReAddNotifyNetInterface, ClusApiOpnum.ApiGetNotifyAsync,
        ClusApiOpnum.ApiAddNotifyResourceTypeV2,
        // Issue 11, NodeNetwork area.
        ClusApiOpnum.ApiCreateNodeEnum, ClusApiOpnum.ApiCreateNodeEnumEx, ClusApiOpnum.ApiCreateNetworkEnum, ClusApiOpnum.ApiGetNetInterface,
        ClusApiOpnum.ApiCreateNetInterfaceEnum,
        // GroupResource (issue 11)
        ClusApiOpnum.ApiCanResourceBeDependent, ClusApiOpnum.ApiCreateResourceEnum,
        // Registry area: key security is fixed, so ApiSetKeySecurity never changes anything (ERROR_NOT_SUPPORTED).
        ClusApiOpnum.ApiSetKeySecurity,
        ClusApiOpnum.ApiExecuteReadBatch, ClusApiOpnum.ApiExecuteReadBatchEx,
        // RegistryMore area (issue 11): the batch port acts on the caller's own port only; opnum 185 changes nothing.
        ClusApiOpnum.ApiCreateBatchPort, ClusApiOpnum.ApiGetBatchNotification, ClusApiOpnum.ApiCloseBatchPort,
        ClusApiOpnum.ApiClusterNativeUpdateControl,
    ];

    [Fact]
    public void Every_implemented_opnum_is_a_listed_mutating_call_or_a_listed_read()
    {
        var implemented = Enumerable.Range(0, ushort.MaxValue + 1).Select(o => (ushort)o).Where(ClusApiService.Implements).ToHashSet();
        var mutating = AllCalls.Select(call => (ushort)call.Opnum).ToHashSet();
        var reads = Reads.Select(opnum => (ushort)opnum).ToArray();
        Assert.Empty(mutating.Intersect(reads));
        Assert.Empty(implemented.Except(mutating).Except(reads).Order()); // a new method: list it here or as a read
        Assert.Empty(mutating.Concat(reads).Except(implemented).Order()); // a method that is gone
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_mutating_call_answers_success_with_every_commit_made_or_a_failure_with_nothing_changed(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var refuse = 1; ; refuse++)
        {
            var store = new RefusingStore(new InMemoryClusterStore());
            await using var host = ServiceHost.Start(RpcAuthLevel.None);
            var original = host.Provider.Engine;
            host.Provider.Engine = ClusterEngine.Open(store, call.Topology?.Invoke() ?? TopologyConfig.Default(), new ClusterOptions(),
                new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            original.Dispose();
            var engine = host.Engine;
            await using var c = await host.ConnectAsync(RpcAuthLevel.None);
            var request = await call.Request(c, engine);
            Assert.Equal(call.Opnum, request.Opnum);
            var before = EngineState.Of(engine);
            var events = new List<ClusterEvent>();
            using var subscription = engine.Subscribe(events.Add);

            store.Arm(refuse);
            var response = await c.CallAsync((ushort)request.Opnum, request.Stub);
            var result = call.ResultAt is { } at ? BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(at))
                : call.ResultFirst
                ? BinaryPrimitives.ReadUInt32LittleEndian(response)
                : BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(response.Length - 4));
            var attempts = store.Attempts;
            var refused = attempts >= refuse;
            store.Arm(0);

            if (result is Success or IoPending or ResourcePropertiesStored)
            {
                Assert.False(refused, $"{call}: answered 0x{result:X} although commit {refuse} was refused");
                Assert.NotEqual(before, EngineState.Of(engine));
                Assert.NotEmpty(events);
                Assert.True(call.WritesStore == attempts > 0, $"{call}: {attempts} commits");
                return; // the run with nothing refused: done
            }
            Assert.True(refused, $"{call}: failed with 0x{result:X} although nothing was refused (the case is wrong)");
            Assert.Equal(before, EngineState.Of(engine));
            Assert.Empty(events);
        }
    }

    // Preconditions made through the engine directly, before the call under test.
    private static string UserGroup(ClusterEngine e, bool online = true)
    {
        Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("user group")).Error);
        Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("user group", "svc1", "Generic Service")).Error);
        Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("user group", "svc2", "Generic Service")).Error);
        if (online)
        {
            Assert.Equal(Win32Error.Success, e.Execute(new OnlineResource("svc1")));
            Assert.Equal(Win32Error.Success, e.Execute(new OnlineResource("svc2")));
        }
        return "user group";
    }

    private static string EmptyGroup(ClusterEngine e)
    {
        Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("empty group")).Error);
        return "empty group";
    }

    private static string UserResource(ClusterEngine e, bool dependent = false)
    {
        if (e.Queries.FindGroup("user group") is null)
        {
            Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("user group")).Error);
        }
        var name = dependent ? "dependent" : "svc";
        Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("user group", name, "Generic Service")).Error);
        return name;
    }

    private static string PausedNode(ClusterEngine e)
    {
        Assert.Equal(Win32Error.Success, e.Execute(new PauseNode("node3")));
        return "node3";
    }

    private static EncodedCall Of<TResponse>(IClusApiCall<TResponse> request) where TResponse : IClusApiMessage<TResponse> => EncodedCall.Of(request);

    private static Task<EncodedCall> Call<TResponse>(IClusApiCall<TResponse> request) where TResponse : IClusApiMessage<TResponse> =>
        Task.FromResult(EncodedCall.Of(request));

    private static Task<KeyHandle> RootKey(RpcClient c) => Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));

    // The cases open their objects with the plain opens ("All"), or with the Ex opens and CaseOpens.Desired when a
    // test sets it (AuthorizationTests: a Read caller cannot use the plain opens).
    private static Task<ClusterHandle> Cluster(RpcClient c) =>
        CaseOpens.Desired.Value is { } d ? Stub.OpenClusterExAsync(c, d) : Stub.OpenClusterAsync(c);

    private static Task<ResourceHandle> Resource(RpcClient c, string name) => CaseOpens.Desired.Value is { } d
        ? Stub.OpenExAsync(c, new OpenResourceExRequest(name, d)) : Stub.OpenAsync(c, new OpenResourceRequest(name));

    private static Task<GroupHandle> Group(RpcClient c, string name) => CaseOpens.Desired.Value is { } d
        ? Stub.OpenExAsync(c, new OpenGroupExRequest(name, d)) : Stub.OpenAsync(c, new OpenGroupRequest(name));

    private static Task<NodeHandle> Node(RpcClient c, string name) => CaseOpens.Desired.Value is { } d
        ? Stub.OpenExAsync(c, new OpenNodeExRequest(name, d)) : Stub.OpenAsync(c, new OpenNodeRequest(name));

    private static Task<NetworkHandle> Network(RpcClient c, string name) => CaseOpens.Desired.Value is { } d
        ? Stub.OpenExAsync(c, new OpenNetworkExRequest(name, d)) : Stub.OpenAsync(c, new OpenNetworkRequest(name));

    private static Task<NetInterfaceHandle> NetInterface(RpcClient c, string name) => CaseOpens.Desired.Value is { } d
        ? Stub.OpenExAsync(c, new OpenNetInterfaceExRequest(name, d)) : Stub.OpenAsync(c, new OpenNetInterfaceRequest(name));

    private static byte[] Description(string? name)
    {
        var list = new PropertyListWriter();
        if (name is not null)
        {
            list.AddString("Name", name);
        }
        return list.AddString("Description", "d").ToArray();
    }
}
