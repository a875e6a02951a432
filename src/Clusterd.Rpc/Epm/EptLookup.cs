using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Epm;

/// <summary>
/// One ept_entry_t (C706 appendix O): <c>{UUID object; twr_p_t tower; [string] char annotation[64]}</c>. The tower is
/// a full pointer whose twr_t is deferred after the whole entries array.
/// </summary>
/// <param name="Object">The object UUID (nil for an interface registered without objects).</param>
/// <param name="Tower">The protocol tower octets (C706 appendix L), or null for a NULL tower pointer.</param>
/// <param name="Annotation">The annotation, at most 63 characters.</param>
public sealed record EptEntry(Guid Object, ReadOnlyMemory<byte>? Tower, string Annotation);

/// <summary>
/// The [in] parameters of ept_lookup, opnum 2 (MS-RPCE 2.2.1.2.4, C706 appendix O):
/// <c>inquiry_type, [ptr] UUID *object, [ptr] RPC_IF_ID *Ifid, vers_option, [in,out] entry_handle, [range(0,500)] max_ents</c>.
/// </summary>
/// <param name="InquiryType">RPC_C_EP_ALL_ELTS (0), MATCH_BY_IF (1), MATCH_BY_OBJ (2) or MATCH_BY_BOTH (3).</param>
/// <param name="Object">The object UUID, or null for a NULL pointer.</param>
/// <param name="InterfaceId">The RPC_IF_ID {UUID, major, minor}, or null for a NULL pointer.</param>
/// <param name="VersOption">RPC_C_VERS_ALL (1) ... RPC_C_VERS_UPTO (5).</param>
/// <param name="EntryHandle">NULL on the first call, then the handle the previous page returned.</param>
/// <param name="MaxEntries">max_ents: the most entries one page may carry (0..500).</param>
public sealed record EptLookupRequest(
    uint InquiryType, Guid? Object, SyntaxId? InterfaceId, uint VersOption, NdrContextHandle EntryHandle, uint MaxEntries)
{
    /// <summary>RPC_C_EP_ALL_ELTS: every element; object, Ifid and vers_option are ignored.</summary>
    public const uint AllElements = 0;

    /// <summary>RPC_C_VERS_ALL.</summary>
    public const uint VersionsAll = 1;

    /// <summary>The upper bound of max_ents: <c>[in, range(0,500)] unsigned long max_ents</c> (MS-RPCE 2.2.1.2.4).</summary>
    public const uint MaxEntriesLimit = 500;

    /// <summary>A lookup of every element (what rpcdump.py and rpcclient's epmlookup send).</summary>
    public static EptLookupRequest All(NdrContextHandle entryHandle, uint maxEntries) =>
        new(AllElements, null, null, VersionsAll, entryHandle, maxEntries);

    /// <summary>Encodes the request stub.</summary>
    public byte[] Encode()
    {
        var w = new NdrWriter();
        w.WriteUInt32(InquiryType);
        if (w.WriteFullPointer(Object))
        {
            w.WriteGuid(Object!.Value);
        }

        if (w.WriteFullPointer(InterfaceId))
        {
            var id = InterfaceId!.Value;
            w.WriteGuid(id.Uuid);
            w.WriteUInt16(id.MajorVersion);
            w.WriteUInt16(id.MinorVersion);
        }

        w.WriteUInt32(VersOption);
        w.WriteContextHandle(EntryHandle);
        w.WriteUInt32(MaxEntries);
        return w.ToArray();
    }

    /// <summary>Decodes a request stub; malformed input throws <see cref="NdrException"/>.</summary>
    public static EptLookupRequest Decode(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        uint inquiryType = r.ReadUInt32();
        Guid? obj = r.ReadFullPointer(out _) ? r.ReadGuid() : null;
        SyntaxId? iface = null;
        if (r.ReadFullPointer(out _))
        {
            var uuid = r.ReadGuid(); // RPC_IF_ID {UUID Uuid; unsigned short VersMajor; unsigned short VersMinor}
            ushort major = r.ReadUInt16();
            ushort minor = r.ReadUInt16();
            iface = SyntaxId.ForInterface(uuid, major, minor);
        }

        uint versOption = r.ReadUInt32();
        var handle = r.ReadContextHandle();
        uint maxEntries = r.ReadUInt32();
        return new EptLookupRequest(inquiryType, obj, iface, versOption, handle, maxEntries);
    }
}

