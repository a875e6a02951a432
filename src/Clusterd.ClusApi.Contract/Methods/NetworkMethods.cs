using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The network and network-interface methods (MS-CMRP 3.1.4.2.81-83, 86, 92-94, 96, 120-121): open by name, close,
// state and ID. They share the response shapes of Responses.cs.

/// <summary>ApiOpenNetwork (opnum 81, MS-CMRP 3.1.4.2.81): <c>Sin lpszNetworkName → Status, rpc_status, HNETWORK_RPC</c>.</summary>
/// <param name="NetworkName">The network's name.</param>
public readonly record struct OpenNetworkRequest(string NetworkName) : IClusApiRequest<OpenNetworkRequest, OpenResponse<NetworkHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNetwork;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(NetworkName);

    /// <inheritdoc />
    public static OpenNetworkRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiOpenNetworkEx (opnum 121, MS-CMRP 3.1.4.2.120): <c>Sin lpszNetworkName, u32 dwDesiredAccess → granted, Status, rpc_status, HNETWORK_RPC</c>.</summary>
/// <param name="NetworkName">The network's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenNetworkExRequest(string NetworkName, uint DesiredAccess) : IClusApiRequest<OpenNetworkExRequest, OpenExResponse<NetworkHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNetworkEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInString(NetworkName);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenNetworkExRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>ApiCloseNetwork (opnum 82, MS-CMRP 3.1.4.2.82): <c>[in, out] HNETWORK_RPC → NULL, result</c>.</summary>
/// <param name="Network">The handle to close.</param>
public readonly record struct CloseNetworkRequest(NetworkHandle Network) : IClusApiRequest<CloseNetworkRequest, CloseResponse<NetworkHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseNetwork;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Network);

    /// <inheritdoc />
    public static CloseNetworkRequest Read(NdrReader reader) => new(reader.ReadHandle<NetworkHandle>());
}

/// <summary>ApiGetNetworkState (opnum 83, MS-CMRP 3.1.4.2.83): <c>H → u32 State (CLUSTER_NETWORK_STATE), rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
public readonly record struct GetNetworkStateRequest(NetworkHandle Network) : IClusApiRequest<GetNetworkStateRequest, StateResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNetworkState;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Network);

    /// <inheritdoc />
    public static GetNetworkStateRequest Read(NdrReader reader) => new(reader.ReadHandle<NetworkHandle>());
}

/// <summary>ApiGetNetworkId (opnum 86, MS-CMRP 3.1.4.2.86): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="Network">The network.</param>
public readonly record struct GetNetworkIdRequest(NetworkHandle Network) : IClusApiRequest<GetNetworkIdRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNetworkId;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Network);

    /// <inheritdoc />
    public static GetNetworkIdRequest Read(NdrReader reader) => new(reader.ReadHandle<NetworkHandle>());
}

/// <summary>ApiOpenNetInterface (opnum 92, MS-CMRP 3.1.4.2.92): <c>Sin lpszNetInterfaceName → Status, rpc_status, HNETINTERFACE_RPC</c>.</summary>
/// <param name="NetInterfaceName">The network interface's name.</param>
public readonly record struct OpenNetInterfaceRequest(string NetInterfaceName) : IClusApiRequest<OpenNetInterfaceRequest, OpenResponse<NetInterfaceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNetInterface;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(NetInterfaceName);

    /// <inheritdoc />
    public static OpenNetInterfaceRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiOpenNetInterfaceEx (opnum 122, MS-CMRP 3.1.4.2.121): <c>Sin lpszNetInterfaceName, u32 dwDesiredAccess → granted, Status, rpc_status, HNETINTERFACE_RPC</c>.</summary>
/// <param name="NetInterfaceName">The network interface's name.</param>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenNetInterfaceExRequest(string NetInterfaceName, uint DesiredAccess) : IClusApiRequest<OpenNetInterfaceExRequest, OpenExResponse<NetInterfaceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenNetInterfaceEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInString(NetInterfaceName);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenNetInterfaceExRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadConformantVaryingString();
        return new(name, reader.ReadUInt32());
    }
}

/// <summary>ApiCloseNetInterface (opnum 93, MS-CMRP 3.1.4.2.93): <c>[in, out] HNETINTERFACE_RPC → NULL, result</c>.</summary>
/// <param name="NetInterface">The handle to close.</param>
public readonly record struct CloseNetInterfaceRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<CloseNetInterfaceRequest, CloseResponse<NetInterfaceHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseNetInterface;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(NetInterface);

    /// <inheritdoc />
    public static CloseNetInterfaceRequest Read(NdrReader reader) => new(reader.ReadHandle<NetInterfaceHandle>());
}

/// <summary>ApiGetNetInterfaceState (opnum 94, MS-CMRP 3.1.4.2.94): <c>H → u32 State (CLUSTER_NETINTERFACE_STATE), rpc_status, result</c>.</summary>
/// <param name="NetInterface">The network interface.</param>
public readonly record struct GetNetInterfaceStateRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<GetNetInterfaceStateRequest, StateResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNetInterfaceState;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(NetInterface);

    /// <inheritdoc />
    public static GetNetInterfaceStateRequest Read(NdrReader reader) => new(reader.ReadHandle<NetInterfaceHandle>());
}

/// <summary>ApiGetNetInterfaceId (opnum 96, MS-CMRP 3.1.4.2.96): <c>H → Sout pGuid, rpc_status, result</c>.</summary>
/// <param name="NetInterface">The network interface.</param>
public readonly record struct GetNetInterfaceIdRequest(NetInterfaceHandle NetInterface) : IClusApiRequest<GetNetInterfaceIdRequest, StringResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNetInterfaceId;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(NetInterface);

    /// <inheritdoc />
    public static GetNetInterfaceIdRequest Read(NdrReader reader) => new(reader.ReadHandle<NetInterfaceHandle>());
}
