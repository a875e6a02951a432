using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.RpcHost;

/// <summary>
/// A test interface for interop and load tools, not part of any Windows protocol:
/// <c>0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40</c> v1.0. Opnum 0 returns the request stub byte for byte, so multi-fragment
/// requests and responses can be checked end to end. Opnum 1 returns, in ASCII, the kind of thread the call ran on:
/// <c>pool</c> for a thread-pool worker, else <c>thread:</c> and the thread's name (the socket engine's event threads
/// are named ".NET Sockets"), so tests can check <see cref="RpcDispatchMode"/>. Every other opnum is nca_s_op_rng_error.
/// </summary>
internal sealed class EchoDispatcher : IRpcDispatcher
{
    /// <summary>The echo interface id.</summary>
    public static readonly Guid InterfaceUuid = new("0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40");

    /// <summary>The echo interface as a syntax id (v1.0).</summary>
    public static SyntaxId InterfaceId { get; } = SyntaxId.ForInterface(InterfaceUuid, 1, 0);

    /// <summary>Opnum 1 (test only): where the call ran.</summary>
    public const ushort OpWhere = 1;

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Answer(opnum, stub));

    /// <summary>The answer to a call, computed where it runs.</summary>
    public static RpcCallResult Answer(ushort opnum, ReadOnlyMemory<byte> stub) =>
        opnum switch
        {
            0 => RpcCallResult.Success(stub.ToArray()),
            OpWhere => RpcCallResult.Success(System.Text.Encoding.ASCII.GetBytes(
                Thread.CurrentThread.IsThreadPoolThread ? "pool" : "thread:" + (Thread.CurrentThread.Name ?? string.Empty))),
            _ => RpcCallResult.OpnumOutOfRange,
        };
}

/// <summary>
/// The echo interface as an <see cref="IRpcInlineDispatcher"/> (RpcHost --echo-dispatch offer, registered ThreadPool):
/// it answers in place the opnum 1 calls with an empty stub and declines every other call, so tests can see both
/// outcomes of the offer on the socket thread.
/// </summary>
internal sealed class OfferingEchoDispatcher : IRpcInlineDispatcher
{
    private readonly EchoDispatcher _echo = new();

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken) =>
        _echo.InvokeAsync(opnum, stub, context, cancellationToken);

    public bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken, out RpcCallResult result)
    {
        if (opnum != EchoDispatcher.OpWhere || !stub.IsEmpty)
        {
            result = null!;
            return false;
        }
        result = EchoDispatcher.Answer(opnum, stub);
        return true;
    }
}
