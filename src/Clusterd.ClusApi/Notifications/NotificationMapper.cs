using System.Buffers.Binary;
using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>A payload or field that is read from the engine when the notification is delivered (see <see cref="NotificationMapper"/>).</summary>
public enum DeferredPayload
{
    /// <summary>The buffer is final.</summary>
    None,
    /// <summary>DWORD resource state (3.1.4.2.13).</summary>
    ResourceState,
    /// <summary>DWORD group state (3.1.4.2.46).</summary>
    GroupState,
    /// <summary>The ID of the group's owner node, as a NUL-terminated UTF-16 string.</summary>
    GroupOwnerNodeId,
    /// <summary>DWORD group type (CLUSTER_CHANGE_CLUSTER_GROUP_ADDED_V2).</summary>
    GroupType,
    /// <summary>DWORD node state (3.1.4.2.69).</summary>
    NodeState,
    /// <summary>DWORD network state (3.1.4.2.83).</summary>
    NetworkState,
    /// <summary>DWORD network interface state (3.1.4.2.94).</summary>
    NetInterfaceState,
}

/// <summary>
/// One notification derived from a <see cref="ClusterEvent"/>, before it is matched against registrations.
/// </summary>
/// <param name="TargetId">The object a targeted registration must name to receive it (null: cluster-wide only).</param>
/// <param name="Data">NOTIFICATION_DATA_RPC; FilterAndType.FilterFlags holds exactly one flag (3.1.4.2.138).</param>
/// <param name="Payload">A buffer to fill at delivery instead of <see cref="NotificationDataRpc.Buffer"/>.</param>
/// <param name="ParentGroupId">When set, ParentId is the ID of this group's owner node, read at delivery.</param>
public sealed record NotificationDraft(string? TargetId, NotificationDataRpc Data, DeferredPayload Payload = DeferredPayload.None, string? ParentGroupId = null);

/// <summary>
/// ClusterEvent → NOTIFICATION_DATA_RPC per the MS-CMRP 3.1.4.2.138 tables. Pure: it never calls the engine (it runs
/// in the engine callback). Where the table wants a value of the object (a resource's new state, a group's owner
/// node), it comes from the event's <see cref="ClusterEvent.Snapshot"/>, taken when the change happened, so two quick
/// transitions report two states. Only an event without a snapshot (a deleted object) leaves it to
/// <see cref="DeferredPayload"/> / <see cref="NotificationDraft.ParentGroupId"/>, read when the client collects the
/// notification (a deleted object then reads as Unknown). Property-change notifications carry a PROPERTY_LIST with zero properties: the event does not
/// say which values changed, and an empty list is honest and parseable. Events the spec has no flag for (e.g. a
/// group rename: there is no GROUP_NAME_V2) become COMMON_PROPERTY_V2, since Name is a common property.
/// </summary>
public static class NotificationMapper
{
    private static readonly byte[] EmptyPropertyList = new byte[4]; // PROPERTY_LIST with count 0 (2.2.3.10)

    /// <summary>The notifications <paramref name="e"/> produces, in order (usually zero or one).</summary>
    public static IReadOnlyList<NotificationDraft> Map(ClusterEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var drafts = Drafts(e);
        return e.Snapshot is { } snapshot ? [.. drafts.Select(d => Settle(d, snapshot))] : drafts;
    }

    /// <summary>
    /// Fills what the event's snapshot knows (the state, owner node and group type when the change happened), so only
    /// events without a snapshot leave anything to be read at delivery.
    /// </summary>
    private static NotificationDraft Settle(NotificationDraft draft, EventSnapshot snapshot)
    {
        var data = draft.Data;
        var parentGroup = draft.ParentGroupId;
        if (parentGroup is not null && snapshot.OwnerNodeId is { } owner)
        {
            data = data with { ParentId = owner };
            parentGroup = null;
        }

        byte[]? buffer = draft.Payload switch
        {
            DeferredPayload.ResourceState or DeferredPayload.GroupState or DeferredPayload.NodeState
                or DeferredPayload.NetworkState or DeferredPayload.NetInterfaceState when snapshot.State is { } state => Dword(state),
            DeferredPayload.GroupOwnerNodeId when snapshot.OwnerNodeId is { } node => Utf16Z(node),
            DeferredPayload.GroupType when snapshot.GroupType is { } groupType => Dword(groupType),
            _ => null,
        };
        return buffer is null
            ? draft with { Data = data, ParentGroupId = parentGroup }
            : draft with { Data = data with { Buffer = buffer }, Payload = DeferredPayload.None, ParentGroupId = parentGroup };
    }

