using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The enumeration methods (MS-CMRP 3.1.4.2.8, 23, 54, 103, 124, 139, 162). Most answer one ENUM_LIST (EnumResponse);
// ApiCreateEnumEx answers two, ApiCreateGroupEnum a GROUP_ENUM_LIST.

/// <summary>ApiCreateEnum (opnum 7, MS-CMRP 3.1.4.2.8): <c>u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Type">dwType: CLUSTER_ENUM_* bits.</param>
public readonly record struct CreateEnumRequest(uint Type) : IClusApiRequest<CreateEnumRequest, EnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(Type);
    }

    /// <inheritdoc />
    public static CreateEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadUInt32());
    }
}

/// <summary>ApiCreateResEnum (opnum 22, MS-CMRP 3.1.4.2.23): <c>H hResource, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Type">dwType: CLUSTER_RESOURCE_ENUM_* bits.</param>
public readonly record struct CreateResEnumRequest(ResourceHandle Resource, uint Type) : IClusApiRequest<CreateResEnumRequest, EnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateResEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Resource);
        writer.WriteUInt32(Type);
    }

    /// <inheritdoc />
    public static CreateResEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var resource = reader.ReadHandle<ResourceHandle>();
        return new(resource, reader.ReadUInt32());
    }
}

/// <summary>ApiCreateGroupResourceEnum (opnum 53, MS-CMRP 3.1.4.2.54): <c>H hGroup, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Type">dwType: CLUSTER_GROUP_ENUM_* bits.</param>
public readonly record struct CreateGroupResourceEnumRequest(GroupHandle Group, uint Type) : IClusApiRequest<CreateGroupResourceEnumRequest, EnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateGroupResourceEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Group);
        writer.WriteUInt32(Type);
    }

    /// <inheritdoc />
    public static CreateGroupResourceEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var group = reader.ReadHandle<GroupHandle>();
        return new(group, reader.ReadUInt32());
    }
}

/// <summary>ApiCreateResTypeEnum (opnum 103, MS-CMRP 3.1.4.2.103): <c>Sin lpszTypeName, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="TypeName">The resource type's name.</param>
/// <param name="Type">dwType: CLUSTER_RESOURCE_TYPE_ENUM_* bits.</param>
public readonly record struct CreateResTypeEnumRequest(string TypeName, uint Type) : IClusApiRequest<CreateResTypeEnumRequest, EnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateResTypeEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInString(TypeName);
        writer.WriteUInt32(Type);
    }

    /// <inheritdoc />
    public static CreateResTypeEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>
/// ApiCreateEnumEx (opnum 125, MS-CMRP 3.1.4.2.124): <c>H hCluster, u32 dwType, u32 dwOptions → EL ReturnIdEnum, EL
/// ReturnNameEnum, rpc_status, result</c>.
/// </summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Type">dwType: CLUSTER_ENUM_* bits.</param>
/// <param name="Options">dwOptions: reserved, 0.</param>
public readonly record struct CreateEnumExRequest(ClusterHandle Cluster, uint Type, uint Options) : IClusApiRequest<CreateEnumExRequest, CreateEnumExResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateEnumEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteUInt32(Type);
        writer.WriteUInt32(Options);
    }

    /// <inheritdoc />
    public static CreateEnumExRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var type = reader.ReadUInt32();
        return new(cluster, type, reader.ReadUInt32());
    }
}

/// <summary>
/// ApiCreateEnumEx's answer: <c>→ EL ReturnIdEnum, EL ReturnNameEnum, rpc_status, result</c> (MS-CMRP 3.1.4.2.124): two
/// lists of equal length, the IDs and the names of the same objects in the same order; both NULL when the call failed.
/// </summary>
/// <param name="Ids">The objects' IDs; null for a NULL list.</param>
/// <param name="Names">The objects' names; null for a NULL list.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct CreateEnumExResponse(IReadOnlyList<EnumEntry>? Ids, IReadOnlyList<EnumEntry>? Names, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<CreateEnumExResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteEnumList(Ids);
        writer.WriteEnumList(Names);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static CreateEnumExResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var ids = reader.ReadEnumList();
        var names = reader.ReadEnumList();
        var rpcStatus = reader.ReadUInt32();
        return new(ids, names, reader.ReadError(), rpcStatus);
    }
}

