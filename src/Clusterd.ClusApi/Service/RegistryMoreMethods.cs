using Clusterd.ClusApi.Contract;

namespace Clusterd.ClusApi.Service;

/// <summary>Issue 11, area RegistryMore: ApiClusterNativeUpdateControl and the batch notification port.</summary>
internal static class RegistryMoreMethods
{
    /// <summary>
    /// ApiClusterNativeUpdateControl (opnum 185, MS-CMRP 3.1.4.2.167): the section says the method "is reserved for future
    /// use" and defines no operation for any input, so every call answers ERROR_NOT_SUPPORTED with nothing written:
    /// lpBytesReturned = lpBytesNeeded = 0 (ERROR_MORE_DATA, the one error the section names, only applies to an output
    /// there is none of). IDL_handle is a binding handle, so there is no cluster handle to check (docs/behaviour.md
    /// "Opnums 140, 141, 142 and 185").
    /// </summary>
    [ParityNote("ERROR_NOT_SUPPORTED (0x32), lpBytesReturned = lpBytesNeeded = 0: MS-CMRP 3.1.4.2.167 reserves the method for future use and defines no operation.")]
    public static ControlResponse ClusterNativeUpdateControl(ClusApiCall c, ClusterNativeUpdateControlRequest r) =>
        new(r.OutBufferSize, ReadOnlyMemory<byte>.Empty, 0, 0, Win32Error.NotSupported);
}
