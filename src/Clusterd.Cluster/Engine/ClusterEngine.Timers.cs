using Clusterd.ClusApi;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Timers are data (docs/architecture.md, rule 3): each running timer is a deadline kept in the state of its object
/// (a volume's backup deadline, a resource's pending transition). One queue and one <see cref="ITimer"/> wake the
/// engine at the earliest deadline; all due deadlines are applied in one command. A queue entry whose object no
/// longer carries that deadline is stale and ignored, so a timer fires at most once.
/// </summary>
/// <remarks>
/// The deadline is exact and may lie any representable distance ahead; only the wake-up is clamped to what an
/// <see cref="ITimer"/> accepts (<see cref="MaximumTimerDelay"/>, about 49.7 days). A clamped wake-up finds nothing
/// due and re-arms for the time that is left, so a 136-year deadline fires once, at its instant.
/// </remarks>
public sealed partial class ClusterEngine
{
    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The longest wake-up the engine asks of its timer: 0xFFFFFFFE ms, the largest due time
    /// <see cref="Timer.Change(TimeSpan, TimeSpan)"/> accepts (above it, it throws ArgumentOutOfRangeException).
    /// </summary>
    public static readonly TimeSpan MaximumTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>How long the timer waits before retrying deadlines whose expiry command the store refused.</summary>
    private static readonly TimeSpan ExpiryRetryDelay = TimeSpan.FromSeconds(1);
    private ITimer? _timer;
    private DateTimeOffset? _timerDue;
    private int _wakePending;
    private int _timerPassActive;

    /// <summary>Number of deadlines waiting in the queue (stale ones included); for diagnostics and tests.</summary>
    public int PendingDeadlines
    {
        get
        {
            lock (_gate)
            {
                return _model.Deadlines.Queue.Count;
            }
        }
    }

    /// <summary>
    /// Applies every deadline that is due now, in commits of at most <see cref="ClusterOptions.MaxExpiriesPerCommit"/>; the engine's
    /// timer calls this, tests and the virtual clock may too. Returns how many deadlines took effect. It stops at the
    /// first commit the store refuses: that commit's deadlines stay queued and are retried.
    /// </summary>
    public int FireDueTimers()
    {
        var total = 0;
        while (true)
        {
            var (error, fired, more) = FireDueCore();
            if (error != Win32Error.Success)
            {
                return total;
            }
            total += fired;
            if (!more)
            {
                return total;
            }
        }
    }

