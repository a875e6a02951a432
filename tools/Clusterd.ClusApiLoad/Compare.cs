using Clusterd.ClusApi.Contract;
using System.Globalization;
using System.Net;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Mgmt;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.ClusApiLoad;

/// <summary>
/// The ClusAPI control path against the cheapest sealed call the same server answers (docs/benchmarks.md, "ClusAPI
/// control path vs mgmt"): on one clusterd, with the same client library and the same bind (RpcClient, SPNEGO/NTLM,
/// packet privacy), sealed mgmt inq_if_ids (afa8bd80-7d8a-11c9-bef4-08002b102989 v1.0 opnum 0, served on the ClusAPI
/// port) and sealed ApiResourceControl(GET_SHARED_VOLUME_INFO) on "Cluster Disk 1". Rounds are interleaved (mgmt, csv,
/// mgmt, csv, ...) per connection count so that drift of the shared machine hits both alike; the ratio is taken per
/// round (csv calls/s / mgmt calls/s of the same round) and reported as min/median/max.
/// </summary>
internal static class Compare
{
    public static async Task RunAsync(Options options, IPEndPoint server, int serverPid, NtlmCredential credential)
    {
        var rounds = new List<(int Connections, Measurement Mgmt, Measurement Csv)>();
        for (var round = 1; round <= options.Runs; round++)
        {
            foreach (var n in options.Connections)
            {
                Console.Error.WriteLine($"round {round}, {n} conn: measuring mgmt");
                var mgmt = await Load.RunAsync($"mgmt inq_if_ids, {n} conn", await ConnectAsync(n, () => MgmtAsync(server, credential)), options.Duration, serverPid);
                Console.Error.WriteLine($"round {round}, {n} conn: measuring csv");
                var csv = await Load.RunAsync($"GET_SHARED_VOLUME_INFO, {n} conn", await ConnectAsync(n, () => CsvAsync(server, credential)), options.Duration, serverPid);
                rounds.Add((n, mgmt, csv));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}, {n} conn: mgmt {mgmt.CallsPerSecond:F0}/s, csv {csv.CallsPerSecond:F0}/s, ratio {csv.CallsPerSecond / mgmt.CallsPerSecond:F3}; CPU us/call server mgmt {mgmt.ServerCpuMicros:F1} csv {csv.ServerCpuMicros:F1}, client mgmt {mgmt.ClientCpuMicros:F1} csv {csv.ClientCpuMicros:F1}"));
            }
        }
        Console.WriteLine("| connections | mgmt inq_if_ids calls/s (min / median / max) | GET_SHARED_VOLUME_INFO calls/s (min / median / max) | ratio csv/mgmt per round (min / median / max) | rounds |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var n in options.Connections)
        {
            var mine = rounds.Where(r => r.Connections == n).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {Stats(mine.Select(r => r.Mgmt.CallsPerSecond), "F0")} | {Stats(mine.Select(r => r.Csv.CallsPerSecond), "F0")} | {Stats(mine.Select(r => r.Csv.CallsPerSecond / r.Mgmt.CallsPerSecond), "F2")} | {mine.Length} |"));
        }
        Console.WriteLine();
        Console.WriteLine("CPU time per call, user + system, over the timed phase (min / median / max, µs):");
        Console.WriteLine();
        Console.WriteLine("| connections | server, mgmt | server, csv | client, mgmt | client, csv | (server + client) csv / mgmt |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var n in options.Connections)
        {
            var mine = rounds.Where(r => r.Connections == n).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {Stats(mine.Select(r => r.Mgmt.ServerCpuMicros), "F1")} | {Stats(mine.Select(r => r.Csv.ServerCpuMicros), "F1")} | {Stats(mine.Select(r => r.Mgmt.ClientCpuMicros), "F1")} | {Stats(mine.Select(r => r.Csv.ClientCpuMicros), "F1")} | {Stats(mine.Select(r => (r.Csv.ServerCpuMicros + r.Csv.ClientCpuMicros) / (r.Mgmt.ServerCpuMicros + r.Mgmt.ClientCpuMicros)), "F2")} |"));
        }
    }

    private static string Stats(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0].ToString(format, CultureInfo.InvariantCulture)} / {median.ToString(format, CultureInfo.InvariantCulture)} / {sorted[^1].ToString(format, CultureInfo.InvariantCulture)}");
    }

    private static async Task<IReadOnlyList<Load.Caller>> ConnectAsync(int n, Func<Task<Load.Caller>> connect)
    {
        var callers = new List<Load.Caller>(n);
        for (var i = 0; i < n; i++)
        {
            callers.Add(await connect());
        }
        return callers;
    }

    /// <summary>A sealed mgmt connection: RpcClient bound to mgmt with SPNEGO (NTLM) at privacy, as ClusApiClient binds clusapi.</summary>
    private static async Task<Load.Caller> MgmtAsync(IPEndPoint server, NtlmCredential credential)
    {
        var rpc = await RpcClient.ConnectAsync(server);
        var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, credential) ?? throw new InvalidOperationException("No SPNEGO initiator.");
        await rpc.BindAsync(ManagementDispatcher.InterfaceId, initiator, RpcAuthLevel.Privacy);
        return new Load.Caller(async () => (await rpc.CallAsync(ManagementDispatcher.OpInqIfIds, ReadOnlyMemory<byte>.Empty)).Length, rpc);
    }

    /// <summary>A sealed clusapi connection with "Cluster Disk 1" open; a call is ApiResourceControl(GET_SHARED_VOLUME_INFO).</summary>
    private static async Task<Load.Caller> CsvAsync(IPEndPoint server, NtlmCredential credential)
    {
        var client = await ClusApiClient.ConnectAsync(server, credential);
        var open = await client.InvokeAsync(new OpenResourceRequest("Cluster Disk 1"));
        if (open.Status != Win32Error.Success)
        {
            throw new InvalidOperationException($"OpenResource: {open.Status}");
        }
        return new Load.Caller(() => Load.SharedVolumeInfo(client, open.Handle), client);
    }
}
