namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the group-set and group-dependency methods (MS-CMRP 3.1.4.2.146, 149-161; opnum 183), from the IDL by hand.</summary>
public sealed class GroupSetMethodsTests
{
    private static readonly string NullHandleHex = "00000000" + new string('0', 32);

    private static GroupSetHandle S1 => new(Golden.H1);

    private static GroupSetHandle S2 => new(Golden.H2);

    private static GroupHandle G1 => new(Golden.H1);

    private static GroupHandle G2 => new(Golden.H2);

    [Fact]
    public void The_opnums_are_the_IDL_ones()
    {
        Assert.Equal(163, (int)CreateGroupSetRequest.Opnum);
        Assert.Equal(166, (int)DeleteGroupSetRequest.Opnum);
        Assert.Equal(167, (int)AddGroupToGroupSetRequest.Opnum);
        Assert.Equal(168, (int)RemoveGroupFromGroupSetRequest.Opnum);
        Assert.Equal(169, (int)MoveGroupToGroupSetRequest.Opnum);
        Assert.Equal(171, (int)AddGroupSetDependencyRequest.Opnum);
        Assert.Equal(172, (int)AddGroupToGroupSetDependencyRequest.Opnum);
        Assert.Equal(173, (int)NodeGroupSetControlRequest.Opnum);
        Assert.Equal(174, (int)GroupSetControlRequest.Opnum);
        Assert.Equal(175, (int)SetGroupDependencyExpressionRequest.Opnum);
        Assert.Equal(176, (int)RemoveClusterGroupDependencyRequest.Opnum);
        Assert.Equal(177, (int)SetGroupSetDependencyExpressionRequest.Opnum);
        Assert.Equal(178, (int)RemoveGroupSetDependencyRequest.Opnum);
        Assert.Equal(179, (int)RemoveClusterGroupToGroupSetDependencyRequest.Opnum);
        Assert.Equal(183, (int)AddGroupToGroupSetExRequest.Opnum);
    }

    [Fact]
    public void ApiCreateGroupSet_request_is_the_name_and_the_response_status_rpc_status_then_the_handle()
    {
        // "web": max_count 4, offset 0, actual 4, "w e b NUL" as UTF-16LE.
        Golden.Check(new CreateGroupSetRequest("web"), "04000000 00000000 04000000 77006500 62000000");
        Golden.Check(new OpenResponse<GroupSetHandle>(Win32Error.Success, S1), "00000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenResponse<GroupSetHandle>(Win32Error.ObjectAlreadyExists, GroupSetHandle.Null), "92130000 00000000" + NullHandleHex);
    }

    [Fact]
    public void The_one_and_two_handle_methods_send_their_handles_in_IDL_order_and_answer_rpc_status_then_the_result()
    {
        Golden.Check(new DeleteGroupSetRequest(S1), Golden.H1Hex);
        Golden.Check(new AddGroupToGroupSetRequest(S1, G2), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new RemoveGroupFromGroupSetRequest(G1), Golden.H1Hex);
        Golden.Check(new MoveGroupToGroupSetRequest(S2, G1), Golden.H2Hex + Golden.H1Hex);
        Golden.Check(new AddGroupSetDependencyRequest(S1, S2), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new AddGroupToGroupSetDependencyRequest(G2, S1), Golden.H2Hex + Golden.H1Hex);
        Golden.Check(new RemoveClusterGroupDependencyRequest(G1, G2), Golden.H1Hex + Golden.H2Hex);
        // [in] HGROUPSET_RPC * and [in] HGROUP_RPC *: a reference to a context handle is the handle itself.
        Golden.Check(new RemoveGroupSetDependencyRequest(S2, S1), Golden.H2Hex + Golden.H1Hex);
        Golden.Check(new RemoveClusterGroupToGroupSetDependencyRequest(G1, S2), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new ResultResponse(Win32Error.GroupsetNotAvailable), "00000000 67170000");
    }

    [Fact]
    public void The_expression_methods_send_the_handle_then_the_expression_as_a_top_level_string()
    {
        // "[a]": 4 characters with the NUL.
        Golden.Check(new SetGroupDependencyExpressionRequest(G1, "[a]"), Golden.H1Hex + "04000000 00000000 04000000 5b006100 5d000000");
        Golden.Check(new SetGroupSetDependencyExpressionRequest(S2, ""), Golden.H2Hex + "01000000 00000000 01000000 0000");
    }

    [Fact]
    public void ApiAddGroupToGroupSetEx_sends_the_domains_UseDomains_as_a_BOOL_and_the_referenced_Reserved_DWORD()
    {
        var r = Golden.Check(new AddGroupToGroupSetExRequest(S1, G2, 3, 4, UseDomains: true, 0),
            Golden.H1Hex + Golden.H2Hex + "03000000" + "04000000" + "01000000" + "00000000");
        Assert.True(r.UseDomains);
        Assert.False(Golden.Check(new AddGroupToGroupSetExRequest(S1, G2, 0, 0, UseDomains: false, 0),
            Golden.H1Hex + Golden.H2Hex + "00000000 00000000 00000000 00000000").UseDomains);
    }

    [Fact]
    public void The_group_set_controls_have_the_control_shape()
    {
        Golden.Check(new GroupSetControlRequest(S1, 0x08000039, ReadOnlyMemory<byte>.Empty, 512),
            Golden.H1Hex + "39000008" + "00000000" + "00000000" + "00020000");
        var r = Golden.Check(new NodeGroupSetControlRequest(S1, new NodeHandle(Golden.H2), 0x0840005E, new byte[] { 1, 2 }, 0),
            Golden.H1Hex + Golden.H2Hex + "5e004008" + "00000200" + "02000000 0102" + "0000" + "02000000" + "00000000");
        Assert.Equal(new byte[] { 1, 2 }, r.InBuffer.ToArray());
    }
}
