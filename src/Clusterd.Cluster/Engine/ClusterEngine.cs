using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;
using Clusterd.Cluster.Topology;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The cluster engine: a deterministic state machine over the cluster database (docs/architecture.md, rule 1).
/// Every command runs under one lock as a <see cref="Tx"/>: validate, change, build its events, commit to the store,
/// then publish; a command that fails (or whose commit fails) is rolled back and changes nothing, and nothing after
/// the commit can fail (docs/engine-rules.md). Time comes only from
/// the injected <see cref="TimeProvider"/>; running timers are deadlines in the state (docs/architecture.md, rule 3).
/// </summary>
public sealed partial class ClusterEngine : ICluster, IDisposable
{
    private readonly ClusterModel _model;
    private readonly Lock _gate;
    private readonly IClusterStore _store;
    private readonly TimeProvider _time;
    private Action<ClusterEvent>[] _subscribers = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<ClusterEvent[]> _outbox = new();
    private readonly Lock _publishing = new();
    private long _eventSequence;
    private long _subscriberFaults;
    private bool _disposed;

    private ClusterEngine(IClusterStore store, ClusterDatabase db, ClusterOptions options, TimeProvider time, IReplicatedStore? replica = null)
    {
        _store = store;
        _replica = replica;
        _model = new ClusterModel(db, options, replica is not null);
        _gate = _model.Gate;
        _time = time;
        Queries = new ClusterQueries(_model);
    }

    /// <summary>The engine's settings.</summary>
    public ClusterOptions Options => _model.Options;