/// <summary>
/// The [out] parameters of ept_lookup (MS-RPCE 2.2.1.2.4): <c>entry_handle, num_ents,
/// [length_is(*num_ents), size_is(max_ents)] ept_entry_t entries[], status</c>.
/// </summary>
/// <param name="EntryHandle">NULL when the search is over (or was never kept), else the handle of the next page.</param>
/// <param name="MaxEntries">The request's max_ents: the conformance (max_count) of the entries array.</param>
/// <param name="Entries">This page, at most <paramref name="MaxEntries"/> entries.</param>
/// <param name="Status">0, or EPT_S_NOT_REGISTERED (0x16C9A0D6) when nothing (more) matches.</param>
public sealed record EptLookupResponse(NdrContextHandle EntryHandle, uint MaxEntries, IReadOnlyList<EptEntry> Entries, uint Status)
{
    /// <summary>Encodes the response stub: the conformant-varying entries array, then the deferred towers, then status.</summary>
    public byte[] Encode()
    {
        ArgumentNullException.ThrowIfNull(Entries);
        if ((uint)Entries.Count > MaxEntries)
        {
            throw new InvalidOperationException("An ept_lookup page holds at most max_ents entries.");
        }

        var w = new NdrWriter();
        w.WriteContextHandle(EntryHandle);
        w.WriteUInt32((uint)Entries.Count);
        w.WriteUInt32(MaxEntries); // max_count = max_ents (size_is)
        w.WriteUInt32(0); // offset
        w.WriteUInt32((uint)Entries.Count); // actual_count = *num_ents (length_is)
        foreach (var entry in Entries)
        {
            w.WriteGuid(entry.Object);
            // twr_p_t is a full pointer; the twr_t itself is deferred after every entry (C706 14.3.12.3).
            if (w.WriteFullPointer(entry.Tower is null ? null : entry))
            {
                var tower = entry.Tower!.Value;
                w.Defer(d => EndpointMapperDispatcher.WriteTwr(d, tower.Span));
            }

            w.WriteVaryingAnsiString(entry.Annotation);
        }

        w.FlushDeferred();
        w.WriteUInt32(Status);
        return w.ToArray();
    }

    /// <summary>Decodes a response stub; malformed input throws <see cref="NdrException"/>.</summary>
    public static EptLookupResponse Decode(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var handle = r.ReadContextHandle();
        uint num = r.ReadUInt32();
        uint max = r.ReadUInt32();
        uint offset = r.ReadUInt32();
        int actual = r.ReadCount();
        if (offset != 0 || (uint)actual != num || (uint)actual > max)
        {
            throw new NdrException("Bad ept_lookup entries array.", RpcStatus.InvalidBound);
        }

        // Each ept_entry_t takes at least 16 + 4 + 8 + 1 bytes: reject a count the stub cannot hold before allocating.
        if (actual > r.Remaining / 29)
        {
            throw new NdrException("ept_lookup entry count above the stub size.");
        }

        var objects = new Guid[actual];
        var hasTower = new bool[actual];
        var annotations = new string[actual];
        for (int i = 0; i < actual; i++)
        {
            objects[i] = r.ReadGuid();
            hasTower[i] = r.ReadFullPointer(out _);
            annotations[i] = r.ReadVaryingAnsiString(64);
        }

        var entries = new EptEntry[actual];
        for (int i = 0; i < actual; i++)
        {
            ReadOnlyMemory<byte>? tower = hasTower[i] ? EndpointMapperDispatcher.ReadTwr(r) : null;
            entries[i] = new EptEntry(objects[i], tower, annotations[i]);
        }

        return new EptLookupResponse(handle, max, entries, r.ReadUInt32());
    }
}
