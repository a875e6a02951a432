using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>request, PTYPE 0 (C706 12.6.4.9).</summary>
/// <param name="CallId">call_id.</param>
/// <param name="Flags">pfc_flags; PFC_OBJECT_UUID is added on encode when <paramref name="ObjectUuid"/> is set.</param>
/// <param name="AllocHint">alloc_hint (a hint only).</param>
/// <param name="ContextId">p_cont_id.</param>
/// <param name="Opnum">Operation number.</param>
/// <param name="ObjectUuid">Optional object UUID.</param>
/// <param name="Stub">Stub data without auth padding (a slice of the parsed fragment).</param>
/// <param name="Auth">Optional verifier.</param>
public sealed record RequestPdu(
    uint CallId,
    PfcFlags Flags,
    uint AllocHint,
    ushort ContextId,
    ushort Opnum,
    Guid? ObjectUuid,
    ReadOnlyMemory<byte> Stub,
    AuthVerifier? Auth = null)
{
    /// <summary>Size of header + request fields without object UUID.</summary>
    public const int HeaderLength = 24;

    /// <summary>Offset of the stub in the fragment (24, or 40 with an object UUID).</summary>
    public int StubOffset => ObjectUuid is null ? HeaderLength : HeaderLength + 16;

    /// <summary>Parses one complete fragment; <see cref="Stub"/> aliases <paramref name="fragment"/>.</summary>
    public static PduRejectReason TryParse(ReadOnlyMemory<byte> fragment, out RequestPdu? pdu)
    {
        pdu = null;
        var span = fragment.Span;
        var r = PduCodec.CheckFrame(span, PduType.Request, HeaderLength, out var h, out int end, out var auth);
        if (r != PduRejectReason.None)
        {
            return r;
        }

        Guid? obj = null;
        int stubOffset = HeaderLength;
        if ((h.Flags & PfcFlags.ObjectUuid) != 0)
        {
            if (end < HeaderLength + 16)
            {
                return PduRejectReason.Truncated;
            }

            obj = new Guid(span.Slice(HeaderLength, 16));
            stubOffset += 16;
        }

        r = StubPdu.LocateStub(stubOffset, end, auth, out int stubLength);
        if (r == PduRejectReason.None)
        {
            pdu = new RequestPdu(
                h.CallId,
                h.Flags,
                BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[20..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[22..]),
                obj,
                fragment.Slice(stubOffset, stubLength),
                auth);
        }

        return r;
    }

    /// <summary>
    /// Encodes a single fragment. With <see cref="Auth"/>, the stub is padded to 16 and the verifier's
    /// auth_value is copied as is (a zero placeholder to be signed in place).
    /// </summary>
    public byte[] Encode()
    {
        var auth = Auth;
        var flags = ObjectUuid is null ? Flags & ~PfcFlags.ObjectUuid : Flags | PfcFlags.ObjectUuid;
        var buffer = StubPdu.Allocate(PduType.Request, flags, CallId, StubOffset - RpcHeader.Size, Stub.Span, ref auth);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), AllocHint);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(20), ContextId);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(22), Opnum);
        ObjectUuid?.TryWriteBytes(buffer.AsSpan(HeaderLength));
        return buffer;
    }
}
