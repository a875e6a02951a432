namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// Which CLUSTER_CHANGE values (MS-CMRP 2.2.2.7) each version 1 registration method accepts: ApiAddNotifyCluster
/// (3.1.4.2.58) every value; the per-object methods the values of their object (3.1.4.2.59-65, 90, 91, 99, 100:
/// "MUST be set to the bitwise OR of one or more of" the object's ADDED, DELETED, STATE and PROPERTY values);
/// ApiAddNotifyKey (3.1.4.2.62) the REGISTRY values. CLUSTER_CHANGE_HANDLE_CLOSE is client-side (3.2.4.7) and is
/// accepted everywhere, as clusapi.dll passes it through; it is never queued. An empty filter or a value outside the
/// method's set is ERROR_INVALID_PARAMETER (docs/behaviour.md, "Version 1 notification ports").
/// </summary>
public static class NotifyFilterRulesV1
{
    /// <summary>The values that are registration modifiers or client-side only: accepted, never queued (3.1.4.2.66).</summary>
    public const ClusterChangeV1 NeverQueued = ClusterChangeV1.HandleClose | ClusterChangeV1.ClusterState | ClusterChangeV1.RegistrySubtree;

    /// <summary>The registry values of ApiAddNotifyKey and of ApiAddNotifyCluster's root-key watch.</summary>
    public const ClusterChangeV1 Registry = ClusterChangeV1.RegistryName | ClusterChangeV1.RegistryAttributes
        | ClusterChangeV1.RegistryValue | ClusterChangeV1.RegistrySubtree;

    /// <summary>The values a registration through a handle of <paramref name="kind"/> may carry.</summary>
    public static ClusterChangeV1 Allowed(NotifyObjectKind kind) => ClusterChangeV1.HandleClose | kind switch
    {
        NotifyObjectKind.Cluster => (ClusterChangeV1)0xFFFFFFFF,
        NotifyObjectKind.Node => ClusterChangeV1.NodeState | ClusterChangeV1.NodeDeleted | ClusterChangeV1.NodeAdded | ClusterChangeV1.NodeProperty,
        NotifyObjectKind.Group => ClusterChangeV1.GroupState | ClusterChangeV1.GroupDeleted | ClusterChangeV1.GroupAdded | ClusterChangeV1.GroupProperty,
        NotifyObjectKind.Resource => ClusterChangeV1.ResourceState | ClusterChangeV1.ResourceDeleted | ClusterChangeV1.ResourceAdded | ClusterChangeV1.ResourceProperty,
        NotifyObjectKind.Network => ClusterChangeV1.NetworkState | ClusterChangeV1.NetworkDeleted | ClusterChangeV1.NetworkAdded | ClusterChangeV1.NetworkProperty,
        NotifyObjectKind.NetInterface => ClusterChangeV1.NetInterfaceState | ClusterChangeV1.NetInterfaceDeleted | ClusterChangeV1.NetInterfaceAdded | ClusterChangeV1.NetInterfaceProperty,
        NotifyObjectKind.Key => Registry,
        _ => ClusterChangeV1.None,
    };

    /// <summary>ERROR_INVALID_PARAMETER for an empty filter or a value outside <see cref="Allowed"/>; else success.</summary>
    public static Win32Error Validate(NotifyObjectKind kind, uint filter)
    {
        var allowed = Allowed(kind);
        return filter == 0 || (filter & ~(uint)allowed) != 0 ? Win32Error.InvalidParameter : Win32Error.Success;
    }
}
