using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;

namespace Clusterd.Benchmarks;

/// <summary>
/// How late volume backup timers take effect on the real clock, and whether any is lost or fires twice. Run:
/// <c>dotnet run -c Release --project bench/Clusterd.Benchmarks -- timers [count] [sqlite|memory|etcd] [idle|load|instant] [runs]</c>.
/// </summary>
/// <remarks>
/// <para>Every armed volume is put in backup mode with one SET_SHARED_VOLUME_BACKUP_MODE command. All of them are
/// armed before the first deadline (the run says "invalid" otherwise and counts as a failure), and the deadlines are
/// read back from the engine and frozen into an immutable map before anything can expire, so the expiry observer never
/// reads what another thread writes. Each expiry is seen as the volume's CSV state event (the engine publishes them after
/// the commit, one thread at a time); its lateness is the clock at that moment minus the volume's deadline.</para>
/// <para>Scenarios: <c>idle</c>, nothing else runs; <c>load</c>, a second thread runs 1,000 other CSV commands a second
/// (maintenance mode on and off, on volumes that are not armed) from before the first deadline to after the last;
/// <c>instant</c>, every deadline falls on the same instant (the engine's clock stands still while the volumes are armed,
/// then runs at real speed from there).</para>
/// <para>Counted per run: fired (one expiry event, the volume out of backup mode), lost (no expiry 5 s after the last
/// deadline, or still in backup mode), double (a second expiry event for a volume).</para>
/// <para><c>etcd</c>: the engine is one replica of a multi-node cluster on a real etcd (a single member started by the
/// harness on loopback ports, /usr/bin/etcd), leader through the etcd election: every command and every expiry commits
/// in one etcd transaction, fenced as the leader's duties are (docs/multi-node.md).</para>
/// </remarks>
internal static class TimerLatency
{
    private const int LoadVolumes = 100;
    private const int LoadPerSecond = 1_000;

    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var kind = args.Length > 2 ? args[2] : "sqlite";
        var scenario = args.Length > 3 ? args[3] : "idle";
        var runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        if (kind is not ("sqlite" or "memory" or "etcd") || scenario is not ("idle" or "load" or "instant") || count < 1 || runs < 1)
        {
            Console.Error.WriteLine("usage: timers [count] [sqlite|memory|etcd] [idle|load|instant] [runs]");
            return 2;
        }
        if (kind == "etcd")
        {
            // As clusterd does for a replica (ClusterHost): blocking etcd calls must not wait for the pool to grow.
            ThreadPool.GetMinThreads(out var workers, out var ports);
            ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(ports, 64));
        }
        var failed = 0;
        for (var run = 1; run <= runs; run++)
        {
            var r = RunOnce(count, kind, scenario);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: store={kind} scenario={scenario} volumes={count} arm={r.ArmMs:F0} ms first-deadline-after-arming={r.SlackMs:F0} ms load={r.LoadCommands} cmds ({r.LoadErrors} refused) fired={r.Fired} lost={r.Lost} double={r.Double} lateness ms min={r.Min:F1} p50={r.P50:F1} p99={r.P99:F1} max={r.Max:F1}{(r.Valid ? "" : " INVALID: deadlines fell due while arming")}"));
            if (!r.Valid || r.Lost != 0 || r.Double != 0 || r.Min < 0)
            {
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private sealed record Result(double ArmMs, double SlackMs, long LoadCommands, long LoadErrors, int Fired, int Lost, int Double, double Min, double P50, double P99, double Max, bool Valid);

    private static Result RunOnce(int count, string kind, string scenario)
    {
        var dir = Directory.CreateTempSubdirectory("clusterd-timers-");
        try
        {
            var clock = new HoldableClock();
            using var cluster = OpenCluster(kind, dir.FullName, LargeTopology.WithCsvs(count + LoadVolumes), clock);
            var engine = cluster.Engine;
            var armed = Enumerable.Range(0, count).Select(i => (Disk: LargeTopology.DiskName(i), Volume: VolumeOf(engine, i))).ToArray();
            var others = Enumerable.Range(count, LoadVolumes).Select(i => (Disk: LargeTopology.DiskName(i), Volume: VolumeOf(engine, i))).ToArray();

            // Nothing is observed until the deadlines are known: the observer only reads this map once it is published.
            IReadOnlyDictionary<string, DateTimeOffset>? deadlines = null;
            var expiries = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var lateness = new ConcurrentBag<double>();
            var firstExpiries = 0;
            using var allFired = new ManualResetEventSlim();
            using var subscription = engine.Subscribe(e =>
            {
                if (e.Change != ClusterChange.SharedVolumeState || Volatile.Read(ref deadlines) is not { } known || !known.TryGetValue(e.Name, out var due))
                {
                    return;
                }
                // Once armed, nothing but its expiry changes an armed volume: every event for one is an expiry (an early
                // one shows as negative lateness, a second one as a double).
                var now = engine.Time.GetUtcNow();
                if (expiries.AddOrUpdate(e.Name, 1, (_, n) => n + 1) == 1)
                {
                    lateness.Add((now - due).TotalMilliseconds);
                    if (Interlocked.Increment(ref firstExpiries) == count)
                    {
                        allFired.Set();
                    }
                }
            });

            // Armed with a delay long enough to arm every volume first (about 0.2 ms each with SQLite, 10 s for 10,000;
            // about 1.5 ms each through etcd at the median, but this disk stalls etcd's fsync for up to 2 s now and then: 12 ms a volume leaves room).
            var delay = (uint)Math.Max(5, (int)Math.Ceiling(count * (kind == "etcd" ? 0.012 : 0.0006)) + 4);
            if (scenario == "instant")
            {
                clock.Hold();
            }
            var sw = Stopwatch.StartNew();
            foreach (var (disk, volume) in armed)
            {
                var error = engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, delay));
                if (error != Win32Error.Success)
                {
                    throw new InvalidOperationException(disk + ": " + error);
                }
            }
            var armMs = sw.Elapsed.TotalMilliseconds;
            // A volume without a deadline now already expired: arming outlasted the delay (the run is then invalid).
            var map = armed.ToDictionary(a => a.Disk, a => engine.Queries.FindSharedVolume(a.Volume)!.BackupDeadline ?? DateTimeOffset.MinValue, StringComparer.OrdinalIgnoreCase);
            var first = map.Values.Min();
            var last = map.Values.Max();
            var slack = (first - engine.Time.GetUtcNow()).TotalMilliseconds;
            Volatile.Write(ref deadlines, map);
            clock.Release();

            long loadCommands = 0, loadErrors = 0;
            using var stopLoad = new CancellationTokenSource();
            Thread? load = null;
            if (scenario == "load")
            {
                load = new Thread(() => Load(engine, others, stopLoad.Token, ref loadCommands, ref loadErrors)) { IsBackground = true, Name = "load" };
                load.Start();
            }

            // The timers run on the real clock (what is measured is their real lateness): wait until every one fired,
            // signalled by the observer, or 5 s past the last deadline; then watch a short real-time window in which a
            // late duplicate expiry would still show.
            var giveUp = last + TimeSpan.FromSeconds(5) - engine.Time.GetUtcNow();
            allFired.Wait(giveUp > TimeSpan.Zero ? giveUp : TimeSpan.Zero);
            using (var window = new ManualResetEventSlim())
            {
                window.Wait(DuplicateWindow);
            }
            stopLoad.Cancel();
            load?.Join();

            var stillArmed = armed.Count(a => engine.Queries.FindSharedVolume(a.Volume)!.BackupState == SharedVolumeBackupState.InProgress);
            var fired = expiries.Count(p => p.Value >= 1);
            var doubled = expiries.Count(p => p.Value > 1);
            var sorted = lateness.Order().ToArray();
            var lost = Math.Max(count - fired, stillArmed);
            return new Result(armMs, slack, loadCommands, loadErrors, fired, lost, doubled,
                sorted.Length == 0 ? double.NaN : sorted[0], Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1], slack > 0);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>An engine on its store; for etcd also the etcd member, the connection and the membership that elects it.</summary>
    private sealed class BenchCluster(ClusterEngine engine, params IDisposable[] parts) : IDisposable
    {
        public ClusterEngine Engine { get; } = engine;

        public void Dispose()
        {
            Engine.Dispose();
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    private static BenchCluster OpenCluster(string kind, string dataDir, Clusterd.Cluster.Topology.TopologyConfig topology, TimeProvider clock)
    {
        if (kind != "etcd")
        {
            IClusterStore store = kind == "sqlite" ? new SqliteClusterStore(dataDir) : new InMemoryClusterStore();
            return new BenchCluster(ClusterEngine.Open(store, topology, new ClusterOptions(), clock), store);
        }
        // Seeding 10,000 CSVs is one transaction of about 60 MB: raise etcd's request limit for it.
        var etcd = new Clusterd.Tests.Shared.EtcdServer(1, maxRequestBytes: 256L * 1024 * 1024);
        var connection = new Clusterd.Store.Etcd.EtcdConnection(Clusterd.Store.Etcd.EtcdConnection.ParseEndpoints(etcd.Endpoints), callTimeout: TimeSpan.FromMinutes(2));
        var layout = new Clusterd.Store.Etcd.EtcdLayout("/bench-" + Guid.NewGuid().ToString("N")[..8] + "/");
        var replicated = new Clusterd.Store.Etcd.EtcdClusterStore(connection, layout);
        var membership = new Clusterd.Store.Etcd.EtcdMembership(connection, layout, MembershipTiming.FromHeartbeat(TimeSpan.FromSeconds(1), 5), TimeProvider.System);
        membership.Join("node1");
        var engine = ClusterEngine.OpenReplica(replicated, topology, new ClusterOptions { LocalNodeName = "node1" }, clock);
        membership.LeadershipChanged += engine.SetLeadership;
        if (!SpinWait.SpinUntil(() => membership.Leadership is not null, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("the bench node did not become leader");
        }
        engine.SetLeadership(membership.Leadership);
        return new BenchCluster(engine, membership, replicated, connection, etcd);
    }

    /// <summary>How long after the last expiry a second (duplicate) expiry of a volume is still watched for.</summary>
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromMilliseconds(200);

    /// <summary>1,000 CSV commands a second on volumes that are not armed, paced by the real clock.</summary>
    private static void Load(ClusterEngine engine, (string Disk, string Volume)[] volumes, CancellationToken stop, ref long commands, ref long errors)
    {
        var sw = Stopwatch.StartNew();
        long done = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(sw.Elapsed.TotalSeconds * LoadPerSecond);
            if (done >= due)
            {
                // Ahead of the pace: wait for the next slot of the real clock, or for the stop.
                stop.WaitHandle.WaitOne(1);
                continue;
            }
            var (disk, volume) = volumes[done % volumes.Length];
            var on = done / volumes.Length % 2 == 0;
            if (engine.Execute(new SetCsvMaintenanceMode(disk, volume, on)) != Win32Error.Success)
            {
                Interlocked.Increment(ref errors);
            }
            done++;
            Interlocked.Increment(ref commands);
        }
    }

    private static string VolumeOf(ClusterEngine engine, int i) =>
        engine.Queries.GetSharedVolumeInfo(LargeTopology.DiskName(i)).Volumes![0].FriendlyName;

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    /// <summary>
    /// The system clock, but one that can stand still: while held, every reading is the instant it was held at; once
    /// released it runs at real speed from that instant (never jumping). Timers are the system's, so wake-ups computed
    /// from its readings fire in real time.
    /// </summary>
    private sealed class HoldableClock : TimeProvider
    {
        private readonly Lock _gate = new();
        private TimeSpan _offset;
        private DateTimeOffset? _heldAt;

        public void Hold()
        {
            lock (_gate)
            {
                _heldAt ??= TimeProvider.System.GetUtcNow() - _offset;
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                if (_heldAt is { } at)
                {
                    _offset = TimeProvider.System.GetUtcNow() - at;
                    _heldAt = null;
                }
            }
        }

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return _heldAt ?? TimeProvider.System.GetUtcNow() - _offset;
            }
        }
    }
}
