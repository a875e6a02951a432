using System.Collections.Concurrent;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Topology;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The engine as one replica of a multi-node cluster (docs/multi-node.md): every command runs against this node's
/// replica and commits its batch only if no other node committed since the revision the replica has applied; a
/// refused batch is rolled back, the replica catches up and the command runs again. Every node applies every
/// committed batch in revision order from one watch, so all replicas pass through the same states. Leader duties
/// (firing deadlines, failing over the groups of Down nodes) run only on the leader, fenced by its election key.
/// </summary>
public sealed partial class ClusterEngine
{
    /// <summary>How many times a command is re-run after another node committed first before it gives up.</summary>
    private const int MaxCommitAttempts = 32;

    /// <summary>How long a refused command waits for the watch to deliver what it missed.</summary>
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Value names that name or place an object (name indexes, group membership, volume names, the node name the local
    /// node is found by) or set its state at a cluster start: a remote batch that writes one rebuilds every object.
    /// </summary>
    private static readonly HashSet<string> IdentityValues = new(StringComparer.OrdinalIgnoreCase)
    {
        Model.V.Name, Model.V.Group, Model.V.NodeName, Model.V.PersistentState,
        Model.SharedVolume.FriendlyNameValue, Model.SharedVolume.VolumeNameValue,
    };

    private readonly IReplicatedStore? _replica;
    private long _appliedRevision;
    private readonly ConcurrentQueue<ReplicatedBatch> _inbox = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _drainQueued;
    private IDisposable? _watch;
    private StoreFence? _leaderFence;
    private StoreFence? _activeFence;
    private bool _replicaStale;
    private long _remoteBatches;

    /// <summary>True when this engine is one replica of a multi-node cluster.</summary>
    public bool IsReplica => _replica is not null;

    /// <summary>The revision of the last batch this replica applied (0 for a single-node engine).</summary>
    public long AppliedRevision
    {
        get
        {
            lock (_gate)
            {
                return _appliedRevision;
            }
        }
    }

    /// <summary>How many batches of other nodes this replica has applied; for diagnostics and tests.</summary>
    public long RemoteBatches => Interlocked.Read(ref _remoteBatches);

    /// <summary>True while this node leads (fires deadlines, fails over Down nodes' groups).</summary>
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _replica is null || _leaderFence is not null;
            }
        }
    }

    /// <summary>
    /// True when the replica may be behind: the store is unreachable or the watch broke and has not recovered. Reads
    /// are still served from the last applied state; writes fail until the store answers.
    /// </summary>
    public bool IsReplicaStale => _replica is { } r && (!r.IsReachable || Volatile.Read(ref _replicaStale));

    /// <summary>
    /// Opens this node's replica of a multi-node cluster: reads the whole state at one revision (seeding an empty
    /// cluster from <paramref name="topology"/> in one fenced-by-revision commit, so two nodes starting together seed
    /// it once), rebuilds the objects with their runtime state, and starts applying the batches of every node from
    /// the next revision. Volatile state is not dropped here: a node joining a running cluster keeps it; the
    /// membership's join drops it when the whole cluster was down (MS-CMRP 3.1.1.4). Deadlines are not fired until
    /// <see cref="SetLeadership"/> makes this node leader.
    /// </summary>
    public static ClusterEngine OpenReplica(IReplicatedStore store, TopologyConfig topology, ClusterOptions options, TimeProvider time) =>
        OpenReplica(store, topology, options, time, out _);

    /// <summary>As <see cref="OpenReplica(IReplicatedStore, TopologyConfig, ClusterOptions, TimeProvider)"/>;
    /// <paramref name="seeded"/> says whether this call seeded an empty cluster from <paramref name="topology"/>.</summary>
    public static ClusterEngine OpenReplica(IReplicatedStore store, TopologyConfig topology, ClusterOptions options, TimeProvider time, out bool seeded)
    {
        seeded = false;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        for (var attempt = 0; ; attempt++)
        {
            var (records, revision) = store.Snapshot();
            if (records.Any(r => r.Durability == Durability.Nonvolatile))
            {
                var engine = new ClusterEngine(store, ClusterDatabase.Load(records), options, time, store) { _appliedRevision = revision };
                engine._model.Runtime.RememberRuntime(records.Select(r => new StoreWrite(r.Key, r.Value, r.Durability)));
                engine._model.RebuildObjects();
                engine._watch = store.Watch(revision, engine.OnBatch, engine.OnWatchReset);
                return engine;
            }
            var seed = new Tx(time.GetUtcNow());
            TopologySeeder.Seed(seed, new ClusterDatabase().Root, topology);
            try
            {
                store.CommitAt([.. seed.Writes], ReadOnlyMemory<byte>.Empty, revision, null);
                seeded = true;
            }
            catch (StoreConflictException) when (attempt < MaxCommitAttempts)
            {
                // Another node seeded (or wrote) first: read again.
            }
        }
    }

    /// <summary>
    /// Makes this node leader (<paramref name="fence"/>) or not (null). A new leader rebuilds its deadline queue from
    /// the state and fires whatever is already due at once (a deadline that fell due during the leader change fires
    /// now, once); a node that stops leading stops its timer.
    /// </summary>
    public void SetLeadership(StoreFence? fence)
    {
        lock (_gate)
        {
            if (_disposed || _replica is null)
            {
                return;
            }
            _leaderFence = fence;
            if (fence is null)
            {
                _timerDue = null;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            DrainInbox();
            _model.Deadlines.RebuildDeadlines();
            ArmTimer();
        }
        PublishPending();
    }

    /// <summary>
    /// Runs <paramref name="command"/> as a leader duty: its commits carry the leader's fence, so they are refused
    /// (ERROR_CLUSTER_NOT_LEADER... here ERROR_INVALID_STATE) once another node leads. Outside a multi-node cluster
    /// it simply runs.
    /// </summary>
    public Win32Error RunAsLeader(Func<Win32Error> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            if (_replica is null)
            {
                return command();
            }
            if (_leaderFence is null)
            {
                return Win32Error.InvalidState;
            }
            var outer = _activeFence;
            _activeFence = _leaderFence;
            try
            {
                return command();
            }
            finally
            {
                _activeFence = outer;
            }
        }
    }

    /// <summary>Runs a leader duty (<see cref="RunAsLeader"/>) and publishes its events once the lock is released.</summary>
    private Win32Error RunAsLeaderAndPublish(Func<Win32Error> command)
    {
        try
        {
            return RunAsLeader(command);
        }
        finally
        {
            PublishPending();
        }
    }

    /// <summary>
    /// The leader's reconciliation of node liveness with the cluster's members: a node whose member key is gone is
    /// taken Down (its groups fail over by their preferred owners, CSV coordinators move); a node whose key appeared
    /// comes back (Joining, then Up). Fenced; a no-op on a node that does not lead. Returns how many nodes changed.
    /// </summary>
    public int ReconcileMembers(IReadOnlyCollection<string> liveNodeNames)
    {
        ArgumentNullException.ThrowIfNull(liveNodeNames);
        var live = new HashSet<string>(liveNodeNames, StringComparer.OrdinalIgnoreCase);
        var changed = 0;
        lock (_gate)
        {
            if (_replica is null || _leaderFence is null)
            {
                return 0;
            }
            DrainInbox();
            foreach (var n in _model.Nodes.Values.OrderBy(n => ClusterModel.NodeOrder(n.Id)).ToList())
            {
                var alive = live.Contains(n.Name);
                if (alive == n.IsUp)
                {
                    continue; // already as the members say
                }
                if (RunAsLeader(() => Execute(alive ? new SetNodeUp(n.Name) : new SetNodeDown(n.Name))) == Win32Error.Success)
                {
                    changed++;
                }
            }
        }
        PublishPending();
        return changed;
    }

    /// <summary>The watch hands a batch over; it is applied by a pool thread under the engine lock, in order.</summary>
    /// <remarks>
    /// One drain at a time: the flag is cleared only once the drain has run, and a batch that arrived meanwhile makes the
    /// drain run again. Clearing it before taking the lock let every batch that arrived while a command held the lock
    /// queue one more drain, each blocking a pool thread on the engine lock; under a stream of commands (each waiting
    /// for etcd, whose answers need pool threads) that starved the pool and stalled every etcd call for seconds
    /// (docs/benchmarks.md, "Volume backup timers").
    /// </remarks>
    private void OnBatch(ReplicatedBatch batch)
    {
        _inbox.Enqueue(batch);
        _arrived.Release();
        if (Interlocked.Exchange(ref _drainQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static e => e.DrainQueued(), this, preferLocal: false);
        }
    }

    private void DrainQueued()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return; // nothing applies any more; what is left in the inbox goes with the engine
                }
                DrainInbox();
            }
            PublishPending();
            Volatile.Write(ref _drainQueued, 0);
            // A batch enqueued after the drain above but before the flag was cleared found the flag set and queued
            // nothing: take it now (unless a new drain was queued meanwhile).
            if (_inbox.IsEmpty || Interlocked.Exchange(ref _drainQueued, 1) != 0)
            {
                return;
            }
        }
    }

    /// <summary>The watch cannot continue from where it was (history compacted): reload the whole state and watch again.</summary>
    private void OnWatchReset(Exception reason)
    {
        Volatile.Write(ref _replicaStale, true);
        ReportFault(reason, "the replica's watch was reset; reloading the whole state");
        _ = Task.Run(ReloadAsync);
    }

    /// <summary>
    /// Reloads the whole state at one revision and watches again from there; retried with a growing pause (100 ms up to
    /// 5 s, real time: it waits for the network) while the store cannot be read, without holding a thread meanwhile.
    /// </summary>
    private async Task ReloadAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                lock (_gate)
                {
                    if (_disposed || _replica is null)
                    {
                        return;
                    }
                    _watch?.Dispose();
                    while (_inbox.TryDequeue(out _))
                    {
                    }
                    var (records, revision) = _replica.Snapshot();
                    _model.Db.Reload(records);
                    _model.Runtime.Records.Clear();
                    _model.Runtime.RememberRuntime(records.Select(r => new StoreWrite(r.Key, r.Value, r.Durability)));
                    _appliedRevision = revision;
                    _model.RebuildObjects();
                    if (_leaderFence is not null)
                    {
                        ArmTimer();
                    }
                    _watch = _replica.Watch(revision, OnBatch, OnWatchReset);
                    Volatile.Write(ref _replicaStale, false);
                    return;
                }
            }
            catch (Exception ex) when (ex is StoreException or InvalidDataException)
            {
                // Unreachable, or a record no engine writes: stay stale (/health says so) and try again later.
                ReportFault(ex, "reloading the replica failed; retrying");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(attempt, 6))))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies every queued batch newer than the replica, in order (the caller holds the engine lock): the writes go
    /// into the database and the runtime records, the objects are rebuilt once, and the batches' events are published
    /// to this node's subscribers. A batch this node committed itself (already applied) is skipped.
    /// </summary>
    private void DrainInbox()
    {
        if (_replica is null)
        {
            return;
        }
        List<ClusterEvent>? events = null;
        var applied = false;
        var structural = false;
        var runtimeKeys = new HashSet<string>(StringComparer.Ordinal);
        while (_inbox.TryDequeue(out var batch))
        {
            if (batch.Revision <= _appliedRevision)
            {
                continue;
            }
            if (batch.Writes.FirstOrDefault(w => !ClusterDatabase.IsWellFormed(w)) is { } bad)
            {
                // Not a batch any engine writes. Every replica runs this same check, so all of them skip it alike and
                // stay identical; the batch is reported, and the replica goes on with the next one.
                ReportFault(new InvalidDataException("malformed record '" + bad.Key + "'"), "batch "
                    + batch.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of another node is malformed and was not applied");
                _appliedRevision = batch.Revision;
                continue;
            }
            foreach (var w in batch.Writes)
            {
                structural = structural || _model.Db.ChangesStructure(w, IdentityValues);
                _model.Db.Apply(w);
                if (w.Durability == Durability.Volatile)
                {
                    runtimeKeys.Add(w.Key);
                }
            }
            _model.Runtime.RememberRuntime(batch.Writes);
            _appliedRevision = batch.Revision;
            Interlocked.Increment(ref _remoteBatches);
            applied = true;
            if (!batch.Events.IsEmpty)
            {
                try
                {
                    (events ??= []).AddRange(ClusterEventCodec.Decode(batch.Events.Span));
                }
                catch (InvalidDataException ex)
                {
                    ReportFault(ex, "the events of batch " + batch.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + " could not be decoded; its state is applied");
                }
            }
        }
        if (!applied)
        {
            return;
        }
        if (structural)
        {
            _model.RebuildObjects(); // an object was created, deleted, renamed or moved: rebuild them all from the tree
        }
        else
        {
            _model.Runtime.ApplyRuntimeChanges(runtimeKeys); // values of existing objects are read through the tree already
        }
        if (events is not null)
        {
            _outbox.Enqueue([.. events]); // published when this thread leaves the lock (PublishPending)
        }
        if (_leaderFence is not null)
        {
            ArmTimer();
        }
    }

    /// <summary>
    /// The revision a read barrier waits for: the store's current revision (0 outside a multi-node cluster, or when
    /// the store cannot be reached: the replica then answers from what it has, and says stale).
    /// </summary>
    private long ReadBarrierTarget()
    {
        if (_replica is not { } replica)
        {
            return 0;
        }
        try
        {
            return replica.CurrentRevision();
        }
        catch (StoreException)
        {
            return 0;
        }
    }

    /// <summary>Waits (holding the lock: commands queue behind) until the watch has delivered <paramref name="revision"/>.</summary>
    private bool CatchUp(long revision)
    {
        // Real time, not the cluster's clock: this waits for the network, and a virtual clock may stand still.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            DrainInbox();
            if (_appliedRevision >= revision)
            {
                return true;
            }
            if (waited.Elapsed >= CatchUpTimeout)
            {
                return false;
            }
            _arrived.Wait(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// Commits a replica's batch: refused when another node committed first (a positive ConflictAt: the caller rolls
    /// back, catches up to that revision and re-runs), when the leader fence no longer holds, or when the store cannot be reached.
    /// </summary>
    private (Win32Error Error, long ConflictAt) CommitReplicated(Tx tx, ClusterEvent[] events)
    {
        if (tx.Writes.Count == 0)
        {
            return (Win32Error.Success, 0);
        }
        var batch = tx.Writes.ToArray();
        var metrics = Options.Metrics;
        var start = metrics.CommitsEnabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        try
        {
            var revision = _replica!.CommitAt(batch, events.Length == 0 ? ReadOnlyMemory<byte>.Empty : ClusterEventCodec.Encode(events), _appliedRevision, tx.Fence);
            _appliedRevision = revision;
            RecordReplicatedCommit(metrics, null, start);
            _model.Runtime.RememberRuntime(batch);
            return (Win32Error.Success, 0);
        }
        catch (StoreConflictException ex)
        {
            RecordReplicatedCommit(metrics, "conflict", start);
            return (Win32Error.WriteFault, Math.Max(ex.CurrentRevision, _appliedRevision + 1));
        }
        catch (StoreFenceLostException)
        {
            RecordReplicatedCommit(metrics, "fence_lost", start);
            return (Win32Error.InvalidState, 0);
        }
        catch (StoreException)
        {
            RecordReplicatedCommit(metrics, "store_refused", start);
            return (Win32Error.WriteFault, 0);
        }
        catch (ArgumentException)
        {
            RecordReplicatedCommit(metrics, "invalid_batch", start);
            return (Win32Error.InvalidParameter, 0);
        }
    }

    private static void RecordReplicatedCommit(ClusterMetrics metrics, string? error, long start)
    {
        if (start != 0)
        {
            metrics.RecordCommit("replicated", error, start);
        }
    }
}
