using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// Nodes, resource types, quorum, networks and interfaces (MS-CMRP 3.1.4.2.7, 27-28, 84-85, 87, 95, 101, 123, 125-127,
// 163). All but ApiSetNetworkPriorityOrder are their parameter lists (ContractCodecGenerator writes them).

/// <summary>
/// ApiSetQuorumResource (opnum 6, MS-CMRP 3.1.4.2.7): <c>H hResource, Sin lpszDeviceName, u32 dwMaxQuorumLogSize →
/// rpc_status, result</c>.
/// </summary>
/// <param name="Resource">The resource to become the quorum resource.</param>
/// <param name="DeviceName">lpszDeviceName: the path of the quorum log on the resource.</param>
/// <param name="MaxQuorumLogSize">dwMaxQuorumLogSize, in bytes.</param>
public readonly partial record struct SetQuorumResourceRequest(ResourceHandle Resource, string DeviceName, uint MaxQuorumLogSize) : IClusApiRequest<SetQuorumResourceRequest, ResultResponse>;

/// <summary>
/// ApiCreateResourceType (opnum 26, MS-CMRP 3.1.4.2.27): <c>Sin lpszTypeName, Sin lpszDisplayName, Sin lpszDllName,
/// u32 dwLooksAlive, u32 dwIsAlive → rpc_status, result</c>.
/// </summary>
/// <param name="TypeName">The new type's name.</param>
/// <param name="DisplayName">Its display name.</param>
/// <param name="DllName">The resource DLL that implements it.</param>
/// <param name="LooksAlive">dwLooksAlive: the LooksAlive poll interval, in milliseconds.</param>
/// <param name="IsAlive">dwIsAlive: the IsAlive poll interval, in milliseconds.</param>
public readonly partial record struct CreateResourceTypeRequest(string TypeName, string DisplayName, string DllName, uint LooksAlive, uint IsAlive) : IClusApiRequest<CreateResourceTypeRequest, ResultResponse>;

/// <summary>ApiDeleteResourceType (opnum 27, MS-CMRP 3.1.4.2.28): <c>Sin lpszTypeName → rpc_status, result</c>.</summary>
/// <param name="TypeName">The type's name.</param>
public readonly partial record struct DeleteResourceTypeRequest(string TypeName) : IClusApiRequest<DeleteResourceTypeRequest, ResultResponse>;

/// <summary>ApiSetNetworkName (opnum 84, MS-CMRP 3.1.4.2.84): <c>H hNetwork, Sin lpszNetworkName → rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
/// <param name="NetworkName">The new name.</param>
public readonly partial record struct SetNetworkNameRequest(NetworkHandle Network, string NetworkName) : IClusApiRequest<SetNetworkNameRequest, ResultResponse>;

/// <summary>ApiCreateNetworkEnum (opnum 85, MS-CMRP 3.1.4.2.85): <c>H hNetwork, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
/// <param name="Type">dwType (CLUSTER_NETWORK_ENUM_NETINTERFACES, 1).</param>
public readonly partial record struct CreateNetworkEnumRequest(NetworkHandle Network, uint Type) : IClusApiRequest<CreateNetworkEnumRequest, EnumResponse>;

/// <summary>
/// ApiGetNetInterface (opnum 95, MS-CMRP 3.1.4.2.95): <c>Sin lpszNodeName, Sin lpszNetworkName → Sout
/// lppszInterfaceName, rpc_status, result</c>.
/// </summary>
/// <param name="NodeName">The node's name.</param>
/// <param name="NetworkName">The network's name.</param>
public readonly partial record struct GetNetInterfaceRequest(string NodeName, string NetworkName) : IClusApiRequest<GetNetInterfaceRequest, StringResponse>;

/// <summary>ApiCreateNodeEnum (opnum 101, MS-CMRP 3.1.4.2.101): <c>H hNode, u32 dwType → EL, rpc_status, result</c>.</summary>
/// <param name="Node">The node.</param>
/// <param name="Type">dwType: CLUSTER_NODE_ENUM_NETINTERFACES (1) | CLUSTER_NODE_ENUM_GROUPS (2).</param>
public readonly partial record struct CreateNodeEnumRequest(NodeHandle Node, uint Type) : IClusApiRequest<CreateNodeEnumRequest, EnumResponse>;

/// <summary>
/// ApiCreateNodeEnumEx (opnum 124, MS-CMRP 3.1.4.2.123): <c>H hNode, u32 dwType, u32 dwOptions → EL ReturnIdEnum, EL
/// ReturnNameEnum, rpc_status, result</c>; it answers like ApiCreateEnumEx (<see cref="CreateEnumExResponse"/>).
/// </summary>
/// <param name="Node">The node.</param>
/// <param name="Type">dwType: CLUSTER_NODE_ENUM_NETINTERFACES (1) | CLUSTER_NODE_ENUM_GROUPS (2).</param>
/// <param name="Options">dwOptions: MUST be 0.</param>
public readonly partial record struct CreateNodeEnumExRequest(NodeHandle Node, uint Type, uint Options) : IClusApiRequest<CreateNodeEnumExRequest, CreateEnumExResponse>;

