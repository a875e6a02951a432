using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The state behind an HNOTIFY_RPC: the version 2 port and the engine it subscribed to. A port of an engine that has
/// since been replaced (admin reset) is invalid for everything but ApiCloseNotify, like every other handle.
/// </summary>
internal sealed record NotifyPortHandle(NotificationPortV2 Port, ICluster Engine);

/// <summary>
/// Version 2 notifications (MS-CMRP 3.1.4.2.136-138) and the two methods they share with version 1 (3.1.4.2.57,
/// 3.1.4.2.107). The port lives in the association's handle table and is run down with it.
/// <para>
/// ApiGetNotifyV2 starts its wait under the engine lock and ends it outside (<see cref="ClusApiMethod.Waiting"/>). A
/// client calls ApiUnblockGetNotifyCall or ApiCloseNotify while it waits on another connection of the same association: a
/// connection carries one synchronous call at a time (MS-RPCE 3.3.2.4.1.2; Windows clusapi.dll does exactly this from
/// its session teardown), and the handle table is the association's, so the handle is valid there.
/// </para>
/// </summary>
internal static class NotifyMethods
{
    /// <summary>Opnum 137: – → W rpc_error, W rpc_status, H. The port belongs to the association, not to a cluster handle.</summary>
    [ParityNote("The port is the association's: ApiUnblockGetNotifyCall and ApiCloseNotify may come on another connection of the association while ApiGetNotifyV2 waits (MS-RPCE 3.3.2.4.1.2).")]
    public static CreateNotifyV2Response CreateNotifyV2(ClusApiCall c, CreateNotifyV2Request r)
    {
        if (c.CallerLevel == ClusterAccessLevel.None)
        {
            return new(Win32Error.AccessDenied, NotifyHandle.Null); // a port is a handle: none for a caller with no access (docs/authorization.md)
        }
        var port = new NotificationPortV2(c.Engine);
        if (!c.Context.ContextHandles.TryCreate(new NotifyPortHandle(port, c.Engine), static s => ((NotifyPortHandle)s).Port.Dispose(), out var handle))
        {
            port.Dispose();
            return new(Win32Error.NotEnoughMemory, NotifyHandle.Null);
        }
        return new(Win32Error.Success, new NotifyHandle(handle));
    }

    /// <summary>Opnum 138: H hNotify, H hObject, filter, key, version, targeted → W rpc_status, W.</summary>
    public static ResultResponse AddNotifyV2(ClusApiCall c, AddNotifyV2Request r)
    {
        Win32Error result;
        if (!TryGetPort(c, r.Notify.Value, out var port)
            || !c.Context.ContextHandles.TryGet(r.Object, out ClusApiHandle target)
            || !ReferenceEquals(target.Engine, c.Engine))
        {
            result = Win32Error.InvalidHandle; // 3.1.4.2.137: hNotify or hObject is not a valid handle
        }
        else
        {
            result = port.Add(r.Filter.ObjectType, r.Filter.FilterFlags, target.Kind, target.Id,
                r.NotifyKey, r.Version, r.IsTargetedAtObject);
        }
        return new(result);
    }

    /// <summary>
    /// Opnum 139: H → PNOTIFICATION_RPC*, DWORD count, W. Completes when a notification is queued, or with
    /// ERROR_INVALID_FUNCTION when the port is unblocked or closed meanwhile (3.1.4.2.138); it has no timeout.
    /// </summary>
    public static ValueTask<GetNotifyV2Response> GetNotifyV2(ClusApiCall c, GetNotifyV2Request r)
    {
        if (!TryGetPort(c, r.Notify.Value, out var port))
        {
            return ValueTask.FromResult(new GetNotifyV2Response(Win32Error.InvalidHandle, []));
        }
        // The wait starts here, under the engine lock, so the call is registered before any later call is served.
        return new(EndGetNotifyV2Async(port.WaitAsync(Timeout.InfiniteTimeSpan, c.Aborted)));
    }

    /// <summary>Opnum 107: H → W. Waiting ApiGetNotifyV2 calls end with ERROR_INVALID_FUNCTION, later ones get ERROR_NO_MORE_ITEMS.</summary>
    public static UnblockGetNotifyCallResponse UnblockGetNotifyCall(ClusApiCall c, UnblockGetNotifyCallRequest r)
    {
        if (TryGetPort(c, r.Notify.Value, out var port))
        {
            port.Unblock();
            return new(Win32Error.Success);
        }
        // A version 1 port (ApiCreateNotify): its ApiGetNotify and ApiGetNotifyAsync calls end alike (NotifyV1Methods).
        if (c.Context.ContextHandles.TryGet(r.Notify.Value, out NotifyPortV1Handle v1) && ReferenceEquals(v1.Engine, c.Engine))
        {
            v1.Port.Unblock();
            return new(Win32Error.Success);
        }
        return new(Win32Error.InvalidHandle);
    }

    /// <summary>Opnum 56: [in,out] H → H, W. Closes the port (a waiting ApiGetNotifyV2 ends) and answers a NULL handle.</summary>
    public static CloseResponse<NotifyHandle> CloseNotify(ClusApiCall c, CloseNotifyRequest r)
    {
        var handle = r.Notify.Value;
        // A port of a replaced engine may still be closed; the table removal decides which of two racing closes wins.
        if (c.Context.ContextHandles.TryGet(handle, out NotifyPortHandle state) && c.Context.ContextHandles.Close(handle))
        {
            state.Port.Close();
            return new(NotifyHandle.Null, Win32Error.Success);
        }
        if (c.Context.ContextHandles.TryGet(handle, out NotifyPortV1Handle v1) && c.Context.ContextHandles.Close(handle))
        {
            v1.Port.Close(); // 3.1.4.2.57: waiting ApiGetNotify/ApiGetNotifyAsync calls complete, the queue is flushed
            return new(NotifyHandle.Null, Win32Error.Success);
        }
        return new(r.Notify, Win32Error.InvalidHandle);
    }

    private static async Task<GetNotifyV2Response> EndGetNotifyV2Async(Task<NotifyWaitResult> waiting)
    {
        NotifyWaitResult wait;
        try
        {
            wait = await waiting.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The engine was replaced (admin reset) while the payloads were read: the handle is stale.
            wait = new NotifyWaitResult(Win32Error.InvalidHandle, []);
        }
        return new GetNotifyV2Response(wait.Result, wait.Notifications);
    }

    private static bool TryGetPort(ClusApiCall c, NdrContextHandle handle, out NotificationPortV2 port)
    {
        if (c.Context.ContextHandles.TryGet(handle, out NotifyPortHandle state) && ReferenceEquals(state.Engine, c.Engine))
        {
            port = state.Port;
            return true;
        }
        port = null!;
        return false;
    }
}
