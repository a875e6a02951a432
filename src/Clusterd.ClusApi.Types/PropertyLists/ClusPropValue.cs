using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// One value of a value list or property list: its syntax and its unpadded data (a slice of the parsed buffer).
/// The typed getters check the syntax format and the data size and answer <see cref="Win32Error.InvalidParameter"/>
/// on a mismatch.
/// </summary>
/// <param name="Syntax">CLUSPROP syntax of the value.</param>
/// <param name="Data">The value bytes, without padding.</param>
public readonly record struct ClusPropValue(ClusPropSyntax Syntax, ReadOnlyMemory<byte> Data)
{
    /// <summary>The format half of the syntax.</summary>
    public ClusPropFormat Format => Syntax.Format();

    /// <summary>Reads a DWORD-format value (4 bytes).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetDword(out uint value) => TryGetUInt32(ClusPropFormat.DWord, out value);

    /// <summary>Reads a LONG-format value (4 bytes, signed).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetLong(out int value)
    {
        Win32Error error = TryGetUInt32(ClusPropFormat.Long, out uint raw);
        value = unchecked((int)raw);
        return error;
    }

    /// <summary>Reads a WORD-format value (2 bytes).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetWord(out ushort value)
    {
        value = 0;
        if (Format != ClusPropFormat.Word || Data.Length != 2)
        {
            return Win32Error.InvalidParameter;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(Data.Span);
        return Win32Error.Success;
    }

    /// <summary>Reads a ULARGE_INTEGER-format value (8 bytes).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetULargeInteger(out ulong value) => TryGetUInt64(ClusPropFormat.ULargeInteger, out value);

    /// <summary>Reads a LARGE_INTEGER-format value (8 bytes, signed).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetLargeInteger(out long value)
    {
        Win32Error error = TryGetUInt64(ClusPropFormat.LargeInteger, out ulong raw);
        value = unchecked((long)raw);
        return error;
    }

    /// <summary>Reads a FILETIME-format value (100-ns ticks since 1601-01-01 UTC).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetFileTime(out long fileTimeUtc)
    {
        Win32Error error = TryGetUInt64(ClusPropFormat.FileTime, out ulong raw);
        fileTimeUtc = unchecked((long)raw);
        return error;
    }

    /// <summary>Reads an SZ, EXPAND_SZ or EXPANDED_SZ value up to its first NUL.</summary>
    /// <returns><see cref="Win32Error.Success"/>, or <see cref="Win32Error.InvalidParameter"/> for another format, an odd
    /// size or a missing NUL.</returns>
    public Win32Error TryGetString(out string value)
    {
        value = string.Empty;
        if (Format is not (ClusPropFormat.Sz or ClusPropFormat.ExpandSz or ClusPropFormat.ExpandedSz))
        {
            return Win32Error.InvalidParameter;
        }

        return Utf16Field.TryReadVariable(Data.Span, out value);
    }

    /// <summary>Reads a MULTI_SZ value: NUL-terminated strings ended by an empty string (or the end of the data).</summary>
    /// <returns><see cref="Win32Error.Success"/>, or <see cref="Win32Error.InvalidParameter"/> for another format, an odd
    /// size or a last string without NUL.</returns>
    public Win32Error TryGetMultiString(out IReadOnlyList<string> values)
    {
        values = [];
        ReadOnlySpan<byte> span = Data.Span;
        if (Format != ClusPropFormat.MultiSz || (span.Length & 1) != 0)
        {
            return Win32Error.InvalidParameter;
        }

        var items = new List<string>();
        while (!span.IsEmpty)
        {
            int chars = Utf16Field.IndexOfNul(span);
            if (chars < 0)
            {
                return Win32Error.InvalidParameter;
            }

            if (chars == 0)
            {
                break;
            }

            items.Add(Utf16Field.Decode(span[..(chars * 2)]));
            span = span[((chars + 1) * 2)..];
        }

        values = items;
        return Win32Error.Success;
    }

    /// <summary>Reads a BINARY or SECURITY_DESCRIPTOR value (any size).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public Win32Error TryGetBinary(out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (Format is not (ClusPropFormat.Binary or ClusPropFormat.SecurityDescriptor))
        {
            return Win32Error.InvalidParameter;
        }

        value = Data;
        return Win32Error.Success;
    }

    private Win32Error TryGetUInt32(ClusPropFormat format, out uint value)
    {
        value = 0;
        if (Format != format || Data.Length != 4)
        {
            return Win32Error.InvalidParameter;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(Data.Span);
        return Win32Error.Success;
    }

    private Win32Error TryGetUInt64(ClusPropFormat format, out ulong value)
    {
        value = 0;
        if (Format != format || Data.Length != 8)
        {
            return Win32Error.InvalidParameter;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(Data.Span);
        return Win32Error.Success;
    }
}
