using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApiLoad;
using Clusterd.Rpc.Client;
using Xunit.Abstractions;

namespace Clusterd.Server.Tests;

/// <summary>
/// A real clusterd under an unauthenticated attack from two loopback sources, with a sealed client on a third: slowloris
/// connections on both ports, and partial reassemblies that never finish. The client keeps being served, the attackers
/// get their per-source share and nothing more, and the server's memory stays bounded and is given back.
/// </summary>
public sealed class HardeningEndToEndTests(ITestOutputHelper output)
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";

    [Fact]
    public async Task Sealed_client_is_served_while_one_peer_holds_2000_stalled_connections_and_another_300_partial_reassemblies()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0", "--accounts", accounts);
        int clusapi = server.ClusApiPort;
        int epm = server.EndpointMapperPort;

        await using var client = await ClusApiWire.ConnectAsync(clusapi, User, Password);
        await CallRateAsync(client, TimeSpan.FromSeconds(1)); // warm-up: JIT and tiering, so the two rates compare
        double undisturbed = await CallRateAsync(client, TimeSpan.FromSeconds(2));
        long rssBefore = AttackPeers.MemoryKiB(server.Pid).Rss;

        var sockets = new List<Socket>();
        try
        {
            // Peer 1 (127.0.0.2): 2,000 connections, half on each port, that send one byte and stall.
            sockets.AddRange(await AttackPeers.SlowlorisAsync([clusapi, epm], 2000));

            // Peer 2 (127.0.0.3): 300 plain binds, half on each port, that start a request and send 719 middle fragments
            // of 5,816 bytes (4 MiB), never the last: before the fix this pinned about 1.4 GB.
            var pinners = await AttackPeers.PinAsync([(clusapi, ClusApiWire.Interface), (epm, AttackPeers.EndpointMapper)], 300, 719);
            sockets.AddRange(pinners);

            int slowlorisOpen = AttackPeers.CountOpen(sockets.Where(s => ((IPEndPoint)s.LocalEndPoint!).Address.Equals(AttackPeers.Slowloris)));
            int pinnersOpen = AttackPeers.CountOpen(pinners);
            long rssDuring = AttackPeers.MemoryKiB(server.Pid).Rss;
            double underAttack = await CallRateAsync(client, TimeSpan.FromSeconds(2));

            // A fresh sealed client from a third source connects and is served too.
            await using (var fresh = await ClusApiWire.ConnectAsync(clusapi, User, Password))
            {
                await GetClusterNameAsync(fresh);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calls/s undisturbed {undisturbed:0} under attack {underAttack:0} ({underAttack / undisturbed:P0}); " +
                $"slowloris connections still open {slowlorisOpen} of 2000; pinning connections still open {pinnersOpen} of 300; " +
                $"RSS before {rssBefore / 1024} MiB, during {rssDuring / 1024} MiB"));

            // One source holds at most its share of slots (64 over both ports); the pinning peer's reassemblies of
            // calls that can never run keep no stub, and its endpoint mapper calls stop at the 64 KiB allowance.
            Assert.InRange(slowlorisOpen, 1, 64);
            Assert.InRange(pinnersOpen, 0, 64);
            Assert.True(underAttack > 0);
            Assert.True(rssDuring - rssBefore < 128 * 1024, $"RSS grew by {(rssDuring - rssBefore) / 1024} MiB under attack");
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        long rssAfter = AttackPeers.MemoryKiB(server.Pid).Rss;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS 2 s after the attackers left {rssAfter / 1024} MiB"));
        await GetClusterNameAsync(client);
        Assert.Contains("more warning(s)", await WaitForAsync(server, "more warning(s)"), StringComparison.Ordinal);
        int warningLines = server.Output.Split('\n').Count(l => l.Contains("DCE/RPC", StringComparison.Ordinal) && l.Contains("warn", StringComparison.OrdinalIgnoreCase));
        output.WriteLine($"warning lines logged: {warningLines}");
        Assert.True(warningLines < 100, $"{warningLines} warning lines for one attack");
    }

    [Fact]
    public async Task Allow_insecure_gives_unauthenticated_ClusAPI_callers_the_full_handle_limit()
    {
        // Without authentication a caller may open 16 handles per association (the endpoint mapper's allowance);
        // --allow-insecure serves ClusAPI without authentication, so its callers get what authenticated ones get.
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0", "--allow-insecure");
        await using var plain = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.ClusApiPort));
        await plain.BindAsync(ClusApiWire.Interface);
        for (int i = 0; i < 40; i++)
        {
            await ClusApiWire.OpenClusterAsync(plain);
        }

        Assert.Contains("context handles 4096 (4096 without authentication)", server.Output, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForAsync(ServerProcess server, string text)
    {
        // The summary of suppressed warnings is written when the 10 s window ends.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!server.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        return server.Output;
    }

    private static async Task GetClusterNameAsync(RpcClient c)
    {
        var reply = await c.CallAsync(new GetClusterNameRequest());
        Assert.Equal(Win32Error.Success, reply.Result);
    }

    private static async Task<double> CallRateAsync(RpcClient c, TimeSpan duration)
    {
        var sw = Stopwatch.StartNew();
        int calls = 0;
        while (sw.Elapsed < duration)
        {
            await GetClusterNameAsync(c);
            calls++;
        }

        return calls / sw.Elapsed.TotalSeconds;
    }
}
