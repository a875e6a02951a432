using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// Version 1 notification ports over the wire (MS-CMRP 3.1.4.2.56-66, 90, 91, 99, 100, 143) and
/// ApiAddNotifyResourceTypeV2 (3.1.4.2.144). A waiting ApiGetNotify owns its connection, so changes come from
/// another connection, and ApiUnblockGetNotifyCall/ApiCloseNotify from a second connection of the same association.
/// </summary>
public sealed class NotifyV1MethodsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private const string NetworkNameId = "9a1e1f00-0000-4000-8000-000000000003"; // "Network Name", in Cluster Group

    [Fact]
    public async Task GetNotify_waits_and_is_released_by_the_event_with_key_filter_state_sequence_and_name()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var control = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(notify);
        var resource = (await Stub.OpenAsync(notify, new OpenResourceRequest("Network Name"))).Value;
        var (added, sequence) = await NotifyV1Stub.AddResourceAsync(notify, port, resource, ClusterChangeV1.ResourceState, key: 42);
        Assert.Equal(Win32Error.Success, added);

        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => NotifyV1Stub.GetAsync(notify, port));
        Assert.Equal(Win32Error.Success, (await control.CallAsync(new OfflineResourceRequest(await Stub.OpenAsync(control, new OpenResourceRequest("Network Name"))))).Result);

        var got = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, got.Result);
        Assert.Equal(42u, got.NotifyKey);
        Assert.Equal((uint)ClusterChangeV1.ResourceState, got.Filter);
        Assert.Equal("Network Name", got.Name);
        Assert.Equal(sequence + 1, got.StateSequence); // the first state change since the registration
    }

    [Fact]
    public async Task GetNotify_has_no_timeout_in_protocol_version_3_the_fake_clock_does_not_release_it()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: notify.AssociationGroupId);
        var port = await NotifyV1Stub.CreateAsync(notify);
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(notify, port, (await Stub.OpenClusterAsync(notify)).Value, ClusterChangeV1.GroupAdded));
        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => NotifyV1Stub.GetAsync(notify, port));

        // 3.1.4.2.66 has no Timeout parameter (the GetNotify timer is protocol version 2.0's): a day of cluster time
        // passes and the call still waits; a later event releases it.
        ((FakeTimeProvider)host.Engine.Time).Advance(TimeSpan.FromDays(1));
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await using var control = await host.ConnectAsync();
        await Stub.OpenAsync(control, new CreateGroupRequest("New Group"));
        var got = await waiting.WaitAsync(Bound);
        Assert.Equal((Win32Error.Success, (uint)ClusterChangeV1.GroupAdded, "New Group"), (got.Result, got.Filter, got.Name));
        Assert.Equal(Win32Error.Success, await NotifyStub.UnblockAsync(side, port));
    }

    [Fact]
    public async Task UnblockGetNotifyCall_ends_a_waiting_GetNotify_with_ERROR_INVALID_FUNCTION_then_ERROR_NO_MORE_ITEMS()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: notify.AssociationGroupId);
        var port = await NotifyV1Stub.CreateAsync(notify);
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(notify, port, (await Stub.OpenClusterAsync(notify)).Value, ClusterChangeV1.GroupAdded));

        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => NotifyV1Stub.GetAsync(notify, port));
        Assert.Equal(Win32Error.Success, await NotifyStub.UnblockAsync(side, port));
        var ended = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.InvalidFunction, ended.Result);
        Assert.Null(ended.Name);
        Assert.Equal(Win32Error.NoMoreItems, (await NotifyV1Stub.GetAsync(notify, port).WaitAsync(Bound)).Result);
        Assert.Equal(Win32Error.NoMoreItems, (await NotifyV1Stub.GetBatchAsync(notify, port).WaitAsync(Bound)).Result);
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(notify, port));
    }

    [Fact]
    public async Task CloseNotify_ends_a_waiting_GetNotifyAsync_and_the_version_1_handle_is_gone()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: notify.AssociationGroupId);
        var port = await NotifyV1Stub.CreateAsync(notify);
        var cluster = (await Stub.OpenClusterAsync(notify)).Value;
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(notify, port, cluster, ClusterChangeV1.GroupAdded));

        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => NotifyV1Stub.GetBatchAsync(notify, port));
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(side, port));
        var ended = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.InvalidFunction, ended.Result);
        Assert.Empty(ended.Notifications);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.GetAsync(notify, port)).Result);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(notify, port, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal((port, Win32Error.InvalidHandle), await NotifyStub.CloseAsync(notify, port));
    }

    [Fact]
    public async Task GetNotify_returns_one_indication_per_call_and_GetNotifyAsync_the_rest_as_one_batch_in_order()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(c, port, (await Stub.OpenClusterAsync(c)).Value, ClusterChangeV1.GroupAdded | ClusterChangeV1.GroupDeleted, key: 5));
        var a = await Stub.OpenAsync(c, new CreateGroupRequest("A"));
        await Stub.OpenAsync(c, new CreateGroupRequest("B"));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteGroupRequest(a, false))).Result);

        var first = await NotifyV1Stub.GetAsync(c, port).WaitAsync(Bound);
        Assert.Equal((5u, (uint)ClusterChangeV1.GroupAdded, "A"), (first.NotifyKey, first.Filter, first.Name));
        var rest = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, rest.Result);
        Assert.Equal(
            [new NotificationDataAsyncRpc(5, (uint)ClusterChangeV1.GroupAdded, "B"), new NotificationDataAsyncRpc(5, (uint)ClusterChangeV1.GroupDeleted, "A")],
            rest.Notifications);
    }

    [Fact]
    public async Task A_group_registration_sees_only_its_group_and_only_the_values_of_its_filter()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var storage = (await Stub.OpenAsync(c, new OpenGroupRequest("Available Storage"))).Value;
        var (added, _) = await NotifyV1Stub.AddGroupAsync(c, port, storage, ClusterChangeV1.GroupProperty, key: 3);
        Assert.Equal(Win32Error.Success, added);

        var other = await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupNameRequest(other, "Core"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupNameRequest(new GroupHandle(storage), "Storage"))).Result);

        var got = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
        var n = Assert.Single(got.Notifications);
        Assert.Equal(new NotificationDataAsyncRpc(3, (uint)ClusterChangeV1.GroupProperty, "Storage"), n);
    }

    [Fact]
    public async Task ReAddNotify_with_a_stale_state_sequence_queues_the_STATE_indication_at_once_and_with_the_current_one_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var resource = (await Stub.OpenAsync(c, new OpenResourceRequest("Network Name"))).Value;
        var port = await NotifyV1Stub.CreateAsync(c);
        var (_, before) = await NotifyV1Stub.AddResourceAsync(c, port, resource, ClusterChangeV1.ResourceProperty, key: 1);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OfflineResourceRequest(new ResourceHandle(resource)))).Result);
        ((FakeTimeProvider)host.Engine.Time).Advance(TimeSpan.FromMinutes(5)); // any pending state runs out

        // A client that reconnects with the sequence it saw before the state change: the server queues RESOURCE_STATE
        // even though dwFilter only asks for PROPERTY (3.1.4.2.65: MUST queue ... if the sequence differs).
        var fresh = await NotifyV1Stub.CreateAsync(c);
        var stale = await c.CallAsync(new ReAddNotifyResourceRequest(new NotifyHandle(fresh), new ResourceHandle(resource), (uint)ClusterChangeV1.ResourceProperty, 9, before));
        Assert.Equal(Win32Error.Success, stale.Result);
        var got = await NotifyV1Stub.GetAsync(c, fresh).WaitAsync(Bound);
        Assert.Equal((9u, (uint)ClusterChangeV1.ResourceState, "Network Name"), (got.NotifyKey, got.Filter, got.Name));
        Assert.True(got.StateSequence > before);

        // With the current sequence nothing is queued: the next indication is the rename's PROPERTY.
        var current = await NotifyV1Stub.CreateAsync(c);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ReAddNotifyResourceRequest(new NotifyHandle(current), new ResourceHandle(resource), (uint)ClusterChangeV1.ResourceProperty, 4, got.StateSequence))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetResourceNameRequest(new ResourceHandle(resource), "NN2"))).Result);
        var next = await NotifyV1Stub.GetBatchAsync(c, current).WaitAsync(Bound);
        Assert.Equal([new NotificationDataAsyncRpc(4, (uint)ClusterChangeV1.ResourceProperty, "NN2")], next.Notifications);
    }

    [Fact]
    public async Task ReAddNotify_for_node_group_network_and_interface_queue_their_own_STATE_value()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var notify = new NotifyHandle(port);
        var node = await Stub.OpenAsync(c, new OpenNodeRequest("node1"));
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"));
        var network = await Stub.OpenAsync(c, new OpenNetworkRequest("Cluster Network 1"));
        var netInterface = await Stub.OpenAsync(c, new OpenNetInterfaceRequest("node1 - Ethernet"));
        const uint stale = 0xFFFF;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ReAddNotifyNodeRequest(notify, node, (uint)ClusterChangeV1.NodeState, 1, stale))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ReAddNotifyGroupRequest(notify, group, (uint)ClusterChangeV1.GroupState, 2, stale))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ReAddNotifyNetworkRequest(notify, network, (uint)ClusterChangeV1.NetworkState, 3, stale))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ReAddNotifyNetInterfaceRequest(notify, netInterface, (uint)ClusterChangeV1.NetInterfaceState, 4, stale))).Result);

        var got = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
        Assert.Equal(
        [
            new NotificationDataAsyncRpc(1, (uint)ClusterChangeV1.NodeState, "node1"),
            new NotificationDataAsyncRpc(2, (uint)ClusterChangeV1.GroupState, "Cluster Group"),
            new NotificationDataAsyncRpc(3, (uint)ClusterChangeV1.NetworkState, "Cluster Network 1"),
            new NotificationDataAsyncRpc(4, (uint)ClusterChangeV1.NetInterfaceState, "node1 - Ethernet"),
        ], got.Notifications);
    }

    [Fact]
    public async Task Network_and_interface_registrations_receive_their_PROPERTY_value_from_a_common_property_write()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var network = await Stub.OpenAsync(c, new OpenNetworkRequest("Cluster Network 1"));
        var netInterface = await Stub.OpenAsync(c, new OpenNetInterfaceRequest("node1 - Ethernet"));
        var (r1, s1) = await NotifyV1Stub.AddNetworkAsync(c, port, network.Value, ClusterChangeV1.NetworkProperty, key: 1);
        var (r2, s2) = await NotifyV1Stub.AddNetInterfaceAsync(c, port, netInterface.Value, ClusterChangeV1.NetInterfaceProperty, key: 2);
        Assert.Equal((Win32Error.Success, Win32Error.Success), (r1, r2));
        Assert.Equal((0u, 0u), (s1, s2)); // no state indication yet

        var description = new PropertyListWriter().AddString("Description", "d").ToArray();
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new NetworkControlRequest(network, 0x0540005E, description, 0))).Result);
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new NetInterfaceControlRequest(netInterface, 0x0640005E, description, 0))).Result);

        var got = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
        Assert.Equal(
        [
            new NotificationDataAsyncRpc(1, (uint)ClusterChangeV1.NetworkProperty, "Cluster Network 1"),
            new NotificationDataAsyncRpc(2, (uint)ClusterChangeV1.NetInterfaceProperty, "node1 - Ethernet"),
        ], got.Notifications);
    }

    [Fact]
    public async Task AddNotifyKey_reports_a_property_write_as_REGISTRY_VALUE_relative_to_the_watched_key_and_the_subtree_only_with_WatchSubTree()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var root = (await Stub.OpenAsync(c, new GetRootKeyRequest(0x20019))).Value;
        var groupId = host.Engine.Queries.FindGroup("Available Storage")!.Id;
        var groupKey = (await Stub.OpenAsync(c, new OpenKeyRequest(new KeyHandle(root), @"Groups\" + groupId, 0x20019))).Value;
        const ClusterChangeV1 values = ClusterChangeV1.RegistryValue;
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, root, values, subtree: false, notifyKey: 1));
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, root, values, subtree: true, notifyKey: 2));
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, groupKey, values, subtree: false, notifyKey: 3));

        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupNameRequest(await Stub.OpenAsync(c, new OpenGroupRequest("Available Storage")), "Storage"))).Result);

        var got = (await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound)).Notifications;
        Assert.DoesNotContain(got, n => n.NotifyKey == 1); // the root itself did not change
        Assert.Contains(new NotificationDataAsyncRpc(2, (uint)ClusterChangeV1.RegistryValue, @"Groups\" + groupId), got);
        Assert.Contains(new NotificationDataAsyncRpc(3, (uint)ClusterChangeV1.RegistryValue, ""), got);
        Assert.All(got, n => Assert.Equal((uint)ClusterChangeV1.RegistryValue, n.Filter));
    }

    [Fact]
    public async Task AddNotifyCluster_with_REGISTRY_NAME_watches_the_root_key_a_new_group_key_is_a_subkey_name_change()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var cluster = (await Stub.OpenClusterAsync(c)).Value;
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(c, port, cluster, ClusterChangeV1.RegistryName | ClusterChangeV1.RegistrySubtree, key: 8));
        await Stub.OpenAsync(c, new CreateGroupRequest("Keyed"));
        var id = host.Engine.Queries.FindGroup("Keyed")!.Id;

        var got = await NotifyV1Stub.GetAsync(c, port).WaitAsync(Bound);
        Assert.Equal((8u, (uint)ClusterChangeV1.RegistryName, @"Groups\" + id), (got.NotifyKey, got.Filter, got.Name));
    }

    [Fact]
    public async Task Version_1_methods_refuse_wrong_handles_with_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = (await Stub.OpenClusterAsync(c)).Value;
        var group = (await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"))).Value;
        var v1 = await NotifyV1Stub.CreateAsync(c);
        var v2 = await NotifyStub.CreateAsync(c);
        var bogus = new NdrContextHandle(0, Guid.NewGuid());

        // hNotify unknown, of an object, or a version 2 port; hObject unknown or of another kind.
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(c, bogus, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(c, cluster, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(c, v2, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(c, v1, group, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.AddNodeAsync(c, v1, group, ClusterChangeV1.NodeState)).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.AddResourceAsync(c, v1, bogus, ClusterChangeV1.ResourceState)).Result);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddKeyAsync(c, v1, cluster, ClusterChangeV1.RegistryValue, false));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new ReAddNotifyGroupRequest(new NotifyHandle(v2), new GroupHandle(group), (uint)ClusterChangeV1.GroupState, 1, 0))).Result);

        // Each version's methods refuse the other version's port.
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.GetAsync(c, v2)).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.GetBatchAsync(c, v2)).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyStub.GetAsync(c, v1)).Result);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.AddAsync(c, v1, cluster, ClusterObjectType.Group, (long)ClusterChangeGroupV2.State));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new AddNotifyResourceTypeV2Request(new NotifyHandle(v1), 1, 1, "Physical Disk", 2))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.GetAsync(c, bogus)).Result);
    }

    [Fact]
    public async Task Version_1_port_belongs_to_its_association()
    {
        await using var host = ServiceHost.Start();
        await using var owner = await host.ConnectAsync();
        await using var stranger = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(owner);
        var cluster = (await Stub.OpenClusterAsync(stranger)).Value;
        Assert.Equal(Win32Error.InvalidHandle, await NotifyV1Stub.AddClusterAsync(stranger, port, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyV1Stub.GetAsync(stranger, port)).Result);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.UnblockAsync(stranger, port));
        Assert.Equal((port, Win32Error.InvalidHandle), await NotifyStub.CloseAsync(stranger, port));
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(owner, port));
    }

    [Fact]
    public async Task Filters_empty_or_outside_the_object_set_are_ERROR_INVALID_PARAMETER_and_register_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var node = (await Stub.OpenAsync(c, new OpenNodeRequest("node1"))).Value;
        var group = (await Stub.OpenAsync(c, new OpenGroupRequest("Available Storage"))).Value;
        var root = (await Stub.OpenAsync(c, new GetRootKeyRequest(0x20019))).Value;
        var cluster = (await Stub.OpenClusterAsync(c)).Value;

        Assert.Equal(Win32Error.InvalidParameter, (await NotifyV1Stub.AddNodeAsync(c, port, node, ClusterChangeV1.GroupState)).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await NotifyV1Stub.AddNodeAsync(c, port, node, ClusterChangeV1.None)).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await NotifyV1Stub.AddGroupAsync(c, port, group, ClusterChangeV1.GroupProperty | ClusterChangeV1.ResourceState)).Result);
        Assert.Equal(Win32Error.InvalidParameter, await NotifyV1Stub.AddKeyAsync(c, port, root, ClusterChangeV1.GroupAdded, false));
        Assert.Equal(Win32Error.InvalidParameter, await NotifyV1Stub.AddClusterAsync(c, port, cluster, ClusterChangeV1.None));
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new ReAddNotifyGroupRequest(new NotifyHandle(port), new GroupHandle(group), (uint)ClusterChangeV1.NodeState, 1, 77))).Result);
        // HANDLE_CLOSE is client-side (3.2.4.7): accepted with the object's values, never queued.
        Assert.Equal(Win32Error.Success, (await NotifyV1Stub.AddGroupAsync(c, port, group, ClusterChangeV1.GroupProperty | ClusterChangeV1.HandleClose, key: 6)).Result);

        // Nothing of the refused calls was registered: the refused ReAdd queued no GROUP_STATE; the rename is the first.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetGroupNameRequest(new GroupHandle(group), "S2"))).Result);
        var got = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
        Assert.Equal([new NotificationDataAsyncRpc(6, (uint)ClusterChangeV1.GroupProperty, "S2")], got.Notifications);
    }

    [Fact]
    public async Task A_registration_for_a_deleted_object_answers_the_object_kind_not_found_error()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var port = await NotifyV1Stub.CreateAsync(c);
        var group = await Stub.OpenAsync(c, new CreateGroupRequest("Doomed"));
        await using var other = await host.ConnectAsync();
        Assert.Equal(Win32Error.Success, (await other.CallAsync(new DeleteGroupRequest(await Stub.OpenAsync(other, new OpenGroupRequest("Doomed")), false))).Result);

        Assert.Equal(Win32Error.GroupNotFound, (await NotifyV1Stub.AddGroupAsync(c, port, group.Value, ClusterChangeV1.GroupState)).Result);
        Assert.Equal(Win32Error.GroupNotFound, (await c.CallAsync(new ReAddNotifyGroupRequest(new NotifyHandle(port), group, (uint)ClusterChangeV1.GroupState, 1, 5))).Result);
    }

    [Fact]
    public async Task AddNotifyResourceTypeV2_registers_one_type_on_a_version_2_port_and_checks_version_flags_and_name()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var v2 = await NotifyStub.CreateAsync(c);
        var port = new NotifyHandle(v2);
        const ulong common = (ulong)ClusterChangeResourceTypeV2.CommonProperty;
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new AddNotifyResourceTypeV2Request(port, common, 1, "Physical Disk", 1))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new AddNotifyResourceTypeV2Request(port, 0x40, 1, "Physical Disk", 2))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new AddNotifyResourceTypeV2Request(port, 0, 1, "Physical Disk", 2))).Result);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, (await c.CallAsync(new AddNotifyResourceTypeV2Request(port, common, 1, "No Such Type", 2))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new AddNotifyResourceTypeV2Request(port, common, 77, "physical disk", 2))).Result);

        // A property write on another type is not for this registration; one on Physical Disk is.
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new SetProperties(ClusterObjectType.ResourceType, "IP Address", false, [StoredValue.String("Description", "x")])));
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new SetProperties(ClusterObjectType.ResourceType, "Physical Disk", false, [StoredValue.String("Description", "y")])));
        var got = await NotifyStub.GetAsync(c, v2).WaitAsync(Bound);
        var n = Assert.Single(got.Notifications);
        Assert.Equal((77u, "Physical Disk"), (n.NotifyKey, n.Data.Name));
        Assert.Equal(new NotifyFilterAndType((uint)ClusterObjectType.ResourceType, (long)common), n.Data.FilterAndType);
    }

    [Fact]
    public async Task Version_1_methods_are_served_read_only_and_refused_with_ERROR_SHARING_PAUSED_when_the_server_accepts_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = (await Stub.OpenClusterAsync(c)).Value;
        var group = (await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"))).Value;

        // 3.1.4.2.56, 58, 60: SHOULD accept in the read-only state.
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        var port = await NotifyV1Stub.CreateAsync(c);
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddClusterAsync(c, port, cluster, ClusterChangeV1.GroupAdded));
        Assert.Equal(Win32Error.Success, (await NotifyV1Stub.AddGroupAsync(c, port, group, ClusterChangeV1.GroupState)).Result);

        // With no protocol server state (3.1.1) nothing is created or registered.
        host.Engine.SetServerState(ProtocolServerState.None);
        var refused = await c.CallAsync(new CreateNotifyRequest());
        Assert.Equal((Win32Error.SharingPaused, NdrContextHandle.Null), (refused.Status, refused.Handle.Value));
        Assert.Equal(Win32Error.SharingPaused, await NotifyV1Stub.AddClusterAsync(c, port, cluster, ClusterChangeV1.GroupAdded));
        var (result, sequence) = await NotifyV1Stub.AddGroupAsync(c, port, group, ClusterChangeV1.GroupState);
        Assert.Equal((Win32Error.SharingPaused, 0u), (result, sequence));
    }
}
