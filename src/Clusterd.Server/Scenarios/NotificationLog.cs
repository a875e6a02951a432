using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;

namespace Clusterd.Server.Scenarios;

/// <summary>One ClusAPI version 2 notification as a client would receive it (MS-CMRP 3.1.4.2.138), reduced to what a scenario checks.</summary>
/// <param name="Type">The clusapi.h name of its filter flag, e.g. CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2.</param>
/// <param name="ObjectName">NOTIFICATION_DATA_RPC.Name: the object's name (the CSV resource for a shared-volume notification).</param>
/// <param name="VolumeStates">For a shared-volume notification, the CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries it carries.</param>
internal sealed record SeenNotification(string Type, string ObjectName, IReadOnlyList<SharedVolumeNodeState> VolumeStates)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Type).Append(' ').Append(ObjectName);
        foreach (var s in VolumeStates)
        {
            text.Append(" [").Append(s.FriendlyName).Append('@').Append(s.NodeName).Append('=').Append(s.State).Append(']');
        }
        return text.ToString();
    }
}

/// <summary>
/// The notifications a client registered for everything would have received since the last check: each engine event
/// (<see cref="ICluster.Subscribe"/>) turned into its NOTIFICATION_DATA_RPC by the ClusAPI layer's own mapper
/// (<see cref="NotificationMapper"/>), so a scenario asserts on what ApiGetNotifyV2 delivers, not on engine internals.
/// </summary>
internal sealed class NotificationLog
{
    /// <summary>How many notifications one window keeps; past it the window is marked overflowed and a check fails.</summary>
    public const int MaxPerWindow = 10_000;

    private readonly Lock _gate = new();
    private List<SeenNotification> _window = [];
    private bool _overflowed;

    /// <summary>The engine callback (runs after each commit, outside the engine lock).</summary>
    public void OnEvent(ClusterEvent e)
    {
        var seen = NotificationMapper.Map(e)
            .Select(d => new SeenNotification(NameOf(d.Data.FilterAndType), d.Data.Name ?? "",
                (ClusterObjectType)d.Data.FilterAndType.ObjectType == ClusterObjectType.SharedVolume ? e.SharedVolumeStates : []))
            .ToList();
        lock (_gate)
        {
            foreach (var n in seen)
            {
                if (_window.Count >= MaxPerWindow)
                {
                    _overflowed = true;
                    return;
                }
                _window.Add(n);
            }
        }
    }

    /// <summary>The notifications since the last call, and whether some were dropped; starts a new window.</summary>
    public (IReadOnlyList<SeenNotification> Seen, bool Overflowed) TakeWindow()
    {
        lock (_gate)
        {
            var result = (_window, _overflowed);
            _window = [];
            _overflowed = false;
            return result;
        }
    }

    /// <summary>Every name <see cref="NameOf"/> can give, for checking scenario files.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = Families()
        .SelectMany(f => Enum.GetValues(f.Flags).Cast<Enum>().Select(v => Name(f.Prefix, v)))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The clusapi.h name of a NOTIFY_FILTER_AND_TYPE_RPC with one flag (MS-CMRP 2.2.2.12-2.2.2.26).</summary>
    public static string NameOf(NotifyFilterAndType filter)
    {
        foreach (var (type, flags, prefix) in Families())
        {
            if ((uint)type == filter.ObjectType)
            {
                return Name(prefix, (Enum)Enum.ToObject(flags, filter.FilterFlags));
            }
        }
        return $"CLUSTER_OBJECT_TYPE_{filter.ObjectType}_0x{filter.FilterFlags:X}";
    }

    private static (ClusterObjectType Type, Type Flags, string Prefix)[] Families() =>
    [
        (ClusterObjectType.Cluster, typeof(ClusterChangeClusterV2), "CLUSTER_CHANGE_CLUSTER_"),
        (ClusterObjectType.Group, typeof(ClusterChangeGroupV2), "CLUSTER_CHANGE_GROUP_"),
        (ClusterObjectType.Resource, typeof(ClusterChangeResourceV2), "CLUSTER_CHANGE_RESOURCE_"),
        (ClusterObjectType.ResourceType, typeof(ClusterChangeResourceTypeV2), "CLUSTER_CHANGE_RESOURCE_TYPE_"),
        (ClusterObjectType.NetworkInterface, typeof(ClusterChangeNetInterfaceV2), "CLUSTER_CHANGE_NETINTERFACE_"),
        (ClusterObjectType.Network, typeof(ClusterChangeNetworkV2), "CLUSTER_CHANGE_NETWORK_"),
        (ClusterObjectType.Node, typeof(ClusterChangeNodeV2), "CLUSTER_CHANGE_NODE_"),
        (ClusterObjectType.Registry, typeof(ClusterChangeRegistryV2), "CLUSTER_CHANGE_REGISTRY_"),
        (ClusterObjectType.SharedVolume, typeof(SharedVolumeChangeV2), "CLUSTER_CHANGE_SHARED_VOLUME_"),
    ];

    /// <summary>CLUSTER_CHANGE_ + the family + the flag's enum name in upper snake case + _V2 (clusapi.h spells NETINTERFACE as one word).</summary>
    private static string Name(string prefix, Enum flag)
    {
        var name = flag.ToString();
        var snake = new StringBuilder(prefix);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                snake.Append('_');
            }
            snake.Append(char.ToUpperInvariant(name[i]));
        }
        return snake.Replace("NET_INTERFACE", "NETINTERFACE").Append("_V2").ToString();
    }
}