/// <summary>ApiCreateGroupSetEnum (opnum 180, MS-CMRP 3.1.4.2.162): <c>H hCluster → EL of group-set names, rpc_status, result</c>.</summary>
/// <param name="Cluster">The cluster.</param>
public readonly record struct CreateGroupSetEnumRequest(ClusterHandle Cluster) : IClusApiRequest<CreateGroupSetEnumRequest, EnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateGroupSetEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Cluster);

    /// <inheritdoc />
    public static CreateGroupSetEnumRequest Read(NdrReader reader) => new(reader.ReadHandle<ClusterHandle>());
}

/// <summary>
/// ApiCreateGroupEnum (opnum 143, MS-CMRP 3.1.4.2.139): <c>H hCluster, UB pProperties, u32 cbProperties, UB
/// pRoProperties, u32 cbRoProperties → GROUP_ENUM_LIST*, rpc_status, result</c>. The buffers are MULTI_SZ lists of
/// common and read-only common property names; an empty one goes as a NULL pointer with size 0. On reading, each
/// array's own max_count is what arrived: the cb values are not used (the server never used them).
/// </summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Properties">pProperties (cbProperties is its length).</param>
/// <param name="RoProperties">pRoProperties (cbRoProperties is its length).</param>
public readonly record struct CreateGroupEnumRequest(ClusterHandle Cluster, ReadOnlyMemory<byte> Properties, ReadOnlyMemory<byte> RoProperties)
    : IClusApiRequest<CreateGroupEnumRequest, CreateGroupEnumResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateGroupEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteUniqueBytes(Properties.Span);
        writer.WriteUInt32((uint)Properties.Length);
        writer.WriteUniqueBytes(RoProperties.Span);
        writer.WriteUInt32((uint)RoProperties.Length);
    }

    /// <inheritdoc />
    public static CreateGroupEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var props = reader.ReadUniqueBytes();
        _ = reader.ReadUInt32();
        var roProps = reader.ReadUniqueBytes();
        _ = reader.ReadUInt32();
        return new(cluster, props, roProps);
    }
}

/// <summary>One GROUP_ENUM_ENTRY (MS-CMRP 2.2.3.25).</summary>
/// <param name="Name">The group's name; null for a NULL pointer.</param>
/// <param name="Id">The group's ID; null for a NULL pointer.</param>
/// <param name="State">dwState (CLUSTER_GROUP_STATE).</param>
/// <param name="Owner">The owner node's name; null for a NULL pointer.</param>
/// <param name="Flags">dwFlags.</param>
/// <param name="Properties">Properties: a PROPERTY_LIST of the requested common properties (cbProperties is its length).</param>
/// <param name="RoProperties">RoProperties: a PROPERTY_LIST of the requested read-only common properties.</param>
public readonly record struct GroupEnumEntry(string? Name, string? Id, int State, string? Owner, uint Flags, ReadOnlyMemory<byte> Properties,
    ReadOnlyMemory<byte> RoProperties);

