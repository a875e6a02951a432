using System.Buffers.Binary;

namespace Clusterd.Rpc.Security;

/// <summary>CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2).</summary>
internal sealed record NtlmChallengeMessage(
    string TargetName,
    NtlmNegotiateFlags Flags,
    byte[] ServerChallenge,
    byte[] TargetInfo,
    NtlmVersion? Version)
{
    public const uint MessageType = 2;

    /// <summary>Through TargetInfoFields; the Version (8 bytes) follows when present.</summary>
    private const int FieldsEnd = 48;

    public static bool TryParse(ReadOnlySpan<byte> message, out NtlmChallengeMessage? parsed)
    {
        parsed = null;
        if (!NtlmWire.HasHeader(message, MessageType, FieldsEnd)
            || !NtlmWire.TryReadField(message, 12, FieldsEnd, out var targetNameRange)
            || !NtlmWire.TryReadField(message, 40, FieldsEnd, out var targetInfoRange))
        {
            return false;
        }

        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[20..]);
        bool unicode = (flags & NtlmNegotiateFlags.Unicode) != 0;
        if (!NtlmWire.TryDecodeString(message[targetNameRange], unicode, out string targetName))
        {
            return false;
        }

        NtlmVersion? version = null;
        int lowest = LowestOffset(targetNameRange, targetInfoRange, message.Length);
        if ((flags & NtlmNegotiateFlags.Version) != 0 && lowest >= FieldsEnd + NtlmWire.VersionSize
            && NtlmWire.TryReadVersion(message[FieldsEnd..], out var v))
        {
            version = v;
        }

        parsed = new NtlmChallengeMessage(targetName, flags, message[24..32].ToArray(), message[targetInfoRange].ToArray(), version);
        return true;
    }

    public byte[] ToBytes()
    {
        if (ServerChallenge.Length != 8)
        {
            throw new InvalidOperationException("ServerChallenge must be 8 bytes.");
        }

        int fixedSize = Version is null ? FieldsEnd : FieldsEnd + NtlmWire.VersionSize;
        byte[] targetName = NtlmWire.EncodeString(TargetName, (Flags & NtlmNegotiateFlags.Unicode) != 0);
        byte[] message = NtlmWire.Assemble(fixedSize, MessageType, [(12, targetName), (40, TargetInfo)]);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), (uint)Flags);
        ServerChallenge.CopyTo(message, 24);
        if (Version is { } version)
        {
            NtlmWire.WriteVersion(message.AsSpan(FieldsEnd), version);
        }

        return message;
    }

    private static int LowestOffset(Range a, Range b, int messageLength)
    {
        int lowest = messageLength;
        foreach (var r in (ReadOnlySpan<Range>)[a, b])
        {
            if (!r.Equals(default(Range)) && r.Start.Value < lowest)
            {
                lowest = r.Start.Value;
            }
        }

        return lowest;
    }
}
