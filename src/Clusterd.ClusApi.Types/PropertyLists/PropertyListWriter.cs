using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// Builds a PROPERTY_LIST (MS-CMRP 2.2.3.10, 2.2.3.10.1; the Windows captures in Samba's source4/torture/ndr/clusapi.c): uint32 property count, then per
/// property a NAME entry (syntax 0x00040003, Size = name bytes including NUL, padded to 4), its value entries and
/// an ENDMARK; after the last property one more uint32 0. MS-CMRP does not mention that trailing 0, but both
/// Windows captures in Samba's torture suite end with it (<c>… 00000000 00000000</c>), so the empty list is
/// <c>00000000 00000000</c>.
/// </summary>
public sealed class PropertyListWriter
{
    private readonly ByteBuilder _body;

    /// <summary>Creates an empty property list.</summary>
    /// <param name="initialCapacity">Initial buffer size in bytes.</param>
    public PropertyListWriter(int initialCapacity = 512)
    {
        _body = new ByteBuilder(initialCapacity);
        _body.Append(4);
    }

    /// <summary>Number of properties added.</summary>
    public int Count { get; private set; }

    /// <summary>Length of the finished list in bytes (count, properties and the trailing 0).</summary>
    public int Length => checked(_body.Length + ClusPropEncoding.EndMarkSize);

    /// <summary>Adds a property with one value of an explicit syntax (not ENDMARK or NAME).</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a NUL, or the syntax is ENDMARK or NAME.</exception>
    public PropertyListWriter Add(string name, ClusPropSyntax syntax, ReadOnlySpan<byte> data)
    {
        if (syntax is ClusPropSyntax.EndMark or ClusPropSyntax.Name)
        {
            ThrowHelper.InvalidSyntax(nameof(syntax), syntax);
        }

        AppendName(name);
        ClusPropEncoding.AppendValue(_body, syntax, data);
        return Close();
    }

    /// <summary>Adds a property whose (possibly several) values are the entries of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a NUL, or the value list is empty.</exception>
    public PropertyListWriter AddValues(string name, ValueListWriter values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            // MS-CMRP 2.2.3.10.1: a property value MUST contain at least one value.
            throw new ArgumentException("A property needs at least one value.", nameof(values));
        }

        AppendName(name);
        values.Body.CopyTo(_body.Append(values.Body.Length));
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_DWORD property.</summary>
    public PropertyListWriter AddDword(string name, uint value)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt32(_body, ClusPropSyntax.ListValueDWord, value);
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_LONG property.</summary>
    public PropertyListWriter AddLong(string name, int value)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt32(_body, ClusPropSyntax.ListValueLong, unchecked((uint)value));
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_WORD property.</summary>
    public PropertyListWriter AddWord(string name, ushort value)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt16(_body, ClusPropSyntax.ListValueWord, value);
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_ULARGE_INTEGER property.</summary>
    public PropertyListWriter AddULargeInteger(string name, ulong value)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueULargeInteger, value);
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_LARGE_INTEGER property.</summary>
    public PropertyListWriter AddLargeInteger(string name, long value)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueLargeInteger, unchecked((ulong)value));
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_FILETIME property (100-ns ticks since 1601-01-01 UTC).</summary>
    public PropertyListWriter AddFileTime(string name, long fileTimeUtc)
    {
        AppendName(name);
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueFileTime, unchecked((ulong)fileTimeUtc));
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_SZ property.</summary>
    /// <exception cref="ArgumentException">The name or value holds a NUL.</exception>
    public PropertyListWriter AddString(string name, string value)
    {
        EnsureNoNul(value);
        AppendName(name);
        ClusPropEncoding.AppendString(_body, ClusPropSyntax.ListValueSz, value);
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_EXPAND_SZ property.</summary>
    /// <exception cref="ArgumentException">The name or value holds a NUL.</exception>
    public PropertyListWriter AddExpandString(string name, string value)
    {
        EnsureNoNul(value);
        AppendName(name);
        ClusPropEncoding.AppendString(_body, ClusPropSyntax.ListValueExpandSz, value);
        return Close();
    }

    /// <summary>Adds a LIST_VALUE_MULTI_SZ property.</summary>
    /// <exception cref="ArgumentException">The name holds a NUL, or an item is empty or holds a NUL.</exception>
    public PropertyListWriter AddMultiString(string name, IEnumerable<string> values)
    {
        int mark = _body.Length;
        AppendName(name);
        try
        {
            ClusPropEncoding.AppendMultiString(_body, ClusPropSyntax.ListValueMultiSz, values);
        }
        catch (ArgumentException)
        {
            _body.Truncate(mark);
            throw;
        }

        return Close();
    }

    /// <summary>Adds a LIST_VALUE_BINARY property.</summary>
    public PropertyListWriter AddBinary(string name, ReadOnlySpan<byte> value) =>
        Add(name, ClusPropSyntax.ListValueBinary, value);

    /// <summary>Adds a LIST_VALUE_SECURITY_DESCRIPTOR property (self-relative SD bytes).</summary>
    public PropertyListWriter AddSecurityDescriptor(string name, ReadOnlySpan<byte> value) =>
        Add(name, ClusPropSyntax.ListValueSecurityDescriptor, value);

    /// <summary>Writes the finished list to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Length"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        WireChecks.EnsureDestination(destination, length);
        _body.WrittenSpan.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Count);
        destination.Slice(_body.Length, ClusPropEncoding.EndMarkSize).Clear();
        return length;
    }

    /// <summary>The finished list.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Empties the writer for reuse.</summary>
    public void Reset()
    {
        _body.Reset();
        _body.Append(4);
        Count = 0;
    }

    private static void EnsureNoNul(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            ThrowHelper.StringHoldsNul(nameof(value));
        }
    }

    private void AppendName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            ThrowHelper.StringHoldsNul(nameof(name));
        }

        // MS-CMRP 2.2.3.10.1: CLUSPROP_SYNTAX_NAME, Size includes the NUL, padding excluded from Size.
        Span<byte> data = ClusPropEncoding.AppendEntry(_body, ClusPropSyntax.Name, Utf16Field.GetNulTerminatedByteCount(name));
        Utf16Field.Encode(name, data);
    }

    private PropertyListWriter Close()
    {
        ClusPropEncoding.AppendEndMark(_body);
        Count++;
        return this;
    }
}
