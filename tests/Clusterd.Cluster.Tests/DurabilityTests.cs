using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>Principle 3: durable before acknowledged; a refused commit loses nothing and changes nothing.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public void A_failed_store_commit_returns_ERROR_WRITE_FAULT_and_rolls_everything_back()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 100);
        f.Events.Clear();
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.False(f.Volume(Volume1).Maintenance);
        Assert.Empty(f.Events);
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new CreateResource("Cluster Group", "x", "Generic Service")).Error);
        Assert.Null(f.Engine.Queries.FindResource("x"));
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 0)));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new EvictNode("node2")));
        Assert.NotNull(f.Engine.Queries.FindNode("node2"));
        Assert.Equal(["node1 - Ethernet", "node2 - Ethernet", "node3 - Ethernet"], f.Engine.Queries.Enumerate(ClusterEnumType.NetInterface));
        // The engine still works after refused commits, and the timer still fires.
        f.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        f.Restart();
        Assert.Null(f.Engine.Queries.FindResource("x"));
        Assert.False(f.Volume(Volume1).Maintenance);
    }

    [Fact]
    public void Nonvolatile_state_survives_a_restart_on_SQLite_and_backup_mode_does_not()
    {
        var dir = Directory.CreateTempSubdirectory("clusterd-engine-");
        try
        {
            var time = new FakeTimeProvider(Start);
            using (var store = new SqliteClusterStore(dir.FullName))
            using (var engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(), time))
            {
                Assert.Equal(Win32Error.Success, engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
                Assert.Equal(Win32Error.Success, engine.Execute(new SetDirectIO(Disk2, Volume2, Enable: false)).Error);
                Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk2, Volume2, SharedVolumeBackupState.InProgress, 600)));
                Assert.Equal(Win32Error.Success, engine.Execute(new ChangeCsvState(Disk3, 1)));
                Assert.Equal(Win32Error.Success, engine.Execute(new PauseNode("node3")));
                Assert.Contains(store.Load(), r => r.Durability == Durability.Volatile);
            }
            using (var store = new SqliteClusterStore(dir.FullName))
            using (var engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(), time))
            {
                Assert.True(engine.Queries.FindSharedVolume(Volume1)!.Maintenance);
                Assert.True(engine.Queries.FindSharedVolume(Volume2)!.Redirected);
                Assert.Equal(SharedVolumeBackupState.None, engine.Queries.FindSharedVolume(Volume2)!.BackupState);
                Assert.Equal("Volume3", engine.Queries.FindSharedVolume(Volume3Guid)!.FriendlyName);
                Assert.Equal(ClusterNodeState.Paused, engine.Queries.FindNode("node3")!.State);
                Assert.DoesNotContain(store.Load(), r => r.Durability == Durability.Volatile);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_seeded_database_is_not_reseeded_from_another_topology()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new RenameResource("Cluster Name", "Renamed"));
        f.Engine.Dispose();
        var other = TopologyConfig.Default() with { ClusterName = "OTHER" };
        using var engine = ClusterEngine.Open(f.Store, other, f.Options, f.Time);
        Assert.Equal("CLUSTER1", engine.Queries.GetClusterInfo().Name);
        Assert.NotNull(engine.Queries.FindResource("Renamed"));
    }
}

/// <summary>Renames and group changes roll back their name indexes with the database.</summary>
public sealed class RollbackIndexTests
{
    [Fact]
    public void A_refused_rename_keeps_the_old_name_findable_and_the_new_one_free()
    {
        using var f = new EngineFixture();
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new RenameResource("Cluster Name", "Renamed")));
        Assert.NotNull(f.Engine.Queries.FindResource("Cluster Name"));
        Assert.Null(f.Engine.Queries.FindResource("Renamed"));
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new RenameGroup("Cluster Group", "Core")));
        Assert.NotNull(f.Engine.Queries.FindGroup("Cluster Group"));
        Assert.Null(f.Engine.Queries.FindGroup("Core"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateGroup("Core")).Error);
    }

    [Fact]
    public void A_refused_CSV_add_leaves_the_disk_in_Available_Storage()
    {
        using var f = new EngineFixture();
        f.Store.FailNextCommit(new IOException("disk full"));
        Assert.Equal(Win32Error.WriteFault, f.Engine.Execute(new ChangeCsvState(EngineFixture.Disk3, 1)));
        Assert.Equal("Available Storage", f.Engine.Queries.FindResource(EngineFixture.Disk3)!.GroupName);
        Assert.Null(f.Engine.Queries.FindSharedVolume(EngineFixture.Volume3Guid));
        Assert.DoesNotContain(EngineFixture.Disk3, f.Engine.Queries.Enumerate(ClusterEnumType.SharedVolumeGroup));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(EngineFixture.Disk3, 1)));
        Assert.Equal("Volume3", f.Engine.Queries.FindSharedVolume(EngineFixture.Volume3Guid)!.FriendlyName);
    }
}
