using System.Globalization;
using System.Text;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>The per-volume CSV operations a linearizability history is made of.</summary>
internal enum CsvOpKind
{
    BackupOn,
    BackupOff,
    MaintenanceOn,
    MaintenanceOff,
    RedirectOn,
    RedirectOff,
    SnapshotStart,
    SnapshotComplete,
    Read,
}

/// <summary>What a read (FindSharedVolume) observed of one volume.</summary>
internal readonly record struct CsvVolumeView(SharedVolumeBackupState Backup, bool Maintenance, bool Redirected, int SnapshotSets)
{
    public override string ToString() => FormattableString.Invariant($"(backup={Backup} maint={Maintenance} redir={Redirected} sets={SnapshotSets})");
}

/// <summary>
/// Which fields of a volume a read can observe. <see cref="Full"/> (the in-process tests: the engine's own
/// <c>SharedVolumeInfo</c>) sees all of <see cref="CsvVolumeView"/>, and a read is compared exactly. Reads made
/// through ClusAPI see less, each in one control call: <see cref="Info"/> is CLUS_CSV_VOLUME_INFO
/// (CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO): the backup state and the fault state, which says maintenance
/// and, when not in maintenance, "redirected or in backup" (FaultState precedence); <see cref="NodeStates"/> is
/// CLUSTER_SHARED_VOLUME_STATE_INFO_EX (GET_SHARED_VOLUME_STATES): maintenance (Paused) and redirected mode (the
/// UserRequest reason), not backup mode. Neither shows the snapshot sets.
/// </summary>
internal enum CsvReadView
{
    Full,
    Info,
    NodeStates,
}

/// <summary>
/// One operation of a recorded history. <see cref="Invoke"/> and <see cref="Response"/> come from one shared
/// counter, so real-time order is exact; <see cref="Response"/> is <see cref="long.MaxValue"/> when the outcome is
/// unknown (the operation may or may not have taken effect, and its result is not checked).
/// </summary>
internal sealed record CsvOperation(int Client, int Replica, int Volume, CsvOpKind Kind, int Arg, long Invoke, long Response, Win32Error Result, CsvVolumeView? Observed,
    CsvReadView View = CsvReadView.Full)
{
    public bool Unknown => Response == long.MaxValue;

    /// <summary>
    /// What a read of <paramref name="view"/> shows of <paramref name="v"/>, with every field it cannot see at its
    /// default: two views are indistinguishable through that read exactly when their projections are equal.
    /// </summary>
    public static CsvVolumeView Project(CsvVolumeView v, CsvReadView view) => view switch
    {
        CsvReadView.Full => v,
        CsvReadView.Info => new CsvVolumeView(v.Backup, v.Maintenance, !v.Maintenance && v.Backup == SharedVolumeBackupState.None && v.Redirected, 0),
        CsvReadView.NodeStates => new CsvVolumeView(SharedVolumeBackupState.None, v.Maintenance, v.Redirected, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(view)),
    };

    public override string ToString()
    {
        var what = Kind is CsvOpKind.SnapshotStart or CsvOpKind.SnapshotComplete ? Kind + "(set" + Arg.ToString(CultureInfo.InvariantCulture) + ")" : Kind.ToString();
        var outcome = Unknown ? "unknown" : Kind == CsvOpKind.Read ? Result + " " + Observed + (View == CsvReadView.Full ? "" : " via " + View) : Result.ToString();
        return FormattableString.Invariant($"[{Invoke},{(Unknown ? "inf" : Response.ToString(CultureInfo.InvariantCulture))}] client{Client}@replica{Replica} vol{Volume + 1} {what} -> {outcome}");
    }
}

/// <summary>Runs one CSV operation against an engine (a replica under test, or the single-node reference).</summary>
internal static class CsvOps
{
    public static readonly Guid[] SnapshotSets =
    [
        new("5e7a0001-0000-4000-8000-000000000001"),
        new("5e7a0002-0000-4000-8000-000000000002"),
        new("5e7a0003-0000-4000-8000-000000000003"),
    ];

