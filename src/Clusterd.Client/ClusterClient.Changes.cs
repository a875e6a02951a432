using System.Runtime.CompilerServices;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Microsoft.Extensions.Logging;

namespace Clusterd.Client;

public sealed partial class ClusterClient
{
    /// <summary>
    /// The object types and filters <see cref="GetChangesAsync"/> subscribes to with the cluster handle: everything
    /// MS-CMRP 3.1.4.2.137 lets a client ask for without naming an object.
    /// </summary>
    private static readonly (ClusterObjectType Type, long Flags)[] s_everything =
    [
        (ClusterObjectType.Cluster, (long)(ClusterChangeClusterV2.GroupAdded | ClusterChangeClusterV2.NetworkAdded | ClusterChangeClusterV2.NodeAdded
            | ClusterChangeClusterV2.ResourceTypeAdded | ClusterChangeClusterV2.CommonProperty | ClusterChangeClusterV2.PrivateProperty
            | ClusterChangeClusterV2.LostNotifications | ClusterChangeClusterV2.Rename | ClusterChangeClusterV2.Membership | ClusterChangeClusterV2.Upgraded)),
        (ClusterObjectType.Node, 0x7F),
        (ClusterObjectType.Group, 0x1FF),
        (ClusterObjectType.Resource, 0x1FF),
        (ClusterObjectType.SharedVolume, (long)(SharedVolumeChangeV2.State | SharedVolumeChangeV2.Added | SharedVolumeChangeV2.Removed)),
        (ClusterObjectType.Network, 0xF),
        (ClusterObjectType.NetworkInterface, 0xF),
    ];

    /// <summary>
    /// The cluster's changes as they happen (notifications version 2: ApiCreateNotifyV2, ApiAddNotifyV2 for every
    /// object type, then ApiGetNotifyV2 in a loop; MS-CMRP 3.1.4.2.136-138), until <paramref name="cancellationToken"/>
    /// is cancelled. The port has its own connection, so the client's other operations go on meanwhile. A lost
    /// connection is re-established once and the subscription renewed (changes in between are not seen: a
    /// CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2-style gap); a second loss ends the stream with a
    /// <see cref="ClusterException"/>.
    /// </summary>
    public async IAsyncEnumerable<ClusterChange> GetChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reconnected = false;
        while (true)
        {
            Session session;
            NotifyHandle port;
            try
            {
                session = await Session.OpenAsync(_options, _log, cancellationToken).ConfigureAwait(false);
                port = await SubscribeAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, "Watch-Cluster") is { } translated)
            {
                throw translated;
            }
            try
            {
                while (true)
                {
                    IReadOnlyList<ClusterChange> batch;
                    try
                    {
                        var r = await session.CallAsync(new GetNotifyV2Request(port), cancellationToken).ConfigureAwait(false);
                        Check(r.Result, "ApiGetNotifyV2");
                        batch = r.Notifications.Select(ToChange).ToList();
                    }
                    catch (Exception ex) when (!reconnected && IsConnectionLoss(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        _log.LogWarning("The notification connection to {Host} was lost ({Reason}); subscribing again.", _options.Host, ex.Message);
                        reconnected = true;
                        break;
                    }
                    catch (Exception ex) when (Translate(ex, "Watch-Cluster") is { } translated)
                    {
                        throw translated;
                    }
                    foreach (var change in batch)
                    {
                        yield return change;
                    }
                }
            }
            finally
            {
                await session.DisposeAsync(closeHandles: false).ConfigureAwait(false);
            }
        }
    }

    private static async Task<NotifyHandle> SubscribeAsync(Session s, CancellationToken ct)
    {
        var created = await s.CallAsync(new CreateNotifyV2Request(), ct).ConfigureAwait(false);
        Check(created.RpcError, "ApiCreateNotifyV2");
        foreach (var (type, flags) in s_everything)
        {
            var added = await s.CallAsync(new AddNotifyV2Request(created.Handle, s.Cluster.Value, new NotifyFilterAndType((uint)type, flags),
                (uint)type, 2, false), ct).ConfigureAwait(false);
            Check(added.Result, $"ApiAddNotifyV2({type})");
        }
        return created.Handle;
    }

    private static ClusterChange ToChange(NotificationRpc n)
    {
        var type = (ClusterObjectType)n.Data.FilterAndType.ObjectType;
        var flags = n.Data.FilterAndType.FilterFlags;
        return new ClusterChange(type, flags, ChangeName(type, flags), n.Data.Name, n.Data.ObjectId, n.Data.ParentId, n.Data.Type, n.Data.Buffer);
    }

    /// <summary>The CLUSTER_CHANGE_*_V2 name of a flag, e.g. "Group.State"; the hex value when it has no name.</summary>
    private static string ChangeName(ClusterObjectType type, long flags)
    {
        var name = type switch
        {
            ClusterObjectType.Cluster => Enum.GetName((ClusterChangeClusterV2)flags),
            ClusterObjectType.Group => Enum.GetName((ClusterChangeGroupV2)flags),
            ClusterObjectType.Resource => Enum.GetName((ClusterChangeResourceV2)flags),
            ClusterObjectType.ResourceType => Enum.GetName((ClusterChangeResourceTypeV2)flags),
            ClusterObjectType.NetworkInterface => Enum.GetName((ClusterChangeNetInterfaceV2)flags),
            ClusterObjectType.Network => Enum.GetName((ClusterChangeNetworkV2)flags),
            ClusterObjectType.Node => Enum.GetName((ClusterChangeNodeV2)flags),
            ClusterObjectType.Registry => Enum.GetName((ClusterChangeRegistryV2)flags),
            ClusterObjectType.Quorum => Enum.GetName((ClusterChangeQuorumV2)flags),
            ClusterObjectType.SharedVolume => Enum.GetName((SharedVolumeChangeV2)flags),
            ClusterObjectType.GroupSet => Enum.GetName((ClusterChangeGroupSetV2)flags),
            _ => null,
        };
        return $"{type}.{name ?? "0x" + flags.ToString("x", System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
