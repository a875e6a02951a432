namespace Clusterd.Rpc.Pdu;

/// <summary>bind, PTYPE 11 (C706 12.6.4.3).</summary>
public sealed record BindPdu(
    uint CallId,
    PfcFlags Flags,
    ushort MaxXmitFrag,
    ushort MaxRecvFrag,
    uint AssocGroupId,
    IReadOnlyList<PresentationContext> Contexts,
    AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment. auth_pad_length is ignored for bind (as Samba dcesrv_core.c does).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out BindPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.Bind, RpcHeader.Size + BindBody.MinimumSize, out var h, out int end, out var auth);
        if (r == PduRejectReason.None)
        {
            r = BindBody.Parse(fragment, end, out var xmit, out var recv, out var group, out var contexts);
            if (r == PduRejectReason.None)
            {
                pdu = new BindPdu(h.CallId, h.Flags, xmit, recv, group, contexts, auth);
            }
        }

        return r;
    }

    /// <summary>Encodes a single fragment.</summary>
    public byte[] Encode() => BindBody.Encode(PduType.Bind, Flags, CallId, MaxXmitFrag, MaxRecvFrag, AssocGroupId, Contexts, Auth);
}
