using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>The CSV namespace (IS_CSV_FILE, GET_SHARED_VOLUME_ID, resapi functions) and ApiChangeCsvState(Ex).</summary>
public sealed class CsvPathAndMembershipTests
{
    [Theory]
    [InlineData(@"C:\ClusterStorage\Volume1\vm.vhdx")]
    [InlineData(@"c:\clusterstorage\volume1\a\b\..\c.txt")]
    [InlineData(@"C:/ClusterStorage/Volume2/x")]
    [InlineData(@"ClusterStorage\Volume1\relative.txt")]
    [InlineData(@"\\?\C:\ClusterStorage\Volume1\x")]
    [InlineData(@"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\dir\file")]
    public void IsCsvFile_on_a_CSV_path_succeeds(string path)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Queries.IsCsvFile(path));
    }

    [Theory]
    [InlineData(@"C:\Windows\notepad.exe")]
    [InlineData(@"C:\ClusterStorage")]
    [InlineData(@"C:\ClusterStorage\Volume9\x")]
    [InlineData(@"C:\ClusterStorage\Volume1\..\..\Windows")]
    [InlineData(@"D:\ClusterStorage\Volume1\x")]
    [InlineData(@"\\server\share\file")]
    public void IsCsvFile_off_a_CSV_returns_ERROR_CLUSTER_NOT_SHARED_VOLUME(string path)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.ClusterNotSharedVolume, f.Engine.Queries.IsCsvFile(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("C:\\a\0b")]
    [InlineData(@"C:\ClusterStorage\Volume1\bad|name")]
    public void IsCsvFile_with_a_malformed_path_returns_ERROR_INVALID_PARAMETER(string path)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Queries.IsCsvFile(path));
    }

    [Fact]
    public void IsCsvFile_with_an_overlong_path_returns_ERROR_INVALID_PARAMETER()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Queries.IsCsvFile(@"C:\ClusterStorage\Volume1\" + new string('a', 40000)));
    }

    [Fact]
    public void GetSharedVolumeId_is_resource_id_colon_decimal_partition_offset()
    {
        using var f = new EngineFixture();
        var (e, id) = f.Engine.Queries.GetSharedVolumeId(@"c:\clusterstorage\volume1\a.txt");
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal("9a1e1f00-0000-4000-8000-000000000011:135266304", id);
        Assert.Equal(Win32Error.ClusterNotSharedVolume, f.Engine.Queries.GetSharedVolumeId(@"C:\Windows").Error);
        Assert.Equal(Win32Error.PathNotFound, f.Engine.Queries.GetSharedVolumeId(@"C:\ClusterStorage\Volume7\a").Error);
    }

    [Theory]
    [InlineData(@"C:\ClusterStorage\Volume1\vms\a.vhdx", @"C:\ClusterStorage\Volume1")]
    [InlineData(@"C:\ClusterStorage\Volume2", @"C:\ClusterStorage\Volume2")]
    [InlineData(@"C:\Windows\System32", @"C:\")]
    [InlineData(@"relative\file.txt", @"C:\")]
    [InlineData(@"E:", @"E:\")]
    [InlineData(@"\\server\share\dir\f", @"\\server\share\")]
    public void GetVolumePathName_returns_the_CSV_folder_or_the_volume_root(string path, string expected)
    {
        using var f = new EngineFixture();
        var (ok, e, result) = f.Engine.Queries.GetVolumePathName(path);
        Assert.True(ok);
        Assert.Equal(Win32Error.Success, e);
        Assert.Equal(expected, result);
    }

    [Fact]
    public void GetVolumePathName_of_an_empty_path_fails_with_ERROR_SUCCESS()
    {
        using var f = new EngineFixture();
        Assert.Equal((false, Win32Error.Success, (string?)null), f.Engine.Queries.GetVolumePathName(""));
    }

    [Fact]
    public void IsPathOnSharedVolume_needs_a_domain_account_or_the_owning_node()
    {
        using var f = new EngineFixture();
        const string path = @"C:\ClusterStorage\Volume1\x";
        Assert.True(f.Engine.Queries.IsPathOnSharedVolume(path, "node1", domainAccount: false));
        Assert.False(f.Engine.Queries.IsPathOnSharedVolume(path, "node2", domainAccount: false));
        Assert.True(f.Engine.Queries.IsPathOnSharedVolume(path, "node2", domainAccount: true));
        Assert.False(f.Engine.Queries.IsPathOnSharedVolume(@"C:\Windows", "node1", domainAccount: true));
    }

    [Fact]
    public void GetVolumeNameForVolumeMountPoint_rules()
    {
        using var f = new EngineFixture();
        Assert.Equal((Win32Error.Success, Volume1Guid), f.Engine.Queries.GetVolumeNameForVolumeMountPoint(@"C:\ClusterStorage\Volume1\", "node2"));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Queries.GetVolumeNameForVolumeMountPoint(@"\\?\C:\ClusterStorage\Volume1\Filename.Ext", "node1").Error);
        Assert.Equal(Win32Error.InvalidName, f.Engine.Queries.GetVolumeNameForVolumeMountPoint(@"C:\ClusterStorage\Volume1\missing\", "node1").Error);
        Assert.Equal(Win32Error.InvalidName, f.Engine.Queries.GetVolumeNameForVolumeMountPoint(@"C:\ClusterStorage\Volume1", "node1").Error);
        f.Engine.Execute(new SetDirectIO(Disk1, Volume1, Enable: false));
        Assert.Equal(Win32Error.CsvVolumeNotLocal, f.Engine.Queries.GetVolumeNameForVolumeMountPoint(@"C:\ClusterStorage\Volume1\", "node1").Error);
    }

    [Fact]
    public void ChangeCsvState_add_moves_the_disk_to_a_special_group_and_remove_returns_it_to_Available_Storage()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
        var g = f.Engine.Queries.FindGroup(f.Engine.Queries.FindResource(Disk3)!.GroupId)!;
        Assert.True(g.IsSpecial);
        Assert.Equal(Disk3, g.Name);
        Assert.Contains(Disk3, f.Engine.Queries.Enumerate(ClusterEnumType.SharedVolumeResource));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk3, 0)));
        Assert.Equal("Available Storage", f.Engine.Queries.FindResource(Disk3)!.GroupName);
        Assert.Null(f.Engine.Queries.FindGroup(g.Id));
        Assert.DoesNotContain(Disk3, f.Engine.Queries.Enumerate(ClusterEnumType.SharedVolumeResource));
    }

    [Fact]
    public void ChangeCsvState_state_and_friendly_names_survive_restart()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new ChangeCsvState(Disk3, 1));
        f.Restart();
        Assert.Equal("Volume3", f.Engine.Queries.FindSharedVolume(Volume3Guid)!.FriendlyName);
        Assert.True(f.Engine.Queries.FindGroup(Disk3)!.IsSpecial);
    }

    [Fact]
    public void ChangeCsvState_add_on_a_non_disk_returns_ERROR_CLUSTER_RESTYPE_NOT_SUPPORTED()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.ClusterResTypeNotSupported, f.Engine.Execute(new ChangeCsvState("Cluster Name", 1)));
    }

    [Fact]
    public void ChangeCsvStateEx_outside_Available_Storage_returns_ERROR_RESOURCE_NOT_IN_AVAILABLE_STORAGE()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateGroup("Role"));
        f.Engine.Execute(new CreateResource("Role", "Disk X", "Physical Disk"));
        f.Engine.Execute(new OnlineResource("Disk X"));
        Assert.Equal(Win32Error.ResourceNotInAvailableStorage, f.Engine.Execute(new ChangeCsvState("Disk X", 1, null, Extended: true)));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new ChangeCsvState("Disk X", 1)));
    }

    [Fact]
    public void ChangeCsvStateEx_with_dependents_returns_ERROR_DEPENDENT_RESOURCE_EXISTS()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateResource("Available Storage", "app", "Generic Service"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new AddDependency("app", Disk3)));
        Assert.Equal(Win32Error.DependentResourceExists, f.Engine.Execute(new ChangeCsvState(Disk3, 1, null, Extended: true)));
        Assert.Equal(Win32Error.ClusterInvalidRequest, f.Engine.Execute(new ChangeCsvState(Disk3, 1)));
    }

    [Fact]
    public void ChangeCsvState_on_a_disk_without_NTFS_or_ReFS_returns_ERROR_DISK_NOT_CSV_CAPABLE()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new CreateResource("Available Storage", "Raw Disk", "Physical Disk"));
        f.Engine.Execute(new OnlineResource("Raw Disk"));
        Assert.Equal(Win32Error.DiskNotCsvCapable, f.Engine.Execute(new ChangeCsvState("Raw Disk", 1, null, Extended: true)));
    }

    [Fact]
    public void ChangeCsvStateEx_names_the_volume_to_add_or_remove()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new ChangeCsvState(Disk3, 1, @"\\?\Volume{00000000-0000-0000-0000-000000000000}\", Extended: true)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk3, 1, Volume3Guid, Extended: true)));
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new ChangeCsvState(Disk3, 0, "Volume1", Extended: true)));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ChangeCsvState(Disk3, 0, Volume3Guid, Extended: true)));
        Assert.False(f.Engine.Queries.FindResource(Disk3)!.SharedVolumes);
    }

    [Fact]
    public void Unknown_dwState_returns_ERROR_INVALID_PARAMETER()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new ChangeCsvState(Disk3, 2)));
    }

    [Fact]
    public void Shared_volume_resources_are_refused_by_plain_resource_deletion()
    {
        using var f = new EngineFixture();
        f.Engine.Execute(new OfflineResource(Disk1));
        Assert.Equal(Win32Error.ClusterUseSharedVolumesApi, f.Engine.Execute(new DeleteResource(Disk1)));
    }

    [Fact]
    public void Disk_maintenance_is_only_for_storage_resources()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.InvalidFunction, f.Engine.Execute(new SetDiskMaintenance("Cluster Name", true)));
        Assert.Equal(Win32Error.InvalidFunction, f.Engine.Queries.GetDiskMaintenance("Cluster Name").Error);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetDiskMaintenance(Disk3, true)));
        Assert.True(f.Engine.Queries.GetDiskMaintenance(Disk3).InMaintenance);
    }

    [Fact]
    public void IsSharedVolume_tells_CSV_resources_apart()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Queries.IsSharedVolume(Disk1));
        Assert.Equal(Win32Error.ClusterNotSharedVolume, f.Engine.Queries.IsSharedVolume(Disk3));
    }
}
