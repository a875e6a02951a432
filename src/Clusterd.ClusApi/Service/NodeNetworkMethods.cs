using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// Node enumeration, pause with drain and resume with failback, resource types, the quorum resource, networks and
/// interfaces (MS-CMRP 3.1.4.2.7, 27-28, 84-85, 87, 95, 101, 123, 125-127, 163). Issue 11, NodeNetwork area.
/// </summary>
internal static class NodeNetworkMethods
{
    /// <summary>CLUSTER_NODE_ENUM_NETINTERFACES.</summary>
    private const uint NodeEnumNetInterfaces = 0x1;

    /// <summary>CLUSTER_NODE_ENUM_GROUPS.</summary>
    private const uint NodeEnumGroups = 0x2;

    /// <summary>CLUSTER_NETWORK_ENUM_NETINTERFACES.</summary>
    private const uint NetworkEnumNetInterfaces = 0x1;

    /// <summary>CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR.</summary>
    private const uint RemainOnPausedNodeOnMoveError = 0x1;

    /// <summary>CLUSTER_ENUM_NETINTERFACE: the entry type of ApiCreateNetInterfaceEnum's list.</summary>
    private const uint EnumNetInterface = 0x20;

    /// <summary>A method without a handle needs "All" on the cluster and writes only in the read/write state (MS-CMRP 3.1.4, 3.1.1).</summary>
    private static Win32Error CheckWrite(ClusApiCall c) => c.CheckWrite();