    private static NotificationDraft[] Drafts(ClusterEvent e)
    {
        return e.ObjectType switch
        {
            ClusterObjectType.SharedVolume => SharedVolume(e),
            ClusterObjectType.Resource => Resource(e),
            ClusterObjectType.Group => Group(e),
            ClusterObjectType.Node => Node(e),
            ClusterObjectType.NetworkInterface => NetInterface(e),
            ClusterObjectType.Network => Network(e),
            ClusterObjectType.ResourceType => ResourceType(e),
            ClusterObjectType.Cluster => Cluster(e),
            ClusterObjectType.GroupSet => GroupSet(e),
            ClusterObjectType.Registry => Registry(e),
            _ => [],
        };
    }

    /// <summary>A DWORD payload, little-endian.</summary>
    public static byte[] Dword(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    /// <summary>A NUL-terminated UTF-16LE string payload (IDs in the 3.1.4.2.138 tables).</summary>
    public static byte[] Utf16Z(string value) => Encoding.Unicode.GetBytes((value ?? "") + "\0");

    private static NotificationDataRpc Data(ClusterObjectType type, long flag, ReadOnlyMemory<byte> buffer, string? id, string? parent, string? name, string? typeName) =>
        new(new NotifyFilterAndType((uint)type, flag), buffer, id, parent, name, typeName);

    // 3.1.4.2.138 shared volume: ObjectId/Name = the CSV resource, ParentId = Type = NULL, buffer = value list of
    // STATE_INFO_EX (docs/behaviour.md, "Value lists without a header"). ADDED_V2/REMOVED_V2 are clusapi.h-only (docs/behaviour.md, "CSV notifications"): same shape, with the
    // states the event carries (none for ADDED, so the buffer is the bare end mark).
    private static NotificationDraft[] SharedVolume(ClusterEvent e)
    {
        long flag = e.Change switch
        {
            ClusterChange.SharedVolumeState => (long)SharedVolumeChangeV2.State,
            ClusterChange.SharedVolumeAdded => (long)SharedVolumeChangeV2.Added,
            ClusterChange.SharedVolumeRemoved => (long)SharedVolumeChangeV2.Removed,
            _ => 0,
        };
        return flag == 0 ? [] :
            [new(null, Data(ClusterObjectType.SharedVolume, flag, ControlDispatcher.StateInfoExList(e.SharedVolumeStates), e.ObjectId, null, e.Name, null))];
    }

    // Resource: ObjectId, ParentId = group ID, Name, Type = resource type name.
    private static NotificationDraft[] Resource(ClusterEvent e)
    {
        string group = e.ParentId ?? "";
        NotificationDraft Make(ClusterChangeResourceV2 flag, ReadOnlyMemory<byte> buffer, DeferredPayload payload = DeferredPayload.None) =>
            new(e.ObjectId, Data(ClusterObjectType.Resource, (long)flag, buffer, e.ObjectId, group, e.Name, e.TypeName ?? ""), payload);
        return e.Change switch
        {
            ClusterChange.StateChanged => [Make(ClusterChangeResourceV2.State, default, DeferredPayload.ResourceState)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeResourceV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.OwnerChanged => [Make(ClusterChangeResourceV2.OwnerGroup, Utf16Z(group))],
            ClusterChange.Deleted => [Make(ClusterChangeResourceV2.Deleted, Utf16Z(group))],
            // No resource "added" flag; the group gets CLUSTER_CHANGE_GROUP_RESOURCE_ADDED_V2: buffer = group ID,
            // ObjectId/Name = the new resource, ParentId = the group's node.
            ClusterChange.Added when e.ParentId is not null =>
                [new(e.ParentId, Data(ClusterObjectType.Group, (long)ClusterChangeGroupV2.ResourceAdded, Utf16Z(group), e.ObjectId, null, e.Name, ""),
                    ParentGroupId: e.ParentId)],
            _ => [],
        };
    }

    // Group: ObjectId, Name, ParentId = ID of the hosting node (from the snapshot), Type "".
    private static NotificationDraft[] Group(ClusterEvent e)
    {
        NotificationDraft Make(ClusterChangeGroupV2 flag, ReadOnlyMemory<byte> buffer, DeferredPayload payload = DeferredPayload.None) =>
            new(e.ObjectId, Data(ClusterObjectType.Group, (long)flag, buffer, e.ObjectId, null, e.Name, ""), payload, e.ObjectId);
        return e.Change switch
        {
            ClusterChange.StateChanged => [Make(ClusterChangeGroupV2.State, default, DeferredPayload.GroupState)],
            ClusterChange.OwnerChanged => [Make(ClusterChangeGroupV2.OwnerNode, default, DeferredPayload.GroupOwnerNodeId)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeGroupV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.Deleted => [Make(ClusterChangeGroupV2.Deleted, default)],
            ClusterChange.Added =>
                [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.GroupAdded, default, e.ObjectId, null, e.Name, ""),
                    DeferredPayload.GroupType, e.ObjectId)],
            _ => [],
        };
    }

    // Node: ObjectId, Name, ParentId "", Type "".
    private static NotificationDraft[] Node(ClusterEvent e)
    {
        NotificationDraft Make(ClusterChangeNodeV2 flag, ReadOnlyMemory<byte> buffer, DeferredPayload payload = DeferredPayload.None) =>
            new(e.ObjectId, Data(ClusterObjectType.Node, (long)flag, buffer, e.ObjectId, "", e.Name, ""), payload);
        return e.Change switch
        {
            ClusterChange.StateChanged => [Make(ClusterChangeNodeV2.State, default, DeferredPayload.NodeState)],
            // NODE_DELETED_V2 carries the node state; an evicted node has none left, so it reads as Unknown.
            ClusterChange.Deleted => [Make(ClusterChangeNodeV2.Deleted, default, DeferredPayload.NodeState)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeNodeV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.Added =>
                [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.NodeAdded, default, e.ObjectId, "", e.Name, ""), DeferredPayload.NodeState)],
            _ => [],
        };
    }

