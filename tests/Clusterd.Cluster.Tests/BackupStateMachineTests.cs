using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>MS-CMRP 3.1.4.3.1.54 and 3.1.5.1: the backup-mode state machine and the volume backup timer, one test per row or more.</summary>
public sealed class BackupStateMachineTests
{
    private static readonly Guid Set1 = new("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid Set2 = new("aaaaaaaa-0000-0000-0000-000000000002");

    [Fact]
    public void Row1_volume_becoming_a_CSV_starts_idle_with_every_mode_off()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
        var v = f.Engine.Queries.GetSharedVolumeInfo(Disk3).Volumes!.Single();
        Assert.Equal(SharedVolumeBackupState.None, v.BackupState);
        Assert.False(v.Maintenance);
        Assert.False(v.Redirected);
        Assert.Equal(CsvVolumeFaultState.NoFaults, v.FaultState);
        Assert.Equal("Volume3", v.FriendlyName);
    }

    [Fact]
    public void Row2_InProgress_turns_backup_mode_on_and_starts_the_timer_at_now_plus_delay()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: 1800));
        var v = f.Volume(Volume1);
        Assert.Equal(SharedVolumeBackupState.InProgress, v.BackupState);
        Assert.Equal(Start.AddSeconds(1800), v.BackupDeadline);
        Assert.Equal(CsvVolumeFaultState.Redirected, v.FaultState);
    }

    [Fact]
    public void Row3_InProgress_while_armed_restarts_the_timer_with_the_new_delay()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 60);
        f.Advance(TimeSpan.FromSeconds(50));
        f.EnterBackup(delay: 60);
        f.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void Row4_backup_start_detected_while_armed_cancels_the_timer_and_keeps_backup_mode()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 60);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze)));
        f.Advance(TimeSpan.FromHours(2));
        var v = f.Volume(Volume1);
        Assert.Equal(SharedVolumeBackupState.InProgress, v.BackupState);
        Assert.Null(v.BackupDeadline);
    }

    [Fact]
    public void Row5_timer_expiry_without_a_backup_turns_backup_mode_off_exactly_at_the_deadline()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 1800);
        f.Advance(TimeSpan.FromSeconds(1799));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(CsvVolumeFaultState.NoFaults, f.Volume(Volume1).FaultState);
    }

    [Fact]
    public void Row6_backup_detected_without_a_request_turns_backup_mode_on_without_a_timer()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetSnapshotState(Set1, Volume1Guid, SharedVolumeSnapshotState.PrepareForHWSnapshot)));
        var v = f.Volume(Volume1);
        Assert.Equal(SharedVolumeBackupState.InProgress, v.BackupState);
        Assert.Null(v.BackupDeadline);
        Assert.Equal(0, f.Engine.PendingDeadlines);
    }

    [Fact]
    public void Row7_backup_completion_turns_backup_mode_off_when_the_last_snapshot_set_completes()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        f.Engine.Execute(new SetSnapshotState(Set2, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.HWSnapshotCompleted));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Equal(1, f.Volume(Volume1).SnapshotSetsInProgress);
        f.Engine.Execute(new SetSnapshotState(Set2, Volume1, SharedVolumeSnapshotState.HWSnapshotCompleted));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void Row7_completing_an_unknown_snapshot_set_changes_nothing()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetSnapshotState(Set2, Volume1, SharedVolumeSnapshotState.HWSnapshotCompleted)));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Row8_None_turns_backup_mode_off_and_cancels_the_timer(bool detected)
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 60);
        if (detected)
        {
            f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        }
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 0)));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(0, f.Engine.PendingDeadlines);
    }

    [Fact]
    public void Row8_None_with_a_nonzero_delay_is_accepted()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 77)));
    }

    [Theory]
    [InlineData("offline")]
    [InlineData("fail")]
    [InlineData("node-down-no-target")]
    public void Row9_resource_leaving_online_resets_backup_mode_and_cancels_the_timer(string how)
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 60);
        f.Engine.Execute(new SetSnapshotState(Set1, Volume2, SharedVolumeSnapshotState.PrepareForFreeze));
        switch (how)
        {
            case "offline":
                Assert.Equal(Win32Error.SpecialGroup, f.Engine.Execute(new OfflineGroup(Disk1)));
                Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineResource(Disk1)));
                Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineResource(Disk2)));
                break;
            case "fail":
                Assert.Equal(Win32Error.Success, f.Engine.Execute(new FailResource(Disk1)));
                Assert.Equal(Win32Error.Success, f.Engine.Execute(new FailResource(Disk2)));
                break;
            default:
                foreach (var n in new[] { "node1", "node2", "node3" })
                {
                    Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetNodeDown(n)));
                }
                break;
        }
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume2).BackupState);
        Assert.Equal(0, f.Engine.PendingDeadlines);
    }

    [Fact]
    public void Row10_a_cancelled_timer_never_fires_later_even_after_backup_mode_is_set_again_without_a_timer()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 60);
        f.Engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 0));
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        f.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void Row11_cluster_restart_clears_backup_mode_and_its_timer()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 600);
        f.Engine.Execute(new SetSnapshotState(Set1, Volume2, SharedVolumeSnapshotState.PrepareForFreeze));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        f.Restart();
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume2).BackupState);
        Assert.True(f.Volume(Volume1).Maintenance); // nonvolatile
        Assert.Equal(0, f.Engine.PendingDeadlines);
        Assert.DoesNotContain(f.Store.Load(), r => r.Durability == Store.Durability.Volatile);
    }

    [Fact]
    public void Row12_ClearBackupStateForSharedVolume_turns_backup_mode_off_whatever_backups_run()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ClearBackupStateForSharedVolume(@"C:\ClusterStorage\Volume1\vm\disk.vhdx")));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void Row12_ClearBackupStateForSharedVolume_on_a_non_CSV_path_returns_ERROR_INVALID_PARAMETER()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new ClearBackupStateForSharedVolume(@"D:\data\file.txt")));
    }

    [Fact]
    public void InProgress_with_zero_delay_returns_ERROR_INVALID_PARAMETER_and_changes_nothing()
    {
        using var f = new EngineFixture();
        var rev = f.Store.Revision;
        Assert.Equal(Win32Error.InvalidParameter, f.EnterBackup(delay: 0));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(rev, f.Store.Revision);
    }

    [Fact]
    public void Unknown_backup_state_returns_ERROR_INVALID_PARAMETER()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetBackupMode(Disk1, Volume1, (SharedVolumeBackupState)2, 10)));
    }

    [Fact]
    public void InProgress_after_a_detected_backup_keeps_it_and_starts_no_timer()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: 5));
        f.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Null(f.Volume(Volume1).BackupDeadline);
    }

    [Fact]
    public void Volumes_of_different_resources_keep_separate_backup_state()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 10);
        f.EnterBackup(Volume2, delay: 20, disk: Disk2);
        f.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume2).BackupState);
        f.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume2).BackupState);
    }

    [Fact]
    public void Timer_fires_once_and_writes_one_volatile_delete()
    {
        using var f = new EngineFixture();
        f.EnterBackup(delay: 30);
        Assert.Contains(f.Store.Load(), r => r.Durability == Store.Durability.Volatile);
        f.Advance(TimeSpan.FromSeconds(30));
        var afterFirst = f.Store.Revision;
        Assert.DoesNotContain(f.Store.Load(), r => r.Durability == Store.Durability.Volatile);
        f.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(0, f.Engine.FireDueTimers());
        Assert.Equal(afterFirst, f.Store.Revision);
    }

    [Fact]
    public void Snapshot_state_on_unknown_volume_or_state_returns_ERROR_INVALID_PARAMETER()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetSnapshotState(Set1, "Volume9", SharedVolumeSnapshotState.PrepareForFreeze)));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.Unknown)));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetSnapshotState(Set1, Volume1, (SharedVolumeSnapshotState)9)));
    }

    [Fact]
    public void PrepareSharedVolumeForBackup_spec_profile_self_clears_after_1800_seconds()
    {
        using var f = new EngineFixture();
        var (e, prepared) = f.Engine.Execute(new PrepareSharedVolumeForBackup(@"C:\ClusterStorage\Volume1\vms\a.vhdx"));
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(@"C:\ClusterStorage\Volume1", prepared!.VolumePathName);
        Assert.Equal(Volume1Guid, prepared.VolumeName);
        f.Advance(TimeSpan.FromSeconds(1799));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void PrepareSharedVolumeForBackup_WS2012Plus_profile_only_returns_the_names()
    {
        using var f = new EngineFixture(Engine.CsvProfile.WS2012Plus);
        var (e, prepared) = f.Engine.Execute(new PrepareSharedVolumeForBackup(@"C:\ClusterStorage\Volume2\x"));
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(Volume2Guid, prepared!.VolumeName);
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume2).BackupState);
    }

    [Fact]
    public void WS2012Plus_profile_refuses_backup_and_maintenance_codes_with_ERROR_INVALID_FUNCTION()
    {
        using var f = new EngineFixture(Engine.CsvProfile.WS2012Plus);
        Assert.Equal(Win32Error.InvalidFunction, f.EnterBackup());
        Assert.Equal(Win32Error.InvalidFunction, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        // Detected backups still work in that profile.
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetSnapshotState(Set1, Volume1, SharedVolumeSnapshotState.PrepareForFreeze)));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
    }
}
