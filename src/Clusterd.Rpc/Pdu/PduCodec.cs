namespace Clusterd.Rpc.Pdu;

/// <summary>Checks shared by every PDU parser: header, frag_length, auth_length, trailer location.</summary>
internal static class PduCodec
{
    /// <summary>
    /// Validates the header of <paramref name="fragment"/> for <paramref name="expected"/> and locates the auth verifier.
    /// <paramref name="bodyEnd"/> is where the body ends (the sec_trailer offset, or the fragment end without auth).
    /// </summary>
    public static PduRejectReason CheckFrame(
        ReadOnlySpan<byte> fragment, PduType expected, int minBodyEnd, out RpcHeader header, out int bodyEnd, out AuthVerifier? auth)
    {
        bodyEnd = 0;
        auth = null;
        if (!RpcHeader.TryRead(fragment, out header))
        {
            return PduRejectReason.Truncated;
        }

        if (header.FragLength != fragment.Length || header.FragLength < RpcHeader.Size)
        {
            return PduRejectReason.FragLengthMismatch;
        }

        if (!header.HasSupportedVersion)
        {
            return PduRejectReason.BadVersion;
        }

        if (!header.HasSupportedDataRepresentation)
        {
            return PduRejectReason.UnsupportedDataRepresentation;
        }

        if (header.Type != expected)
        {
            return PduRejectReason.UnexpectedType;
        }

        if (fragment.Length < minBodyEnd)
        {
            return PduRejectReason.Truncated;
        }

        if (header.AuthLength == 0)
        {
            bodyEnd = fragment.Length;
            return PduRejectReason.None;
        }

        int trailer = checked(fragment.Length - header.AuthLength - SecTrailer.Size);
        if (trailer < minBodyEnd)
        {
            return PduRejectReason.AuthLengthTooLarge;
        }

        bodyEnd = trailer;
        var sec = SecTrailer.Read(fragment[trailer..]);
        auth = new AuthVerifier(sec, fragment[(trailer + SecTrailer.Size)..].ToArray());
        return PduRejectReason.None;
    }

    /// <summary>Allocates a fragment buffer and writes its header (frag_length/auth_length from the sizes).</summary>
    public static byte[] Allocate(PduType type, PfcFlags flags, uint callId, int bodyLength, AuthVerifier? auth)
    {
        int authLength = auth?.AuthValue.Length ?? 0;
        int total = checked(RpcHeader.Size + bodyLength + (auth is null ? 0 : SecTrailer.Size + authLength));
        if (total > ushort.MaxValue)
        {
            throw new InvalidOperationException($"PDU of {total} bytes exceeds the 65535-byte fragment limit.");
        }

        var buffer = new byte[total];
        new RpcHeader(type, flags, (ushort)total, checked((ushort)authLength), callId).Write(buffer);
        auth?.Write(buffer.AsSpan(total - SecTrailer.Size - authLength));
        return buffer;
    }

    /// <summary>Zero bytes needed to bring <paramref name="offset"/> to a multiple of <paramref name="alignment"/>.</summary>
    public static int Pad(int offset, int alignment) => (alignment - (offset % alignment)) % alignment;
}
