using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Tests.Notifications;

/// <summary>ClusterEvent → NOTIFICATION_DATA_RPC per the MS-CMRP 3.1.4.2.138 tables.</summary>
public sealed class NotificationMapperTests
{
    private static ClusterEvent E(ClusterObjectType t, ClusterChange c, string id = "id", string name = "n", string? parent = null, string? type = null) =>
        new(1, t, c, id, name, parent, type, []);

    [Fact]
    public void CSV_ADDED_and_REMOVED_use_the_header_flags_with_NULL_ParentId_and_Type()
    {
        var added = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeAdded)));
        Assert.Equal(new NotifyFilterAndType(0xA, 2), added.Data.FilterAndType);
        Assert.Equal(new byte[4], added.Data.Buffer.ToArray()); // bare value-list end mark (docs/behaviour.md, "Value lists without a header")
        Assert.Null(added.Data.ParentId);
        Assert.Null(added.Data.Type);
        Assert.Equal(4, Assert.Single(NotificationMapper.Map(E(ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeRemoved))).Data.FilterAndType.FilterFlags);
    }

    [Fact]
    public void Resource_deleted_and_owner_group_carry_the_group_ID_as_a_string()
    {
        var d = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Resource, ClusterChange.Deleted, parent: "g1", type: "Physical Disk")));
        Assert.Equal(new NotifyFilterAndType(3, 0x80), d.Data.FilterAndType);
        Assert.Equal(NotificationMapper.Utf16Z("g1"), d.Data.Buffer.ToArray());
        var o = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Resource, ClusterChange.OwnerChanged, parent: "g2")));
        Assert.Equal(8, o.Data.FilterAndType.FilterFlags);
        Assert.Equal(("id", "g2", "n", ""), (o.Data.ObjectId, o.Data.ParentId, o.Data.Name, o.Data.Type));
    }

    [Fact]
    public void Resource_added_is_GROUP_RESOURCE_ADDED_V2_targeted_at_the_group()
    {
        var a = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Resource, ClusterChange.Added, "r9", "Res9", "g1")));
        Assert.Equal("g1", a.TargetId);
        Assert.Equal(new NotifyFilterAndType(2, 0x40), a.Data.FilterAndType);
        Assert.Equal(NotificationMapper.Utf16Z("g1"), a.Data.Buffer.ToArray());
        Assert.Equal(("r9", "Res9"), (a.Data.ObjectId, a.Data.Name));
        Assert.Equal("g1", a.ParentGroupId);
    }

    [Fact]
    public void Group_owner_change_and_state_are_read_at_delivery()
    {
        var o = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Group, ClusterChange.OwnerChanged)));
        Assert.Equal((2u, 0x10L, DeferredPayload.GroupOwnerNodeId), (o.Data.FilterAndType.ObjectType, o.Data.FilterAndType.FilterFlags, o.Payload));
        var s = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Group, ClusterChange.StateChanged)));
        Assert.Equal((8L, DeferredPayload.GroupState), (s.Data.FilterAndType.FilterFlags, s.Payload));
    }

    [Fact]
    public void Node_state_cluster_rename_and_unknown_changes()
    {
        var n = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Node, ClusterChange.StateChanged, "1", "node1")));
        Assert.Equal((7u, 0x10L, "", ""), (n.Data.FilterAndType.ObjectType, n.Data.FilterAndType.FilterFlags, n.Data.ParentId, n.Data.Type));
        var r = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Cluster, ClusterChange.NameChanged, "", "CLUSTER2")));
        Assert.Equal((0x400L, "", "CLUSTER2"), (r.Data.FilterAndType.FilterFlags, r.Data.ObjectId, r.Data.Name));
        Assert.Empty(NotificationMapper.Map(E(ClusterObjectType.Registry, ClusterChange.StateChanged)));
    }

    // Registry area (issue 11): docs/behaviour.md, "Registry notifications".
    [Fact]
    public void Registry_value_changes_are_VALUE_V2_of_their_key_and_key_changes_NAME_V2_of_the_parent()
    {
        var v = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Registry, ClusterChange.PropertiesChanged, @"App\Config", "Level")));
        Assert.Equal((8u, 0x8L, @"App\Config", "Level", (string?)null, ""),
            (v.Data.FilterAndType.ObjectType, v.Data.FilterAndType.FilterFlags, v.Data.ObjectId, v.Data.Name, v.Data.ParentId, v.Data.Type));
        var k = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Registry, ClusterChange.Added, @"App\Config", "Config")));
        Assert.Equal((0x2L, "App", "Config"), (k.Data.FilterAndType.FilterFlags, k.Data.ObjectId, k.Data.Name));
        var d = Assert.Single(NotificationMapper.Map(E(ClusterObjectType.Registry, ClusterChange.Deleted, "App", "App")));
        Assert.Equal((0x2L, "", "App"), (d.Data.FilterAndType.FilterFlags, d.Data.ObjectId, d.Data.Name));
        Assert.True(NotificationMapper.InRegistryScope(d, 0x2));
        Assert.False(NotificationMapper.InRegistryScope(v, 0x8));
        Assert.True(NotificationMapper.InRegistryScope(v, 0x8 | 0x4));
    }
}
