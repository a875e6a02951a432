using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// Randomized concurrent CSV histories on three replicas of one replicated log (docs/multi-node.md), with replicas
/// killed and restarted (and the leader replaced under a new fence) while the others keep serving, checked per volume
/// for linearizability against the single-node engine (<see cref="CsvLinearizabilityChecker"/>); the checker itself
/// is shown to reject hand-built histories with a lost write and with a stale read, and to accept concurrent ones
/// that have a linearization. A control runs the same workload with every client on one replica.
/// Each client call is one engine command scope, as a ClusAPI call is (<see cref="ClusterEngine.EnterCommand"/>): on a
/// replica it starts with a read barrier, so reads, refusals and no-op answers include every change acknowledged
/// before the call (without it, about two thirds of the seeds failed). The three
/// "..._on_a_replica_that_has_not_applied_an_acknowledged_write_..." facts are the shortest histories that failed
/// then: one replica's watch lags (its delivery is held and released 100 ms into the next call).
/// </summary>
public sealed class LinearizabilityTests
{
    private const int Replicas = 3;
    private const int ClientsPerReplica = 2;
    private const int OpsPerClient = 40;
    private const int KillEvery = 30;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replicated_CSV_histories_with_replica_restarts_are_linearizable(int seed) => RunAndCheck(seed, allClientsOnOneReplica: false);

    /// <summary>
    /// The control for the test above: the same workload, kills and leader changes, but every client talks to the same
    /// replica. Whatever the test above finds that this one does not comes from answering on different replicas.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Histories_served_by_one_replica_with_replica_restarts_are_linearizable(int seed) => RunAndCheck(seed, allClientsOnOneReplica: true);

    private static void RunAndCheck(int seed, bool allClientsOnOneReplica)
    {
        using var cluster = new ReplicaCluster(seed, allClientsOnOneReplica);
        var history = cluster.Run();
        Assert.Equal(Replicas * ClientsPerReplica * OpsPerClient / KillEvery, cluster.Kills);
        cluster.AssertConverged();

        for (var volume = 0; volume < 2; volume++)
        {
            var ops = history.Where(o => o.Volume == volume).ToList();
            var verdict = CsvLinearizabilityChecker.Check(ops);
            Assert.True(verdict.Linearizable, FormattableString.Invariant($"seed {seed}, volume {volume + 1}, {ops.Count} operations, kills {cluster.Kills}, leader changes {cluster.Elections}: ")
                + verdict.Describe() + "minimal non-linearizable sub-history:\n" + string.Join('\n', CsvLinearizabilityChecker.Minimize(ops))
                + "\nfull history:\n" + string.Join('\n', ops.OrderBy(o => o.Invoke)));
        }
    }

    [Fact]
    public void The_checker_rejects_a_history_with_a_lost_write()
    {
        // Backup mode was turned on and acknowledged, then a later redirect succeeded as if it never happened.
        CsvOperation[] history =
        [
            Op(0, CsvOpKind.BackupOn, 1, 2, Win32Error.Success),
            Op(1, CsvOpKind.RedirectOn, 3, 4, Win32Error.Success),
        ];
        Assert.False(CsvLinearizabilityChecker.Check(history).Linearizable);

        // The same write lost as seen by a read.
        CsvOperation[] read =
        [
            Op(0, CsvOpKind.MaintenanceOn, 1, 2, Win32Error.Success),
            Read(1, 3, 4, new(SharedVolumeBackupState.None, false, false, 0)),
        ];
        Assert.False(CsvLinearizabilityChecker.Check(read).Linearizable);
    }

