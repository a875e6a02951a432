using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// One version 1 event indication (MS-CMRP 3.1.1.8, 3.1.4.2.66) before it is matched against registrations.
/// </summary>
/// <param name="Filter">The one CLUSTER_CHANGE value (2.2.2.7) of the indication.</param>
/// <param name="Name">The object's name (for registry indications: set per registration, relative to its key).</param>
/// <param name="TargetId">The ID of the object a per-object registration (ApiAddNotifyGroup, ...) must name.</param>
/// <param name="KeyPath">For CLUSTER_CHANGE_REGISTRY_*: the database path of the changed key; null otherwise.</param>
/// <param name="StateSequence">The object's state sequence when the indication was raised (set by the hub).</param>
public sealed record NotificationDraftV1(ClusterChangeV1 Filter, string Name, string? TargetId, string? KeyPath, uint StateSequence = 0);

/// <summary>
/// ClusterEvent → version 1 indications. The object indications are not mapped again: they are translated from the
/// version 2 drafts of <see cref="NotificationMapper.Map"/> (one mapping of each engine event, shared by both port
/// versions), flag for flag; the registry indications come from the event (docs/behaviour.md, "Version 1
/// notification ports").
/// </summary>
public static class NotificationMapperV1
{
    /// <summary>The version 1 indications of an event whose version 2 drafts are <paramref name="drafts"/>.</summary>
    public static IReadOnlyList<NotificationDraftV1> Map(ClusterEvent e, IReadOnlyList<NotificationDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(drafts);
        var result = new List<NotificationDraftV1>(drafts.Count + 1);
        foreach (var d in drafts)
        {
            var filter = Translate(d.Data.FilterAndType);
            if (filter != ClusterChangeV1.None)
            {
                result.Add(new NotificationDraftV1(filter, d.Data.Name ?? "", string.IsNullOrEmpty(d.Data.ObjectId) ? null : d.Data.ObjectId, null));
            }
        }
        if (Registry(e) is { } registry)
        {
            result.Add(registry);
        }
        return result;
    }

