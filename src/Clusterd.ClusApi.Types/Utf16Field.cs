using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Clusterd.ClusApi;

/// <summary>
/// UTF-16LE NUL-terminated strings as the custom-marshaled CSV structures carry them (MS-CMRP 2.2.3.18, 2.2.3.29, 2.2.3.32):
/// fixed-size WCHAR[n] fields padded with zeros after the terminator, and variable NUL-terminated
/// buffers (docs/behaviour.md, "DIRECTIO input"). Readers never throw on malformed input; they answer
/// <see cref="Win32Error.InvalidParameter"/>. Unpaired surrogates are kept as they are.
/// </summary>
public static class Utf16Field
{
    /// <summary>MAX_PATH in WCHARs.</summary>
    public const int MaxPathChars = 260;

    /// <summary>A WCHAR[MAX_PATH] field: 520 bytes.</summary>
    public const int MaxPathBytes = MaxPathChars * 2;

    /// <summary>
    /// Reads the NUL-terminated string of a fixed-size field. The padding after the terminator is ignored
    /// (MS-CMRP 2.2.3.29, 2.2.3.32).
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/>, or <see cref="Win32Error.InvalidParameter"/> when the field
    /// has an odd length or holds no NUL.</returns>
    public static Win32Error TryReadFixed(ReadOnlySpan<byte> field, out string value) =>
        TryReadVariable(field, out value, out _);

    /// <summary>
    /// Reads a NUL-terminated string from a variable buffer (e.g. lpInBuffer of DIRECTIO, IS_CSV_FILE,
    /// GET_SHARED_VOLUME_ID). Any bytes after the terminator are ignored.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/>, or <see cref="Win32Error.InvalidParameter"/> when the buffer
    /// has an odd byte count or holds no NUL (docs/behaviour.md, "DIRECTIO input").</returns>
    public static Win32Error TryReadVariable(ReadOnlySpan<byte> buffer, out string value) =>
        TryReadVariable(buffer, out value, out _);

    /// <summary>
    /// Reads a NUL-terminated string from a variable buffer and reports how many bytes the string and its
    /// terminator take.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryReadVariable(ReadOnlySpan<byte> buffer, out string value, out int bytesConsumed)
    {
        value = string.Empty;
        bytesConsumed = 0;
        if ((buffer.Length & 1) != 0)
        {
            return Win32Error.InvalidParameter;
        }

        int chars = IndexOfNul(buffer);
        if (chars < 0)
        {
            return Win32Error.InvalidParameter;
        }

        value = Decode(buffer[..(chars * 2)]);
        bytesConsumed = (chars + 1) * 2;
        return Win32Error.Success;
    }

    /// <summary>
    /// Writes <paramref name="value"/>, its NUL and zero padding over the whole <paramref name="field"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/>, or <see cref="Win32Error.InvalidParameter"/> when the string
    /// plus its NUL does not fit, the string holds a NUL, or the field has an odd length. Nothing is written then.</returns>
    public static Win32Error TryWriteFixed(ReadOnlySpan<char> value, Span<byte> field)
    {
        if ((field.Length & 1) != 0 || value.Length >= field.Length / 2 || value.Contains('\0'))
        {
            return Win32Error.InvalidParameter;
        }

        Encode(value, field);
        field[(value.Length * 2)..].Clear();
        return Win32Error.Success;
    }

    /// <summary>Writes <paramref name="value"/> into a fixed field; throws when it does not fit.</summary>
    /// <exception cref="ArgumentException">The string plus its NUL exceeds the field, or holds a NUL.</exception>
    public static void WriteFixed(ReadOnlySpan<char> value, Span<byte> field, string fieldName)
    {
        if (TryWriteFixed(value, field) != Win32Error.Success)
        {
            ThrowHelper.StringDoesNotFit(fieldName, field.Length);
        }
    }

    /// <summary>The byte count of <paramref name="value"/> as a NUL-terminated UTF-16 string: (length + 1) × 2.</summary>
    public static int GetNulTerminatedByteCount(ReadOnlySpan<char> value) => checked((value.Length + 1) * 2);

    /// <summary>
    /// Writes <paramref name="value"/> and its NUL at the start of <paramref name="destination"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/>, <see cref="Win32Error.MoreData"/> when the destination is too
    /// small (nothing written), or <see cref="Win32Error.InvalidParameter"/> when the string holds a NUL.</returns>
    public static Win32Error TryWriteNulTerminated(ReadOnlySpan<char> value, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (value.Contains('\0'))
        {
            return Win32Error.InvalidParameter;
        }

        int needed = GetNulTerminatedByteCount(value);
        if (destination.Length < needed)
        {
            return Win32Error.MoreData;
        }

        Encode(value, destination);
        destination.Slice(value.Length * 2, 2).Clear();
        bytesWritten = needed;
        return Win32Error.Success;
    }

    /// <summary>The NUL-terminated UTF-16LE bytes of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The string holds a NUL.</exception>
    public static byte[] ToNulTerminatedBytes(ReadOnlySpan<char> value)
    {
        var bytes = new byte[GetNulTerminatedByteCount(value)];
        if (TryWriteNulTerminated(value, bytes, out _) != Win32Error.Success)
        {
            ThrowHelper.StringHoldsNul(nameof(value));
        }

        return bytes;
    }

    /// <summary>Index (in WCHARs) of the first 0x0000 in an even-length UTF-16LE buffer, or -1.</summary>
    internal static int IndexOfNul(ReadOnlySpan<byte> buffer)
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, char>(buffer).IndexOf('\0');
        }

        for (int i = 0; i + 1 < buffer.Length; i += 2)
        {
            if (buffer[i] == 0 && buffer[i + 1] == 0)
            {
                return i / 2;
            }
        }

        return -1;
    }

    /// <summary>Decodes UTF-16LE code units one to one (no replacement of unpaired surrogates).</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (BitConverter.IsLittleEndian)
        {
            return new string(MemoryMarshal.Cast<byte, char>(bytes));
        }

        var chars = new char[bytes.Length / 2];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]);
        }

        return new string(chars);
    }

    /// <summary>Encodes UTF-16 code units as little-endian, one to one.</summary>
    internal static void Encode(ReadOnlySpan<char> value, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(value).CopyTo(destination);
            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], value[i]);
        }
    }
}
