namespace Clusterd.Rpc.Pdu;

/// <summary>co_cancel, PTYPE 18 (C706 12.6.4.6): header plus optional auth, no reply.</summary>
public sealed record CoCancelPdu(uint CallId, PfcFlags Flags = PfcFlags.FirstAndLast, AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment (body bytes other than the verifier are ignored).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out CoCancelPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.CoCancel, RpcHeader.Size, out var h, out _, out var auth);
        if (r == PduRejectReason.None)
        {
            pdu = new CoCancelPdu(h.CallId, h.Flags, auth);
        }

        return r;
    }

    /// <summary>Encodes a single fragment.</summary>
    public byte[] Encode() => PduCodec.Allocate(PduType.CoCancel, Flags, CallId, 0, Auth);
}
