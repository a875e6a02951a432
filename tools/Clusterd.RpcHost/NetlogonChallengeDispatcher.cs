using System.Security.Cryptography;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.RpcHost;

/// <summary>
/// TEST-ONLY: a minimal netlogon (MS-NRPC <c>12345678-1234-abcd-ef00-01234567cffb</c> v1.0) serving exactly one opnum,
/// 4 NetrServerReqChallenge (MS-NRPC 3.5.4.4.1), so the Windows-derived raw_protocol fragmentation and cancel tests,
/// which use that call only as a vehicle, exercise this DCE/RPC layer. It is registered by Clusterd.RpcHost only with
/// <c>--netlogon-challenge</c>, never by the clusterd server, and it is no cluster or domain feature: no secure channel
/// follows, the challenge is not remembered.
/// <para>
/// In: <c>[in, unique, string] wchar_t *PrimaryName, [in, string] wchar_t *ComputerName, [in] NETLOGON_CREDENTIAL
/// *ClientChallenge</c> (8 bytes). Out: <c>[out] NETLOGON_CREDENTIAL *ServerChallenge</c> (8 fresh random bytes) and
/// the NTSTATUS STATUS_SUCCESS. Bytes after the last [in] parameter are ignored (the verification trailer, MS-RPCE 2.2.2.13). Every other
/// opnum is nca_s_op_rng_error.
/// </para>
/// </summary>
internal sealed class NetlogonChallengeDispatcher : IRpcDispatcher
{
    /// <summary>The netlogon interface id.</summary>
    public static readonly Guid InterfaceUuid = new("12345678-1234-abcd-ef00-01234567cffb");

    /// <summary>NetrServerReqChallenge.</summary>
    public const ushort NetrServerReqChallenge = 4;

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        if (opnum != NetrServerReqChallenge)
        {
            return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }

        var reader = new NdrReader(stub);
        _ = reader.ReadUniqueString();
        _ = reader.ReadConformantVaryingString();
        _ = reader.ReadBytes(8);

        var writer = new NdrWriter(16);
        Span<byte> serverChallenge = stackalloc byte[8];
        RandomNumberGenerator.Fill(serverChallenge);
        writer.WriteBytes(serverChallenge);
        writer.WriteUInt32(0); // STATUS_SUCCESS
        return ValueTask.FromResult(RpcCallResult.Success(writer.ToArray()));
    }
}
