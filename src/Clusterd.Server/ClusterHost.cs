using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.Server;

/// <summary>Thrown when the engine is not available (after a failed reset).</summary>
internal sealed class ClusterUnavailableException(string message) : Exception(message);

/// <summary>
/// Owns the store and the engine of one data directory. Callers use the engine through <see cref="Use{T}"/>
/// (shared); <see cref="Reset"/> and <see cref="AdvanceClock"/> run alone (exclusive), so no caller ever sees a
/// disposed engine.
/// </summary>
internal sealed class ClusterHost : IDisposable, Clusterd.ClusApi.Service.IClusterEngineProvider
{

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly ServerOptions _options;
    private readonly TopologyConfig _topology;
    private readonly TimeProvider _time;
    private readonly ILogger _engineLog;
    /// <summary>The thread pool's minimum size on a node of a multi-node cluster (see StartReplica).</summary>
    private const int MinReplicaThreads = 64;

    private FaultInjectingStore? _store;
    private ClusterEngine? _engine;
    private Clusterd.Store.Etcd.EtcdConnection? _etcd;
    private Clusterd.Store.Etcd.EtcdClusterStore? _replicated;
    private IClusterMembership? _membership;
    private string? _fault;
    private SetClusterSecurity? _initialSecurity;
    private bool _disposed;

    private ClusterHost(ServerOptions options, TopologyConfig topology, TimeProvider time, ILogger? engineLog)
    {
        _options = options;
        _topology = topology;
        _time = time;
        _engineLog = engineLog ?? NullLogger.Instance;
    }

    private readonly Faults.WireFaultRules _wireFaults = new();

    /// <summary>Whether <see cref="Open"/> found an empty database and seeded it from the topology.</summary>
    public bool Seeded { get; private set; }

    /// <summary>True when this node joined a cluster that had no live member (a cluster start: volatile state dropped).</summary>
    public bool ClusterStart { get; private set; }

    /// <summary>The membership of a multi-node cluster (--store etcd), else null.</summary>
    public IClusterMembership? Membership => _membership;

    /// <summary>The virtual clock in emulator mode, else null.</summary>
    public VirtualTimeProvider? VirtualClock => _time as VirtualTimeProvider;

    /// <summary>The engine's clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>The wire fault rules of the ClusAPI endpoint in emulator mode (with the virtual clock), else null.</summary>
    public Faults.WireFaultRules? WireFaults => VirtualClock is null ? null : _wireFaults;

    /// <summary>Why the engine is gone (a reset could not reopen the data directory), or null.</summary>
    public string? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Opens the store (taking the data-directory lock) and starts the engine on it; <paramref name="engineLog"/>
    /// receives the faults the engine contains after a commit.
    /// </summary>
    /// <exception cref="StoreException">The data directory is in use or its database cannot be used.</exception>
    public static ClusterHost Open(ServerOptions options, TopologyConfig topology, TimeProvider time, ILogger? engineLog = null)
    {
        var host = new ClusterHost(options, topology, time, engineLog);
        host.Start();
        return host;
    }

