using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The engine as a replica (docs/multi-node.md): several engines on one ordered log pass through the same states,
/// a command refused because another node committed first runs again on the caught-up state, only the leader fires
/// deadlines (fenced), and node-local facts are written only by their node. The etcd store itself is tested against a
/// real etcd (tests/Clusterd.Store.Tests) and the whole cluster with real processes (tests/Clusterd.Server.Tests).
/// </summary>
public sealed class ReplicaTests
{
    private sealed class Pair : IDisposable
    {
        public Pair(int count = 2, TopologyConfig? topology = null)
        {
            Log = new InMemoryReplicatedLog();
            Views = [.. Enumerable.Range(0, count).Select(_ => Log.View())];
            Engines = [.. Views.Select((v, i) => ClusterEngine.OpenReplica(v, topology ?? TopologyConfig.Default(), new ClusterOptions
            {
                LocalNodeName = "node" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                NewId = () => Guid.NewGuid(),
            }, Clock))];
            for (var i = 0; i < count; i++)
            {
                var events = new List<ClusterEvent>();
                Events.Add(events);
                Engines[i].Subscribe(e =>
                {
                    lock (events)
                    {
                        events.Add(e);
                    }
                });
            }
        }

        public InMemoryReplicatedLog Log { get; }
        public InMemoryReplicatedLog.Node[] Views { get; }
        public ClusterEngine[] Engines { get; }
        public ManualClock Clock { get; } = new(Start);
        public List<List<ClusterEvent>> Events { get; } = [];

        public ClusterEngine A => Engines[0];
        public ClusterEngine B => Engines[1];

        /// <summary>Waits (real time, bounded) until every replica has applied the whole log.</summary>
        public void Settle()
        {
            var ok = SpinWait.SpinUntil(() => Engines.All(e => e.AppliedRevision == LastBatch()), TimeSpan.FromSeconds(10));
            Assert.True(ok, "replicas did not catch up: " + string.Join(",", Engines.Select(e => e.AppliedRevision)) + " vs " + LastBatch());
        }

        private long LastBatch() => Views[0].Snapshot().Revision;

        public void Dispose()
        {
            foreach (var e in Engines)
            {
                e.Dispose();
            }
        }
    }

    /// <summary>The replicated state: everything but the node's own identity and its event numbering.</summary>
    private static string Replicated(ClusterEngine e)
    {
        var dump = e.DumpState();
        return string.Join('\n', dump.Split('\n').Where(l => !l.StartsWith("localNode ", StringComparison.Ordinal)));
    }

