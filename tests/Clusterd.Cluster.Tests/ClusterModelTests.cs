using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>The cluster model: default topology, nodes, groups and resources with their state machines.</summary>
public sealed class ClusterModelTests
{
    [Fact]
    public void Default_topology_is_the_lab_cluster()
    {
        using var f = new EngineFixture();
        var e = f.Engine;
        var info = e.Queries.GetClusterInfo();
        Assert.Equal("CLUSTER1", info.Name);
        Assert.Equal("node1", info.LocalNodeName);
        Assert.Equal(@"C:\ClusterStorage", info.SharedVolumesRoot);
        Assert.Equal(["node1", "node2", "node3"], e.Queries.Enumerate(ClusterEnumType.Node));
        Assert.Contains("Cluster Group", e.Queries.Enumerate(ClusterEnumType.Group));
        Assert.Contains("Available Storage", e.Queries.Enumerate(ClusterEnumType.Group));
        Assert.Equal(["Cluster Disk 1", "Cluster Disk 2"], e.Queries.Enumerate(ClusterEnumType.SharedVolumeResource));
        Assert.Equal(["Cluster Disk 1", "Cluster Disk 2"], e.Queries.Enumerate(ClusterEnumType.SharedVolumeGroup));
        Assert.Equal(["Generic Service", "IP Address", "Network Name", "Physical Disk", "Storage Pool"], e.Queries.Enumerate(ClusterEnumType.ResourceType));
        Assert.Equal(["Cluster Network 1"], e.Queries.Enumerate(ClusterEnumType.Network));
        Assert.Equal(["node1 - Ethernet", "node2 - Ethernet", "node3 - Ethernet"], e.Queries.Enumerate(ClusterEnumType.NetInterface));
        Assert.Equal("Network Name", e.Queries.FindResource("Cluster Name")!.TypeName);
        Assert.Equal(["Cluster IP Address"], e.Queries.FindResource("Cluster Name")!.DependsOnNames);
        // A lab cluster's client access point: Samba's rpc.clusapi opens a resource named "Network Name".
        Assert.Equal(["Cluster Disk 1", "Cluster Disk 2", "Cluster Disk 3", "Cluster IP Address", "Cluster Name", "Network Name"], e.Queries.Enumerate(ClusterEnumType.Resource));
        Assert.Equal("Network Name", e.Queries.FindResource("Network Name")!.TypeName);
        Assert.False(e.Queries.FindResource("Network Name")!.IsCore);
        Assert.Equal(Volume1Guid, f.Volume(Volume1).VolumeName);
        Assert.Equal(Volume2Guid, f.Volume(Volume2).VolumeName);
        Assert.Equal("node1", f.Volume(Volume1).CoordinatorNodeName);
        Assert.Equal("node2", f.Volume(Volume2).CoordinatorNodeName);
        Assert.Equal(["Cluster Group"], e.Queries.GetGroupSetNames());
        Assert.All(e.Queries.GetNodes(), n => Assert.Equal(ClusterNodeState.Up, n.State));
        Assert.Equal(ClusterGroupState.Online, e.Queries.FindGroup("Cluster Group")!.State);
    }

    [Fact]
    public void Cluster_database_is_a_registry_tree_with_objects_and_properties()
    {
        using var f = new EngineFixture();
        var root = f.Engine.Queries.GetObjectValues(ClusterObjectType.Cluster, "")!;
        Assert.Equal("CLUSTER1", root.GetString("ClusterName"));
        Assert.True(Guid.TryParse(root.GetString("ClusterInstanceID"), out _));
        Assert.Equal(["Groups", "GroupSets", "NetworkInterfaces", "Networks", "Nodes", "Resources", "ResourceTypes"], f.Engine.Queries.GetRegistryKey("")!.Subkeys.Select(k => k.Name));
        var res = f.Engine.Queries.GetObjectValues(ClusterObjectType.Resource, "9a1e1f00-0000-4000-8000-000000000002")!;
        Assert.Equal("Cluster Name", res.GetString("Name"));
        Assert.Equal("CLUSTER1", f.Engine.Queries.GetPrivateValues(ClusterObjectType.Resource, "9a1e1f00-0000-4000-8000-000000000002")!.Single(v => v.Name == "Name").AsString());
        Assert.Equal(RegistryValueType.MultiString, res.Get("DependsOn")!.Type);
    }