    /// <summary>Large enough that no backup timer falls due while the clock stands still.</summary>
    public const uint BackupDelaySeconds = 3600;

    public static string DiskOf(int volume) => volume == 0 ? Disk1 : Disk2;

    public static string VolumeOf(int volume) => volume == 0 ? Volume1 : Volume2;

    /// <summary>
    /// One client call, as the ClusAPI layer makes it: one engine command scope (<see cref="ClusterEngine.EnterCommand"/>,
    /// which on a replica starts with the read barrier) around the engine's method.
    /// </summary>
    public static (Win32Error Result, CsvVolumeView? Observed) Apply(ClusterEngine engine, int volume, CsvOpKind kind, int arg)
    {
        using var call = engine.EnterCommand();
        return ApplyInScope(engine, volume, kind, arg);
    }

    private static (Win32Error Result, CsvVolumeView? Observed) ApplyInScope(ClusterEngine engine, int volume, CsvOpKind kind, int arg)
    {
        var disk = DiskOf(volume);
        var name = VolumeOf(volume);
        switch (kind)
        {
            case CsvOpKind.BackupOn:
                return (engine.Execute(new SetBackupMode(disk, name, SharedVolumeBackupState.InProgress, BackupDelaySeconds)), null);
            case CsvOpKind.BackupOff:
                return (engine.Execute(new SetBackupMode(disk, name, SharedVolumeBackupState.None, 0)), null);
            case CsvOpKind.MaintenanceOn:
                return (engine.Execute(new SetCsvMaintenanceMode(disk, name, true)), null);
            case CsvOpKind.MaintenanceOff:
                return (engine.Execute(new SetCsvMaintenanceMode(disk, name, false)), null);
            case CsvOpKind.RedirectOn:
                return (engine.Execute(new SetDirectIO(disk, name, Enable: false)).Error, null);
            case CsvOpKind.RedirectOff:
                return (engine.Execute(new SetDirectIO(disk, name, Enable: true)).Error, null);
            case CsvOpKind.SnapshotStart:
                return (engine.Execute(new SetSnapshotState(SnapshotSets[arg], name, SharedVolumeSnapshotState.PrepareForFreeze)), null);
            case CsvOpKind.SnapshotComplete:
                return (engine.Execute(new SetSnapshotState(SnapshotSets[arg], name, SharedVolumeSnapshotState.HWSnapshotCompleted)), null);
            case CsvOpKind.Read:
                var v = engine.Queries.FindSharedVolume(name) ?? throw new InvalidOperationException(name);
                return (Win32Error.Success, new CsvVolumeView(v.BackupState, v.Maintenance, v.Redirected, v.SnapshotSetsInProgress));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}

/// <summary>A clock that stands still and whose timers never fire (thread-safe, unlike a test clock with a timer list).</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The sequential specification of one volume: the engine itself in single-process mode (whose CSV behaviour the
/// rest of the suite pins to the spec). A model state is a compact key of everything about the volume that can
/// change an answer: backup mode and whether its timer is armed, maintenance, redirected, and the snapshot sets in
/// progress. A transition (state, operation) is computed once by driving a fresh single-node engine to the state
/// (replaying the path that first reached it) and running the operation; transitions are cached.
/// </summary>
internal static class CsvReferenceModel
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(int Volume, string State), List<(CsvOpKind Kind, int Arg)>> Paths = [];
    private static readonly Dictionary<(int Volume, string State, CsvOpKind Kind, int Arg), (string Next, Win32Error Result, CsvVolumeView? Observed)> Steps = [];
    private static readonly string?[] Initials = new string?[2];

    public static string Initial(int volume)
    {
        lock (Gate)
        {
            if (Initials[volume] is { } known)
            {
                return known;
            }
            using var engine = OpenModel();
            var key = StateKey(engine, volume);
            Initials[volume] = key;
            Paths[(volume, key)] = [];
            return key;
        }
    }

    public static (string Next, Win32Error Result, CsvVolumeView? Observed) Step(int volume, string state, CsvOpKind kind, int arg)
    {
        lock (Gate)
        {
            if (Steps.TryGetValue((volume, state, kind, arg), out var known))
            {
                return known;
            }
            var path = Paths[(volume, state)];
            using var engine = OpenModel();
            foreach (var (k, a) in path)
            {
                CsvOps.Apply(engine, volume, k, a);
            }
            if (StateKey(engine, volume) != state)
            {
                throw new InvalidOperationException("the reference model did not reach " + state + " again: its state key is incomplete");
            }
            var (result, observed) = CsvOps.Apply(engine, volume, kind, arg);
            var next = StateKey(engine, volume);
            if (!Paths.ContainsKey((volume, next)))
            {
                Paths[(volume, next)] = [.. path, (kind, arg)];
            }
            var step = (next, result, observed);
            Steps[(volume, state, kind, arg)] = step;
            return step;
        }
    }

    private static ClusterEngine OpenModel() =>
        ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), new FrozenClock(Start));

    /// <summary>The volume's state: its info fields plus the identities of its snapshot sets (from DumpState).</summary>
    public static string StateKey(ClusterEngine engine, int volume)
    {
        var name = CsvOps.VolumeOf(volume);
        var v = engine.Queries.FindSharedVolume(name) ?? throw new InvalidOperationException(name);
        var prefix = "  volume " + name + " ";
        var line = engine.DumpState().Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var from = line.IndexOf(" sets=", StringComparison.Ordinal) + " sets=".Length;
        var to = line.IndexOf(" requester=", from, StringComparison.Ordinal);
        var sets = line[from..to].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        return FormattableString.Invariant($"{v.BackupState}|armed={v.BackupDeadline is not null}|maint={v.Maintenance}|redir={v.Redirected}|sets={string.Join(",", sets)}");
    }
}

