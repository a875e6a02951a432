using Clusterd.ClusApi;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Timers are data (ARCHITECTURE.md principle 2): each running timer is a deadline kept in the state of its object
/// (a volume's backup deadline, a resource's pending transition). One queue and one <see cref="ITimer"/> wake the
/// engine at the earliest deadline; all due deadlines are applied in one command. A queue entry whose object no
/// longer carries that deadline is stale and ignored, so a timer fires at most once.
/// </summary>
public sealed partial class ClusterEngine
{
    private readonly PriorityQueue<DeadlineEntry, DateTimeOffset> _deadlines = new();
    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);
    private ITimer? _timer;
    private DateTimeOffset? _timerDue;

    private enum DeadlineKind
    {
        BackupTimer,
        ResourcePending,
        NodeJoin,
    }

    private readonly record struct DeadlineEntry(DeadlineKind Kind, string Id, DateTimeOffset Due);

    /// <summary>Number of deadlines waiting in the queue (stale ones included); for diagnostics and tests.</summary>
    public int PendingDeadlines
    {
        get
        {
            lock (_gate)
            {
                return _deadlines.Count;
            }
        }
    }

    /// <summary>
    /// Queues a deadline. The object's own state holds the deadline; the queue entry only wakes the engine. A
    /// rolled-back command leaves a stale entry behind, which is ignored when it comes due.
    /// </summary>
    private void Schedule(DeadlineKind kind, string id, DateTimeOffset due) =>
        _deadlines.Enqueue(new DeadlineEntry(kind, id, due), due);

    /// <summary>Applies every deadline that is due now; the engine's timer calls this, tests may too.</summary>
    public int FireDueTimers()
    {
        var fired = 0;
        Execute(tx =>
        {
            var now = tx.Now;
            while (_deadlines.TryPeek(out var entry, out var due) && due <= now)
            {
                _deadlines.Dequeue();
                if (ApplyDeadline(tx, entry))
                {
                    fired++;
                }
            }
            return Win32Error.Success;
        });
        return fired;
    }

    private bool ApplyDeadline(Tx tx, DeadlineEntry entry) => entry.Kind switch
    {
        DeadlineKind.BackupTimer => ExpireBackupTimer(tx, entry),
        DeadlineKind.ResourcePending => CompletePendingResource(tx, entry),
        DeadlineKind.NodeJoin => CompleteNodeJoin(tx, entry),
        _ => false,
    };

    private void ArmTimer()
    {
        if (_disposed)
        {
            return;
        }
        while (_deadlines.TryPeek(out var entry, out _) && IsStale(entry))
        {
            _deadlines.Dequeue();
        }
        if (!_deadlines.TryPeek(out _, out var next))
        {
            if (_timerDue is not null)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timerDue = null;
            }
            return;
        }
        if (_timerDue == next)
        {
            return;
        }
        _timer ??= _time.CreateTimer(static s => ((ClusterEngine)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var delay = next - _time.GetUtcNow();
        _timerDue = next;
        // Never zero: a zero due time may run the callback synchronously inside this command's lock.
        _timer.Change(delay < MinimumTimerDelay ? MinimumTimerDelay : delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _timerDue = null;
        }
        FireDueTimers();
        lock (_gate)
        {
            ArmTimer();
        }
    }

    private bool IsStale(DeadlineEntry e) => e.Kind switch
    {
        DeadlineKind.BackupTimer => _volumes.Find(e.Id) is not { } v || v.Backup.Deadline != e.Due,
        DeadlineKind.ResourcePending => !_resources.TryGetValue(e.Id, out var r) || !_pendingDue.TryGetValue(r.Id, out var d) || d != e.Due,
        DeadlineKind.NodeJoin => !_nodes.TryGetValue(e.Id, out var n) || !n.IsJoining || !_joinDue.TryGetValue(n.Id, out var j) || j != e.Due,
        _ => true,
    };
}
