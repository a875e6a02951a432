using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Mgmt;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

// Clusterd.RpcLoad: sealed (NTLMSSP, privacy) mgmt inq_if_ids calls per second over loopback with 1 and N
// connections against one or more DCE/RPC servers, plus a plain TCP echo of comparable size as the floor.
// usage: Clusterd.RpcLoad --target NAME=HOST:PORT [--target ...] --user U --password P --domain D
//                         [--duration SECONDS] [--connections 1,16] [--echo-bytes N]
//        Clusterd.RpcLoad --serve-echo ADDRESS:PORT
// A target may name its own account: NAME=HOST:PORT@USER (same password and domain).
// The echo server runs in a process of its own (the tool starts itself with --serve-echo), with inline socket
// completions: the fastest echo server this runtime offers, so the floor is not flattered by a slow echo, and it does
// not share a thread pool with the load's clients.
if (args is ["--serve-echo", var echoAddress])
{
    return await TcpEchoServer.ServeAsync(IPEndPoint.Parse(echoAddress)).ConfigureAwait(false);
}

var targets = new List<(string Name, IPEndPoint EndPoint, string? User)>();
string user = "clusterd", password = string.Empty, domain = "WORKGROUP";
double seconds = 10;
int[] connectionCounts = [1, 16];
int echoBytes = 0;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--target":
            string spec = Next();
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            string[] addressAndUser = spec[(eq + 1)..].Split('@', 2);
            targets.Add((spec[..eq], IPEndPoint.Parse(addressAndUser[0]), addressAndUser.Length > 1 ? addressAndUser[1] : null));
            break;
        case "--user": user = Next(); break;
        case "--password": password = Next(); break;
        case "--domain": domain = Next(); break;
        case "--duration": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--connections": connectionCounts = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--echo-bytes": echoBytes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}

var duration = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 120));
var rows = new List<(string Target, int Connections, double Rate, double MeanMicros)>();

foreach (var (name, endPoint, targetUser) in targets)
{
    var credential = NtlmCredential.FromPassword(targetUser ?? user, domain, password);
    foreach (int n in connectionCounts)
    {
        var (rate, mean) = await MeasureAsync(n, duration, () => SealedMgmtCaller.ConnectAsync(endPoint, credential)).ConfigureAwait(false);
        rows.Add((name, n, rate, mean));
        Console.Error.WriteLine($"{name} x{n}: {rate:F0} calls/s");
    }
}

int pduBytes = echoBytes > 0 ? echoBytes : SealedMgmtCaller.LastRoundTripBytes;
await using (var echo = await TcpEchoServer.StartProcessAsync(pduBytes).ConfigureAwait(false))
{
    foreach (int n in connectionCounts)
    {
        var (rate, mean) = await MeasureAsync(n, duration, () => echo.ConnectAsync()).ConfigureAwait(false);
        rows.Add(($"tcp-echo({pduBytes}B)", n, rate, mean));
        Console.Error.WriteLine($"tcp-echo x{n}: {rate:F0} round trips/s");
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"duration per run: {duration.TotalSeconds:F0} s; processors: {Environment.ProcessorCount}; client socket completions: {SocketCompletions.Describe()}; echo server: own process, {TcpEchoServer.LastServerMode}"));
Console.WriteLine("| target | connections | calls/s | mean latency (us) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Target} | {r.Connections} | {r.Rate:F0} | {r.MeanMicros:F1} |"));
}

Console.WriteLine();
Console.WriteLine("| ratio | connections | value |");
Console.WriteLine("|---|---:|---:|");
string echoName = rows.Last().Target;
foreach (int n in connectionCounts)
{
    double echoRate = rows.First(r => r.Target == echoName && r.Connections == n).Rate;
    foreach (var r in rows.Where(r => r.Connections == n && r.Target != echoName))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Target} latency / tcp-echo latency | {n} | {echoRate / r.Rate:F2} |"));
    }

    if (targets.Count >= 2)
    {
        double a = rows.First(r => r.Target == targets[0].Name && r.Connections == n).Rate;
        double b = rows.First(r => r.Target == targets[1].Name && r.Connections == n).Rate;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {targets[0].Name} / {targets[1].Name} throughput | {n} | {a / b:F2} |"));
    }
}

return 0;

// Runs n callers in parallel for the duration; returns calls per second and the mean latency per call.
static async Task<(double Rate, double MeanMicros)> MeasureAsync(int n, TimeSpan duration, Func<Task<ICaller>> connect)
{
    var callers = new ICaller[n];
    for (int i = 0; i < n; i++)
    {
        callers[i] = await connect().ConfigureAwait(false);
        await callers[i].CallAsync().ConfigureAwait(false); // warm-up, also proves the session works
    }

    long total = 0;
    using var stop = new CancellationTokenSource(duration);
    var sw = Stopwatch.StartNew();
    var tasks = callers.Select(c => Task.Run(async () =>
    {
        long count = 0;
        while (!stop.IsCancellationRequested)
        {
            await c.CallAsync().ConfigureAwait(false);
            count++;
        }

        Interlocked.Add(ref total, count);
    })).ToArray();
    await Task.WhenAll(tasks).ConfigureAwait(false);
    sw.Stop();
    foreach (var c in callers)
    {
        await c.DisposeAsync().ConfigureAwait(false);
    }

    double rate = total / sw.Elapsed.TotalSeconds;
    return (rate, n * 1e6 / rate);
}