    [Fact]
    public void Pause_then_resume_a_node_and_resume_of_an_unpaused_node_returns_ERROR_CLUSTER_NODE_NOT_PAUSED()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.ClusterNodeNotPaused, f.Engine.Execute(new ResumeNode("node2")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new PauseNode("node2")));
        Assert.Equal(ClusterNodeState.Paused, f.Engine.Queries.FindNode("node2")!.State);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new PauseNode("node2")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ResumeNode("node2")));
        Assert.Equal(ClusterNodeState.Up, f.Engine.Queries.FindNode("node2")!.State);
        Assert.Equal(Win32Error.ClusterNodeNotFound, f.Engine.Execute(new PauseNode("node9")));
    }

    [Fact]
    public void Node_pause_is_nonvolatile_and_node_loss_is_not()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new PauseNode("node2"));
        f.Engine.Execute(new SetNodeDown("node3"));
        f.Restart();
        Assert.Equal(ClusterNodeState.Paused, f.Engine.Queries.FindNode("node2")!.State);
        Assert.Equal(ClusterNodeState.Up, f.Engine.Queries.FindNode("node3")!.State);
    }

    [Fact]
    public void Node_loss_fails_groups_over_and_moves_the_CSV_coordinator()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNodeDown("node1")));
        Assert.Equal(ClusterNodeState.Down, f.Engine.Queries.FindNode("node1")!.State);
        Assert.Equal("node2", f.Engine.Queries.FindGroup("Cluster Group")!.OwnerNodeName);
        Assert.Equal(ClusterGroupState.Online, f.Engine.Queries.FindGroup("Cluster Group")!.State);
        Assert.Equal("node2", f.Volume(Volume1).CoordinatorNodeName);
        var states = f.Engine.Queries.GetAllVolumeStates().Where(s => s.NodeName == "node1");
        Assert.All(states, s => Assert.Equal(SharedVolumeState.Unavailable, s.State));
        Assert.Equal(Win32Error.ClusterNodeAlreadyDown, f.Engine.Execute(new SetNodeDown("node1")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNodeUp("node1")));
        Assert.Equal(Win32Error.ClusterNodeAlreadyUp, f.Engine.Execute(new SetNodeUp("node1")));
    }

    [Fact]
    public void Failover_skips_paused_nodes_and_follows_preferred_owners()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetGroupNodeList("Cluster Group", ["node1", "node3", "node2"])));
        f.Engine.Execute(new PauseNode("node3"));
        f.Engine.Execute(new SetNodeDown("node1"));
        Assert.Equal("node2", f.Engine.Queries.FindGroup("Cluster Group")!.OwnerNodeName);
    }

    [Fact]
    public void A_joining_node_becomes_up_after_the_join_delay()
    {
        using var f = new EngineFixture(joinDelay: TimeSpan.FromSeconds(5));
        f.Engine.Execute(new SetNodeDown("node3"));
        f.Engine.Execute(new SetNodeUp("node3"));
        Assert.Equal(ClusterNodeState.Joining, f.Engine.Queries.FindNode("node3")!.State);
        f.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ClusterNodeState.Up, f.Engine.Queries.FindNode("node3")!.State);
    }

    [Fact]
    public void Evict_removes_the_node_its_interfaces_and_moves_its_groups()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new EvictNode("node1")));
        Assert.Null(f.Engine.Queries.FindNode("node1"));
        Assert.Equal(["node2", "node3"], f.Engine.Queries.Enumerate(ClusterEnumType.Node));
        Assert.DoesNotContain("node1 - Ethernet", f.Engine.Queries.Enumerate(ClusterEnumType.NetInterface));
        Assert.Equal("node2", f.Engine.Queries.GetClusterInfo().LocalNodeName);
        Assert.Equal("node2", f.Engine.Queries.FindGroup("Cluster Group")!.OwnerNodeName);
        f.Restart();
        Assert.Null(f.Engine.Queries.FindNode("node1"));
    }

    [Fact]
    public void The_last_node_cannot_be_evicted()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new EvictNode("node1"));
        f.Engine.Execute(new EvictNode("node2"));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new EvictNode("node3")));
    }

    [Fact]
    public void Resource_create_rename_delete_round_trip_and_names_are_unique()
    {
        using var f = new EngineFixture();
        var (e, id) = f.Engine.Execute(new CreateResource("Cluster Group", "wurst", "Generic Service"));
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource(id!)!.State);
        Assert.Equal(Win32Error.ObjectAlreadyExists, f.Engine.Execute(new CreateResource("Cluster Group", "WURST", "Generic Service")).Error);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new RenameResource("wurst", "wurst")));
        Assert.Equal(Win32Error.ObjectAlreadyExists, f.Engine.Execute(new RenameResource("wurst", "Cluster Name")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new RenameResource("wurst", "wurst2")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteResource("wurst2")));
        Assert.Null(f.Engine.Queries.FindResource(id!));
        Assert.Equal(Win32Error.ResourceNotFound, f.Engine.Execute(new DeleteResource("wurst2")));
    }

    [Fact]
    public void CreateResource_errors_name_the_missing_part()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.GroupNotFound, f.Engine.Execute(new CreateResource("nope", "x", "Generic Service")).Error);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, f.Engine.Execute(new CreateResource("Cluster Group", "x", "nope")).Error);
        Assert.Equal(Win32Error.ClusterUseSharedVolumesApi, f.Engine.Execute(new CreateResource(Disk1, "x", "Generic Service")).Error);
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateResource("Cluster Group", "", "Generic Service")).Error);
    }

    [Fact]
    public void Core_online_and_depended_on_resources_cannot_be_deleted()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.CoreResource, f.Engine.Execute(new DeleteResource("Cluster Name")));
        f.Engine.Execute(new CreateResource("Cluster Group", "a", "Generic Service"));
        f.Engine.Execute(new CreateResource("Cluster Group", "b", "Generic Service"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new AddDependency("b", "a")));
        Assert.Equal(Win32Error.DependentResourceExists, f.Engine.Execute(new DeleteResource("a")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OnlineResource("b")));
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("a")!.State); // dependency came online first
        Assert.Equal(Win32Error.ResourceOnline, f.Engine.Execute(new DeleteResource("b")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineResource("a")));
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("b")!.State); // dependent went offline first
    }

    [Fact]
    public void Dependencies_refuse_duplicates_cycles_and_other_groups()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateResource("Cluster Group", "a", "Generic Service"));
        f.Engine.Execute(new CreateResource("Cluster Group", "b", "Generic Service"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new AddDependency("b", "a")));
        Assert.Equal(Win32Error.DependencyAlreadyExists, f.Engine.Execute(new AddDependency("b", "a")));
        Assert.Equal(Win32Error.CircularDependency, f.Engine.Execute(new AddDependency("a", "b")));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new AddDependency("a", Disk3)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new RemoveDependency("b", "a")));
        Assert.Equal(Win32Error.DependencyNotFound, f.Engine.Execute(new RemoveDependency("b", "a")));
    }

    [Fact]
    public void Pending_transitions_return_ERROR_IO_PENDING_and_complete_on_the_deadline()
    {
        var topology = Topology.TopologyConfig.Default();
        var slow = topology with
        {
            ResourceTypes = [.. topology.ResourceTypes.Select(t => t.Name == "Generic Service" ? t with { PendingSeconds = 3 } : t)],
        };
        var store = new Store.InMemoryClusterStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        using var engine = Engine.ClusterEngine.Open(store, slow, new Engine.ClusterOptions(), time);
        engine.Execute(new CreateResource("Cluster Group", "svc", "Generic Service"));
        Assert.Equal(Win32Error.IoPending, engine.Execute(new OnlineResource("svc")));
        Assert.Equal(ClusterResourceState.OnlinePending, engine.Queries.FindResource("svc")!.State);
        Assert.Equal(ClusterGroupState.Pending, engine.Queries.FindGroup("Cluster Group")!.State);
        Assert.Equal(Win32Error.IoPending, engine.Execute(new OnlineResource("svc")));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ClusterResourceState.Online, engine.Queries.FindResource("svc")!.State);
        Assert.Equal(Win32Error.IoPending, engine.Execute(new OfflineResource("svc")));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ClusterResourceState.Offline, engine.Queries.FindResource("svc")!.State);
    }

    [Fact]
    public void DeleteGroup_with_force_deletes_a_pending_resource_with_its_group_and_its_deadline_is_stale()
    {
        // MS-CMRP 3.1.4.2.44: one command. A resource coming online is taken offline at once and deleted; taking it
        // offline as its own command used to leave it OfflinePending and the delete refused (ERROR_RESOURCE_ONLINE).
        var topology = Topology.TopologyConfig.Default();
        var slow = topology with
        {
            ResourceTypes = [.. topology.ResourceTypes.Select(t => t.Name == "Generic Service" ? t with { PendingSeconds = 3 } : t)],
        };
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        using var engine = Engine.ClusterEngine.Open(new Store.InMemoryClusterStore(), slow, new Engine.ClusterOptions(), time);
        Assert.Equal(Win32Error.Success, engine.Execute(new CreateGroup("g")).Error);
        Assert.Equal(Win32Error.Success, engine.Execute(new CreateResource("g", "svc", "Generic Service")).Error);
        Assert.Equal(Win32Error.IoPending, engine.Execute(new OnlineResource("svc")));

        Assert.Equal(Win32Error.DirNotEmpty, engine.Execute(new DeleteGroup("g")));
        Assert.Equal(Win32Error.Success, engine.Execute(new DeleteGroup("g", Force: true)));
        Assert.Null(engine.Queries.FindGroup("g"));
        Assert.Null(engine.Queries.FindResource("svc"));
        time.Advance(TimeSpan.FromSeconds(3)); // the deadline comes due and finds nothing
        Assert.Null(engine.Queries.FindResource("svc"));
        Assert.Equal(Win32Error.SpecialGroup, engine.Execute(new DeleteGroup("Cluster Disk 1", Force: true)));
        Assert.Equal(Win32Error.CoreResource, engine.Execute(new DeleteGroup("Cluster Group", Force: true)));
        Assert.Equal(ClusterResourceState.Online, engine.Queries.FindResource("Cluster Name")!.State);
    }

    [Fact]
    public void Group_states_follow_their_resources()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new FailResource("Cluster IP Address")));
        Assert.Equal(ClusterGroupState.Failed, f.Engine.Queries.FindGroup("Cluster Group")!.State);
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource("Cluster Name")!.State);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OnlineResource("Cluster IP Address")));
        Assert.Equal(ClusterGroupState.PartialOnline, f.Engine.Queries.FindGroup("Cluster Group")!.State);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OnlineGroup("Cluster Group")));
        Assert.Equal(ClusterGroupState.Online, f.Engine.Queries.FindGroup("Cluster Group")!.State);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineGroup("Cluster Group")));
        Assert.Equal(ClusterGroupState.Offline, f.Engine.Queries.FindGroup("Cluster Group")!.State);
    }

    [Fact]
    public void Resource_persistent_state_survives_restart()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new OfflineResource(Disk3));
        f.Engine.Execute(new CreateResource("Cluster Group", "svc", "Generic Service"));
        f.Engine.Execute(new OnlineResource("svc"));
        f.Restart();
        Assert.Equal(ClusterResourceState.Offline, f.Engine.Queries.FindResource(Disk3)!.State);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource("svc")!.State);
    }

    [Fact]
    public void Moving_a_group_restarts_its_online_resources_on_the_target()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new MoveGroup("Cluster Group", "node3")));
        var g = f.Engine.Queries.FindGroup("Cluster Group")!;
        Assert.Equal("node3", g.OwnerNodeName);
        Assert.Equal(ClusterGroupState.Online, g.State);
        Assert.Equal("node3", f.Engine.Queries.FindResource("Cluster Name")!.OwnerNodeName);
        Assert.Equal(Win32Error.ClusterNodeNotFound, f.Engine.Execute(new MoveGroup("Cluster Group", "node9")));
        f.Engine.Execute(new PauseNode("node2"));
        Assert.Equal(Win32Error.ClusterNodePaused, f.Engine.Execute(new MoveGroup("Cluster Group", "node2")));
        f.Engine.Execute(new SetNodeDown("node1"));
        Assert.Equal(Win32Error.HostNodeNotAvailable, f.Engine.Execute(new MoveGroup("Cluster Group", "node1")));
    }

    [Fact]
    public void Special_group_refuses_online_offline_and_node_list_with_ERROR_SPECIAL_GROUP()
    {
        using var f = new EngineFixture();
        Assert.True(f.Engine.Queries.FindGroup(Disk1)!.IsSpecial);
        Assert.Equal(ClusterGroupType.SharedVolume, f.Engine.Queries.FindGroup(Disk1)!.GroupType);
        Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new OnlineGroup(Disk1)));
        Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new OfflineGroup(Disk1)));
        Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new SetGroupNodeList(Disk1, ["node1"])));
        Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new DeleteGroup(Disk1)));
    }

    [Fact]
    public void Coordinator_move_keeps_the_CSV_online_and_its_backup_mode()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 100);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new MoveGroup(Disk1, "node3")));
        Assert.Equal("node3", f.Volume(Volume1).CoordinatorNodeName);
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Equal(ClusterResourceState.Online, f.Engine.Queries.FindResource(Disk1)!.State);
    }

    [Fact]
    public void Groups_create_rename_delete_and_refuse_deleting_a_non_empty_group()
    {
        using var f = new EngineFixture();
        var (e, id) = f.Engine.Execute(new CreateGroup("Role1"));
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(Win32Error.ObjectAlreadyExists, f.Engine.Execute(new CreateGroup("role1")).Error);
        f.Engine.Execute(new CreateResource("Role1", "svc", "Generic Service"));
        Assert.Equal(Win32Error.DirNotEmpty, f.Engine.Execute(new DeleteGroup("Role1")));
        f.Engine.Execute(new DeleteResource("svc"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new RenameGroup(id!, "Role2")));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteGroup("Role2")));
        Assert.Equal(Win32Error.GroupNotFound, f.Engine.Execute(new DeleteGroup("Role2")));
    }
}
