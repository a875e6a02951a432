using System.Runtime.CompilerServices;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// One engine subscription for every notification port of that engine: each event is mapped to its notifications
/// (<see cref="NotificationMapper.Map"/>) once, however many ports listen, and offered to each port, which only
/// filters by its registrations and queues. Ports come and go (copy-on-write array); the hub lives as long as its
/// engine.
/// </summary>
internal sealed class NotificationHub
{
    private static readonly ConditionalWeakTable<ICluster, NotificationHub> Hubs = new();
    private readonly Lock _gate = new();
    private NotificationPortV2[] _ports = [];

    private NotificationHub(ICluster engine) => engine.Subscribe(OnEvent);

    /// <summary>The hub of <paramref name="engine"/>, created with its subscription the first time.</summary>
    public static NotificationHub For(ICluster engine) => Hubs.GetValue(engine, static e => new NotificationHub(e));

    /// <summary>How many ports listen; for tests.</summary>
    public int PortCount => Volatile.Read(ref _ports).Length;

    /// <summary>Adds a port; disposing the result removes it.</summary>
    public IDisposable Add(NotificationPortV2 port)
    {
        lock (_gate)
        {
            _ports = [.. _ports, port];
        }
        return new Removal(this, port);
    }

    private void OnEvent(ClusterEvent e)
    {
        var ports = Volatile.Read(ref _ports);
        if (ports.Length == 0)
        {
            return;
        }
        var drafts = NotificationMapper.Map(e);
        if (drafts.Count == 0)
        {
            return;
        }
        foreach (var port in ports)
        {
            port.Offer(drafts);
        }
    }

    private sealed class Removal(NotificationHub hub, NotificationPortV2 port) : IDisposable
    {
        public void Dispose()
        {
            lock (hub._gate)
            {
                var i = Array.IndexOf(hub._ports, port);
                if (i >= 0)
                {
                    hub._ports = [.. hub._ports[..i], .. hub._ports[(i + 1)..]];
                }
            }
        }
    }
}
