using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Pdu;
using Xunit.Abstractions;

namespace Clusterd.Server.Tests;

/// <summary>
/// A real clusterd under an unauthenticated attack from two loopback sources, with a sealed client on a third: slowloris
/// connections on both ports, and partial reassemblies that never finish. The client keeps being served, the attackers
/// get their per-source share and nothing more, and the server's memory stays bounded and is given back.
/// </summary>
public sealed partial class HardeningEndToEndTests(ITestOutputHelper output)
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";
    private static readonly IPAddress Slowloris = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Pinner = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Sealed_client_is_served_while_one_peer_holds_2000_stalled_connections_and_another_300_partial_reassemblies()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--port", "0", "--epm-port", "0", "--accounts", accounts);
        int clusapi = server.ClusApiPort;
        int epm = int.Parse(EpmLine().Match(server.Output).Groups[1].Value, CultureInfo.InvariantCulture);

        await using var client = await ClusApiWire.ConnectAsync(clusapi, User, Password);
        await CallRateAsync(client, TimeSpan.FromSeconds(1)); // warm-up: JIT and tiering, so the two rates compare
        double undisturbed = await CallRateAsync(client, TimeSpan.FromSeconds(2));
        long rssBefore = RssKiB(server.Pid);

        var sockets = new List<Socket>();
        try
        {
            // Peer 1: 2,000 connections (half on each port) that send one byte and stall.
            int slowlorisOpen = 0;
            for (int i = 0; i < 2000; i++)
            {
                var s = await ConnectFromAsync(Slowloris, i % 2 == 0 ? clusapi : epm);
                if (s is null)
                {
                    continue;
                }

                sockets.Add(s);
                try
                {
                    await s.SendAsync(new byte[] { 5 }, SocketFlags.None);
                }
                catch (SocketException)
                {
                }
            }

            // Peer 2: 300 plain binds (150 per port) that start a request and send middle fragments, never the last.
            var pinners = new List<Socket>();
            for (int i = 0; i < 300; i++)
            {
                bool onEpm = i % 2 == 1;
                var s = await ConnectFromAsync(Pinner, onEpm ? epm : clusapi);
                if (s is null)
                {
                    continue;
                }

                sockets.Add(s);
                pinners.Add(s);
                var iface = onEpm ? EndpointMapperDispatcher.InterfaceId : ClusApiWire.Interface;
                await TrySendAsync(s, new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, iface, [SyntaxId.Ndr20])]).Encode());
            }

            var middle = new RequestPdu(2, PfcFlags.None, 0, 0, 0, null, new byte[5816 - 24]).Encode();
            var first = new RequestPdu(2, PfcFlags.FirstFrag, 0, 0, 0, null, new byte[5816 - 24]).Encode();
            foreach (var s in pinners)
            {
                await TrySendAsync(s, first);
            }

            for (int round = 0; round < 40; round++)
            {
                foreach (var s in pinners)
                {
                    await TrySendAsync(s, middle);
                }
            }

            slowlorisOpen = await CountOpenAsync(sockets.Where(s => ((IPEndPoint)s.LocalEndPoint!).Address.Equals(Slowloris)));
            int pinnersOpen = await CountOpenAsync(pinners);
            long rssDuring = RssKiB(server.Pid);
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
            Assert.True(rssDuring - rssBefore < 256 * 1024, $"RSS grew by {(rssDuring - rssBefore) / 1024} MiB under attack");
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        long rssAfter = RssKiB(server.Pid);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS 2 s after the attackers left {rssAfter / 1024} MiB"));
        await GetClusterNameAsync(client);
        Assert.Contains("more warning(s)", await WaitForAsync(server, "more warning(s)"), StringComparison.Ordinal);
        int warningLines = server.Output.Split('\n').Count(l => l.Contains("DCE/RPC", StringComparison.Ordinal) && l.Contains("warn", StringComparison.OrdinalIgnoreCase));
        output.WriteLine($"warning lines logged: {warningLines}");
        Assert.True(warningLines < 100, $"{warningLines} warning lines for one attack");
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

    private static async Task<Socket?> ConnectFromAsync(IPAddress from, int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(new IPEndPoint(from, 0));
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return s;
        }
        catch (SocketException)
        {
            s.Dispose();
            return null;
        }
    }

    private static async Task TrySendAsync(Socket s, byte[] bytes)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await s.SendAsync(bytes, SocketFlags.None, cts.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>Sockets the server has not closed: a read either has nothing yet (open) or sees the end (closed).</summary>
    private static async Task<int> CountOpenAsync(IEnumerable<Socket> sockets)
    {
        int open = 0;
        var buffer = new byte[65536];
        foreach (var s in sockets)
        {
            bool closed = false;
            try
            {
                while (s.Available > 0 || s.Poll(0, SelectMode.SelectRead))
                {
                    if (await s.ReceiveAsync(buffer, SocketFlags.None) == 0)
                    {
                        closed = true;
                        break;
                    }
                }
            }
            catch (SocketException)
            {
                closed = true;
            }

            open += closed ? 0 : 1;
        }

        return open;
    }

    private static async Task GetClusterNameAsync(RpcClient c)
    {
        // ApiGetClusterName (3): → [string] ClusterName, [string] NodeName, error_status_t.
        var reply = await c.CallAsync(3, Array.Empty<byte>());
        Assert.Equal(0u, BitConverter.ToUInt32(reply, reply.Length - 4));
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

    private static long RssKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"endpoint mapper listening on \S+:(\d+)")]
    private static partial Regex EpmLine();
}
