using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// A test interface: 0 echo, 1 N patterned bytes, 2 open handle, 3 read a string, 4 who am I, 5 use handle,
/// 6 wait until cancelled, 7 wait for <see cref="EchoDispatcher.Gate"/> then echo, 8 close the connection without an answer.
/// </summary>
internal sealed class EchoDispatcher : IRpcDispatcher
{
    public static readonly SyntaxId Id = SyntaxId.ForInterface(new Guid("12345678-1234-abcd-ef00-0123456789ab"), 1, 0);

    public TaskCompletionSource<object> RundownSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when an opnum 6 or 7 call starts waiting.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the token of a waiting opnum 6 call is cancelled.</summary>
    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Opnum 7 calls wait for this.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        var r = new NdrReader(stub);
        var w = new NdrWriter();
        switch (opnum)
        {
            case 0:
                return ValueTask.FromResult(RpcCallResult.Success(stub.ToArray()));
            case 1:
                int n = (int)r.ReadUInt32();
                return ValueTask.FromResult(RpcCallResult.Success(Pattern(n)));
            case 2:
                w.WriteContextHandle(context.ContextHandles.Create("state", s => RundownSeen.TrySetResult(s)));
                break;
            case 3:
                w.WriteConformantVaryingString(r.ReadConformantVaryingString());
                break;
            case 4:
                w.WriteUniqueString(context.UserName);
                w.WriteUInt32((uint)context.AuthLevel);
                break;
            case 5:
                w.WriteConformantVaryingString(context.ContextHandles.Get<string>(r.ReadContextHandle()));
                break;
            case 6:
                return WaitUntilCancelledAsync(cancellationToken);
            case 7:
                return EchoAfterGateAsync(stub.ToArray());
            case 8:
                return ValueTask.FromResult(RpcCallResult.CloseConnection);
            default:
                return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }

        return ValueTask.FromResult(RpcCallResult.Success(w.ToArray()));
    }

    private async ValueTask<RpcCallResult> WaitUntilCancelledAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => WaitCancelled.TrySetResult());
        WaitStarted.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return RpcCallResult.Success(Array.Empty<byte>());
    }

    private async ValueTask<RpcCallResult> EchoAfterGateAsync(byte[] stub)
    {
        WaitStarted.TrySetResult();
        await Gate.Task;
        return RpcCallResult.Success(stub);
    }

    public static byte[] Pattern(int n)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)(i * 7);
        }

        return b;
    }
}

internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(RpcServer server, EchoDispatcher echo, RpcListener listener, RpcListener epm)
    {
        Server = server;
        Echo = echo;
        Listener = listener;
        EndpointMapper = epm;
    }

    public RpcServer Server { get; }

    public EchoDispatcher Echo { get; }

    public RpcListener Listener { get; }

    public RpcListener EndpointMapper { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Listener.Port);

    public List<string> Trace { get; } = [];

    public static TestHost Start(RpcServerOptions? options = null, RpcAuthLevel echoMinimumLevel = RpcAuthLevel.None)
    {
        var server = new RpcServer(options ?? new RpcServerOptions());
        var echo = new EchoDispatcher();
        server.RegisterInterface(EchoDispatcher.Id.Uuid, 1, 0, echo, echoMinimumLevel);
        var listener = server.Listen(IPAddress.Loopback, 0);
        var epm = server.Listen(IPAddress.Loopback, 0, endpointMapperOnly: true);
        return new TestHost(server, echo, listener, epm);
    }

    public async Task<RpcClient> ConnectAsync(RpcClientOptions? options = null, bool bind = true)
    {
        var client = await RpcClient.ConnectAsync(EndPoint, options);
        if (bind)
        {
            await client.BindAsync(EchoDispatcher.Id);
        }

        return client;
    }

    /// <summary>A raw connection, from <paramref name="from"/> (another loopback address, 127.0.0.0/8) when given.</summary>
    public async Task<RawConnection> ConnectRawAsync(IPAddress? from = null) => await RawConnection.ConnectAsync(EndPoint, from);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A bare socket for malformed input: sends bytes as given, reads whole fragments, detects the close.</summary>
internal sealed class RawConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private RawConnection(Socket socket) => _socket = socket;

    public static async Task<RawConnection> ConnectAsync(IPEndPoint endPoint, IPAddress? from = null)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            s.Bind(new IPEndPoint(from, 0));
        }

        await s.ConnectAsync(endPoint);
        return new RawConnection(s);
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Next fragment, or null when the server closed the connection.</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var header = new byte[16];
        if (!await ReadExactlyAsync(header, cts.Token))
        {
            return null;
        }

        int len = BitConverter.ToUInt16(header, 8);
        var frag = new byte[len];
        header.CopyTo(frag, 0);
        return await ReadExactlyAsync(frag.AsMemory(16), cts.Token) ? frag : null;
    }

    public async Task<bool> IsClosedByServerAsync() => await ReceiveAsync() is null;

    public async Task<byte[]> BindAsync(SyntaxId iface, uint callId = 1)
    {
        await SendAsync(new BindPdu(callId, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, iface, [SyntaxId.Ndr20])]).Encode());
        return (await ReceiveAsync())!;
    }

    public async Task<FaultPdu> ExpectFaultAsync()
    {
        var frag = await ReceiveAsync();
        Assert.NotNull(frag);
        Assert.Equal(PduRejectReason.None, FaultPdu.TryParse(frag, out var fault));
        return fault!;
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken ct)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer[got..], SocketFlags.None, ct);
            }
            catch (SocketException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }
}
