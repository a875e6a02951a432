namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden bytes of ApiClusterNativeUpdateControl (opnum 185, MS-CMRP 3.1.4.2.167), written from its IDL by hand: the
/// binding handle IDL_handle is not on the wire; inBuffer is a unique pointer to a conformant byte array.
/// </summary>
public sealed class RegistryMoreMethodsTests
{
    [Fact]
    public void ClusterNativeUpdateControl_request_is_the_unique_input_then_its_size_then_the_output_size()
    {
        var r = Golden.Check(new ClusterNativeUpdateControlRequest(new byte[] { 0xAA, 0xBB, 0xCC }, 16),
            "00000200" + "03000000" + "aabbcc" + "00" + "03000000" + "10000000");
        Assert.Equal(ClusApiOpnum.ApiClusterNativeUpdateControl, ClusterNativeUpdateControlRequest.Opnum);
        Assert.Equal(3, r.InBuffer.Length);
        // An empty input is a NULL pointer with inBufferSize 0.
        Golden.Check(new ClusterNativeUpdateControlRequest(ReadOnlyMemory<byte>.Empty, 0), "00000000" + "00000000" + "00000000");
    }

    [Fact]
    public void ClusterNativeUpdateControl_request_never_reads_past_the_array_it_received()
    {
        // inBufferSize 8 claims more than the 2-byte array that arrived: the array is authoritative.
        var r = ClusApiCodec.Decode<ClusterNativeUpdateControlRequest>(Convert.FromHexString("00000200" + "02000000" + "aabb" + "0000" + "08000000" + "04000000"));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, r.InBuffer.ToArray());
        Assert.Equal(4u, r.OutBufferSize);
    }

    [Fact]
    public void ClusterNativeUpdateControl_answer_is_the_varying_output_then_returned_needed_rpc_status_and_result()
    {
        // outBuffer [size_is(outBufferSize), length_is(*lpBytesReturned)]: max_count 16, offset 0, actual 0; then
        // lpBytesReturned 0, lpBytesNeeded 0, rpc_status 0, ERROR_NOT_SUPPORTED (0x32).
        Golden.Check(new ControlResponse(16, ReadOnlyMemory<byte>.Empty, 0, 0, Win32Error.NotSupported),
            "10000000" + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "32000000");
    }
}