    /// <summary>One expiry transaction of at most <see cref="ClusterOptions.MaxExpiriesPerCommit"/> due deadlines, published once committed.</summary>
    private (Win32Error Error, int Fired, bool More) FireDueCore()
    {
        var fired = 0;
        var more = false;
        // On a replica only the leader fires deadlines, fenced by its election key (docs/multi-node.md, "Deadlines").
        var error = RunAsLeaderAndPublish(() =>
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                DrainInbox();
                return RunTransaction(tx =>
                {
                    fired = ApplyDue(tx, out more); // a re-run after a conflict starts again
                    return Win32Error.Success;
                });
            }
        });
        return (error, fired, more);
    }

    /// <summary>
    /// Deadlines go before commands (docs/engine-rules.md, "Timers"): a command that takes the lock while deadlines are
    /// due first applies up to <see cref="ClusterOptions.MaxExpiriesPerCommit"/> of them in a transaction of their own, so an expiry
    /// never waits behind a stream of commands for the timer thread to win the lock. Only the outermost command does this
    /// (a composite command sees one state throughout), and only where deadlines are fired at all (on a replica, the
    /// leader). If that transaction fails it is rolled back and the timer retries it; the command goes on regardless.
    /// </summary>
    private void FireDueFirst()
    {
        if (_disposed || (_replica is not null && _leaderFence is null) || !_model.Deadlines.AnyDue(_time.GetUtcNow()))
        {
            return;
        }
        var outer = _activeFence;
        _activeFence = _leaderFence;
        try
        {
            RunTransaction(tx =>
            {
                ApplyDue(tx, out _);
                return Win32Error.Success;
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ReportFault(ex, "applying due deadlines before a command failed before its commit; the timer retries them");
        }
        finally
        {
            _activeFence = outer;
        }
    }

    /// <summary>
    /// Takes up to <see cref="ClusterOptions.MaxExpiriesPerCommit"/> due deadlines off the queue and applies them in
    /// <paramref name="tx"/>; a rolled-back transaction puts them back. Returns how many took effect (stale entries are
    /// dropped without effect); <paramref name="more"/> says whether due deadlines are left.
    /// </summary>
    private int ApplyDue(Tx tx, out bool more)
    {
        var queue = _model.Deadlines.Queue;
        var fired = 0;
        var taken = 0;
        while (queue.TryPeek(out var entry, out var due) && due <= tx.Now)
        {
            if (taken == Options.MaxExpiriesPerCommit)
            {
                more = true;
                return fired;
            }
            queue.Dequeue();
            taken++;
            tx.OnUndo(() => queue.Enqueue(entry, due)); // a refused expiry must come due again
            if (_model.Deadlines.ApplyDeadline(tx, entry))
            {
                fired++;
                tx.NoteTimerFired(entry.Kind, tx.Now - due);
            }
        }
        more = false;
        return fired;
    }

    /// <summary>
    /// Points the one timer at the earliest live deadline. Runs after a commit, so it must not fail: the wake-up is
    /// clamped into [<see cref="MinimumTimerDelay"/>, <see cref="MaximumTimerDelay"/>] (never before
    /// <paramref name="notBefore"/> from now), and a timer that still refuses is logged and retried by the next
    /// command; the deadline itself is in the state and is not lost.
    /// </summary>
    private void ArmTimer(TimeSpan? notBefore = null)
    {
        if (_disposed || (_replica is not null && _leaderFence is null))
        {
            return;
        }
        while (_model.Deadlines.Queue.TryPeek(out var entry, out _) && _model.Deadlines.IsStale(entry))
        {
            _model.Deadlines.Queue.Dequeue();
        }
        try
        {
            if (!_model.Deadlines.Queue.TryPeek(out _, out var next))
            {
                if (_timerDue is not null)
                {
                    _timerDue = null;
                    _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
                return;
            }
            if (_timerDue == next && notBefore is null)
            {
                return;
            }
            _timerDue = null;
            _timer ??= _time.CreateTimer(static s => ((ClusterEngine)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var wake = WakeUpDelay(next - _time.GetUtcNow(), notBefore ?? MinimumTimerDelay);
            _timer.Change(wake, Timeout.InfiniteTimeSpan);
            _timerDue = next;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _timerDue = null;
            ReportFault(ex, "the engine timer could not be armed for the next deadline; the next command retries");
        }
    }

    /// <summary>
    /// The wake-up for a deadline <paramref name="remaining"/> away: never below <paramref name="minimum"/> (a zero
    /// due time may run the callback synchronously inside the command's lock), never above
    /// <see cref="MaximumTimerDelay"/> (a longer deadline wakes early, finds nothing due and re-arms).
    /// </summary>
    internal static TimeSpan WakeUpDelay(TimeSpan remaining, TimeSpan minimum)
    {
        var floor = minimum < MinimumTimerDelay ? MinimumTimerDelay : minimum;
        return remaining < floor ? floor : remaining > MaximumTimerDelay ? MaximumTimerDelay : remaining;
    }

    /// <summary>
    /// The timer's callback, one at a time: a wake-up that comes while another pass is still working (waiting for the
    /// engine lock behind a command) only asks that pass to run once more, and returns at once. A replica's commands
    /// wait for etcd, whose answers need thread-pool threads; one blocked thread per wake-up would starve the pool
    /// that those answers need, so that every etcd call stalls until the pool grows (docs/benchmarks.md, "Volume
    /// backup timers": seconds under load before this).
    /// </summary>
    private void OnTimer()
    {
        Volatile.Write(ref _wakePending, 1);
        while (Volatile.Read(ref _wakePending) == 1 && Interlocked.CompareExchange(ref _timerPassActive, 1, 0) == 0)
        {
            try
            {
                Volatile.Write(ref _wakePending, 0);
                if (!OnTimerOnce())
                {
                    return;
                }
            }
            finally
            {
                Volatile.Write(ref _timerPassActive, 0);
            }
        }
    }

    /// <summary>One pass of the timer: everything due, then the next wake-up. False when the engine is disposed.</summary>
    private bool OnTimerOnce()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }
            _timerDue = null;
        }
        bool applied;
        try
        {
            // A burst is applied commit by commit, each published before the next (ClusterOptions.MaxExpiriesPerCommit).
            var (error, _, more) = FireDueCore();
            while (error == Win32Error.Success && more)
            {
                (error, _, more) = FireDueCore();
            }
            applied = error == Win32Error.Success;
        }
        catch (ObjectDisposedException)
        {
            return false; // disposed between the check above and the command: nothing left to wake
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // This runs on a timer thread, where an escaping exception ends the process. The command was rolled
            // back (it failed before its commit); its deadlines are back in the queue and are retried.
            ReportFault(ex, "applying due deadlines failed before its commit; retried");
            applied = false;
        }
        lock (_gate)
        {
            // A refused expiry is retried after a pause, not in a tight loop against a failing store.
            ArmTimer(applied ? null : ExpiryRetryDelay);
        }
        return true;
    }
}
