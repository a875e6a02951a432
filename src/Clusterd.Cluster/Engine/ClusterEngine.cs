using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;
using Clusterd.Cluster.Topology;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The cluster engine: a deterministic state machine over the cluster database (ARCHITECTURE.md principle 1).
/// Every command runs under one lock as a <see cref="Tx"/>: validate, change, commit to the store, then publish
/// events; a command that fails (or whose commit fails) is rolled back and changes nothing. Time comes only from
/// the injected <see cref="TimeProvider"/>; running timers are deadlines in the state (principle 2).
/// </summary>
public sealed partial class ClusterEngine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IClusterStore _store;
    private readonly TimeProvider _time;
    private readonly ClusterDatabase _db;
    private readonly List<Action<ClusterEvent>> _subscribers = [];
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Resource> _resourceNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Group> _groupNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResourceType> _types = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Network> _networks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NetInterface> _interfaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, GroupSet> _groupSets = new(StringComparer.OrdinalIgnoreCase);
    private long _eventSequence;
    private bool _disposed;

    private ClusterEngine(IClusterStore store, ClusterDatabase db, ClusterOptions options, TimeProvider time)
    {
        _store = store;
        _db = db;
        Options = options;
        _time = time;
        _volumes = new VolumeIndex();
    }

    /// <summary>The engine's settings.</summary>
    public ClusterOptions Options { get; }

    /// <summary>The engine's clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Starts the cluster on a store: volatile state is dropped (a cluster start, MS-CMRP 3.1.1.4: backup mode is
    /// volatile), an empty database is seeded from <paramref name="topology"/>, and the in-memory objects are
    /// rebuilt from the database. Resources come back in their persistent state; every node is up.
    /// </summary>
    public static ClusterEngine Open(IClusterStore store, TopologyConfig topology, ClusterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        store.ClearVolatile();
        var records = store.Load();
        var db = ClusterDatabase.Load(records);
        var engine = new ClusterEngine(store, db, options, time);
        if (db.Root.Values.Count == 0 && db.Root.Subkeys.Count == 0)
        {
            var tx = new Tx(time.GetUtcNow());
            TopologySeeder.Seed(tx, db.Root, topology);
            store.Commit([.. tx.Writes]);
        }
        engine.Rehydrate();
        return engine;
    }

    /// <summary>Subscribes to events; the callback runs under the engine lock and must not block or call back.</summary>
    public IDisposable Subscribe(Action<ClusterEvent> onEvent)
    {
        lock (_gate)
        {
            _subscribers.Add(onEvent);
        }
        return new Unsubscriber(this, onEvent);
    }

    /// <summary>Reads the cluster database under the engine lock (registry methods of MS-CMRP).</summary>
    public T ReadDatabase<T>(Func<DbKey, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read(_db.Root);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _timer?.Dispose();
        }
    }

    private Win32Error Execute(Func<Tx, Win32Error> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var tx = new Tx(_time.GetUtcNow());
            Win32Error result;
            try
            {
                result = body(tx);
            }
            catch
            {
                tx.Rollback();
                throw;
            }
            if (result is not (Win32Error.Success or Win32Error.IoPending))
            {
                tx.Rollback();
                return result;
            }
            return Commit(tx) ? result : Win32Error.WriteFault;
        }
    }

    private (Win32Error Error, T? Value) Execute<T>(Func<Tx, (Win32Error, T?)> body)
    {
        T? value = default;
        var error = Execute(tx =>
        {
            var (e, v) = body(tx);
            value = v;
            return e;
        });
        return error is Win32Error.Success or Win32Error.IoPending ? (error, value) : (error, default);
    }

    private bool Commit(Tx tx)
    {
        if (tx.Writes.Count > 0)
        {
            try
            {
                _store.Commit([.. tx.Writes]);
            }
            catch (StoreException)
            {
                tx.Rollback();
                return false;
            }
        }
        foreach (var r in tx.CsvTouched)
        {
            if (_resources.ContainsKey(r.Id) && r.Volumes.Count > 0)
            {
                tx.Raise(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeState, r.Id, r.Name, null, null,
                    [.. r.Volumes.SelectMany(VolumeStatesOnAllNodes)]));
            }
        }
        foreach (var e in tx.Events)
        {
            var numbered = e with { Sequence = ++_eventSequence };
            foreach (var s in _subscribers)
            {
                s(numbered);
            }
        }
        ArmTimer();
        return true;
    }

    private ClusterEvent Event(ClusterObjectType type, ClusterChange change, string id, string name, string? parent = null, string? typeName = null) =>
        new(0, type, change, id, name, parent, typeName, []) { Snapshot = change == ClusterChange.Deleted ? null : SnapshotOf(type, id) };

    /// <summary>The object's state, its group's owner node and group type now, for the event being raised.</summary>
    private EventSnapshot? SnapshotOf(ClusterObjectType type, string id)
    {
        string OwnerOf(Group g) => _nodes.ContainsKey(g.OwnerNodeId) ? g.OwnerNodeId : "";
        switch (type)
        {
            case ClusterObjectType.Resource when _resources.TryGetValue(id, out var r):
                return new EventSnapshot((uint)r.State, _groups.TryGetValue(r.GroupId, out var rg) ? OwnerOf(rg) : null, null);
            case ClusterObjectType.Group when _groups.TryGetValue(id, out var g):
                return new EventSnapshot((uint)GroupState(g), OwnerOf(g), (uint)g.GroupType);
            case ClusterObjectType.Node when _nodes.TryGetValue(id, out var n):
                return new EventSnapshot((uint)n.State, null, null);
            case ClusterObjectType.Network when FindNetwork(id) is { } net:
                return new EventSnapshot((uint)net.State, null, null);
            case ClusterObjectType.NetworkInterface when FindNetInterface(id) is { } nic:
                return new EventSnapshot((uint)nic.State, null, null);
            default:
                return null;
        }
    }

    private void Rehydrate()
    {
        var root = _db.Root;
        foreach (var k in Children(root, "Nodes"))
        {
            _nodes[k.Name] = new Node(k);
        }
        foreach (var k in Children(root, "ResourceTypes"))
        {
            _types[k.Name] = new ResourceType(k);
        }
        foreach (var k in Children(root, "Groups"))
        {
            var g = new Group(k);
            _groups[k.Name] = g;
            _groupNames[g.Name] = g;
        }
        foreach (var k in Children(root, "Resources"))
        {
            var r = new Resource(k)
            {
                State = k.GetDWord(V.PersistentState) != 0 ? ClusterResourceState.Online : ClusterResourceState.Offline,
            };
            _resources[k.Name] = r;
            _resourceNames[r.Name] = r;
            if (_groups.TryGetValue(r.GroupId, out var g))
            {
                g.Resources.Add(r);
            }
            foreach (var vk in Children(k, "SharedVolumes"))
            {
                var v = new SharedVolume(r, vk);
                r.Volumes.Add(v);
                _volumes.Add(v);
            }
        }
        foreach (var k in Children(root, "Networks"))
        {
            _networks[k.Name] = new Network(k);
        }
        foreach (var k in Children(root, "NetworkInterfaces"))
        {
            _interfaces[k.Name] = new NetInterface(k);
        }
        foreach (var k in Children(root, "GroupSets"))
        {
            _groupSets[k.Name] = new GroupSet(k);
        }
        _localNodeId = ResolveLocalNode();
    }

    private static IEnumerable<DbKey> Children(DbKey parent, string name) =>
        parent.Subkey(name)?.Subkeys.Values ?? Enumerable.Empty<DbKey>();

    private string _localNodeId = "";

    private string ResolveLocalNode()
    {
        if (Options.LocalNodeName is { } wanted)
        {
            var n = _nodes.Values.FirstOrDefault(x => string.Equals(x.Name, wanted, StringComparison.OrdinalIgnoreCase));
            if (n is not null)
            {
                return n.Id;
            }
        }
        return _nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(n => n.Id).FirstOrDefault() ?? "";
    }

    private static int NodeOrder(string id) => int.TryParse(id, out var i) ? i : int.MaxValue;

    private sealed class Unsubscriber(ClusterEngine engine, Action<ClusterEvent> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (engine._gate)
            {
                engine._subscribers.Remove(callback);
            }
        }
    }
}
