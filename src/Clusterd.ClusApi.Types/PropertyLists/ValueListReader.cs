namespace Clusterd.ClusApi;

/// <summary>
/// Reads a CLUSPROP value list (MS-CMRP 2.2.3.10.1) entry by entry without allocating.
/// Malformed input (a buffer length that is not a multiple of 4, a Size running past the buffer, a NAME entry in
/// value position, a missing end mark) gives <see cref="Win32Error.InvalidParameter"/>; nothing throws.
/// </summary>
public ref struct ValueListReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;
    private bool _complete;
    private bool _failed;

    /// <summary>Starts reading at the beginning of <paramref name="buffer"/>.</summary>
    public ValueListReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _failed = (buffer.Length & 3) != 0;
    }

    /// <summary>Bytes consumed so far (the whole list, end mark included, once <see cref="IsComplete"/>).</summary>
    public readonly int Consumed => _offset;

    /// <summary>True once the end mark has been read.</summary>
    public readonly bool IsComplete => _complete;

    /// <summary>
    /// Reads the next entry. Returns <see cref="Win32Error.Success"/> with the entry, <see cref="Win32Error.NoMoreItems"/>
    /// once the end mark is reached, or <see cref="Win32Error.InvalidParameter"/> when the list is malformed
    /// (sticky: later calls fail too).
    /// </summary>
    public Win32Error TryReadNext(out ClusPropSyntax syntax, out ReadOnlySpan<byte> data)
    {
        syntax = ClusPropSyntax.EndMark;
        data = default;
        if (_failed)
        {
            return Win32Error.InvalidParameter;
        }

        if (_complete)
        {
            return Win32Error.NoMoreItems;
        }

        Win32Error result = ClusPropEncoding.TryReadValue(_buffer, ref _offset, out syntax, out int dataOffset, out int size);
        switch (result)
        {
            case Win32Error.Success:
                data = _buffer.Slice(dataOffset, size);
                break;
            case Win32Error.NoMoreItems:
                _complete = true;
                break;
            default:
                _failed = true;
                break;
        }

        return result;
    }

    /// <summary>
    /// Reads a whole value list into entries that slice <paramref name="buffer"/> (no data copies). Bytes after the
    /// end mark are not read; <paramref name="consumed"/> says where the list ended.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryReadAll(ReadOnlyMemory<byte> buffer, out IReadOnlyList<ClusPropValue> values, out int consumed)
    {
        values = [];
        consumed = 0;
        ReadOnlySpan<byte> span = buffer.Span;
        if ((span.Length & 3) != 0)
        {
            return Win32Error.InvalidParameter;
        }

        var list = new List<ClusPropValue>(Math.Min(16, span.Length / ClusPropEncoding.HeaderSize));
        int offset = 0;
        Win32Error error = ReadValues(buffer, ref offset, list);
        if (error != Win32Error.Success)
        {
            return error;
        }

        values = list;
        consumed = offset;
        return Win32Error.Success;
    }

    /// <summary>Reads values up to and including the end mark into <paramref name="list"/>.</summary>
    internal static Win32Error ReadValues(ReadOnlyMemory<byte> buffer, ref int offset, List<ClusPropValue> list)
    {
        ReadOnlySpan<byte> span = buffer.Span;
        while (true)
        {
            Win32Error result = ClusPropEncoding.TryReadValue(span, ref offset, out ClusPropSyntax syntax, out int dataOffset, out int size);
            if (result == Win32Error.NoMoreItems)
            {
                return Win32Error.Success;
            }

            if (result != Win32Error.Success)
            {
                return result;
            }

            list.Add(new ClusPropValue(syntax, buffer.Slice(dataOffset, size)));
        }
    }
}