    /// <summary>
    /// ApiCreateNodeEnum (opnum 101): <c>H node, u32 dwType → EL, rpc_status, result</c>. CLUSTER_NODE_ENUM_NETINTERFACES
    /// (1) lists the node's interfaces, CLUSTER_NODE_ENUM_GROUPS (2) the groups it owns; each entry's type is the bit
    /// that selected it. Other bits are ignored (MS-CMRP 3.1.4.2.101: the server SHOULD ignore them and succeed).
    /// </summary>
    [ParityNote("Bits other than CLUSTER_NODE_ENUM_NETINTERFACES and CLUSTER_NODE_ENUM_GROUPS are ignored (MS-CMRP 3.1.4.2.101 SHOULD).")]
    public static EnumResponse CreateNodeEnum(ClusApiCall c, CreateNodeEnumRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Node, ClusApiObjectKind.Node, static (engine, id) => engine.Queries.FindNode(id),
            Win32Error.ClusterNodeNotFound, out var node);
        return new(node is null ? null : [.. NodeObjects(c, node, r.Type).Select(o => new EnumEntry(o.Type, o.Name))], e);
    }

    /// <summary>
    /// ApiCreateNodeEnumEx (opnum 124): <c>H node, u32 dwType, u32 dwOptions → EL ids, EL names, rpc_status, result</c>:
    /// the objects of ApiCreateNodeEnum as two lists of equal length, IDs and names (MS-CMRP 3.1.4.2.123). A dwType with
    /// a bit outside CLUSTER_NODE_ENUM_NETINTERFACES | CLUSTER_NODE_ENUM_GROUPS, or a non-zero dwOptions, is
    /// ERROR_INVALID_PARAMETER.
    /// </summary>
    [ParityNote("dwType must be a combination of CLUSTER_NODE_ENUM_NETINTERFACES and CLUSTER_NODE_ENUM_GROUPS and dwOptions 0, else ERROR_INVALID_PARAMETER (MS-CMRP 3.1.4.2.123).")]
    public static CreateEnumExResponse CreateNodeEnumEx(ClusApiCall c, CreateNodeEnumExRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Node, ClusApiObjectKind.Node, static (engine, id) => engine.Queries.FindNode(id),
            Win32Error.ClusterNodeNotFound, out var node);
        if (e == Win32Error.Success && (r.Options != 0 || (r.Type & ~(NodeEnumNetInterfaces | NodeEnumGroups)) != 0))
        {
            e = Win32Error.InvalidParameter; // MS-CMRP 3.1.4.2.123
        }
        var objects = e == Win32Error.Success ? NodeObjects(c, node!, r.Type) : null;
        return new(objects?.Select(o => new EnumEntry(o.Type, o.Id)).ToList(), objects?.Select(o => new EnumEntry(o.Type, o.Name)).ToList(), e);
    }

    private static List<(uint Type, string Id, string Name)> NodeObjects(ClusApiCall c, NodeInfo node, uint type)
    {
        var list = new List<(uint, string, string)>();
        if ((type & NodeEnumNetInterfaces) != 0)
        {
            list.AddRange(c.Engine.Queries.GetNetInterfaces().Where(i => Same(i.NodeName, node.Name)).Select(i => (NodeEnumNetInterfaces, i.Id, i.Name)));
        }
        if ((type & NodeEnumGroups) != 0)
        {
            foreach (var name in c.Engine.Queries.Enumerate(ClusterEnumType.Group))
            {
                if (c.Engine.Queries.FindGroup(name) is { } g && Same(g.OwnerNodeName, node.Name))
                {
                    list.Add((NodeEnumGroups, g.Id, g.Name));
                }
            }
        }
        return list;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// ApiPauseNodeEx (opnum 126): <c>H node, BOOL bDrainNode, u32 dwPauseFlags → rpc_status, result</c>. Without a
    /// drain, as ApiPauseNode. With one, the pause and every group's move are one engine command: either all of it
    /// happens and the answer is ERROR_IO_PENDING (MS-CMRP 3.1.4.2.125), or nothing does. ERROR_CLUSTER_NODE_DOWN when
    /// no other node is up.
    /// </summary>
    [ParityNote("The drain completes within the call (one engine command) and then answers ERROR_IO_PENDING as MS-CMRP 3.1.4.2.125 requires, so ERROR_CLUSTER_NODE_EVACUATION_IN_PROGRESS is never answered; a group that policy lets go nowhere (a CSV whose disk no other up node reaches) stays with CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, else moves anyway with its online resources failed; other dwPauseFlags bits are ignored (docs/behaviour.md, \"Node drain\").")]
    public static ResultResponse PauseNodeEx(ClusApiCall c, PauseNodeExRequest r) => OpenMethods.WriteAction(c, r.Node, ClusApiObjectKind.Node, h =>
        c.Engine.Execute(new PauseNodeEx(h.Id, r.DrainNode, r.DrainNode && (r.PauseFlags & RemainOnPausedNodeOnMoveError) != 0)));

    /// <summary>
    /// ApiPauseNodeWithDrainTarget (opnum 127): <c>H node, u32 dwPauseFlags, H hNodeDrainTarget → rpc_status,
    /// result</c>: as ApiPauseNodeEx with a drain, every group moving to the target (MS-CMRP 3.1.4.2.126). Both handles
    /// need "All"; ERROR_INVALID_TARGET_HANDLE when the target is the node itself, ERROR_HOST_NODE_NOT_AVAILABLE when it
    /// is not up.
    /// </summary>
    [ParityNote("As ApiPauseNodeEx with a drain (docs/behaviour.md, \"Node drain\"): ERROR_IO_PENDING once every group is on the target; a CSV group whose disk the target cannot reach stays only with CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, else moves there anyway with its online resources failed.")]
    public static ResultResponse PauseNodeWithDrainTarget(ClusApiCall c, PauseNodeWithDrainTargetRequest r)
    {
        var e = c.Resolve(r.Node, ClusApiObjectKind.Node, out var node);
        ClusApiHandle? target = null;
        if (e == Win32Error.Success)
        {
            e = c.Resolve(r.DrainTarget, ClusApiObjectKind.Node, out target);
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(node);
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(target!); // MS-CMRP 3.1.4.2.126: hNodeDrainTarget needs "All"
        }
        if (e == Win32Error.Success)
        {
            e = c.Engine.Execute(new PauseNodeEx(node.Id, Drain: true, (r.PauseFlags & RemainOnPausedNodeOnMoveError) != 0, target!.Id));
        }
        return new(e);
    }

    /// <summary>
    /// ApiResumeNodeEx (opnum 128): <c>H node, u32 dwResumeFailbackType, u32 dwResumeFlagsReserved → rpc_status,
    /// result</c>. As ApiResumeNode, then the failback of MS-CMRP 3.1.4.2.127: 0 none, 1 every group whose most
    /// preferred owner is the node, 2 those of them whose AutoFailbackType is ClusterGroupAllowFailback. A failback type
    /// of 3 or more is ERROR_INVALID_PARAMETER; dwResumeFlagsReserved is ignored.
    /// </summary>
    [ParityNote("Failback moves the groups whose first preferred owner is the node (type 2: only those with AutoFailbackType 1; failback windows are not applied); type >= 3 is ERROR_INVALID_PARAMETER; dwResumeFlagsReserved is ignored (docs/behaviour.md, \"Node resume and failback\").")]
    public static ResultResponse ResumeNodeEx(ClusApiCall c, ResumeNodeExRequest r) => OpenMethods.WriteAction(c, r.Node, ClusApiObjectKind.Node, h =>
        r.ResumeFailbackType > (uint)ResumeFailback.FailbackGroupsPerPolicy
            ? Win32Error.InvalidParameter
            : c.Engine.Execute(new ResumeNodeEx(h.Id, (ResumeFailback)r.ResumeFailbackType)));

    /// <summary>
    /// ApiCreateResourceType (opnum 26): <c>Sin type, Sin display, Sin dll, u32 looksAlive, u32 isAlive → rpc_status,
    /// result</c>. The type is kept under ResourceTypes in the cluster database; a name already in use is
    /// ERROR_ALREADY_EXISTS (MS-CMRP 3.1.4.2.27). An empty type or DLL name is ERROR_INVALID_PARAMETER.
    /// </summary>
    [ParityNote("A duplicate name answers ERROR_ALREADY_EXISTS (one of the two MS-CMRP 3.1.4.2.27 allows); an empty type or DLL name ERROR_INVALID_PARAMETER. No DLL is loaded: the type exists in the database only.")]
    public static ResultResponse CreateResourceType(ClusApiCall c, CreateResourceTypeRequest r)
    {
        var e = CheckWrite(c);
        if (e == Win32Error.Success)
        {
            e = c.Engine.Execute(new CreateResourceType(r.TypeName, r.DisplayName, r.DllName, r.LooksAlive, r.IsAlive));
        }
        return new(e);
    }

    /// <summary>
    /// ApiDeleteResourceType (opnum 27): <c>Sin type → rpc_status, result</c>. ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND for
    /// an unknown type, ERROR_DIR_NOT_EMPTY while resources of the type exist (MS-CMRP 3.1.4.2.28).
    /// </summary>
    public static ResultResponse DeleteResourceType(ClusApiCall c, DeleteResourceTypeRequest r)
    {
        var e = CheckWrite(c);
        if (e == Win32Error.Success)
        {
            e = c.Engine.Execute(new DeleteResourceType(r.TypeName));
        }
        return new(e);
    }

    /// <summary>
    /// ApiSetQuorumResource (opnum 6): <c>H resource, Sin device, u32 maxLogSize → rpc_status, result</c>. Stores the
    /// quorum resource, its path and log size as ApiGetQuorumResource reads them. A resource that cannot be quorum
    /// answers ERROR_NOT_QUORUM_CLASS (MS-CMRP 3.1.4.2.7).
    /// </summary>
    [ParityNote("A resource can be quorum when its type is of the storage class or has CLUS_CHAR_QUORUM and it is not a Cluster Shared Volume; otherwise ERROR_NOT_QUORUM_CLASS (docs/behaviour.md, \"Quorum resource\").")]
    public static ResultResponse SetQuorumResource(ClusApiCall c, SetQuorumResourceRequest r) => OpenMethods.WriteAction(c, r.Resource, ClusApiObjectKind.Resource,
        h => c.Engine.Execute(new SetQuorumResource(h.Id, r.DeviceName, r.MaxQuorumLogSize)));

    /// <summary>
    /// ApiSetNetworkName (opnum 84): <c>H network, Sin name → rpc_status, result</c>. ERROR_INVALID_NAME for an empty
    /// name, ERROR_ALREADY_EXISTS for another network's name or ID, ERROR_NETWORK_NOT_AVAILABLE when the network is gone
    /// (MS-CMRP 3.1.4.2.84).
    /// </summary>
    public static ResultResponse SetNetworkName(ClusApiCall c, SetNetworkNameRequest r) => OpenMethods.WriteAction(c, r.Network, ClusApiObjectKind.Network,
        h => c.Engine.Execute(new SetNetworkName(h.Id, r.NetworkName)));

    /// <summary>
    /// ApiCreateNetworkEnum (opnum 85): <c>H network, u32 dwType → EL, rpc_status, result</c>.
    /// CLUSTER_NETWORK_ENUM_NETINTERFACES (1) lists the interfaces on the network; other bits are ignored (MS-CMRP
    /// 3.1.4.2.85 SHOULD).
    /// </summary>
    public static EnumResponse CreateNetworkEnum(ClusApiCall c, CreateNetworkEnumRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Network, ClusApiObjectKind.Network, static (engine, id) => engine.Queries.FindNetwork(id),
            Win32Error.NetworkNotAvailable, out var network);
        List<EnumEntry>? list = null;
        if (network is not null)
        {
            list = (r.Type & NetworkEnumNetInterfaces) == 0
                ? []
                : [.. c.Engine.Queries.GetNetInterfaces().Where(i => Same(i.NetworkName, network.Name)).Select(i => new EnumEntry(NetworkEnumNetInterfaces, i.Name))];
        }
        return new(list, e);
    }

    /// <summary>
    /// ApiSetNetworkPriorityOrder (opnum 87): <c>u32 count, LPWSTR ids[count] → rpc_status, result</c>. The list must
    /// name each internal network (role private or mixed) once: a count that differs from theirs (MS-CMRP 3.1.4.2.87),
    /// a NULL or unknown ID, a network that is not internal, or a duplicate is ERROR_INVALID_PARAMETER. The order is
    /// what CLUSTER_ENUM_INTERNAL_NETWORK answers.
    /// </summary>
    [ParityNote("Besides the count rule of MS-CMRP 3.1.4.2.87, a NULL or unknown ID, a network that is not internal, or a duplicate is ERROR_INVALID_PARAMETER (docs/behaviour.md, \"Network priority\").")]
    public static ResultResponse SetNetworkPriorityOrder(ClusApiCall c, SetNetworkPriorityOrderRequest r)
    {
        var e = CheckWrite(c);
        var ids = r.NetworkIds ?? [];
        if (e == Win32Error.Success && ids.Any(id => id is null))
        {
            e = Win32Error.InvalidParameter;
        }
        if (e == Win32Error.Success)
        {
            e = c.Engine.Execute(new SetNetworkPriorityOrder([.. ids.Select(id => id!)]));
        }
        return new(e);
    }

    /// <summary>
    /// ApiGetNetInterface (opnum 95): <c>Sin node, Sin network → Sout interface name, rpc_status, result</c>.
    /// ERROR_CLUSTER_NODE_NOT_FOUND, ERROR_CLUSTER_NETWORK_NOT_FOUND, or ERROR_CLUSTER_NETINTERFACE_NOT_FOUND when the
    /// node has no interface on the network (MS-CMRP 3.1.4.2.95).
    /// </summary>
    public static StringResponse GetNetInterface(ClusApiCall c, GetNetInterfaceRequest r)
    {
        var e = c.CheckRead();
        string? name = null;
        if (e == Win32Error.Success)
        {
            (e, name) = FindInterface(c, r.NodeName, r.NetworkName);
        }
        return new(e == Win32Error.Success ? name : null, e);
    }

    private static (Win32Error, string?) FindInterface(ClusApiCall c, string nodeName, string networkName)
    {
        if (nodeName.Length == 0 || c.Engine.Queries.FindNode(nodeName) is not { } node)
        {
            return (Win32Error.ClusterNodeNotFound, null);
        }
        if (networkName.Length == 0 || c.Engine.Queries.FindNetwork(networkName) is not { } network)
        {
            return (Win32Error.ClusterNetworkNotFound, null);
        }
        var nic = c.Engine.Queries.GetNetInterfaces().FirstOrDefault(i => Same(i.NodeName, node.Name) && Same(i.NetworkName, network.Name));
        return nic is null ? (Win32Error.ClusterNetInterfaceNotFound, null) : (Win32Error.Success, nic.Name);
    }

    /// <summary>
    /// ApiCreateNetInterfaceEnum (opnum 181): <c>H cluster, Sin node, Sin network → EL, rpc_status, result</c>: the
    /// interfaces on the node and on the network (MS-CMRP 3.1.4.2.163); an empty name does not filter. An unknown node
    /// or network is ERROR_CLUSTER_NODE_NOT_FOUND / ERROR_CLUSTER_NETWORK_NOT_FOUND. Entries are of type
    /// CLUSTER_ENUM_NETINTERFACE.
    /// </summary>
    [ParityNote("An empty node or network name does not filter (clusapi.h makes both optional; the IDL strings cannot be NULL); an unknown one is ERROR_CLUSTER_NODE_NOT_FOUND / ERROR_CLUSTER_NETWORK_NOT_FOUND (docs/behaviour.md, \"Interface enumeration\").")]
    public static EnumResponse CreateNetInterfaceEnum(ClusApiCall c, CreateNetInterfaceEnumRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out _);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        NodeInfo? node = null;
        NetworkInfo? network = null;
        if (e == Win32Error.Success && r.NodeName.Length > 0 && (node = c.Engine.Queries.FindNode(r.NodeName)) is null)
        {
            e = Win32Error.ClusterNodeNotFound;
        }
        if (e == Win32Error.Success && r.NetworkName.Length > 0 && (network = c.Engine.Queries.FindNetwork(r.NetworkName)) is null)
        {
            e = Win32Error.ClusterNetworkNotFound;
        }
        List<EnumEntry>? list = null;
        if (e == Win32Error.Success)
        {
            list = [.. c.Engine.Queries.GetNetInterfaces()
                .Where(i => (node is null || Same(i.NodeName, node.Name)) && (network is null || Same(i.NetworkName, network.Name)))
                .Select(i => new EnumEntry(EnumNetInterface, i.Name))];
        }
        return new(list, e);
    }
}
