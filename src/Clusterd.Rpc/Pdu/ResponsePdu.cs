using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>response, PTYPE 2 (C706 12.6.4.10).</summary>
/// <param name="CallId">call_id of the request.</param>
/// <param name="Flags">FIRST/LAST.</param>
/// <param name="AllocHint">Remaining stub bytes from this fragment onward.</param>
/// <param name="ContextId">p_cont_id of the request.</param>
/// <param name="CancelCount">cancel_count (0).</param>
/// <param name="Stub">Stub data without auth padding.</param>
/// <param name="Auth">Optional verifier.</param>
public sealed record ResponsePdu(
    uint CallId,
    PfcFlags Flags,
    uint AllocHint,
    ushort ContextId,
    byte CancelCount,
    ReadOnlyMemory<byte> Stub,
    AuthVerifier? Auth = null)
{
    /// <summary>Size of header + response fields; the stub starts here.</summary>
    public const int HeaderLength = 24;

    /// <summary>Parses one complete fragment; <see cref="Stub"/> aliases <paramref name="fragment"/>.</summary>
    public static PduRejectReason TryParse(ReadOnlyMemory<byte> fragment, out ResponsePdu? pdu)
    {
        pdu = null;
        var span = fragment.Span;
        var r = PduCodec.CheckFrame(span, PduType.Response, HeaderLength, out var h, out int end, out var auth);
        int stubLength = 0;
        if (r == PduRejectReason.None)
        {
            r = StubPdu.LocateStub(HeaderLength, end, auth, out stubLength);
        }

        if (r == PduRejectReason.None)
        {
            pdu = new ResponsePdu(
                h.CallId,
                h.Flags,
                BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[20..]),
                span[22],
                fragment.Slice(HeaderLength, stubLength),
                auth);
        }

        return r;
    }

    /// <summary>Encodes a single fragment (see <see cref="RequestPdu.Encode"/> for the auth placeholder).</summary>
    public byte[] Encode()
    {
        var auth = Auth;
        var buffer = StubPdu.Allocate(PduType.Response, Flags, CallId, HeaderLength - RpcHeader.Size, Stub.Span, ref auth);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), AllocHint);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(20), ContextId);
        buffer[22] = CancelCount;
        return buffer;
    }
}
