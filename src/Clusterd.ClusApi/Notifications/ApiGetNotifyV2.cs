using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Notifications;

/// <summary>ApiGetNotifyV2 request (opnum 139, MS-CMRP 3.1.4.2.138): just hNotify.</summary>
/// <param name="Notify">hNotify.</param>
public sealed record GetNotifyV2Request(NdrContextHandle Notify)
{
    /// <summary>Reads the request stub.</summary>
    public static GetNotifyV2Request Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new GetNotifyV2Request(reader.ReadContextHandle());
    }

    /// <summary>Writes the request stub (client side, tests).</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteContextHandle(Notify);
    }
}

/// <summary>
/// ApiGetNotifyV2 response (IDL 6.2): <c>[out, size_is(,*dwNumNotifications)] PNOTIFICATION_RPC* Notifications</c>,
/// <c>[out] DWORD *dwNumNotifications</c>, then the error_status_t result. The IDL has no rpc_status for this method.
/// Wire: the top-level [ref] has no bytes; the unique pointer's referent id (0 when there is nothing), max_count,
/// the 48-byte elements (<see cref="NotificationRpc"/>), then every element's pointees in order (buffer, ObjectId,
/// ParentId, Name, Type), then dwNumNotifications and the result.
/// </summary>
/// <param name="Result">ERROR_SUCCESS, ERROR_INVALID_HANDLE, ERROR_NO_MORE_ITEMS or ERROR_INVALID_FUNCTION.</param>
/// <param name="Notifications">The notifications (empty unless Result is Success).</param>
public sealed record GetNotifyV2Response(Win32Error Result, IReadOnlyList<NotificationRpc> Notifications)
{
    /// <summary>Writes the response stub.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var items = Result == Win32Error.Success && Notifications.Count > 0 ? Notifications : null;
        writer.WriteUniquePointer(items, static (w, list) => w.WriteConformantArray(list, static (w2, n) => n.Write(w2)));
        writer.WriteUInt32(checked((uint)(items?.Count ?? 0)));
        writer.WriteUInt32((uint)Result);
    }

    /// <summary>Reads the response stub (client side, tests); checks dwNumNotifications against the conformance.</summary>
    public static GetNotifyV2Response Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var factories = reader.ReadUniquePointer(static r => r.ReadConformantArray(NotificationRpc.ReadDeferred, NotificationRpc.WireSize));
        uint count = reader.ReadUInt32();
        var result = (Win32Error)reader.ReadUInt32();
        int actual = factories?.Count ?? 0;
        if (count != actual)
        {
            throw new NdrException($"dwNumNotifications {count} does not match the array size {actual}.");
        }
        NotificationRpc[] items = factories is null ? [] : [.. factories.Select(f => f())];
        return new GetNotifyV2Response(result, items);
    }
}
