using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>Network and network-interface methods (MS-CMRP 3.1.4.2.81-96, 120-121). Handles carry the object ID.</summary>
internal static class NetworkMethods
{
    private static readonly OpenableKind<NetworkHandle> Networks =
        new(ClusApiObjectKind.Network, static (e, name) => e.Queries.FindNetwork(name)?.Id, Win32Error.ClusterNetworkNotFound);

    private static readonly OpenableKind<NetInterfaceHandle> Interfaces =
        new(ClusApiObjectKind.NetInterface, static (e, name) => e.Queries.FindNetInterface(name)?.Id, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiOpenNetwork (opnum 81).</summary>
    public static OpenResponse<NetworkHandle> OpenNetwork(ClusApiCall c, OpenNetworkRequest r) => Networks.Open(c, r.NetworkName);

    /// <summary>ApiOpenNetworkEx (opnum 121).</summary>
    public static OpenExResponse<NetworkHandle> OpenNetworkEx(ClusApiCall c, OpenNetworkExRequest r) =>
        Networks.OpenEx(c, r.NetworkName, r.DesiredAccess);

    /// <summary>ApiCloseNetwork (opnum 82).</summary>
    public static CloseResponse<NetworkHandle> CloseNetwork(ClusApiCall c, CloseNetworkRequest r) => c.Close(r.Network, ClusApiObjectKind.Network);

    /// <summary>ApiGetNetworkState (opnum 83).</summary>
    public static StateResponse GetNetworkState(ClusApiCall c, GetNetworkStateRequest r) => OpenMethods.StateAnswer(c, r.Network, ClusApiObjectKind.Network,
        h => c.Engine.Queries.FindNetwork(h.Id) is { } n ? (int)n.State : null, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiGetNetworkId (opnum 86).</summary>
    public static StringResponse GetNetworkId(ClusApiCall c, GetNetworkIdRequest r) => OpenMethods.StringAnswer(c, r.Network, ClusApiObjectKind.Network, h =>
        c.Engine.Queries.FindNetwork(h.Id) is { } n ? (Win32Error.Success, n.Id) : (Win32Error.ClusterNetworkNotFound, null));

    /// <summary>ApiOpenNetInterface (opnum 92).</summary>
    public static OpenResponse<NetInterfaceHandle> OpenNetInterface(ClusApiCall c, OpenNetInterfaceRequest r) =>
        Interfaces.Open(c, r.NetInterfaceName);

    /// <summary>ApiOpenNetInterfaceEx (opnum 122).</summary>
    public static OpenExResponse<NetInterfaceHandle> OpenNetInterfaceEx(ClusApiCall c, OpenNetInterfaceExRequest r) =>
        Interfaces.OpenEx(c, r.NetInterfaceName, r.DesiredAccess);

    /// <summary>ApiCloseNetInterface (opnum 93).</summary>
    public static CloseResponse<NetInterfaceHandle> CloseNetInterface(ClusApiCall c, CloseNetInterfaceRequest r) =>
        c.Close(r.NetInterface, ClusApiObjectKind.NetInterface);

    /// <summary>ApiGetNetInterfaceState (opnum 94).</summary>
    public static StateResponse GetNetInterfaceState(ClusApiCall c, GetNetInterfaceStateRequest r) => OpenMethods.StateAnswer(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, h => c.Engine.Queries.FindNetInterface(h.Id) is { } i ? (int)i.State : null, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiGetNetInterfaceId (opnum 96).</summary>
    public static StringResponse GetNetInterfaceId(ClusApiCall c, GetNetInterfaceIdRequest r) => OpenMethods.StringAnswer(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, h =>
            c.Engine.Queries.FindNetInterface(h.Id) is { } i ? (Win32Error.Success, i.Id) : (Win32Error.ClusterNetInterfaceNotFound, null));
}
