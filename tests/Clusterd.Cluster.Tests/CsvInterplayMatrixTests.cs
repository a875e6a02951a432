using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>MS-CMRP 3.1.4.3.1.48-54: what is refused in which mode, one test per cell (docs/behaviour.md, "Check order").</summary>
public sealed class CsvInterplayMatrixTests
{
    public enum Mode { Maintenance, Backup, Redirected, BlockRedirected }

    private static EngineFixture In(Mode mode)
    {
        var f = new EngineFixture();
        var e = mode switch
        {
            Mode.Maintenance => f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)),
            Mode.Backup => f.EnterBackup(),
            Mode.Redirected => f.Engine.Execute(new SetDirectIO(Disk1, Volume1, Enable: false)).Error,
            Mode.BlockRedirected => f.Engine.Execute(new SetDiskConnectivity(Disk1, "node2", Connected: false)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        Assert.Equal(Win32Error.Success, e);
        return f;
    }

    [Theory]
    [InlineData(Mode.Maintenance)]
    [InlineData(Mode.Backup)]
    [InlineData(Mode.Redirected)]
    [InlineData(Mode.BlockRedirected)]
    public void GetSharedVolumeInfo_is_allowed_in_every_mode(Mode mode)
    {
        using var f = In(mode);
        var (e, vols) = f.Engine.Queries.GetSharedVolumeInfo(Disk1);
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(Volume1, Assert.Single(vols!).FriendlyName);
    }

