using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Notifications;

/// <summary>Version 1 notification ports on a real engine (MS-CMRP 3.1.4.2.56-66; docs/behaviour.md, "Version 1 notification ports").</summary>
public sealed class NotificationPortV1Tests : IDisposable
{
    private const string AvailableStorageId = "0c5d2a31-7a1b-4e5f-8d3c-000000000002";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ClusterEngine _engine;

    public NotificationPortV1Tests() =>
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), _time);

    public void Dispose() => _engine.Dispose();

    private NotificationPortV1 Port(int limit = NotificationPortOptions.DefaultQueueLimit, int registrations = 4096) =>
        new(_engine, new NotificationPortOptions { QueueLimit = limit, RegistrationLimit = registrations });

    [Fact]
    public void A_port_that_is_never_read_holds_at_most_QueueLimit_indications_then_one_CLUSTER_RECONNECT()
    {
        using var port = Port(limit: 3);
        Assert.Equal(Win32Error.Success, port.Add(ClusterChangeV1.GroupAdded, null, null, false, 11));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Win32Error.Success, _engine.Execute(new CreateGroup("G" + i)).Error);
            Assert.True(port.Count <= 3);
        }
        Assert.Equal(3, port.Count);
        Assert.Equal(17, port.DroppedCount);

        var got = port.TryDequeue(int.MaxValue);
        Assert.Equal(["G0", "G1", "G2", ""], got.Select(n => n.Name));
        Assert.Equal((11u, (uint)ClusterChangeV1.ClusterReconnect), (got[3].NotifyKey, got[3].Filter)); // 3.1.4.2.66 SHOULD
        Assert.Empty(port.TryDequeue(int.MaxValue)); // the loss is reported once
    }

    [Fact]
    public void Registrations_past_the_limit_are_ERROR_NOT_ENOUGH_MEMORY_and_a_closed_port_ERROR_INVALID_HANDLE()
    {
        var port = Port(registrations: 2);
        Assert.Equal(Win32Error.Success, port.Add(ClusterChangeV1.GroupAdded, null, null, false, 1));
        Assert.Equal(Win32Error.Success, port.Add(ClusterChangeV1.GroupState, AvailableStorageId, null, false, 2));
        Assert.Equal(Win32Error.NotEnoughMemory, port.Add(ClusterChangeV1.GroupDeleted, null, null, false, 3));
        port.Close();
        Assert.Equal(Win32Error.InvalidHandle, port.Add(ClusterChangeV1.GroupDeleted, null, null, false, 3));
        Assert.Equal(0, NotificationHub.For(_engine).PortCount);
    }

    [Fact]
    public void Nothing_is_queued_before_the_first_registration()
    {
        using var port = Port();
        _engine.Execute(new CreateGroup("Early"));
        Assert.Equal(0, port.Count);
    }

    [Fact]
    public void A_group_state_change_raises_the_group_state_sequence_by_one_per_indication_and_deletion_forgets_it()
    {
        using var port = Port();
        var hub = NotificationHub.For(_engine);
        Assert.Equal(Win32Error.Success, port.Add(ClusterChangeV1.GroupState | ClusterChangeV1.GroupDeleted, AvailableStorageId, null, false, 5));
        uint before = hub.StateSequenceOf(AvailableStorageId);
        Assert.Equal(Win32Error.Success, _engine.Execute(new OfflineResource("Cluster Disk 3")));
        _time.Advance(TimeSpan.FromMinutes(5));

        var got = port.TryDequeue(int.MaxValue);
        Assert.NotEmpty(got);
        Assert.All(got, n => Assert.Equal((5u, (uint)ClusterChangeV1.GroupState, "Available Storage"), (n.NotifyKey, n.Filter, n.Name)));
        Assert.Equal(Enumerable.Range(1, got.Count).Select(i => before + (uint)i), got.Select(n => n.StateSequence));
        Assert.Equal(before + (uint)got.Count, hub.StateSequenceOf(AvailableStorageId));
    }

    [Fact]
    public void Version_1_translation_shares_the_version_2_mapping_flag_for_flag()
    {
        Assert.Equal(ClusterChangeV1.ResourceState, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.Resource, (long)ClusterChangeResourceV2.State)));
        Assert.Equal(ClusterChangeV1.ResourceAdded, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.Group, (long)ClusterChangeGroupV2.ResourceAdded)));
        Assert.Equal(ClusterChangeV1.GroupState, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.Group, (long)ClusterChangeGroupV2.OwnerNode)));
        Assert.Equal(ClusterChangeV1.NetInterfaceAdded, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.Node, (long)ClusterChangeNodeV2.NetInterfaceAdded)));
        Assert.Equal(ClusterChangeV1.ClusterProperty, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.Rename)));
        Assert.Equal(ClusterChangeV1.None, NotificationMapperV1.Translate(new NotifyFilterAndType((uint)ClusterObjectType.SharedVolume, 1)));
    }

    [Fact]
    public void A_key_registration_without_subtree_sees_its_own_values_and_subkeys_created_under_it_but_not_deeper_changes()
    {
        using var port = Port();
        Assert.Equal(Win32Error.Success, port.Add(ClusterChangeV1.RegistryName | ClusterChangeV1.RegistryValue, null, "Groups", false, 1));
        var id = _engine.Execute(new CreateGroup("Watched")).Value!;        // REGISTRY_NAME of Groups\{id}: a direct subkey
        Assert.Equal(Win32Error.Success, _engine.Execute(new RenameGroup("Watched", "Renamed"))); // REGISTRY_VALUE of Groups\{id}: deeper
        var got = port.TryDequeue(int.MaxValue);
        Assert.Equal([new NotificationV1(1, (uint)ClusterChangeV1.RegistryName, 0, id)], got);
    }
}
