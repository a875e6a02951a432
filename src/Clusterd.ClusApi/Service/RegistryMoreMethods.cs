using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>An HBATCH_PORT_RPC's state in the association's handle table: its own handle kind (MS-CMRP 2.2.1.9).</summary>
/// <param name="Port">The port.</param>
/// <param name="Engine">The engine it was made on (a port of a replaced engine is ERROR_INVALID_HANDLE).</param>
internal sealed record BatchPortState(BatchNotificationPort Port, ICluster Engine);

/// <summary>
/// Issue 11, area RegistryMore: ApiClusterNativeUpdateControl and the cluster registry batch update notification port
/// (MS-CMRP 3.1.4.2.113-115; docs/behaviour.md, "Batch notification ports"). The port lives in the association's handle
/// table and is run down with it; ApiCloseBatchPort may come on another connection of the association while
/// ApiGetBatchNotification waits, as for the version 2 ports.
/// </summary>
internal static class RegistryMoreMethods
{
    /// <summary>
    /// ApiCreateBatchPort (opnum 114, MS-CMRP 3.1.4.2.113): a port on the key of hKey ("Read" access is enough, every
    /// handle has it). hKey not a key handle: ERROR_INVALID_HANDLE; server state None: ERROR_SHARING_PAUSED; the key
    /// deleted since hKey was opened: ERROR_FILE_NOT_FOUND; the handle table full: ERROR_NOT_ENOUGH_MEMORY.
    /// </summary>
    [ParityNote("The port reports the changes at or below hKey's key, one CLUSTER_REG_BATCH_UPDATE per change (single writes and each command of ApiExecuteBatch), names relative to hKey.")]
    public static CreateBatchPortResponse CreateBatchPort(ClusApiCall c, CreateBatchPortRequest r)
    {
        var e = c.Resolve(r.Key, ClusApiObjectKind.Key, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        if (e == Win32Error.Success && c.Engine.Queries.GetRegistryKey(h.Id) is null)
        {
            e = Win32Error.FileNotFound;
        }
        if (e != Win32Error.Success)
        {
            return new(BatchPortHandle.Null, e);
        }
        var port = new BatchNotificationPort(c.Engine, h.Id);
        if (!c.Context.ContextHandles.TryCreate(new BatchPortState(port, c.Engine), static s => ((BatchPortState)s).Port.Dispose(), out var handle))
        {
            port.Dispose();
            return new(BatchPortHandle.Null, Win32Error.NotEnoughMemory);
        }
        return new(new BatchPortHandle(handle), Win32Error.Success);
    }

    /// <summary>
    /// ApiGetBatchNotification (opnum 115, MS-CMRP 3.1.4.2.114): the first queued CLUSTER_REG_BATCH_UPDATE, waiting until
    /// one is queued or the port is closed (ERROR_NO_MORE_ITEMS). Not a port: ERROR_INVALID_HANDLE. After the port
    /// dropped indications (its queue full), ERROR_NOTIFY_ENUM_DIR once, when the kept ones are read.
    /// </summary>
    [ParityNote("Waits without a timeout, as the spec requires; a port whose queue overflowed answers ERROR_NOTIFY_ENUM_DIR (0x3FE) once after the kept indications.")]
    public static ValueTask<BatchNotificationResponse> GetBatchNotification(ClusApiCall c, GetBatchNotificationRequest r)
    {
        if (!TryGetPort(c, r.Port.Value, out var port))
        {
            return ValueTask.FromResult(new BatchNotificationResponse(null, Win32Error.InvalidHandle));
        }
        return new(EndAsync(port.WaitAsync(c.Aborted)));
    }

    /// <summary>
    /// ApiCloseBatchPort (opnum 116, MS-CMRP 3.1.4.2.115): frees the port (a waiting ApiGetBatchNotification ends with
    /// ERROR_NO_MORE_ITEMS) and answers a NULL handle; not a port: ERROR_INVALID_HANDLE and the handle back. Accepted in
    /// every server state, as the section allows.
    /// </summary>
    public static CloseResponse<BatchPortHandle> CloseBatchPort(ClusApiCall c, CloseBatchPortRequest r)
    {
        var handle = r.Port.Value;
        // A port of a replaced engine may still be closed; the table removal decides which of two racing closes wins.
        if (c.Context.ContextHandles.TryGet(handle, out BatchPortState state) && c.Context.ContextHandles.Close(handle))
        {
            state.Port.Close();
            return new(BatchPortHandle.Null, Win32Error.Success);
        }
        return new(r.Port, Win32Error.InvalidHandle);
    }

    private static async Task<BatchNotificationResponse> EndAsync(Task<(Win32Error Result, byte[]? Data)> waiting)
    {
        var (result, data) = await waiting.ConfigureAwait(false);
        // A failure answers a NULL lpData (a null byte[] would convert to an empty, non-NULL array).
        return new BatchNotificationResponse(data is null ? (ReadOnlyMemory<byte>?)null : data, result);
    }

    private static bool TryGetPort(ClusApiCall c, NdrContextHandle handle, out BatchNotificationPort port)
    {
        if (c.Context.ContextHandles.TryGet(handle, out BatchPortState state) && ReferenceEquals(state.Engine, c.Engine))
        {
            port = state.Port;
            return true;
        }
        port = null!;
        return false;
    }

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
