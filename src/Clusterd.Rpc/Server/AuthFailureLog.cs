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
internal sealed class AuthFailureLog(ILogger logger, TimeProvider time, int perInterval, TimeSpan interval)
    : WindowedLog(logger, time, perInterval, interval)
{
    /// <summary>Distinct (account, source) pairs counted per window; further pairs only add to the total.</summary>
    internal const int MaxPairsPerWindow = 256;

    /// <summary>Pairs the summary names, most failures first; the rest are summed as "others".</summary>
    internal const int MaxPairsInSummary = 10;

    private readonly Dictionary<(string Account, string Source), int> _counts = [];
    private int _suppressed;

    /// <inheritdoc />
    protected override bool HasCounted => _suppressed > 0;

    /// <summary>Records one failed logon of <paramref name="account"/> ("" anonymous, "?" unknown) from <paramref name="source"/>.</summary>
    public void Failed(string account, string source, string authType) =>
        Record((Log: this, Account: account, Source: source, AuthType: authType),
            static (log, f) => Server.Log.AuthenticationFailed(log, Display(f.Account), f.Source, f.AuthType),
            static f =>
            {
                var self = f.Log;
                self._suppressed++;
                var key = (f.Account, f.Source);
                if (self._counts.TryGetValue(key, out int n) || self._counts.Count < MaxPairsPerWindow)
                {
                    self._counts[key] = n + 1;
                }
            });

    /// <inheritdoc />
    protected override Action<ILogger>? TakeSummary()
    {
        var total = _suppressed;
        if (total == 0)
        {
            return null;
        }
        var counts = Describe();
        _counts.Clear();
        _suppressed = 0;
        var seconds = Interval.TotalSeconds;
        return log => Server.Log.AuthenticationFailureSummary(log, total, seconds, counts);
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
}
