using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>fault, PTYPE 3 (C706 12.6.4.7, MS-RPCE 2.2.2.8): 32 bytes, sent without auth (Samba dcerpc_pkt_auth.c: faults are never signed).</summary>
/// <param name="CallId">call_id of the failed call (0 if none).</param>
/// <param name="Flags">FIRST|LAST, plus DID_NOT_EXECUTE when the manager never ran.</param>
/// <param name="ContextId">p_cont_id of the call (0 if none).</param>
/// <param name="Status">The fault status (see <see cref="RpcStatus"/>).</param>
/// <param name="AllocHint">alloc_hint; Samba sends 24.</param>
/// <param name="FaultFlags">MS-RPCE flags byte (0x01 = extended error info follows).</param>
public sealed record FaultPdu(uint CallId, PfcFlags Flags, ushort ContextId, uint Status, uint AllocHint = 24, byte FaultFlags = 0)
{
    /// <summary>Size of a fault PDU without extended error info.</summary>
    public const int Size = 32;

    /// <summary>Parses one complete fragment; trailing bytes (extended error info) are ignored.</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out FaultPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.Fault, Size, out var h, out _, out _);
        if (r == PduRejectReason.None)
        {
            pdu = new FaultPdu(
                h.CallId,
                h.Flags,
                BinaryPrimitives.ReadUInt16LittleEndian(fragment[20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(fragment[24..]),
                BinaryPrimitives.ReadUInt32LittleEndian(fragment[16..]),
                fragment[23]);
        }

        return r;
    }

    /// <summary>Encodes the 32-byte PDU (cancel_count 0, reserved 0).</summary>
    public byte[] Encode()
    {
        var buffer = PduCodec.Allocate(PduType.Fault, Flags, CallId, Size - RpcHeader.Size, null);
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], AllocHint);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], ContextId);
        span[23] = FaultFlags;
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], Status);
        return buffer;
    }
}
