using System.Globalization;
using System.Text.Json;
using Clusterd.ClusterBench;

// Clusterd.ClusterBench: the multi-node (etcd) benchmark of docs/benchmarks.md against real clusterd and etcd processes.
//   dotnet run -c Release --project tools/Clusterd.ClusterBench -- [--runs 5] [--duration 5] [--nodes 3,8,16]
//       [--only latency,failover,timer] [--json FILE] [--server clusterd.dll] [--etcd /usr/bin/etcd] [--timer-delay 4]
//       [--latency-heartbeat 500,4]
// 1. latency: commit latency of ResourceControl(SET_SHARED_VOLUME_BACKUP_MODE) on "Cluster Disk 1", one sealed
//    (SPNEGO/NTLM, privacy) connection to node1, sequential calls alternating InProgress (600 s) and None, 1 s warm-up then
//    --duration s: p50, p99, calls/s on SQLite (one clusterd, --data-dir) and on etcd with each --nodes count (a fresh
//    single-member etcd and node1..nodeN, every node Up before measuring).
// 2. failover: 3 nodes, "Available Storage" moved to node3, kill -9 of node3, polling node1 every 20 ms: time from the kill
//    until node3 is Down and until every group node3 owned is Online elsewhere; heartbeat 500 ms x 4 (lease TTL 2 s) and
//    clusterd's default 1000 ms x 5 (TTL 5 s).
// 3. timer: a 3-member etcd, 3 nodes (500 ms x 4) given all three endpoints; backup mode on Volume1 with a --timer-delay s
//    delay through node2, then kill -9 of the etcd raft leader (or nothing: the baseline); polling node2 every 20 ms until
//    the timer cleared it: lateness = time since the set returned minus the delay.
// Every run starts fresh processes and kills them after. Each row reports min / median / max across --runs runs; a failed
// run is reported as failed, not retried. --json FILE writes every run's raw numbers.
var o = Options.Parse(args);
if (o is null)
{
    Console.WriteLine(Options.Usage);
    return 0;
}
if (!File.Exists(o.ServerDll))
{
    Console.Error.WriteLine($"clusterd not found at {o.ServerDll}: dotnet build Clusterd.slnx -c Release (or pass --server)");
    return 2;
}
var results = new List<RunResult>();

async Task RunAsync(string measurement, string config, int run, Func<Task<Rig>> start, Func<Rig, Task<Dictionary<string, double>>> measure)
{
    var started = DateTime.UtcNow;
    try
    {
        await using var rig = await start();
        var values = await measure(rig);
        results.Add(new RunResult(measurement, config, run, values, null));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{DateTime.UtcNow:HH:mm:ss}] {measurement} / {config} run {run}: {string.Join(", ", values.Select(v => $"{v.Key}={v.Value:F2}"))} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)"));
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Clusterd.Client.ClusterException or HttpRequestException)
    {
        results.Add(new RunResult(measurement, config, run, [], e.Message));
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {measurement} / {config} run {run}: FAILED: {e.Message}");
    }
}

for (var run = 1; run <= o.Runs; run++)
{
    if (o.Only.Contains("latency"))
    {
        await RunAsync("latency", "SQLite, 1 process", run, () => Rig.StartSqliteAsync(o), r => Benches.LatencyAsync(r, o));
        foreach (var n in o.Nodes)
        {
            var hb = o.LatencyHeartbeat is { } h ? string.Create(CultureInfo.InvariantCulture, $", heartbeat {h.DelayMs} ms x {h.Threshold}") : "";
            await RunAsync("latency", $"etcd, {n} nodes{hb}", run, () => Rig.StartAsync(o, n, etcdMembers: 1, heartbeat: o.LatencyHeartbeat), r => Benches.LatencyAsync(r, o));
        }
    }
}
for (var run = 1; run <= o.Runs; run++)
{
    if (o.Only.Contains("failover"))
    {
        await RunAsync("failover", "500 ms x 4 (TTL 2 s)", run, () => Rig.StartAsync(o, 3, 1, (500, 4)), Benches.FailoverAsync);
        await RunAsync("failover", "1000 ms x 5 (TTL 5 s, default)", run, () => Rig.StartAsync(o, 3, 1, null), Benches.FailoverAsync);
    }
}
for (var run = 1; run <= o.Runs; run++)
{
    if (o.Only.Contains("timer"))
    {
        await RunAsync("timer", "baseline (nothing killed)", run, () => Rig.StartAsync(o, 3, 3, (500, 4)), r => Benches.TimerAsync(r, false, o.TimerDelay));
        await RunAsync("timer", "etcd leader kill -9", run, () => Rig.StartAsync(o, 3, 3, (500, 4)), r => Benches.TimerAsync(r, true, o.TimerDelay));
    }
}

Report.Print(results, o);
if (o.Json is { } json)
{
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { options = o.Describe(), runs = results },
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}
return results.Any(r => r.Error is not null) ? 1 : 0;

/// <summary>One run of one measurement and configuration: its numbers, or why it failed.</summary>
internal sealed record RunResult(string Measurement, string Config, int Run, Dictionary<string, double> Values, string? Error);

