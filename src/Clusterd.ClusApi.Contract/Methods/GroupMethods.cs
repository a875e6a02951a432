using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// ApiSetGroupNodeList (MS-CMRP 3.1.4.2.55): a unique byte buffer followed by its size. The other group and group-set
// methods are declared in Methods.cs.

/// <summary>
/// ApiSetGroupNodeList (opnum 54, MS-CMRP 3.1.4.2.55): <c>H, [unique, size_is(cchListSize)] UCHAR *multiSzNodeList,
/// u32 cchListSize → rpc_status, result</c>. The list is a MULTI_SZ of node IDs in UTF-16LE; an empty list goes as a
/// NULL pointer with cchListSize 0. On reading, the array's own max_count is authoritative and cchListSize is not
/// used (the server never did).
/// </summary>
/// <param name="Group">The group.</param>
/// <param name="NodeList">The MULTI_SZ bytes (cchListSize is their length).</param>
public readonly record struct SetGroupNodeListRequest(GroupHandle Group, ReadOnlyMemory<byte> NodeList) : IClusApiRequest<SetGroupNodeListRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetGroupNodeList;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Group);
        writer.WriteUniqueBytes(NodeList.Span);
        writer.WriteUInt32((uint)NodeList.Length);
    }

    /// <inheritdoc />
    public static SetGroupNodeListRequest Read(NdrReader reader)
    {
        var group = reader.ReadHandle<GroupHandle>();
        var list = reader.ReadUniqueBytes();
        _ = reader.ReadUInt32();
        return new(group, list);
    }
}
