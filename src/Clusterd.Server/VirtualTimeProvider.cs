namespace Clusterd.Server;

/// <summary>
/// The emulator's clock: virtual now = real UTC now + an offset that only grows, so virtual time runs at real
/// speed and <see cref="Advance"/> jumps it forward. Timers run on the system clock (their delays are relative);
/// each remembers its virtual due time so that <see cref="Resync"/> can shorten it after a jump.
/// </summary>
/// <remarks>
/// The jump itself fires nothing: the caller advances, applies what became due (the engine's
/// <c>FireDueTimers</c>), then calls <see cref="Resync"/>, so the count of fired deadlines belongs to the caller
/// and not to a racing timer callback.
/// </remarks>
internal sealed class VirtualTimeProvider : TimeProvider
{
    /// <summary>The largest single jump (about ten years): keeps <see cref="DateTimeOffset"/> arithmetic far from overflow.</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(3653);

    private readonly TimeProvider _system;
    private readonly Lock _gate = new();
    private readonly HashSet<VirtualTimer> _timers = [];
    private TimeSpan _offset;
    private DateTimeOffset? _pausedAt;

    /// <summary>Creates the clock on <paramref name="system"/> (tests pass a fake; the server passes <see cref="TimeProvider.System"/>).</summary>
    public VirtualTimeProvider(TimeProvider? system = null) => _system = system ?? System;

    /// <summary>How far virtual time is ahead of real time.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Number of live timers; for tests.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _pausedAt ?? _system.GetUtcNow() + _offset;
        }
    }

    /// <summary>True while the clock is paused: virtual time moves only by <see cref="Advance"/>.</summary>
    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _pausedAt is not null;
            }
        }
    }

    /// <summary>
    /// Stops virtual time (tests and CI runs that want every timer to fire only on <see cref="Advance"/>); running
    /// timers are held until <see cref="Resume"/> or until an advance makes them due.
    /// </summary>
    public DateTimeOffset Pause()
    {
        VirtualTimer[] timers;
        DateTimeOffset now;
        lock (_gate)
        {
            _pausedAt ??= _system.GetUtcNow() + _offset;
            now = _pausedAt.Value;
            timers = [.. _timers];
        }
        foreach (var t in timers)
        {
            t.Hold();
        }
        return now;
    }

    /// <summary>Lets virtual time run again at real speed from where it stood, and re-arms the timers.</summary>
    public DateTimeOffset Resume()
    {
        DateTimeOffset now;
        lock (_gate)
        {
            if (_pausedAt is { } at)
            {
                _offset = at - _system.GetUtcNow();
                _pausedAt = null;
            }
            now = _system.GetUtcNow() + _offset;
        }
        Resync();
        return now;
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _system.LocalTimeZone;

    /// <summary>Moves virtual time forward by <paramref name="by"/> (0 to <see cref="MaxAdvance"/>).</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(by, MaxAdvance);
        lock (_gate)
        {
            _offset += by;
            if (_pausedAt is { } at)
            {
                _pausedAt = at + by;
                return _pausedAt.Value;
            }
            return _system.GetUtcNow() + _offset;
        }
    }

    /// <summary>Re-arms every running timer for its virtual due time (at once when it is already due).</summary>
    public void Resync()
    {
        VirtualTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }
        var now = GetUtcNow();
        foreach (var t in timers)
        {
            t.Resync(now);
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this);
        timer.Start(callback, state, dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    private void Remove(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A system timer plus its virtual due time.</summary>
    private sealed class VirtualTimer(VirtualTimeProvider clock) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _inner;
        private DateTimeOffset? _due;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public void Start(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                // Created stopped, then changed, so the callback can never run before _inner is set.
                _inner = clock._system.CreateTimer(
                    s =>
                    {
                        OnFired();
                        callback(s);
                    },
                    state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed || _inner is null)
                {
                    return false;
                }
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                _period = period;
                // While the clock is paused nothing fires on real time; an advance fires what became due.
                return clock.IsPaused ? _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) : _inner.Change(dueTime, period);
            }
        }

        public void Resync(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_disposed || _inner is null || _due is not { } due || clock.IsPaused)
                {
                    return;
                }
                var delay = due - now;
                _inner.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, _period);
            }
        }

        public void Hold()
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _inner?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
        }

        private void OnFired()
        {
            lock (_gate)
            {
                _due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : clock.GetUtcNow() + _period;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                _inner?.Dispose();
            }
            clock.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
