using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Notifications;

/// <summary>Version 2 notification ports on a real engine (MS-CMRP 3.1.4.2.136-138; docs/behaviour.md, "CSV notifications").</summary>
public sealed class NotificationPortV2Tests : IDisposable
{
    private const string Disk1 = "Cluster Disk 1";
    private const string Disk1Id = "9a1e1f00-0000-4000-8000-000000000011";
    private const string Disk2 = "Cluster Disk 2";
    private const string Disk3 = "Cluster Disk 3";
    private const string Disk3Id = "9a1e1f00-0000-4000-8000-000000000013";
    private const string AvailableStorageId = "0c5d2a31-7a1b-4e5f-8d3c-000000000002";
    private const uint Csv = (uint)ClusterObjectType.SharedVolume;
    private const uint Res = (uint)ClusterObjectType.Resource;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ClusterEngine _engine;

    public NotificationPortV2Tests() =>
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), _time);

    public void Dispose() => _engine.Dispose();

    private NotificationPortV2 Port(int limit = NotificationPortOptions.DefaultQueueLimit) =>
        new(_engine, new NotificationPortOptions { QueueLimit = limit });

    private static Win32Error AddCsv(NotificationPortV2 p, uint key, long flags = 1) =>
        p.Add(Csv, flags, NotifyObjectKind.Cluster, "", key, 2, isTargetedAtObject: true);

    private Win32Error EnterBackup(string disk = Disk1, string volume = "Volume1", uint delay = 60) =>
        _engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, delay));

    private static void AssertCsvStateNotification(NotificationRpc n, uint key, IReadOnlyList<SharedVolumeNodeState> expected)
    {
        Assert.Equal(key, n.NotifyKey);
        Assert.Equal(new NotifyFilterAndType(0xA, 1), n.Data.FilterAndType);
        Assert.Equal((Disk1Id, (string?)null, Disk1, (string?)null), (n.Data.ObjectId, n.Data.ParentId, n.Data.Name, n.Data.Type));
        Assert.Equal(Win32Error.Success, ValueListReader.TryReadAll(n.Data.Buffer, out var values, out int consumed));
        Assert.Equal(n.Data.Buffer.Length, consumed);
        Assert.Equal(3, values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            Assert.Equal(ClusPropSyntax.ListValueBinary, values[i].Syntax);
            Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(values[i].Data.Span, out var info));
            var s = expected[i];
            Assert.Equal((s.VolumeName, s.NodeName, s.State, s.FriendlyName, s.RedirectedIOReason, s.BlockRedirectedIOReason),
                (info.VolumeName, info.NodeName, info.VolumeState, info.VolumeFriendlyName, info.RedirectedIOReason, info.BlockRedirectedIOReason));
        }
        Assert.Equal(["node1", "node2", "node3"], expected.Select(s => s.NodeName).Order());
    }

    private IReadOnlyList<SharedVolumeNodeState> StatesOfDisk1() => _engine.Queries.GetSharedVolumeStates(Disk1, null).States!;

    [Fact]
    public void Every_port_of_an_engine_shares_one_subscription_and_one_mapping_of_each_event()
    {
        var hub = NotificationHub.For(_engine);
        Assert.Same(hub, NotificationHub.For(_engine));
        var before = hub.PortCount;
        using (var a = Port())
        using (var b = Port())
        {
            Assert.Equal(before + 2, hub.PortCount);
            Assert.Equal(Win32Error.Success, AddCsv(a, 1));
            Assert.Equal(Win32Error.Success, AddCsv(b, 2));
            Assert.Equal(Win32Error.Success, EnterBackup());
            var fromA = Assert.Single(a.TryDequeueAll());
            var fromB = Assert.Single(b.TryDequeueAll());
            // Mapped once: both ports hold the very same payload bytes, not two encodings of the event.
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(fromA.Data.Buffer, out var bytesA));
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(fromB.Data.Buffer, out var bytesB));
            Assert.True(bytesA.Count > 0);
            Assert.Same(bytesA.Array, bytesB.Array);
            Assert.Equal((1u, 2u), (fromA.NotifyKey, fromB.NotifyKey));
        }
        Assert.Equal(before, hub.PortCount); // closed ports leave the hub
    }

    [Fact]
    public void SetBackupMode_raises_one_SHARED_VOLUME_STATE_V2_with_one_STATE_INFO_EX_per_node()
    {
        using var port = Port();
        Assert.Equal(Win32Error.Success, AddCsv(port, 0x51));
        Assert.Equal(Win32Error.Success, EnterBackup());
        var items = port.TryDequeueAll();
        Assert.Single(items);
        AssertCsvStateNotification(items[0], 0x51, StatesOfDisk1());
        Assert.Empty(port.TryDequeueAll());
    }

    [Fact]
    public void Backup_timer_expiry_through_the_fake_clock_raises_another_CSV_notification()
    {
        using var port = Port();
        AddCsv(port, 1);
        EnterBackup(delay: 60);
        Assert.Single(port.TryDequeueAll());
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(SharedVolumeBackupState.None, _engine.Queries.FindSharedVolume("Volume1")!.BackupState);
        var items = port.TryDequeueAll();
        Assert.Single(items);
        AssertCsvStateNotification(items[0], 1, StatesOfDisk1());
    }

    [Fact]
    public void Maintenance_on_raises_another_CSV_notification()
    {
        using var port = Port();
        AddCsv(port, 1);
        Assert.Equal(Win32Error.Success, _engine.Execute(new SetCsvMaintenanceMode(Disk1, "Volume1", true)));
        var items = port.TryDequeueAll();
        Assert.Single(items);
        AssertCsvStateNotification(items[0], 1, StatesOfDisk1());
    }

    [Fact]
    public void Resource_state_change_raises_RESOURCE_STATE_V2_with_the_state_as_a_DWORD()
    {
        using var port = Port();
        Assert.Equal(Win32Error.Success, port.Add(Res, (long)ClusterChangeResourceV2.State, NotifyObjectKind.Resource, Disk3Id, 33, 2, true));
        Assert.Equal(Win32Error.Success, _engine.Execute(new OfflineResource(Disk3)));
        var items = port.TryDequeueAll();
        Assert.NotEmpty(items);
        var n = items[^1];
        Assert.Equal(33u, n.NotifyKey);
        Assert.Equal(new NotifyFilterAndType(3, 4), n.Data.FilterAndType);
        Assert.Equal((Disk3Id, AvailableStorageId, Disk3, "Physical Disk"), (n.Data.ObjectId, n.Data.ParentId, n.Data.Name, n.Data.Type));
        Assert.Equal(NotificationMapper.Dword((uint)_engine.Queries.FindResource(Disk3)!.State), n.Data.Buffer.ToArray());
        Assert.All(items, i => Assert.Equal(Disk3Id, i.Data.ObjectId));
    }

    [Fact]
    public void Each_RESOURCE_STATE_V2_reports_the_state_of_its_own_transition_even_when_collected_later()
    {
        using var port = Port();
        port.Add(Res, (long)ClusterChangeResourceV2.State, NotifyObjectKind.Resource, Disk3Id, 33, 2, true);
        var seen = new List<uint>();
        using var probe = _engine.Subscribe(e =>
        {
            if (e.ObjectType == ClusterObjectType.Resource && e.Change == ClusterChange.StateChanged && e.ObjectId == Disk3Id)
            {
                seen.Add((uint)_engine.Queries.FindResource(Disk3)!.State);
            }
        });

        // Offline then online again, every pending state run out on the clock, before the client collects anything.
        Assert.Equal(Win32Error.Success, _engine.Execute(new OfflineResource(Disk3)));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.NotEqual(Win32Error.InvalidFunction, _engine.Execute(new OnlineResource(Disk3)));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ClusterResourceState.Online, _engine.Queries.FindResource(Disk3)!.State);

        var states = port.TryDequeueAll().Select(n => BitConverter.ToUInt32(n.Data.Buffer.Span)).ToList();
        Assert.Equal(seen, states);
        Assert.Contains((uint)ClusterResourceState.Offline, states);
        Assert.Equal((uint)ClusterResourceState.Online, states[^1]);
        Assert.True(states.Distinct().Count() > 1, "every notification reported the final state");
    }

    [Fact]
    public void Nothing_is_queued_before_the_first_registration()
    {
        using var port = Port();
        EnterBackup();
        Assert.Equal(0, port.Count);
        AddCsv(port, 1);
        Assert.Empty(port.TryDequeueAll());
    }

    [Fact]
    public void Registrations_filter_by_object_type_flags_and_object_and_carry_their_own_keys()
    {
        using var port = Port();
        Assert.Equal(Win32Error.Success, port.Add(Res, 4, NotifyObjectKind.Resource, Disk3Id, 10, 2, true));     // Disk 3 only
        Assert.Equal(Win32Error.Success, port.Add(Res, 4, NotifyObjectKind.Cluster, "", 11, 2, false));          // every resource
        Assert.Equal(Win32Error.Success, port.Add(Res, 0x1, NotifyObjectKind.Cluster, "", 12, 2, false));        // properties only
        AddCsv(port, 13, (long)SharedVolumeChangeV2.Added);                                                      // not STATE
        Assert.Equal(Win32Error.Success, _engine.Execute(new OfflineResource(Disk1)));
        Assert.Equal(Win32Error.Success, _engine.Execute(new OfflineResource(Disk3)));
        var keys = port.TryDequeueAll().Select(n => (n.NotifyKey, n.Data.ObjectId)).Distinct().ToList();
        Assert.Contains((11u, Disk1Id), keys);
        Assert.Contains((11u, Disk3Id), keys);
        Assert.Contains((10u, Disk3Id), keys);
        Assert.DoesNotContain((10u, Disk1Id), keys);
        Assert.DoesNotContain(keys, k => k.NotifyKey is 12 or 13);
    }

    [Fact]
    public void Notifications_keep_the_engine_order()
    {
        using var port = Port();
        AddCsv(port, 1);
        EnterBackup(Disk1, "Volume1");
        EnterBackup(Disk2, "Volume2");
        _engine.Execute(new SetCsvMaintenanceMode(Disk1, "Volume1", true));
        Assert.Equal([Disk1, Disk2, Disk1], port.TryDequeueAll().Select(n => n.Data.Name));
    }

    [Theory]
    [InlineData(0xAu, 1L, NotifyObjectKind.Cluster, 1u, true, Win32Error.InvalidParameter)]   // dwVersion 1
    [InlineData(0xAu, 0L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]   // no flags
    [InlineData(0xAu, 8L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]   // not a CSV flag
    [InlineData(0xAu, 7L, NotifyObjectKind.Cluster, 2u, false, Win32Error.Success)]           // STATE|ADDED|REMOVED
    [InlineData(0xAu, 1L, NotifyObjectKind.Resource, 2u, true, Win32Error.InvalidParameter)]  // CSV needs an HCLUSTER
    [InlineData(0u, 1L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]     // no object type
    [InlineData(0xEu, 1L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]   // SBL device: not registrable
    [InlineData(1u, 1L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]     // RECONNECT_V2 MUST NOT be set
    [InlineData(1u, 8L, NotifyObjectKind.Cluster, 2u, true, Win32Error.InvalidParameter)]     // HANDLE_CLOSE_V2
    [InlineData(1u, 0x200L, NotifyObjectKind.Cluster, 2u, true, Win32Error.Success)]          // LOST_NOTIFICATIONS_V2
    [InlineData(2u, 0x200L, NotifyObjectKind.Group, 2u, true, Win32Error.InvalidParameter)]   // GROUP_HANDLE_CLOSE_V2
    [InlineData(3u, 4L, NotifyObjectKind.Group, 2u, true, Win32Error.InvalidParameter)]       // resource via a group handle
    [InlineData(3u, 4L, NotifyObjectKind.Resource, 2u, false, Win32Error.InvalidParameter)]   // not targeted needs HCLUSTER
    [InlineData(3u, 0x1_0000_0004L, NotifyObjectKind.Resource, 2u, true, Win32Error.InvalidParameter)] // high bits
    [InlineData(7u, 0x10L, NotifyObjectKind.Node, 2u, true, Win32Error.Success)]
    public void AddNotifyV2_validates_version_object_type_flags_and_handle_kind(uint type, long flags, NotifyObjectKind kind, uint version, bool targeted, Win32Error expected)
    {
        using var port = Port();
        Assert.Equal(expected, port.Add(type, flags, kind, "x", 1, version, targeted));
    }

    [Fact]
    public void A_full_queue_drops_new_notifications_and_reports_LOST_NOTIFICATIONS_V2_at_the_end()
    {
        using var port = Port(limit: 2);
        AddCsv(port, 1);
        Assert.Equal(Win32Error.Success, port.Add(1, (long)ClusterChangeClusterV2.LostNotifications, NotifyObjectKind.Cluster, "", 99, 2, false));
        EnterBackup(Disk1, "Volume1");
        EnterBackup(Disk2, "Volume2");
        _engine.Execute(new SetCsvMaintenanceMode(Disk1, "Volume1", true));
        _engine.Execute(new SetCsvMaintenanceMode(Disk2, "Volume2", true));
        Assert.Equal(2, port.Count);
        Assert.Equal(2, port.DroppedCount);
        var items = port.TryDequeueAll();
        Assert.Equal([1u, 1u, 99u], items.Select(n => n.NotifyKey));
        Assert.Equal([Disk1, Disk2], items.Take(2).Select(n => n.Data.Name));
        Assert.Equal(new NotifyFilterAndType(1, 0x200), items[2].Data.FilterAndType);
        Assert.Empty(port.TryDequeueAll()); // reported once
    }

    [Fact]
    public void A_full_queue_without_a_LOST_registration_only_counts()
    {
        using var port = Port(limit: 1);
        AddCsv(port, 1);
        EnterBackup(Disk1, "Volume1");
        EnterBackup(Disk2, "Volume2");
        Assert.Equal([Disk1], port.TryDequeueAll().Select(n => n.Data.Name));
        Assert.Equal(1, port.DroppedCount);
    }

    [Fact]
    public async Task A_waiter_is_woken_by_an_event()
    {
        using var port = Port();
        AddCsv(port, 4);
        var wait = port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        EnterBackup();
        var r = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal(4u, Assert.Single(r.Notifications).NotifyKey);
    }

    [Fact]
    public async Task WaitAsync_returns_at_once_when_notifications_are_queued()
    {
        using var port = Port();
        AddCsv(port, 4);
        EnterBackup();
        var r = await port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Single(r.Notifications);
    }

    [Fact]
    public async Task Close_wakes_a_waiter_with_ERROR_INVALID_FUNCTION_and_later_calls_get_ERROR_INVALID_HANDLE()
    {
        var port = Port();
        AddCsv(port, 1);
        var wait = port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        port.Close();
        Assert.Equal(Win32Error.InvalidFunction, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None)).Result);
        Assert.Equal(Win32Error.InvalidHandle, AddCsv(port, 2));
        EnterBackup(); // unsubscribed: nothing is queued, nothing throws
        Assert.Equal(0, port.Count);
        port.Dispose();
    }

    [Fact]
    public async Task Unblock_wakes_a_waiter_with_ERROR_INVALID_FUNCTION_and_later_calls_get_ERROR_NO_MORE_ITEMS()
    {
        using var port = Port();
        AddCsv(port, 1);
        var wait = port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        port.Unblock();
        Assert.Equal(Win32Error.InvalidFunction, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).Result);
        EnterBackup();
        Assert.Equal(Win32Error.NoMoreItems, (await port.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None)).Result);
    }

    [Fact]
    public async Task A_finite_wait_ends_with_WAIT_TIMEOUT_on_the_engine_clock()
    {
        using var port = Port();
        AddCsv(port, 1);
        var wait = port.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var r = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((Win32Error)0x102, r.Result);
        Assert.Empty(r.Notifications);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait()
    {
        using var port = Port();
        using var cts = new CancellationTokenSource();
        var wait = port.WaitAsync(Timeout.InfiniteTimeSpan, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