    /// <summary>
    /// The CLUSTER_CHANGE value of a version 2 notification, or None when version 1 has none (CSV, group set, node
    /// group gained/lost). A group's owner node is part of what ApiGetGroupState reports, so OWNER_NODE_V2 is
    /// GROUP_STATE; a resource's group is configuration, so OWNER_GROUP_V2 is RESOURCE_PROPERTY.
    /// </summary>
    public static ClusterChangeV1 Translate(NotifyFilterAndType filter)
    {
        long f = filter.FilterFlags;
        return (ClusterObjectType)filter.ObjectType switch
        {
            ClusterObjectType.Resource => (ClusterChangeResourceV2)f switch
            {
                ClusterChangeResourceV2.State => ClusterChangeV1.ResourceState,
                ClusterChangeResourceV2.Deleted => ClusterChangeV1.ResourceDeleted,
                ClusterChangeResourceV2.CommonProperty or ClusterChangeResourceV2.PrivateProperty or ClusterChangeResourceV2.OwnerGroup => ClusterChangeV1.ResourceProperty,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.Group => (ClusterChangeGroupV2)f switch
            {
                ClusterChangeGroupV2.State or ClusterChangeGroupV2.OwnerNode => ClusterChangeV1.GroupState,
                ClusterChangeGroupV2.Deleted => ClusterChangeV1.GroupDeleted,
                ClusterChangeGroupV2.CommonProperty or ClusterChangeGroupV2.PrivateProperty => ClusterChangeV1.GroupProperty,
                ClusterChangeGroupV2.ResourceAdded => ClusterChangeV1.ResourceAdded,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.Node => (ClusterChangeNodeV2)f switch
            {
                ClusterChangeNodeV2.State => ClusterChangeV1.NodeState,
                ClusterChangeNodeV2.Deleted => ClusterChangeV1.NodeDeleted,
                ClusterChangeNodeV2.CommonProperty or ClusterChangeNodeV2.PrivateProperty => ClusterChangeV1.NodeProperty,
                ClusterChangeNodeV2.NetInterfaceAdded => ClusterChangeV1.NetInterfaceAdded,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.Network => (ClusterChangeNetworkV2)f switch
            {
                ClusterChangeNetworkV2.State => ClusterChangeV1.NetworkState,
                ClusterChangeNetworkV2.Deleted => ClusterChangeV1.NetworkDeleted,
                ClusterChangeNetworkV2.CommonProperty or ClusterChangeNetworkV2.PrivateProperty => ClusterChangeV1.NetworkProperty,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.NetworkInterface => (ClusterChangeNetInterfaceV2)f switch
            {
                ClusterChangeNetInterfaceV2.State => ClusterChangeV1.NetInterfaceState,
                ClusterChangeNetInterfaceV2.Deleted => ClusterChangeV1.NetInterfaceDeleted,
                ClusterChangeNetInterfaceV2.CommonProperty or ClusterChangeNetInterfaceV2.PrivateProperty => ClusterChangeV1.NetInterfaceProperty,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.ResourceType => (ClusterChangeResourceTypeV2)f switch
            {
                ClusterChangeResourceTypeV2.Deleted => ClusterChangeV1.ResourceTypeDeleted,
                ClusterChangeResourceTypeV2.CommonProperty or ClusterChangeResourceTypeV2.PrivateProperty => ClusterChangeV1.ResourceTypeProperty,
                _ => ClusterChangeV1.None,
            },
            ClusterObjectType.Cluster => (ClusterChangeClusterV2)f switch
            {
                ClusterChangeClusterV2.GroupAdded => ClusterChangeV1.GroupAdded,
                ClusterChangeClusterV2.NodeAdded => ClusterChangeV1.NodeAdded,
                ClusterChangeClusterV2.NetworkAdded => ClusterChangeV1.NetworkAdded,
                ClusterChangeClusterV2.ResourceTypeAdded => ClusterChangeV1.ResourceTypeAdded,
                ClusterChangeClusterV2.Rename or ClusterChangeClusterV2.CommonProperty or ClusterChangeClusterV2.PrivateProperty => ClusterChangeV1.ClusterProperty,
                _ => ClusterChangeV1.None,
            },
            _ => ClusterChangeV1.None,
        };
    }

    /// <summary>Whether <paramref name="filter"/> is one the object's state sequence counts (the *_STATE values).</summary>
    public static bool IsState(ClusterChangeV1 filter) => filter is ClusterChangeV1.NodeState or ClusterChangeV1.GroupState
        or ClusterChangeV1.ResourceState or ClusterChangeV1.NetworkState or ClusterChangeV1.NetInterfaceState;

    /// <summary>Whether <paramref name="filter"/> ends the object (the *_DELETED values).</summary>
    public static bool IsDeletion(ClusterChangeV1 filter) => filter is ClusterChangeV1.NodeDeleted or ClusterChangeV1.GroupDeleted
        or ClusterChangeV1.ResourceDeleted or ClusterChangeV1.NetworkDeleted or ClusterChangeV1.NetInterfaceDeleted;

    // The registry side of an event: an object's key gains or loses values (a property write: REGISTRY_VALUE), or is
    // created or deleted with its object (REGISTRY_NAME). State and ownership changes are runtime state, not keys. A
    // Registry event (ApiCreateKey, ApiSetValue, ApiDeleteValue, ApiDeleteKey, ApiExecuteBatch) names its key itself:
    // ObjectId is the path of the key created or deleted, or of the key whose value changed.
    private static NotificationDraftV1? Registry(ClusterEvent e)
    {
        if (e.ObjectType == ClusterObjectType.Registry)
        {
            var change = e.Change switch
            {
                ClusterChange.PropertiesChanged => ClusterChangeV1.RegistryValue,
                ClusterChange.Added or ClusterChange.Deleted => ClusterChangeV1.RegistryName,
                _ => ClusterChangeV1.None,
            };
            return change == ClusterChangeV1.None ? null : new NotificationDraftV1(change, e.ObjectId, null, e.ObjectId);
        }
        var filter = e.Change switch
        {
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => ClusterChangeV1.RegistryValue,
            ClusterChange.Added or ClusterChange.Deleted => ClusterChangeV1.RegistryName,
            _ => ClusterChangeV1.None,
        };
        if (filter == ClusterChangeV1.None)
        {
            return null;
        }
        string id = e.ObjectType == ClusterObjectType.ResourceType && string.IsNullOrEmpty(e.ObjectId) ? e.Name : e.ObjectId;
        var path = ClusterQueries.DatabaseKeyOf(e.ObjectType, id ?? "");
        return path is null ? null : new NotificationDraftV1(filter, path, null, path);
    }
}
