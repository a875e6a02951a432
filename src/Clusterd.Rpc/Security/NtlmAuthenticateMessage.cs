using System.Buffers.Binary;

namespace Clusterd.Rpc.Security;

/// <summary>AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3).</summary>
internal sealed record NtlmAuthenticateMessage(
    byte[] LmChallengeResponse,
    byte[] NtChallengeResponse,
    string DomainName,
    string UserName,
    string Workstation,
    byte[] EncryptedRandomSessionKey,
    NtlmNegotiateFlags Flags,
    NtlmVersion? Version)
{
    public const uint MessageType = 3;

    /// <summary>Offset of the 16-byte MIC when the message has a MIC slot.</summary>
    public const int MicOffset = 72;

    public const int MicSize = 16;

    /// <summary>Through NegotiateFlags; Version (64..72) and MIC (72..88) exist only if the payload starts after them.</summary>
    private const int FieldsEnd = 64;

    private const int SizeWithMic = MicOffset + MicSize;

    /// <summary>The MIC as received, or null when the message has no MIC slot (MS-NLMP 2.2.1.3).</summary>
    public byte[]? Mic { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> message, out NtlmAuthenticateMessage? parsed)
    {
        parsed = null;
        if (!NtlmWire.HasHeader(message, MessageType, FieldsEnd))
        {
            return false;
        }

        Span<Range> ranges = stackalloc Range[6];
        int lowest = message.Length;
        for (int i = 0; i < ranges.Length; i++)
        {
            if (!NtlmWire.TryReadField(message, 12 + (i * 8), FieldsEnd, out ranges[i]))
            {
                return false;
            }

            if (!ranges[i].Equals(default(Range)))
            {
                lowest = Math.Min(lowest, ranges[i].Start.Value);
            }
        }

        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[60..]);
        bool unicode = (flags & NtlmNegotiateFlags.Unicode) != 0;
        if (!NtlmWire.TryDecodeString(message[ranges[2]], unicode, out string domain)
            || !NtlmWire.TryDecodeString(message[ranges[3]], unicode, out string user)
            || !NtlmWire.TryDecodeString(message[ranges[4]], unicode, out string workstation))
        {
            return false;
        }

        NtlmVersion? version = null;
        if (lowest >= FieldsEnd + NtlmWire.VersionSize && NtlmWire.TryReadVersion(message[FieldsEnd..], out var v))
        {
            version = v;
        }

        parsed = new NtlmAuthenticateMessage(
            message[ranges[0]].ToArray(),
            message[ranges[1]].ToArray(),
            domain,
            user,
            workstation,
            message[ranges[5]].ToArray(),
            flags,
            version)
        {
            Mic = lowest >= SizeWithMic ? message.Slice(MicOffset, MicSize).ToArray() : null,
        };
        return true;
    }

    /// <summary>Serialises with Version and a zeroed MIC slot when <paramref name="withMicSlot"/> (the MIC is patched in later).</summary>
    public byte[] ToBytes(bool withMicSlot)
    {
        bool unicode = (Flags & NtlmNegotiateFlags.Unicode) != 0;
        int fixedSize = withMicSlot ? SizeWithMic : Version is null ? FieldsEnd : FieldsEnd + NtlmWire.VersionSize;
        byte[] message = NtlmWire.Assemble(fixedSize, MessageType,
        [
            (28, NtlmWire.EncodeString(DomainName, unicode)),
            (36, NtlmWire.EncodeString(UserName, unicode)),
            (44, NtlmWire.EncodeString(Workstation, unicode)),
            (12, LmChallengeResponse),
            (20, NtChallengeResponse),
            (52, EncryptedRandomSessionKey),
        ]);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(60), (uint)Flags);
        if (fixedSize > FieldsEnd)
        {
            NtlmWire.WriteVersion(message.AsSpan(FieldsEnd), Version ?? NtlmVersion.Default);
        }

        return message;
    }
}
