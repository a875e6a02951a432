namespace Clusterd.Rpc.Pdu;

/// <summary>bind_ack, PTYPE 12 (C706 12.6.4.4).</summary>
public sealed record BindAckPdu(
    uint CallId,
    PfcFlags Flags,
    ushort MaxXmitFrag,
    ushort MaxRecvFrag,
    uint AssocGroupId,
    string SecondaryAddress,
    IReadOnlyList<ContextResult> Results,
    AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment.</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out BindAckPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.BindAck, RpcHeader.Size + 10, out var h, out int end, out var auth);
        if (r == PduRejectReason.None)
        {
            r = BindAckBody.Parse(fragment, end, out var xmit, out var recv, out var group, out var addr, out var results);
            if (r == PduRejectReason.None)
            {
                pdu = new BindAckPdu(h.CallId, h.Flags, xmit, recv, group, addr, results, auth);
            }
        }

        return r;
    }

    /// <summary>Encodes a single fragment; sec_addr gets its NUL and the pad to 4 from the PDU start.</summary>
    public byte[] Encode() =>
        BindAckBody.Encode(PduType.BindAck, Flags, CallId, MaxXmitFrag, MaxRecvFrag, AssocGroupId, SecondaryAddress, Results, Auth);
}
