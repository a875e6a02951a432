using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// ApiClusterNativeUpdateControl (opnum 185, MS-CMRP 3.1.4.2.167; issue 11, area RegistryMore). The method is
// "reserved for future use"; its IDL: [in] handle_t IDL_handle (a binding handle: not on the wire),
// [in, unique, size_is(inBufferSize)] UCHAR* inBuffer, [in] DWORD inBufferSize,
// [out, size_is(outBufferSize), length_is(*lpBytesReturned)] UCHAR* outBuffer, [in] DWORD outBufferSize,
// [out] LPDWORD lpBytesReturned, [out] LPDWORD lpBytesNeeded, [out] error_status_t* rpc_status. Its answer has the
// layout of the control methods' (ControlResponse: outBuffer, lpBytesReturned, lpBytesNeeded, rpc_status, result).

/// <summary>
/// ApiClusterNativeUpdateControl (opnum 185, MS-CMRP 3.1.4.2.167): <c>UB inBuffer, u32 inBufferSize, u32
/// outBufferSize → ControlResponse</c>. An empty input goes as a NULL pointer with inBufferSize 0; on reading, the
/// array's own max_count is authoritative and inBufferSize never extends it (as for the control methods).
/// </summary>
/// <param name="InBuffer">inBuffer (inBufferSize is its length).</param>
/// <param name="OutBufferSize">outBufferSize: the most bytes the answer may carry.</param>
public readonly partial record struct ClusterNativeUpdateControlRequest(ReadOnlyMemory<byte> InBuffer, uint OutBufferSize)
    : IClusApiRequest<ClusterNativeUpdateControlRequest, ControlResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUniqueBytes(InBuffer.Span);
        writer.WriteUInt32((uint)InBuffer.Length);
        writer.WriteUInt32(OutBufferSize);
    }

    /// <inheritdoc />
    public static ClusterNativeUpdateControlRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var input = reader.ReadUniqueBytes();
        var size = reader.ReadUInt32();
        var outSize = reader.ReadUInt32();
        return new(size < input.Length ? input[..(int)size] : input, outSize);
    }
}
