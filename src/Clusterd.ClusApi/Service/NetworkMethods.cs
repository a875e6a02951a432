using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>Network and network-interface methods (MS-CMRP 3.1.4.2.82-97, 120-121). Handles carry the object ID.</summary>
internal static class NetworkMethods
{
    /// <summary>The typed methods of this group (<see cref="ClusApiMethod"/>).</summary>
    public static IEnumerable<ClusApiMethod> Methods => [];

    private static string? NetworkId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindNetwork(name)?.Id;

    private static string? InterfaceId(ClusterEngine e, string name) => name.Length == 0 ? null : e.FindNetInterface(name)?.Id;

    /// <summary>ApiOpenNetwork (opnum 81).</summary>
    public static void OpenNetwork(ClusApiCall c) =>
        OpenMethods.Open(c, ClusApiObjectKind.Network, ex: false, NetworkId, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiOpenNetworkEx (opnum 121).</summary>
    public static void OpenNetworkEx(ClusApiCall c) =>
        OpenMethods.Open(c, ClusApiObjectKind.Network, ex: true, NetworkId, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiCloseNetwork (opnum 82).</summary>
    public static void CloseNetwork(ClusApiCall c) => c.Close(ClusApiObjectKind.Network);

    /// <summary>ApiGetNetworkState (opnum 83).</summary>
    public static void GetNetworkState(ClusApiCall c) => OpenMethods.StateAnswer(c, ClusApiObjectKind.Network,
        h => c.Engine.FindNetwork(h.Id) is { } n ? (int)n.State : null, Win32Error.ClusterNetworkNotFound);

    /// <summary>ApiGetNetworkId (opnum 86).</summary>
    public static void GetNetworkId(ClusApiCall c) => OpenMethods.StringAnswer(c, ClusApiObjectKind.Network, h =>
        c.Engine.FindNetwork(h.Id) is { } n ? (Win32Error.Success, n.Id) : (Win32Error.ClusterNetworkNotFound, null));

    /// <summary>ApiOpenNetInterface (opnum 92).</summary>
    public static void OpenNetInterface(ClusApiCall c) =>
        OpenMethods.Open(c, ClusApiObjectKind.NetInterface, ex: false, InterfaceId, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiOpenNetInterfaceEx (opnum 122).</summary>
    public static void OpenNetInterfaceEx(ClusApiCall c) =>
        OpenMethods.Open(c, ClusApiObjectKind.NetInterface, ex: true, InterfaceId, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiCloseNetInterface (opnum 93).</summary>
    public static void CloseNetInterface(ClusApiCall c) => c.Close(ClusApiObjectKind.NetInterface);

    /// <summary>ApiGetNetInterfaceState (opnum 94).</summary>
    public static void GetNetInterfaceState(ClusApiCall c) => OpenMethods.StateAnswer(c, ClusApiObjectKind.NetInterface,
        h => c.Engine.FindNetInterface(h.Id) is { } i ? (int)i.State : null, Win32Error.ClusterNetInterfaceNotFound);

    /// <summary>ApiGetNetInterfaceId (opnum 96).</summary>
    public static void GetNetInterfaceId(ClusApiCall c) => OpenMethods.StringAnswer(c, ClusApiObjectKind.NetInterface, h =>
        c.Engine.FindNetInterface(h.Id) is { } i ? (Win32Error.Success, i.Id) : (Win32Error.ClusterNetInterfaceNotFound, null));
}