    public static TheoryData<string> Commands => [.. EngineCommandTable.All.Select(c => c.Method)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_committed_on_one_replica_leaves_every_replica_in_the_same_state(string method)
    {
        var command = EngineCommandTable.All.Single(c => c.Method == method);
        using var p = new Pair(topology: command.StartTopology());
        p.A.SetLeadership(p.Log.Elect("leader/a"));
        command.Arrange(p.A, p.Clock);
        p.Settle();
        var before = Replicated(p.B);

        var result = command.Run(p.A);

        Assert.True(result is Win32Error.Success or Win32Error.IoPending || !command.ReportsCode, method + ": " + result);
        p.Settle();
        Assert.Equal(Replicated(p.A), Replicated(p.B));
        if (command.WritesStore && command.ReportsCode)
        {
            Assert.NotEqual(before, Replicated(p.B)); // the command did change something, and B saw it
        }
    }

    [Fact]
    public void A_change_on_one_node_is_seen_and_notified_on_the_other()
    {
        using var p = new Pair();
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();

        var seen = p.B.Queries.FindSharedVolume(Volume1)!;
        Assert.Equal(SharedVolumeBackupState.InProgress, seen.BackupState);
        Assert.Equal(Start + TimeSpan.FromSeconds(60), seen.BackupDeadline);
        lock (p.Events[1])
        {
            Assert.Contains(p.Events[1], e => e.ObjectType == ClusterObjectType.SharedVolume && e.Change == ClusterChange.SharedVolumeState
                && e.SharedVolumeStates.Any(s => s.VolumeName == Volume1Guid));
        }
    }

    [Fact]
    public void A_command_refused_because_another_node_committed_first_runs_again_on_the_caught_up_state()
    {
        using var p = new Pair();
        p.Views[0].HoldDelivery = true; // A falls behind
        Assert.Equal(Win32Error.Success, p.B.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.Equal(0, p.A.RemoteBatches);

        p.Views[0].HoldDelivery = false;
        // A's commit is refused (B committed first); A catches up and runs the command again on B's state.
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();

        foreach (var e in p.Engines)
        {
            var v = e.Queries.FindSharedVolume(Volume1)!;
            Assert.True(v.Maintenance);
            Assert.Equal(SharedVolumeBackupState.InProgress, v.BackupState);
        }
        Assert.Equal(Replicated(p.A), Replicated(p.B));
    }

    [Fact]
    public void Racing_commands_on_every_replica_are_all_applied_once_in_one_order()
    {
        using var p = new Pair(3);
        var volumes = new[] { (Disk1, Volume1), (Disk2, Volume2) };
        var threads = p.Engines.Select((e, i) => new Thread(() =>
        {
            for (var k = 0; k < 40; k++)
            {
                var (disk, volume) = volumes[(i + k) % 2];
                var state = k % 2 == 0 ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None;
                Assert.Equal(Win32Error.Success, e.Execute(new SetBackupMode(disk, volume, state, (uint)(10 + i))));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        p.Settle();

        Assert.Equal(Replicated(p.Engines[0]), Replicated(p.Engines[1]));
        Assert.Equal(Replicated(p.Engines[0]), Replicated(p.Engines[2]));
    }

    [Fact]
    public void Only_the_leader_fires_a_due_deadline_and_a_new_leader_fires_it_at_once()
    {
        using var p = new Pair();
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();
        p.Clock.Now += TimeSpan.FromSeconds(61);

        Assert.Equal(0, p.A.FireDueTimers()); // nobody leads: nobody fires
        Assert.Equal(SharedVolumeBackupState.InProgress, p.B.Queries.FindSharedVolume(Volume1)!.BackupState);

        p.B.SetLeadership(p.Log.Elect("leader/b")); // B wins the election: it arms at once for the overdue deadline
        Assert.Equal(TimeSpan.FromMilliseconds(1), p.Clock.Armed);
        Assert.Equal(1, p.B.FireDueTimers()); // what the armed timer runs: the expiry, once
        Assert.Equal(0, p.B.FireDueTimers());
        p.Settle();

        foreach (var e in p.Engines)
        {
            Assert.Equal(SharedVolumeBackupState.None, e.Queries.FindSharedVolume(Volume1)!.BackupState);
        }
        Assert.Equal(Replicated(p.A), Replicated(p.B));
    }

    [Fact]
    public void A_node_restarted_after_a_deadline_fires_it_at_once_and_once_when_it_leads()
    {
        using var p = new Pair();
        p.A.SetLeadership(p.Log.Elect("leader/a"));
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();
        p.A.Dispose(); // node1 stops before the deadline; its lease lapses
        p.Log.Depose("leader/a");
        p.Clock.Now += TimeSpan.FromMinutes(10); // the deadline passes while nobody leads

        // node1 starts again: it reads the state back (backup mode kept: the cluster did not restart) and wins the election.
        using var restarted = ClusterEngine.OpenReplica(p.Log.View(), TopologyConfig.Default(), new ClusterOptions { LocalNodeName = "node1" }, p.Clock);
        Assert.Equal(SharedVolumeBackupState.InProgress, restarted.Queries.FindSharedVolume(Volume1)!.BackupState);
        restarted.SetLeadership(p.Log.Elect("leader/a2"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), p.Clock.Armed); // armed at once for the overdue deadline
        Assert.Equal(1, restarted.FireDueTimers());
        Assert.Equal(0, restarted.FireDueTimers());
        Assert.True(SpinWait.SpinUntil(() => p.B.Queries.FindSharedVolume(Volume1)!.BackupState == SharedVolumeBackupState.None, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_deposed_leader_fires_nothing_its_fenced_commit_is_refused_and_nothing_changes()
    {
        using var p = new Pair();
        var fence = p.Log.Elect("leader/a");
        p.A.SetLeadership(fence);
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();
        p.Log.Depose("leader/a"); // its lease lapsed while it was paused; it has not noticed yet
        var revision = p.Log.Revision;
        p.Clock.Now += TimeSpan.FromSeconds(61);

        Assert.Equal(0, p.A.FireDueTimers());

        Assert.Equal(revision, p.Log.Revision);
        Assert.Equal(SharedVolumeBackupState.InProgress, p.A.Queries.FindSharedVolume(Volume1)!.BackupState);
    }

    [Fact]
    public void The_leader_takes_a_node_whose_member_key_is_gone_down_and_fails_its_groups_over()
    {
        using var p = new Pair();
        p.A.SetLeadership(p.Log.Elect("leader/a"));
        var owned = p.A.Queries.Enumerate(ClusterEnumType.Group).Select(g => p.A.Queries.FindGroup(g)!).Where(g => g.OwnerNodeName == "node1").ToList();
        Assert.NotEmpty(owned);

        Assert.Equal(1, p.A.ReconcileMembers(["node2", "node3"]));
        p.Settle();

        Assert.Equal(ClusterNodeState.Down, p.B.Queries.FindNode("node1")!.State);
        foreach (var g in owned)
        {
            Assert.NotEqual("node1", p.B.Queries.FindGroup(g.Id)!.OwnerNodeName);
        }
        Assert.Equal(0, p.B.ReconcileMembers(["node1", "node2", "node3"])); // not the leader: does nothing
        Assert.Equal(1, p.A.ReconcileMembers(["node1", "node2", "node3"])); // node1 is back
        p.Settle();
        Assert.NotEqual(ClusterNodeState.Down, p.B.Queries.FindNode("node1")!.State);
    }

    [Fact]
    public void Only_a_node_itself_writes_its_disk_connectivity()
    {
        using var p = new Pair();
        Assert.Equal(Win32Error.ClusterInvalidRequest, p.A.Execute(new SetDiskConnectivity(Disk1, "node2", Connected: false)));
        Assert.Equal(Win32Error.Success, p.B.Execute(new SetDiskConnectivity(Disk1, "node2", Connected: false)));
        p.Settle();

        var states = p.A.Queries.GetAllVolumeStates().Where(s => s.NodeName == "node2" && s.VolumeName == Volume1Guid).ToList();
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.Equal(SharedVolumeState.ActiveBlockRedirected, s.State));
    }

    [Fact]
    public void A_replica_opened_later_starts_from_the_whole_state_including_volatile_backup_mode()
    {
        using var p = new Pair();
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        using var late = ClusterEngine.OpenReplica(p.Log.View(), TopologyConfig.Default(), new ClusterOptions { LocalNodeName = "node3" }, p.Clock);

        Assert.Equal(SharedVolumeBackupState.InProgress, late.Queries.FindSharedVolume(Volume1)!.BackupState);
        Assert.Equal(Replicated(p.A), Replicated(late));
    }

    [Fact]
    public void A_remote_write_changes_structure_only_when_it_creates_or_deletes_a_key_or_renames_or_moves_an_object()
    {
        var db = ClusterDatabase.Load(
        [
            new StoreRecord("K\u001FResources", new byte[8], Durability.Nonvolatile),
            new StoreRecord("K\u001FResources\\r1", new byte[8], Durability.Nonvolatile),
        ]);
        var identity = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Name", "Group" };
        StoreWrite Put(string key) => new(key, new byte[8], Durability.Nonvolatile);

        Assert.False(db.ChangesStructure(Put("K\u001FResources\\r1"), identity)); // an existing key's write time
        Assert.True(db.ChangesStructure(Put("K\u001FResources\\r2"), identity)); // a new key
        Assert.True(db.ChangesStructure(new StoreWrite("K\u001FResources\\r1", null, Durability.Nonvolatile), identity)); // a deleted key
        Assert.False(db.ChangesStructure(Put("V\u001FResources\\r1\u001FFlags"), identity)); // a plain value of an existing object
        Assert.True(db.ChangesStructure(Put("V\u001FResources\\r1\u001FName"), identity)); // a rename
        Assert.True(db.ChangesStructure(Put("V\u001FResources\\r1\u001Fgroup"), identity)); // a move (names are case-insensitive)
        Assert.True(db.ChangesStructure(Put("V\u001FResources\\r9\u001FFlags"), identity)); // a value of a key that does not exist yet
        Assert.True(db.ChangesStructure(Put("V\u001Fnoseparator"), identity)); // malformed: rebuild rather than guess
        Assert.False(db.ChangesStructure(new StoreWrite("X\u001FBackup\u001Fv", new byte[13], Durability.Volatile), identity)); // runtime
    }

    [Fact]
    public void A_replica_whose_watch_is_compacted_away_says_stale_reloads_the_whole_state_and_follows_again()
    {
        using var p = new Pair();
        p.Views[1].HoldDelivery = true; // B misses what A commits next
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetCsvMaintenanceMode(Disk2, Volume2, true)));

        p.Views[1].CompactUnderWatches(); // history gone: B's watch cannot continue from where it was
        p.Views[1].HoldDelivery = false;
        p.Settle(); // B reloaded at the log's revision and watches again

        Assert.False(p.B.IsReplicaStale);
        Assert.Equal(Replicated(p.A), Replicated(p.B));
        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 0)));
        p.Settle(); // and follows the batches committed after the reload
        Assert.Equal(SharedVolumeBackupState.None, p.B.Queries.FindSharedVolume(Volume1)!.BackupState);
        Assert.Equal(Replicated(p.A), Replicated(p.B));
    }

    [Fact]
    public void A_malformed_batch_from_the_log_is_skipped_alike_by_every_replica_and_they_keep_following()
    {
        using var p = new Pair();
        var before = Replicated(p.B);
        // Not something an engine writes: a value record without a value name, and one whose bytes are no value.
        p.Views[0].CommitAt([new StoreWrite("V\u001FGroups", new byte[] { 1, 0, 0, 0, 65, 0 }, Durability.Nonvolatile),
            new StoreWrite("V\u001FGroups\u001FBroken", new byte[] { 0xFF }, Durability.Nonvolatile)],
            ReadOnlyMemory<byte>.Empty, p.Views[0].CurrentRevision(), null);
        p.Settle();
        Assert.Equal(before, Replicated(p.B)); // nothing of it applied (the engine of A skipped it too)
        Assert.Equal(Replicated(p.A), Replicated(p.B));

        Assert.Equal(Win32Error.Success, p.A.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        p.Settle();
        Assert.Equal(SharedVolumeBackupState.InProgress, p.B.Queries.FindSharedVolume(Volume1)!.BackupState);
    }

    [Fact]
    public void Event_encoding_round_trips_every_field_and_refuses_truncated_bytes()
    {
        ClusterEvent[] events =
        [
            new(0, ClusterObjectType.Group, ClusterChange.OwnerChanged, "g1", "Cluster Group", null, null, []) { Snapshot = new EventSnapshot(2, "1", 1) },
            new(0, ClusterObjectType.Resource, ClusterChange.Deleted, "r1", "x", "g1", "Generic Service", []),
            new(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeState, "r2", "Cluster Disk 1", null, null,
                [new SharedVolumeNodeState(Volume1Guid, "node2", SharedVolumeState.ActiveRedirected, "Volume1", (RedirectedIOReason)1, (BlockRedirectedIOReason)2)]),
            // Registry value changes carry the value before and after (the batch notification port's CLUSREG_VALUE_DELETED).
            new(0, ClusterObjectType.Registry, ClusterChange.PropertiesChanged, @"App\Sub", "Path", null, null, [])
                { RegistryValue = new RegistryValueChange(DbValue.String("old"), DbValue.DWord(7)) },
            new(0, ClusterObjectType.Registry, ClusterChange.PropertiesChanged, "App", "Gone", null, null, [])
                { RegistryValue = new RegistryValueChange(DbValue.Binary([]), null) },
            new(0, ClusterObjectType.Registry, ClusterChange.PropertiesChanged, "App", "New", null, null, [])
                { RegistryValue = new RegistryValueChange(null, new DbValue(RegistryValueType.None, [1, 2, 3])) },
        ];
        var bytes = ClusterEventCodec.Encode(events);
        var back = ClusterEventCodec.Decode(bytes);

        Assert.Equal(events.Length, back.Count);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i] with { SharedVolumeStates = [] }, back[i] with { SharedVolumeStates = [] });
            Assert.Equal(events[i].SharedVolumeStates, back[i].SharedVolumeStates);
        }
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            Assert.Throws<InvalidDataException>(() => ClusterEventCodec.Decode(bytes.AsSpan(0, cut)));
        }
        Assert.Equal(2, bytes[0]); // the format version
        Assert.Throws<InvalidDataException>(() => ClusterEventCodec.Decode([1, 0, 0, 0, 0])); // version 1: no registry value changes
        Assert.Throws<InvalidDataException>(() => ClusterEventCodec.Decode([3, 0, 0, 0, 0]));
        Assert.Empty(ClusterEventCodec.Decode([]));
    }
}
