using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>provider_reject_reason of a bind_nak (C706 12.6.3.1, MS-RPCE 2.2.2.5).</summary>
public enum BindNakReason : ushort
{
    /// <summary>reason_not_specified.</summary>
    NotSpecified = 0,
    /// <summary>temporary_congestion.</summary>
    TemporaryCongestion = 1,
    /// <summary>local_limit_exceeded.</summary>
    LocalLimitExceeded = 2,
    /// <summary>called_paddr_unknown.</summary>
    CalledPaddrUnknown = 3,
    /// <summary>protocol_version_not_supported.</summary>
    ProtocolVersionNotSupported = 4,
    /// <summary>default_context_not_supported.</summary>
    DefaultContextNotSupported = 5,
    /// <summary>user_data_not_readable.</summary>
    UserDataNotReadable = 6,
    /// <summary>no_psap_available.</summary>
    NoPsapAvailable = 7,
    /// <summary>authentication_type_not_recognized (MS-RPCE).</summary>
    AuthenticationTypeNotRecognized = 8,
    /// <summary>invalid_checksum (MS-RPCE).</summary>
    InvalidChecksum = 9,
}

/// <summary>bind_nak, PTYPE 13 (C706 12.6.4.5): reason, one supported version (5.0), pad to 24 bytes (Samba; Windows as recorded by Samba's raw_protocol tests).</summary>
public sealed record BindNakPdu(uint CallId, BindNakReason Reason)
{
    /// <summary>Size of the PDU as Samba and Windows send it.</summary>
    public const int Size = 24;

    /// <summary>Parses one complete fragment (at least reason and n_protocols).</summary>
    public static PduRejectReason TryParse(ReadOnlySpan<byte> fragment, out BindNakPdu? pdu)
    {
        pdu = null;
        var r = PduCodec.CheckFrame(fragment, PduType.BindNak, RpcHeader.Size + 3, out var h, out int end, out _);
        if (r == PduRejectReason.None)
        {
            int nProtocols = fragment[18];
            if (end < checked(19 + (2 * nProtocols)))
            {
                return PduRejectReason.Truncated;
            }

            pdu = new BindNakPdu(h.CallId, (BindNakReason)BinaryPrimitives.ReadUInt16LittleEndian(fragment[16..]));
        }

        return r;
    }

    /// <summary>Encodes the 24-byte PDU.</summary>
    public byte[] Encode()
    {
        var buffer = PduCodec.Allocate(PduType.BindNak, PfcFlags.FirstAndLast, CallId, Size - RpcHeader.Size, null);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(16), (ushort)Reason);
        buffer[18] = 1; // n_protocols
        buffer[19] = 5; // rpc_vers
        buffer[20] = 0; // rpc_vers_minor
        return buffer;
    }
}
