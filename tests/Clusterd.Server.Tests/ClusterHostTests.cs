using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Server.Tests;

/// <summary>The host in-process: clock jumps, reset and the data-directory lock.</summary>
public sealed class ClusterHostTests
{
    private static ServerOptions Options(string dataDir) => new()
    {
        DataDirectory = dataDir,
        AdminEndpoints = CommandLine.ParseAdminUrls("http://127.0.0.1:0", allowRemote: false, hasToken: false),
        Emulator = true,
    };

    [Fact]
    public void AdvanceClock_fires_the_volume_backup_timer_exactly_at_its_deadline()
    {
        using var dir = new TempDir();
        var real = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), new VirtualTimeProvider(real));
        Assert.True(host.Seeded);
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress, 1800))));

        Assert.Equal(0, host.AdvanceClock(TimeSpan.FromSeconds(1799)).Fired);
        Assert.Equal(SharedVolumeBackupState.InProgress, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
        var (now, fired) = host.AdvanceClock(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        Assert.Equal(real.GetUtcNow().AddSeconds(1800), now);
        Assert.Equal(SharedVolumeBackupState.None, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
    }

    [Fact]
    public void Armed_timer_after_a_partial_jump_fires_on_its_own_at_the_virtual_deadline()
    {
        using var dir = new TempDir();
        var real = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var clock = new VirtualTimeProvider(real);
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), clock);
        host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress, 1800)));
        host.AdvanceClock(TimeSpan.FromSeconds(1790));
        real.Advance(TimeSpan.FromSeconds(10)); // the engine's own timer, re-armed by Resync
        Assert.Equal(SharedVolumeBackupState.None, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
    }

    [Fact]
    public void SetBackupMode_beyond_the_timer_range_succeeds_keeps_the_exact_deadline_and_AdvanceClock_fires_it_once()
    {
        using var dir = new TempDir();
        var real = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var clock = new VirtualTimeProvider(real);
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), clock);
        var start = clock.GetUtcNow();
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress, 4_294_968))));
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 2", "Volume2", SharedVolumeBackupState.InProgress, uint.MaxValue))));
        Assert.Equal(start.AddSeconds(4_294_968), host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupDeadline));
        Assert.Equal(start.AddSeconds(uint.MaxValue), host.Use(e => e.Queries.FindSharedVolume("Volume2")!.BackupDeadline));

        Assert.Equal(0, host.AdvanceClock(TimeSpan.FromSeconds(4_294_967)).Fired);
        Assert.Equal(SharedVolumeBackupState.InProgress, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
        Assert.Equal(1, host.AdvanceClock(TimeSpan.FromSeconds(1)).Fired);
        Assert.Equal(SharedVolumeBackupState.None, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
        Assert.Equal(SharedVolumeBackupState.InProgress, host.Use(e => e.Queries.FindSharedVolume("Volume2")!.BackupState));
    }

    [Fact]
    public void Injected_commit_failure_on_a_long_backup_timer_changes_nothing()
    {
        using var dir = new TempDir();
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), new VirtualTimeProvider(new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55))));
        host.FailNextCommit();
        Assert.Equal(Win32Error.WriteFault, host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress, 4_294_968))));
        Assert.Equal(SharedVolumeBackupState.None, host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupState));
        Assert.Null(host.Use(e => e.Queries.FindSharedVolume("Volume1")!.BackupDeadline));
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress, 4_294_968))));
    }

    [Fact]
    public void Reset_deletes_the_database_reseeds_and_keeps_the_data_directory_locked()
    {
        using var dir = new TempDir();
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), new VirtualTimeProvider());
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetCsvMaintenanceMode("Cluster Disk 1", "Volume1", true))));

        host.Reset();

        Assert.True(host.Seeded);
        Assert.False(host.Use(e => e.Queries.FindSharedVolume("Volume1")!.Maintenance));
        var e = Assert.Throws<StoreException>(() => new SqliteClusterStore(dir.DataDir));
        Assert.Contains("in use", e.Message, StringComparison.Ordinal);
        Assert.Null(host.Fault);
    }

    [Fact]
    public void Reopen_after_dispose_keeps_nonvolatile_state_and_drops_backup_mode()
    {
        using var dir = new TempDir();
        using (var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), new VirtualTimeProvider()))
        {
            host.Use(e => e.Execute(new SetCsvMaintenanceMode("Cluster Disk 1", "Volume1", true)));
            host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 2", "Volume2", SharedVolumeBackupState.InProgress, 60)));
        }
        using var again = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), TimeProvider.System);
        Assert.False(again.Seeded);
        Assert.True(again.Use(e => e.Queries.FindSharedVolume("Volume1")!.Maintenance));
        Assert.Equal(SharedVolumeBackupState.None, again.Use(e => e.Queries.FindSharedVolume("Volume2")!.BackupState));
        Assert.Null(again.VirtualClock);
    }

    [Fact]
    public void Injected_commit_failure_is_ERROR_WRITE_FAULT_once()
    {
        using var dir = new TempDir();
        using var host = ClusterHost.Open(Options(dir.DataDir), TopologyConfig.Default(), new VirtualTimeProvider());
        host.FailNextCommit();
        Assert.Equal(Win32Error.WriteFault, host.Use(e => e.Execute(new SetCsvMaintenanceMode("Cluster Disk 1", "Volume1", true))));
        Assert.False(host.Use(e => e.Queries.FindSharedVolume("Volume1")!.Maintenance));
        Assert.Equal(Win32Error.Success, host.Use(e => e.Execute(new SetCsvMaintenanceMode("Cluster Disk 1", "Volume1", true))));
    }
}
