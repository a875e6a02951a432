namespace Clusterd.Rpc.Pdu;

/// <summary>alter_context, PTYPE 14 (C706 12.6.4.1).</summary>
public sealed record AlterContextPdu(
    uint CallId,
    PfcFlags Flags,
    ushort MaxXmitFrag,
    ushort MaxRecvFrag,
    uint AssocGroupId,
    IReadOnlyList<PresentationContext> Contexts,
    AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment. auth_pad_length is ignored for alter_context (as Samba dcesrv_core.c does).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out AlterContextPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.AlterContext, RpcHeader.Size + BindBody.MinimumSize, out var h, out int end, out var auth);
        if (r == PduRejectReason.None)
        {
            r = BindBody.Parse(fragment, end, out var xmit, out var recv, out var group, out var contexts);
            if (r == PduRejectReason.None)
            {
                pdu = new AlterContextPdu(h.CallId, h.Flags, xmit, recv, group, contexts, auth);
            }
        }

        return r;
    }

    /// <summary>Encodes a single fragment.</summary>
    public byte[] Encode() => BindBody.Encode(PduType.AlterContext, Flags, CallId, MaxXmitFrag, MaxRecvFrag, AssocGroupId, Contexts, Auth);
}
