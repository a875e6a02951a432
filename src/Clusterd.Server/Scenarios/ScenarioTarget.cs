using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;

using Clusterd.Server.Faults;

namespace Clusterd.Server.Scenarios;

/// <summary>
/// What a scenario runs against: the cluster (through <see cref="ICluster"/>, as the ClusAPI layer sees it) and the
/// emulator's controls (the virtual clock and the store fault). Two implementations: a fresh in-memory cluster for
/// <c>clusterd scenario run</c>, and the running emulator for <c>POST /admin/scenarios</c>.
/// </summary>
internal interface IScenarioTarget
{
    /// <summary>The cluster's clock.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Runs <paramref name="action"/> on the cluster.</summary>
    T Use<T>(Func<ICluster, T> action);

    /// <summary>Moves the paused virtual clock forward and applies what became due; returns the deadlines applied.</summary>
    int Advance(TimeSpan by);

    /// <summary>Makes the next store commit fail (ERROR_WRITE_FAULT, nothing changes).</summary>
    void FailNextCommit();

    /// <summary>Subscribes to the cluster's events.</summary>
    IDisposable Subscribe(Action<ClusterEvent> onEvent);

    /// <summary>Arms a wire fault rule (emulator only); null when the rule table is full.</summary>
    WireFaultRule? AddWireFault(WireFaultSpec spec);

    /// <summary>Removes every wire fault rule.</summary>
    void ClearWireFaults();
}

/// <summary>
/// A fresh cluster in memory for one scenario file: the topology seeded into an in-memory store (behind the emulator's
/// fault-injecting decorator) and a paused virtual clock, so that time moves only when a step advances it.
/// </summary>
internal sealed class InMemoryScenarioTarget : IScenarioTarget, IDisposable
{
    private readonly VirtualTimeProvider _clock;
    private readonly FaultInjectingStore _store;
    private readonly ClusterEngine _engine;

    public InMemoryScenarioTarget(TopologyConfig topology, CsvProfile profile)
    {
        _clock = new VirtualTimeProvider();
        _clock.Pause();
        _store = new FaultInjectingStore(new InMemoryClusterStore());
        try
        {
            _engine = ClusterEngine.Open(_store, topology, new ClusterOptions { Profile = profile }, _clock);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <inheritdoc />
    public T Use<T>(Func<ICluster, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action(_engine);
    }

    /// <inheritdoc />
    public int Advance(TimeSpan by)
    {
        // As ClusterHost.AdvanceClock: jump, apply what became due, re-arm.
        _clock.Advance(by);
        var fired = _engine.FireDueTimers();
        _clock.Resync();
        return fired;
    }

    /// <inheritdoc />
    public void FailNextCommit() => _store.FailNextCommit();

    /// <inheritdoc />
    public IDisposable Subscribe(Action<ClusterEvent> onEvent) => _engine.Subscribe(onEvent);

    /// <inheritdoc />
    /// <remarks>A cluster in memory has no RPC endpoint, so no call could ever meet the rule: the step fails.</remarks>
    public WireFaultRule? AddWireFault(WireFaultSpec spec) => throw new ScenarioStepException(NoWire);

    /// <inheritdoc />
    public void ClearWireFaults() => throw new ScenarioStepException(NoWire);

    private const string NoWire =
        "wire faults act on ClusAPI calls over the wire, and 'clusterd scenario run' has no RPC endpoint: post this scenario to a running emulator (POST /admin/scenarios)";

    /// <inheritdoc />
    public void Dispose()
    {
        _engine.Dispose();
        _store.Dispose();
    }
}

/// <summary>The running emulator's cluster (POST /admin/scenarios): every step goes through the host, as the admin routes do.</summary>
internal sealed class HostScenarioTarget(ClusterHost host) : IScenarioTarget
{
    /// <inheritdoc />
    public DateTimeOffset Now => host.Time.GetUtcNow();

    /// <inheritdoc />
    public T Use<T>(Func<ICluster, T> action) => host.Use<T>(e => action(e));

    /// <inheritdoc />
    public int Advance(TimeSpan by) => host.AdvanceClock(by).Fired;

    /// <inheritdoc />
    public void FailNextCommit() => host.FailNextCommit();

    /// <inheritdoc />
    public IDisposable Subscribe(Action<ClusterEvent> onEvent) => host.Use(e => e.Subscribe(onEvent));

    /// <inheritdoc />
    public WireFaultRule? AddWireFault(WireFaultSpec spec) =>
        (host.WireFaults ?? throw new ScenarioStepException("wire faults need --emulator")).Add(spec);

    /// <inheritdoc />
    public void ClearWireFaults() => host.WireFaults?.Clear();
}
