namespace Clusterd.ClusApi;

/// <summary>
/// Builds a CLUSPROP value list (MS-CMRP 2.2.3.10.1): entries of Syntax, unpadded Size, data and
/// zero padding to 4 bytes, closed by a 4-byte ENDMARK that <see cref="WriteTo"/> and <see cref="ToArray"/> add.
/// The typed helpers use the CLUSPROP_SYNTAX_LIST_VALUE_* syntaxes.
/// </summary>
public sealed class ValueListWriter
{
    private readonly ByteBuilder _body;

    /// <summary>Creates an empty value list.</summary>
    /// <param name="initialCapacity">Initial buffer size in bytes.</param>
    public ValueListWriter(int initialCapacity = 256) => _body = new ByteBuilder(initialCapacity);

    /// <summary>Number of entries added.</summary>
    public int Count { get; private set; }

    /// <summary>Length of the finished list in bytes, end mark included.</summary>
    public int Length => checked(_body.Length + ClusPropEncoding.EndMarkSize);

    internal ReadOnlySpan<byte> Body => _body.WrittenSpan;

    /// <summary>Adds an entry with an explicit syntax (not ENDMARK or NAME).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The syntax is ENDMARK or NAME.</exception>
    public ValueListWriter Add(ClusPropSyntax syntax, ReadOnlySpan<byte> data)
    {
        ClusPropEncoding.AppendValue(_body, syntax, data);
        Count++;
        return this;
    }

    /// <summary>
    /// Adds an entry of <paramref name="size"/> zeroed bytes and returns them for the caller to fill (e.g. with a
    /// structure's WriteTo). The span is valid until the next call on this writer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The syntax is ENDMARK or NAME, or the size is negative.</exception>
    public Span<byte> AddUninitialized(ClusPropSyntax syntax, int size)
    {
        if (syntax is ClusPropSyntax.EndMark or ClusPropSyntax.Name)
        {
            ThrowHelper.InvalidSyntax(nameof(syntax), syntax);
        }

        Span<byte> data = ClusPropEncoding.AppendEntry(_body, syntax, size);
        Count++;
        return data;
    }

    /// <summary>Adds a LIST_VALUE_DWORD.</summary>
    public ValueListWriter AddDword(uint value)
    {
        ClusPropEncoding.AppendUInt32(_body, ClusPropSyntax.ListValueDWord, value);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_LONG.</summary>
    public ValueListWriter AddLong(int value)
    {
        ClusPropEncoding.AppendUInt32(_body, ClusPropSyntax.ListValueLong, unchecked((uint)value));
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_WORD (size 2, 2 padding bytes).</summary>
    public ValueListWriter AddWord(ushort value)
    {
        ClusPropEncoding.AppendUInt16(_body, ClusPropSyntax.ListValueWord, value);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_ULARGE_INTEGER.</summary>
    public ValueListWriter AddULargeInteger(ulong value)
    {
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueULargeInteger, value);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_LARGE_INTEGER.</summary>
    public ValueListWriter AddLargeInteger(long value)
    {
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueLargeInteger, unchecked((ulong)value));
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_FILETIME (100-ns ticks since 1601-01-01 UTC).</summary>
    public ValueListWriter AddFileTime(long fileTimeUtc)
    {
        ClusPropEncoding.AppendUInt64(_body, ClusPropSyntax.ListValueFileTime, unchecked((ulong)fileTimeUtc));
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_SZ (NUL-terminated; Size includes the NUL).</summary>
    /// <exception cref="ArgumentException">The string holds a NUL.</exception>
    public ValueListWriter AddString(string value)
    {
        ClusPropEncoding.AppendString(_body, ClusPropSyntax.ListValueSz, value);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_EXPAND_SZ.</summary>
    /// <exception cref="ArgumentException">The string holds a NUL.</exception>
    public ValueListWriter AddExpandString(string value)
    {
        ClusPropEncoding.AppendString(_body, ClusPropSyntax.ListValueExpandSz, value);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_MULTI_SZ (each string NUL-terminated, then one more NUL).</summary>
    /// <exception cref="ArgumentException">An item is empty or holds a NUL.</exception>
    public ValueListWriter AddMultiString(IEnumerable<string> values)
    {
        ClusPropEncoding.AppendMultiString(_body, ClusPropSyntax.ListValueMultiSz, values);
        return Added();
    }

    /// <summary>Adds a LIST_VALUE_BINARY.</summary>
    public ValueListWriter AddBinary(ReadOnlySpan<byte> value) => Add(ClusPropSyntax.ListValueBinary, value);

    /// <summary>Adds a LIST_VALUE_SECURITY_DESCRIPTOR (self-relative SD bytes).</summary>
    public ValueListWriter AddSecurityDescriptor(ReadOnlySpan<byte> value) => Add(ClusPropSyntax.ListValueSecurityDescriptor, value);

    /// <summary>Writes the list and its end mark to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Length"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        WireChecks.EnsureDestination(destination, length);
        _body.WrittenSpan.CopyTo(destination);
        destination.Slice(_body.Length, ClusPropEncoding.EndMarkSize).Clear();
        return length;
    }

    /// <summary>The finished list, end mark included.</summary>
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
        Count = 0;
    }

    private ValueListWriter Added()
    {
        Count++;
        return this;
    }
}
