using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// Parses a PROPERTY_LIST (MS-CMRP 2.2.3.10, 2.2.3.10.1). Accepted: a buffer whose length is a multiple of 4,
/// the uint32 count, exactly that many properties (a NAME entry with a non-empty NUL-terminated name, at least one
/// value, an ENDMARK), then either the end of the buffer or the trailing uint32 0 Windows writes; bytes after that
/// are ignored. Anything else gives <see cref="Win32Error.InvalidParameter"/>. Nothing throws, and allocation is
/// bounded by the buffer size whatever the count field says.
/// </summary>
public static class PropertyListReader
{
    // Smallest property: NAME header 8 + 4 (one WCHAR and NUL), one value header 8, ENDMARK 4.
    private const int MinPropertyBytes = 24;

    /// <summary>Parses <paramref name="buffer"/>; the values slice the buffer (no copies).</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlyMemory<byte> buffer, out PropertyList list)
    {
        list = new PropertyList([], 0);
        ReadOnlySpan<byte> span = buffer.Span;
        if (span.Length < 4 || (span.Length & 3) != 0)
        {
            return Win32Error.InvalidParameter;
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if (count > (uint)(span.Length / MinPropertyBytes))
        {
            return Win32Error.InvalidParameter;
        }

        var properties = new List<ClusProperty>((int)count);
        int offset = 4;
        for (uint i = 0; i < count; i++)
        {
            Win32Error error = TryReadProperty(buffer, ref offset, out ClusProperty? property);
            if (error != Win32Error.Success)
            {
                return error;
            }

            properties.Add(property!);
        }

        if (offset < span.Length)
        {
            // The trailing end of list (MS-CMRP 2.2.3.10); a NAME here means the count was too small.
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]) != 0)
            {
                return Win32Error.InvalidParameter;
            }

            offset += ClusPropEncoding.EndMarkSize;
        }

        list = new PropertyList(properties, offset);
        return Win32Error.Success;
    }

    private static Win32Error TryReadProperty(ReadOnlyMemory<byte> buffer, ref int offset, out ClusProperty? property)
    {
        property = null;
        ReadOnlySpan<byte> span = buffer.Span;
        if (span.Length - offset < ClusPropEncoding.HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]) != (uint)ClusPropSyntax.Name)
        {
            return Win32Error.InvalidParameter;
        }

        Win32Error error = ClusPropEncoding.TryReadSized(span, ref offset, out _, out int nameOffset, out int nameSize);
        if (error != Win32Error.Success)
        {
            return error;
        }

        // MS-CMRP 2.2.3.10.1: the name is a NUL-terminated Unicode string.
        if (Utf16Field.TryReadVariable(span.Slice(nameOffset, nameSize), out string name) != Win32Error.Success
            || name.Length == 0)
        {
            return Win32Error.InvalidParameter;
        }

        var values = new List<ClusPropValue>(1);
        error = ValueListReader.ReadValues(buffer, ref offset, values);
        if (error != Win32Error.Success)
        {
            return error;
        }

        // MS-CMRP 2.2.3.10.1: at least one element in PropertyValues.
        if (values.Count == 0)
        {
            return Win32Error.InvalidParameter;
        }

        property = new ClusProperty(name, values);
        return Win32Error.Success;
    }
}
