using System.Diagnostics;
using System.Diagnostics.Metrics;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The engine's instruments (docs/metrics.md), one meter per area: <see cref="CsvMeterName"/> (backup state transitions
/// and backup durations), <see cref="TimersMeterName"/> (deadlines armed and fired, and how late) and
/// <see cref="StoreMeterName"/> (store commit latency). A command notes what it did in its <see cref="Tx"/>; the notes
/// are recorded only once the command has committed, so a rolled-back command counts nothing.
/// </summary>
/// <remarks>
/// No attribute names a volume or any other object: a cluster may have 10,000 volumes, and a series per volume would
/// multiply every exporter's memory by that. Attributes are drawn from small fixed sets (a backup phase, a deadline
/// kind, a commit outcome); which volume moved is what the event stream and the audit log are for.
/// </remarks>
public sealed class ClusterMetrics : IDisposable
{
    /// <summary>The meter of CSV backup state.</summary>
    public const string CsvMeterName = "Clusterd.Csv";

    /// <summary>The meter of the engine's deadlines (docs/architecture.md, rule 3: timers are data).</summary>
    public const string TimersMeterName = "Clusterd.Timers";

    /// <summary>The meter of store commits.</summary>
    public const string StoreMeterName = "Clusterd.Store";

    /// <summary>Buckets of how long a volume stayed in backup mode, in seconds: 1 s to a day.</summary>
    public static readonly IReadOnlyList<double> BackupDurationBuckets =
        [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

    /// <summary>Buckets of a deadline's lateness, in seconds: 1 ms to a minute.</summary>
    public static readonly IReadOnlyList<double> LatenessBuckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Buckets of a store commit, in seconds: 100 µs to 10 s.</summary>
    public static readonly IReadOnlyList<double> CommitDurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _csv;
    private readonly Meter _timers;
    private readonly Meter _store;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _backupDuration;
    private readonly Counter<long> _armed;
    private readonly Counter<long> _fired;
    private readonly Histogram<double> _lateness;
    private readonly Histogram<double> _commitDuration;

    /// <summary>Creates the instruments on meters of their own (tests listen to one instance; the server uses <see cref="Shared"/>).</summary>
    public ClusterMetrics()
    {
        _csv = new Meter(CsvMeterName);
        _timers = new Meter(TimersMeterName);
        _store = new Meter(StoreMeterName);
        _transitions = _csv.CreateCounter<long>("clusterd.csv.transitions", "{transition}",
            "Backup state changes of CSV volumes (MS-CMRP 3.1.1.4), by the phase left (clusterd.csv.from) and entered (clusterd.csv.to).");
        _backupDuration = _csv.CreateHistogram("clusterd.csv.backup.duration", "s",
            "How long a volume stayed in backup mode, from entering it to leaving it, on the engine's clock.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BackupDurationBuckets });
        _armed = _timers.CreateCounter<long>("clusterd.timers.armed", "{timer}",
            "Deadlines set by committed commands, by kind (clusterd.timer.kind).");
        _fired = _timers.CreateCounter<long>("clusterd.timers.fired", "{timer}",
            "Deadlines that took effect, by kind (clusterd.timer.kind).");
        _lateness = _timers.CreateHistogram("clusterd.timers.lateness", "s",
            "How long after its deadline a timer took effect (engine clock at the expiry commit minus the deadline).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        _commitDuration = _store.CreateHistogram("clusterd.store.commit.duration", "s",
            "Time the store took to make one command's batch durable (wall clock), by store kind and, on failure, error.type.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitDurationBuckets });
    }

    /// <summary>The process-wide instance, used unless <see cref="ClusterOptions.Metrics"/> names another.</summary>
    public static ClusterMetrics Shared { get; } = new();

    /// <summary>The three meters (what a <see cref="MeterListener"/> or an exporter enables).</summary>
    public IReadOnlyList<Meter> Meters => [_csv, _timers, _store];

    /// <summary>Records what a committed command noted: its backup transitions, the deadlines it set and those it applied.</summary>
    internal void RecordCommitted(Tx tx)
    {
        if (tx.CsvTransitions is { } transitions)
        {
            foreach (var t in transitions)
            {
                _transitions.Add(1, new KeyValuePair<string, object?>("clusterd.csv.from", PhaseName(t.From)),
                    new KeyValuePair<string, object?>("clusterd.csv.to", PhaseName(t.To)));
                if (t.BackupDuration is { } d)
                {
                    _backupDuration.Record(d.TotalSeconds);
                }
            }
        }
        if (tx.TimersArmed is { } armed)
        {
            for (var kind = 0; kind < armed.Count; kind++)
            {
                if (armed[kind] > 0)
                {
                    _armed.Add(armed[kind], new KeyValuePair<string, object?>("clusterd.timer.kind", KindName((DeadlineKind)kind)));
                }
            }
        }
        if (tx.TimersFired is { } fired)
        {
            foreach (var (kind, lateness) in fired)
            {
                var tag = new KeyValuePair<string, object?>("clusterd.timer.kind", KindName(kind));
                _fired.Add(1, tag);
                _lateness.Record(Math.Max(0, lateness.TotalSeconds), tag);
            }
        }
    }

    /// <summary>True while someone records commit latency: the engine skips reading the clock otherwise.</summary>
    internal bool CommitsEnabled => _commitDuration.Enabled;

    /// <summary>Records one store commit that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch"/>); <paramref name="error"/> is null on success.</summary>
    internal void RecordCommit(string storeKind, string? error, long startTimestamp)
    {
        var seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        if (error is null)
        {
            _commitDuration.Record(seconds, new KeyValuePair<string, object?>("clusterd.store.kind", storeKind));
        }
        else
        {
            _commitDuration.Record(seconds, new KeyValuePair<string, object?>("clusterd.store.kind", storeKind),
                new KeyValuePair<string, object?>("error.type", error));
        }
    }

    /// <summary>The phase of a volume's backup state (MS-CMRP 3.1.1.4): the names <see cref="BackupStatus"/> gives them.</summary>
    internal static BackupPhase PhaseOf(BackupStatus s) => !s.Mode ? BackupPhase.Idle : s.Deadline is null ? BackupPhase.InBackup : BackupPhase.Armed;

    private static string PhaseName(BackupPhase p) => p switch
    {
        BackupPhase.Idle => "idle",
        BackupPhase.Armed => "armed",
        _ => "in_backup",
    };

    private static string KindName(DeadlineKind k) => k switch
    {
        DeadlineKind.BackupTimer => "volume_backup",
        DeadlineKind.ResourcePending => "resource_pending",
        _ => "node_join",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _csv.Dispose();
        _timers.Dispose();
        _store.Dispose();
    }
}

/// <summary>The phase of a volume's backup state: backup mode off; on with the volume backup timer running; on with a backup seen.</summary>
internal enum BackupPhase
{
    Idle,
    Armed,
    InBackup,
}

/// <summary>One backup state change a command made; <paramref name="BackupDuration"/> is set when it left backup mode.</summary>
internal readonly record struct CsvTransition(BackupPhase From, BackupPhase To, TimeSpan? BackupDuration);
