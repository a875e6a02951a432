using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Topology;
using Clusterd.ClusApiLoad;
using Clusterd.Rpc.Security;

// Clusterd.ClusApiLoad: the ClusAPI service benchmark of docs/benchmarks.md against a real clusterd process.
//   dotnet tools/Clusterd.ClusApiLoad/bin/Release/net10.0/Clusterd.ClusApiLoad.dll [--server clusterd.dll] [--duration 10]
//       [--runs 3] [--connections 1,16] [--resources 10000] [--compare] [--attack slowloris|pinning|both]
// 1. sealed (SPNEGO/NTLM, privacy) ResourceControl(GET_SHARED_VOLUME_INFO) on "Cluster Disk 1" with 1 and 16 connections;
// 2. CreateEnum(CLUSTER_ENUM_RESOURCE) over a generated topology with --resources extra resources, one connection.
// Each measurement runs --duration seconds, --runs times on a fresh clusterd; the median run is reported.
// With --attack slowloris|pinning|both: the unauthenticated attacks of docs/hardening.md instead (Attack.cs).
// With --compare: the ClusAPI control path against mgmt on ONE clusterd (Compare.RunAsync): per round and per connection
// count, sealed mgmt inq_if_ids then sealed GET_SHARED_VOLUME_INFO, same client library, same bind (SPNEGO/NTLM,
// privacy), and the ratio csv/mgmt of that round; min/median/max over --runs rounds.
var options = Options.Parse(args);
var work = Directory.CreateTempSubdirectory("clusapiload-").FullName;
try
{
    var accounts = Path.Combine(work, "accounts");
    File.WriteAllText(accounts, "DOM\\alice:Secret1!\n");
    var topology = Path.Combine(work, "topology.json");
    var generated = Topology.WithExtraResources(options.Resources);
    var totalResources = generated.Groups.Sum(g => g.Resources.Count);
    File.WriteAllText(topology, JsonSerializer.Serialize(generated, Topology.Json));
    var credential = NtlmCredential.FromPassword("alice", "DOM", "Secret1!");
    if (options.Attack is { } scenario)
    {
        await Attack.RunAsync(options, scenario, work, accounts, credential);
        return;
    }

    if (options.Compare)
    {
        await using var server = await ServerProcess.StartAsync(options.ServerDll, work, accounts, topology: null);
        await Compare.RunAsync(options, server.ClusApi, server.Pid, credential);
        return;
    }

    var results = new List<Measurement>();
    for (var run = 1; run <= options.Runs; run++)
    {
        await using (var server = await ServerProcess.StartAsync(options.ServerDll, work, accounts, topology: null))
        {
            foreach (var n in options.Connections)
            {
                results.Add(await Load.RunAsync($"GET_SHARED_VOLUME_INFO, {n} conn", server.ClusApi, credential, n, options.Duration, Load.SharedVolumeInfo));
            }
        }
        await using (var server = await ServerProcess.StartAsync(options.ServerDll, work, accounts, topology))
        {
            results.Add(await Load.RunAsync($"CreateEnum(RESOURCE), {totalResources} resources, 1 conn", server.ClusApi, credential, 1,
                options.Duration, Load.EnumerateResources));
        }
        foreach (var m in results.Skip(results.Count - options.Connections.Length - 1))
        {
            Console.Error.WriteLine($"run {run}: {m}");
        }
    }
    Console.WriteLine("| Measurement | calls/s | mean | p99 | response size |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var group in results.GroupBy(m => m.Name))
    {
        var median = group.OrderBy(m => m.CallsPerSecond).ElementAt(group.Count() / 2);
        Console.WriteLine(median.ToRow());
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

internal sealed record Options(string ServerDll, TimeSpan Duration, int Runs, int[] Connections, int Resources, string? Attack, bool Compare = false)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var defaultDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Clusterd.Server/bin/Release/net10.0/clusterd.dll"));
        return new Options(Get("--server", defaultDll),
            TimeSpan.FromSeconds(double.Parse(Get("--duration", "10"), CultureInfo.InvariantCulture)),
            int.Parse(Get("--runs", "3"), CultureInfo.InvariantCulture),
            [.. Get("--connections", "1,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            int.Parse(Get("--resources", "10000"), CultureInfo.InvariantCulture),
            Array.IndexOf(args, "--attack") >= 0 ? Get("--attack", "both") : null,
            Array.IndexOf(args, "--compare") >= 0);
    }
}

/// <summary>One measurement: calls, their latencies, the response size.</summary>
internal sealed record Measurement(string Name, long Calls, TimeSpan Elapsed, double MeanMs, double P99Ms, int ResponseBytes)
{
    /// <summary>CPU time (user + system) per call of the server process over the timed phase, in µs; 0 when not measured.</summary>
    public double ServerCpuMicros { get; init; }

    /// <summary>CPU time per call of this (client) process over the timed phase, in µs; 0 when not measured.</summary>
    public double ClientCpuMicros { get; init; }

    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {CallsPerSecond:F0} | {MeanMs:F3} ms | {P99Ms:F3} ms | {ResponseBytes:N0} B |");

    public override string ToString() => ToRow();
}

internal static class Load
{
    /// <summary>One call on an open connection: returns the response size.</summary>
    public delegate Task<int> Call(ClusApiClient client, ResourceHandle csv);

    public static async Task<int> SharedVolumeInfo(ClusApiClient client, ResourceHandle csv)
    {
        var r = await client.InvokeAsync(new ResourceControlRequest(csv, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 4096));
        return r.Result == Win32Error.Success ? r.Output.Length : throw new InvalidOperationException($"GET_SHARED_VOLUME_INFO: {r.Result}");
    }

    public static async Task<int> EnumerateResources(ClusApiClient client, ResourceHandle csv)
    {
        // The raw call, to report the response's size; decoded by the contract.
        var r = await client.Rpc.CallAsync((ushort)CreateEnumRequest.Opnum, ClusApiCodec.Encode(new CreateEnumRequest((uint)ClusterEnumType.Resource)));
        var decoded = ClusApiCodec.Decode<EnumResponse>(r);
        return decoded.Result == Win32Error.Success && decoded.Entries is { Count: > 0 } ? r.Length : throw new InvalidOperationException($"CreateEnum: {decoded.Result}");
    }

    public static async Task<Measurement> RunAsync(string name, IPEndPoint server, NtlmCredential credential, int connections, TimeSpan duration, Call call)
    {
        var callers = new List<Caller>();
        for (var i = 0; i < connections; i++)
        {
            var c = await ClusApiClient.ConnectAsync(server, credential);
            var open = await c.InvokeAsync(new OpenResourceRequest("Cluster Disk 1"));
            callers.Add(new Caller(() => call(c, open.Handle), c));
        }
        return await RunAsync(name, callers, duration);
    }

    /// <summary>One open connection: a call returning the response size, and what closes the connection.</summary>
    public sealed record Caller(Func<Task<int>> Call, IAsyncDisposable Connection);

    /// <summary>
    /// Runs every caller in its own task for <paramref name="duration"/> (one call in flight per connection) after 20
    /// warm-up calls each, then closes them. Each task owns its latency list; they are read only after the join.
    /// </summary>
    public static async Task<Measurement> RunAsync(string name, IReadOnlyList<Caller> callers, TimeSpan duration, int serverPid = 0)
    {
        using var server = serverPid == 0 ? null : Process.GetProcessById(serverPid);
        using var self = Process.GetCurrentProcess();
        var size = 0;
        foreach (var c in callers)
        {
            for (var i = 0; i < 20; i++)
            {
                size = await c.Call(); // warm-up
            }
        }
        var latencies = new List<long>[callers.Count];
        server?.Refresh();
        self.Refresh();
        var serverCpu0 = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var clientCpu0 = self.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(callers.Select((c, i) => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var t0 = Stopwatch.GetTimestamp();
                await c.Call();
                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        })));
        var elapsed = stopwatch.Elapsed;
        server?.Refresh();
        self.Refresh();
        var serverCpu = (server?.TotalProcessorTime ?? TimeSpan.Zero) - serverCpu0;
        var clientCpu = self.TotalProcessorTime - clientCpu0;
        foreach (var c in callers)
        {
            await c.Connection.DisposeAsync();
        }
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var ms = 1000.0 / Stopwatch.Frequency;
        return new Measurement(name, all.Length, elapsed, all.Average() * ms, all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))] * ms, size)
        {
            ServerCpuMicros = server is null ? 0 : serverCpu.TotalMicroseconds / all.Length,
            ClientCpuMicros = server is null ? 0 : clientCpu.TotalMicroseconds / all.Length,
        };
    }
}

/// <summary>The default lab topology plus generated groups of Generic Service resources.</summary>
internal static class Topology
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static TopologyConfig WithExtraResources(int count)
    {
        var baseline = TopologyConfig.Default();
        const int perGroup = 100;
        var groups = new List<GroupConfig>(baseline.Groups);
        for (var g = 0; g * perGroup < count; g++)
        {
            var resources = Enumerable.Range(g * perGroup, Math.Min(perGroup, count - (g * perGroup))).Select(i => new ResourceConfig
            {
                Id = new Guid(i + 1, 0x4c0a, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToString(),
                Name = $"Load Resource {i + 1:D5}",
                Type = "Generic Service",
            }).ToList();
            groups.Add(new GroupConfig
            {
                Id = new Guid(g + 1, 0x4c0a, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 2).ToString(),
                Name = $"Load Group {g + 1:D3}",
                Owner = baseline.Nodes[g % baseline.Nodes.Count],
                Resources = resources,
            });
        }
        return baseline with { Groups = groups };
    }
}
