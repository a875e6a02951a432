using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>Network and network-interface methods (MS-CMRP 3.1.4.2.81-96, 120-121). Handles carry the object ID.</summary>
internal static class NetworkMethods
{
    /// <summary>The typed methods of this group (<see cref="ClusApiMethod"/>).</summary>
    public static IEnumerable<ClusApiMethod> Methods =>
    [
        ClusApiMethod.Of<OpenNetworkRequest, OpenResponse<NetworkHandle>>(OpenNetwork),
        ClusApiMethod.Of<OpenNetworkExRequest, OpenExResponse<NetworkHandle>>(OpenNetworkEx),
        ClusApiMethod.Of<CloseNetworkRequest, CloseResponse<NetworkHandle>>(CloseNetwork),
        ClusApiMethod.Of<GetNetworkStateRequest, StateResponse>(GetNetworkState),
        ClusApiMethod.Of<GetNetworkIdRequest, StringResponse>(GetNetworkId),
        ClusApiMethod.Of<OpenNetInterfaceRequest, OpenResponse<NetInterfaceHandle>>(OpenNetInterface),
        ClusApiMethod.Of<OpenNetInterfaceExRequest, OpenExResponse<NetInterfaceHandle>>(OpenNetInterfaceEx),
        ClusApiMethod.Of<CloseNetInterfaceRequest, CloseResponse<NetInterfaceHandle>>(CloseNetInterface),
        ClusApiMethod.Of<GetNetInterfaceStateRequest, StateResponse>(GetNetInterfaceState),
        ClusApiMethod.Of<GetNetInterfaceIdRequest, StringResponse>(GetNetInterfaceId),
    ];

    private static string? NetworkId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindNetwork(name)?.Id;

    private static string? InterfaceId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindNetInterface(name)?.Id;

    /// <summary>ApiOpenNetwork (opnum 81).</summary>
    public static OpenResponse<NetworkHandle> OpenNetwork(ClusApiCall c, OpenNetworkRequest r) =>
        OpenMethods.Open<NetworkHandle>(c, r.NetworkName, ClusApiObjectKind.Network, NetworkId, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiOpenNetworkEx (opnum 121).</summary>
    public static OpenExResponse<NetworkHandle> OpenNetworkEx(ClusApiCall c, OpenNetworkExRequest r) =>
        OpenMethods.OpenEx<NetworkHandle>(c, r.NetworkName, r.DesiredAccess, ClusApiObjectKind.Network, NetworkId, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiCloseNetwork (opnum 82).</summary>
    public static CloseResponse<NetworkHandle> CloseNetwork(ClusApiCall c, CloseNetworkRequest r) => c.Close(r.Network, ClusApiObjectKind.Network);

    /// <summary>ApiGetNetworkState (opnum 83).</summary>
    public static StateResponse GetNetworkState(ClusApiCall c, GetNetworkStateRequest r) => OpenMethods.StateAnswer(c, r.Network, ClusApiObjectKind.Network,
        h => c.Engine.FindNetwork(h.Id) is { } n ? (int)n.State : null, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiGetNetworkId (opnum 86).</summary>
    public static StringResponse GetNetworkId(ClusApiCall c, GetNetworkIdRequest r) => OpenMethods.StringAnswer(c, r.Network, ClusApiObjectKind.Network, h =>
        c.Engine.FindNetwork(h.Id) is { } n ? (Win32Error.Success, n.Id) : (Win32Error.ClusterNetworkNotFound, null));

    /// <summary>ApiOpenNetInterface (opnum 92).</summary>
    public static OpenResponse<NetInterfaceHandle> OpenNetInterface(ClusApiCall c, OpenNetInterfaceRequest r) =>
        OpenMethods.Open<NetInterfaceHandle>(c, r.NetInterfaceName, ClusApiObjectKind.NetInterface, InterfaceId, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiOpenNetInterfaceEx (opnum 122).</summary>
    public static OpenExResponse<NetInterfaceHandle> OpenNetInterfaceEx(ClusApiCall c, OpenNetInterfaceExRequest r) =>
        OpenMethods.OpenEx<NetInterfaceHandle>(c, r.NetInterfaceName, r.DesiredAccess, ClusApiObjectKind.NetInterface, InterfaceId,
            Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiCloseNetInterface (opnum 93).</summary>
    public static CloseResponse<NetInterfaceHandle> CloseNetInterface(ClusApiCall c, CloseNetInterfaceRequest r) =>
        c.Close(r.NetInterface, ClusApiObjectKind.NetInterface);

    /// <summary>ApiGetNetInterfaceState (opnum 94).</summary>
    public static StateResponse GetNetInterfaceState(ClusApiCall c, GetNetInterfaceStateRequest r) => OpenMethods.StateAnswer(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, h => c.Engine.FindNetInterface(h.Id) is { } i ? (int)i.State : null, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiGetNetInterfaceId (opnum 96).</summary>
    public static StringResponse GetNetInterfaceId(ClusApiCall c, GetNetInterfaceIdRequest r) => OpenMethods.StringAnswer(c, r.NetInterface,
        ClusApiObjectKind.NetInterface, h =>
            c.Engine.FindNetInterface(h.Id) is { } i ? (Win32Error.Success, i.Id) : (Win32Error.ClusterNetInterfaceNotFound, null));
}
