using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// ApiAddNotifyV2 request (opnum 138, MS-CMRP 3.1.4.2.137, IDL 6.2): hNotify (20), hObject (20), filter
/// (NOTIFY_FILTER_AND_TYPE_RPC, 8-aligned: dwObjectType@40, pad, FilterFlags@48), dwNotifyKey@56, dwVersion@60,
/// isTargetedAtObject@64 (BOOL) = 68 bytes. Validation of the values is <see cref="NotificationPortV2.Add"/>'s job.
/// </summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Object">hObject (HGENERIC_RPC: any open object handle).</param>
/// <param name="Filter">filter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="Version">dwVersion (MUST be 2).</param>
/// <param name="IsTargetedAtObject">isTargetedAtObject.</param>
public sealed record AddNotifyV2Request(
    NdrContextHandle Notify,
    NdrContextHandle Object,
    NotifyFilterAndType Filter,
    uint NotifyKey,
    uint Version,
    bool IsTargetedAtObject)
{
    /// <summary>Reads the request stub.</summary>
    public static AddNotifyV2Request Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var notify = reader.ReadContextHandle();
        var obj = reader.ReadContextHandle();
        var filter = NotifyFilterAndType.Read(reader);
        uint key = reader.ReadUInt32();
        uint version = reader.ReadUInt32();
        bool targeted = reader.ReadUInt32() != 0;
        return new AddNotifyV2Request(notify, obj, filter, key, version, targeted);
    }

    /// <summary>Writes the request stub (client side, tests).</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteContextHandle(Notify);
        writer.WriteContextHandle(Object);
        Filter.Write(writer);
        writer.WriteUInt32(NotifyKey);
        writer.WriteUInt32(Version);
        writer.WriteUInt32(IsTargetedAtObject ? 1u : 0u);
    }
}

/// <summary>ApiAddNotifyV2 response: rpc_status, then the error_status_t return value.</summary>
/// <param name="Result">The method result (Success, InvalidHandle, InvalidParameter).</param>
/// <param name="RpcStatus">rpc_status, 0 when the call ran.</param>
public sealed record AddNotifyV2Response(Win32Error Result, uint RpcStatus = 0)
{
    /// <summary>Writes the response stub.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(RpcStatus);
        writer.WriteUInt32((uint)Result);
    }
}