internal static class Report
{
    public static void Print(List<RunResult> results, Options o)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Runs: {o.Runs}; each cell: min / median / max across the successful runs. Latency: {o.Duration.TotalSeconds:F0} s per run after 1 s warm-up."));
        Table(results, "latency", "Commit latency, SET_SHARED_VOLUME_BACKUP_MODE, 1 sealed connection to node1",
            "Store", [("p50_ms", "p50 (ms)", "F2"), ("p99_ms", "p99 (ms)", "F2"), ("calls_per_s", "calls/s", "F0"), ("max_ms", "max (ms)", "F0"), ("calls_over_100ms", "calls > 100 ms", "F0")]);
        Table(results, "failover", "Failover after kill -9 of node3 (3 nodes, single-member etcd), from the kill",
            "Heartbeat", [("node_down_ms", "node3 Down (ms)", "F0"), ("groups_online_ms", "its groups Online elsewhere (ms)", "F0")]);
        Table(results, "timer", string.Create(CultureInfo.InvariantCulture,
            $"Backup-mode timer ({o.TimerDelay} s) lateness, 3-member etcd, 3 nodes (500 ms x 4)"),
            "Scenario", [("lateness_ms", "lateness (ms)", "F0")]);
    }

    private static void Table(List<RunResult> results, string measurement, string title, string configHeader, (string Key, string Header, string Format)[] columns)
    {
        var rows = results.Where(r => r.Measurement == measurement).GroupBy(r => r.Config).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        Console.WriteLine();
        Console.WriteLine("### " + title);
        Console.WriteLine();
        Console.WriteLine($"| {configHeader} | runs ok | {string.Join(" | ", columns.Select(c => c.Header))} |");
        Console.WriteLine($"|---|---:|{string.Concat(columns.Select(_ => "---:|"))}");
        foreach (var row in rows)
        {
            var ok = row.Where(r => r.Error is null).ToList();
            var cells = columns.Select(c =>
            {
                if (ok.Count == 0)
                {
                    return "-";
                }
                var v = ok.Select(r => r.Values[c.Key]).Order().ToArray();
                var median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
                return string.Create(CultureInfo.InvariantCulture, $"{v[0].ToString(c.Format, CultureInfo.InvariantCulture)} / {median.ToString(c.Format, CultureInfo.InvariantCulture)} / {v[^1].ToString(c.Format, CultureInfo.InvariantCulture)}");
            });
            Console.WriteLine($"| {row.Key} | {ok.Count}/{row.Count()} | {string.Join(" | ", cells)} |");
        }
        foreach (var failed in rows.SelectMany(r => r).Where(r => r.Error is not null))
        {
            Console.WriteLine($"- {failed.Config}, run {failed.Run}: FAILED: {failed.Error!.Split('\n')[0]}");
        }
    }
}

internal sealed record Options(string ServerDll, string EtcdBinary, int Runs, TimeSpan Duration, int[] Nodes, string[] Only, string? Json, int TimerDelay, (int DelayMs, int Threshold)? LatencyHeartbeat)
{
    public const string Usage = """
        Clusterd.ClusterBench: multi-node (etcd) benchmark of clusterd (docs/benchmarks.md, "Multi-node (etcd)").
        Options:
          --runs R          runs per measurement and configuration (default 5); tables show min / median / max
          --duration S      seconds of timed latency calls per run, after a 1 s warm-up (default 5)
          --nodes LIST      etcd node counts for the latency measurement (default 3,8,16)
          --only LIST       latency,failover,timer (default: all three)
          --timer-delay S   the backup-mode delay of the timer measurement (default 4)
          --latency-heartbeat MS,N  --same-subnet-delay and --same-subnet-threshold of the etcd latency runs
                            (default: clusterd's own, 1000 ms x 5)
          --json FILE       write every run's raw numbers as JSON
          --server DLL      clusterd.dll (default: src/Clusterd.Server/bin/Release/net10.0/clusterd.dll)
          --etcd PATH       the etcd binary (default: $CLUSTERD_ETCD or /usr/bin/etcd)
          --help            this text
        """;

    /// <summary>The options, or null for --help.</summary>
    public static Options? Parse(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            return null;
        }
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var defaultDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Clusterd.Server/bin/Release/net10.0/clusterd.dll"));
        var defaultEtcd = Environment.GetEnvironmentVariable("CLUSTERD_ETCD") is { Length: > 0 } e ? e : "/usr/bin/etcd";
        return new Options(Get("--server", defaultDll), Get("--etcd", defaultEtcd),
            int.Parse(Get("--runs", "5"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("--duration", "5"), CultureInfo.InvariantCulture)),
            [.. Get("--nodes", "3,8,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            Get("--only", "latency,failover,timer").Split(','),
            Get("--json", "") is { Length: > 0 } j ? j : null,
            int.Parse(Get("--timer-delay", "4"), CultureInfo.InvariantCulture),
            Get("--latency-heartbeat", "") is { Length: > 0 } hb
                ? (int.Parse(hb.Split(',')[0], CultureInfo.InvariantCulture), int.Parse(hb.Split(',')[1], CultureInfo.InvariantCulture))
                : null);
    }

    public object Describe() => new { Runs, DurationSeconds = Duration.TotalSeconds, Nodes, Only, TimerDelay, LatencyHeartbeat = LatencyHeartbeat?.ToString(), ServerDll, EtcdBinary };
}
