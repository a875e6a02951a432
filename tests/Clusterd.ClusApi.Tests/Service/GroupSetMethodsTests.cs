using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>Group sets and group dependencies through the service (MS-CMRP 3.1.4.2.146, 149-161, 165).</summary>
public sealed class GroupSetMethodsTests
{
    private static Task<GroupSetHandle> SetAsync(RpcClient c, string name) => Stub.OpenAsync(c, new OpenGroupSetRequest(name));

    private static Task<GroupHandle> GroupAsync(RpcClient c, string name) => Stub.OpenAsync(c, new OpenGroupRequest(name));

    private static async Task<GroupHandle> ReadGroupAsync(RpcClient c, string name)
    {
        var r = await c.CallAsync(new OpenGroupExRequest(name, 0x80000000)); // GENERIC_READ
        Assert.Equal(Win32Error.Success, r.Status);
        return r.Handle;
    }

    [Fact]
    public async Task A_created_set_answers_a_handle_and_is_seen_by_open_and_enum()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var created = await c.CallAsync(new CreateGroupSetRequest("web tier"));
        Assert.Equal((Win32Error.Success, 0u), (created.Status, created.RpcStatus));
        Assert.False(created.Handle.IsNull);
        var group = await GroupAsync(c, "Available Storage");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddGroupToGroupSetRequest(created.Handle, group))).Result);
        Assert.Equal(["Available Storage"], host.Engine.Queries.FindGroupSet("web tier")!.GroupNames);
        var opened = await SetAsync(c, "web tier");
        Assert.False(opened.IsNull);
        var cluster = await Stub.OpenClusterAsync(c);
        var names = (await c.CallAsync(new CreateGroupSetEnumRequest(cluster))).Entries!.Select(e => e.Name).ToList();
        Assert.Contains("web tier", names);
    }

    [Fact]
    public async Task Create_answers_ERROR_INVALID_NAME_for_an_empty_name_and_ERROR_OBJECT_ALREADY_EXISTS_for_a_taken_one_with_a_NULL_handle()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var empty = await c.CallAsync(new CreateGroupSetRequest(""));
        Assert.Equal(Win32Error.InvalidName, empty.Status);
        Assert.True(empty.Handle.IsNull);
        var taken = await c.CallAsync(new CreateGroupSetRequest("Cluster Group"));
        Assert.Equal(Win32Error.ObjectAlreadyExists, taken.Status);
        Assert.True(taken.Handle.IsNull);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.GetGroupSetNames());
    }

    [Fact]
    public async Task A_read_only_server_answers_ERROR_SHARING_PAUSED_and_creates_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var set = await SetAsync(c, "Cluster Group");
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new CreateGroupSetRequest("x"))).Status);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new DeleteGroupSetRequest(set))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new RemoveGroupFromGroupSetRequest(await GroupAsync(c, "Cluster Group")))).Result);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.GetGroupSetNames());
        Assert.Equal(["Cluster Group"], host.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
    }

    [Fact]
    public async Task A_read_group_handle_is_ERROR_ACCESS_DENIED_and_a_closed_or_wrong_kind_of_handle_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var set = await SetAsync(c, "Cluster Group");
        var read = await ReadGroupAsync(c, "Available Storage");
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new MoveGroupToGroupSetRequest(set, read))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetGroupDependencyExpressionRequest(read, "[Cluster Group]"))).Result);
        // A group handle where a set handle belongs.
        var group = await GroupAsync(c, "Available Storage");
        var asSet = new GroupSetHandle(group.Value);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new AddGroupToGroupSetRequest(asSet, group))).Result);
        var closed = await SetAsync(c, "Cluster Group");
        await c.CallAsync(new CloseGroupSetRequest(closed));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new DeleteGroupSetRequest(closed))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new AddGroupSetDependencyRequest(set, closed))).Result);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
        Assert.Empty(host.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderGroupNames);
    }

    [Fact]
    public async Task Delete_answers_ERROR_DIR_NOT_EMPTY_for_a_set_with_members_and_a_deleted_set_ERROR_GROUPSET_NOT_AVAILABLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var set = await SetAsync(c, "Cluster Group");
        Assert.Equal(Win32Error.DirNotEmpty, (await c.CallAsync(new DeleteGroupSetRequest(set))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RemoveGroupFromGroupSetRequest(await GroupAsync(c, "Cluster Group")))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteGroupSetRequest(set))).Result);
        Assert.Null(host.Engine.Queries.FindGroupSet("Cluster Group"));
        // The handle is still open, its set gone.
        Assert.Equal(Win32Error.GroupsetNotAvailable, (await c.CallAsync(new DeleteGroupSetRequest(set))).Result);
        Assert.Equal(Win32Error.GroupsetNotFound, (await c.CallAsync(new OpenGroupSetRequest("Cluster Group"))).Status);
    }

    [Fact]
    public async Task Add_refuses_a_member_of_another_set_with_ERROR_ALREADY_EXISTS_and_move_moves_it()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var other = (await c.CallAsync(new CreateGroupSetRequest("other"))).Handle;
        var group = await GroupAsync(c, "Cluster Group");
        Assert.Equal(Win32Error.AlreadyExists, (await c.CallAsync(new AddGroupToGroupSetRequest(other, group))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new MoveGroupToGroupSetRequest(other, group))).Result);
        Assert.Empty(host.Engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.FindGroupSet("other")!.GroupNames);
    }

    [Fact]
    public async Task AddGroupToGroupSetEx_with_UseDomains_records_the_domains_in_the_group_key()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var set = (await c.CallAsync(new CreateGroupSetRequest("s"))).Handle;
        var group = await GroupAsync(c, "Available Storage");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddGroupToGroupSetExRequest(set, group, 3, 4, UseDomains: true, 0))).Result);
        var id = host.Engine.Queries.FindGroup("Available Storage")!.Id;
        Assert.Equal(3u, host.Engine.Queries.GetRegistryValue(@"Groups\" + id, "FaultDomain")!.AsDWord());
        Assert.Equal(4u, host.Engine.Queries.GetRegistryValue(@"Groups\" + id, "UpdateDomain")!.AsDWord());
        Assert.Equal(["Available Storage"], host.Engine.Queries.FindGroupSet("s")!.GroupNames);
    }

    [Fact]
    public async Task Dependencies_are_set_refused_on_cycles_and_removed_through_their_methods()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var storage = await GroupAsync(c, "Available Storage");
        var core = await GroupAsync(c, "Cluster Group");
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetGroupDependencyExpressionRequest(storage, "[Cluster Group] or [x]"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupDependencyExpressionRequest(storage, "[Cluster Group]"))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetGroupDependencyExpressionRequest(core, "[Available Storage]"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RemoveClusterGroupDependencyRequest(storage, core))).Result);
        Assert.Equal(Win32Error.DependencyNotFound, (await c.CallAsync(new RemoveClusterGroupDependencyRequest(storage, core))).Result);

        var coreSet = await SetAsync(c, "Cluster Group");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddGroupToGroupSetDependencyRequest(storage, coreSet))).Result);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.GetGroupDependencies("Available Storage")!.ProviderSetNames);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RemoveClusterGroupToGroupSetDependencyRequest(storage, coreSet))).Result);

        var s = (await c.CallAsync(new CreateGroupSetRequest("s"))).Handle;
        // An empty set takes part in no set dependency (MS-CMRP 3.1.4.2.153).
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new AddGroupSetDependencyRequest(s, coreSet))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddGroupToGroupSetRequest(s, storage))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddGroupSetDependencyRequest(s, coreSet))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new AddGroupSetDependencyRequest(coreSet, s))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new RemoveGroupSetDependencyRequest(s, coreSet))).Result);
        var coreSetId = host.Engine.Queries.FindGroupSet("Cluster Group")!.Id;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupSetDependencyExpressionRequest(s, "[" + coreSetId + "]"))).Result);
        Assert.Equal(["Cluster Group"], host.Engine.Queries.GetGroupSetDetails("s")!.ProviderSetNames);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupSetDependencyExpressionRequest(s, ""))).Result);
        Assert.Empty(host.Engine.Queries.GetGroupSetDetails("s")!.ProviderSetNames);
    }

    [Fact]
    public async Task Onlining_a_dependent_group_through_ApiOnlineGroup_brings_its_provider_online_first()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateGroup("db")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateResource("db", "db svc", "Generic Service")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateGroup("web")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateResource("web", "web svc", "Generic Service")).Error);
        var web = await GroupAsync(c, "web");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupDependencyExpressionRequest(web, "[db]"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OnlineGroupRequest(web))).Result);
        Assert.Equal(ClusterGroupState.Online, host.Engine.Queries.FindGroup("db")!.State);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OfflineGroupRequest(await GroupAsync(c, "db")))).Result);
        Assert.Equal(ClusterGroupState.Offline, host.Engine.Queries.FindGroup("web")!.State);
    }
}