    [Theory]
    [InlineData(Mode.Maintenance)]
    [InlineData(Mode.Backup)]
    [InlineData(Mode.Redirected)]
    [InlineData(Mode.BlockRedirected)]
    public void SetCsvMaintenanceMode_is_allowed_and_idempotent_in_every_mode(Mode mode)
    {
        using var f = In(mode);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.True(f.Volume(Volume1).Maintenance);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DirectIO_in_maintenance_returns_ERROR_CLUSTER_INVALID_REQUEST(bool enable)
    {
        using var f = In(Mode.Maintenance);
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new SetDirectIO(Disk1, Volume1, enable)).Error);
        Assert.False(f.Volume(Volume1).Redirected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DirectIO_in_backup_mode_returns_ERROR_CLUSTER_BACKUP_IN_PROGRESS(bool enable)
    {
        using var f = In(Mode.Backup);
        Assert.Equal(Win32Error.ClusterBackupInProgress, f.Engine.Execute(new SetDirectIO(Disk1, Volume1, enable)).Error);
        Assert.False(f.Volume(Volume1).Redirected);
    }

    [Fact]
    public void DirectIO_maintenance_is_checked_before_backup()
    {
        using var f = In(Mode.Backup);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new SetDirectIO(Disk1, Volume1, false)).Error);
    }

    [Fact]
    public void EnableDirectIO_when_redirected_leaves_redirected_mode_and_returns_the_GUID_path()
    {
        using var f = In(Mode.Redirected);
        var (e, name) = f.Engine.Execute(new SetDirectIO(Disk1, Volume1, Enable: true));
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(Volume1Guid, name);
        Assert.False(f.Volume(Volume1).Redirected);
    }

    [Fact]
    public void DisableDirectIO_when_redirected_is_a_successful_no_op()
    {
        using var f = In(Mode.Redirected);
        var before = f.Store.Revision;
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDirectIO(Disk1, Volume1, Enable: false)).Error);
        Assert.True(f.Volume(Volume1).Redirected);
        Assert.Equal(before, f.Store.Revision);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DirectIO_is_allowed_when_block_redirected_and_leaves_block_redirection_alone(bool enable)
    {
        using var f = In(Mode.BlockRedirected);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDirectIO(Disk1, Volume1, enable)).Error);
        var node2 = f.Engine.Queries.GetAllVolumeStates().Single(s => s.FriendlyName == Volume1 && s.NodeName == "node2");
        Assert.Equal(BlockRedirectedIOReason.NoDiskConnectivity, node2.BlockRedirectedIOReason);
    }

    [Theory]
    [InlineData(Mode.Maintenance)]
    [InlineData(Mode.Backup)]
    [InlineData(Mode.Redirected)]
    [InlineData(Mode.BlockRedirected)]
    public void SetBackupMode_is_allowed_in_every_mode(Mode mode)
    {
        using var f = In(mode);
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: 30));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
    }

    public static TheoryData<string> AllCsvOperations => ["info", "maintenance", "enable", "disable", "backup"];

    private static Win32Error Run(EngineFixture f, string op, string disk, string volume) => op switch
    {
        "info" => f.Engine.Queries.GetSharedVolumeInfo(disk).Error,
        "maintenance" => f.Engine.Execute(new SetCsvMaintenanceMode(disk, volume, true)),
        "enable" => f.Engine.Execute(new SetDirectIO(disk, volume, true)).Error,
        "disable" => f.Engine.Execute(new SetDirectIO(disk, volume, false)).Error,
        "backup" => f.Engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, 10)),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(AllCsvOperations))]
    public void Csv_control_on_a_resource_not_online_returns_ERROR_RESOURCE_NOT_ONLINE(string op)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new FailResource(Disk1)));
        Assert.Equal(Win32Error.ResourceNotOnline, Run(f, op, Disk1, Volume1));
    }

    [Theory]
    [MemberData(nameof(AllCsvOperations))]
    public void Csv_control_on_a_non_CSV_resource_returns_ERROR_INVALID_FUNCTION(string op)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidFunction, Run(f, op, Disk3, Volume3Guid));
        Assert.Equal(Win32Error.InvalidFunction, Run(f, op, "Cluster Name", Volume1));
    }

    [Theory]
    [MemberData(nameof(AllCsvOperations))]
    public void Csv_check_order_is_not_CSV_before_not_online(string op)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineResource(Disk3)));
        Assert.Equal(Win32Error.InvalidFunction, Run(f, op, Disk3, "whatever"));
    }

    [Theory]
    [InlineData("maintenance")]
    [InlineData("enable")]
    [InlineData("disable")]
    [InlineData("backup")]
    public void Csv_control_with_an_unknown_or_foreign_volume_name_returns_ERROR_INVALID_PARAMETER(string op)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, Run(f, op, Disk1, "Volume99"));
        Assert.Equal(Win32Error.InvalidParameter, Run(f, op, Disk1, Volume2)); // a CSV of another resource
        Assert.Equal(Win32Error.InvalidParameter, Run(f, op, Disk1, ""));
    }

    [Theory]
    [InlineData("volume1")]
    [InlineData(@"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\")]
    [InlineData(@"\\?\Volume{3F0C9A77-1111-4C1D-9E2F-0A0B0C0D0E01}")]
    public void Volume_names_match_friendly_or_GUID_path_case_insensitively_with_or_without_trailing_backslash(string name)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, name, true)));
        Assert.True(f.Volume(Volume1).Maintenance);
    }

    [Fact]
    public void ChangeCsvState_add_with_disk_in_maintenance_returns_ERROR_CLUSTER_INVALID_REQUEST()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDiskMaintenance(Disk3, true)));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
        Assert.False(f.Engine.Queries.FindResource(Disk3)!.SharedVolumes);
    }

    [Fact]
    public void ChangeCsvState_add_on_a_resource_not_online_returns_ERROR_RESOURCE_NOT_ONLINE()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new OfflineResource(Disk3)));
        Assert.Equal(Win32Error.ResourceNotOnline, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
    }

    [Fact]
    public void ChangeCsvState_remove_when_not_a_CSV_returns_ERROR_CLUSTER_INVALID_REQUEST()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new ChangeCsvState(Disk3, 0)));
    }

    [Fact]
    public void ChangeCsvState_remove_during_backup_is_not_refused_and_cancels_backup()
    {
        using var f = In(Mode.Backup);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk1, 0)));
        Assert.Null(f.Engine.Queries.FindSharedVolume(Volume1));
        Assert.Equal(0, f.Engine.PendingDeadlines);
    }
}