internal interface ICaller : IAsyncDisposable
{
    Task CallAsync();
}

/// <summary>One connection with an NTLMSSP privacy (sealed) bind to mgmt; a call is inq_if_ids (opnum 0).</summary>
internal sealed class SealedMgmtCaller(RpcClient client) : ICaller
{
    /// <summary>Request + response bytes of one sealed inq_if_ids exchange, for sizing the TCP echo.</summary>
    public static int LastRoundTripBytes { get; private set; } = 160;

    public static async Task<ICaller> ConnectAsync(IPEndPoint endPoint, NtlmCredential credential)
    {
        var client = await RpcClient.ConnectAsync(endPoint).ConfigureAwait(false);
        var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, credential)!;
        await client.BindAsync(ManagementDispatcher.InterfaceId, initiator, RpcAuthLevel.Privacy).ConfigureAwait(false);
        return new SealedMgmtCaller(client);
    }

    public async Task CallAsync()
    {
        byte[] reply = await client.CallAsync(ManagementDispatcher.OpInqIfIds, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);

        // request: 24 header + 8 trailer + 16 signature; response: 24 + stub + pad to 16 + 8 + 16.
        LastRoundTripBytes = 48 + 24 + ((reply.Length + 15) & ~15) + 24;
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}

/// <summary>
/// A tiny TCP echo server (in a child process) and its client: the floor any request/response protocol over loopback
/// pays. The server sends back whatever it receives; the client sends a fixed-size message and reads as many bytes.
/// </summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly IPEndPoint _endPoint;
    private readonly int _size;

    /// <summary>The completion mode the last started echo server reported ("completions=inline").</summary>
    public static string LastServerMode { get; private set; } = "not started";

    private TcpEchoServer(Process process, IPEndPoint endPoint, int size)
    {
        _process = process;
        _endPoint = endPoint;
        _size = size;
    }

    /// <summary>Starts this tool as an echo server on 127.0.0.1 (any free port), with inline socket completions.</summary>
    public static async Task<TcpEchoServer> StartProcessAsync(int size)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        string self = typeof(TcpEchoServer).Assembly.Location;
        if (!string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), Path.GetFileNameWithoutExtension(self), StringComparison.Ordinal))
        {
            start.ArgumentList.Add(self); // run as "dotnet Clusterd.RpcLoad.dll"
        }

        start.ArgumentList.Add("--serve-echo");
        start.ArgumentList.Add("127.0.0.1:0");
        start.Environment[SocketCompletions.EnvironmentVariable] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the echo server");
        string? line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"echo server did not start: '{line}'");
        }

        string[] words = line["listening ".Length..].Split(' ');
        LastServerMode = words.Length > 1 ? words[1] : "completions=?";
        return new TcpEchoServer(process, IPEndPoint.Parse(words[0]), size);
    }

    /// <summary>The --serve-echo mode: echo every connection until the process is killed.</summary>
    public static async Task<int> ServeAsync(IPEndPoint endPoint)
    {
        using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endPoint);
        listener.Listen(64);
        Console.WriteLine($"listening {listener.LocalEndPoint} completions={SocketCompletions.Describe()}");
        Console.Out.Flush();
        while (true)
        {
            var s = await listener.AcceptAsync().ConfigureAwait(false);
            s.NoDelay = true;
            _ = EchoAsync(s);
        }
    }

    private static async Task EchoAsync(Socket s)
    {
        using (s)
        {
            byte[] buffer = new byte[64 * 1024];
            try
            {
                int n;
                while ((n = await s.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false)) > 0)
                {
                    await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
            }
        }
    }

    public async Task<ICaller> ConnectAsync()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(_endPoint).ConfigureAwait(false);
        return new EchoCaller(s, _size);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    internal static async Task<bool> ReadExactlyAsync(Socket s, Memory<byte> buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await s.ReceiveAsync(buffer[got..], SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }

    private sealed class EchoCaller(Socket socket, int size) : ICaller
    {
        private readonly byte[] _buffer = new byte[size];

        public async Task CallAsync()
        {
            await socket.SendAsync(_buffer, SocketFlags.None).ConfigureAwait(false);
            if (!await ReadExactlyAsync(socket, _buffer).ConfigureAwait(false))
            {
                throw new IOException("echo server closed the connection");
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
