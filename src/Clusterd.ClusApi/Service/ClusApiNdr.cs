using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>One ENUM_ENTRY (MS-CMRP 2.2.3.4): the object type and its name (or ID).</summary>
internal readonly record struct EnumEntry(uint Type, string Name);

/// <summary>
/// The NDR shapes MS-CMRP methods share (the MS-CMRP IDL in NDR 2.0, C706 chapter 14). Comments in Service/ give a
/// method's wire form as <c>in → out</c> with: H, a 20-byte context handle; Sin, a top-level <c>[in, string]</c>
/// wide string (max_count, offset 0, actual_count in characters with the NUL, then UTF-16LE; no referent id); Sout,
/// an <c>[out, string]</c> pointer (a referent id, then a Sin body unless NULL); EL, an <c>[out] PENUM_LIST *</c>.
/// rpc_status is an out-parameter; the function result comes last.
/// </summary>
internal static class ClusApiNdr
{
    /// <summary>
    /// EL: <c>[out] PENUM_LIST *</c>: referent, hoisted max_count, EntryCount, the (Type, Name-referent) pairs, then the
    /// names (MS-CMRP 2.2.3.5; C706 chapter 14, conformant structures). NULL only when the call failed.
    /// </summary>
    public static void WriteEnumList(NdrWriter w, IReadOnlyList<EnumEntry>? entries)
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

    /// <summary>Sout: <c>[out, string] LPWSTR *</c>: referent (0 = NULL), then the string.</summary>
    public static void WriteOutString(NdrWriter w, string? value) => w.WriteUniqueString(value);

    /// <summary>The tail of most methods: <c>[out] error_status_t *rpc_status</c> (always 0 here), then the result.</summary>
    public static void WriteRpcStatusAndResult(NdrWriter w, Win32Error result)
    {
        w.WriteUInt32(0);
        w.WriteUInt32((uint)result);
    }

    /// <summary>UB: <c>[in, unique, size_is(n)] UCHAR *</c>: referent, then max_count and bytes when non-NULL.</summary>
    public static ReadOnlyMemory<byte> ReadUniqueBytes(NdrReader r)
    {
        if (r.ReadReferentId() == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        return r.ReadConformantByteArray();
    }

    /// <summary>A FILETIME (two DWORDs, 4-aligned; MS-DTYP 2.3.3).</summary>
    public static void WriteFileTime(NdrWriter w, DateTimeOffset time)
    {
        var ft = time.UtcTicks >= FileTimeEpochTicks ? (ulong)(time.UtcTicks - FileTimeEpochTicks) : 0UL;
        w.WriteUInt32((uint)ft);
        w.WriteUInt32((uint)(ft >> 32));
    }

    private const long FileTimeEpochTicks = 504911232000000000L; // 1601-01-01T00:00:00Z
}
