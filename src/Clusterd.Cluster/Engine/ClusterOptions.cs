using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.Cluster.Engine;

/// <summary>Which behaviour the CSV subsystem follows where Windows and MS-CMRP differ (docs/behaviour.md, "Profiles").</summary>
public enum CsvProfile
{
    /// <summary>MS-CMRP as written (default): SET_SHARED_VOLUME_BACKUP_MODE and SET_CSV_MAINTENANCE_MODE work.</summary>
    Spec,

    /// <summary>
    /// Windows Server 2012 and later (MS-CMRP footnotes 173 and 176): both codes fail with ERROR_INVALID_FUNCTION;
    /// backup mode comes only from detected backups; PrepareSharedVolumeForBackup only returns names.
    /// </summary>
    WS2012Plus,
}

/// <summary>Engine settings.</summary>
public sealed record ClusterOptions
{
    /// <summary>The CSV profile.</summary>
    public CsvProfile Profile { get; init; } = CsvProfile.Spec;

    /// <summary>The node this server speaks for (GetClusterName's NodeName); default: the first node.</summary>
    public string? LocalNodeName { get; init; }

    /// <summary>
    /// The self-clear delay of ClusterPrepareSharedVolumeForBackup in the Spec profile: 1800 s, the documented
    /// 30 minutes (docs/behaviour.md, "ClusterPrepareSharedVolumeForBackup").
    /// </summary>
    public TimeSpan PrepareForBackupDelay { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>How long a node that comes back stays Joining before it is Up (0: at once).</summary>
    public TimeSpan NodeJoinDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The most deadlines one expiry commit applies (default 500): a burst of deadlines due at once is applied in
    /// commits of this size, each published before the next, so the first expiries are not held back by the last and a
    /// command waits behind one short commit at most. At least 1.
    /// </summary>
    public int MaxExpiriesPerCommit
    {
        get => _maxExpiriesPerCommit;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxExpiriesPerCommit = value;
        }
    }

    private readonly int _maxExpiriesPerCommit = 500;

    /// <summary>The source of new object IDs; tests pass a seeded one so runs are reproducible.</summary>
    public Func<Guid> NewId { get; init; } = Guid.NewGuid;

    /// <summary>
    /// Where the engine reports faults it contains after a commit (a throwing event subscriber, a timer that cannot
    /// be armed); they never reach the command's caller.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Where the engine counts backup transitions, deadlines and store commits (docs/metrics.md).</summary>
    public ClusterMetrics Metrics { get; init; } = ClusterMetrics.Shared;
}
