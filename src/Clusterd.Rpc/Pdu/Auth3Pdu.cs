namespace Clusterd.Rpc.Pdu;

/// <summary>rpc_auth_3, PTYPE 16 (MS-RPCE 2.2.2.10): 4 ignored pad bytes, then sec_trailer + token. No reply.</summary>
public sealed record Auth3Pdu(uint CallId, PfcFlags Flags, AuthVerifier Auth)
{
    /// <summary>Parses one complete fragment; the auth verifier is mandatory.</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out Auth3Pdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.Auth3, RpcHeader.Size, out var h, out _, out var auth);
        if (r == PduRejectReason.None)
        {
            if (auth is null)
            {
                return PduRejectReason.Truncated;
            }

            pdu = new Auth3Pdu(h.CallId, h.Flags, auth);
        }

        return r;
    }

    /// <summary>Encodes a single fragment with 4 zero pad bytes before the trailer.</summary>
    public byte[] Encode() => PduCodec.Allocate(PduType.Auth3, Flags, CallId, 4, Auth);
}
