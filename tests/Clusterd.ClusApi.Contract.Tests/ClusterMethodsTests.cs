using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the cluster-wide methods (MS-CMRP 3.1.4.2.1-6, 102, 104, 108, 116).</summary>
public sealed class ClusterMethodsTests
{
    private const string NullHandleHex = "00000000" + "00000000000000000000000000000000";

    [Fact]
    public void Methods_without_in_parameters_send_an_empty_stub()
    {
        Golden.Check(new OpenClusterRequest(), "");
        Golden.Check(new GetClusterNameRequest(), "");
        Golden.Check(new GetClusterVersionRequest(), "");
        Golden.Check(new GetClusterVersion2Request(), "");
        Golden.Check(new GetQuorumResourceRequest(), "");
    }

    [Fact]
    public void ApiOpenCluster_answers_status_then_the_handle_without_rpc_status()
    {
        var r = Golden.Check(new OpenClusterResponse(Win32Error.Success, new ClusterHandle(Golden.H1)), "00000000" + Golden.H1Hex);
        Assert.Equal(Golden.H1, r.Handle.Value);
        Golden.Check(new OpenClusterResponse(Win32Error.SharingPaused, ClusterHandle.Null), "46000000" + NullHandleHex);
    }

    [Fact]
    public void ApiOpenClusterEx_sends_the_desired_access_and_answers_granted_status_handle_without_rpc_status()
    {
        Golden.Check(new OpenClusterExRequest(0x02000000), "00000002");
        Golden.Check(new OpenClusterExResponse(1, Win32Error.Success, new ClusterHandle(Golden.H1)), "01000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenClusterExResponse(0, Win32Error.InvalidParameter, ClusterHandle.Null), "00000000 57000000" + NullHandleHex);
    }

    [Fact]
    public void ApiCloseCluster_answers_the_handle_then_the_result()
    {
        Golden.Check(new CloseClusterRequest(new ClusterHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<ClusterHandle>(ClusterHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new CloseResponse<ClusterHandle>(new ClusterHandle(Golden.H1), Win32Error.InvalidHandle), Golden.H1Hex + "06000000");
    }

    [Fact]
    public void ApiSetClusterName_sends_the_name_as_a_top_level_string_and_answers_rpc_status_result()
    {
        Golden.Check(new SetClusterNameRequest("abc"), "04000000 00000000 04000000 6100 6200 6300 0000");
        Golden.Check(new ResultResponse(Win32Error.ResourcePropertiesStored), "00000000 a0130000");
    }

    [Fact]
    public void ApiGetClusterName_answers_two_unique_strings_then_the_result_without_rpc_status()
    {
        var r = Golden.Check(new GetClusterNameResponse("c1", "n1", Win32Error.Success),
            "00000200" + "03000000 00000000 03000000 6300 3100 0000" + "0000" +
            "04000200" + "03000000 00000000 03000000 6e00 3100 0000" + "0000" +
            "00000000");
        Assert.Equal("c1", r.ClusterName);
        Assert.Equal("n1", r.NodeName);
        Golden.Check(new GetClusterNameResponse(null, null, Win32Error.SharingPaused), "00000000 00000000 46000000");
    }

    [Fact]
    public void ApiGetClusterVersion_pads_the_three_words_before_the_strings_and_has_no_rpc_status() =>
        Golden.Check(new GetClusterVersionResponse(0, 0, 0, null, null, Win32Error.CallNotImplemented),
            "0000 0000 0000" + "0000" + "00000000 00000000" + "78000000");

    [Fact]
    public void ApiGetClusterVersion2_answers_words_strings_the_operational_version_info_rpc_status_result()
    {
        var info = new ClusterOperationalVersionInfo(20, 0x00050002, 0x00030001, 0, 0);
        var r = Golden.Check(new GetClusterVersion2Response(10, 0, 0x4F7C, "MS", "", info, Win32Error.Success),
            "0a00 0000 7c4f" + "0000" +
            "00000200" + "03000000 00000000 03000000 4d00 5300 0000" + "0000" +
            "04000200" + "01000000 00000000 01000000 0000" + "0000" +
            "08000200" + "14000000 02000500 01000300 00000000 00000000" +
            "00000000 00000000");
        Assert.Equal(info, r.VersionInfo);
        Assert.Equal((ushort)0x4F7C, r.BuildNumber);
    }

    [Fact]
    public void ApiGetClusterVersion2_failure_has_NULL_strings_and_a_NULL_version_info() =>
        Golden.Check(new GetClusterVersion2Response(0, 0, 0, null, null, null, Win32Error.SharingPaused),
            "0000 0000 0000 0000" + "00000000 00000000 00000000" + "00000000 46000000");

    [Fact]
    public void ApiGetQuorumResource_answers_two_strings_the_log_size_rpc_status_result()
    {
        Golden.Check(new GetQuorumResourceResponse("", "", 0x400000, Win32Error.Success),
            "00000200" + "01000000 00000000 01000000 0000" + "0000" +
            "04000200" + "01000000 00000000 01000000 0000" + "0000" +
            "00004000" + "00000000 00000000");
        Golden.Check(new GetQuorumResourceResponse(null, null, 0x400000, Win32Error.SharingPaused),
            "00000000 00000000 00004000 00000000 46000000");
    }

    [Fact]
    public void ApiBackupClusterDatabase_sends_the_path_and_answers_rpc_status_result()
    {
        Golden.Check(new BackupClusterDatabaseRequest("x"), "02000000 00000000 02000000 7800 0000");
        Golden.Check(new ResultResponse(Win32Error.CallNotImplemented), "00000000 78000000");
    }

    [Fact]
    public void ApiSetServiceAccountPassword_request_pads_the_password_before_flags_and_buffer_size() =>
        Golden.Check(new SetServiceAccountPasswordRequest("pw", 1, 8),
            "03000000 00000000 03000000 7000 7700 0000" + "0000" + "01000000" + "08000000");

    [Fact]
    public void ApiSetServiceAccountPassword_answers_an_array_of_the_buffer_size_with_none_returned_and_no_rpc_status()
    {
        var r = Golden.Check(new SetServiceAccountPasswordResponse(8, [], 0, 0, Win32Error.CallNotImplemented),
            "08000000 00000000 00000000" + "00000000 00000000 78000000");
        Assert.Empty(r.Statuses);
        Assert.Equal(8u, r.ReturnStatusBufferSize);
    }

    [Fact]
    public void A_password_status_entry_is_node_id_a_byte_padded_to_four_then_the_status()
    {
        var r = Golden.Check(new SetServiceAccountPasswordResponse(4,
                [new SetPasswordStatus(1, true, Win32Error.Success), new SetPasswordStatus(2, false, Win32Error.ClusterNetworkNotFound)],
                2, 2, Win32Error.Success),
            "04000000 00000000 02000000" + "01000000 01000000 00000000" + "02000000 00000000 b5130000" + "02000000 02000000 00000000");
        Assert.Equal(new SetPasswordStatus(2, false, Win32Error.ClusterNetworkNotFound), r.Statuses[1]);
    }

    [Fact]
    public void More_password_status_entries_than_ReturnStatusBufferSize_are_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Encode(
            new SetServiceAccountPasswordResponse(0, [new SetPasswordStatus(1, true, Win32Error.Success)], 1, 1, Win32Error.Success)));
        var stub = Hex("01000000 00000000 02000000" + "01000000 01000000 00000000" + "02000000 00000000 00000000" + "02000000 02000000 00000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetServiceAccountPasswordResponse>(stub));
    }

    [Fact]
    public void A_password_status_array_with_a_nonzero_offset_or_a_count_past_the_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetServiceAccountPasswordResponse>(Hex("08000000 01000000 00000000 00000000 00000000 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetServiceAccountPasswordResponse>(Hex("ffffffff 00000000 ffffff0f 00000000")));
    }

    [Fact]
    public void Truncated_cluster_answers_are_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<OpenClusterResponse>(Hex("00000000 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetClusterVersion2Response>(Hex("0a00 0000 7c4f 0000 00000000 00000000 08000200 14000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetClusterNameResponse>(Hex("00000200 ffffff0f 00000000 ffffff0f")));
    }

    [Fact]
    public void Each_cluster_request_carries_its_IDL_opnum()
    {
        Assert.Equal(0, (int)OpenClusterRequest.Opnum);
        Assert.Equal(1, (int)CloseClusterRequest.Opnum);
        Assert.Equal(2, (int)SetClusterNameRequest.Opnum);
        Assert.Equal(3, (int)GetClusterNameRequest.Opnum);
        Assert.Equal(4, (int)GetClusterVersionRequest.Opnum);
        Assert.Equal(5, (int)GetQuorumResourceRequest.Opnum);
        Assert.Equal(102, (int)GetClusterVersion2Request.Opnum);
        Assert.Equal(104, (int)BackupClusterDatabaseRequest.Opnum);
        Assert.Equal(108, (int)SetServiceAccountPasswordRequest.Opnum);
        Assert.Equal(117, (int)OpenClusterExRequest.Opnum);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
