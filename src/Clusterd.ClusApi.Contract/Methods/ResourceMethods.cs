using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The resource methods (MS-CMRP 3.1.4.2.9-21, 110-111, 119, 122, 164).

/// <summary>ApiOpenResource (opnum 8, MS-CMRP 3.1.4.2.9): <c>Sin lpszResourceName → Status, rpc_status, HRES_RPC</c>.</summary>
/// <param name="ResourceName">The resource's name.</param>
public readonly record struct OpenResourceRequest(string ResourceName) : IClusApiRequest<OpenResourceRequest, OpenResponse<ResourceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(ResourceName);

    /// <inheritdoc />
    public static OpenResourceRequest Read(NdrReader reader) => new(reader.ReadConformantVaryingString());
}

/// <summary>ApiOpenResourceEx (opnum 120, MS-CMRP 3.1.4.2.119): <c>Sin lpszResourceName, u32 dwDesiredAccess → granted, Status, rpc_status, HRES_RPC</c>.</summary>
/// <param name="ResourceName">The resource's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenResourceExRequest(string ResourceName, uint DesiredAccess)
    : IClusApiRequest<OpenResourceExRequest, OpenExResponse<ResourceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenResourceEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteInString(ResourceName);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenResourceExRequest Read(NdrReader reader)
    {
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>
/// ApiCreateResource (opnum 9, MS-CMRP 3.1.4.2.10): <c>H group, Sin lpszResourceName, Sin lpszResourceType, u32
/// dwFlags → Status, rpc_status, HRES_RPC</c>; it answers like an open (<see cref="OpenResponse{THandle}"/>).
/// </summary>
/// <param name="Group">The group the resource is created in.</param>
/// <param name="ResourceName">The new resource's name.</param>
/// <param name="ResourceType">The resource type's name.</param>
/// <param name="Flags">dwFlags (CLUSTER_RESOURCE_DEFAULT_MONITOR, CLUSTER_RESOURCE_SEPARATE_MONITOR).</param>
public readonly record struct CreateResourceRequest(GroupHandle Group, string ResourceName, string ResourceType, uint Flags)
    : IClusApiRequest<CreateResourceRequest, OpenResponse<ResourceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Group);
        writer.WriteInString(ResourceName);
        writer.WriteInString(ResourceType);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc />
    public static CreateResourceRequest Read(NdrReader reader)
    {
        var group = reader.ReadHandle<GroupHandle>();
        var name = reader.ReadConformantVaryingString();
        var type = reader.ReadConformantVaryingString();
        return new(group, name, type, reader.ReadUInt32());
    }
}

/// <summary>ApiGetResourceState's answer: <c>u32 State, Sout NodeName, Sout GroupName, rpc_status, result</c> (MS-CMRP 3.1.4.2.13).</summary>
/// <param name="State">The resource state; ClusterResourceStateUnknown (-1) on failure.</param>
/// <param name="NodeName">The owner node's name; null (a NULL pointer) on failure.</param>
/// <param name="GroupName">The name of the resource's group; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct GetResourceStateResponse(ClusterResourceState State, string? NodeName, string? GroupName, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<GetResourceStateResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteInt32((int)State);
        writer.WriteOutString(NodeName);
        writer.WriteOutString(GroupName);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetResourceStateResponse Read(NdrReader reader)
    {
        var state = (ClusterResourceState)reader.ReadInt32();
        var nodeName = reader.ReadOutString();
        var groupName = reader.ReadOutString();
        var rpcStatus = reader.ReadUInt32();
        return new(state, nodeName, groupName, reader.ReadError(), rpcStatus);
    }
}

/// <summary>ApiSetResourceName (opnum 13, MS-CMRP 3.1.4.2.14): <c>H, Sin lpszResourceName → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="ResourceName">The new name.</param>
public readonly record struct SetResourceNameRequest(ResourceHandle Resource, string ResourceName) : IClusApiRequest<SetResourceNameRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetResourceName;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Resource);
        writer.WriteInString(ResourceName);
    }

    /// <inheritdoc />
    public static SetResourceNameRequest Read(NdrReader reader)
    {
        var resource = reader.ReadHandle<ResourceHandle>();
        return new(resource, reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiAddResourceDependency (opnum 19, MS-CMRP 3.1.4.2.20): <c>H hResource, H hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Resource">The dependent resource.</param>
/// <param name="DependsOn">The resource it comes to depend on.</param>
public readonly record struct AddResourceDependencyRequest(ResourceHandle Resource, ResourceHandle DependsOn)
    : IClusApiRequest<AddResourceDependencyRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiAddResourceDependency;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Resource);
        writer.WriteHandle(DependsOn);
    }

    /// <inheritdoc />
    public static AddResourceDependencyRequest Read(NdrReader reader)
    {
        var resource = reader.ReadHandle<ResourceHandle>();
        return new(resource, reader.ReadHandle<ResourceHandle>());
    }
}