    /// <summary>Runs <paramref name="action"/> with the engine (shared with other callers).</summary>
    /// <exception cref="ClusterUnavailableException">The engine is gone after a failed reset.</exception>
    public T Use<T>(Func<ClusterEngine, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _gate.EnterReadLock();
        try
        {
            return action(EngineOrThrow());
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <inheritdoc />
    T ClusApi.Service.IClusterEngineProvider.Use<T>(Func<ICluster, T> action) => Use<T>(action);

    /// <inheritdoc />
    bool ClusApi.Service.IClusterEngineProvider.TryUse<T>(Func<ICluster, T> action, out T result) => TryUse<T>(action, out result);

    /// <summary>As <see cref="Use{T}"/>, unless that would wait for a reset or a clock advance: then false, nothing run.</summary>
    /// <exception cref="ClusterUnavailableException">The engine is gone after a failed reset.</exception>
    public bool TryUse<T>(Func<ClusterEngine, T> action, out T result)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!_gate.TryEnterReadLock(0))
        {
            result = default!;
            return false;
        }
        try
        {
            result = action(EngineOrThrow());
            return true;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Makes the next store commit fail (emulator fault injection).</summary>
    public void FailNextCommit() => Use(_ =>
    {
        _store!.FailNextCommit();
        return true;
    });

    /// <summary>
    /// Moves the virtual clock forward, applies every deadline that became due, then re-arms the timers.
    /// Returns the new time and the number of deadlines applied.
    /// </summary>
    public (DateTimeOffset Now, int Fired) AdvanceClock(TimeSpan by)
    {
        var clock = VirtualClock ?? throw new InvalidOperationException("the virtual clock exists only in emulator mode");
        _gate.EnterWriteLock();
        try
        {
            var engine = EngineOrThrow();
            clock.Advance(by);
            var fired = engine.FireDueTimers();
            clock.Resync();
            return (clock.GetUtcNow(), fired);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>The topology the host seeds an empty database with (its access list seeds the cluster security descriptor).</summary>
    public TopologyConfig Topology => _topology;

    /// <summary>
    /// Stores the initial cluster security descriptor (docs/authorization.md) unless the database already holds one, now
    /// and after every <see cref="Reset"/>. Answers the engine's error (a refused commit) or success.
    /// </summary>
    public Win32Error SeedSecurity(byte[] descriptor, IReadOnlyList<string> accountNames)
    {
        _initialSecurity = new SetClusterSecurity(descriptor, InitialOnly: true, accountNames);
        return Use(e => e.Execute(_initialSecurity));
    }

    /// <summary>
    /// Stops the engine, empties the store in one transaction (the store stays open, so the data-directory lock
    /// is held throughout) and starts again from the topology. If that fails the host is left without an engine
    /// (<see cref="Fault"/>) and the exception is rethrown: the server must then stop.
    /// </summary>
    public void Reset()
    {
        _gate.EnterWriteLock();
        try
        {
            EngineOrThrow();
            // The store stays open, so the data directory lock is never released during a reset.
            _engine?.Dispose();
            _engine = null;
            try
            {
                _store!.ClearAll();
                Seeded = true;
                var engineOptions = EngineOptions();
                _engine = ClusterEngine.Open(_store, _topology, engineOptions, _time);
                if (_initialSecurity is { } seed)
                {
                    _ = _engine.Execute(seed); // refused: no descriptor, so every admitted caller holds "All", as before the seed
                }
            }
            catch (Exception e) when (e is StoreException or IOException or UnauthorizedAccessException)
            {
                Volatile.Write(ref _fault, "reset failed: " + e.Message);
                StopEngine();
                throw;
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            StopEngine();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        _gate.Dispose();
    }

    private ClusterEngine EngineOrThrow()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _engine ?? throw new ClusterUnavailableException(Fault ?? "the cluster engine is not running");
    }

    private void Start()
    {
        if (_options.Store == StoreKind.Etcd)
        {
            StartReplica();
            return;
        }
        var store = new FaultInjectingStore(new SqliteClusterStore(_options.DataDirectory));
        try
        {
            Seeded = store.Revision == 0;
            var engineOptions = EngineOptions();
            _engine = ClusterEngine.Open(store, _topology, engineOptions, _time);
            _store = store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private ClusterOptions EngineOptions() =>
        new() { Profile = _options.Profile, LocalNodeName = _options.LocalNode, Logger = _engineLog };

    /// <summary>
    /// One node of a multi-node cluster (docs/multi-node.md): join the membership (which drops volatile state when the
    /// whole cluster was down), open the replica, then follow leadership (the leader fires deadlines and fails over
    /// the groups of nodes whose lease lapsed).
    /// </summary>
    private void StartReplica()
    {
        // Every engine command of a replica waits for etcd with a blocking gRPC call (under the engine lock, by design:
        // commands are serialised), and gRPC completes it on the thread pool. On a small machine the pool starts with
        // one thread per core and adds more only every half second or so, which showed as stalls of about a second
        // (docs/benchmarks.md, "Multi-node (etcd)"): start with enough threads that a blocked command never waits for
        // the pool to grow.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinReplicaThreads), Math.Max(completionPorts, MinReplicaThreads));
        var layout = new Clusterd.Store.Etcd.EtcdLayout(_options.EtcdPrefix);
        var timing = MembershipTiming.FromHeartbeat(_options.SameSubnetDelay, _options.SameSubnetThreshold);
        _etcd = new Clusterd.Store.Etcd.EtcdConnection(_options.EtcdEndpoints);
        try
        {
            if (_topology.Nodes.All(n => !string.Equals(n, _options.LocalNode, StringComparison.OrdinalIgnoreCase)))
            {
                throw new StoreException($"--local-node {_options.LocalNode}: the topology has no such node ({string.Join(", ", _topology.Nodes)})");
            }
            _replicated = new Clusterd.Store.Etcd.EtcdClusterStore(_etcd, layout);
            var membership = new Clusterd.Store.Etcd.EtcdMembership(_etcd, layout, timing, TimeProvider.System, _engineLog);
            _membership = membership;
            ClusterStart = membership.Join(_options.LocalNode!);
            var engineOptions = EngineOptions() with { NodeJoinDelay = timing.KeepAlivePeriod };
            _engine = ClusterEngine.OpenReplica(_replicated, _topology, engineOptions, _time, out var seeded);
            Seeded = seeded;
            membership.LeadershipChanged += OnLeadership;
            membership.MembersChanged += OnMembers;
            OnLeadership(membership.Leadership);
        }
        catch
        {
            StopEngine();
            throw;
        }
    }

    private void OnLeadership(StoreFence? fence) => Follow(e =>
    {
        e.SetLeadership(fence);
        if (fence is not null && _membership is { } m)
        {
            e.ReconcileMembers(m.LiveMembers);
        }
    });

    private void OnMembers(IReadOnlyCollection<string> live) => Follow(e => e.ReconcileMembers(live));

    /// <summary>Runs a membership reaction on the engine unless the host is stopping; never throws (it runs on etcd's threads).</summary>
    private void Follow(Action<ClusterEngine> action)
    {
        try
        {
            if (!_gate.TryEnterReadLock(TimeSpan.FromSeconds(5)))
            {
                return;
            }
            try
            {
                if (!_disposed && _engine is { } e)
                {
                    action(e);
                }
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An escaping exception would end the membership's loop; the next change or the next leader retries.
            EngineLogFault(ex);
        }
    }

    private void EngineLogFault(Exception ex) =>
        _engineLog.LogWarning(ex, "a membership change could not be applied; the next change or leader retries");

    private void StopEngine()
    {
        // Membership first (a clean stop revokes the leases: Down for everyone at once), then the engine (its timer
        // stops), then the store, whose Dispose releases the data-directory lock.
        if (_membership is { } m)
        {
            m.LeadershipChanged -= OnLeadership;
            m.MembersChanged -= OnMembers;
            m.Dispose();
            _membership = null;
        }
        _engine?.Dispose();
        _engine = null;
        _store?.Dispose();
        _store = null;
        _replicated?.Dispose();
        _replicated = null;
        _etcd?.Dispose();
        _etcd = null;
    }
}
