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
internal sealed class WarningLimiter(ILogger logger, TimeProvider time, int perInterval, TimeSpan interval)
    : WindowedLog(logger, time, perInterval, interval)
{
    private readonly Dictionary<string, KindCount> _suppressed = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override bool HasCounted => _suppressed.Count > 0;

    /// <summary>
    /// Logs <paramref name="detail"/> about <paramref name="peer"/> now, or counts it under <paramref name="kind"/> and
    /// <paramref name="source"/> (the peer's address, which the summary names).
    /// </summary>
    public void Warn(string kind, string source, string peer, string detail) =>
        Record((Limiter: this, Kind: kind, Source: source, Peer: peer, Detail: detail),
            static (log, w) => Log.Violation(log, w.Peer, w.Detail),
            static w =>
            {
                if (!w.Limiter._suppressed.TryGetValue(w.Kind, out var count))
                {
                    count = new KindCount();
                    w.Limiter._suppressed.Add(w.Kind, count);
                }
                count.Add(w.Source);
            });

    /// <inheritdoc />
    protected override Action<ILogger>? TakeSummary()
    {
        if (_suppressed.Count == 0)
        {
            return null;
        }
        var sb = new StringBuilder();
        int total = 0;
        foreach (var (kind, count) in _suppressed.OrderByDescending(p => p.Value.Total).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            total += count.Total;
            sb.Append(CultureInfo.InvariantCulture, $"; {count.Total} {kind} (most from {count.TopSource}: {count.TopCount})");
        }
        var summary = string.Create(CultureInfo.InvariantCulture, $"{total} more warning(s) in the last {Interval.TotalSeconds:0.#} s{sb}");
        _suppressed.Clear();
        return log => Log.WarningSummary(log, summary);
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
