using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the group and group-set methods (MS-CMRP 3.1.4.2.42-55, 118, 147-148).</summary>
public sealed class GroupMethodsTests
{
    private static readonly string NullHandleHex = "00000000" + new string('0', 32);

    private static GroupHandle G1 => new(Golden.H1);

    private static byte[] Stub(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void ApiOpenGroup_request_is_the_name_as_a_top_level_string() =>
        Golden.Check(new OpenGroupRequest("g1"), "03000000 00000000 03000000 67003100 0000");

    [Fact]
    public void ApiOpenGroup_response_is_status_rpc_status_then_the_handle_NULL_when_not_found()
    {
        var r = Golden.Check(new OpenResponse<GroupHandle>(Win32Error.Success, G1), "00000000 00000000" + Golden.H1Hex);
        Assert.Equal(Golden.H1, r.Handle.Value);
        var failed = Golden.Check(new OpenResponse<GroupHandle>(Win32Error.GroupNotFound, GroupHandle.Null), "95130000 00000000" + NullHandleHex);
        Assert.True(failed.Handle.IsNull);
    }

    [Fact]
    public void ApiOpenGroupEx_request_pads_the_name_before_the_desired_access() =>
        Golden.Check(new OpenGroupExRequest("g1", 0x02000000), "03000000 00000000 03000000 67003100 0000" + "0000" + "00000002");

    [Fact]
    public void ApiOpenGroupEx_response_starts_with_the_granted_access_which_is_0_on_failure()
    {
        Golden.Check(new OpenExResponse<GroupHandle>(0x00000001, Win32Error.Success, G1), "01000000 00000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenExResponse<GroupHandle>(0, Win32Error.AccessDenied, GroupHandle.Null), "00000000 05000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiCreateGroup_request_is_the_name_and_the_response_is_an_open_response()
    {
        Golden.Check(new CreateGroupRequest("grp"), "04000000 00000000 04000000 67007200 70000000");
        Golden.Check(new OpenResponse<GroupHandle>(Win32Error.Success, G1), "00000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenResponse<GroupHandle>(Win32Error.SharingPaused, GroupHandle.Null), "46000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiDeleteGroup_request_sends_force_as_a_u32_BOOL_after_the_handle()
    {
        Assert.True(Golden.Check(new DeleteGroupRequest(G1, Force: true), Golden.H1Hex + "01000000").Force);
        Assert.False(Golden.Check(new DeleteGroupRequest(G1, Force: false), Golden.H1Hex + "00000000").Force);
        Golden.Check(new ResultResponse(Win32Error.DirNotEmpty), "00000000 91000000");
    }

    [Fact]
    public void ApiDeleteGroup_reads_any_nonzero_force_as_true() =>
        Assert.True(ClusApiCodec.Decode<DeleteGroupRequest>(Stub(Golden.H1Hex + "02000000")).Force);

    [Fact]
    public void ApiCloseGroup_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseGroupRequest(G1), Golden.H1Hex);
        Golden.Check(new CloseResponse<GroupHandle>(GroupHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new CloseResponse<GroupHandle>(G1, Win32Error.InvalidHandle), Golden.H1Hex + "06000000");
    }

    [Fact]
    public void ApiGetGroupState_answers_state_then_the_owner_node_as_a_unique_string_then_rpc_status_result()
    {
        Golden.Check(new GetGroupStateRequest(G1), Golden.H1Hex);
        var r = Golden.Check(new GetGroupStateResponse(ClusterGroupState.Online, "node1", Win32Error.Success),
            "00000000" + "00000200" + "06000000 00000000 06000000 6e006f00640065003100 0000" + "00000000 00000000");
        Assert.Equal("node1", r.NodeName);
        Assert.Equal(ClusterGroupState.Online, r.State);
    }

    [Fact]
    public void ApiGetGroupState_failure_answers_the_unknown_state_and_a_NULL_node_name()
    {
        var r = Golden.Check(new GetGroupStateResponse(ClusterGroupState.Unknown, null, Win32Error.InvalidHandle), "ffffffff 00000000 00000000 06000000");
        Assert.Null(r.NodeName);
        Assert.Equal(ClusterGroupState.Unknown, r.State);
    }

    [Fact]
    public void A_group_state_response_whose_node_name_count_passes_the_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetGroupStateResponse>(
            Stub("00000000" + "00000200" + "00100000 00000000 00100000" + "6e00")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetGroupStateResponse>(Stub("00000000" + "000002")));
    }

    [Fact]
    public void ApiSetGroupName_request_sends_the_handle_then_the_new_name() =>
        Golden.Check(new SetGroupNameRequest(G1, "g2"), Golden.H1Hex + "03000000 00000000 03000000 67003200 0000");

    [Fact]
    public void ApiGetGroupId_answers_a_unique_string_or_NULL()
    {
        Golden.Check(new GetGroupIdRequest(G1), Golden.H1Hex);
        Golden.Check(new StringResponse("abc", Win32Error.Success), "00000200" + "04000000 00000000 04000000 61006200 63000000" + "00000000 00000000");
        Golden.Check(new StringResponse(null, Win32Error.GroupNotFound), "00000000 00000000 95130000");
    }

    [Fact]
    public void Group_actions_send_the_handle_and_answer_rpc_status_result()
    {
        Golden.Check(new OnlineGroupRequest(G1), Golden.H1Hex);
        Golden.Check(new OfflineGroupRequest(G1), Golden.H1Hex);
        Golden.Check(new MoveGroupRequest(G1), Golden.H1Hex);
        Golden.Check(new ResultResponse(Win32Error.Success), "00000000 00000000");
        Golden.Check(new ResultResponse(Win32Error.SpecialGroup), "00000000 5c050000");
    }

    [Fact]
    public void ApiMoveGroupToNode_request_sends_the_group_then_the_node_handle()
    {
        var r = Golden.Check(new MoveGroupToNodeRequest(G1, new NodeHandle(Golden.H2)), Golden.H1Hex + Golden.H2Hex);
        Assert.Equal(Golden.H2, r.Node.Value);
    }

    [Fact]
    public void ApiSetGroupNodeList_request_sends_the_list_as_a_unique_conformant_array_then_its_size()
    {
        // MULTI_SZ "1\0\0" in UTF-16LE: 6 bytes, padded to 4 before cchListSize.
        var r = Golden.Check(new SetGroupNodeListRequest(G1, new byte[] { 0x31, 0, 0, 0, 0, 0 }),
            Golden.H1Hex + "00000200" + "06000000 310000000000" + "0000" + "06000000");
        Assert.Equal(6, r.NodeList.Length);
    }

    [Fact]
    public void ApiSetGroupNodeList_request_sends_an_empty_list_as_a_NULL_pointer_with_size_0() =>
        Assert.True(Golden.Check(new SetGroupNodeListRequest(G1, ReadOnlyMemory<byte>.Empty), Golden.H1Hex + "00000000" + "00000000").NodeList.IsEmpty);

    [Fact]
    public void ApiSetGroupNodeList_reads_the_arrays_own_count_and_ignores_cchListSize()
    {
        var r = ClusApiCodec.Decode<SetGroupNodeListRequest>(Stub(Golden.H1Hex + "00000200" + "04000000 31000000" + "10000000"));
        Assert.Equal(new byte[] { 0x31, 0, 0, 0 }, r.NodeList.ToArray());
    }

    [Fact]
    public void A_node_list_whose_count_passes_the_stub_or_a_truncated_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetGroupNodeListRequest>(Stub(Golden.H1Hex + "00000200" + "00000100" + "3100")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetGroupNodeListRequest>(Stub(Golden.H1Hex + "00000200" + "ffffffff")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetGroupNodeListRequest>(Stub(Golden.H1Hex + "00000200" + "02000000 3100")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetGroupNodeListRequest>(Stub(Golden.H1Hex[..20])));
    }

    [Fact]
    public void ApiOpenGroupSet_request_is_the_name_and_the_response_a_group_set_handle()
    {
        Golden.Check(new OpenGroupSetRequest("gs1"), "04000000 00000000 04000000 67007300 31000000");
        Golden.Check(new OpenResponse<GroupSetHandle>(Win32Error.Success, new GroupSetHandle(Golden.H2)), "00000000 00000000" + Golden.H2Hex);
        Golden.Check(new OpenResponse<GroupSetHandle>(Win32Error.GroupsetNotFound, GroupSetHandle.Null), "68170000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiCloseGroupSet_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseGroupSetRequest(new GroupSetHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new CloseResponse<GroupSetHandle>(GroupSetHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new CloseResponse<GroupSetHandle>(new GroupSetHandle(Golden.H2), Win32Error.InvalidHandle), Golden.H2Hex + "06000000");
    }

    [Fact]
    public void A_truncated_group_request_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<OpenGroupRequest>(Stub("03000000 00000000 03000000 6700")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<OpenGroupRequest>(Stub("00100000 00000000 00100000 6700")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<DeleteGroupRequest>(Stub(Golden.H1Hex)));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<MoveGroupToNodeRequest>(Stub(Golden.H1Hex + "0000")));
    }

    [Fact]
    public void Each_group_request_carries_its_IDL_opnum()
    {
        Assert.Equal(41, (int)OpenGroupRequest.Opnum);
        Assert.Equal(42, (int)CreateGroupRequest.Opnum);
        Assert.Equal(43, (int)DeleteGroupRequest.Opnum);
        Assert.Equal(44, (int)CloseGroupRequest.Opnum);
        Assert.Equal(45, (int)GetGroupStateRequest.Opnum);
        Assert.Equal(46, (int)SetGroupNameRequest.Opnum);
        Assert.Equal(47, (int)GetGroupIdRequest.Opnum);
        Assert.Equal(49, (int)OnlineGroupRequest.Opnum);
        Assert.Equal(50, (int)OfflineGroupRequest.Opnum);
        Assert.Equal(51, (int)MoveGroupRequest.Opnum);
        Assert.Equal(52, (int)MoveGroupToNodeRequest.Opnum);
        Assert.Equal(54, (int)SetGroupNodeListRequest.Opnum);
        Assert.Equal(119, (int)OpenGroupExRequest.Opnum);
        Assert.Equal(164, (int)OpenGroupSetRequest.Opnum);
        Assert.Equal(165, (int)CloseGroupSetRequest.Opnum);
    }
}
