using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>
/// Rate-limited, aggregated warnings: the first <see cref="RpcServerOptions.WarningsPerInterval"/> warnings of a window
/// are logged as they come; the rest are counted by kind (with the source that caused most of them) and logged as one
/// summary line when the window ends. A peer that opens a thousand bad connections costs a dozen log lines, not a
/// thousand, and the operator still sees what happened and who did it.
/// </summary>
internal sealed class WarningLimiter : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _perInterval;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KindCount> _suppressed = new(StringComparer.Ordinal);
    private long _windowStart;
    private int _loggedInWindow;
    private ITimer? _flushTimer;
    private bool _disposed;

    public WarningLimiter(ILogger logger, TimeProvider time, int perInterval, TimeSpan interval)
    {
        _logger = logger;
        _time = time;
        _perInterval = Math.Max(0, perInterval);
        _interval = interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(10);
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Warnings counted into summaries since the limiter started (for tests and metrics).</summary>
    public long SuppressedTotal { get; private set; }

    /// <summary>
    /// Logs <paramref name="detail"/> about <paramref name="peer"/> now, or counts it under <paramref name="kind"/> and
    /// <paramref name="source"/> (the peer's address, which the summary names).
    /// </summary>
    public void Warn(string kind, string source, string peer, string detail)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_time.GetElapsedTime(_windowStart) >= _interval && _suppressed.Count == 0)
            {
                _windowStart = _time.GetTimestamp();
                _loggedInWindow = 0;
            }

            if (_loggedInWindow < _perInterval)
            {
                _loggedInWindow++;
                Log.Violation(_logger, peer, detail);
                return;
            }

            SuppressedTotal++;
            if (!_suppressed.TryGetValue(kind, out var count))
            {
                count = new KindCount();
                _suppressed.Add(kind, count);
            }

            count.Add(source);
            if (_flushTimer is null)
            {
                var due = _interval - _time.GetElapsedTime(_windowStart);
                _flushTimer = _time.CreateTimer(static s => ((WarningLimiter)s!).Flush(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Logs the summary of the window that ended and starts a new one.</summary>
    internal void Flush()
    {
        string? summary = null;
        lock (_lock)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
            if (_suppressed.Count > 0)
            {
                var sb = new StringBuilder();
                int total = 0;
                foreach (var (kind, count) in _suppressed.OrderByDescending(p => p.Value.Total).ThenBy(p => p.Key, StringComparer.Ordinal))
                {
                    total += count.Total;
                    sb.Append(CultureInfo.InvariantCulture, $"; {count.Total} {kind} (most from {count.TopSource}: {count.TopCount})");
                }

                summary = string.Create(CultureInfo.InvariantCulture, $"{total} more warning(s) in the last {_interval.TotalSeconds:0.#} s{sb}");
                _suppressed.Clear();
            }

            _windowStart = _time.GetTimestamp();
            _loggedInWindow = 0;
        }

        if (summary is not null)
        {
            Log.WarningSummary(_logger, summary);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
    }

    private sealed class KindCount
    {
        private readonly Dictionary<string, int> _bySource = new(StringComparer.Ordinal);

        public int Total { get; private set; }

        public string TopSource { get; private set; } = string.Empty;

        public int TopCount { get; private set; }

        public void Add(string source)
        {
            Total++;
            // Bounded: a window keeps at most 256 distinct sources per kind; the rest still count in Total.
            if (!_bySource.TryGetValue(source, out int n) && _bySource.Count >= 256)
            {
                return;
            }

            _bySource[source] = ++n;
            if (n > TopCount)
            {
                TopCount = n;
                TopSource = source;
            }
        }
    }
}
