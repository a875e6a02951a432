using System.Buffers.Binary;
using System.Text;

namespace Clusterd.Rpc.Ndr;

/// <summary>
/// NDR 2.0 (NDR32, little-endian) marshaller (C706 ch. 14). Alignment is relative to the stub start
/// (C706 14.2.2). Pad bytes are zero. Embedded pointees are queued with <see cref="Defer"/> and
/// written by <see cref="FlushDeferred"/> after the containing construct, depth first (C706 14.3.12.3).
/// </summary>
public sealed class NdrWriter
{
    private const uint FirstReferentId = 0x00020000;

    private byte[] _buffer;
    private uint _nextReferentId;
    private List<Action<NdrWriter>>? _deferred;
    private Dictionary<object, uint>? _fullPointers;

    /// <summary>Creates a writer.</summary>
    /// <param name="capacity">Initial buffer size.</param>
    /// <param name="firstReferentId">First referent id handed out (Samba continues the request's counter; any non-zero value works).</param>
    public NdrWriter(int capacity = 256, uint firstReferentId = FirstReferentId)
    {
        _buffer = new byte[Math.Max(capacity, 16)];
        _nextReferentId = firstReferentId == 0 ? FirstReferentId : firstReferentId;
    }

    /// <summary>Bytes written so far (the stub offset of the next byte).</summary>
    public int Position { get; private set; }

    /// <summary>The written stub bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Position);


    /// <summary>Copies the written stub bytes.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>
    /// The bytes written so far, without copying: valid until the next write (which may move them to a larger buffer).
    /// For handing a finished stub on when the writer is not used again.
    /// </summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Position);

    /// <summary>Pads with zeros to a multiple of <paramref name="alignment"/> (1, 2, 4 or 8).</summary>
    public void Align(int alignment)
    {
        int pad = (alignment - (Position & (alignment - 1))) & (alignment - 1);
        Reserve(pad).Clear();
    }

