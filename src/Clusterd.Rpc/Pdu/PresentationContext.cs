using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>p_cont_elem_t: one proposed presentation context of a bind/alter_context (C706 12.6.3.1).</summary>
/// <param name="ContextId">p_cont_id chosen by the client.</param>
/// <param name="AbstractSyntax">The interface.</param>
/// <param name="TransferSyntaxes">Proposed transfer syntaxes, in the client's order.</param>
public sealed record PresentationContext(ushort ContextId, SyntaxId AbstractSyntax, IReadOnlyList<SyntaxId> TransferSyntaxes)
{
    internal int WireLength => checked(4 + SyntaxId.Size + (TransferSyntaxes.Count * SyntaxId.Size));
}

/// <summary>p_cont_def_result_t (C706 12.6.3.1, MS-RPCE 2.2.2.4).</summary>
public enum ContextResultKind : ushort
{
    /// <summary>acceptance.</summary>
    Acceptance = 0,
    /// <summary>user_rejection.</summary>
    UserRejection = 1,
    /// <summary>provider_rejection.</summary>
    ProviderRejection = 2,
    /// <summary>negotiate_ack (bind-time feature negotiation, MS-RPCE 2.2.2.4).</summary>
    NegotiateAck = 3,
}

/// <summary>p_provider_reason_t for a rejected context (C706 12.6.3.1).</summary>
public enum ContextRejectReason : ushort
{
    /// <summary>reason_not_specified.</summary>
    NotSpecified = 0,
    /// <summary>abstract_syntax_not_supported.</summary>
    AbstractSyntaxNotSupported = 1,
    /// <summary>proposed_transfer_syntaxes_not_supported.</summary>
    ProposedTransferSyntaxesNotSupported = 2,
    /// <summary>local_limit_exceeded.</summary>
    LocalLimitExceeded = 3,
}

/// <summary>p_result_t: the answer to one presentation context in bind_ack/alter_context_resp.</summary>
/// <param name="Result">Result kind.</param>
/// <param name="Reason">Reject reason; for negotiate_ack, the supported bind-time feature bits.</param>
/// <param name="TransferSyntax">Accepted transfer syntax, zero otherwise.</param>
public sealed record ContextResult(ContextResultKind Result, ushort Reason, SyntaxId TransferSyntax)
{
    /// <summary>Wire size.</summary>
    public const int Size = 24;

    /// <summary>Acceptance of <paramref name="syntax"/>.</summary>
    public static ContextResult Accept(SyntaxId syntax) => new(ContextResultKind.Acceptance, 0, syntax);

    /// <summary>Provider rejection with <paramref name="reason"/>.</summary>
    public static ContextResult Reject(ContextRejectReason reason) => new(ContextResultKind.ProviderRejection, (ushort)reason, default);
}

/// <summary>Body shared by bind and alter_context (C706 12.6.4.3/12.6.4.1).</summary>
internal static class BindBody
{
    public const int FixedSize = 12;

    /// <summary>
    /// Up to and including n_context_elem. A list of zero elements may omit the 3 reserved bytes (Samba's NDR
    /// encoding does); it is still answered as an empty list (bind_nak 0, raw_protocol test_no_auth_no_ctx).
    /// </summary>
    public const int MinimumSize = 9;

    public static PduRejectReason Parse(
        ReadOnlySpan<byte> fragment, int bodyEnd, out ushort maxXmit, out ushort maxRecv, out uint assocGroup, out List<PresentationContext> contexts)
    {
        contexts = [];
        var body = fragment[RpcHeader.Size..bodyEnd];
        maxXmit = BinaryPrimitives.ReadUInt16LittleEndian(body);
        maxRecv = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        assocGroup = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int count = body[8];
        if (count == 0)
        {
            return PduRejectReason.BadContextList;
        }

        if (body.Length < FixedSize)
        {
            return PduRejectReason.Truncated;
        }

        int pos = FixedSize;
        for (int i = 0; i < count; i++)
        {
            if (body.Length - pos < 4 + SyntaxId.Size)
            {
                return PduRejectReason.Truncated;
            }

            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(body[pos..]);
            int nTransfer = body[pos + 2];
            if (nTransfer == 0)
            {
                return PduRejectReason.BadContextList;
            }

            var abstractSyntax = SyntaxId.Read(body[(pos + 4)..]);
            pos = checked(pos + 4 + SyntaxId.Size);
            if (body.Length - pos < checked(nTransfer * SyntaxId.Size))
            {
                return PduRejectReason.Truncated;
            }

            var transfers = new SyntaxId[nTransfer];
            for (int t = 0; t < nTransfer; t++)
            {
                transfers[t] = SyntaxId.Read(body[pos..]);
                pos += SyntaxId.Size;
            }

            contexts.Add(new PresentationContext(id, abstractSyntax, transfers));
        }

        return PduRejectReason.None;
    }

