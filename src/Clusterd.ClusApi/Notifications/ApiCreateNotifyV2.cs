using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Notifications;

/// <summary>Opnums of the notification methods (MS-CMRP 6.2 IDL, 3.1.4.2).</summary>
public static class NotifyOpnums
{
    /// <summary>ApiCloseNotify (3.1.4.2.57): closes a version 1 or version 2 port; call <see cref="NotificationPortV2.Close"/>.</summary>
    public const ushort ApiCloseNotify = 56;
    /// <summary>ApiUnblockGetNotifyCall (3.1.4.2.107): call <see cref="NotificationPortV2.Unblock"/>.</summary>
    public const ushort ApiUnblockGetNotifyCall = 107;
    /// <summary>ApiCreateNotifyV2 (3.1.4.2.136).</summary>
    public const ushort ApiCreateNotifyV2 = 137;
    /// <summary>ApiAddNotifyV2 (3.1.4.2.137).</summary>
    public const ushort ApiAddNotifyV2 = 138;
    /// <summary>ApiGetNotifyV2 (3.1.4.2.138).</summary>
    public const ushort ApiGetNotifyV2 = 139;
}

/// <summary>
/// ApiCreateNotifyV2 request (opnum 137, MS-CMRP 3.1.4.2.136). The IDL is
/// <c>HNOTIFY_RPC ApiCreateNotifyV2([out] error_status_t *rpc_error, [out] error_status_t *rpc_status)</c>: there is
/// no [in] parameter (in particular no HCLUSTER_RPC), so the stub is empty. The port belongs to the connection.
/// </summary>
public sealed record CreateNotifyV2Request
{
    /// <summary>Reads the (empty) request; trailing bytes are ignored like every other request.</summary>
    public static CreateNotifyV2Request Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new CreateNotifyV2Request();
    }
}

/// <summary>
/// ApiCreateNotifyV2 response: rpc_error, rpc_status, then the HNOTIFY_RPC return value (28 bytes). On failure the
/// handle MUST be NULL (3.1.4.2.136); <see cref="Write"/> enforces that.
/// </summary>
/// <param name="RpcError">ERROR_SUCCESS or an ApiCreateNotify (3.1.4.2.56) error.</param>
/// <param name="Handle">The new HNOTIFY_RPC (NULL on failure).</param>
/// <param name="RpcStatus">rpc_status, 0 when the call ran.</param>
public sealed record CreateNotifyV2Response(Win32Error RpcError, NdrContextHandle Handle, uint RpcStatus = 0)
{
    /// <summary>Writes the response stub.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32((uint)RpcError);
        writer.WriteUInt32(RpcStatus);
        writer.WriteContextHandle(RpcError == Win32Error.Success ? Handle : NdrContextHandle.Null);
    }

    /// <summary>Reads the response stub (client side, tests).</summary>
    public static CreateNotifyV2Response Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var error = (Win32Error)reader.ReadUInt32();
        uint status = reader.ReadUInt32();
        return new CreateNotifyV2Response(error, reader.ReadContextHandle(), status);
    }
}
