using Clusterd.ClusApi;
using Clusterd.Rpc.Ndr;
using static Clusterd.Client.ClusApiRequests;

namespace Clusterd.Client.Tests;

/// <summary>Golden request stubs, written by hand from the MS-CMRP IDL in NDR 2.0 (C706 chapter 14).</summary>
public sealed class RequestBytesTests
{
    // attributes 0, GUID 00112233-4455-6677-8899-aabbccddeeff (first three fields little-endian).
    private static readonly NdrContextHandle H1 = new(0, new Guid("00112233-4455-6677-8899-aabbccddeeff"));
    private const string H1Hex = "00000000 33221100 5544 7766 8899aabbccddeeff";
    private static readonly NdrContextHandle H2 = new(0, new Guid("01010101-0202-0303-0404-050505050505"));
    private const string H2Hex = "00000000 01010101 0202 0303 0404050505050505";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void OpenCluster_and_GetClusterName_send_an_empty_stub() => Assert.Empty(Empty());

    [Fact]
    public void Close_and_single_handle_methods_send_the_20_byte_handle() => Assert.Equal(Hex(H1Hex), Handle(H1));

    [Fact]
    public void CreateEnum_sends_dwType() =>
        Assert.Equal(Hex("00000040"), CreateEnum((uint)ClusterEnumType.SharedVolumeResource));

    [Fact]
    public void OpenResource_matches_the_samba_sample_with_no_referent_id() =>
        Assert.Equal(Hex("0d000000 00000000 0d000000 43006c00750073007400650072002000 4e0061006d0065000000"), Name("Cluster Name"));

    [Fact]
    public void ResourceControl_without_input_sends_a_NULL_buffer() =>
        Assert.Equal(Hex(H1Hex + "25020001 00000000 00000000 00020000"), Control(H1, ControlCodes.GetSharedVolumeInfo, [], 0x200));

    [Fact]
    public void ResourceControl_with_input_sends_referent_max_count_bytes_and_pads_to_four() =>
        Assert.Equal(Hex(H1Hex + "9a024001 00000200 03000000 010203 00 03000000 00000000"),
            Control(H1, ControlCodes.SetSharedVolumeBackupMode, [1, 2, 3], 0));

    [Fact]
    public void ClusterControl_sends_the_cluster_handle_first() =>
        Assert.Equal(Hex(H1Hex + "91020007 00000000 00000000 00010000"), Control(H1, ControlCodes.ClusterGetSharedVolumeId, [], 0x100));

    [Fact]
    public void NodeResourceControl_sends_resource_then_node_handle() =>
        Assert.Equal(Hex(H1Hex + H2Hex + "25020001 00000000 00000000 00100000"),
            NodeResourceControl(H1, H2, ControlCodes.GetSharedVolumeInfo, [], 0x1000));

    [Fact]
    public void ResourceTypeControl_sends_the_type_name_between_handle_and_code() =>
        Assert.Equal(Hex(H1Hex + "0e000000 00000000 0e000000 5000 6800 7900 7300 6900 6300 6100 6c00 2000 4400 6900 7300 6b00 0000"
                + "29020001 00000200 04000000 aabbccdd 04000000 00000000"),
            ResourceTypeControl(H1, "Physical Disk", ControlCodes.ResourceTypeStorageIsCsvFile, [0xAA, 0xBB, 0xCC, 0xDD], 0));

    [Fact]
    public void MoveGroupToNode_sends_group_then_node() => Assert.Equal(Hex(H1Hex + H2Hex), MoveGroupToNode(H1, H2));

    [Fact]
    public void ChangeCsvState_sends_handle_and_state() => Assert.Equal(Hex(H1Hex + "01000000"), ChangeCsvState(H1, 1));

    [Fact]
    public void ChangeCsvStateEx_sends_the_volume_name_as_a_ref_string() =>
        Assert.Equal(Hex(H1Hex + "00000000 02000000 00000000 02000000 5600 0000"), ChangeCsvStateEx(H1, 0, "V"));
}
