using Clusterd.ClusApi.Contract;

namespace Clusterd.ClusApi.Notifications;

/// <summary>Opnums of the notification methods (MS-CMRP 6.2 IDL, 3.1.4.2), as <see cref="ClusApiOpnum"/> numbers.</summary>
public static class NotifyOpnums
{
    /// <summary>ApiCloseNotify (3.1.4.2.57): closes a version 1 or version 2 port; call <see cref="NotificationPortV2.Close"/>.</summary>
    public const ushort ApiCloseNotify = (ushort)ClusApiOpnum.ApiCloseNotify;
    /// <summary>ApiUnblockGetNotifyCall (3.1.4.2.107): call <see cref="NotificationPortV2.Unblock"/>.</summary>
    public const ushort ApiUnblockGetNotifyCall = (ushort)ClusApiOpnum.ApiUnblockGetNotifyCall;
    /// <summary>ApiCreateNotifyV2 (3.1.4.2.136).</summary>
    public const ushort ApiCreateNotifyV2 = (ushort)ClusApiOpnum.ApiCreateNotifyV2;
    /// <summary>ApiAddNotifyV2 (3.1.4.2.137).</summary>
    public const ushort ApiAddNotifyV2 = (ushort)ClusApiOpnum.ApiAddNotifyV2;
    /// <summary>ApiGetNotifyV2 (3.1.4.2.138).</summary>
    public const ushort ApiGetNotifyV2 = (ushort)ClusApiOpnum.ApiGetNotifyV2;
}
