using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>
/// The audit of authentication failures (wrong password, unknown account, refused anonymous logon, expired
/// challenge: <see cref="Security.SecurityStepResult.LogonFailure"/>), rate-limited: the first
/// <see cref="RpcServerOptions.WarningsPerInterval"/> failures of a window are logged one by one with the account and
/// the source address; the rest are counted per account and source and logged as one summary with the counts when
/// the window ends. A password-guessing peer costs a dozen lines a window, and the summary still says who and how often.
/// </summary>
internal sealed class AuthFailureLog : IDisposable
{
    /// <summary>Distinct (account, source) pairs counted per window; further pairs only add to the total.</summary>
    internal const int MaxPairsPerWindow = 256;

    /// <summary>Pairs the summary names, most failures first; the rest are summed as "others".</summary>
    internal const int MaxPairsInSummary = 10;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _perInterval;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Account, string Source), int> _counts = [];
    private int _suppressed;
    private long _windowStart;
    private int _loggedInWindow;
    private ITimer? _flushTimer;
    private bool _disposed;

    public AuthFailureLog(ILogger logger, TimeProvider time, int perInterval, TimeSpan interval)
    {
        _logger = logger;
        _time = time;
        _perInterval = Math.Max(0, perInterval);
        _interval = interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(10);
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Failures counted into summaries since the log started (tests).</summary>
    public long SuppressedTotal { get; private set; }

    /// <summary>Records one failed logon of <paramref name="account"/> ("" anonymous, "?" unknown) from <paramref name="source"/>.</summary>
    public void Failed(string account, string source, string authType)
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

            if (_time.GetElapsedTime(_windowStart) >= _interval && _suppressed == 0)
            {
                _windowStart = _time.GetTimestamp();
                _loggedInWindow = 0;
            }

            if (_loggedInWindow < _perInterval)
            {
                _loggedInWindow++;
                Log.AuthenticationFailed(_logger, Display(account), source, authType);
                return;
            }

            SuppressedTotal++;
            _suppressed++;
            var key = (account, source);
            if (_counts.TryGetValue(key, out int n) || _counts.Count < MaxPairsPerWindow)
            {
                _counts[key] = n + 1;
            }

            if (_flushTimer is null)
            {
                var due = _interval - _time.GetElapsedTime(_windowStart);
                _flushTimer = _time.CreateTimer(static s => ((AuthFailureLog)s!).Flush(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Logs the summary of the window that ended (if failures were counted) and starts a new one.</summary>
    internal void Flush()
    {
        int total;
        string counts;
        lock (_lock)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
            total = _suppressed;
            counts = total == 0 ? string.Empty : Describe();
            _counts.Clear();
            _suppressed = 0;
            _windowStart = _time.GetTimestamp();
            _loggedInWindow = 0;
        }

        if (total > 0)
        {
            Log.AuthenticationFailureSummary(_logger, total, _interval.TotalSeconds, counts);
        }
    }

    /// <summary>"DOM\bob from 10.0.0.5: 12; ..." most first, then the failures of pairs not named.</summary>
    private string Describe()
    {
        var sb = new StringBuilder();
        int named = 0;
        foreach (var ((account, source), n) in _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Account, StringComparer.Ordinal)
                     .ThenBy(p => p.Key.Source, StringComparer.Ordinal).Take(MaxPairsInSummary))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(sb.Length > 0 ? "; " : "")}{Display(account)} from {source}: {n}");
            named += n;
        }

        if (_suppressed > named)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; others: {_suppressed - named}");
        }

        return sb.ToString();
    }

    private static string Display(string account) => account.Length == 0 ? "anonymous" : account;

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
    }
}
