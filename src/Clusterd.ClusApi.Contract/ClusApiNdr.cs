using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

/// <summary>One ENUM_ENTRY (MS-CMRP 2.2.3.4): the object type and its name (or ID).</summary>
/// <param name="Type">The CLUSTER_ENUM_* type of the object.</param>
/// <param name="Name">Its name (or ID in an ID list); null when the sender put a NULL pointer.</param>
public readonly record struct EnumEntry(uint Type, string? Name);

/// <summary>
/// The NDR shapes MS-CMRP methods share (the MS-CMRP IDL in NDR 2.0, C706 chapter 14). In the comments of the
/// method types, H is a 20-byte context handle; Sin a top-level <c>[in, string]</c> wide string (max_count, offset 0,
/// actual_count in characters with the NUL, then UTF-16LE; no referent id: a top-level pointer is <c>[ref]</c>); Sout
/// an <c>[out, string]</c> pointer (a referent id, then a Sin body unless NULL); EL an <c>[out] PENUM_LIST *</c>; UB
/// an <c>[in, unique, size_is(n)] UCHAR *</c>. rpc_status is an out-parameter; the function result comes last.
/// </summary>
public static class ClusApiNdr
{
    /// <summary>H: a typed context handle.</summary>
    public static void WriteHandle<T>(this NdrWriter w, T handle) where T : struct, IClusApiHandle<T> => w.WriteContextHandle(handle.Value);

    /// <summary>H: a typed context handle.</summary>
    public static T ReadHandle<T>(this NdrReader r) where T : struct, IClusApiHandle<T> => T.FromValue(r.ReadContextHandle());

    /// <summary>A Win32 error code (DWORD or error_status_t).</summary>
    public static void WriteError(this NdrWriter w, Win32Error error) => w.WriteUInt32((uint)error);

    /// <summary>A Win32 error code (DWORD or error_status_t).</summary>
    public static Win32Error ReadError(this NdrReader r) => (Win32Error)r.ReadUInt32();

    /// <summary>Sout: <c>[out, string] LPWSTR *</c>: referent (0 = NULL), then the string.</summary>
    public static void WriteOutString(this NdrWriter w, string? value) => w.WriteUniqueString(value);

    /// <summary>Sout: <c>[out, string] LPWSTR *</c>.</summary>
    public static string? ReadOutString(this NdrReader r) => r.ReadUniqueString();

    /// <summary>Sin: a top-level <c>[in, string] LPCWSTR</c> (a <c>[ref]</c> pointer: never NULL on the wire).</summary>
    public static void WriteInString(this NdrWriter w, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        w.WriteConformantVaryingString(value);
    }

    /// <summary>UB: <c>[in, unique, size_is(n)] UCHAR *</c>: referent, then max_count and the bytes unless empty (NULL).</summary>
    public static void WriteUniqueBytes(this NdrWriter w, ReadOnlySpan<byte> bytes)
    {
        if (w.WriteReferentId(!bytes.IsEmpty))
        {
            w.WriteConformantByteArray(bytes);
        }
    }

    /// <summary>UB: <c>[in, unique, size_is(n)] UCHAR *</c>; NULL reads as empty.</summary>
    public static ReadOnlyMemory<byte> ReadUniqueBytes(this NdrReader r) =>
        r.ReadReferentId() == 0 ? ReadOnlyMemory<byte>.Empty : r.ReadConformantByteArray();

    /// <summary>
    /// EL: <c>[out] PENUM_LIST *</c>: referent, hoisted max_count, EntryCount, the (Type, Name-referent) pairs, then the
    /// names (MS-CMRP 2.2.3.5; C706 14.3.7, conformant structures). NULL only when the call failed.
    /// </summary>
    public static void WriteEnumList(this NdrWriter w, IReadOnlyList<EnumEntry>? entries)
    {
        if (!w.WriteReferentId(entries is not null))
        {
            return;
        }
        w.WriteConformance(entries!.Count);
        w.WriteUInt32(checked((uint)entries.Count));
        foreach (var e in entries)
        {
            w.WriteUInt32(e.Type);
            w.WriteEmbeddedPointer(e.Name, static (x, s) => x.WriteConformantVaryingString(s));
        }
        w.FlushDeferred();
    }

    /// <summary>EL: an ENUM_LIST behind its <c>[out]</c> unique pointer; null for NULL. max_count must equal EntryCount.</summary>
    public static IReadOnlyList<EnumEntry>? ReadEnumList(this NdrReader r)
    {
        if (r.ReadReferentId() == 0)
        {
            return null;
        }
        // Each entry is at least a u32 type and a u32 referent id: a count the stub cannot hold is refused before allocating.
        var max = r.ReadCount(8);
        var count = r.ReadCount();
        if (count != max)
        {
            throw new NdrException($"ENUM_LIST: EntryCount {count} differs from max_count {max}.");
        }
        var types = new uint[count];
        var present = new bool[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = r.ReadUInt32();
            present[i] = r.ReadReferentId() != 0;
        }
        var entries = new EnumEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new EnumEntry(types[i], present[i] ? r.ReadConformantVaryingString() : null);
        }
        return entries;
    }

    /// <summary>
    /// The header of an <c>[out, size_is(max), length_is(actual)]</c> array (C706 14.3.3.4): max_count, offset 0,
    /// actual_count.
    /// </summary>
    public static void WriteVaryingHeader(this NdrWriter w, uint maxCount, int actualCount)
    {
        w.WriteUInt32(maxCount);
        w.WriteUInt32(0);
        w.WriteUInt32(checked((uint)actualCount));
    }

    /// <summary>
    /// Reads the header <see cref="WriteVaryingHeader"/> writes: max_count may be any u32; the offset must be 0 and
    /// actual_count within max_count and within what the stub can hold at <paramref name="elementSize"/> bytes an element.
    /// </summary>
    public static (uint MaxCount, int ActualCount) ReadVaryingHeader(this NdrReader r, int elementSize, string what)
    {
        var max = r.ReadUInt32();
        var offset = r.ReadUInt32();
        var actual = r.ReadUInt32();
        if (offset != 0 || actual > max || actual > (uint)r.Remaining / (uint)elementSize)
        {
            throw new NdrException($"{what}: max_count {max}, offset {offset}, actual_count {actual}.");
        }
        return (max, (int)actual);
    }

    /// <summary>A FILETIME (two DWORDs, 4-aligned; MS-DTYP 2.3.3); times before 1601 encode as 0.</summary>
    public static void WriteFileTime(this NdrWriter w, DateTimeOffset time)
    {
        var ft = time.UtcTicks >= FileTimeEpochTicks ? (ulong)(time.UtcTicks - FileTimeEpochTicks) : 0UL;
        w.WriteUInt32((uint)ft);
        w.WriteUInt32((uint)(ft >> 32));
    }

    /// <summary>A FILETIME (MS-DTYP 2.3.3); values past DateTimeOffset's range are clamped to its maximum.</summary>
    public static DateTimeOffset ReadFileTime(this NdrReader r)
    {
        ulong low = r.ReadUInt32();
        ulong ft = low | ((ulong)r.ReadUInt32() << 32);
        var max = (ulong)(DateTimeOffset.MaxValue.UtcTicks - FileTimeEpochTicks);
        return new DateTimeOffset((long)Math.Min(ft, max) + FileTimeEpochTicks, TimeSpan.Zero);
    }

    private const long FileTimeEpochTicks = 504911232000000000L; // 1601-01-01T00:00:00Z
}
