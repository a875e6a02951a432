namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the node methods (MS-CMRP 3.1.4.2.49, 67-72, 118).</summary>
public sealed class NodeMethodsTests
{
    [Fact]
    public void ApiOpenNode_request_is_the_name_as_a_top_level_string() =>
        Golden.Check(new OpenNodeRequest("node1"), "06000000 00000000 06000000 6e006f00640065003100 0000");

    [Fact]
    public void ApiOpenNode_response_is_status_rpc_status_then_the_handle()
    {
        var r = Golden.Check(new OpenResponse<NodeHandle>(Win32Error.Success, new NodeHandle(Golden.H1)), "00000000 00000000" + Golden.H1Hex);
        Assert.Equal(Golden.H1, r.Handle.Value);
        Golden.Check(new OpenResponse<NodeHandle>(Win32Error.ClusterNodeNotFound, NodeHandle.Null), "b2130000 00000000" + "00000000" + new string('0', 32));
    }

    [Fact]
    public void ApiOpenNodeEx_request_pads_the_name_before_the_desired_access() =>
        Golden.Check(new OpenNodeExRequest("n1", 0x02000000), Golden.Sin("n1") + "0000" + "00000002");

    [Fact]
    public void ApiOpenNodeEx_response_starts_with_the_granted_access() =>
        Golden.Check(new OpenExResponse<NodeHandle>(0x00000001, Win32Error.Success, new NodeHandle(Golden.H1)), "01000000 00000000 00000000" + Golden.H1Hex);

    [Fact]
    public void ApiCloseNode_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseNodeRequest(new NodeHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<NodeHandle>(NodeHandle.Null, Win32Error.Success), "00000000" + new string('0', 32) + "00000000");
    }

    [Fact]
    public void ApiGetNodeState_answers_state_rpc_status_result() =>
        Golden.Check(new StateResponse(-1, Win32Error.InvalidHandle), "ffffffff 00000000 06000000");

    [Fact]
    public void ApiGetNodeId_answers_a_unique_string()
    {
        Golden.Check(new GetNodeIdRequest(new NodeHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new StringResponse("1", Win32Error.Success), "00000200" + "02000000 00000000 02000000 31000000" + "00000000 00000000");
        Golden.Check(new StringResponse(null, Win32Error.InvalidHandle), "00000000 00000000 06000000");
    }

    [Fact]
    public void Node_actions_send_the_handle_and_answer_rpc_status_result()
    {
        Golden.Check(new PauseNodeRequest(new NodeHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new ResumeNodeRequest(new NodeHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new EvictNodeRequest(new NodeHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new ResultResponse(Win32Error.ClusterNodeNotPaused), "00000000 c2130000");
    }

    [Fact]
    public void Each_node_request_carries_its_IDL_opnum()
    {
        Assert.Equal(66, (int)OpenNodeRequest.Opnum);
        Assert.Equal(67, (int)CloseNodeRequest.Opnum);
        Assert.Equal(68, (int)GetNodeStateRequest.Opnum);
        Assert.Equal(48, (int)GetNodeIdRequest.Opnum);
        Assert.Equal(69, (int)PauseNodeRequest.Opnum);
        Assert.Equal(70, (int)ResumeNodeRequest.Opnum);
        Assert.Equal(71, (int)EvictNodeRequest.Opnum);
        Assert.Equal(118, (int)OpenNodeExRequest.Opnum);
    }
}
