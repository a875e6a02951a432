using System.Globalization;
using System.Text.RegularExpressions;
using Clusterd.ClusApi;
using Clusterd.Client;
using Clusterd.Rpc.Security;

namespace Clusterd.Server.Tests;

/// <summary>
/// /metrics on a real <c>clusterd</c> child process (docs/metrics.md): a scripted backup shows up as its CSV
/// transitions and the timer that ended it; a ClusAPI call made with the SDK client is counted by method and the status
/// the client saw; a wrong password is an authentication failure.
/// </summary>
public sealed partial class MetricsEndToEndTests
{
    private const string User = "metrics-operator";
    private const string Password = "E2e-Pa55word!";

    [Fact]
    public async Task Metrics_scraped_after_a_scripted_backup_show_its_CSV_transitions_the_timer_that_ended_it_and_the_ClusAPI_calls_by_method_and_status()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);
        await server.PostOkAsync("/admin/clock/pause");

        // Nothing has happened yet: no transition is counted.
        var before = await ScrapeAsync(server);
        Assert.Equal(0, Value(before, "clusterd_csv_transitions_total", ("clusterd_csv_from", "idle"), ("clusterd_csv_to", "armed")));

        // The README's backup timer demo: backup mode on for 1800 s, the clock moved past the deadline, the timer ends it.
        var (status, _) = await server.PostAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 1800 });
        Assert.Equal(200, status);
        var armed = await ScrapeAsync(server);
        Assert.Equal(1, Value(armed, "clusterd_csv_transitions_total", ("clusterd_csv_from", "idle"), ("clusterd_csv_to", "armed")));
        Assert.Equal(0, Value(armed, "clusterd_csv_transitions_total", ("clusterd_csv_from", "armed"), ("clusterd_csv_to", "idle")));
        Assert.Equal(1, Value(armed, "clusterd_timers_armed_total", ("clusterd_timer_kind", "volume_backup")));
        Assert.Equal(0, Value(armed, "clusterd_timers_fired_total", ("clusterd_timer_kind", "volume_backup")));

        var advanced = await server.PostOkAsync("/admin/clock/advance?seconds=1800");
        Assert.Equal(1, advanced.GetProperty("fired").GetInt32());
        var expired = await ScrapeAsync(server);
        Assert.Equal(1, Value(expired, "clusterd_csv_transitions_total", ("clusterd_csv_from", "idle"), ("clusterd_csv_to", "armed")));
        Assert.Equal(1, Value(expired, "clusterd_csv_transitions_total", ("clusterd_csv_from", "armed"), ("clusterd_csv_to", "idle")));
        Assert.Equal(1, Value(expired, "clusterd_timers_fired_total", ("clusterd_timer_kind", "volume_backup")));
        // The clock was paused: the backup lasted exactly the 1800 s of the timer, on time (lateness 0, in the first bucket).
        Assert.Equal(1, Value(expired, "clusterd_csv_backup_duration_seconds_count"));
        Assert.Equal(1800, Value(expired, "clusterd_csv_backup_duration_seconds_sum"));
        Assert.Equal(1, Value(expired, "clusterd_csv_backup_duration_seconds_bucket", ("le", "1800")));
        Assert.Equal(0, Value(expired, "clusterd_csv_backup_duration_seconds_bucket", ("le", "600")));
        Assert.Equal(1, Value(expired, "clusterd_timers_lateness_seconds_bucket", ("clusterd_timer_kind", "volume_backup"), ("le", "0.001")));
        // Each of those commands was committed to SQLite and timed.
        Assert.True(Value(expired, "clusterd_store_commit_duration_seconds_count", ("clusterd_store_kind", "local")) >= 2);

        // One call through the SDK client that fails (no such resource): ApiOpenResource, counted with its Status.
        var options = new ClusterConnectionOptions
        {
            Host = "127.0.0.1", Port = server.ClusApiPort, Credential = NtlmCredential.FromPassword(User, "WORKGROUP", Password),
        };
        await using (var client = await ClusterClient.ConnectAsync(options))
        {
            var e = await Assert.ThrowsAsync<ClusterException>(() => client.GetResourceAsync("No Such Disk"));
            Assert.Equal(Win32Error.ResourceNotFound, e.Error);
        }
        var called = await ScrapeAsync(server);
        Assert.Equal(1, Value(called, "clusterd_rpc_server_calls_total",
            ("rpc_service", "clusapi"), ("rpc_method", "ApiOpenResource"), ("clusterd_rpc_result", "ERROR_RESOURCE_NOT_FOUND")));
        Assert.Equal(1, Value(called, "clusterd_rpc_server_call_duration_seconds_count",
            ("rpc_service", "clusapi"), ("rpc_method", "ApiOpenResource"), ("clusterd_rpc_result", "ERROR_RESOURCE_NOT_FOUND")));
        Assert.True(Value(called, "clusterd_rpc_server_calls_total",
            ("rpc_service", "clusapi"), ("rpc_method", "ApiOpenCluster"), ("clusterd_rpc_result", "ERROR_SUCCESS")) >= 1);
        Assert.True(Value(called, "clusterd_rpc_server_connections_opened_total") >= 1);

        // A wrong password: the NTLM exchange fails (MS-NLMP 3.2.5.1.2), counted as a logon failure.
        var wrong = options with { Credential = NtlmCredential.FromPassword(User, "WORKGROUP", "not-the-password") };
        await Assert.ThrowsAsync<ClusterException>(() => ClusterClient.ConnectAsync(wrong));
        var refused = await ScrapeAsync(server);
        Assert.True(Value(refused, "clusterd_rpc_server_auth_failures_total", ("error_type", "logon_failure")) >= 1,
            "a wrong password is counted\n" + refused);
    }

    [Fact]
    public async Task Metrics_endpoint_exists_without_the_emulator()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0");
        using var response = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("target_info{", text, StringComparison.Ordinal);
        // The admin routes are still absent in this mode (docs/metrics.md: /metrics is the only addition).
        Assert.Equal(404, (int)(await server.Http.PostAsync(new Uri("/admin/clock/pause", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task With_otlp_endpoint_the_metrics_are_pushed_over_OTLP_gRPC_to_that_URL_at_the_latest_on_shutdown()
    {
        using var dir = new TempDir();
        using var collector = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        collector.Start();
        var port = ((System.Net.IPEndPoint)collector.LocalEndpoint).Port;
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0",
            "--otlp-endpoint", $"http://127.0.0.1:{port}");
        // A clean stop flushes the meter provider: its last export goes to the collector (the periodic one is every 60 s).
        var accept = collector.AcceptTcpClientAsync();
        await server.TerminateAsync();
        var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
        var received = new byte[preface.Length];
        using (var accepted = await accept.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            await accepted.GetStream().ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(preface, received); // gRPC is HTTP/2: the client connection preface (RFC 9113 3.4)
        Assert.Equal(0, await server.WaitForExitAsync()); // a collector that hangs up does not stop clusterd from stopping cleanly
    }

    private static async Task<string> ScrapeAsync(ServerProcess server)
    {
        using var response = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/> (summed when several
    /// series match), or 0 when none does: a counter not yet incremented is not exported.
    /// </summary>
    private static double Value(string exposition, string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (Match m in Sample().Matches(exposition))
        {
            if (m.Groups["name"].Value != name)
            {
                continue;
            }
            var present = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            if (labels.All(l => present.TryGetValue(l.Label, out var v) && v == l.Value))
            {
                total += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
