namespace Clusterd.Rpc.Pdu;

/// <summary>orphaned, PTYPE 19 (C706 12.6.4.8): the client abandons a call; no reply.</summary>
public sealed record OrphanedPdu(uint CallId, PfcFlags Flags = PfcFlags.FirstAndLast, AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment (body bytes other than the verifier are ignored).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out OrphanedPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.Orphaned, RpcHeader.Size, out var h, out _, out var auth);
        if (r == PduRejectReason.None)
        {
            pdu = new OrphanedPdu(h.CallId, h.Flags, auth);
        }

        return r;
    }

    /// <summary>Encodes a single fragment.</summary>
    public byte[] Encode() => PduCodec.Allocate(PduType.Orphaned, Flags, CallId, 0, Auth);
}
