namespace Clusterd.ClusApi;

/// <summary>A growable byte buffer whose appended slices are zeroed (padding is therefore always 0).</summary>
internal sealed class ByteBuilder
{
    private byte[] _buffer;
    private int _length;

    internal ByteBuilder(int initialCapacity) => _buffer = new byte[Math.Max(initialCapacity, 16)];

    internal int Length => _length;

    internal ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    internal Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _length);

    /// <summary>Appends <paramref name="count"/> zeroed bytes and returns them for filling.</summary>
    internal Span<byte> Append(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int needed = checked(_length + count);
        if (needed > _buffer.Length)
        {
            int grown = (int)Math.Min(Array.MaxLength, Math.Max((long)needed, (long)_buffer.Length * 2));
            Array.Resize(ref _buffer, grown);
        }

        Span<byte> slice = _buffer.AsSpan(_length, count);
        slice.Clear();
        _length = needed;
        return slice;
    }

    internal void Reset() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (undo of a half-written entry).</summary>
    internal void Truncate(int length) => _length = Math.Clamp(length, 0, _length);
}