    /// <summary>The cluster's state, read-only: every query, each answered under the engine lock.</summary>
    public ClusterQueries Queries { get; }

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
        engine._model.Rehydrate();
        return engine;
    }

    /// <summary>
    /// Subscribes to events. The callback runs after the command has committed, outside the engine lock, one event at a
    /// time in commit order (before the command's method returns, or at the end of the enclosing
    /// <see cref="EnterCommand"/> scope); it must not block. An exception it throws is logged and counted
    /// (<see cref="SubscriberFaults"/>) and never reaches the command's caller.
    /// </summary>
    public IDisposable Subscribe(Action<ClusterEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onEvent];
        }
        return new Unsubscriber(this, onEvent);
    }

    /// <summary>How many times an event subscriber threw (contained after the commit); for diagnostics and tests.</summary>
    public long SubscriberFaults
    {
        get
        {
            lock (_gate)
            {
                return Interlocked.Read(ref _subscriberFaults);
            }
        }
    }

    /// <summary>
    /// Starts one composite command that a caller outside the engine builds from the engine's queries and commands (a
    /// ClusAPI control: resolve the object, check, act, MS-CMRP 3.1.4.2.74): the engine lock is acquired here, once,
    /// and held until the scope is disposed, so the object, the protocol server state and the answer all come from the
    /// same state. The engine's methods called inside re-enter the lock the thread already owns (a thread-id compare,
    /// no wait); a command that commits still commits under it, as every command does.
    /// </summary>
    /// <remarks>
    /// On a replica of a multi-node cluster the scope starts with a read barrier (docs/multi-node.md, "Linearizable
    /// answers"): the store's current revision is read first, outside the lock, and the replica applies everything up
    /// to it before the caller sees any state, so an answer never misses a change already acknowledged through another
    /// node. When the store cannot be reached the caller gets the last applied state (and /health says stale).
    /// </remarks>
    public CommandScope EnterCommand()
    {
        if (_gate.IsHeldByCurrentThread)
        {
            _gate.Enter(); // nested in a command that has had its barrier
            return new CommandScope(this);
        }
        var target = ReadBarrierTarget();
        _gate.Enter();
        try
        {
            if (target > _appliedRevision)
            {
                CatchUp(target);
            }
            FireDueFirst();
        }
        catch
        {
            ExitCommand();
            throw;
        }
        return new CommandScope(this);
    }

    /// <summary>
    /// As <see cref="EnterCommand"/>, but only if the engine lock is free or already this thread's; never waits (a
    /// writer may hold the lock across its store commit). True: the caller owns it and must call
    /// <see cref="ExitCommand"/>.
    /// </summary>
    /// <remarks>Always false on a replica: its read barrier may wait for the network, which this must never do.</remarks>
    public bool TryEnterCommand() => _replica is null && _gate.TryEnter();

    /// <summary>
    /// Ends a command started by a successful <see cref="TryEnterCommand"/> (or a <see cref="CommandScope"/>): releases
    /// the engine lock and, when this was the outermost scope, publishes the events committed meanwhile.
    /// </summary>
    public void ExitCommand()
    {
        _gate.Exit();
        PublishPending();
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
            _watch?.Dispose();
        }
    }

    /// <summary>
    /// Applies one command (docs/architecture.md, rule 1) and answers its Win32 error code. The rule every command
    /// follows: everything that can fail happens before the store commit (validation, the state change, the events and
    /// their snapshots, the store's own checks), and a failure at any point there undoes the in-memory changes and
    /// writes nothing. Once the store has the batch the command is acknowledged, and only infallible in-memory steps
    /// follow: numbering and publishing the events (a throwing subscriber is contained) and re-arming the timer (its
    /// wake-up is clamped, its failure contained). Events are published before this returns, outside the lock (or at
    /// the end of an enclosing <see cref="EnterCommand"/> scope).
    /// </summary>
    public Win32Error Execute(ClusterCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Execute(tx => command.Apply(_model, tx));
    }

    /// <summary>As <see cref="Execute(ClusterCommand)"/>, for a command whose answer carries a value (null unless it succeeded).</summary>
    public (Win32Error Error, TResult? Value) Execute<TResult>(ClusterCommand<TResult> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        TResult? value = default;
        var error = Execute(tx =>
        {
            var (e, v) = command.Apply(_model, tx);
            value = v;
            return e;
        });
        return error is Win32Error.Success or Win32Error.IoPending ? (error, value) : (error, default);
    }

    private Win32Error Execute(Func<Tx, Win32Error> body)
    {
        try
        {
            return ExecuteLocked(body);
        }
        finally
        {
            PublishPending(); // outside the lock (unless an enclosing command scope still holds it: then at its end)
        }
    }

    private Win32Error ExecuteLocked(Func<Tx, Win32Error> body)
    {
        var outermost = !_gate.IsHeldByCurrentThread;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DrainInbox();
            if (outermost)
            {
                FireDueFirst();
            }
            return RunTransaction(body);
        }
    }

    /// <summary>
    /// One transaction (the caller holds the lock): the body, then the store commit; rolled back if the body answers an
    /// error or the commit fails; re-run after another node committed first.
    /// </summary>
    private Win32Error RunTransaction(Func<Tx, Win32Error> body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tx = new Tx(_time.GetUtcNow(), _activeFence);
            Win32Error result;
            ClusterEvent[] events;
            try
            {
                result = body(tx);
                if (result is not (Win32Error.Success or Win32Error.IoPending))
                {
                    tx.Rollback();
                    return result;
                }
                _model.Runtime.WriteRuntime(tx);
                events = EventsOf(tx);
                var (stored, conflictAt) = _replica is null ? (CommitToStore(tx), 0L) : CommitReplicated(tx, events);
                if (conflictAt > 0)
                {
                    // Another node committed first (docs/multi-node.md, "Replication"): undo, catch up, run again.
                    tx.Rollback();
                    if (attempt >= MaxCommitAttempts || !CatchUp(conflictAt))
                    {
                        return Win32Error.WriteFault;
                    }
                    continue;
                }
                if (stored != Win32Error.Success)
                {
                    tx.Rollback();
                    return stored;
                }
            }
            catch
            {
                tx.Rollback();
                throw;
            }
            // Committed: from here on nothing may fail (docs/engine-rules.md).
            AfterCommit(events);
            RecordMetrics(tx);
            return result;
        }
    }

    /// <summary>
    /// The command's events, complete, before anything is written: the CSV state events of the resources it
    /// touched are built here from the state the command leaves, so nothing needs computing after the commit.
    /// </summary>
    private ClusterEvent[] EventsOf(Tx tx)
    {
        var events = new List<ClusterEvent>(tx.Events.Count + tx.CsvTouched.Count);
        events.AddRange(tx.Events);
        foreach (var r in tx.CsvTouched)
        {
            if (_model.Resources.ContainsKey(r.Id) && r.Volumes.Count > 0)
            {
                events.Add(new ClusterEvent(0, ClusterObjectType.SharedVolume, ClusterChange.SharedVolumeState, r.Id, r.Name, null, null,
                    [.. r.Volumes.SelectMany(_model.VolumeStatesOnAllNodes)]));
            }
        }
        return [.. events];
    }

    /// <summary>
    /// Makes the batch durable ("durable before acknowledged"). The store applies all of it or nothing: a refused
    /// batch (<see cref="StoreException"/>: ERROR_WRITE_FAULT; a batch over the store's limits,
    /// <see cref="ArgumentException"/>: ERROR_INVALID_PARAMETER) leaves it as it was, and the caller rolls back.
    /// </summary>
    private Win32Error CommitToStore(Tx tx)
    {
        if (tx.Writes.Count == 0)
        {
            return Win32Error.Success;
        }
        var metrics = Options.Metrics;
        var start = metrics.CommitsEnabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        try
        {
            var batch = tx.Writes.ToArray();
            _store.Commit(batch);
            if (start != 0)
            {
                metrics.RecordCommit("local", null, start);
            }
            _model.Runtime.RememberRuntime(batch);
            return Win32Error.Success;
        }
        catch (StoreException)
        {
            if (start != 0)
            {
                metrics.RecordCommit("local", "store_refused", start);
            }
            return Win32Error.WriteFault;
        }
        catch (ArgumentException)
        {
            if (start != 0)
            {
                metrics.RecordCommit("local", "invalid_batch", start);
            }
            return Win32Error.InvalidParameter;
        }
    }

    /// <summary>
    /// Records what a committed command noted for the metrics. After the commit nothing may fail: a listener that
    /// throws is contained like a throwing subscriber.
    /// </summary>
    private void RecordMetrics(Tx tx)
    {
        if (tx.CsvTransitions is null && tx.TimersArmed is null && tx.TimersFired is null)
        {
            return;
        }
        try
        {
            Options.Metrics.RecordCommitted(tx);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ReportFault(ex, "recording the metrics of a committed command failed; the command stays committed");
        }
    }

    /// <summary>The part of a command after its commit: in-memory steps that cannot fail.</summary>
    private void AfterCommit(ClusterEvent[] events)
    {
        if (events.Length > 0)
        {
            _outbox.Enqueue(events); // in commit order: the lock is held
        }
        ArmTimer();
    }

    /// <summary>
    /// Publishes the committed events waiting in the outbox, in commit order, outside the engine lock: a thread that
    /// still holds the lock (inside a command scope) leaves them to the scope's end; one thread publishes at a time, and
    /// a subscriber that runs a command itself does not publish re-entrantly (the loop it is called from continues).
    /// Returns only when the events committed before the call have been published.
    /// </summary>
    private void PublishPending()
    {
        if (_outbox.IsEmpty || _gate.IsHeldByCurrentThread || _publishing.IsHeldByCurrentThread)
        {
            return;
        }
        lock (_publishing)
        {
            while (_outbox.TryDequeue(out var events))
            {
                Publish(events);
            }
        }
    }

    /// <summary>
    /// Numbers the events and hands each to every subscriber. A subscriber that throws is contained (logged and
    /// counted): the command is committed and answered whatever a subscriber does, and the other subscribers still
    /// get the event. Subscribers are a copy-on-write array, so a callback may subscribe or unsubscribe.
    /// </summary>
    private void Publish(ClusterEvent[] events)
    {
        foreach (var e in events)
        {
            var numbered = e with { Sequence = ++_eventSequence };
            foreach (var s in Volatile.Read(ref _subscribers))
            {
                try
                {
                    s(numbered);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref _subscriberFaults);
                    ReportFault(ex, "an event subscriber threw on event " + numbered.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        + " (" + numbered.ObjectType + " " + numbered.Change + "); the command stays committed");
                }
            }
        }
    }

    /// <summary>Logs a contained after-commit fault; logging itself must not throw either.</summary>
    private void ReportFault(Exception ex, string what)
    {
        try
        {
            EngineLog.AfterCommitFault(Options.Logger, ex, what);
        }
        catch (Exception logFault) when (logFault is not OutOfMemoryException)
        {
            // A broken logger cannot undo a commit; there is nobody left to tell.
        }
    }

    private sealed class Unsubscriber(ClusterEngine engine, Action<ClusterEvent> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (engine._gate)
            {
                var i = Array.IndexOf(engine._subscribers, callback);
                if (i >= 0)
                {
                    engine._subscribers = [.. engine._subscribers[..i], .. engine._subscribers[(i + 1)..]];
                }
            }
        }
    }
}

/// <summary>
/// One composite command started by <see cref="ClusterEngine.EnterCommand"/>. Disposing it releases the engine lock and then, once
/// this thread holds the lock no more, publishes the events its commands raised (outside the lock, in commit order).
/// </summary>
public ref struct CommandScope
{
    private ClusterEngine? _engine;

    internal CommandScope(ClusterEngine engine) => _engine = engine;

    /// <summary>Ends the command (once).</summary>
    public void Dispose()
    {
        var engine = _engine;
        _engine = null;
        engine?.ExitCommand();
    }
}