    [Fact]
    public void The_checker_rejects_a_history_with_a_stale_read()
    {
        // After maintenance was turned off (acknowledged), a read that began later still sees it on.
        CsvOperation[] history =
        [
            Op(0, CsvOpKind.MaintenanceOn, 1, 2, Win32Error.Success),
            Read(1, 3, 4, new(SharedVolumeBackupState.None, true, false, 0)),
            Op(0, CsvOpKind.MaintenanceOff, 5, 6, Win32Error.Success),
            Read(1, 7, 8, new(SharedVolumeBackupState.None, true, false, 0)),
        ];
        Assert.False(CsvLinearizabilityChecker.Check(history).Linearizable);

        // A snapshot set ended, yet a later read still counts it.
        CsvOperation[] snapshots =
        [
            Op(0, CsvOpKind.SnapshotStart, 1, 2, Win32Error.Success, arg: 1),
            Op(0, CsvOpKind.SnapshotComplete, 3, 4, Win32Error.Success, arg: 1),
            Read(1, 5, 6, new(SharedVolumeBackupState.InProgress, false, false, 1)),
        ];
        Assert.False(CsvLinearizabilityChecker.Check(snapshots).Linearizable);
    }

    [Fact]
    public void The_checker_accepts_concurrent_histories_that_have_a_linearization()
    {
        // The redirect overlaps the backup: it must be placed first (after it, it would have been refused).
        CsvOperation[] history =
        [
            Op(0, CsvOpKind.RedirectOn, 1, 6, Win32Error.Success),
            Op(1, CsvOpKind.BackupOn, 2, 3, Win32Error.Success),
            Read(2, 4, 8, new(SharedVolumeBackupState.InProgress, false, true, 0)),
            Op(1, CsvOpKind.RedirectOff, 7, 9, Win32Error.ClusterBackupInProgress),
        ];
        var verdict = CsvLinearizabilityChecker.Check(history);
        Assert.True(verdict.Linearizable, verdict.Describe());
        Assert.Equal([CsvOpKind.RedirectOn, CsvOpKind.BackupOn], verdict.Order.Take(2).Select(o => o.Kind));

        // A read overlapping a write may see either side of it.
        CsvOperation[] overlap =
        [
            Read(1, 1, 4, new(SharedVolumeBackupState.None, false, false, 0)),
            Op(0, CsvOpKind.MaintenanceOn, 2, 3, Win32Error.Success),
            Read(2, 2, 5, new(SharedVolumeBackupState.None, true, false, 0)),
        ];
        Assert.True(CsvLinearizabilityChecker.Check(overlap).Linearizable);

        // An operation with an unknown outcome may have happened, or not.
        foreach (var seen in new[] { SharedVolumeBackupState.InProgress, SharedVolumeBackupState.None })
        {
            CsvOperation[] unknown =
            [
                new(0, 0, 0, CsvOpKind.BackupOn, 0, 1, long.MaxValue, Win32Error.WriteFault, null),
                Read(1, 2, 3, new(seen, false, false, 0)),
            ];
            Assert.True(CsvLinearizabilityChecker.Check(unknown).Linearizable, seen.ToString());
        }
    }

    [Fact]
    public void The_checker_compares_a_partial_read_only_on_what_it_can_see()
    {
        // Through CLUS_CSV_VOLUME_INFO redirected mode is hidden by maintenance and by backup mode (FaultState precedence).
        foreach (var first in new[] { CsvOpKind.MaintenanceOn, CsvOpKind.BackupOn })
        {
            var backup = first == CsvOpKind.BackupOn ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None;
            CsvOperation[] hidden =
            [
                Op(0, CsvOpKind.RedirectOn, 1, 2, Win32Error.Success),
                Op(0, first, 3, 4, Win32Error.Success),
                Read(1, 5, 6, new(backup, first == CsvOpKind.MaintenanceOn, false, 0)) with { View = CsvReadView.Info },
            ];
            Assert.True(CsvLinearizabilityChecker.Check(hidden).Linearizable, first.ToString());
            Assert.False(CsvLinearizabilityChecker.Check([.. hidden.SkipLast(1), hidden[^1] with { View = CsvReadView.Full }]).Linearizable, first.ToString());
        }

        // What a view does show is still compared: a stale maintenance through the node states, a stale backup mode through the info.
        CsvOperation[] staleStates =
        [
            Op(0, CsvOpKind.MaintenanceOn, 1, 2, Win32Error.Success),
            Read(1, 3, 4, new(SharedVolumeBackupState.InProgress, false, false, 0)) with { View = CsvReadView.NodeStates },
        ];
        Assert.False(CsvLinearizabilityChecker.Check(staleStates).Linearizable);
        CsvOperation[] backupUnseen =
        [
            Op(0, CsvOpKind.BackupOn, 1, 2, Win32Error.Success),
            Read(1, 3, 4, new(SharedVolumeBackupState.None, false, false, 0)) with { View = CsvReadView.NodeStates },
        ];
        Assert.True(CsvLinearizabilityChecker.Check(backupUnseen).Linearizable);
        CsvOperation[] staleInfo =
        [
            Op(0, CsvOpKind.BackupOn, 1, 2, Win32Error.Success),
            Read(1, 3, 4, new(SharedVolumeBackupState.None, false, false, 0)) with { View = CsvReadView.Info },
        ];
        Assert.False(CsvLinearizabilityChecker.Check(staleInfo).Linearizable);
    }

