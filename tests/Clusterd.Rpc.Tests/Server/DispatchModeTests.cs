using System.Diagnostics;
using System.Net;
using System.Text;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// RpcDispatchMode with the socket engine in each completion mode. The engine's mode is process-wide and fixed at the
/// first socket, so each case runs Clusterd.RpcHost as a child process and asks its echo interface (opnum 1) which kind
/// of thread served the call.
/// </summary>
public sealed class DispatchModeTests
{
    private static readonly SyntaxId Echo = SyntaxId.ForInterface(new Guid("0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40"), 1, 0);
    private const ushort OpWhere = 1;

    [Fact]
    public async Task ThreadPool_mode_never_runs_a_dispatcher_on_the_socket_event_thread_with_inline_completions()
    {
        var (completions, where) = await RunAsync("inline", "pool");
        Assert.Equal("inline", completions);
        Assert.All(where, w => Assert.Equal("pool", w));
    }

    [Fact]
    public async Task Inline_mode_runs_the_dispatcher_on_the_socket_event_thread_with_inline_completions()
    {
        var (completions, where) = await RunAsync("inline", "inline");
        Assert.Equal("inline", completions);

        // Every request after the bind exchange is read by a socket engine thread that waited for it; only a request
        // already buffered before the server's read began (a server slower than a whole round trip) could be served
        // elsewhere, so the last of several calls is checked.
        Assert.Equal("thread:.NET Sockets", where[^1]);
    }

    [Fact]
    public async Task Thread_pool_completions_run_every_dispatcher_on_the_thread_pool()
    {
        var (completions, where) = await RunAsync("pool", "inline");
        Assert.Equal("pool", completions);
        Assert.All(where, w => Assert.Equal("pool", w));
    }

    [Fact]
    public async Task ThreadPool_mode_offers_the_call_on_the_socket_event_thread_to_an_inline_capable_dispatcher_first()
    {
        // OfferingEchoDispatcher keeps "where" calls with an empty stub and declines the others.
        var (completions, where) = await RunAsync("inline", "offer");
        Assert.Equal("inline", completions);
        Assert.Equal("thread:.NET Sockets", where[^1]);
        var (_, declined) = await RunAsync("inline", "offer", stub: [1]);
        Assert.All(declined, w => Assert.Equal("pool", w));
    }

    [Fact]
    public async Task Thread_pool_completions_make_no_offer_the_call_is_already_on_a_pool_worker()
    {
        var (completions, where) = await RunAsync("pool", "offer");
        Assert.Equal("pool", completions);
        Assert.All(where, w => Assert.Equal("pool", w));
    }

    [Fact]
    public void A_registration_with_an_unknown_dispatch_mode_is_refused()
    {
        var server = new RpcServer();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            server.RegisterInterface(Guid.NewGuid(), 1, 0, new NoDispatcher(), Clusterd.Rpc.Security.RpcAuthLevel.None, (RpcDispatchMode)7));
    }

    /// <summary>Starts RpcHost with the given modes, makes five "where" calls, returns the mode it reported and the answers.</summary>
    private static async Task<(string Completions, string[] Where)> RunAsync(string completions, string echoDispatch, byte[]? stub = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Clusterd.RpcHost.dll");
        Assert.True(File.Exists(dll), $"Clusterd.RpcHost.dll not found beside the tests: {dll}");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--listen", "127.0.0.1", "--epm-port", "0", "--port", "0", "--completions", completions, "--echo-dispatch", echoDispatch })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove(SocketCompletions.EnvironmentVariable);
        using var process = Process.Start(psi)!;
        try
        {
            _ = process.StandardError.ReadToEndAsync(); // drained so the child never blocks on a full pipe
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(line is not null && line.StartsWith("listening ", StringComparison.Ordinal), $"RpcHost did not start: '{line}'");
            var fields = line!.Split(' ').Skip(1).Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            await using var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, int.Parse(fields["port"], System.Globalization.CultureInfo.InvariantCulture)));
            await client.BindAsync(Echo);
            var where = new string[5];
            for (int i = 0; i < where.Length; i++)
            {
                where[i] = Encoding.ASCII.GetString(await client.CallAsync(OpWhere, stub ?? ReadOnlyMemory<byte>.Empty));
            }

            return (fields["completions"], where);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private sealed class NoDispatcher : IRpcDispatcher
    {
        public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
    }
}
