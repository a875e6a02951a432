using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the resource methods (MS-CMRP 3.1.4.2.9-21, 110-111, 119, 122, 164).</summary>
public sealed class ResourceMethodsTests
{
    private static readonly string NullHandleHex = "00000000" + new string('0', 32);

    private static ResourceHandle R1 => new(Golden.H1);

    private static ResourceHandle R2 => new(Golden.H2);

    private static byte[] Stub(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void ApiOpenResource_request_is_the_name_as_a_top_level_string() =>
        Golden.Check(new OpenResourceRequest("r1"), "03000000 00000000 03000000 72003100 0000");

    [Fact]
    public void ApiOpenResource_response_is_status_rpc_status_then_the_handle_NULL_when_not_found()
    {
        Assert.Equal(Golden.H1, Golden.Check(new OpenResponse<ResourceHandle>(Win32Error.Success, R1), "00000000 00000000" + Golden.H1Hex).Handle.Value);
        Assert.True(Golden.Check(new OpenResponse<ResourceHandle>(Win32Error.ResourceNotFound, ResourceHandle.Null), "8f130000 00000000" + NullHandleHex).Handle.IsNull);
    }

    [Fact]
    public void ApiOpenResourceEx_request_pads_the_name_before_the_desired_access_and_answers_granted_first()
    {
        Golden.Check(new OpenResourceExRequest("r1", 0x80000000), "03000000 00000000 03000000 72003100 0000" + "0000" + "00000080");
        Golden.Check(new OpenExResponse<ResourceHandle>(0x00000001, Win32Error.Success, R1), "01000000 00000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenExResponse<ResourceHandle>(0, Win32Error.ResourceNotFound, ResourceHandle.Null), "00000000 8f130000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiCreateResource_request_sends_group_name_type_flags_each_string_padded_to_4()
    {
        var r = Golden.Check(new CreateResourceRequest(new GroupHandle(Golden.H1), "r1", "Disk", 1),
            Golden.H1Hex
            + "03000000 00000000 03000000 72003100 0000" + "0000"
            + "05000000 00000000 05000000 4400690073006b00 0000" + "0000"
            + "01000000");
        Assert.Equal("Disk", r.ResourceType);
        Assert.Equal(1u, r.Flags);
    }

    [Fact]
    public void ApiCreateResource_answers_like_an_open()
    {
        Golden.Check(new OpenResponse<ResourceHandle>(Win32Error.Success, R2), "00000000 00000000" + Golden.H2Hex);
        Golden.Check(new OpenResponse<ResourceHandle>(Win32Error.NotEnoughMemory, ResourceHandle.Null), "08000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void A_truncated_create_resource_request_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<CreateResourceRequest>(Stub(Golden.H1Hex + "03000000 00000000 03000000 72003100 0000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<CreateResourceRequest>(Stub(Golden.H1Hex + "00001000 00000000 00001000 7200")));
    }

    [Fact]
    public void ApiCloseResource_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseResourceRequest(R1), Golden.H1Hex);
        Golden.Check(new CloseResponse<ResourceHandle>(ResourceHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new CloseResponse<ResourceHandle>(R1, Win32Error.InvalidHandle), Golden.H1Hex + "06000000");
    }

    [Fact]
    public void ApiGetResourceState_answers_state_node_name_group_name_with_consecutive_referent_ids()
    {
        Golden.Check(new GetResourceStateRequest(R1), Golden.H1Hex);
        var r = Golden.Check(new GetResourceStateResponse(ClusterResourceState.Online, "n1", "g1", Win32Error.Success),
            "02000000"
            + "00000200" + "03000000 00000000 03000000 6e003100 0000" + "0000"
            + "04000200" + "03000000 00000000 03000000 67003100 0000" + "0000"
            + "00000000 00000000");
        Assert.Equal(("n1", "g1"), (r.NodeName, r.GroupName));
    }

    [Fact]
    public void ApiGetResourceState_failure_answers_the_unknown_state_and_two_NULL_names()
    {
        var r = Golden.Check(new GetResourceStateResponse(ClusterResourceState.Unknown, null, null, Win32Error.InvalidHandle),
            "ffffffff 00000000 00000000 00000000 06000000");
        Assert.Equal(ClusterResourceState.Unknown, r.State);
        Assert.Null(r.GroupName);
    }

    [Fact]
    public void A_resource_state_response_whose_name_count_passes_the_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetResourceStateResponse>(
            Stub("02000000" + "00000200" + "03000000 00000000 03000000 6e003100 0000" + "0000" + "04000200" + "00100000 00000000 00100000 6700")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetResourceStateResponse>(Stub("02000000" + "00000200" + "ffffffff")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetResourceStateResponse>(Stub("ffffffff 00000000 00000000 00000000")));
    }

    [Fact]
    public void ApiSetResourceName_request_sends_the_handle_then_the_new_name() =>
        Golden.Check(new SetResourceNameRequest(R1, "abc"), Golden.H1Hex + "04000000 00000000 04000000 61006200 63000000");

    [Fact]
    public void Resource_string_queries_send_the_handle_and_answer_a_unique_string()
    {
        Golden.Check(new GetResourceIdRequest(R1), Golden.H1Hex);
        Golden.Check(new GetResourceTypeRequest(R1), Golden.H1Hex);
        Golden.Check(new GetResourceDependencyExpressionRequest(R1), Golden.H1Hex);
        Golden.Check(new GetResourceNetworkNameRequest(R1), Golden.H1Hex);
        Golden.Check(new StringResponse("[a]", Win32Error.Success), "00000200" + "04000000 00000000 04000000 5b006100 5d000000" + "00000000 00000000");
        Golden.Check(new StringResponse(null, Win32Error.ResourceNotFound), "00000000 00000000 8f130000");
    }

    [Fact]
    public void An_empty_dependency_expression_is_a_non_NULL_string_of_just_the_NUL()
    {
        var r = Golden.Check(new StringResponse("", Win32Error.Success), "00000200" + "01000000 00000000 01000000 0000" + "0000" + "00000000 00000000");
        Assert.Equal("", r.Value);
    }

    [Fact]
    public void Resource_actions_send_the_handle_and_answer_rpc_status_result()
    {
        Golden.Check(new DeleteResourceRequest(R1), Golden.H1Hex);
        Golden.Check(new FailResourceRequest(R1), Golden.H1Hex);
        Golden.Check(new OnlineResourceRequest(R1), Golden.H1Hex);
        Golden.Check(new OfflineResourceRequest(R1), Golden.H1Hex);
        Golden.Check(new ResultResponse(Win32Error.Success), "00000000 00000000");
        Golden.Check(new ResultResponse(Win32Error.IoPending), "00000000 e5030000");
    }

    [Fact]
    public void Dependency_requests_send_the_resource_then_the_one_it_depends_on()
    {
        var add = Golden.Check(new AddResourceDependencyRequest(R1, R2), Golden.H1Hex + Golden.H2Hex);
        Assert.Equal(Golden.H2, add.DependsOn.Value);
        var remove = Golden.Check(new RemoveResourceDependencyRequest(R2, R1), Golden.H2Hex + Golden.H1Hex);
        Assert.Equal(Golden.H1, remove.DependsOn.Value);
        Golden.Check(new ResultResponse(Win32Error.InvalidHandle), "00000000 06000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<AddResourceDependencyRequest>(Stub(Golden.H1Hex + "00000000")));
    }

    [Fact]
    public void ApiChangeCsvState_request_sends_the_handle_then_dwState()
    {
        Assert.Equal(1u, Golden.Check(new ChangeCsvStateRequest(R1, 1), Golden.H1Hex + "01000000").State);
        Golden.Check(new ResultResponse(Win32Error.AccessDenied), "00000000 05000000");
    }

    [Fact]
    public void ApiChangeCsvStateEx_request_sends_the_handle_dwState_then_the_volume_name()
    {
        var r = Golden.Check(new ChangeCsvStateExRequest(R1, 0, "v1"), Golden.H1Hex + "00000000" + "03000000 00000000 03000000 76003100 0000");
        Assert.Equal("v1", r.VolumeName);
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<ChangeCsvStateExRequest>(Stub(Golden.H1Hex + "00000000" + "03000000 00000000 03000000 7600")));
    }

    [Fact]
    public void Each_resource_request_carries_its_IDL_opnum()
    {
        Assert.Equal(8, (int)OpenResourceRequest.Opnum);
        Assert.Equal(9, (int)CreateResourceRequest.Opnum);
        Assert.Equal(10, (int)DeleteResourceRequest.Opnum);
        Assert.Equal(11, (int)CloseResourceRequest.Opnum);
        Assert.Equal(12, (int)GetResourceStateRequest.Opnum);
        Assert.Equal(13, (int)SetResourceNameRequest.Opnum);
        Assert.Equal(14, (int)GetResourceIdRequest.Opnum);
        Assert.Equal(15, (int)GetResourceTypeRequest.Opnum);
        Assert.Equal(16, (int)FailResourceRequest.Opnum);
        Assert.Equal(17, (int)OnlineResourceRequest.Opnum);
        Assert.Equal(18, (int)OfflineResourceRequest.Opnum);
        Assert.Equal(19, (int)AddResourceDependencyRequest.Opnum);
        Assert.Equal(20, (int)RemoveResourceDependencyRequest.Opnum);
        Assert.Equal(110, (int)GetResourceDependencyExpressionRequest.Opnum);
        Assert.Equal(112, (int)GetResourceNetworkNameRequest.Opnum);
        Assert.Equal(120, (int)OpenResourceExRequest.Opnum);
        Assert.Equal(123, (int)ChangeCsvStateRequest.Opnum);
        Assert.Equal(182, (int)ChangeCsvStateExRequest.Opnum);
    }
}