    // The shortest anomalies the randomized test finds, made deterministic: one replica is held behind the log
    // (InMemoryReplicatedLog.Node.HoldDelivery, a watch that has not delivered yet) while another one's command is
    // acknowledged. Each history is recorded from real engine calls and checked like the randomized ones.

    [Fact]
    public void A_read_on_a_replica_that_has_not_applied_an_acknowledged_write_is_linearizable()
    {
        using var pair = new LaggingPair();
        pair.B.HoldDelivery = true;
        pair.Run(0, CsvOpKind.MaintenanceOn);
        pair.ReleaseLater(pair.B);
        pair.Run(1, CsvOpKind.Read);

        pair.AssertLinearizable();
    }

    [Fact]
    public void A_no_op_command_on_a_replica_that_has_not_applied_an_acknowledged_write_is_linearizable()
    {
        using var pair = new LaggingPair();
        pair.B.HoldDelivery = true;
        pair.Run(0, CsvOpKind.RedirectOn);
        pair.ReleaseLater(pair.B);
        pair.Run(1, CsvOpKind.RedirectOff); // B's watch lags: without the barrier it saw redirected mode off and wrote nothing
        pair.Settle();
        pair.Run(0, CsvOpKind.Read);
        pair.Run(1, CsvOpKind.Read);

        pair.AssertLinearizable();
    }

    [Fact]
    public void A_refusal_on_a_replica_that_has_not_applied_an_acknowledged_write_is_linearizable()
    {
        using var pair = new LaggingPair();
        pair.Run(0, CsvOpKind.BackupOn);
        pair.Settle();
        pair.B.HoldDelivery = true;
        pair.Run(0, CsvOpKind.BackupOff);
        pair.ReleaseLater(pair.B);
        pair.Run(1, CsvOpKind.RedirectOn); // B's watch lags: without the barrier it saw backup mode on and refused

        pair.AssertLinearizable();
    }

    /// <summary>Two replicas (client 0 on A, client 1 on B) and a recorder with one counter for invoke/response.</summary>
    private sealed class LaggingPair : IDisposable
    {
        private readonly InMemoryReplicatedLog _log = new();
        private readonly ClusterEngine[] _engines;
        private readonly List<CsvOperation> _history = [];
        private long _time;

        public LaggingPair()
        {
            A = _log.View();
            B = _log.View();
            _engines =
            [
                ClusterEngine.OpenReplica(A, TopologyConfig.Default(), new ClusterOptions { LocalNodeName = "node1" }, new FrozenClock(Start)),
                ClusterEngine.OpenReplica(B, TopologyConfig.Default(), new ClusterOptions { LocalNodeName = "node2" }, new FrozenClock(Start)),
            ];
            _engines[0].SetLeadership(_log.Elect("leader/a"));
            Settle();
        }

        public InMemoryReplicatedLog.Node A { get; }

        public InMemoryReplicatedLog.Node B { get; }

