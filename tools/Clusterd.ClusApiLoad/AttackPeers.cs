using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Pdu;

namespace Clusterd.ClusApiLoad;

/// <summary>
/// The unauthenticated peers of docs/hardening.md, on loopback only: each connects from its own 127.0.0.x source address
/// and does its one thing. Shared by <c>Clusterd.ClusApiLoad --attack</c> and the end-to-end hardening test.
/// </summary>
internal static class AttackPeers
{
    /// <summary>The slowloris peer's source address.</summary>
    public static readonly IPAddress Slowloris = IPAddress.Parse("127.0.0.2");

    /// <summary>The pinning peer's source address.</summary>
    public static readonly IPAddress Pinner = IPAddress.Parse("127.0.0.3");

    /// <summary><paramref name="count"/> connections, alternately to each of <paramref name="ports"/>, that send one byte (0x05) and stall.</summary>
    public static async Task<List<Socket>> SlowlorisAsync(int[] ports, int count)
    {
        var sockets = new List<Socket>(count);
        for (int i = 0; i < count; i++)
        {
            if (await ConnectAsync(Slowloris, ports[i % ports.Length]) is { } s)
            {
                sockets.Add(s);
                await SendAsync(s, [5]);
            }
        }

        return sockets;
    }

    /// <summary>
    /// <paramref name="count"/> plain binds, alternately to each (port, interface) pair, each followed by a first request
    /// fragment and <paramref name="middleFragments"/> middle fragments of 5,816 bytes, never the last.
    /// </summary>
    public static async Task<List<Socket>> PinAsync((int Port, SyntaxId Interface)[] targets, int count, int middleFragments)
    {
        var sockets = new List<Socket>(count);
        for (int i = 0; i < count; i++)
        {
            var (port, iface) = targets[i % targets.Length];
            if (await ConnectAsync(Pinner, port) is { } s)
            {
                await SendAsync(s, new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, iface, [SyntaxId.Ndr20])]).Encode());
                sockets.Add(s);
            }
        }

        var first = new RequestPdu(2, PfcFlags.FirstFrag, 0, 0, 0, null, new byte[5816 - RequestPdu.HeaderLength]).Encode();
        var middle = new RequestPdu(2, PfcFlags.None, 0, 0, 0, null, new byte[5816 - RequestPdu.HeaderLength]).Encode();
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(sockets.Select(async s =>
        {
            await gate.WaitAsync();
            try
            {
                if (!await SendAsync(s, first))
                {
                    return;
                }

                for (int f = 0; f < middleFragments; f++)
                {
                    if (!await SendAsync(s, middle))
                    {
                        return;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return sockets;
    }

    /// <summary>VmRSS and VmHWM (its peak) of process <paramref name="pid"/> in KiB, from /proc: what the attack cost the server.</summary>
    public static (long Rss, long Peak) MemoryKiB(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line);
            }
        }

        return (rss, peak);

        static long Kib(string line) =>
            long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The endpoint mapper's interface, for <see cref="PinAsync"/>.</summary>
    public static SyntaxId EndpointMapper => EndpointMapperDispatcher.InterfaceId;

    /// <summary>Sockets the server has not closed (a pending read shows neither data nor the end).</summary>
    public static int CountOpen(IEnumerable<Socket> sockets)
    {
        int open = 0;
        var buffer = new byte[65536];
        foreach (var s in sockets)
        {
            bool closed = false;
            try
            {
                while (s.Poll(0, SelectMode.SelectRead))
                {
                    if (s.Receive(buffer) == 0)
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

    private static async Task<Socket?> ConnectAsync(IPAddress from, int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(new IPEndPoint(from, 0));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            return s;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            s.Dispose();
            return null;
        }
    }

    /// <summary>False when the server closed the connection or stopped reading for 2 s.</summary>
    private static async Task<bool> SendAsync(Socket s, byte[] bytes)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await s.SendAsync(bytes, SocketFlags.None, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
