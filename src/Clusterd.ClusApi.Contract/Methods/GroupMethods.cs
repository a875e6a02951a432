using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The group and group-set methods (MS-CMRP 3.1.4.2.42-55, 118, 147-148).

/// <summary>ApiOpenGroup (opnum 41, MS-CMRP 3.1.4.2.42): <c>Sin lpszGroupName → Status, rpc_status, HGROUP_RPC</c>.</summary>
/// <param name="GroupName">The group's name.</param>
public readonly record struct OpenGroupRequest(string GroupName) : IClusApiRequest<OpenGroupRequest, OpenResponse<GroupHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(GroupName);

    /// <inheritdoc />
    public static OpenGroupRequest Read(NdrReader reader) => new(reader.ReadConformantVaryingString());
}

/// <summary>ApiOpenGroupEx (opnum 119, MS-CMRP 3.1.4.2.118): <c>Sin lpszGroupName, u32 dwDesiredAccess → granted, Status, rpc_status, HGROUP_RPC</c>.</summary>
/// <param name="GroupName">The group's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenGroupExRequest(string GroupName, uint DesiredAccess) : IClusApiRequest<OpenGroupExRequest, OpenExResponse<GroupHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenGroupEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteInString(GroupName);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenGroupExRequest Read(NdrReader reader)
    {
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>
/// ApiCreateGroup (opnum 42, MS-CMRP 3.1.4.2.43): <c>Sin lpszGroupName → Status, rpc_status, HGROUP_RPC</c>; it
/// answers like an open (<see cref="OpenResponse{THandle}"/>).
/// </summary>
/// <param name="GroupName">The new group's name.</param>
public readonly record struct CreateGroupRequest(string GroupName) : IClusApiRequest<CreateGroupRequest, OpenResponse<GroupHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(GroupName);

    /// <inheritdoc />
    public static CreateGroupRequest Read(NdrReader reader) => new(reader.ReadConformantVaryingString());
}

/// <summary>ApiDeleteGroup (opnum 43, MS-CMRP 3.1.4.2.44): <c>H, BOOL force → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Force">force: a BOOL (u32); any non-zero value reads as true, true is written as 1.</param>
public readonly record struct DeleteGroupRequest(GroupHandle Group, bool Force) : IClusApiRequest<DeleteGroupRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiDeleteGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Group);
        writer.WriteUInt32(Force ? 1u : 0u);
    }

    /// <inheritdoc />
    public static DeleteGroupRequest Read(NdrReader reader)
    {
        var group = reader.ReadHandle<GroupHandle>();
        return new(group, reader.ReadUInt32() != 0);
    }
}

/// <summary>ApiGetGroupState's answer: <c>u32 State, Sout NodeName, rpc_status, result</c> (MS-CMRP 3.1.4.2.46).</summary>
/// <param name="State">The group state; ClusterGroupStateUnknown (-1) on failure.</param>
/// <param name="NodeName">The owner node's name; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct GetGroupStateResponse(ClusterGroupState State, string? NodeName, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<GetGroupStateResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteInt32((int)State);
        writer.WriteOutString(NodeName);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetGroupStateResponse Read(NdrReader reader)
    {
        var state = (ClusterGroupState)reader.ReadInt32();
        var nodeName = reader.ReadOutString();
        var rpcStatus = reader.ReadUInt32();
        return new(state, nodeName, reader.ReadError(), rpcStatus);
    }
}

/// <summary>ApiSetGroupName (opnum 46, MS-CMRP 3.1.4.2.47): <c>H, Sin lpszGroupName → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="GroupName">The new name.</param>
public readonly record struct SetGroupNameRequest(GroupHandle Group, string GroupName) : IClusApiRequest<SetGroupNameRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetGroupName;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Group);
        writer.WriteInString(GroupName);
    }

    /// <inheritdoc />
    public static SetGroupNameRequest Read(NdrReader reader)
    {
        var group = reader.ReadHandle<GroupHandle>();
        return new(group, reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiMoveGroupToNode (opnum 52, MS-CMRP 3.1.4.2.53): <c>H group, H node → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Node">The destination node.</param>
public readonly record struct MoveGroupToNodeRequest(GroupHandle Group, NodeHandle Node) : IClusApiRequest<MoveGroupToNodeRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiMoveGroupToNode;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Group);
        writer.WriteHandle(Node);
    }

    /// <inheritdoc />
    public static MoveGroupToNodeRequest Read(NdrReader reader)
    {
        var group = reader.ReadHandle<GroupHandle>();
        return new(group, reader.ReadHandle<NodeHandle>());
    }
}

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

/// <summary>ApiOpenGroupSet (opnum 164, MS-CMRP 3.1.4.2.147): <c>Sin lpszGroupSetName → Status, rpc_status, HGROUPSET_RPC</c>.</summary>
/// <param name="GroupSetName">The group set's name.</param>
public readonly record struct OpenGroupSetRequest(string GroupSetName) : IClusApiRequest<OpenGroupSetRequest, OpenResponse<GroupSetHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenGroupSet;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(GroupSetName);

    /// <inheritdoc />
    public static OpenGroupSetRequest Read(NdrReader reader) => new(reader.ReadConformantVaryingString());
}

/// <summary>ApiCloseGroup (opnum 44, MS-CMRP 3.1.4.2.45): <c>[in, out] HGROUP_RPC → NULL, result</c>.</summary>
/// <param name="Group">The handle to close.</param>
public readonly record struct CloseGroupRequest(GroupHandle Group) : IClusApiRequest<CloseGroupRequest, CloseResponse<GroupHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static CloseGroupRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiGetGroupState (opnum 45, MS-CMRP 3.1.4.2.46): <c>H → u32 State (CLUSTER_GROUP_STATE), Sout NodeName, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly record struct GetGroupStateRequest(GroupHandle Group) : IClusApiRequest<GetGroupStateRequest, GetGroupStateResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetGroupState;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static GetGroupStateRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiGetGroupId (opnum 47, MS-CMRP 3.1.4.2.48): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly record struct GetGroupIdRequest(GroupHandle Group) : IClusApiRequest<GetGroupIdRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetGroupId;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static GetGroupIdRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiOnlineGroup (opnum 49, MS-CMRP 3.1.4.2.50): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly record struct OnlineGroupRequest(GroupHandle Group) : IClusApiRequest<OnlineGroupRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOnlineGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static OnlineGroupRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiOfflineGroup (opnum 50, MS-CMRP 3.1.4.2.51): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly record struct OfflineGroupRequest(GroupHandle Group) : IClusApiRequest<OfflineGroupRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOfflineGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static OfflineGroupRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiMoveGroup (opnum 51, MS-CMRP 3.1.4.2.52): <c>H → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly record struct MoveGroupRequest(GroupHandle Group) : IClusApiRequest<MoveGroupRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiMoveGroup;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Group);

    /// <inheritdoc />
    public static MoveGroupRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupHandle>());
}

/// <summary>ApiCloseGroupSet (opnum 165, MS-CMRP 3.1.4.2.148): <c>[in, out] HGROUPSET_RPC → NULL, result</c>.</summary>
/// <param name="GroupSet">The handle to close.</param>
public readonly record struct CloseGroupSetRequest(GroupSetHandle GroupSet) : IClusApiRequest<CloseGroupSetRequest, CloseResponse<GroupSetHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseGroupSet;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(GroupSet);

    /// <inheritdoc />
    public static CloseGroupSetRequest Read(NdrReader reader) => new(reader.ReadHandle<GroupSetHandle>());
}