    /// <summary>u8 / small / char / byte.</summary>
    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>8-bit boolean.</summary>
    public void WriteBoolean8(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>u16 (2-aligned).</summary>
    public void WriteUInt16(ushort value)
    {
        Align(2);
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    }

    /// <summary>i16 (2-aligned).</summary>
    public void WriteInt16(short value) => WriteUInt16(unchecked((ushort)value));

    /// <summary>A 16-bit enum (the NDR default without [v1_enum]); values must be below 0x8000 (C706 14.2.5).</summary>
    public void WriteEnum16(int value)
    {
        if (value is < 0 or >= 0x8000)
        {
            throw new NdrException($"Enum value {value} does not fit a 16-bit NDR enum.");
        }

        WriteUInt16((ushort)value);
    }

    /// <summary>u32 / DWORD / error_status_t (4-aligned).</summary>
    public void WriteUInt32(uint value)
    {
        Align(4);
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
    }

    /// <summary>i32 / LONG / BOOL (4-aligned).</summary>
    public void WriteInt32(int value) => WriteUInt32(unchecked((uint)value));

    /// <summary>hyper (8-aligned).</summary>
    public void WriteUInt64(ulong value)
    {
        Align(8);
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
    }

    /// <summary>NTTIME / FILETIME: two u32, so 4-aligned, not 8 (MS-DTYP 2.3.3; Samba's NDR aligns NTTIME to 4 too).</summary>
    public void WriteNtTime(ulong value)
    {
        Align(4);
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
    }

    /// <summary>GUID {u32, u16, u16, u8[8]}, 4-aligned.</summary>
    public void WriteGuid(Guid value)
    {
        Align(4);
        value.TryWriteBytes(Reserve(16));
    }

    /// <summary>A 20-byte context handle, 4-aligned.</summary>
    public void WriteContextHandle(NdrContextHandle handle)
    {
        Align(4);
        handle.Write(Reserve(NdrContextHandle.Size));
    }

    /// <summary>Raw bytes, no alignment (elements of a byte array).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>
    /// A referent id: 0 for NULL, otherwise a fresh non-zero id (0x00020000, +4, as Samba/Windows do).
    /// Returns true when the referent must follow.
    /// </summary>
    public bool WriteReferentId(bool isNotNull)
    {
        if (!isNotNull)
        {
            WriteUInt32(0);
            return false;
        }

        WriteUInt32(_nextReferentId);
        _nextReferentId = unchecked(_nextReferentId + 4);
        return true;
    }

    /// <summary>
    /// A full ([ptr]) pointer: the same object gets the same id and its referent is sent once (C706 14.3.10.2).
    /// Returns true when the referent must be written now (first occurrence).
    /// </summary>
    public bool WriteFullPointer(object? value)
    {
        if (value is null)
        {
            WriteUInt32(0);
            return false;
        }

        _fullPointers ??= new Dictionary<object, uint>(ReferenceEqualityComparer.Instance);
        if (_fullPointers.TryGetValue(value, out uint id))
        {
            WriteUInt32(id);
            return false;
        }

        id = _nextReferentId;
        _nextReferentId = unchecked(_nextReferentId + 4);
        _fullPointers.Add(value, id);
        WriteUInt32(id);
        return true;
    }

    /// <summary>Top-level [unique] pointer: referent id, then the referent right away (C706 chapter 14, top-level pointers).</summary>
    public void WriteUniquePointer<T>(T? value, Action<NdrWriter, T> writeReferent)
        where T : class
    {
        if (WriteReferentId(value is not null))
        {
            writeReferent(this, value!);
            FlushDeferred();
        }
    }

    /// <summary>Embedded [unique] or [ref] pointer: referent id now, referent deferred until <see cref="FlushDeferred"/>.</summary>
    public void WriteEmbeddedPointer<T>(T? value, Action<NdrWriter, T> writeReferent)
        where T : class
    {
        if (WriteReferentId(value is not null))
        {
            Defer(w => writeReferent(w, value!));
        }
    }

    /// <summary>Queues a deferred pointee of the construct being written.</summary>
    public void Defer(Action<NdrWriter> writeReferent) => (_deferred ??= []).Add(writeReferent);

    /// <summary>Writes the queued pointees in order; each one's own pointees follow it (depth first).</summary>
    public void FlushDeferred()
    {
        while (_deferred is { Count: > 0 })
        {
            var queue = _deferred;
            _deferred = null;
            foreach (var write in queue)
            {
                write(this);
                FlushDeferred();
            }
        }
    }

    /// <summary>A conformance value (max_count), e.g. hoisted to the start of a conformant struct (C706 14.3.7.2).</summary>
    public void WriteConformance(int maxCount) => WriteUInt32(checked((uint)maxCount));

    /// <summary>[string] wchar_t*: max_count, offset 0, actual_count (chars incl. NUL), UTF-16LE, NUL (C706 14.3.4).</summary>
    public void WriteConformantVaryingString(string value)
    {
        int count = checked(value.Length + 1);
        WriteUInt32((uint)count);
        WriteUInt32(0);
        WriteUInt32((uint)count);
        var dest = Reserve(checked(count * 2));
        Encoding.Unicode.GetBytes(value, dest);
        dest[^2..].Clear();
    }

    /// <summary>[unique, string] wchar_t*: referent id (0 = NULL), then the string.</summary>
    public void WriteUniqueString(string? value) => WriteUniquePointer(value, static (w, s) => w.WriteConformantVaryingString(s));

    /// <summary>Conformant-varying [string] char array with an explicit max_count (ASCII, NUL-terminated).</summary>
    public void WriteConformantVaryingAnsiString(string value, int maxCount)
    {
        int count = checked(value.Length + 1);
        if (count > maxCount)
        {
            throw new NdrException("String longer than its conformance.");
        }

        WriteUInt32((uint)maxCount);
        WriteVaryingAnsiString(value);
    }

    /// <summary>Varying [string] char array (fixed size in the IDL): offset 0, actual_count, bytes incl. NUL.</summary>
    public void WriteVaryingAnsiString(string value)
    {
        int count = checked(value.Length + 1);
        WriteUInt32(0);
        WriteUInt32((uint)count);
        var dest = Reserve(count);
        Encoding.ASCII.GetBytes(value, dest);
        dest[^1] = 0;
    }

    /// <summary>[size_is(n)] byte*: max_count then the bytes (no inner alignment).</summary>
    public void WriteConformantByteArray(ReadOnlySpan<byte> bytes)
    {
        WriteConformance(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>[size_is(max), length_is(n)] byte*: max_count, offset 0, actual_count, bytes.</summary>
    public void WriteConformantVaryingByteArray(int maxCount, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > maxCount)
        {
            throw new NdrException("Array longer than its conformance.");
        }

        WriteConformance(maxCount);
        WriteUInt32(0);
        WriteUInt32(checked((uint)bytes.Length));
        WriteBytes(bytes);
    }

    /// <summary>A conformant array of constructed elements: max_count, then each element; embedded pointees follow all elements.</summary>
    public void WriteConformantArray<T>(IReadOnlyList<T> items, Action<NdrWriter, T> writeElement)
    {
        WriteConformance(items.Count);
        foreach (var item in items)
        {
            writeElement(this, item);
        }
    }

    private Span<byte> Reserve(int count)
    {
        int end = checked(Position + count);
        if (end > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(end, checked(_buffer.Length * 2)));
        }

        var span = _buffer.AsSpan(Position, count);
        Position = end;
        return span;
    }
}
