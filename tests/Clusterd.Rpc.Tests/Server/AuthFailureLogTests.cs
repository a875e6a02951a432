using Clusterd.Rpc.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>The rate limit and the counts of the failed-logon audit (<see cref="AuthFailureLog"/>).</summary>
public sealed class AuthFailureLogTests
{
    private sealed class Lines(LogLevel minimum) : ILogger
    {
        public List<(int Id, string Message)> Records { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Records.Add((eventId.Id, formatter(state, exception)));
    }

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_first_failures_of_a_window_are_logged_one_by_one_and_the_rest_summed_per_account_and_source()
    {
        var log = new Lines(LogLevel.Warning);
        var time = new FakeTimeProvider();
        using var failures = new AuthFailureLog(log, time, perInterval: 1, Window);
        failures.Failed(@"DOM\bob", "10.0.0.1", "Ntlm");
        failures.Failed(@"DOM\bob", "10.0.0.1", "Ntlm");
        failures.Failed(@"DOM\bob", "10.0.0.2", "Ntlm");
        failures.Failed("", "10.0.0.1", "Ntlm");
        failures.Failed(@"DOM\bob", "10.0.0.1", "Ntlm");
        Assert.Equal([(2100, @"authentication failed: DOM\bob from 10.0.0.1 (Ntlm)")], log.Records);

        time.Advance(Window);
        Assert.Equal(2, log.Records.Count);
        Assert.Equal((2101, @"authentication failed 4 more time(s) in the last 10 s: DOM\bob from 10.0.0.1: 2; anonymous from 10.0.0.1: 1; DOM\bob from 10.0.0.2: 1"),
            log.Records[1]);

        // A new window: the next failure is logged on its own again.
        failures.Failed(@"DOM\eve", "10.0.0.3", "Spnego");
        Assert.Equal((2100, @"authentication failed: DOM\eve from 10.0.0.3 (Spnego)"), log.Records[^1]);
        Assert.Equal(4, failures.SuppressedTotal);
    }

    [Fact]
    public void A_window_counts_at_most_MaxPairsPerWindow_pairs_and_names_the_top_ones_then_the_others()
    {
        var log = new Lines(LogLevel.Warning);
        var time = new FakeTimeProvider();
        using var failures = new AuthFailureLog(log, time, perInterval: 0, Window);
        var pairs = AuthFailureLog.MaxPairsPerWindow + 50;
        for (var i = 0; i < pairs; i++)
        {
            failures.Failed("user" + i, "10.0.0.9", "Ntlm");
        }
        failures.Failed("user7", "10.0.0.9", "Ntlm"); // the most frequent pair is named first
        Assert.Empty(log.Records);

        failures.Flush();
        var (id, message) = Assert.Single(log.Records);
        Assert.Equal(2101, id);
        Assert.StartsWith($"authentication failed {pairs + 1} more time(s) in the last 10 s: user7 from 10.0.0.9: 2; ", message, StringComparison.Ordinal);
        Assert.Equal(AuthFailureLog.MaxPairsInSummary, message.Split("; ").Length - 1);
        Assert.EndsWith($"; others: {pairs + 1 - 2 - (AuthFailureLog.MaxPairsInSummary - 1)}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_counted_or_logged_when_warnings_are_off()
    {
        var log = new Lines(LogLevel.Error);
        using var failures = new AuthFailureLog(log, new FakeTimeProvider(), perInterval: 0, Window);
        failures.Failed(@"DOM\bob", "10.0.0.1", "Ntlm");
        failures.Flush();
        Assert.Empty(log.Records);
        Assert.Equal(0, failures.SuppressedTotal);
    }
}