        public void Run(int replica, CsvOpKind kind)
        {
            var invoke = ++_time;
            var (result, observed) = CsvOps.Apply(_engines[replica], 0, kind, 0);
            _history.Add(new CsvOperation(replica, replica, 0, kind, 0, invoke, ++_time, result, observed));
        }

        /// <summary>Lets a held watch deliver again 100 ms from now, while the next call waits in its read barrier.</summary>
        public void ReleaseLater(InMemoryReplicatedLog.Node view) =>
            _ = Task.Run(async () =>
            {
                await Task.Delay(100);
                view.HoldDelivery = false;
            });

        public void Settle()
        {
            var last = A.Snapshot().Revision;
            Assert.True(SpinWait.SpinUntil(() => _engines.All(e => e.AppliedRevision == last), TimeSpan.FromSeconds(10)), "replicas did not catch up");
        }

        public void AssertLinearizable()
        {
            var verdict = CsvLinearizabilityChecker.Check(_history);
            Assert.True(verdict.Linearizable, verdict.Describe() + "history:\n" + string.Join('\n', _history));
        }

        public void Dispose()
        {
            foreach (var e in _engines)
            {
                e.Dispose();
            }
        }
    }

    private static CsvOperation Op(int client, CsvOpKind kind, long invoke, long response, Win32Error result, int arg = 0) =>
        new(client, 0, 0, kind, arg, invoke, response, result, null);

    private static CsvOperation Read(int client, long invoke, long response, CsvVolumeView seen) =>
        new(client, 0, 0, CsvOpKind.Read, 0, invoke, response, Win32Error.Success, seen);

    /// <summary>
    /// Three replicas on one log and two client threads per replica. Every <see cref="KillEvery"/> completed operations
    /// (all clients together) the client that completed the last one kills a random replica and starts it again from
    /// the log. A replica is killed only while its own clients are between operations (they hold its gate shared
    /// around each call; the kill holds it exclusively), so no operation is in flight on a dead engine and every
    /// outcome is known.
    /// </summary>
    private sealed class ReplicaCluster : IDisposable
    {
        private readonly int _seed;
        private readonly bool _allOnOne;
        private readonly InMemoryReplicatedLog _log = new();
        private readonly FrozenClock _clock = new(Start);
        private readonly InMemoryReplicatedLog.Node[] _views = new InMemoryReplicatedLog.Node[Replicas];
        private readonly ClusterEngine[] _engines = new ClusterEngine[Replicas];
        private readonly ReaderWriterLockSlim[] _gates = [.. Enumerable.Range(0, Replicas).Select(_ => new ReaderWriterLockSlim())];
        private readonly object _killer = new();
        private readonly Random _killerRng;
        private long _time;
        private int _completed;
        private int _leader;
        private string _leaderKey = "leader/0";
        private int _elections;

        public ReplicaCluster(int seed, bool allClientsOnOneReplica)
        {
            _seed = seed;
            _allOnOne = allClientsOnOneReplica;
            _killerRng = new Random(seed * 7919);
            for (var i = 0; i < Replicas; i++)
            {
                Open(i);
            }
            _engines[0].SetLeadership(_log.Elect(_leaderKey));
        }

        public int Kills { get; private set; }

        public int Elections => _elections;

        private void Open(int i)
        {
            _views[i] = _log.View();
            _engines[i] = ClusterEngine.OpenReplica(_views[i], TopologyConfig.Default(), new ClusterOptions
            {
                LocalNodeName = "node" + (i + 1).ToString(CultureInfo.InvariantCulture),
            }, _clock);
        }

        public List<CsvOperation> Run()
        {
            var clients = Replicas * ClientsPerReplica;
            var histories = new List<CsvOperation>[clients];
            var errors = new List<Exception>();
            using var start = new Barrier(clients);
            var threads = new List<Thread>();
            for (var c = 0; c < clients; c++)
            {
                var client = c;
                histories[c] = [];
                threads.Add(new Thread(() =>
                {
                    try
                    {
                        start.SignalAndWait();
                        RunClient(client, histories[client]);
                    }
                    catch (Exception ex)
                    {
                        lock (errors)
                        {
                            errors.Add(ex);
                        }
                    }
                }) { IsBackground = true, Name = "lin-client-" + client.ToString(CultureInfo.InvariantCulture) });
            }
            foreach (var t in threads)
            {
                t.Start();
            }
            foreach (var t in threads)
            {
                Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a client thread hung");
            }
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            return [.. histories.SelectMany(h => h)];
        }

