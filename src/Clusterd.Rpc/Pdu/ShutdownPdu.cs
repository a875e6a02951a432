namespace Clusterd.Rpc.Pdu;

/// <summary>shutdown, PTYPE 17 (C706 12.6.4.11): header only, S→C.</summary>
public sealed record ShutdownPdu(uint CallId, PfcFlags Flags = PfcFlags.FirstAndLast, AuthVerifier? Auth = null)
{
    /// <summary>Parses one complete fragment (body bytes other than the verifier are ignored).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out ShutdownPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.Shutdown, RpcHeader.Size, out var h, out _, out var auth);
        if (r == PduRejectReason.None)
        {
            pdu = new ShutdownPdu(h.CallId, h.Flags, auth);
        }

        return r;
    }

    /// <summary>Encodes a single fragment.</summary>
    public byte[] Encode() => PduCodec.Allocate(PduType.Shutdown, Flags, CallId, 0, Auth);
}
