using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests;

/// <summary>The control-code entry point: MS-CMRP 3.1.4.3.1 and docs/behaviour.md byte for byte, with the common rules of MS-CMRP 3.1.4.2.74.</summary>
public sealed class ControlDispatcherTests : IDisposable
{
    private const string Disk1 = "Cluster Disk 1";
    private const string Disk3 = "Cluster Disk 3";
    private const string Volume1Guid = @"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ClusterEngine _engine;
    private readonly ControlDispatcher _d;

    public ControlDispatcherTests() : this(CsvProfile.Spec) { }

    private ControlDispatcherTests(CsvProfile profile)
    {
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions { Profile = profile }, _time);
        _d = new ControlDispatcher(_engine);
    }

    public void Dispose() => _engine.Dispose();

    private static byte[] Z(string s) => Encoding.Unicode.GetBytes(s + "\0");

    /// <summary>A CLUS_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 2.2.3.20) that enters backup mode for "Volume1", 30 minutes.</summary>
    private static byte[] BackupModeBytes(int state = 1, uint delay = 1800, string name = "Volume1")
    {
        var b = new byte[528];
        BinaryPrimitives.WriteInt32LittleEndian(b, state);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), delay);
        Encoding.Unicode.GetBytes(name).CopyTo(b.AsSpan(8));
        return b;
    }

    private SharedVolumeBackupState Backup1 => _engine.Queries.FindSharedVolume("Volume1")!.BackupState;

    [Fact]
    public void GetSharedVolumeInfo_writes_one_648_byte_binary_entry_per_CSV_then_the_end_mark()
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 4096);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal(652u, o.BytesReturned);
        var expected = new byte[652];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, 0x00010001); // CLUSPROP_SYNTAX_LIST_VALUE_BINARY
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(4), 640);
        BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(8), 135266304); // VolumeOffset
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(16), 2); // PartitionNumber
        // FaultState 0 @20, BackupState 0 @24
        Encoding.Unicode.GetBytes("Volume1").CopyTo(expected.AsSpan(28)); // szVolumeFriendlyName @8+20
        Encoding.Unicode.GetBytes(Volume1Guid).CopyTo(expected.AsSpan(8 + 540)); // szVolumeName
        // end mark: 4 zero bytes at 648
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(o.Data.Span));
    }

    [Fact]
    public void GetSharedVolumeInfo_reports_backup_and_fault_state_after_SetBackupMode()
    {
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0).Error);
        var o = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652);
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(o.Data.Span[20..])); // FaultState VolumeStateRedirected
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(o.Data.Span[24..])); // BackupState InProgress
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(651u)]
    public void GetSharedVolumeInfo_with_a_small_buffer_returns_ERROR_MORE_DATA_and_the_size(uint outSize)
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, outSize);
        Assert.Equal(Win32Error.MoreData, o.Error);
        Assert.Equal(0u, o.BytesReturned);
        Assert.Equal(652u, o.BytesRequired);
        Assert.True(o.Data.IsEmpty);
    }

    [Fact]
    public void SetBackupMode_with_the_spec_example_enters_backup_mode_and_writes_nothing()
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 1024);
        Assert.Equal(ControlOutput.Empty, o);
        Assert.Equal(SharedVolumeBackupState.InProgress, Backup1);
        _time.Advance(TimeSpan.FromSeconds(1800));
        Assert.Equal(SharedVolumeBackupState.None, Backup1);
    }

    [Theory]
    [InlineData(4_294_968u)] // the first delay whose milliseconds no timer accepts (about 49.7 days)
    [InlineData(uint.MaxValue)] // about 136 years
    public void SetBackupMode_with_DelayTimerInSecs_beyond_the_timer_range_returns_ERROR_SUCCESS_and_keeps_the_exact_deadline(uint delay)
    {
        // MS-CMRP 3.1.4.3.1.54: DelayTimerInSecs is a DWORD; every value but 0 starts the volume backup timer.
        var o = _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(delay: delay), 0);
        Assert.Equal(ControlOutput.Empty, o);
        var info = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652);
        Assert.Equal(Win32Error.Success, info.Error);
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(info.Data.Span[24..])); // BackupState InProgress
        Assert.Equal(_time.GetUtcNow().AddSeconds(delay), _engine.Queries.FindSharedVolume("Volume1")!.BackupDeadline);
        _time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.InProgress, Backup1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, Backup1);
    }

    [Fact]
    public void SetBackupMode_accepts_the_GUID_path_as_volume_name()
    {
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(name: Volume1Guid), 0).Error);
        Assert.Equal(SharedVolumeBackupState.InProgress, Backup1);
    }

    public static TheoryData<string, byte[]> MalformedBackupInputs => new()
    {
        { "527 bytes", BackupModeBytes()[..527] },
        { "empty", [] },
        { "state 2", BackupModeBytes(state: 2) },
        { "state -1", BackupModeBytes(state: -1) },
        { "InProgress with delay 0", BackupModeBytes(delay: 0) },
        { "name without NUL", BackupModeBytes(name: new string('V', 260)) },
        { "unknown volume", BackupModeBytes(name: "Volume42") },
    };

    [Theory]
    [MemberData(nameof(MalformedBackupInputs))]
    public void SetBackupMode_malformed_input_returns_ERROR_INVALID_PARAMETER_and_changes_nothing(string why, byte[] input)
    {
        Assert.NotNull(why);
        var o = _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, input, 0);
        Assert.Equal(Win32Error.InvalidParameter, o.Error);
        Assert.Equal(SharedVolumeBackupState.None, Backup1);
        Assert.Equal(0, _engine.PendingDeadlines);
    }

    [Fact]
    public void Check_order_is_not_CSV_then_not_online_then_input_validation()
    {
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl(Disk3, ControlCodes.SetSharedVolumeBackupMode, [1, 2, 3], 0).Error);
        Assert.Equal(Win32Error.Success, _engine.Execute(new FailResource(Disk1)));
        Assert.Equal(Win32Error.ResourceNotOnline, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, [1, 2, 3], 0).Error);
        Assert.Equal(Win32Error.ResourceNotOnline, _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, [1], 0).Error);
        Assert.Equal(Win32Error.ResourceNotOnline, _d.ResourceControl(Disk1, ControlCodes.SetCsvMaintenanceMode, [], 0).Error);
    }

    [Fact]
    public void DisableDirectIO_writes_the_100_byte_GUID_path_to_a_big_enough_buffer()
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 102);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal(100u, o.BytesReturned);
        Assert.Equal(Convert.ToHexString(Z(Volume1Guid)), Convert.ToHexString(o.Data.Span));
        Assert.True(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
    }

    [Fact]
    public void DirectIO_with_a_short_output_buffer_returns_ERROR_MORE_DATA_and_changes_nothing()
    {
        // An error answer changes nothing (docs/engine-rules.md): the size is checked before the transition.
        var o = _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 50);
        Assert.Equal(Win32Error.MoreData, o.Error);
        Assert.Equal(100u, o.BytesRequired);
        Assert.Equal(0u, o.BytesReturned);
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);

        // 99 bytes is still one short; 100 is exactly the GUID path with its NUL, and makes the transition.
        Assert.Equal(Win32Error.MoreData, _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 99).Error);
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
        o = _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 100);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal(100u, o.BytesReturned);
        Assert.True(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);

        // Back: ENABLE with a short buffer leaves the volume redirected.
        Assert.Equal(Win32Error.MoreData, _d.ResourceControl(Disk1, ControlCodes.EnableSharedVolumeDirectIO, Z("Volume1"), 2).Error);
        Assert.True(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
    }

    [Fact]
    public void DirectIO_with_no_output_buffer_succeeds_and_writes_nothing()
    {
        Assert.Equal(ControlOutput.Empty, _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 0));
        Assert.Equal(ControlOutput.Empty, _d.ResourceControl(Disk1, ControlCodes.EnableSharedVolumeDirectIO, Z("Volume1"), 0));
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
    }

    [Fact]
    public void DisableDirectIO_during_backup_returns_ERROR_CLUSTER_BACKUP_IN_PROGRESS()
    {
        _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0);
        var o = _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, Z("Volume1"), 100);
        Assert.Equal(Win32Error.ClusterBackupInProgress, o.Error);
        Assert.Equal(0u, o.BytesReturned);
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
    }

    [Theory]
    [InlineData(new byte[] { 0x56, 0x00, 0x31 })] // odd length
    [InlineData(new byte[] { 0x56, 0x00, 0x31, 0x00 })] // no NUL
    [InlineData(new byte[0])]
    public void DirectIO_malformed_name_returns_ERROR_INVALID_PARAMETER(byte[] input)
    {
        Assert.Equal(Win32Error.InvalidParameter, _d.ResourceControl(Disk1, ControlCodes.DisableSharedVolumeDirectIO, input, 100).Error);
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Redirected);
    }

    [Fact]
    public void SetCsvMaintenanceMode_reads_the_524_byte_input()
    {
        var input = new byte[524];
        input[0] = 1;
        Encoding.Unicode.GetBytes("Volume1").CopyTo(input.AsSpan(4));
        Assert.Equal(ControlOutput.Empty, _d.ResourceControl(Disk1, ControlCodes.SetCsvMaintenanceMode, input, 0));
        Assert.True(_engine.Queries.FindSharedVolume("Volume1")!.Maintenance);
        Assert.Equal(Win32Error.InvalidParameter, _d.ResourceControl(Disk1, ControlCodes.SetCsvMaintenanceMode, input.AsSpan(0, 523), 0).Error);
        input[0] = 2;
        Assert.Equal(Win32Error.InvalidParameter, _d.ResourceControl(Disk1, ControlCodes.SetCsvMaintenanceMode, input, 0).Error);
    }

    [Theory]
    [InlineData(ControlCodes.SetSharedVolumeBackupMode)]
    [InlineData(ControlCodes.SetCsvMaintenanceMode)]
    [InlineData(ControlCodes.EnableSharedVolumeDirectIO)]
    [InlineData(ControlCodes.DisableSharedVolumeDirectIO)]
    [InlineData(ControlCodes.GetSharedVolumeStates)]
    public void Modify_bit_codes_on_a_read_only_handle_return_ERROR_ACCESS_DENIED(uint code)
    {
        var o = _d.ResourceControl(Disk1, code, BackupModeBytes(), 100, new ControlContext(FullAccess: false));
        Assert.Equal(Win32Error.AccessDenied, o.Error);
        Assert.Equal(SharedVolumeBackupState.None, Backup1);
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652, new ControlContext(FullAccess: false)).Error);
    }

    [Fact]
    public void Writes_in_the_read_only_server_state_return_ERROR_SHARING_PAUSED_and_reads_are_served()
    {
        _engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0).Error);
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652).Error);
        Assert.Equal(SharedVolumeBackupState.None, Backup1);
    }

    [Fact]
    public void Common_check_order_is_object_then_code_then_access_then_server_state_then_node_owner_then_the_code()
    {
        // MS-CMRP 3.1.4.2.74, the order ControlDispatcher.Admit writes down: each case fails every later check too, so
        // the answer names the first failing one. A Read handle, the Read-Only state and a node that does not own
        // "Cluster Disk 1" (node2) throughout.
        var readHandleOnNode2 = new ControlContext(FullAccess: false, NodeName: "node2");
        var fullHandleOnNode2 = new ControlContext(FullAccess: true, NodeName: "node2");
        var internalModify = ControlCode.Internal(ControlObject.Resource, 0x21, ControlAccess.Write, modify: true).Value;
        var groupModify = ControlCode.External(ControlObject.Group, 0x21, ControlAccess.Write, modify: true).Value;
        _engine.SetServerState(ProtocolServerState.ReadOnly);

        // The object first: an unknown resource, whatever the code.
        Assert.Equal(Win32Error.ResourceNotFound, _d.ResourceControl("nope", internalModify, default, 0, readHandleOnNode2).Error);
        // An internal code, or one for another object type, on a Read handle: ERROR_INVALID_FUNCTION, not ERROR_ACCESS_DENIED.
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl(Disk1, internalModify, default, 0, readHandleOnNode2).Error);
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl(Disk1, groupModify, default, 0, readHandleOnNode2).Error);
        // A modify-bit code on a Read handle in the Read-Only state: ERROR_ACCESS_DENIED, not ERROR_SHARING_PAUSED.
        Assert.Equal(Win32Error.AccessDenied, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0, readHandleOnNode2).Error);
        // With "All": the Read-Only state, before the node-owner check.
        Assert.Equal(Win32Error.SharingPaused, _d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0, fullHandleOnNode2).Error);
        // A read code passes the state; then the node variant's owner check.
        Assert.Equal(Win32Error.HostNodeNotResourceOwner, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652, readHandleOnNode2).Error);
        // Then the code's own checks (not a CSV resource: ERROR_INVALID_FUNCTION, MS-CMRP 3.1.4.3.1.48).
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl(Disk3, ControlCodes.GetSharedVolumeInfo, default, 652, new ControlContext(FullAccess: false)).Error);
        Assert.Equal(SharedVolumeBackupState.None, Backup1);

        // The None state serves nothing: ERROR_SHARING_PAUSED before any other check but the handle's.
        _engine.SetServerState(ProtocolServerState.None);
        Assert.Equal(Win32Error.SharingPaused, _d.ResourceControl(Disk1, internalModify, default, 0, readHandleOnNode2).Error);
        Assert.Equal(Win32Error.SharingPaused, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652).Error);
    }

    [Fact]
    public void Node_variant_on_a_node_that_does_not_own_the_resource_returns_ERROR_HOST_NODE_NOT_RESOURCE_OWNER()
    {
        Assert.Equal(Win32Error.HostNodeNotResourceOwner, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652, new ControlContext(NodeName: "node2")).Error);
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeInfo, default, 652, new ControlContext(NodeName: "node1")).Error);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x07000291u)] // a cluster code sent to a resource
    [InlineData(0x0110007Du)] // CLUSCTL_RESOURCE_QUERY_CSV_MAINTENANCE_MODE (internal)
    [InlineData(0x01002DD6u)] // RENAME_SHARED_VOLUME: not implemented
    public void Unknown_internal_and_foreign_codes_return_ERROR_INVALID_FUNCTION(uint code)
    {
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl(Disk1, code, default, 100).Error);
    }

    [Fact]
    public void Unknown_resource_returns_ERROR_RESOURCE_NOT_FOUND()
    {
        Assert.Equal(Win32Error.ResourceNotFound, _d.ResourceControl("nope", ControlCodes.GetSharedVolumeInfo, default, 100).Error);
    }

    [Fact]
    public void GetSharedVolumeStates_returns_one_STATE_INFO_EX_per_node_and_can_filter()
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeStates, default, 10000);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal((uint)((3 * (8 + 1584)) + 4), o.BytesReturned);
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(o.Data.Span.Slice(8, 1584), out var first));
        Assert.Equal("node1", first.NodeName);
        Assert.Equal(SharedVolumeState.Active, first.VolumeState);
        Assert.Equal(Win32Error.InvalidParameter, _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumeStates, Z("Volume9"), 10000).Error);
    }

    [Fact]
    public void PartitionNames_returns_CLUS_CSV_VOLUME_NAME_entries_with_the_root_path()
    {
        var o = _d.ResourceControl(Disk1, ControlCodes.GetSharedVolumePartitionNames, default, 2000);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal(Win32Error.Success, CsvVolumeName.TryRead(o.Data.Span.Slice(8, 1056), out var n));
        Assert.Equal(@"C:\ClusterStorage\Volume1", n.RootPath);
        Assert.Equal(135266304, n.VolumeOffset);
    }

    [Fact]
    public void IsSharedVolume_distinguishes_CSVs()
    {
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk1, ControlCodes.IsSharedVolume, default, 0).Error);
        Assert.Equal(Win32Error.ClusterNotSharedVolume, _d.ResourceControl(Disk3, ControlCodes.IsSharedVolume, default, 0).Error);
    }

    [Fact]
    public void Disk_maintenance_query_returns_INFO_or_INFO_EX_by_buffer_size()
    {
        var set = new byte[4];
        set[0] = 1;
        Assert.Equal(Win32Error.Success, _d.ResourceControl(Disk3, ControlCodes.SetMaintenanceMode, set, 0).Error);
        var small = _d.ResourceControl(Disk3, ControlCodes.QueryMaintenanceMode, default, 4);
        Assert.Equal("01000000", Convert.ToHexString(small.Data.Span));
        var ex = _d.ResourceControl(Disk3, ControlCodes.QueryMaintenanceMode, default, 16);
        Assert.Equal(16u, ex.BytesReturned);
        Assert.Equal(0xABBAF00Fu, BinaryPrimitives.ReadUInt32LittleEndian(ex.Data.Span[12..]));
        Assert.Equal(Win32Error.InvalidFunction, _d.ResourceControl("Cluster Name", ControlCodes.QueryMaintenanceMode, default, 4).Error);
    }

    [Fact]
    public void IsCsvFile_through_the_resource_type_control()
    {
        Assert.Equal(ControlOutput.Empty, _d.ResourceTypeControl("Physical Disk", ControlCodes.ResourceTypeStorageIsCsvFile, Z(@"C:\ClusterStorage\Volume2\f"), 0));
        Assert.Equal(Win32Error.ClusterNotSharedVolume, _d.ResourceTypeControl("Physical Disk", ControlCodes.ResourceTypeStorageIsCsvFile, Z(@"C:\f"), 0).Error);
        Assert.Equal(Win32Error.InvalidParameter, _d.ResourceTypeControl("Physical Disk", ControlCodes.ResourceTypeStorageIsCsvFile, [0x43], 0).Error);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, _d.ResourceTypeControl("MSMQ", ControlCodes.ResourceTypeStorageIsCsvFile, Z(@"C:\f"), 0).Error);
    }

    [Fact]
    public void GetSharedVolumeId_returns_the_id_string_with_MORE_DATA_semantics()
    {
        var expected = Z("9a1e1f00-0000-4000-8000-000000000011:135266304");
        var small = _d.ClusterControl(ControlCodes.ClusterGetSharedVolumeId, Z(@"c:\clusterstorage\volume1\a.txt"), 10);
        Assert.Equal(Win32Error.MoreData, small.Error);
        Assert.Equal((uint)expected.Length, small.BytesRequired);
        var o = _d.ClusterControl(ControlCodes.ClusterGetSharedVolumeId, Z(@"c:\clusterstorage\volume1\a.txt"), small.BytesRequired);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(o.Data.Span));
        Assert.Equal(Win32Error.ClusterNotSharedVolume, _d.ClusterControl(ControlCodes.ClusterGetSharedVolumeId, Z(@"C:\Windows"), 100).Error);
    }

    [Fact]
    public void WS2012Plus_profile_answers_ERROR_INVALID_FUNCTION_for_backup_and_maintenance_codes_first()
    {
        using var t = new ControlDispatcherTests(CsvProfile.WS2012Plus);
        t._engine.Execute(new FailResource(Disk1));
        Assert.Equal(Win32Error.InvalidFunction, t._d.ResourceControl(Disk1, ControlCodes.SetSharedVolumeBackupMode, BackupModeBytes(), 0).Error);
        Assert.Equal(Win32Error.InvalidFunction, t._d.ResourceControl(Disk1, ControlCodes.SetCsvMaintenanceMode, new byte[524], 0).Error);
    }

    [Fact]
    public void Random_input_never_throws_and_never_returns_more_than_the_buffer()
    {
        var codes = ControlCodes.All.Select(c => c.Code.Value).ToArray();
        Gen.Select(Gen.Int[0, codes.Length - 1], Gen.Byte.Array[0, 600], Gen.UInt[0, 5000]).Sample((i, input, outSize) =>
        {
            var o = _d.ResourceControl(Disk1, codes[i], input, outSize);
            return o.BytesReturned <= outSize && o.Data.Length == (int)o.BytesReturned;
        }, iter: 2000, threads: 1);
    }

    [Theory]
    [InlineData("Cluster Name", "CLUSTER1")] // a Network Name resource: its Parameters\Name
    [InlineData("Cluster IP Address", "CLUSTER1")] // no Network Name dependency: the cluster name
    public void Resource_GET_NETWORK_NAME_returns_the_NetBIOS_name_of_the_network_name_it_depends_on(string resource, string expected)
    {
        var o = _d.ResourceControl(resource, 0x01000169, default, 100);
        Assert.Equal(Win32Error.Success, o.Error);
        Assert.Equal(Convert.ToHexString(Z(expected)), Convert.ToHexString(o.Data.Span));
    }

    // Found by the fuzz harness (clusapi target): SET_PRIVATE_PROPERTIES with a name the cluster database cannot key on
    // (an unpaired surrogate, or longer than the store's key limit) or a value near 1 MiB threw ArgumentException from
    // the store's checks instead of answering ERROR_INVALID_PARAMETER; the engine had already applied the change.
    [Theory]
    [InlineData("surrogate")]
    [InlineData("long-name")]
    [InlineData("large-value")]
    public void SetPrivateProperties_name_or_value_the_database_cannot_hold_is_ERROR_INVALID_PARAMETER(string shape)
    {
        var list = shape switch
        {
            "surrogate" => new PropertyListWriter().AddDword("Desc\uDE88ption", 1),
            "long-name" => new PropertyListWriter().AddDword(new string('N', 5000), 1),
            _ => new PropertyListWriter().AddBinary("Big", new byte[(1 << 20) + 8]),
        };
        var o = _d.ResourceControl(Disk1, ControlCodes.ResourceSetPrivateProperties, list.ToArray(), 0);
        Assert.Equal(Win32Error.InvalidParameter, o.Error);
        var read = _d.ResourceControl(Disk1, ControlCodes.ResourceGetPrivateProperties, default, 1 << 22);
        Assert.Equal(Win32Error.Success, read.Error);
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(read.Data, out var properties));
        Assert.DoesNotContain(properties, p => p.Name.StartsWith("Desc", StringComparison.Ordinal) || p.Name.StartsWith("NNN", StringComparison.Ordinal) || p.Name == "Big");
    }
}