    // Network interface: ObjectId, ParentId = node ID, Name, Type "".
    private static NotificationDraft[] NetInterface(ClusterEvent e)
    {
        string node = e.ParentId ?? "";
        NotificationDraft Make(ClusterChangeNetInterfaceV2 flag, ReadOnlyMemory<byte> buffer, DeferredPayload payload = DeferredPayload.None) =>
            new(e.ObjectId, Data(ClusterObjectType.NetworkInterface, (long)flag, buffer, e.ObjectId, node, e.Name, ""), payload);
        return e.Change switch
        {
            ClusterChange.StateChanged => [Make(ClusterChangeNetInterfaceV2.State, default, DeferredPayload.NetInterfaceState)],
            ClusterChange.Deleted => [Make(ClusterChangeNetInterfaceV2.Deleted, default)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeNetInterfaceV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.Added when e.ParentId is not null =>
                [new(e.ParentId, Data(ClusterObjectType.Node, (long)ClusterChangeNodeV2.NetInterfaceAdded, Utf16Z(node), e.ObjectId, "", e.Name, ""))],
            _ => [],
        };
    }

    // Network: ObjectId, ParentId "", Name, Type "".
    private static NotificationDraft[] Network(ClusterEvent e)
    {
        NotificationDraft Make(ClusterChangeNetworkV2 flag, ReadOnlyMemory<byte> buffer, DeferredPayload payload = DeferredPayload.None) =>
            new(e.ObjectId, Data(ClusterObjectType.Network, (long)flag, buffer, e.ObjectId, "", e.Name, ""), payload);
        return e.Change switch
        {
            ClusterChange.StateChanged => [Make(ClusterChangeNetworkV2.State, default, DeferredPayload.NetworkState)],
            ClusterChange.Deleted => [Make(ClusterChangeNetworkV2.Deleted, default)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeNetworkV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.Added =>
                [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.NetworkAdded, default, e.ObjectId, "", e.Name, ""))],
            _ => [],
        };
    }

