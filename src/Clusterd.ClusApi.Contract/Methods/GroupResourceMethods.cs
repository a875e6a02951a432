using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The group and resource methods of issue 11 (MS-CMRP 3.1.4.2.22-26, 109, 128-135, 140, 142, 166): the Ex variants of
// online, offline and move, possible owners, moving a resource between groups, dependency checks and expressions.
// Their NDR is their parameter list, so the generator writes their codecs. An [in, size_is(cbInBufferSize)] BYTE*
// lpInBuffer is a top-level (ref) pointer: a conformant array (max_count, then the bytes), and cbInBufferSize follows
// as its own u32; the server compares the two.

/// <summary>
/// CLUSTER_CREATE_GROUP_INFO_RPC (MS-CMRP 2.2.3.21): <c>u32 dwVersion, u32 dwGroupType</c>. The client sets dwVersion
/// to 1.
/// </summary>
/// <param name="Version">dwVersion.</param>
/// <param name="GroupType">dwGroupType (CLUSGROUP_TYPE).</param>
public readonly record struct ClusterCreateGroupInfo(uint Version, uint GroupType)
{
    internal void Write(NdrWriter writer)
    {
        writer.WriteUInt32(Version);
        writer.WriteUInt32(GroupType);
    }

    internal static ClusterCreateGroupInfo Read(NdrReader reader) => new(reader.ReadUInt32(), reader.ReadUInt32());
}

/// <summary>
/// ApiCreateGroupEx (opnum 129, MS-CMRP 3.1.4.2.128): <c>Sin lpszGroupName, [in, unique]
/// PCLUSTER_CREATE_GROUP_INFO_RPC pGroupInfo → Status, rpc_status, handle</c>.
/// </summary>
/// <param name="GroupName">lpszGroupName.</param>
/// <param name="GroupInfo">pGroupInfo; null for a NULL pointer.</param>
public readonly partial record struct CreateGroupExRequest(string GroupName, ClusterCreateGroupInfo? GroupInfo) : IClusApiRequest<CreateGroupExRequest, OpenResponse<GroupHandle>>;

/// <summary>
/// ApiOnlineGroupEx (opnum 130, MS-CMRP 3.1.4.2.129): <c>H, u32 dwOnlineFlags, [size_is(cbInBufferSize)] BYTE*
/// lpInBuffer, u32 cbInBufferSize → rpc_status, result</c>.
/// </summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwOnlineFlags (CLUSAPI_GROUP_ONLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OnlineGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OnlineGroupExRequest, ResultResponse>;

/// <summary>ApiOfflineGroupEx (opnum 131, MS-CMRP 3.1.4.2.130): as <see cref="OnlineGroupExRequest"/> with dwOfflineFlags.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwOfflineFlags (CLUSAPI_GROUP_OFFLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OfflineGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OfflineGroupExRequest, ResultResponse>;

/// <summary>ApiMoveGroupEx (opnum 132, MS-CMRP 3.1.4.2.131): <c>H, u32 dwMoveFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">dwMoveFlags (CLUSAPI_GROUP_MOVE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct MoveGroupExRequest(GroupHandle Group, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<MoveGroupExRequest, ResultResponse>;

/// <summary>ApiMoveGroupToNodeEx (opnum 133, MS-CMRP 3.1.4.2.132): <c>H group, H node, u32 dwMoveFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="Node">hNode.</param>
/// <param name="Flags">dwMoveFlags (CLUSAPI_GROUP_MOVE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct MoveGroupToNodeExRequest(GroupHandle Group, NodeHandle Node, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<MoveGroupToNodeExRequest, ResultResponse>;

/// <summary>ApiCancelClusterGroupOperation (opnum 134, MS-CMRP 3.1.4.2.133): <c>H, u32 dwCancelFlags → rpc_status, result</c>.</summary>
/// <param name="Group">hGroup.</param>
/// <param name="CancelFlags">dwCancelFlags (reserved, 0).</param>
public readonly partial record struct CancelClusterGroupOperationRequest(GroupHandle Group, uint CancelFlags) : IClusApiRequest<CancelClusterGroupOperationRequest, ResultResponse>;

/// <summary>ApiOnlineResourceEx (opnum 135, MS-CMRP 3.1.4.2.134): <c>H, u32 dwOnlineFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwOnlineFlags (CLUSAPI_RESOURCE_ONLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OnlineResourceExRequest(ResourceHandle Resource, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OnlineResourceExRequest, ResultResponse>;

/// <summary>ApiOfflineResourceEx (opnum 136, MS-CMRP 3.1.4.2.135): <c>H, u32 dwOfflineFlags, lpInBuffer, cbInBufferSize → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwOfflineFlags (CLUSAPI_RESOURCE_OFFLINE_*).</param>
/// <param name="InBuffer">lpInBuffer (a property list).</param>
/// <param name="InBufferSize">cbInBufferSize, as the client sent it.</param>
public readonly partial record struct OfflineResourceExRequest(ResourceHandle Resource, uint Flags, ReadOnlyMemory<byte> InBuffer, uint InBufferSize) : IClusApiRequest<OfflineResourceExRequest, ResultResponse>;