/// <summary>ApiRemoveResourceDependency (opnum 20, MS-CMRP 3.1.4.2.21): <c>H hResource, H hDependsOn → rpc_status, result</c>.</summary>
/// <param name="Resource">The dependent resource.</param>
/// <param name="DependsOn">The resource it no longer depends on.</param>
public readonly record struct RemoveResourceDependencyRequest(ResourceHandle Resource, ResourceHandle DependsOn)
    : IClusApiRequest<RemoveResourceDependencyRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiRemoveResourceDependency;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Resource);
        writer.WriteHandle(DependsOn);
    }

    /// <inheritdoc />
    public static RemoveResourceDependencyRequest Read(NdrReader reader)
    {
        var resource = reader.ReadHandle<ResourceHandle>();
        return new(resource, reader.ReadHandle<ResourceHandle>());
    }
}

/// <summary>ApiChangeCsvState (opnum 123, MS-CMRP 3.1.4.2.122): <c>H, u32 dwState → rpc_status, result</c>.</summary>
/// <param name="Resource">The disk resource.</param>
/// <param name="State">dwState: 1 makes the disk's volumes cluster shared volumes, 0 stops it.</param>
public readonly record struct ChangeCsvStateRequest(ResourceHandle Resource, uint State) : IClusApiRequest<ChangeCsvStateRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiChangeCsvState;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Resource);
        writer.WriteUInt32(State);
    }

    /// <inheritdoc />
    public static ChangeCsvStateRequest Read(NdrReader reader)
    {
        var resource = reader.ReadHandle<ResourceHandle>();
        return new(resource, reader.ReadUInt32());
    }
}

/// <summary>ApiChangeCsvStateEx (opnum 182, MS-CMRP 3.1.4.2.164): <c>H, u32 dwState, Sin lpszVolumeName → rpc_status, result</c>.</summary>
/// <param name="Resource">The disk resource.</param>
/// <param name="State">dwState: 1 makes the disk's volumes cluster shared volumes, 0 stops it.</param>
/// <param name="VolumeName">lpszVolumeName: the volume to add to the disk.</param>
public readonly record struct ChangeCsvStateExRequest(ResourceHandle Resource, uint State, string VolumeName)
    : IClusApiRequest<ChangeCsvStateExRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiChangeCsvStateEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteHandle(Resource);
        writer.WriteUInt32(State);
        writer.WriteInString(VolumeName);
    }

    /// <inheritdoc />
    public static ChangeCsvStateExRequest Read(NdrReader reader)
    {
        var resource = reader.ReadHandle<ResourceHandle>();
        var state = reader.ReadUInt32();
        return new(resource, state, reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiDeleteResource (opnum 10, MS-CMRP 3.1.4.2.11): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct DeleteResourceRequest(ResourceHandle Resource) : IClusApiRequest<DeleteResourceRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiDeleteResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static DeleteResourceRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiCloseResource (opnum 11, MS-CMRP 3.1.4.2.12): <c>[in, out] HRES_RPC → NULL, result</c>.</summary>
/// <param name="Resource">The handle to close.</param>
public readonly record struct CloseResourceRequest(ResourceHandle Resource) : IClusApiRequest<CloseResourceRequest, CloseResponse<ResourceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static CloseResourceRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiGetResourceState (opnum 12, MS-CMRP 3.1.4.2.13): <c>H → u32 State (CLUSTER_RESOURCE_STATE), Sout NodeName, Sout GroupName, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct GetResourceStateRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceStateRequest, GetResourceStateResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetResourceState;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static GetResourceStateRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiGetResourceId (opnum 14, MS-CMRP 3.1.4.2.15): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct GetResourceIdRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceIdRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetResourceId;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static GetResourceIdRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiGetResourceType (opnum 15, MS-CMRP 3.1.4.2.16): <c>H → Sout lpszResourceType, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct GetResourceTypeRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceTypeRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetResourceType;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static GetResourceTypeRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiFailResource (opnum 16, MS-CMRP 3.1.4.2.17): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct FailResourceRequest(ResourceHandle Resource) : IClusApiRequest<FailResourceRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiFailResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static FailResourceRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiOnlineResource (opnum 17, MS-CMRP 3.1.4.2.18): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct OnlineResourceRequest(ResourceHandle Resource) : IClusApiRequest<OnlineResourceRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOnlineResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static OnlineResourceRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiOfflineResource (opnum 18, MS-CMRP 3.1.4.2.19): <c>H → rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct OfflineResourceRequest(ResourceHandle Resource) : IClusApiRequest<OfflineResourceRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOfflineResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static OfflineResourceRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiGetResourceDependencyExpression (opnum 110, MS-CMRP 3.1.4.2.110): <c>H → Sout lpszDependencyExpression, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct GetResourceDependencyExpressionRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceDependencyExpressionRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetResourceDependencyExpression;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static GetResourceDependencyExpressionRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}

/// <summary>ApiGetResourceNetworkName (opnum 112, MS-CMRP 3.1.4.2.111): <c>H → Sout lpszName, rpc_status, result</c>.</summary>
/// <param name="Resource">The resource.</param>
public readonly record struct GetResourceNetworkNameRequest(ResourceHandle Resource) : IClusApiRequest<GetResourceNetworkNameRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetResourceNetworkName;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Resource);

    /// <inheritdoc />
    public static GetResourceNetworkNameRequest Read(NdrReader reader) => new(reader.ReadHandle<ResourceHandle>());
}
