using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.RpcHost;

/// <summary>
/// A test interface for interop and load tools, not part of any Windows protocol:
/// <c>0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40</c> v1.0. Opnum 0 returns the request stub byte for byte, so multi-fragment
/// requests and responses can be checked end to end; every other opnum is nca_s_op_rng_error.
/// </summary>
internal sealed class EchoDispatcher : IRpcDispatcher
{
    /// <summary>The echo interface id.</summary>
    public static readonly Guid InterfaceUuid = new("0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40");

    /// <summary>The echo interface as a syntax id (v1.0).</summary>
    public static SyntaxId InterfaceId { get; } = SyntaxId.ForInterface(InterfaceUuid, 1, 0);

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(opnum == 0 ? RpcCallResult.Success(stub.ToArray()) : RpcCallResult.OpnumOutOfRange);
}
