using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>
/// The window the server's rate-limited logs share (<see cref="WarningLimiter"/>, <see cref="AuthFailureLog"/>): the
/// first <c>perInterval</c> records of a window are written as they come; the rest are counted by the subclass and
/// written as one summary when the window ends (a timer armed by the first record counted, or <see cref="Flush"/>). A
/// window starts again once it has ended with nothing counted.
/// </summary>
internal abstract class WindowedLog : IDisposable
{
    private readonly TimeProvider _time;
    private readonly int _perInterval;
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _loggedInWindow;
    private ITimer? _flushTimer;
    private bool _disposed;

    protected WindowedLog(ILogger logger, TimeProvider time, int perInterval, TimeSpan interval)
    {
        Logger = logger;
        _time = time;
        _perInterval = Math.Max(0, perInterval);
        Interval = interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(10);
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Where the records and summaries go.</summary>
    protected ILogger Logger { get; }

    /// <summary>The length of a window.</summary>
    protected TimeSpan Interval { get; }

    /// <summary>Records counted into summaries since the log started (for tests and metrics).</summary>
    public long SuppressedTotal { get; private set; }

    /// <summary>True when the current window has counted something (called under the lock).</summary>
    protected abstract bool HasCounted { get; }

    /// <summary>
    /// One record: <paramref name="writeNow"/> while the window has room, else <paramref name="count"/> for the summary.
    /// Both run under the lock, so the subclass's counts need no lock of their own.
    /// </summary>
    protected void Record<TState>(TState state, Action<ILogger, TState> writeNow, Action<TState> count)
    {
        ArgumentNullException.ThrowIfNull(writeNow);
        ArgumentNullException.ThrowIfNull(count);
        if (!Logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_time.GetElapsedTime(_windowStart) >= Interval && !HasCounted)
            {
                _windowStart = _time.GetTimestamp();
                _loggedInWindow = 0;
            }

            if (_loggedInWindow < _perInterval)
            {
                _loggedInWindow++;
                writeNow(Logger, state);
                return;
            }

            SuppressedTotal++;
            count(state);
            if (_flushTimer is null)
            {
                var due = Interval - _time.GetElapsedTime(_windowStart);
                _flushTimer = _time.CreateTimer(static s => ((WindowedLog)s!).Flush(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Takes the summary of the window that ended and clears the counts (under the lock): the action that writes it
    /// (run after the lock is released), or null when nothing was counted.
    /// </summary>
    protected abstract Action<ILogger>? TakeSummary();

    /// <summary>Writes the summary of the window that ended (if anything was counted) and starts a new one.</summary>
    internal void Flush()
    {
        Action<ILogger>? write;
        lock (_lock)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
            write = TakeSummary();
            _windowStart = _time.GetTimestamp();
            _loggedInWindow = 0;
        }

        write?.Invoke(Logger);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
        GC.SuppressFinalize(this);
    }
}
