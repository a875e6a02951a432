using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Pdu;

/// <summary>
/// Applies the per-fragment protection of MS-RPCE 3.3.1.5.2.2 as Samba dcerpc_pkt_auth.c does it: level 4/5 signs the whole PDU up to and including the
/// sec_trailer; level 6 seals stub + pad and signs the same region with the plaintext. One signature per fragment.
/// </summary>
internal static class PduProtection
{
    /// <summary>True when requests/responses carry a signature at this level.</summary>
    public static bool CarriesSignature(RpcAuthLevel level) => level is RpcAuthLevel.Packet or RpcAuthLevel.Integrity or RpcAuthLevel.Privacy;

    /// <summary>Signs or seals an encoded request/response whose auth_value is a placeholder of <c>SignatureLength</c> bytes.</summary>
    public static void Protect(Span<byte> pdu, int stubOffset, IRpcSecurityContext context, RpcAuthLevel level)
    {
        int sigOffset = checked(pdu.Length - context.SignatureLength);
        int trailerOffset = checked(sigOffset - SecTrailer.Size);
        var message = pdu[..sigOffset];
        var signature = pdu[sigOffset..];
        if (level == RpcAuthLevel.Privacy)
        {
            context.Seal(message, stubOffset..trailerOffset, signature);
        }
        else
        {
            context.Sign(message, signature);
        }
    }

    /// <summary>Verifies or unseals a received fragment in place; false on a bad signature.</summary>
    public static bool Unprotect(byte[] pdu, int stubOffset, int authLength, IRpcSecurityContext context, RpcAuthLevel level)
    {
        int sigOffset = checked(pdu.Length - authLength);
        int trailerOffset = checked(sigOffset - SecTrailer.Size);
        if (trailerOffset < stubOffset)
        {
            return false;
        }

        var message = pdu.AsSpan(0, sigOffset);
        var signature = pdu.AsSpan(sigOffset);
        return level == RpcAuthLevel.Privacy
            ? context.Unseal(message, stubOffset..trailerOffset, signature)
            : context.Verify(message, signature);
    }
}