    public static byte[] Encode(
        PduType type, PfcFlags flags, uint callId, ushort maxXmit, ushort maxRecv, uint assocGroup,
        IReadOnlyList<PresentationContext> contexts, AuthVerifier? auth)
    {
        if (contexts.Count is 0 or > byte.MaxValue)
        {
            throw new ArgumentException("A bind carries 1..255 presentation contexts.", nameof(contexts));
        }

        int len = FixedSize;
        foreach (var c in contexts)
        {
            len = checked(len + c.WireLength);
        }

        // The sec_trailer must start 4-aligned (C706 12.6.3.1); contexts are multiples of 4 already.
        var buffer = PduCodec.Allocate(type, flags, callId, len, auth);
        var body = buffer.AsSpan(RpcHeader.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(body, maxXmit);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], maxRecv);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], assocGroup);
        body[8] = (byte)contexts.Count;
        int pos = FixedSize;
        foreach (var c in contexts)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body[pos..], c.ContextId);
            body[pos + 2] = checked((byte)c.TransferSyntaxes.Count);
            c.AbstractSyntax.Write(body[(pos + 4)..]);
            pos += 4 + SyntaxId.Size;
            foreach (var t in c.TransferSyntaxes)
            {
                t.Write(body[pos..]);
                pos += SyntaxId.Size;
            }
        }

        return buffer;
    }
}

/// <summary>Body shared by bind_ack and alter_context_resp (C706 12.6.4.4/12.6.4.2).</summary>
internal static class BindAckBody
{
    public static int Length(string secondaryAddress, int resultCount)
    {
        int secAddrLen = secondaryAddress.Length == 0 ? 0 : secondaryAddress.Length + 1;
        int afterAddr = checked(RpcHeader.Size + 8 + 2 + secAddrLen);
        afterAddr += PduCodec.Pad(afterAddr, 4); // pad measured from the PDU start (C706 12.6.4.4; as Samba and Windows pad)
        return checked(afterAddr - RpcHeader.Size + 4 + (resultCount * ContextResult.Size));
    }

    public static PduRejectReason Parse(
        ReadOnlySpan<byte> fragment, int bodyEnd, out ushort maxXmit, out ushort maxRecv, out uint assocGroup,
        out string secondaryAddress, out List<ContextResult> results)
    {
        results = [];
        secondaryAddress = string.Empty;
        maxXmit = BinaryPrimitives.ReadUInt16LittleEndian(fragment[16..]);
        maxRecv = BinaryPrimitives.ReadUInt16LittleEndian(fragment[18..]);
        assocGroup = BinaryPrimitives.ReadUInt32LittleEndian(fragment[20..]);
        int secLen = BinaryPrimitives.ReadUInt16LittleEndian(fragment[24..]);
        int pos = checked(26 + secLen);
        if (pos > bodyEnd)
        {
            return PduRejectReason.BadBody;
        }

        if (secLen > 0)
        {
            var addr = fragment.Slice(26, secLen);
            int nul = addr.IndexOf((byte)0);
            secondaryAddress = System.Text.Encoding.ASCII.GetString(nul < 0 ? addr : addr[..nul]);
        }

        pos += PduCodec.Pad(pos, 4);
        if (bodyEnd - pos < 4)
        {
            return PduRejectReason.Truncated;
        }

        int count = fragment[pos];
        pos += 4;
        if (bodyEnd - pos < checked(count * ContextResult.Size))
        {
            return PduRejectReason.Truncated;
        }

        for (int i = 0; i < count; i++)
        {
            var r = fragment[pos..];
            results.Add(new ContextResult(
                (ContextResultKind)BinaryPrimitives.ReadUInt16LittleEndian(r),
                BinaryPrimitives.ReadUInt16LittleEndian(r[2..]),
                SyntaxId.Read(r[4..])));
            pos += ContextResult.Size;
        }

        return PduRejectReason.None;
    }

    public static byte[] Encode(
        PduType type, PfcFlags flags, uint callId, ushort maxXmit, ushort maxRecv, uint assocGroup,
        string secondaryAddress, IReadOnlyList<ContextResult> results, AuthVerifier? auth)
    {
        int bodyLen = Length(secondaryAddress, results.Count);
        var buffer = PduCodec.Allocate(type, flags, callId, bodyLen, auth);
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], maxXmit);
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], maxRecv);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], assocGroup);
        int secLen = secondaryAddress.Length == 0 ? 0 : secondaryAddress.Length + 1;
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], checked((ushort)secLen));
        System.Text.Encoding.ASCII.GetBytes(secondaryAddress, span[26..]);
        int pos = 26 + secLen;
        pos += PduCodec.Pad(pos, 4);
        span[pos] = checked((byte)results.Count);
        pos += 4;
        foreach (var r in results)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], (ushort)r.Result);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], r.Reason);
            r.TransferSyntax.Write(span[(pos + 4)..]);
            pos += ContextResult.Size;
        }

        return buffer;
    }
}
