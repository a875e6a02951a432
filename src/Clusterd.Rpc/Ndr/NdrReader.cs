using System.Buffers.Binary;
using System.Text;

namespace Clusterd.Rpc.Ndr;

/// <summary>
/// NDR 2.0 (NDR32, little-endian) unmarshaller (C706 ch. 14). Never reads past the stub, checks every
/// count against <see cref="MaxElements"/> and the bytes left before allocating, and throws
/// <see cref="NdrException"/> on malformed data. Pad content is not checked (impacket pads with 0xFF).
/// Trailing bytes (e.g. the verification trailer, MS-RPCE 2.2.2.13) are ignored.
/// </summary>
public sealed class NdrReader
{
    private readonly ReadOnlyMemory<byte> _stub;
    private List<Action<NdrReader>>? _deferred;
    private HashSet<uint>? _fullPointerIds;

    /// <summary>Creates a reader over one reassembled stub.</summary>
    /// <param name="stub">The stub; alignment is relative to its first byte.</param>
    /// <param name="maxElements">Upper bound for any conformance/variance count.</param>
    public NdrReader(ReadOnlyMemory<byte> stub, int maxElements = 1 << 22)
    {
        _stub = stub;
        MaxElements = maxElements;
    }

    /// <summary>Upper bound for any array or string count.</summary>
    public int MaxElements { get; }

    /// <summary>Offset of the next byte in the stub.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes left.</summary>
    public int Remaining => _stub.Length - Position;

    /// <summary>Skips pad bytes to a multiple of <paramref name="alignment"/>.</summary>
    public void Align(int alignment)
    {
        int pad = (alignment - (Position & (alignment - 1))) & (alignment - 1);
        Take(pad);
    }

    /// <summary>u8.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>8-bit boolean (any non-zero is true).</summary>
    public bool ReadBoolean8() => ReadByte() != 0;

    /// <summary>u16 (2-aligned).</summary>
    public ushort ReadUInt16()
    {
        Align(2);
        return BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    }

    /// <summary>i16 (2-aligned).</summary>
    public short ReadInt16() => unchecked((short)ReadUInt16());

    /// <summary>A 16-bit enum; values of 0x8000 and above are invalid (C706 14.2.5).</summary>
    public int ReadEnum16()
    {
        ushort v = ReadUInt16();
        return v < 0x8000 ? v : throw new NdrException($"Enum value 0x{v:X4} out of range.");
    }

