using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// The entry layout shared by value lists and property lists (MS-CMRP 2.2.3.10.1):
/// Syntax uint32, Size uint32 (unpadded), Buffer, zero padding to a 4-byte boundary; ENDMARK = uint32 0.
/// </summary>
internal static class ClusPropEncoding
{
    internal const int HeaderSize = 8;
    internal const int EndMarkSize = 4;

    internal static int Padded(int size) => checked((size + 3) & ~3);

    /// <summary>Appends an entry header plus zeroed, padded room for the data, and returns the data slice.</summary>
    internal static Span<byte> AppendEntry(ByteBuilder builder, ClusPropSyntax syntax, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Span<byte> entry = builder.Append(checked(HeaderSize + Padded(size)));
        BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)syntax);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)size);
        return entry.Slice(HeaderSize, size);
    }

    internal static void AppendValue(ByteBuilder builder, ClusPropSyntax syntax, ReadOnlySpan<byte> data)
    {
        if (syntax is ClusPropSyntax.EndMark or ClusPropSyntax.Name)
        {
            ThrowHelper.InvalidSyntax(nameof(syntax), syntax);
        }

        data.CopyTo(AppendEntry(builder, syntax, data.Length));
    }

    internal static void AppendUInt32(ByteBuilder builder, ClusPropSyntax syntax, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(AppendEntry(builder, syntax, 4), value);

    internal static void AppendUInt64(ByteBuilder builder, ClusPropSyntax syntax, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(AppendEntry(builder, syntax, 8), value);

    internal static void AppendUInt16(ByteBuilder builder, ClusPropSyntax syntax, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(AppendEntry(builder, syntax, 2), value);

    /// <summary>A NUL-terminated string entry; Size includes the NUL (e.g. "FixQuorum" → 20).</summary>
    internal static void AppendString(ByteBuilder builder, ClusPropSyntax syntax, ReadOnlySpan<char> value)
    {
        if (value.Contains('\0'))
        {
            ThrowHelper.StringHoldsNul(nameof(value));
        }

        Span<byte> data = AppendEntry(builder, syntax, Utf16Field.GetNulTerminatedByteCount(value));
        Utf16Field.Encode(value, data);
    }

    /// <summary>
    /// A MULTI_SZ entry: each string with its NUL, then one more NUL ("Priority" → 20 bytes). An empty list is
    /// a single NUL (2 bytes).
    /// </summary>
    internal static void AppendMultiString(ByteBuilder builder, ClusPropSyntax syntax, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] items = values as string[] ?? [.. values];
        int size = 2;
        foreach (string item in items)
        {
            if (string.IsNullOrEmpty(item) || item.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("MULTI_SZ items must be non-empty and hold no NUL.", nameof(values));
            }

            size = checked(size + Utf16Field.GetNulTerminatedByteCount(item));
        }

        Span<byte> data = AppendEntry(builder, syntax, size);
        int offset = 0;
        foreach (string item in items)
        {
            Utf16Field.Encode(item, data[offset..]);
            offset += (item.Length + 1) * 2;
        }
    }

    internal static void AppendEndMark(ByteBuilder builder) => builder.Append(EndMarkSize);

    /// <summary>
    /// Reads one value-list entry at <paramref name="offset"/> (always 4-aligned). Returns
    /// <see cref="Win32Error.NoMoreItems"/> after consuming an ENDMARK, <see cref="Win32Error.InvalidParameter"/> for a
    /// missing end mark, a size running past the buffer (padding included), or a NAME syntax in value position.
    /// </summary>
    internal static Win32Error TryReadValue(
        ReadOnlySpan<byte> buffer, ref int offset, out ClusPropSyntax syntax, out int dataOffset, out int size)
    {
        syntax = ClusPropSyntax.EndMark;
        dataOffset = 0;
        size = 0;
        int remaining = buffer.Length - offset;
        if (remaining < EndMarkSize)
        {
            return Win32Error.InvalidParameter;
        }

        uint raw = BinaryPrimitives.ReadUInt32LittleEndian(buffer[offset..]);
        if (raw == (uint)ClusPropSyntax.EndMark)
        {
            offset += EndMarkSize;
            return Win32Error.NoMoreItems;
        }

        // MS-CMRP 2.2.3.10.1: a value's Syntax MUST NOT be CLUSPROP_SYNTAX_NAME.
        if (raw == (uint)ClusPropSyntax.Name)
        {
            return Win32Error.InvalidParameter;
        }

        return TryReadSized(buffer, ref offset, out syntax, out dataOffset, out size);
    }

    /// <summary>Reads Syntax, Size and bounds-checks Buffer + Padding without allocating.</summary>
    internal static Win32Error TryReadSized(
        ReadOnlySpan<byte> buffer, ref int offset, out ClusPropSyntax syntax, out int dataOffset, out int size)
    {
        syntax = ClusPropSyntax.EndMark;
        dataOffset = 0;
        size = 0;
        long remaining = buffer.Length - offset;
        if (remaining < HeaderSize)
        {
            return Win32Error.InvalidParameter;
        }

        uint raw = BinaryPrimitives.ReadUInt32LittleEndian(buffer[offset..]);
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(offset + 4)..]);
        long padded = ((long)declared + 3) & ~3L;
        if (padded > remaining - HeaderSize)
        {
            return Win32Error.InvalidParameter;
        }

        syntax = (ClusPropSyntax)raw;
        dataOffset = offset + HeaderSize;
        size = (int)declared;
        offset = checked(dataOffset + (int)padded);
        return Win32Error.Success;
    }
}
