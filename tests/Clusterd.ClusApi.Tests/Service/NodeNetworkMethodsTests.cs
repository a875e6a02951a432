using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The NodeNetwork methods through the real service (issue 11): node enumeration, pause with drain, resume with
/// failback, resource types, the quorum resource, networks and interfaces, with their bad-input answers.
/// </summary>
public sealed class NodeNetworkMethodsTests
{
    private const string Network1Id = "5e1f3d2a-0b7c-4e8d-9f60-112233445566";

    private static Task<NodeHandle> Node(RpcClient c, string name) => Stub.OpenAsync(c, new OpenNodeRequest(name));

    private static Task<NetworkHandle> Network(RpcClient c, string name) => Stub.OpenAsync(c, new OpenNetworkRequest(name));

    private static async Task<NodeHandle> ReadNode(RpcClient c, string name)
    {
        var r = await c.CallAsync(new OpenNodeExRequest(name, 0x80000000)); // GENERIC_READ
        Assert.Equal(Win32Error.Success, r.Status);
        return r.Handle;
    }

    private static List<string> Names(IReadOnlyList<EnumEntry>? entries) => [.. entries!.Select(e => e.Name!)];

    [Fact]
    public async Task CreateNodeEnum_lists_the_nodes_interfaces_and_owned_groups_by_type_bit_and_ignores_other_bits()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node1 = await Node(c, "node1");
        var r = await c.CallAsync(new CreateNodeEnumRequest(node1, 0x1 | 0x2 | 0x100));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal([(1u, "node1 - Ethernet")], r.Entries!.Where(e => e.Type == 1).Select(e => (e.Type, e.Name)));
        Assert.Equal(["Available Storage", "Cluster Disk 1", "Cluster Group"], r.Entries!.Where(e => e.Type == 2).Select(e => e.Name).Order());
        Assert.Empty((await c.CallAsync(new CreateNodeEnumRequest(node1, 0x100))).Entries!);
        var closed = await c.CallAsync(new CloseNodeRequest(node1));
        Assert.Equal(Win32Error.Success, closed.Result);
        var stale = await c.CallAsync(new CreateNodeEnumRequest(node1, 1));
        Assert.Equal((Win32Error.InvalidHandle, (IReadOnlyList<EnumEntry>?)null), (stale.Result, stale.Entries));
    }

    [Fact]
    public async Task CreateNodeEnumEx_answers_IDs_and_names_of_equal_length_and_refuses_bad_type_or_options()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node2 = await ReadNode(c, "node2"); // "Read" is enough
        var r = await c.CallAsync(new CreateNodeEnumExRequest(node2, 3, 0));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal(r.Ids!.Count, r.Names!.Count);
        var group = r.Names.Single(e => e.Type == 2);
        Assert.Equal("Cluster Disk 2", group.Name);
        Assert.Equal(host.Engine.Queries.FindGroup("Cluster Disk 2")!.Id, r.Ids[r.Names.ToList().IndexOf(group)].Name);
        var nic = r.Names.Single(e => e.Type == 1);
        Assert.Equal(host.Engine.Queries.FindNetInterface(nic.Name!)!.Id, r.Ids[r.Names.ToList().IndexOf(nic)].Name);

        var badType = await c.CallAsync(new CreateNodeEnumExRequest(node2, 4, 0));
        Assert.Equal((Win32Error.InvalidParameter, (IReadOnlyList<EnumEntry>?)null, (IReadOnlyList<EnumEntry>?)null), (badType.Result, badType.Ids, badType.Names));
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new CreateNodeEnumExRequest(node2, 1, 1))).Result);
    }

    [Fact]
    public async Task PauseNodeEx_with_drain_answers_IO_PENDING_with_every_group_moved_and_the_node_paused()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node1 = await Node(c, "node1");
        Assert.Equal(Win32Error.IoPending, (await c.CallAsync(new PauseNodeExRequest(node1, true, 0))).Result);
        Assert.Equal(ClusterNodeState.Paused, (ClusterNodeState)(await c.CallAsync(new GetNodeStateRequest(node1))).State);
        Assert.Empty((await c.CallAsync(new CreateNodeEnumRequest(node1, 2))).Entries!);
        // Resume with immediate failback: no group prefers node1, so none comes back.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ResumeNodeExRequest(node1, 1, 0))).Result);
        Assert.Empty((await c.CallAsync(new CreateNodeEnumRequest(node1, 2))).Entries!);
        Assert.Equal(Win32Error.ClusterNodeNotPaused, (await c.CallAsync(new ResumeNodeExRequest(node1, 0, 0))).Result);
    }

    [Fact]
    public async Task PauseNodeEx_without_drain_is_ApiPauseNode_and_the_flags_are_ignored()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node1 = await Node(c, "node1");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new PauseNodeExRequest(node1, false, 0xFF))).Result);
        Assert.Equal(3, (await c.CallAsync(new CreateNodeEnumRequest(node1, 2))).Entries!.Count);
    }

    [Fact]
    public async Task PauseNodeWithDrainTarget_moves_everything_to_the_target_and_refuses_itself_a_paused_target_or_a_read_target_handle()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node1 = await Node(c, "node1");
        var node3 = await Node(c, "node3");
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.InvalidTargetHandle, (await c.CallAsync(new PauseNodeWithDrainTargetRequest(node1, 0, node1))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new PauseNodeWithDrainTargetRequest(node1, 0, await ReadNode(c, "node3")))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new PauseNodeWithDrainTargetRequest(node1, 0, NodeHandle.Null))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));

        Assert.Equal(Win32Error.Success, (await c.CallAsync(new PauseNodeRequest(node3))).Result);
        var paused = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.HostNodeNotAvailable, (await c.CallAsync(new PauseNodeWithDrainTargetRequest(node1, 0, node3))).Result);
        Assert.Equal(paused, EngineState.Of(host.Engine));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ResumeNodeExRequest(node3, 0, 0))).Result);

        Assert.Equal(Win32Error.IoPending, (await c.CallAsync(new PauseNodeWithDrainTargetRequest(node1, 0, node3))).Result);
        Assert.Equal(["Available Storage", "Cluster Disk 1", "Cluster Group"], Names((await c.CallAsync(new CreateNodeEnumRequest(node3, 2))).Entries).Order());
    }

    [Fact]
    public async Task Node_writes_need_All_access_and_the_read_write_state()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var read = await ReadNode(c, "node1");
        var full = await Node(c, "node1");
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new PauseNodeExRequest(read, true, 0))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new ResumeNodeExRequest(read, 0, 0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new ResumeNodeExRequest(full, 3, 0))).Result);
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new PauseNodeExRequest(full, true, 0))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new CreateResourceTypeRequest("T", "T", "t.dll", 1, 1))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new SetNetworkPriorityOrderRequest([Network1Id]))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
        // Reads still answer in the read-only state.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateNodeEnumRequest(read, 1))).Result);
    }

    [Fact]
    public async Task Resource_types_are_created_visible_to_ApiCreateResTypeEnum_and_ApiCreateEnum_and_deleted_only_when_unused()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateResourceTypeRequest("Custom", "Custom type", "custom.dll", 5000, 60000))).Result);
        Assert.Equal(Win32Error.AlreadyExists, (await c.CallAsync(new CreateResourceTypeRequest("Custom", "again", "custom.dll", 1, 1))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new CreateResourceTypeRequest("", "empty", "custom.dll", 1, 1))).Result);
        Assert.Contains("Custom", Names((await c.CallAsync(new CreateEnumRequest(2))).Entries));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateResTypeEnumRequest("Custom", 1))).Result);
        // The type controls see it: CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES carries its DLL and poll intervals.
        var props = await Stub.ControlAsync(c, new ResourceTypeControlRequest(await Stub.OpenClusterAsync(c), "Custom", 0x02000059, default, 0x4000));
        Assert.Equal(Win32Error.Success, props.Result);
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(props.Output, out var list));
        Assert.True(list.TryGet("DllName", out var dll));
        Assert.Equal(Win32Error.Success, dll.Value.TryGetString(out var dllName));
        Assert.Equal("custom.dll", dllName);
        Assert.True(list.TryGet("LooksAlivePollInterval", out var looks));
        Assert.Equal(Win32Error.Success, looks.Value.TryGetDword(out var looksAlive));
        Assert.Equal(5000u, looksAlive);

        var created = await c.CallAsync(new CreateResourceRequest(await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group")), "c1", "Custom", 0));
        Assert.Equal(Win32Error.Success, created.Status);
        Assert.Equal(Win32Error.DirNotEmpty, (await c.CallAsync(new DeleteResourceTypeRequest("Custom"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteResourceRequest(created.Handle))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteResourceTypeRequest("Custom"))).Result);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, (await c.CallAsync(new DeleteResourceTypeRequest("Custom"))).Result);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, (await c.CallAsync(new CreateResTypeEnumRequest("Custom", 1))).Result);
    }

    [Fact]
    public async Task SetQuorumResource_is_what_GetQuorumResource_answers_and_a_resource_that_cannot_be_quorum_is_refused()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var disk3 = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 3"));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetQuorumResourceRequest(disk3, @"Q:\Cluster\", 0x800000))).Result);
        var q = await c.CallAsync(new GetQuorumResourceRequest());
        Assert.Equal(("Cluster Disk 3", @"Q:\Cluster\", 0x800000u, Win32Error.Success), (q.ResourceName, q.DeviceName, q.MaxQuorumLogSize, q.Result));

        var before = EngineState.Of(host.Engine);
        var name = await Stub.OpenAsync(c, new OpenResourceRequest("Network Name"));
        Assert.Equal(Win32Error.NotQuorumClass, (await c.CallAsync(new SetQuorumResourceRequest(name, "", 0))).Result);
        var csv = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 1"));
        Assert.Equal(Win32Error.NotQuorumClass, (await c.CallAsync(new SetQuorumResourceRequest(csv, "", 0))).Result);
        var readDisk = (await c.CallAsync(new OpenResourceExRequest("Cluster Disk 3", 0x80000000))).Handle;
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetQuorumResourceRequest(readDisk, "", 0))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new SetQuorumResourceRequest(ResourceHandle.Null, "", 0))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task SetNetworkName_renames_keeps_names_unique_and_CreateNetworkEnum_lists_the_networks_interfaces()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var net = await Network(c, "Cluster Network 1");
        Assert.Equal(Win32Error.InvalidName, (await c.CallAsync(new SetNetworkNameRequest(net, ""))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetNetworkNameRequest(net, "Heartbeat"))).Result);
        Assert.Equal(Network1Id, host.Engine.Queries.FindNetwork("Heartbeat")!.Id);
        Assert.Contains("Heartbeat", Names((await c.CallAsync(new CreateEnumRequest(0x10))).Entries));

        var e = await c.CallAsync(new CreateNetworkEnumRequest(net, 1 | 0x40));
        Assert.Equal(Win32Error.Success, e.Result);
        Assert.Equal(["node1 - Ethernet", "node2 - Ethernet", "node3 - Ethernet"], Names(e.Entries));
        Assert.All(e.Entries!, x => Assert.Equal(1u, x.Type));
        Assert.Empty((await c.CallAsync(new CreateNetworkEnumRequest(net, 0))).Entries!);
        var read = (await c.CallAsync(new OpenNetworkExRequest("Heartbeat", 0x80000000))).Handle;
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetNetworkNameRequest(read, "x"))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new SetNetworkNameRequest(NetworkHandle.Null, "x"))).Result);
    }

    [Fact]
    public async Task SetNetworkPriorityOrder_orders_the_internal_network_enumeration_and_refuses_a_wrong_list()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetNetworkPriorityOrderRequest([]))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetNetworkPriorityOrderRequest([null]))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetNetworkPriorityOrderRequest(["Cluster Network 1"]))).Result); // a name, not an ID
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new SetNetworkPriorityOrderRequest([Network1Id, Network1Id]))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetNetworkPriorityOrderRequest([Network1Id]))).Result);
        Assert.Equal([Network1Id], host.Engine.Queries.GetNetworkPriorityOrder());
        Assert.Equal(["Cluster Network 1"], Names((await c.CallAsync(new CreateEnumRequest(0x80000000))).Entries));
    }

    [Fact]
    public async Task GetNetInterface_finds_the_interface_of_a_node_on_a_network_with_an_error_for_each_missing_part()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var r = await c.CallAsync(new GetNetInterfaceRequest("node2", "Cluster Network 1"));
        Assert.Equal(("node2 - Ethernet", Win32Error.Success), (r.Value, r.Result));
        var missing = await c.CallAsync(new GetNetInterfaceRequest("node9", "Cluster Network 1"));
        Assert.Equal(((string?)null, Win32Error.ClusterNodeNotFound), (missing.Value, missing.Result));
        Assert.Equal(Win32Error.ClusterNodeNotFound, (await c.CallAsync(new GetNetInterfaceRequest("", "Cluster Network 1"))).Result);
        Assert.Equal(Win32Error.ClusterNetworkNotFound, (await c.CallAsync(new GetNetInterfaceRequest("node2", "nope"))).Result);
        // An evicted node is gone with its interfaces.
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new Cluster.Commands.EvictNode("node3")));
        Assert.Equal(Win32Error.ClusterNodeNotFound, (await c.CallAsync(new GetNetInterfaceRequest("node3", "Cluster Network 1"))).Result);
    }

    [Fact]
    public async Task CreateNetInterfaceEnum_filters_by_node_and_network_an_empty_name_filters_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenClusterAsync(c);
        var all = await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "", ""));
        Assert.Equal(["node1 - Ethernet", "node2 - Ethernet", "node3 - Ethernet"], Names(all.Entries));
        Assert.All(all.Entries!, x => Assert.Equal(0x20u, x.Type));
        Assert.Equal(["node2 - Ethernet"], Names((await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "node2", ""))).Entries));
        Assert.Equal(["node3 - Ethernet"], Names((await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "node3", "Cluster Network 1"))).Entries));
        Assert.Equal(3, (await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "", Network1Id))).Entries!.Count);
        var noNode = await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "node9", ""));
        Assert.Equal((Win32Error.ClusterNodeNotFound, (IReadOnlyList<EnumEntry>?)null), (noNode.Result, noNode.Entries));
        Assert.Equal(Win32Error.ClusterNetworkNotFound, (await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "", "nope"))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new CreateNetInterfaceEnumRequest(ClusterHandle.Null, "", ""))).Result);
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateNetInterfaceEnumRequest(cluster, "", ""))).Result);
    }

    [Fact]
    public async Task A_new_resource_type_and_a_new_quorum_resource_reach_a_cluster_notification_port()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var control = await host.ConnectAsync();
        var port = await NotifyStub.CreateAsync(notify);
        var cluster = (await Stub.OpenClusterAsync(notify)).Value;
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(notify, port, cluster, ClusterObjectType.Cluster,
            (long)(ClusterChangeClusterV2.ResourceTypeAdded | ClusterChangeClusterV2.CommonProperty), key: 7));

        Assert.Equal(Win32Error.Success, (await control.CallAsync(new CreateResourceTypeRequest("Custom", "Custom", "custom.dll", 1, 1))).Result);
        var added = Assert.Single((await NotifyStub.GetAsync(notify, port).WaitAsync(TimeSpan.FromSeconds(20))).Notifications);
        Assert.Equal((long)ClusterChangeClusterV2.ResourceTypeAdded, added.Data.FilterAndType.FilterFlags);
        Assert.Equal("Custom", added.Data.Name);

        var disk3 = await Stub.OpenAsync(control, new OpenResourceRequest("Cluster Disk 3"));
        Assert.Equal(Win32Error.Success, (await control.CallAsync(new SetQuorumResourceRequest(disk3, "", 0x400000))).Result);
        var changed = Assert.Single((await NotifyStub.GetAsync(notify, port).WaitAsync(TimeSpan.FromSeconds(20))).Notifications);
        Assert.Equal((long)ClusterChangeClusterV2.CommonProperty, changed.Data.FilterAndType.FilterFlags);
        Assert.Equal(7u, changed.NotifyKey);
    }
}
