using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>The NodeNetwork area (issue 11): drain and failback, resource types, quorum, network name and priority.</summary>
public sealed class NodeNetworkTests
{
    private const string Network1Id = "5e1f3d2a-0b7c-4e8d-9f60-112233445566";

    private static string OwnerOf(EngineFixture f, string group) => f.Engine.Queries.FindGroup(group)!.OwnerNodeName;

    [Fact]
    public void A_drain_pauses_the_node_and_moves_every_group_it_owns_to_the_failover_target_in_one_command()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetGroupNodeList("Available Storage", ["node3", "node2"])));
        Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", Drain: true, RemainOnMoveError: false)));

        Assert.Equal(ClusterNodeState.Paused, f.Engine.Queries.FindNode("node1")!.State);
        Assert.Equal("node3", OwnerOf(f, "Available Storage")); // its first preferred owner
        Assert.Equal("node2", OwnerOf(f, "Cluster Group"));     // no preferences: the first other node up
        Assert.Equal("node2", OwnerOf(f, Disk1));               // the CSV coordinator moves too
        Assert.DoesNotContain(f.Engine.Queries.Enumerate(ClusterEnumType.Group), g => OwnerOf(f, g) == "node1");
    }

    [Fact]
    public void A_drain_to_a_target_moves_every_group_there()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, false, DrainTarget: "node3")));
        Assert.Equal("node3", OwnerOf(f, "Cluster Group"));
        Assert.Equal("node3", OwnerOf(f, "Available Storage"));
        Assert.Equal("node3", OwnerOf(f, Disk1));
    }

    [Fact]
    public void A_pause_without_drain_keeps_the_groups_and_answers_success()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new PauseNodeEx("node1", Drain: false, RemainOnMoveError: false)));
        Assert.Equal(ClusterNodeState.Paused, f.Engine.Queries.FindNode("node1")!.State);
        Assert.Equal("node1", OwnerOf(f, "Cluster Group"));
    }

    [Fact]
    public void A_drain_target_that_is_the_node_itself_or_not_up_is_refused_and_nothing_changes()
    {
        using var f = new EngineFixture();
        var before = f.Engine.DumpState();
        Assert.Equal(Win32Error.InvalidTargetHandle, f.Engine.Execute(new PauseNodeEx("node1", true, false, DrainTarget: "node1")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new PauseNode("node3")));
        var paused = f.Engine.DumpState();
        Assert.Equal(Win32Error.HostNodeNotAvailable, f.Engine.Execute(new PauseNodeEx("node1", true, false, DrainTarget: "node3")));
        Assert.Equal(paused, f.Engine.DumpState());
        Assert.Equal(Win32Error.ClusterNodeNotFound, f.Engine.Execute(new PauseNodeEx("node1", true, false, DrainTarget: "node9")));
        Assert.NotEqual(before, paused);
    }

    [Fact]
    public void A_drain_with_no_other_node_up_is_ERROR_CLUSTER_NODE_DOWN_and_changes_nothing()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNodeDown("node2")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new PauseNode("node3")));
        var before = f.Engine.DumpState();
        Assert.Equal(Win32Error.ClusterNodeDown, f.Engine.Execute(new PauseNodeEx("node1", true, false)));
        Assert.Equal(before, f.Engine.DumpState());
    }

    [Fact]
    public void A_group_no_node_can_take_remains_on_the_paused_node_with_the_flag_and_moves_anyway_without_it()
    {
        // Cluster Disk 1's CSV group can only go where the disk is reachable: nowhere but node1.
        static EngineFixture Isolated()
        {
            var f = new EngineFixture();
            Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDiskConnectivity(Disk1, "node2", Connected: false)));
            Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDiskConnectivity(Disk1, "node3", Connected: false)));
            return f;
        }
        using (var f = Isolated())
        {
            Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, RemainOnMoveError: true)));
            Assert.Equal("node1", OwnerOf(f, Disk1));
            Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource(Disk1)!.State);
            Assert.Equal("node2", OwnerOf(f, "Cluster Group"));
            Assert.Equal(ClusterNodeState.Paused, f.Engine.Queries.FindNode("node1")!.State);
        }
        using (var f = Isolated())
        {
            // MS-CMRP 3.1.4.2.125: without the flag the group moves to a different node anyway, not in its persistent state.
            Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, RemainOnMoveError: false)));
            Assert.Equal("node2", OwnerOf(f, Disk1));
            Assert.Equal(ClusterResourceState.Failed, f.Engine.Queries.FindResource(Disk1)!.State);
            Assert.DoesNotContain(f.Engine.Queries.Enumerate(ClusterEnumType.Group), g => OwnerOf(f, g) == "node1");
        }
    }

    [Fact]
    public void Resume_with_immediate_failback_moves_back_the_groups_that_prefer_the_node_and_no_others()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetGroupNodeList("Cluster Group", ["node1", "node2"])));
        Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, false)));
        Assert.Equal("node2", OwnerOf(f, "Cluster Group"));

        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ResumeNodeEx("node1", ResumeFailback.FailbackGroupsImmediately)));
        Assert.Equal(ClusterNodeState.Up, f.Engine.Queries.FindNode("node1")!.State);
        Assert.Equal("node1", OwnerOf(f, "Cluster Group"));
        Assert.Equal("node2", OwnerOf(f, "Available Storage")); // no preference for node1: stays
    }

    [Fact]
    public void Resume_per_policy_fails_back_only_groups_whose_AutoFailbackType_allows_it_and_no_failback_moves_nothing()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetGroupNodeList("Cluster Group", ["node1"])));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetGroupNodeList("Available Storage", ["node1"])));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetProperties(ClusterObjectType.Group, "0c5d2a31-7a1b-4e5f-8d3c-000000000002", false,
            [StoredValue.DWord("AutoFailbackType", 1)])));
        Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, false)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ResumeNodeEx("node1", ResumeFailback.FailbackGroupsPerPolicy)));
        Assert.Equal("node1", OwnerOf(f, "Available Storage"));
        Assert.Equal("node2", OwnerOf(f, "Cluster Group"));

        Assert.Equal(Win32Error.IoPending, f.Engine.Execute(new PauseNodeEx("node1", true, false)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ResumeNodeEx("node1", ResumeFailback.DoNotFailbackGroups)));
        Assert.Equal("node2", OwnerOf(f, "Available Storage"));
        Assert.Equal(Win32Error.ClusterNodeNotPaused, f.Engine.Execute(new ResumeNodeEx("node1", ResumeFailback.DoNotFailbackGroups)));
    }

    [Fact]
    public void A_created_resource_type_is_stored_as_the_seeder_writes_types_and_survives_a_restart()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateResourceType("Custom", "Custom type", "custom.dll", 5000, 60000)));
        f.Restart();
        var t = f.Engine.Queries.FindResourceType("Custom");
        Assert.NotNull(t);
        Assert.Equal("custom.dll", t.DllName);
        Assert.Contains("Custom", f.Engine.Queries.Enumerate(ClusterEnumType.ResourceType));
        Assert.Equal("Custom type", f.Engine.Queries.GetRegistryValue(@"ResourceTypes\Custom", "Name")!.AsString());
        Assert.Equal(5000u, f.Engine.Queries.GetRegistryValue(@"ResourceTypes\Custom", "LooksAlivePollInterval")!.AsDWord());
        Assert.Equal(60000u, f.Engine.Queries.GetRegistryValue(@"ResourceTypes\Custom", "IsAlivePollInterval")!.AsDWord());
        Assert.Equal(Win32Error.AlreadyExists, f.Engine.Execute(new CreateResourceType("custom", "x", "x.dll", 1, 1)));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateResourceType("", "x", "x.dll", 1, 1)));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateResourceType("NoDll", "x", "", 1, 1)));
        // A resource of the new type can be created, and the type then cannot be deleted.
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateResource("Cluster Group", "c1", "Custom")).Error);
        Assert.Equal(Win32Error.DirNotEmpty, f.Engine.Execute(new DeleteResourceType("Custom")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteResource("c1")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteResourceType("Custom")));
        Assert.Null(f.Engine.Queries.FindResourceType("Custom"));
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, f.Engine.Execute(new DeleteResourceType("Custom")));
    }

    [Fact]
    public void The_quorum_resource_is_stored_where_GetQuorumSettings_reads_it_and_only_a_storage_resource_that_is_not_a_CSV_qualifies()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetQuorumResource(Disk3, @"Q:\MSCS\", 0x800000)));
        f.Restart();
        var q = f.Engine.Queries.GetQuorumSettings();
        Assert.Equal("9a1e1f00-0000-4000-8000-000000000013", q.ResourceId);
        Assert.Equal(@"Q:\MSCS\", q.Path);
        Assert.Equal(0x800000u, q.MaxLogSize);
        var before = f.Engine.DumpState();
        Assert.Equal(Win32Error.NotQuorumClass, f.Engine.Execute(new SetQuorumResource("Network Name", "", 0)));
        Assert.Equal(Win32Error.NotQuorumClass, f.Engine.Execute(new SetQuorumResource(Disk1, "", 0)));
        Assert.Equal(Win32Error.ResourceNotFound, f.Engine.Execute(new SetQuorumResource("nope", "", 0)));
        Assert.Equal(before, f.Engine.DumpState());
    }

    [Fact]
    public void A_network_rename_keeps_names_unique_among_names_and_IDs()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNetworkName("Cluster Network 1", "Heartbeat")));
        Assert.Equal("Heartbeat", f.Engine.Queries.FindNetwork(Network1Id)!.Name);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNetworkName("Heartbeat", "heartbeat"))); // its own name, other case
        Assert.Equal(Win32Error.InvalidName, f.Engine.Execute(new SetNetworkName(Network1Id, "")));
        Assert.Equal(Win32Error.NetworkNotAvailable, f.Engine.Execute(new SetNetworkName("gone", "x")));
    }

    [Fact]
    public void The_priority_order_names_every_internal_network_once_and_orders_the_internal_network_enumeration()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetNetworkPriorityOrder([])));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetNetworkPriorityOrder([Network1Id, Network1Id])));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetNetworkPriorityOrder(["00000000-0000-0000-0000-000000000000"])));
        Assert.Empty(f.Engine.Queries.GetNetworkPriorityOrder());
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNetworkPriorityOrder([Network1Id])));
        f.Restart();
        Assert.Equal([Network1Id], f.Engine.Queries.GetNetworkPriorityOrder());
        Assert.Equal(["Cluster Network 1"], f.Engine.Queries.Enumerate(ClusterEnumType.InternalNetwork));
    }
}