/// <summary>ApiRestartResource (opnum 146, MS-CMRP 3.1.4.2.142): <c>H, u32 dwFlags → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Flags">dwFlags (reserved, ignored by the server).</param>
public readonly partial record struct RestartResourceRequest(ResourceHandle Resource, uint Flags) : IClusApiRequest<RestartResourceRequest, ResultResponse>;

/// <summary>ApiCanResourceBeDependent (opnum 21, MS-CMRP 3.1.4.2.22): <c>H hResource, H hResourceDependent → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource: the resource that would depend.</param>
/// <param name="ResourceDependent">hResourceDependent: the resource it would depend on.</param>
public readonly partial record struct CanResourceBeDependentRequest(ResourceHandle Resource, ResourceHandle ResourceDependent) : IClusApiRequest<CanResourceBeDependentRequest, ResultResponse>;

/// <summary>ApiAddResourceNode (opnum 23, MS-CMRP 3.1.4.2.24): <c>H resource, H node → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Node">hNode.</param>
public readonly partial record struct AddResourceNodeRequest(ResourceHandle Resource, NodeHandle Node) : IClusApiRequest<AddResourceNodeRequest, ResultResponse>;

/// <summary>ApiRemoveResourceNode (opnum 24, MS-CMRP 3.1.4.2.25): <c>H resource, H node → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Node">hNode.</param>
public readonly partial record struct RemoveResourceNodeRequest(ResourceHandle Resource, NodeHandle Node) : IClusApiRequest<RemoveResourceNodeRequest, ResultResponse>;

/// <summary>ApiChangeResourceGroup (opnum 25, MS-CMRP 3.1.4.2.26): <c>H resource, H group → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Group">hGroup.</param>
public readonly partial record struct ChangeResourceGroupRequest(ResourceHandle Resource, GroupHandle Group) : IClusApiRequest<ChangeResourceGroupRequest, ResultResponse>;

/// <summary>ApiChangeResourceGroupEx (opnum 184, MS-CMRP 3.1.4.2.166): <c>H resource, H group, u64 flags → rpc_status, result</c>.</summary>
/// <param name="Resource">hResource.</param>
/// <param name="Group">hGroup.</param>
/// <param name="Flags">flags (ULONGLONG; CLUSAPI_CHANGE_RESOURCE_GROUP_FORCE_MOVE_TO_CSV is 1).</param>
public readonly partial record struct ChangeResourceGroupExRequest(ResourceHandle Resource, GroupHandle Group, ulong Flags) : IClusApiRequest<ChangeResourceGroupExRequest, ResultResponse>;

/// <summary>
/// ApiSetResourceDependencyExpression (opnum 109, MS-CMRP 3.1.4.2.109): <c>H, [in, string, unique] LPCWSTR
/// lpszDependencyExpression → rpc_status, result</c>.
/// </summary>
/// <param name="Resource">hResource.</param>
/// <param name="DependencyExpression">lpszDependencyExpression; null for a NULL pointer.</param>
public readonly partial record struct SetResourceDependencyExpressionRequest(ResourceHandle Resource, string? DependencyExpression) : IClusApiRequest<SetResourceDependencyExpressionRequest, ResultResponse>;

/// <summary>
/// ApiCreateResourceEnum (opnum 144, MS-CMRP 3.1.4.2.140): <c>H hCluster, [unique, size_is(cbProperties)] UCHAR*
/// pProperties, u32 cbProperties, [unique, size_is(cbRoProperties)] UCHAR* pRoProperties, u32 cbRoProperties →
/// RESOURCE_ENUM_LIST*, rpc_status, result</c>. The buffers are MULTI_SZ lists of common and read-only common
/// property names; an empty one goes as a NULL pointer with size 0. On reading, each array's max_count is what
/// arrived and the cb values are kept as sent, so the server can refuse a lying size.
/// </summary>
/// <param name="Cluster">hCluster.</param>
/// <param name="Properties">pProperties.</param>
/// <param name="PropertiesSize">cbProperties, as sent (the length of <paramref name="Properties"/> when writing).</param>
/// <param name="RoProperties">pRoProperties.</param>
/// <param name="RoPropertiesSize">cbRoProperties, as sent.</param>
public readonly record struct CreateResourceEnumRequest(ClusterHandle Cluster, ReadOnlyMemory<byte> Properties, uint PropertiesSize,
    ReadOnlyMemory<byte> RoProperties, uint RoPropertiesSize) : IClusApiRequest<CreateResourceEnumRequest, CreateResourceEnumResponse>
{
    /// <summary>A request whose sizes are the buffers' lengths.</summary>
    /// <param name="cluster">hCluster.</param>
    /// <param name="properties">pProperties.</param>
    /// <param name="roProperties">pRoProperties.</param>
    public CreateResourceEnumRequest(ClusterHandle cluster, ReadOnlyMemory<byte> properties, ReadOnlyMemory<byte> roProperties)
        : this(cluster, properties, (uint)properties.Length, roProperties, (uint)roProperties.Length)
    {
    }

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateResourceEnum;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Cluster);
        writer.WriteUniqueBytes(Properties.Span);
        writer.WriteUInt32(PropertiesSize);
        writer.WriteUniqueBytes(RoProperties.Span);
        writer.WriteUInt32(RoPropertiesSize);
    }

    /// <inheritdoc />
    public static CreateResourceEnumRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cluster = reader.ReadHandle<ClusterHandle>();
        var props = reader.ReadUniqueBytes();
        var cbProps = reader.ReadUInt32();
        var roProps = reader.ReadUniqueBytes();
        var cbRo = reader.ReadUInt32();
        return new(cluster, props, cbProps, roProps, cbRo);
    }
}

