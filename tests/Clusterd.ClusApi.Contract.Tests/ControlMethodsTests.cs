using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the control methods (MS-CMRP 3.1.4.2.73-80, 88-89, 97-98, 105-106).</summary>
public sealed class ControlMethodsTests
{
    private const uint GetSharedVolumeInfo = 0x00000291; // any code: the shape is the point

    [Fact]
    public void ApiResourceControl_request_sends_an_empty_input_as_a_NULL_pointer_with_size_0() =>
        Golden.Check(new ResourceControlRequest(new ResourceHandle(Golden.H1), GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 512),
            Golden.H1Hex + "91020000" + "00000000" + "00000000" + "00020000");

    [Fact]
    public void ApiResourceControl_request_sends_input_as_a_unique_conformant_array_then_its_size()
    {
        var r = Golden.Check(new ResourceControlRequest(new ResourceHandle(Golden.H1), 0x10, new byte[] { 1, 2, 3 }, 8),
            Golden.H1Hex + "10000000" + "00000200" + "03000000 010203" + "00" + "03000000" + "08000000");
        Assert.Equal(new byte[] { 1, 2, 3 }, r.InBuffer.ToArray());
    }

    [Fact]
    public void A_control_request_whose_nInBufferSize_is_smaller_than_its_array_reads_only_nInBufferSize_bytes()
    {
        var stub = Convert.FromHexString(Golden.H1Hex + "10000000" + "00000200" + "03000000" + "010203" + "00" + "02000000" + "08000000");
        var r = ClusApiCodec.Decode<ResourceControlRequest>(stub);
        Assert.Equal(new byte[] { 1, 2 }, r.InBuffer.ToArray());
    }

    [Fact]
    public void ApiNodeResourceControl_request_sends_the_resource_then_the_node_handle() =>
        Golden.Check(new NodeResourceControlRequest(new ResourceHandle(Golden.H1), new NodeHandle(Golden.H2), 0x10, ReadOnlyMemory<byte>.Empty, 0),
            Golden.H1Hex + Golden.H2Hex + "10000000 00000000 00000000 00000000");

    [Fact]
    public void ApiResourceTypeControl_request_sends_the_type_name_after_the_cluster_handle() =>
        Golden.Check(new ResourceTypeControlRequest(new ClusterHandle(Golden.H1), "abc", 0x10, ReadOnlyMemory<byte>.Empty, 4),
            Golden.H1Hex + Golden.Sin("abc") + "10000000 00000000 00000000 04000000");

    [Fact]
    public void ApiNodeResourceTypeControl_request_sends_cluster_type_node() =>
        Golden.Check(new NodeResourceTypeControlRequest(new ClusterHandle(Golden.H1), "ab", new NodeHandle(Golden.H2), 0x10, ReadOnlyMemory<byte>.Empty, 4),
            Golden.H1Hex + Golden.Sin("ab") + "0000" + Golden.H2Hex + "10000000 00000000 00000000 04000000");

    [Fact]
    public void A_control_response_is_a_conformant_varying_array_of_nOutBufferSize_then_returned_required_rpc_status_result()
    {
        var r = Golden.Check(new ControlResponse(8, new byte[] { 0xAA, 0xBB }, 2, 2, Win32Error.Success),
            "08000000 00000000 02000000 aabb" + "0000" + "02000000 02000000 00000000 00000000");
        Assert.Equal(8u, r.OutBufferSize);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, r.Output.ToArray());
    }

    [Fact]
    public void ERROR_MORE_DATA_carries_no_bytes_and_the_size_required()
    {
        var r = ControlResponse.From(4, Win32Error.MoreData, new byte[16], 16);
        Golden.Check(r, "04000000 00000000 00000000" + "00000000 10000000 00000000 ea000000");
    }

    [Fact]
    public void A_control_response_whose_actual_count_exceeds_its_max_count_is_refused()
    {
        var stub = Convert.FromHexString("02000000 00000000 04000000 aabbccdd 04000000 04000000 00000000 00000000".Replace(" ", "", StringComparison.Ordinal));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<ControlResponse>(stub));
    }

    [Fact]
    public void A_control_response_with_a_nonzero_offset_or_a_count_past_the_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<ControlResponse>(Convert.FromHexString("08000000" + "01000000" + "00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<ControlResponse>(Convert.FromHexString("ffffffff" + "00000000" + "fffffff0" + "00")));
    }

    [Fact]
    public void Every_control_request_carries_its_IDL_opnum()
    {
        Assert.Equal(72, (int)NodeResourceControlRequest.Opnum);
        Assert.Equal(73, (int)ResourceControlRequest.Opnum);
        Assert.Equal(74, (int)NodeResourceTypeControlRequest.Opnum);
        Assert.Equal(75, (int)ResourceTypeControlRequest.Opnum);
        Assert.Equal(76, (int)NodeGroupControlRequest.Opnum);
        Assert.Equal(77, (int)GroupControlRequest.Opnum);
        Assert.Equal(78, (int)NodeNodeControlRequest.Opnum);
        Assert.Equal(79, (int)NodeControlRequest.Opnum);
        Assert.Equal(88, (int)NodeNetworkControlRequest.Opnum);
        Assert.Equal(89, (int)NetworkControlRequest.Opnum);
        Assert.Equal(97, (int)NodeNetInterfaceControlRequest.Opnum);
        Assert.Equal(98, (int)NetInterfaceControlRequest.Opnum);
        Assert.Equal(105, (int)NodeClusterControlRequest.Opnum);
        Assert.Equal(106, (int)ClusterControlRequest.Opnum);
    }
}
