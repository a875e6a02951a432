using Clusterd.ClusApi;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Client;

/// <summary>Decoders of the response stubs (MS-CMRP 3.0 NDR), with the checks Samba's client makes.</summary>
public static class ClusApiResponses
{
    /// <summary>ApiOpenCluster: <c>Status, handle</c> (no rpc_status).</summary>
    public static OpenResult<ClusterHandle> OpenCluster(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var status = (Win32Error)r.ReadUInt32();
        return new(status, new ClusterHandle(r.ReadContextHandle()));
    }

    /// <summary>ApiOpenX (resource, group, node): <c>Status, rpc_status, handle</c>.</summary>
    public static (Win32Error Status, NdrContextHandle Handle) Open(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var status = (Win32Error)r.ReadUInt32();
        _ = r.ReadUInt32(); // rpc_status
        return (status, r.ReadContextHandle());
    }

    /// <summary>ApiCloseX: <c>handle (NULL on success), result</c>.</summary>
    public static Win32Error Close(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        _ = r.ReadContextHandle();
        return (Win32Error)r.ReadUInt32();
    }

    /// <summary>The methods answering <c>rpc_status, result</c> (online, offline, move, ChangeCsvState).</summary>
    public static Win32Error StatusAndResult(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        _ = r.ReadUInt32(); // rpc_status
        return (Win32Error)r.ReadUInt32();
    }

    /// <summary>ApiGetClusterName: <c>Sout ClusterName, Sout NodeName, result</c>.</summary>
    public static ClusterNameResult GetClusterName(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var cluster = r.ReadUniqueString();
        var node = r.ReadUniqueString();
        return new((Win32Error)r.ReadUInt32(), cluster, node);
    }

    /// <summary>ApiGetResourceState: <c>u32 State, Sout NodeName, Sout GroupName, rpc_status, result</c>.</summary>
    public static ResourceStateResult GetResourceState(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var state = r.ReadInt32();
        var node = r.ReadUniqueString();
        var group = r.ReadUniqueString();
        _ = r.ReadUInt32();
        return new((Win32Error)r.ReadUInt32(), state, node, group);
    }

    /// <summary>
    /// ApiCreateEnum: <c>[out] PENUM_LIST*</c> (referent; max_count, EntryCount; EntryCount × (Type, Name referent); the
    /// names), rpc_status, result. max_count must equal EntryCount.
    /// </summary>
    public static EnumResult CreateEnum(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        var entries = ReadEnumList(r);
        _ = r.ReadUInt32();
        return new((Win32Error)r.ReadUInt32(), entries);
    }

    /// <summary>An ENUM_LIST behind its <c>[out]</c> unique pointer; empty for NULL.</summary>
    public static IReadOnlyList<EnumEntry> ReadEnumList(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadReferentId() == 0)
        {
            return [];
        }
        // Each entry is at least a u32 type and a u32 referent id: a count the stub cannot hold is refused before allocating.
        var max = reader.ReadCount(8);
        var count = reader.ReadCount();
        if (count != max)
        {
            throw new NdrException($"ENUM_LIST: EntryCount {count} differs from max_count {max}.");
        }
        var types = new uint[count];
        var present = new bool[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = reader.ReadUInt32();
            present[i] = reader.ReadReferentId() != 0;
        }
        var entries = new EnumEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new EnumEntry(types[i], present[i] ? reader.ReadConformantVaryingString() : null);
        }
        return entries;
    }

    /// <summary>
    /// A control method: <c>lpOutBuffer [size_is(nOut), length_is(*BytesReturned)]</c> (max_count, offset 0, actual),
    /// u32 BytesReturned, u32 cbRequired, rpc_status, result. The array never exceeds <paramref name="outSize"/>.
    /// </summary>
    public static ControlResult Control(ReadOnlyMemory<byte> stub, uint outSize)
    {
        var r = new NdrReader(stub);
        var max = r.ReadUInt32();
        var offset = r.ReadUInt32();
        var actual = r.ReadUInt32();
        if (max != outSize || offset != 0 || actual > max || actual > (uint)r.Remaining)
        {
            throw new NdrException($"Control output array: max {max} (nOutBufferSize {outSize}), offset {offset}, actual {actual}.");
        }
        var output = r.ReadBytes(checked((int)actual));
        var returned = r.ReadUInt32();
        var required = r.ReadUInt32();
        _ = r.ReadUInt32();
        return new((Win32Error)r.ReadUInt32(), output, returned, required);
    }
}
