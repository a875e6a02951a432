using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// Group sets and group dependencies (MS-CMRP 3.1.4.2.146, 149-161, 165). The generator writes the codec of every
// declaration but the two controls, whose shape is the control methods' (ControlTail).

/// <summary>ApiCreateGroupSet (opnum 163, MS-CMRP 3.1.4.2.146): <c>Sin lpszGroupSetName → Status, rpc_status, HGROUPSET_RPC</c>.</summary>
/// <param name="GroupSetName">The new set's name.</param>
public readonly partial record struct CreateGroupSetRequest(string GroupSetName) : IClusApiRequest<CreateGroupSetRequest, OpenResponse<GroupSetHandle>>;

/// <summary>ApiDeleteGroupSet (opnum 166, MS-CMRP 3.1.4.2.149): <c>HGROUPSET_RPC GroupSet → rpc_status, result</c>.</summary>
/// <param name="GroupSet">The set.</param>
public readonly partial record struct DeleteGroupSetRequest(GroupSetHandle GroupSet) : IClusApiRequest<DeleteGroupSetRequest, ResultResponse>;

/// <summary>ApiAddGroupToGroupSet (opnum 167, MS-CMRP 3.1.4.2.150): <c>HGROUPSET_RPC GroupSet, HGROUP_RPC Group → rpc_status, result</c>.</summary>
/// <param name="GroupSet">The set.</param>
/// <param name="Group">The group.</param>
public readonly partial record struct AddGroupToGroupSetRequest(GroupSetHandle GroupSet, GroupHandle Group) : IClusApiRequest<AddGroupToGroupSetRequest, ResultResponse>;

/// <summary>ApiRemoveGroupFromGroupSet (opnum 168, MS-CMRP 3.1.4.2.151): <c>HGROUP_RPC Group → rpc_status, result</c>.</summary>
/// <param name="Group">The group.</param>
public readonly partial record struct RemoveGroupFromGroupSetRequest(GroupHandle Group) : IClusApiRequest<RemoveGroupFromGroupSetRequest, ResultResponse>;

/// <summary>ApiMoveGroupToGroupSet (opnum 169, MS-CMRP 3.1.4.2.152): <c>HGROUPSET_RPC GroupSet, HGROUP_RPC Group → rpc_status, result</c>.</summary>
/// <param name="GroupSet">The set.</param>
/// <param name="Group">The group.</param>
public readonly partial record struct MoveGroupToGroupSetRequest(GroupSetHandle GroupSet, GroupHandle Group) : IClusApiRequest<MoveGroupToGroupSetRequest, ResultResponse>;

/// <summary>ApiAddGroupSetDependency (opnum 171, MS-CMRP 3.1.4.2.153): <c>HGROUPSET_RPC Dependent, HGROUPSET_RPC Provider → rpc_status, result</c>.</summary>
/// <param name="DependentGroupSet">The dependent set.</param>
/// <param name="ProviderGroupSet">The provider set.</param>
public readonly partial record struct AddGroupSetDependencyRequest(GroupSetHandle DependentGroupSet, GroupSetHandle ProviderGroupSet)
    : IClusApiRequest<AddGroupSetDependencyRequest, ResultResponse>;

/// <summary>ApiAddGroupToGroupSetDependency (opnum 172, MS-CMRP 3.1.4.2.154): <c>HGROUP_RPC Dependent, HGROUPSET_RPC Provider → rpc_status, result</c>.</summary>
/// <param name="DependentGroup">The dependent group.</param>
/// <param name="ProviderGroupSet">The provider set.</param>
public readonly partial record struct AddGroupToGroupSetDependencyRequest(GroupHandle DependentGroup, GroupSetHandle ProviderGroupSet)
    : IClusApiRequest<AddGroupToGroupSetDependencyRequest, ResultResponse>;

/// <summary>ApiNodeGroupSetControl (opnum 173, MS-CMRP 3.1.4.2.155) (the control runs on the node).</summary>
/// <param name="GroupSet">The GroupSet handle.</param>
/// <param name="Node">The Node handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct NodeGroupSetControlRequest(GroupSetHandle GroupSet, NodeHandle Node, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<NodeGroupSetControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(GroupSet);
        writer.WriteHandle(Node);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static NodeGroupSetControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var set = reader.ReadHandle<GroupSetHandle>();
        var node = reader.ReadHandle<NodeHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(set, node, code, input, outSize);
    }
}