/// <summary>One RESOURCE_ENUM_ENTRY (MS-CMRP 2.2.3.27): the resource and the group that owns it.</summary>
/// <param name="Name">The resource's name; null for a NULL pointer.</param>
/// <param name="Id">The resource's ID; null for a NULL pointer.</param>
/// <param name="OwnerName">The name of the group that holds the resource; null for a NULL pointer.</param>
/// <param name="OwnerId">The ID of that group; null for a NULL pointer.</param>
/// <param name="Properties">A PROPERTY_LIST of the requested common properties (cbProperties is its length).</param>
/// <param name="RoProperties">A PROPERTY_LIST of the requested read-only common properties.</param>
public readonly record struct ResourceEnumEntry(string? Name, string? Id, string? OwnerName, string? OwnerId, ReadOnlyMemory<byte> Properties,
    ReadOnlyMemory<byte> RoProperties);

/// <summary>
/// ApiCreateResourceEnum's answer: <c>→ [out] PRESOURCE_ENUM_LIST * (referent; max_count, EntryCount, the entries with
/// their pointers' referent ids, then each entry's Name, Id, OwnerName, OwnerId, Properties and RoProperties in
/// order), rpc_status, result</c> (RESOURCE_ENUM_LIST, MS-CMRP 2.2.3.28). The property buffers always go as non-NULL
/// pointers (an empty one as max_count 0); a NULL one reads as empty.
/// </summary>
/// <param name="Entries">The entries; null for a NULL list (the call failed).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct CreateResourceEnumResponse(IReadOnlyList<ResourceEnumEntry>? Entries, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<CreateResourceEnumResponse>
{
    /// <summary>The fixed part of one entry: four string pointers, two sizes and two array pointers.</summary>
    private const int FixedEntrySize = 32;

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
                writer.WriteEmbeddedPointer(e.OwnerName, static (x, s) => x.WriteConformantVaryingString(s));
                writer.WriteEmbeddedPointer(e.OwnerId, static (x, s) => x.WriteConformantVaryingString(s));
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
    public static CreateResourceEnumResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ResourceEnumEntry[]? entries = null;
        if (reader.ReadReferentId() != 0)
        {
            // A count the stub cannot hold (32 bytes an entry at least) is refused before allocating.
            var max = reader.ReadCount(FixedEntrySize);
            var count = reader.ReadCount();
            if (count != max)
            {
                throw new NdrException($"RESOURCE_ENUM_LIST: EntryCount {count} differs from max_count {max}.");
            }
            var fixedParts = new (bool Name, bool Id, bool OwnerName, bool OwnerId, uint CbProps, bool Props, uint CbRo, bool Ro)[count];
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadReferentId() != 0;
                var id = reader.ReadReferentId() != 0;
                var ownerName = reader.ReadReferentId() != 0;
                var ownerId = reader.ReadReferentId() != 0;
                var cbProps = reader.ReadUInt32();
                var props = reader.ReadReferentId() != 0;
                var cbRo = reader.ReadUInt32();
                fixedParts[i] = (name, id, ownerName, ownerId, cbProps, props, cbRo, reader.ReadReferentId() != 0);
            }
            entries = new ResourceEnumEntry[count];
            for (var i = 0; i < count; i++)
            {
                var f = fixedParts[i];
                var name = f.Name ? reader.ReadConformantVaryingString() : null;
                var id = f.Id ? reader.ReadConformantVaryingString() : null;
                var ownerName = f.OwnerName ? reader.ReadConformantVaryingString() : null;
                var ownerId = f.OwnerId ? reader.ReadConformantVaryingString() : null;
                var props = f.Props ? ReadBuffer(reader, f.CbProps) : ReadOnlyMemory<byte>.Empty;
                var ro = f.Ro ? ReadBuffer(reader, f.CbRo) : ReadOnlyMemory<byte>.Empty;
                entries[i] = new(name, id, ownerName, ownerId, props, ro);
            }
        }
        var rpcStatus = reader.ReadUInt32();
        return new(entries, reader.ReadError(), rpcStatus);
    }

    /// <summary>A <c>[size_is(cb)] UCHAR *</c> referent: its max_count must be the cb field before it.</summary>
    private static ReadOnlyMemory<byte> ReadBuffer(NdrReader reader, uint cb)
    {
        var bytes = reader.ReadConformantByteArray();
        return bytes.Length == cb ? bytes : throw new NdrException($"RESOURCE_ENUM_ENTRY: property buffer of {bytes.Length} bytes, size field {cb}.");
    }
}