    // Resource type: ObjectId "", ParentId "", Name = type name, Type "". ApiAddNotifyV2 registrations are
    // cluster-wide (HCLUSTER); ApiAddNotifyResourceTypeV2 (3.1.4.2.144) targets one type by name, hence TargetId.
    private static NotificationDraft[] ResourceType(ClusterEvent e)
    {
        NotificationDraft Make(ClusterChangeResourceTypeV2 flag, ReadOnlyMemory<byte> buffer) =>
            new(e.Name, Data(ClusterObjectType.ResourceType, (long)flag, buffer, "", "", e.Name, ""));
        return e.Change switch
        {
            ClusterChange.Deleted => [Make(ClusterChangeResourceTypeV2.Deleted, default)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeResourceTypeV2.CommonProperty, EmptyPropertyList)],
            ClusterChange.Added =>
                [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.ResourceTypeAdded, default, "", "", e.Name, ""))],
            _ => [],
        };
    }

    // Cluster: ObjectId "", Type "" always; RENAME_V2 names the new cluster name, COMMON_PROPERTY_V2 leaves Name empty.
    private static NotificationDraft[] Cluster(ClusterEvent e) => e.Change switch
    {
        ClusterChange.NameChanged =>
            [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.Rename, default, "", "", e.Name, ""))],
        ClusterChange.PropertiesChanged =>
            [new(null, Data(ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.CommonProperty, EmptyPropertyList, "", "", "", ""))],
        _ => [],
    };

    // Group set: 3.1.4.2.138 has no table for group sets; the group-like shape is used, without a state payload.
    private static NotificationDraft[] GroupSet(ClusterEvent e)
    {
        NotificationDraft Make(ClusterChangeGroupSetV2 flag, ReadOnlyMemory<byte> buffer) =>
            new(e.ObjectId, Data(ClusterObjectType.GroupSet, (long)flag, buffer, e.ObjectId, "", e.Name, ""));
        return e.Change switch
        {
            ClusterChange.Deleted => [Make(ClusterChangeGroupSetV2.Deleted, default)],
            ClusterChange.StateChanged => [Make(ClusterChangeGroupSetV2.State, default)],
            ClusterChange.PropertiesChanged or ClusterChange.NameChanged => [Make(ClusterChangeGroupSetV2.CommonProperty, EmptyPropertyList)],
            _ => [],
        };
    }
    // Registry (Registry area, docs/behaviour.md "Registry notifications"): a key created or deleted is NAME_V2 of its
    // parent, a value set or deleted VALUE_V2 of its key. ObjectId = that key's path from the root ("" for the root),
    // Name = the subkey's or value's name, ParentId NULL (2.2.2.19: not set), Type "", no buffer. TargetId carries the
    // key's path so that a registration sees the root key, and its subtree only with SUBTREE_V2 (InRegistryScope).
    private static NotificationDraft[] Registry(ClusterEvent e)
    {
        var (flag, key) = e.Change switch
        {
            ClusterChange.Added or ClusterChange.Deleted => (ClusterChangeRegistryV2.Name, ParentPath(e.ObjectId)),
            ClusterChange.PropertiesChanged => (ClusterChangeRegistryV2.Value, e.ObjectId),
            _ => (default(ClusterChangeRegistryV2), ""),
        };
        return flag == default ? [] : [new(key, Data(ClusterObjectType.Registry, (long)flag, default, key, null, e.Name, ""))];
    }

    private static string ParentPath(string path)
    {
        var slash = path.LastIndexOf('\\');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>
    /// Whether a registry notification is in the scope of a registration with <paramref name="flags"/>: the monitored key
    /// is the root (MS-CMRP 3.1.4.2.137), so a change of the root key always is, a change below it only with
    /// CLUSTER_CHANGE_REGISTRY_SUBTREE_V2.
    /// </summary>
    public static bool InRegistryScope(NotificationDraft draft, long flags)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return string.IsNullOrEmpty(draft.TargetId) || (flags & (long)ClusterChangeRegistryV2.Subtree) != 0;
    }
}