/// <summary>ApiGroupSetControl (opnum 174, MS-CMRP 3.1.4.2.156).</summary>
/// <param name="GroupSet">The GroupSet handle.</param>
/// <param name="ControlCode">dwControlCode.</param>
/// <param name="InBuffer">lpInBuffer (nInBufferSize is its length).</param>
/// <param name="OutBufferSize">nOutBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct GroupSetControlRequest(GroupSetHandle GroupSet, uint ControlCode, ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<GroupSetControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(GroupSet);
        ControlTail.Write(writer, ControlCode, InBuffer, OutBufferSize);
    }

    /// <inheritdoc />
    public static GroupSetControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var set = reader.ReadHandle<GroupSetHandle>();
        var (code, input, outSize) = ControlTail.Read(reader);
        return new(set, code, input, outSize);
    }
}

/// <summary>ApiSetGroupDependencyExpression (opnum 175, MS-CMRP 3.1.4.2.157): <c>HGROUP_RPC hGroup, Sin lpszDependencyExpression → rpc_status, result</c>.</summary>
/// <param name="Group">The dependent group.</param>
/// <param name="DependencyExpression">The expression, e.g. <c>[a] and [b]</c>.</param>
public readonly partial record struct SetGroupDependencyExpressionRequest(GroupHandle Group, string DependencyExpression)
    : IClusApiRequest<SetGroupDependencyExpressionRequest, ResultResponse>;

/// <summary>ApiRemoveClusterGroupDependency (opnum 176, MS-CMRP 3.1.4.2.158): <c>HGROUP_RPC hGroup, HGROUP_RPC hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Group">The dependent group.</param>
/// <param name="DependsOn">The provider group.</param>
public readonly partial record struct RemoveClusterGroupDependencyRequest(GroupHandle Group, GroupHandle DependsOn)
    : IClusApiRequest<RemoveClusterGroupDependencyRequest, ResultResponse>;

/// <summary>ApiSetGroupSetDependencyExpression (opnum 177, MS-CMRP 3.1.4.2.159): <c>HGROUPSET_RPC hGroupSet, Sin lpszDependencyExpression → rpc_status, result</c>.</summary>
/// <param name="GroupSet">The dependent set.</param>
/// <param name="DependencyExpression">The expression, e.g. <c>[id] and [id]</c>.</param>
public readonly partial record struct SetGroupSetDependencyExpressionRequest(GroupSetHandle GroupSet, string DependencyExpression)
    : IClusApiRequest<SetGroupSetDependencyExpressionRequest, ResultResponse>;

/// <summary>
/// ApiRemoveGroupSetDependency (opnum 178, MS-CMRP 3.1.4.2.160): <c>[in] HGROUPSET_RPC *hGroupSet, [in] HGROUPSET_RPC
/// *hDependsOn → rpc_status, result</c>; an [in] pointer to a context handle is the handle on the wire.
/// </summary>
/// <param name="GroupSet">The dependent set.</param>
/// <param name="DependsOn">The provider set.</param>
public readonly partial record struct RemoveGroupSetDependencyRequest(GroupSetHandle GroupSet, GroupSetHandle DependsOn)
    : IClusApiRequest<RemoveGroupSetDependencyRequest, ResultResponse>;

/// <summary>ApiRemoveClusterGroupToGroupSetDependency (opnum 179, MS-CMRP 3.1.4.2.161): <c>[in] HGROUP_RPC *hGroup, HGROUPSET_RPC hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Group">The dependent group.</param>
/// <param name="DependsOn">The provider set.</param>
public readonly partial record struct RemoveClusterGroupToGroupSetDependencyRequest(GroupHandle Group, GroupSetHandle DependsOn)
    : IClusApiRequest<RemoveClusterGroupToGroupSetDependencyRequest, ResultResponse>;

/// <summary>
/// ApiAddGroupToGroupSetEx (opnum 183): <c>HGROUPSET_RPC GroupSet, HGROUP_RPC Group, DWORD FaultDomain, DWORD
/// UpdateDomain, BOOL UseDomains, [in] DWORD *Reserved → rpc_status, result</c>; the [ref] Reserved goes as its DWORD.
/// </summary>
/// <param name="GroupSet">The set.</param>
/// <param name="Group">The group.</param>
/// <param name="FaultDomain">The fault domain.</param>
/// <param name="UpdateDomain">The update domain.</param>
/// <param name="UseDomains">Whether the two domains apply.</param>
/// <param name="Reserved">Reserved (0).</param>
public readonly partial record struct AddGroupToGroupSetExRequest(GroupSetHandle GroupSet, GroupHandle Group, uint FaultDomain, uint UpdateDomain, bool UseDomains, uint Reserved)
    : IClusApiRequest<AddGroupToGroupSetExRequest, ResultResponse>;
