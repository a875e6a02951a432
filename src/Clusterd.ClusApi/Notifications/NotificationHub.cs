using System.Runtime.CompilerServices;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// One engine subscription for every notification port of that engine: each event is mapped to its notifications
/// (<see cref="NotificationMapper.Map"/>) once, however many ports listen, translated once for version 1 ports
/// (<see cref="NotificationMapperV1.Map"/>), and offered to each port, which only filters by its registrations and
/// queues. Ports come and go (copy-on-write arrays); the hub lives as long as its engine.
/// <para>
/// It also keeps the version 1 state sequence of each object (MS-CMRP 3.1.4.2.59-65: dwStateSequence, StateSequence):
/// the number of *_STATE indications raised for the object since the hub started, so ApiReAddNotify* can tell whether
/// a client missed a state change (docs/behaviour.md, "Version 1 notification ports"). An object's count is dropped
/// with its *_DELETED indication, so the table holds at most one entry per live object.
/// </para>
/// </summary>
internal sealed class NotificationHub
{
    private static readonly ConditionalWeakTable<ICluster, NotificationHub> Hubs = new();
    private readonly Lock _gate = new();
    private NotificationPortV2[] _ports = [];
    private NotificationPortV1[] _portsV1 = [];
    private readonly Dictionary<string, uint> _stateSequences = new(StringComparer.OrdinalIgnoreCase);

    private NotificationHub(ICluster engine) => engine.Subscribe(OnEvent);

    /// <summary>The hub of <paramref name="engine"/>, created with its subscription the first time.</summary>
    public static NotificationHub For(ICluster engine) => Hubs.GetValue(engine, static e => new NotificationHub(e));

    /// <summary>How many ports listen (both versions); for tests.</summary>
    public int PortCount => Volatile.Read(ref _ports).Length + Volatile.Read(ref _portsV1).Length;

    /// <summary>The state sequence of the object <paramref name="objectId"/> (0 before its first state indication).</summary>
    public uint StateSequenceOf(string objectId)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        lock (_stateSequences)
        {
            return _stateSequences.GetValueOrDefault(objectId);
        }
    }

    /// <summary>Adds a version 1 port; disposing the result removes it.</summary>
    public IDisposable Add(NotificationPortV1 port)
    {
        lock (_gate)
        {
            _portsV1 = [.. _portsV1, port];
        }
        return new RemovalV1(this, port);
    }

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
        var drafts = NotificationMapper.Map(e);
        // The state sequences are counted whether or not a version 1 port listens right now.
        var v1 = Sequence(NotificationMapperV1.Map(e, drafts));
        if (drafts.Count > 0)
        {
            foreach (var port in ports)
            {
                port.Offer(drafts);
            }
        }
        if (v1.Count > 0)
        {
            foreach (var port in Volatile.Read(ref _portsV1))
            {
                port.Offer(v1);
            }
        }
    }

    private List<NotificationDraftV1> Sequence(IReadOnlyList<NotificationDraftV1> drafts)
    {
        var result = new List<NotificationDraftV1>(drafts.Count);
        lock (_stateSequences)
        {
            foreach (var d in drafts)
            {
                if (d.TargetId is not { } id)
                {
                    result.Add(d);
                    continue;
                }
                uint sequence = _stateSequences.GetValueOrDefault(id);
                if (NotificationMapperV1.IsState(d.Filter))
                {
                    _stateSequences[id] = ++sequence;
                }
                else if (NotificationMapperV1.IsDeletion(d.Filter))
                {
                    _stateSequences.Remove(id);
                }
                result.Add(d with { StateSequence = sequence });
            }
        }
        return result;
    }

    private sealed class RemovalV1(NotificationHub hub, NotificationPortV1 port) : IDisposable
    {
        public void Dispose()
        {
            lock (hub._gate)
            {
                var i = Array.IndexOf(hub._portsV1, port);
                if (i >= 0)
                {
                    hub._portsV1 = [.. hub._portsV1[..i], .. hub._portsV1[(i + 1)..]];
                }
            }
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
