namespace Clusterd.Rpc.Pdu;

/// <summary>Layout shared by request and response: fixed fields, stub, auth pad, verifier (C706 12.6.4.9, 12.6.4.10; MS-RPCE 2.2.2.11).</summary>
internal static class StubPdu
{
    /// <summary>Finds the stub of a parsed request/response and validates the auth pad.</summary>
    public static PduRejectReason LocateStub(int stubOffset, int bodyEnd, AuthVerifier? auth, out int stubLength)
    {
        stubLength = checked(bodyEnd - stubOffset);
        if (auth is null)
        {
            return PduRejectReason.None;
        }

        if ((bodyEnd & 3) != 0)
        {
            return PduRejectReason.MisalignedTrailer; // C706 12.6.3.1: sec_trailer is 4-aligned
        }

        int pad = auth.Trailer.PadLength;
        if (pad > stubLength)
        {
            return PduRejectReason.BadAuthPad;
        }

        stubLength -= pad;
        return PduRejectReason.None;
    }

    /// <summary>
    /// Allocates a request/response fragment with room for the fixed fields, the stub, and (when
    /// <paramref name="auth"/> is set) the pad to 16 and the verifier, whose pad length is recomputed.
    /// </summary>
    public static byte[] Allocate(
        PduType type, PfcFlags flags, uint callId, int fixedLength, ReadOnlySpan<byte> stub, ref AuthVerifier? auth)
    {
        int pad = 0;
        if (auth is not null)
        {
            pad = SecTrailer.PadFor(stub.Length);
            auth = auth with { Trailer = auth.Trailer with { PadLength = (byte)pad } };
        }

        var buffer = PduCodec.Allocate(type, flags, callId, checked(fixedLength + stub.Length + pad), auth);
        stub.CopyTo(buffer.AsSpan(RpcHeader.Size + fixedLength));
        return buffer;
    }
}
