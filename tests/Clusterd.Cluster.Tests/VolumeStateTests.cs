using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>Per-node VolumeState and redirection reasons (MS-CMRP 2.2.3.32), FaultState precedence, and CSV notifications.</summary>
public sealed class VolumeStateTests
{
    private static SharedVolumeNodeState On(EngineFixture f, string volume, string node) =>
        f.Engine.Queries.GetAllVolumeStates().Single(s => s.FriendlyName == volume && s.NodeName == node);

    [Fact]
    public void A_healthy_CSV_is_Active_on_every_node_with_no_reasons()
    {
        using var f = new EngineFixture();
        var states = f.Engine.Queries.GetSharedVolumeStates(Disk1, null).States!;
        Assert.Equal(3, states.Count);
        Assert.All(states, s =>
        {
            Assert.Equal(SharedVolumeState.Active, s.State);
            Assert.Equal(RedirectedIOReason.NotRedirected, s.RedirectedIOReason);
            Assert.Equal(BlockRedirectedIOReason.NotRedirected, s.BlockRedirectedIOReason);
            Assert.Equal(Volume1Guid, s.VolumeName);
        });
    }

    [Fact]
    public void User_redirection_makes_every_node_ActiveRedirected_with_reason_UserRequest()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetDirectIO(Disk1, Volume1, Enable: false));
        Assert.All(f.Engine.Queries.GetSharedVolumeStates(Disk1, Volume1).States!, s =>
        {
            Assert.Equal(SharedVolumeState.ActiveRedirected, s.State);
            Assert.Equal(RedirectedIOReason.UserRequest, s.RedirectedIOReason);
        });
        Assert.Equal(CsvVolumeFaultState.Redirected, f.Volume(Volume1).FaultState);
    }

    [Fact]
    public void Lost_disk_connectivity_block_redirects_that_node_only()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetDiskConnectivity(Disk1, "node3", Connected: false));
        Assert.Equal(SharedVolumeState.ActiveBlockRedirected, On(f, Volume1, "node3").State);
        Assert.Equal(BlockRedirectedIOReason.NoDiskConnectivity, On(f, Volume1, "node3").BlockRedirectedIOReason);
        Assert.Equal(SharedVolumeState.Active, On(f, Volume1, "node2").State);
        Assert.Equal(CsvVolumeFaultState.NoFaults, f.Volume(Volume1).FaultState); // MS-CMRP 2.2.3.18: not in FaultState
        f.Engine.Execute(new SetDiskConnectivity(Disk1, "node3", Connected: true));
        Assert.Equal(SharedVolumeState.Active, On(f, Volume1, "node3").State);
    }

    [Fact]
    public void Coordinator_losing_the_disk_moves_the_coordinator_to_a_connected_node()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetDiskConnectivity(Disk1, "node1", Connected: false));
        Assert.Equal("node2", f.Volume(Volume1).CoordinatorNodeName);
        Assert.Equal(SharedVolumeState.ActiveBlockRedirected, On(f, Volume1, "node1").State);
        Assert.Equal(Win32Error.HostNodeNotAvailable, f.Engine.Execute(new MoveGroup(Disk1, "node1")));
    }

    [Fact]
    public void No_connected_node_left_fails_the_CSV_resource()
    {
        using var f = new EngineFixture();
        foreach (var n in new[] { "node1", "node2", "node3" })
        {
            f.Engine.Execute(new SetDiskConnectivity(Disk1, n, Connected: false));
        }
        Assert.Equal(ClusterResourceState.Failed, f.Engine.Queries.FindResource(Disk1)!.State);
        Assert.Equal(Win32Error.ResourceNotOnline, f.Engine.Queries.GetSharedVolumeInfo(Disk1).Error);
    }

    [Fact]
    public void Maintenance_pauses_the_volume_and_dominates_fault_state()
    {
        using var f = new EngineFixture();
        f.EnterBackup();
        f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true));
        Assert.Equal(SharedVolumeState.Paused, On(f, Volume1, "node2").State);
        Assert.Equal(CsvVolumeFaultState.InMaintenance, f.Volume(Volume1).FaultState);
    }

    [Fact]
    public void A_down_node_sees_the_volume_Unavailable()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetNodeDown("node3"));
        Assert.Equal(SharedVolumeState.Unavailable, On(f, Volume1, "node3").State);
    }

    [Fact]
    public void Backup_and_maintenance_transitions_raise_a_shared_volume_state_event_with_every_node()
    {
        using var f = new EngineFixture();
        f.Events.Clear();
        f.EnterBackup();
        var e = Assert.Single(f.Events, x => x.ObjectType == ClusterObjectType.SharedVolume);
        Assert.Equal(ClusterChange.SharedVolumeState, e.Change);
        Assert.Equal("9a1e1f00-0000-4000-8000-000000000011", e.ObjectId);
        Assert.Equal(Disk1, e.Name);
        Assert.Equal(3, e.SharedVolumeStates.Count);
        f.Events.Clear();
        f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true));
        Assert.Single(f.Events, x => x.ObjectType == ClusterObjectType.SharedVolume);
        f.Events.Clear();
        f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true));
        Assert.Empty(f.Events);
    }

    [Fact]
    public void Timer_expiry_raises_one_event_and_event_sequence_increases()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 5);
        f.Events.Clear();
        f.Advance(TimeSpan.FromSeconds(5));
        var e = Assert.Single(f.Events);
        Assert.Equal(ClusterChange.SharedVolumeState, e.Change);
        f.EnterBackup(delay: 5);
        Assert.True(f.Events[^1].Sequence > e.Sequence);
    }

    [Fact]
    public void Failed_commands_raise_no_events()
    {
        using var f = new EngineFixture();
        f.Events.Clear();
        f.EnterBackup(delay: 0);
        f.Engine.Execute(new SetDirectIO(Disk1, "nope", true));
        Assert.Empty(f.Events);
    }
}