    /// <summary>u32 (4-aligned).</summary>
    public uint ReadUInt32()
    {
        Align(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    }

    /// <summary>i32 (4-aligned).</summary>
    public int ReadInt32() => unchecked((int)ReadUInt32());

    /// <summary>hyper (8-aligned).</summary>
    public ulong ReadUInt64()
    {
        Align(8);
        return BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    }

    /// <summary>NTTIME / FILETIME at 4-alignment.</summary>
    public ulong ReadNtTime()
    {
        Align(4);
        return BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    }

    /// <summary>GUID, 4-aligned.</summary>
    public Guid ReadGuid()
    {
        Align(4);
        return new Guid(Take(16));
    }

    /// <summary>A 20-byte context handle, 4-aligned.</summary>
    public NdrContextHandle ReadContextHandle()
    {
        Align(4);
        return NdrContextHandle.Read(Take(NdrContextHandle.Size));
    }

    /// <summary>Raw bytes (no alignment).</summary>
    public ReadOnlyMemory<byte> ReadBytes(int count)
    {
        CheckCount(count, 1);
        var m = _stub.Slice(Position, count);
        Position += count;
        return m;
    }

    /// <summary>A referent id (0 = NULL).</summary>
    public uint ReadReferentId() => ReadUInt32();

    /// <summary>An embedded [ref] pointer's referent id, which must be non-zero.</summary>
    public void ReadRefPointerId()
    {
        if (ReadUInt32() == 0)
        {
            throw new NdrException("NULL [ref] pointer.");
        }
    }

    /// <summary>
    /// A full ([ptr]) pointer id. Returns true when the referent follows (non-NULL, first time this id is seen);
    /// <paramref name="id"/> lets the caller resolve aliases.
    /// </summary>
    public bool ReadFullPointer(out uint id)
    {
        id = ReadUInt32();
        if (id == 0)
        {
            return false;
        }

        _fullPointerIds ??= [];
        return _fullPointerIds.Add(id);
    }

    /// <summary>Top-level [unique] pointer: referent id, then (if non-NULL) the referent right away.</summary>
    public T? ReadUniquePointer<T>(Func<NdrReader, T> readReferent)
        where T : class
    {
        if (ReadReferentId() == 0)
        {
            return null;
        }

        var value = readReferent(this);
        FlushDeferred();
        return value;
    }

    /// <summary>Queues the read of a deferred pointee of the construct being read.</summary>
    public void Defer(Action<NdrReader> readReferent) => (_deferred ??= []).Add(readReferent);

    /// <summary>Reads the queued pointees in order, depth first (C706 14.3.12.3).</summary>
    public void FlushDeferred()
    {
        while (_deferred is { Count: > 0 })
        {
            var queue = _deferred;
            _deferred = null;
            foreach (var read in queue)
            {
                read(this);
                FlushDeferred();
            }
        }
    }

    /// <summary>
    /// A conformance or variance count, checked against <see cref="MaxElements"/> only; a caller that allocates per
    /// element reads the count with <see cref="ReadCount(int)"/>.
    /// </summary>
    public int ReadCount()
    {
        uint v = ReadUInt32();
        return v <= (uint)MaxElements ? (int)v : throw new NdrException($"Count {v} exceeds the limit {MaxElements}.");
    }

    /// <summary>
    /// A conformance count of an array whose elements take at least <paramref name="minElementSize"/> bytes each: checked
    /// against <see cref="MaxElements"/> and against the bytes left, so a caller may allocate <c>count</c> elements.
    /// </summary>
    public int ReadCount(int minElementSize)
    {
        int count = ReadCount();
        CheckCount(count, minElementSize);
        return count;
    }

    /// <summary>
    /// [string] wchar_t*: max_count, offset, actual_count, chars. Requires offset 0, actual ≤ max, actual ≥ 1 and a
    /// terminating NUL (C706 14.3.4; Samba's client checks the same); returns the string without the NUL.
    /// </summary>
    public string ReadConformantVaryingString()
    {
        int max = ReadCount();
        return ReadVaryingWideBody(max);
    }

    /// <summary>[unique, string] wchar_t*: referent id, then the string; null for a NULL pointer.</summary>
    public string? ReadUniqueString() => ReadUniquePointer(static r => r.ReadConformantVaryingString());

    /// <summary>Conformant-varying [string] char array (ASCII, NUL-terminated).</summary>
    public string ReadConformantVaryingAnsiString()
    {
        int max = ReadCount();
        return ReadVaryingAnsiBody(max);
    }

    /// <summary>Varying [string] char array of at most <paramref name="fixedSize"/> elements.</summary>
    public string ReadVaryingAnsiString(int fixedSize) => ReadVaryingAnsiBody(fixedSize);

    /// <summary>[size_is(n)] byte*: max_count then bytes.</summary>
    public ReadOnlyMemory<byte> ReadConformantByteArray() => ReadBytes(ReadCount());

    /// <summary>[size_is, length_is] byte*: max_count, offset 0, actual_count ≤ max, bytes.</summary>
    public ReadOnlyMemory<byte> ReadConformantVaryingByteArray()
    {
        int max = ReadCount();
        int actual = ReadVariance(max);
        return ReadBytes(actual);
    }

    /// <summary>A conformant array of constructed elements of at least <paramref name="minElementSize"/> bytes each.</summary>
    public IReadOnlyList<T> ReadConformantArray<T>(Func<NdrReader, T> readElement, int minElementSize)
    {
        int count = ReadCount();
        CheckCount(count, minElementSize);
        var items = new T[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = readElement(this);
        }

        return items;
    }

    private int ReadVariance(int max)
    {
        uint offset = ReadUInt32();
        int actual = ReadCount();
        if (offset != 0 || actual > max)
        {
            throw new NdrException($"Bad variance: offset {offset}, actual {actual}, max {max}.", Pdu.RpcStatus.InvalidBound);
        }

        return actual;
    }

    private string ReadVaryingWideBody(int max)
    {
        int actual = ReadVariance(max);
        if (actual == 0)
        {
            throw new NdrException("String without terminating NUL.");
        }

        CheckCount(actual, 2);
        var chars = Take(actual * 2);
        if (chars[^1] != 0 || chars[^2] != 0)
        {
            throw new NdrException("String without terminating NUL.");
        }

        return Encoding.Unicode.GetString(chars[..^2]);
    }

    private string ReadVaryingAnsiBody(int max)
    {
        int actual = ReadVariance(max);
        if (actual == 0)
        {
            throw new NdrException("String without terminating NUL.");
        }

        var bytes = ReadBytes(actual).Span;
        if (bytes[^1] != 0)
        {
            throw new NdrException("String without terminating NUL.");
        }

        return Encoding.ASCII.GetString(bytes[..^1]);
    }

    private void CheckCount(int count, int elementSize)
    {
        if (count < 0 || (long)count * elementSize > Remaining)
        {
            throw new NdrException($"{count} elements of {elementSize} bytes exceed the {Remaining} bytes left.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new NdrException($"Stub truncated: need {count} bytes at offset {Position}, {Remaining} left.");
        }

        var span = _stub.Span.Slice(Position, count);
        Position += count;
        return span;
    }
}