        private void RunClient(int client, List<CsvOperation> history)
        {
            var replica = _allOnOne ? 0 : client / ClientsPerReplica;
            var rng = new Random((_seed * 1009) + client);
            for (var n = 0; n < OpsPerClient; n++)
            {
                var volume = rng.Next(2);
                var roll = rng.Next(100);
                var kind = roll switch
                {
                    < 30 => CsvOpKind.Read,
                    < 38 => CsvOpKind.BackupOn,
                    < 46 => CsvOpKind.BackupOff,
                    < 52 => CsvOpKind.MaintenanceOn,
                    < 58 => CsvOpKind.MaintenanceOff,
                    < 67 => CsvOpKind.RedirectOn,
                    < 76 => CsvOpKind.RedirectOff,
                    < 88 => CsvOpKind.SnapshotStart,
                    _ => CsvOpKind.SnapshotComplete,
                };
                var arg = kind is CsvOpKind.SnapshotStart or CsvOpKind.SnapshotComplete ? rng.Next(CsvOps.SnapshotSets.Length) : 0;
                _gates[replica].EnterReadLock();
                try
                {
                    var engine = _engines[replica];
                    var invoke = Interlocked.Increment(ref _time);
                    var (result, observed) = CsvOps.Apply(engine, volume, kind, arg);
                    var response = Interlocked.Increment(ref _time);
                    history.Add(new CsvOperation(client, replica, volume, kind, arg, invoke, response, result, observed));
                }
                finally
                {
                    _gates[replica].ExitReadLock();
                }
                if (Interlocked.Increment(ref _completed) % KillEvery == 0)
                {
                    // This client holds no gate here; the replica it kills may be its own (its sibling is paused by the gate).
                    Kill();
                }
            }
        }

        /// <summary>Kills a replica and starts it again from the log; a killed leader is replaced under a new fence.</summary>
        private void Kill()
        {
            lock (_killer)
            {
                var i = _killerRng.Next(Replicas);
                KillAndRestart(i, (i + 1 + _killerRng.Next(Replicas - 1)) % Replicas);
            }
        }

        private void KillAndRestart(int i, int successor)
        {
            _gates[i].EnterWriteLock();
            try
            {
                Kills++;
                _engines[i].Dispose();
                var wasLeader = i == _leader;
                if (wasLeader)
                {
                    _log.Depose(_leaderKey);
                }
                Open(i);
                if (wasLeader)
                {
                    _leader = successor;
                    _leaderKey = "leader/" + (++_elections).ToString(CultureInfo.InvariantCulture);
                    _engines[_leader].SetLeadership(_log.Elect(_leaderKey));
                }
            }
            finally
            {
                _gates[i].ExitWriteLock();
            }
        }

        public void AssertConverged()
        {
            var last = _views[0].Snapshot().Revision;
            var ok = SpinWait.SpinUntil(() => _engines.All(e => e.AppliedRevision == last), TimeSpan.FromSeconds(10));
            Assert.True(ok, "replicas did not catch up: " + string.Join(",", _engines.Select(e => e.AppliedRevision)) + " vs " + last.ToString(CultureInfo.InvariantCulture));
            var states = _engines.Select(Replicated).ToList();
            Assert.All(states, s => Assert.Equal(states[0], s));
        }

        private static string Replicated(ClusterEngine e) =>
            string.Join('\n', e.DumpState().Split('\n').Where(l => !l.StartsWith("localNode ", StringComparison.Ordinal)));

        public void Dispose()
        {
            foreach (var e in _engines)
            {
                e?.Dispose();
            }
            foreach (var g in _gates)
            {
                g.Dispose();
            }
        }
    }
}