/// <summary>
/// ApiPauseNodeEx (opnum 126, MS-CMRP 3.1.4.2.125): <c>H hNode, BOOL bDrainNode, u32 dwPauseFlags → rpc_status,
/// result</c>.
/// </summary>
/// <param name="Node">The node to pause.</param>
/// <param name="DrainNode">bDrainNode: move the node's groups to other nodes.</param>
/// <param name="PauseFlags">dwPauseFlags (CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, 1).</param>
public readonly partial record struct PauseNodeExRequest(NodeHandle Node, bool DrainNode, uint PauseFlags) : IClusApiRequest<PauseNodeExRequest, ResultResponse>;

/// <summary>
/// ApiPauseNodeWithDrainTarget (opnum 127, MS-CMRP 3.1.4.2.126): <c>H hNode, u32 dwPauseFlags, H hNodeDrainTarget →
/// rpc_status, result</c>.
/// </summary>
/// <param name="Node">The node to pause.</param>
/// <param name="PauseFlags">dwPauseFlags (CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, 1).</param>
/// <param name="DrainTarget">hNodeDrainTarget: the node the groups move to.</param>
public readonly partial record struct PauseNodeWithDrainTargetRequest(NodeHandle Node, uint PauseFlags, NodeHandle DrainTarget) : IClusApiRequest<PauseNodeWithDrainTargetRequest, ResultResponse>;

/// <summary>
/// ApiResumeNodeEx (opnum 128, MS-CMRP 3.1.4.2.127): <c>H hNode, u32 dwResumeFailbackType, u32 dwResumeFlagsReserved →
/// rpc_status, result</c>.
/// </summary>
/// <param name="Node">The paused node.</param>
/// <param name="ResumeFailbackType">dwResumeFailbackType: DoNotFailbackGroups (0), FailbackGroupsImmediately (1), FailbackGroupsPerPolicy (2).</param>
/// <param name="ResumeFlagsReserved">dwResumeFlagsReserved: MUST be 0.</param>
public readonly partial record struct ResumeNodeExRequest(NodeHandle Node, uint ResumeFailbackType, uint ResumeFlagsReserved) : IClusApiRequest<ResumeNodeExRequest, ResultResponse>;

/// <summary>
/// ApiCreateNetInterfaceEnum (opnum 181, MS-CMRP 3.1.4.2.163): <c>H hCluster, Sin lpszNodeName, Sin lpszNetworkName →
/// EL, rpc_status, result</c>.
/// </summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="NodeName">The node whose interfaces are listed; empty for every node.</param>
/// <param name="NetworkName">The network whose interfaces are listed; empty for every network.</param>
public readonly partial record struct CreateNetInterfaceEnumRequest(ClusterHandle Cluster, string NodeName, string NetworkName) : IClusApiRequest<CreateNetInterfaceEnumRequest, EnumResponse>;

/// <summary>
/// ApiSetNetworkPriorityOrder (opnum 87, MS-CMRP 3.1.4.2.87): <c>[in, range(0, 1000)] u32 NetworkCount, [in, string,
/// size_is(NetworkCount)] LPWSTR NetworkIdList[] → rpc_status, result</c>. On the wire: NetworkCount, the array's
/// max_count, one pointer referent id per element, then each non-NULL element's conformant varying string (C706
/// 14.3.12.3: embedded pointers of an array are deferred to after it).
/// </summary>
/// <param name="NetworkIds">The network IDs, highest priority first; a null element is a NULL pointer.</param>
public readonly record struct SetNetworkPriorityOrderRequest(IReadOnlyList<string?> NetworkIds) : IClusApiRequest<SetNetworkPriorityOrderRequest, ResultResponse>
{
    /// <summary>The IDL's range of NetworkCount.</summary>
    public const int MaxNetworks = 1000;

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetNetworkPriorityOrder;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var ids = NetworkIds ?? [];
        writer.WriteUInt32(checked((uint)ids.Count));
        writer.WriteConformance(ids.Count);
        foreach (var id in ids)
        {
            writer.WriteEmbeddedPointer(id, static (x, s) => x.WriteConformantVaryingString(s));
        }
        writer.FlushDeferred();
    }

    /// <inheritdoc />
    public static SetNetworkPriorityOrderRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadUInt32();
        if (count > MaxNetworks)
        {
            throw new NdrException($"NetworkCount {count} is outside range(0, {MaxNetworks}).");
        }
        var max = reader.ReadCount(4);
        if (max != count)
        {
            throw new NdrException($"NetworkIdList: max_count {max} differs from NetworkCount {count}.");
        }
        var present = new bool[max];
        for (var i = 0; i < max; i++)
        {
            present[i] = reader.ReadReferentId() != 0;
        }
        var ids = new string?[max];
        for (var i = 0; i < max; i++)
        {
            ids[i] = present[i] ? reader.ReadConformantVaryingString() : null;
        }
        return new(ids);
    }
}
