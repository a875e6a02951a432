using Clusterd.Store;
using Microsoft.Extensions.Logging;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// A store that refuses the next commit with exactly the exception a test chooses (a <see cref="StoreException"/>, or
/// the <see cref="ArgumentException"/> of a batch over the limits), applying nothing, as the store contract says.
/// </summary>
internal sealed class ScriptedStore(InMemoryClusterStore inner) : IClusterStore
{
    private Exception? _next;

    public ScriptedStore() : this(new InMemoryClusterStore()) { }

    public long Revision => inner.Revision;

    /// <summary>Commits the store was asked for (refused ones included).</summary>
    public int CommitCalls { get; private set; }

    /// <summary>True while an armed failure has not been used.</summary>
    public bool FailureArmed => _next is not null;

    public void FailNextCommit(Exception failure) => _next = failure;

    public IReadOnlyList<StoreRecord> Load() => inner.Load();

    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        CommitCalls++;
        if (_next is { } failure)
        {
            _next = null;
            throw failure;
        }
        inner.Commit(batch);
    }

    public void ClearVolatile() => inner.ClearVolatile();

    public void ClearAll() => inner.ClearAll();

    public void Dispose() => inner.Dispose();

    /// <summary>Every record as text, to compare the store before and after.</summary>
    public string Dump() => string.Join("\n", Load().Select(r => r.Key + "|" + r.Durability + "|" + Convert.ToHexString(r.Value.Span)));
}

/// <summary>
/// A clock that moves only when told and whose timers never fire on their own: a test sees every wake-up the engine
/// asks for. <see cref="Timer.Change(TimeSpan, TimeSpan)"/>'s own range is enforced (a due time above 0xFFFFFFFE ms
/// throws ArgumentOutOfRangeException), and <see cref="BrokenTimers"/> makes every Change throw.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>The largest due time System.Threading.Timer accepts.</summary>
    public static readonly TimeSpan TimerLimit = TimeSpan.FromMilliseconds(0xFFFFFFFE);

    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = start;

    /// <summary>Every timer Change throws InvalidOperationException (a broken platform timer).</summary>
    public bool BrokenTimers { get; set; }

    /// <summary>The due times the engine asked for, in order (Infinite included).</summary>
    public List<TimeSpan> Requested { get; } = [];

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>The due time of the last Change that succeeded, if any timer exists.</summary>
    public TimeSpan? Armed => _timers.Count == 0 ? null : _timers[^1].Due;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new ManualTimer(this);
        t.Change(dueTime, period);
        _timers.Add(t);
        return t;
    }

    private sealed class ManualTimer(ManualClock clock) : ITimer
    {
        public TimeSpan? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Requested.Add(dueTime);
            if (clock.BrokenTimers)
            {
                throw new InvalidOperationException("broken timer (test double)");
            }
            if (dueTime != Timeout.InfiniteTimeSpan && (dueTime < TimeSpan.Zero || dueTime > TimerLimit))
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "due time above 0xFFFFFFFE ms (as System.Threading.Timer)");
            }
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : dueTime;
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A logger that keeps what it is told.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception), exception));
}
