using System.Buffers.Binary;
using System.Text;

namespace Clusterd.Rpc.Security;

/// <summary>
/// Shared wire helpers for the three NTLMSSP messages: the "NTLMSSP\0" header, the Len/MaxLen/Offset payload
/// descriptors (MS-NLMP 2.2.1) with bounds checks, and the VERSION structure (MS-NLMP 2.2.2.10).
/// </summary>
internal static class NtlmWire
{
    public const int VersionSize = 8;

    /// <summary>NTLMSSP_REVISION_W2K3 (MS-NLMP 2.2.2.10).</summary>
    public const byte NtlmRevisionCurrent = 0x0F;

    public static ReadOnlySpan<byte> Signature => "NTLMSSP\0"u8;

    /// <summary>True if the message starts with the signature and the given MessageType and holds the fixed part.</summary>
    public static bool HasHeader(ReadOnlySpan<byte> message, uint messageType, int fixedSize) =>
        message.Length >= fixedSize
        && message[..8].SequenceEqual(Signature)
        && BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) == messageType;

    /// <summary>
    /// Reads a Len/MaxLen/Offset descriptor at <paramref name="descriptorOffset"/>. An empty field is valid whatever its
    /// offset; a non-empty one must lie entirely inside the message and after the fixed part.
    /// </summary>
    public static bool TryReadField(ReadOnlySpan<byte> message, int descriptorOffset, int minPayloadOffset, out Range field)
    {
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(message[descriptorOffset..]);
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(message[(descriptorOffset + 4)..]);
        field = default;
        if (length == 0)
        {
            return true;
        }

        if (offset < (uint)minPayloadOffset || offset > (uint)message.Length || length > message.Length - (int)offset)
        {
            return false;
        }

        field = new Range((int)offset, (int)offset + length);
        return true;
    }

    /// <summary>Decodes a name field: UTF-16LE when UNICODE was negotiated (odd lengths are malformed), else OEM (Latin-1).</summary>
    public static bool TryDecodeString(ReadOnlySpan<byte> bytes, bool unicode, out string value)
    {
        if (unicode)
        {
            if ((bytes.Length & 1) != 0)
            {
                value = string.Empty;
                return false;
            }

            value = Encoding.Unicode.GetString(bytes);
            return true;
        }

        value = Encoding.Latin1.GetString(bytes);
        return true;
    }

    public static byte[] EncodeString(string value, bool unicode) =>
        unicode ? Encoding.Unicode.GetBytes(value) : Encoding.Latin1.GetBytes(value);

    public static bool TryReadVersion(ReadOnlySpan<byte> bytes, out NtlmVersion version)
    {
        version = default;
        if (bytes.Length < VersionSize)
        {
            return false;
        }

        version = new NtlmVersion(bytes[0], bytes[1], BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]), bytes[7]);
        return true;
    }

    public static void WriteVersion(Span<byte> destination, NtlmVersion version)
    {
        destination[0] = version.Major;
        destination[1] = version.Minor;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], version.Build);
        destination[4..7].Clear();
        destination[7] = version.Revision;
    }

    /// <summary>
    /// Lays out a message: a zeroed fixed part of <paramref name="fixedSize"/> bytes, then each payload in the order
    /// given, with its descriptor (Len, MaxLen, Offset) written at the paired descriptor offset.
    /// </summary>
    public static byte[] Assemble(int fixedSize, uint messageType, ReadOnlySpan<(int DescriptorOffset, byte[] Payload)> fields)
    {
        int total = fixedSize;
        foreach (var (_, payload) in fields)
        {
            total = checked(total + payload.Length);
        }

        var message = new byte[total];
        Signature.CopyTo(message);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), messageType);
        int offset = fixedSize;
        foreach (var (descriptor, payload) in fields)
        {
            ushort length = checked((ushort)payload.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(descriptor), length);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(descriptor + 2), length);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(descriptor + 4), (uint)offset);
            payload.CopyTo(message, offset);
            offset += payload.Length;
        }

        return message;
    }
}