/// <summary>
/// A Wing–Gong/Lowe linearizability check of one volume's history against <see cref="CsvReferenceModel"/>: a depth-first
/// search for a total order that respects real-time order (an operation answered before another was invoked comes
/// first) in which the reference gives exactly the recorded answers; memoized on (operations already placed, model
/// state). Operations with an unknown outcome may be placed anywhere after their invocation, with any answer, or left out.
/// </summary>
internal static class CsvLinearizabilityChecker
{
    public const int MaxOperations = 256;

    public sealed record Verdict(bool Linearizable, IReadOnlyList<CsvOperation> Order, int Explored, IReadOnlyList<CsvOperation> LongestPrefix)
    {
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.Append(Linearizable ? "linearizable" : "NOT linearizable").Append(", states explored ").Append(Explored.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (!Linearizable)
            {
                sb.Append("longest linearizable prefix:\n");
                foreach (var op in LongestPrefix)
                {
                    sb.Append("  ").Append(op).Append('\n');
                }
            }
            return sb.ToString();
        }
    }

    private readonly struct Bits(ulong a, ulong b, ulong c, ulong d) : IEquatable<Bits>
    {
        private readonly ulong _a = a, _b = b, _c = c, _d = d;

        public bool Has(int i) => (Word(i >> 6) & (1UL << (i & 63))) != 0;

        public Bits With(int i)
        {
            var m = 1UL << (i & 63);
            return (i >> 6) switch
            {
                0 => new Bits(_a | m, _b, _c, _d),
                1 => new Bits(_a, _b | m, _c, _d),
                2 => new Bits(_a, _b, _c | m, _d),
                _ => new Bits(_a, _b, _c, _d | m),
            };
        }

        private ulong Word(int w) => w switch { 0 => _a, 1 => _b, 2 => _c, _ => _d };

        public bool Equals(Bits other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

        public override bool Equals(object? obj) => obj is Bits b && Equals(b);

        public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    }

    /// <summary>
    /// Shrinks a non-linearizable history to a short witness that is still a sound counterexample: first the history
    /// is cut at the earliest response after which it is no longer linearizable (the cut is itself a history of the
    /// system: operations still in flight at the cut get an unknown outcome); then reads and refused operations (which
    /// change nothing in the model, so dropping them can only make a history easier to linearize) are dropped one at a
    /// time while what is left stays non-linearizable. Acknowledged writes before the cut are kept.
    /// </summary>
    public static IReadOnlyList<CsvOperation> Minimize(IReadOnlyList<CsvOperation> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ops = history.OrderBy(o => o.Invoke).ToList();
        List<CsvOperation> CutAt(long t) =>
            [.. ops.Where(o => o.Invoke < t).Select(o => o.Response <= t ? o : o with { Response = long.MaxValue, Observed = null })];
        var cut = ops;
        foreach (var t in ops.Where(o => !o.Unknown).Select(o => o.Response).Order())
        {
            var prefix = CutAt(t);
            if (!Check(prefix).Linearizable)
            {
                cut = prefix;
                break;
            }
        }
        var shrunk = true;
        while (shrunk)
        {
            shrunk = false;
            for (var i = cut.Count - 1; i >= 0; i--)
            {
                var op = cut[i];
                var inert = op.Kind == CsvOpKind.Read || (!op.Unknown && op.Result != Win32Error.Success);
                if (!inert)
                {
                    continue;
                }
                var without = cut.Where((_, j) => j != i).ToList();
                if (!Check(without).Linearizable)
                {
                    cut = without;
                    shrunk = true;
                }
            }
        }
        return cut;
    }

    /// <summary>Whether a read of <paramref name="view"/> would show the same of the model's and the recorded view.</summary>
    private static bool SameThrough(CsvReadView view, CsvVolumeView? model, CsvVolumeView? recorded) =>
        view == CsvReadView.Full
            ? model == recorded
            : model is { } m && recorded is { } r && CsvOperation.Project(m, view) == CsvOperation.Project(r, view);

    /// <summary>Checks the operations of one volume (all of the same <see cref="CsvOperation.Volume"/>).</summary>
    public static Verdict Check(IReadOnlyList<CsvOperation> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count > MaxOperations)
        {
            throw new ArgumentException("at most " + MaxOperations.ToString(CultureInfo.InvariantCulture) + " operations per volume", nameof(history));
        }
        if (history.Select(o => o.Volume).Distinct().Count() > 1)
        {
            throw new ArgumentException("one volume at a time", nameof(history));
        }
        var ops = history.OrderBy(o => o.Invoke).ToArray();
        if (ops.Length == 0)
        {
            return new Verdict(true, [], 0, []);
        }
        var volume = ops[0].Volume;
        var known = ops.Count(o => !o.Unknown);
        var visited = new HashSet<(Bits, string)>();
        var order = new List<CsvOperation>();
        var longest = new List<CsvOperation>();

        bool Search(Bits done, string state, int remaining)
        {
            if (remaining == 0)
            {
                return true;
            }
            if (!visited.Add((done, state)))
            {
                return false;
            }
            var minResponse = long.MaxValue;
            for (var i = 0; i < ops.Length; i++)
            {
                if (!done.Has(i) && ops[i].Response < minResponse)
                {
                    minResponse = ops[i].Response;
                }
            }
            for (var i = 0; i < ops.Length; i++)
            {
                var op = ops[i];
                if (op.Invoke > minResponse)
                {
                    break; // ops are sorted by invocation: none later may come before the earliest pending response
                }
                if (done.Has(i))
                {
                    continue;
                }
                var (next, result, observed) = CsvReferenceModel.Step(volume, state, op.Kind, op.Arg);
                if (!op.Unknown && (result != op.Result || (op.Kind == CsvOpKind.Read && !SameThrough(op.View, observed, op.Observed))))
                {
                    continue;
                }
                order.Add(op);
                if (order.Count > longest.Count)
                {
                    longest.Clear();
                    longest.AddRange(order);
                }
                if (Search(done.With(i), next, op.Unknown ? remaining : remaining - 1))
                {
                    return true;
                }
                order.RemoveAt(order.Count - 1);
            }
            return false;
        }

        var ok = Search(default, CsvReferenceModel.Initial(volume), known);
        return new Verdict(ok, ok ? [.. order] : [], visited.Count, [.. longest]);
    }
}
