using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The GroupResource methods of issue 11 through the real service (MS-CMRP 3.1.4.2.22-26, 128-135, 140, 142, 166): what
/// they do, and bad input answered with the spec's error and nothing changed.
/// </summary>
public sealed class GroupResourceMethodsTests
{
    private static Task<ResourceHandle> Resource(RpcClient c, string name) => Stub.OpenAsync(c, new OpenResourceRequest(name));

    private static Task<GroupHandle> Group(RpcClient c, string name) => Stub.OpenAsync(c, new OpenGroupRequest(name));

    private static Task<NodeHandle> Node(RpcClient c, string name) => Stub.OpenAsync(c, new OpenNodeRequest(name));

    private static async Task<ResourceHandle> ReadOnlyResource(RpcClient c, string name)
    {
        var r = await c.CallAsync(new OpenResourceExRequest(name, 0x80000000)); // GENERIC_READ
        Assert.Equal(Win32Error.Success, r.Status);
        return r.Handle;
    }

    private static void UserGroup(ClusterEngine e, string group, params string[] resources)
    {
        Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup(group)).Error);
        foreach (var r in resources)
        {
            Assert.Equal(Win32Error.Success, e.Execute(new CreateResource(group, r, "Generic Service")).Error);
        }
    }

    [Fact]
    public async Task Ex_methods_answer_ERROR_INVALID_PARAMETER_for_undefined_flags_and_lying_sizes_and_change_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a");
        var g = await Group(c, "g");
        var a = await Resource(c, "a");
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OnlineGroupExRequest(g, 0x100, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OnlineGroupExRequest(g, 0, new byte[] { 1, 2 }, 3))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OfflineGroupExRequest(g, 0x2, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new MoveGroupExRequest(g, 0x40, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter,
            (await c.CallAsync(new MoveGroupToNodeExRequest(g, await Node(c, "node2"), 0, ReadOnlyMemory<byte>.Empty, 8))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OnlineResourceExRequest(a, 0x10, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OfflineResourceExRequest(a, 0x8, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new CancelClusterGroupOperationRequest(g, 1))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new ChangeResourceGroupExRequest(a, await Group(c, "Available Storage"), 2))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task OnlineResourceEx_without_persisting_and_OfflineResourceEx_with_termination_do_what_their_flags_say()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a");
        var a = await Resource(c, "a");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OnlineResourceExRequest(a, 0x2, new byte[] { 0, 0, 0, 0 }, 4))).Result);
        var id = host.Engine.Queries.FindResource("a")!.Id;
        Assert.Equal(ClusterResourceState.Online, host.Engine.Queries.FindResource("a")!.State);
        Assert.Equal(0u, host.Engine.Queries.GetRegistryValue(@"Resources\" + id, "PersistentState")!.AsDWord());
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OfflineResourceExRequest(a, 0x2 | 0x4, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(ClusterResourceState.Offline, host.Engine.Queries.FindResource("a")!.State);
    }

    [Fact]
    public async Task Group_Ex_methods_online_offline_and_move_like_their_siblings()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a");
        var g = await Group(c, "g");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OnlineGroupExRequest(g, 0x1 | 0x2 | 0x8, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(ClusterGroupState.Online, host.Engine.Queries.FindGroup("g")!.State);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new MoveGroupToNodeExRequest(g, await Node(c, "node2"), 0x3f, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal("node2", host.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new MoveGroupExRequest(g, 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.NotEqual("node2", host.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OfflineGroupExRequest(g, 0x1, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(ClusterGroupState.Offline, host.Engine.Queries.FindGroup("g")!.State);
    }

    [Fact]
    public async Task Possible_owners_show_in_CreateResEnum_and_steer_MoveGroupToNodeEx()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a");
        var a = await Resource(c, "a");
        var node2 = await Node(c, "node2");
        Assert.Equal(Win32Error.ObjectAlreadyExists, (await c.CallAsync(new AddResourceNodeRequest(a, node2))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RemoveResourceNodeRequest(a, node2))).Result);
        var owners = await c.CallAsync(new CreateResEnumRequest(a, 4));
        Assert.Equal(["node1", "node3"], owners.Entries!.Select(x => x.Name));
        var g = await Group(c, "g");
        Assert.Equal(Win32Error.NodeCantHostResource, (await c.CallAsync(new MoveGroupToNodeExRequest(g, node2, 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal("node1", host.Engine.Queries.FindGroup("g")!.OwnerNodeName);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddResourceNodeRequest(a, node2))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new MoveGroupToNodeExRequest(g, node2, 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
    }

    [Fact]
    public async Task Writes_by_a_read_only_handle_are_ERROR_ACCESS_DENIED_and_a_read_only_server_ERROR_SHARING_PAUSED()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a", "b");
        var ro = await ReadOnlyResource(c, "a");
        var node3 = await Node(c, "node3");
        var g = await Group(c, "Available Storage");
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new RemoveResourceNodeRequest(ro, node3))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new RestartResourceRequest(ro, 0))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new ChangeResourceGroupRequest(ro, g))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new OnlineResourceExRequest(ro, 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
        // The dependency check is a read: a read-only handle may ask.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CanResourceBeDependentRequest(ro, await Resource(c, "b")))).Result);

        var a = await Resource(c, "a");
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new RemoveResourceNodeRequest(a, node3))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new OnlineResourceExRequest(a, 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new CreateGroupExRequest("x", null))).Status);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CanResourceBeDependentRequest(a, await Resource(c, "b")))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task Closed_and_wrong_kind_handles_are_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a");
        var a = await Resource(c, "a");
        var node = await Node(c, "node2");
        var g = await Group(c, "g");
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new AddResourceNodeRequest(new ResourceHandle(node.Value), node))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new ChangeResourceGroupRequest(a, new GroupHandle(a.Value)))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new OnlineGroupExRequest(new GroupHandle(a.Value), 0, ReadOnlyMemory<byte>.Empty, 0))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CloseGroupRequest(g))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new CancelClusterGroupOperationRequest(g, 0))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new CanResourceBeDependentRequest(a, new ResourceHandle(g.Value)))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task ChangeResourceGroupEx_moves_the_dependency_tree_and_CanResourceBeDependent_follows()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a", "b");
        UserGroup(host.Engine, "h", "other");
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new AddDependency("b", "a")));
        var a = await Resource(c, "a");
        var other = await Resource(c, "other");
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new CanResourceBeDependentRequest(other, a))).Result);
        Assert.Equal(Win32Error.CircularDependency, (await c.CallAsync(new CanResourceBeDependentRequest(a, await Resource(c, "b")))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ChangeResourceGroupExRequest(a, await Group(c, "h"), 0))).Result);
        Assert.Equal("h", host.Engine.Queries.FindResource("b")!.GroupName);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CanResourceBeDependentRequest(other, a))).Result);
        Assert.Equal(Win32Error.ClusterUseSharedVolumesApi, (await c.CallAsync(new ChangeResourceGroupRequest(a, await Group(c, "Cluster Disk 1")))).Result);
    }

    [Fact]
    public async Task CreateGroupEx_keeps_the_type_and_refuses_a_wrong_version_and_the_engine_types()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var r = await c.CallAsync(new CreateGroupExRequest("typed", new ClusterCreateGroupInfo(1, 1234)));
        Assert.Equal(Win32Error.Success, r.Status);
        Assert.False(r.Handle.IsNull);
        Assert.Equal(1234u, (uint)host.Engine.Queries.FindGroup("typed")!.GroupType);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateGroupExRequest("untyped", null))).Status);
        Assert.Equal(9999u, (uint)host.Engine.Queries.FindGroup("untyped")!.GroupType); // ClusGroupTypeUnknown
        var bad = await c.CallAsync(new CreateGroupExRequest("v2", new ClusterCreateGroupInfo(2, 1234)));
        Assert.Equal(Win32Error.InvalidParameter, bad.Status);
        Assert.True(bad.Handle.IsNull);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new CreateGroupExRequest("core", new ClusterCreateGroupInfo(1, 1)))).Status);
        Assert.Equal(Win32Error.ObjectAlreadyExists, (await c.CallAsync(new CreateGroupExRequest("typed", null))).Status);
        Assert.Null(host.Engine.Queries.FindGroup("v2"));
        Assert.Null(host.Engine.Queries.FindGroup("core"));
    }

    [Fact]
    public async Task RestartResource_and_CancelClusterGroupOperation_answer_as_the_engine_decides()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new FailResource("Network Name")));
        var r = await Resource(c, "Network Name");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RestartResourceRequest(r, 0xFFFFFFFF))).Result); // dwFlags is ignored
        Assert.Equal(ClusterResourceState.Online, host.Engine.Queries.FindResource("Network Name")!.State);
        Assert.Equal(Win32Error.InvalidState, (await c.CallAsync(new CancelClusterGroupOperationRequest(await Group(c, "Cluster Group"), 0))).Result);
    }

    [Fact]
    public async Task SetResourceDependencyExpression_round_trips_through_GetResourceDependencyExpression_and_a_malformed_one_changes_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        UserGroup(host.Engine, "g", "a", "b", "c", "d");
        var d = await Resource(c, "d");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetResourceDependencyExpressionRequest(d, "([a] or [b]) and [c]"))).Result);
        var got = await c.CallAsync(new GetResourceDependencyExpressionRequest(d));
        Assert.Equal(Win32Error.Success, got.Result);
        Assert.Equal("([a] or [b]) and [c]", got.Value);
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetResourceDependencyExpressionRequest(d, "([a] or [b] and [c]"))).Result);
        Assert.Equal(Win32Error.ResourceNotFound, (await c.CallAsync(new SetResourceDependencyExpressionRequest(d, "[nope]"))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetResourceDependencyExpressionRequest(await ReadOnlyResource(c, "d"), null))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetResourceDependencyExpressionRequest(d, null))).Result);
        Assert.Equal("", (await c.CallAsync(new GetResourceDependencyExpressionRequest(d))).Value);
    }

    [Fact]
    public async Task CreateResourceEnum_lists_every_resource_with_its_group_and_the_requested_properties()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenClusterAsync(c);
        var names = System.Text.Encoding.Unicode.GetBytes("Description\0\0");
        var r = await c.CallAsync(new CreateResourceEnumRequest(cluster, names, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal(host.Engine.Queries.Enumerate(ClusterEnumType.Resource), r.Entries!.Select(x => x.Name));
        var nn = r.Entries!.Single(x => x.Name == "Network Name");
        Assert.Equal(("Cluster Group", "0c5d2a31-7a1b-4e5f-8d3c-000000000001", "9a1e1f00-0000-4000-8000-000000000003"), (nn.OwnerName, nn.OwnerId, nn.Id));
        Assert.NotEqual(0, nn.Properties.Length);
        Assert.Equal(0, nn.RoProperties.Length);
        var lying = await c.CallAsync(new CreateResourceEnumRequest(cluster, names, 2, ReadOnlyMemory<byte>.Empty, 0));
        Assert.Equal(Win32Error.InvalidParameter, lying.Result);
        Assert.Null(lying.Entries);
        var wrong = await c.CallAsync(new CreateResourceEnumRequest(new ClusterHandle((await Resource(c, "Network Name")).Value), names, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(Win32Error.InvalidHandle, wrong.Result);

        // "*" asks for every (read-only) common property.
        var star = System.Text.Encoding.Unicode.GetBytes("*\0\0");
        var all = (await c.CallAsync(new CreateResourceEnumRequest(cluster, star, star))).Entries!.Single(x => x.Name == "Network Name");
        Assert.True(all.Properties.Length > nn.Properties.Length);
        Assert.NotEqual(0, all.RoProperties.Length);

        // Only in the read/write server state.
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        var paused = await c.CallAsync(new CreateResourceEnumRequest(cluster, names, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(Win32Error.SharingPaused, paused.Result);
        Assert.Null(paused.Entries);
    }
}