/// <summary>
/// ApiCreateGroupEnum's answer: <c>→ [out] PGROUP_ENUM_LIST * (referent; max_count, EntryCount, the entries with
/// their pointers' referent ids, then each entry's Name, Id, Owner, Properties and RoProperties in order),
/// rpc_status, result</c> (GROUP_ENUM_LIST, MS-CMRP 2.2.3.26, of GROUP_ENUM_ENTRY, 2.2.3.25). The property buffers always go as non-NULL pointers (an empty
/// one as max_count 0), as the server sends them; a NULL one reads as empty.
/// </summary>
/// <param name="Entries">The entries; null for a NULL list (the call failed).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct CreateGroupEnumResponse(IReadOnlyList<GroupEnumEntry>? Entries, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<CreateGroupEnumResponse>
{
    /// <summary>The fixed part of one entry: three string pointers, dwState, dwFlags, two sizes and two array pointers.</summary>
    private const int FixedEntrySize = 36;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.WriteReferentId(Entries is not null))
        {
            writer.WriteConformance(Entries!.Count);
            writer.WriteUInt32(checked((uint)Entries.Count));
            foreach (var e in Entries)
            {
                writer.WriteEmbeddedPointer(e.Name, static (x, s) => x.WriteConformantVaryingString(s));
                writer.WriteEmbeddedPointer(e.Id, static (x, s) => x.WriteConformantVaryingString(s));
                writer.WriteInt32(e.State);
                writer.WriteEmbeddedPointer(e.Owner, static (x, s) => x.WriteConformantVaryingString(s));
                writer.WriteUInt32(e.Flags);
                WriteBuffer(writer, e.Properties);
                WriteBuffer(writer, e.RoProperties);
            }
            writer.FlushDeferred();
        }
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    private static void WriteBuffer(NdrWriter writer, ReadOnlyMemory<byte> buffer)
    {
        writer.WriteUInt32(checked((uint)buffer.Length));
        _ = writer.WriteReferentId(true);
        writer.Defer(x => x.WriteConformantByteArray(buffer.Span));
    }

    /// <inheritdoc />
    public static CreateGroupEnumResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        GroupEnumEntry[]? entries = null;
        if (reader.ReadReferentId() != 0)
        {
            // A count the stub cannot hold (36 bytes an entry at least) is refused before allocating.
            var max = reader.ReadCount(FixedEntrySize);
            var count = reader.ReadCount();
            if (count != max)
            {
                throw new NdrException($"GROUP_ENUM_LIST: EntryCount {count} differs from max_count {max}.");
            }
            var fixedParts = new (bool Name, bool Id, int State, bool Owner, uint Flags, uint CbProps, bool Props, uint CbRo, bool Ro)[count];
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadReferentId() != 0;
                var id = reader.ReadReferentId() != 0;
                var state = reader.ReadInt32();
                var owner = reader.ReadReferentId() != 0;
                var flags = reader.ReadUInt32();
                var cbProps = reader.ReadUInt32();
                var props = reader.ReadReferentId() != 0;
                var cbRo = reader.ReadUInt32();
                fixedParts[i] = (name, id, state, owner, flags, cbProps, props, cbRo, reader.ReadReferentId() != 0);
            }
            entries = new GroupEnumEntry[count];
            for (var i = 0; i < count; i++)
            {
                var f = fixedParts[i];
                var name = f.Name ? reader.ReadConformantVaryingString() : null;
                var id = f.Id ? reader.ReadConformantVaryingString() : null;
                var owner = f.Owner ? reader.ReadConformantVaryingString() : null;
                var props = f.Props ? ReadBuffer(reader, f.CbProps) : ReadOnlyMemory<byte>.Empty;
                var ro = f.Ro ? ReadBuffer(reader, f.CbRo) : ReadOnlyMemory<byte>.Empty;
                entries[i] = new(name, id, f.State, owner, f.Flags, props, ro);
            }
        }
        var rpcStatus = reader.ReadUInt32();
        return new(entries, reader.ReadError(), rpcStatus);
    }

    /// <summary>A <c>[size_is(cb)] UCHAR *</c> referent: its max_count must be the cb field before it.</summary>
    private static ReadOnlyMemory<byte> ReadBuffer(NdrReader reader, uint cb)
    {
        var bytes = reader.ReadConformantByteArray();
        return bytes.Length == cb ? bytes : throw new NdrException($"GROUP_ENUM_ENTRY: property buffer of {bytes.Length} bytes, size field {cb}.");
    }
}
