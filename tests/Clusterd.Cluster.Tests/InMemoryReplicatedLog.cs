using Clusterd.Store;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// A replicated store for engine tests that need several replicas in one process without etcd: one shared, ordered
/// log of batches with the same compare-on-revision, fence and watch semantics as the etcd store (whose own tests run
/// against a real etcd). Delivery to watchers can be held back to make a replica fall behind on purpose.
/// </summary>
internal sealed class InMemoryReplicatedLog
{
    private readonly object _gate = new();
    private readonly List<ReplicatedBatch> _batches = [];
    private readonly SortedDictionary<string, StoreRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fences = new(StringComparer.Ordinal);
    private long _revision;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Makes a fence valid (an election won) and returns it.</summary>
    public StoreFence Elect(string key)
    {
        lock (_gate)
        {
            var rev = ++_revision;
            _fences[key] = rev;
            return new StoreFence(key, rev);
        }
    }

    /// <summary>Invalidates a fence (the leader's lease lapsed).</summary>
    public void Depose(string key)
    {
        lock (_gate)
        {
            _fences.Remove(key);
        }
    }

    /// <summary>One node's view of the log.</summary>
    public Node View() => new(this);

    internal sealed class Node(InMemoryReplicatedLog log) : IReplicatedStore
    {
        private long _commits;

        private readonly List<Action> _resets = [];

        /// <summary>
        /// Ends this view's watches as a compaction would (etcd: the watch's start revision is gone): each one's onReset
        /// is called once and it delivers nothing more.
        /// </summary>
        public void CompactUnderWatches()
        {
            Action[] resets;
            lock (_resets)
            {
                resets = [.. _resets];
                _resets.Clear();
            }
            foreach (var reset in resets)
            {
                reset();
            }
        }

        /// <summary>While true, batches are not delivered to this node's watch (it falls behind).</summary>
        public bool HoldDelivery { get; set; }

        public bool IsReachable => true;

        public long Revision => Interlocked.Read(ref _commits);

        public IReadOnlyList<StoreRecord> Load() => Snapshot().Records;

        public long CurrentRevision() => Snapshot().Revision;

        public (IReadOnlyList<StoreRecord> Records, long Revision) Snapshot()
        {
            lock (log._gate)
            {
                return ([.. log._records.Values], log._batches.Count == 0 ? 0 : log._batches[^1].Revision);
            }
        }

        public void Commit(IReadOnlyList<StoreWrite> batch)
        {
            while (true)
            {
                try
                {
                    CommitAt(batch, ReadOnlyMemory<byte>.Empty, Snapshot().Revision, null);
                    return;
                }
                catch (StoreConflictException)
                {
                }
            }
        }

        public long CommitAt(IReadOnlyList<StoreWrite> batch, ReadOnlyMemory<byte> events, long expectedRevision, StoreFence? fence)
        {
            lock (log._gate)
            {
                var last = log._batches.Count == 0 ? 0 : log._batches[^1].Revision;
                if (fence is not null && (!log._fences.TryGetValue(fence.Key, out var created) || created != fence.CreateRevision))
                {
                    throw new StoreFenceLostException("fence " + fence.Key + " no longer holds");
                }
                if (last != expectedRevision)
                {
                    throw new StoreConflictException(last);
                }
                var rev = ++log._revision;
                foreach (var w in batch)
                {
                    if (w.Value is { } v)
                    {
                        log._records[w.Key] = new StoreRecord(w.Key, v.ToArray(), w.Durability);
                    }
                    else
                    {
                        log._records.Remove(w.Key);
                    }
                }
                log._batches.Add(new ReplicatedBatch(rev, [.. batch], events.ToArray()));
                Interlocked.Increment(ref _commits);
                Monitor.PulseAll(log._gate);
                return rev;
            }
        }

        public void ClearVolatile()
        {
            lock (log._gate)
            {
                foreach (var k in log._records.Where(r => r.Value.Durability == Durability.Volatile).Select(r => r.Key).ToList())
                {
                    log._records.Remove(k);
                }
            }
        }

        public void ClearAll()
        {
            lock (log._gate)
            {
                log._records.Clear();
            }
        }

        public IDisposable Watch(long afterRevision, Action<ReplicatedBatch> onBatch, Action<Exception> onReset)
        {
            var cts = new CancellationTokenSource();
            lock (_resets)
            {
                _resets.Add(() =>
                {
                    cts.Cancel();
                    onReset(new StoreException("the watch's start revision was compacted (test)"));
                });
            }
            var thread = new Thread(() =>
            {
                var next = afterRevision;
                while (!cts.IsCancellationRequested)
                {
                    ReplicatedBatch? batch = null;
                    lock (log._gate)
                    {
                        if (!HoldDelivery)
                        {
                            batch = log._batches.FirstOrDefault(b => b.Revision > next);
                        }
                        if (batch is null)
                        {
                            Monitor.Wait(log._gate, 20);
                            continue;
                        }
                    }
                    if (cts.IsCancellationRequested)
                    {
                        return;
                    }
                    next = batch.Revision;
                    onBatch(batch);
                }
            }) { IsBackground = true, Name = "in-memory watch" };
            thread.Start();
            return new Stop(cts, thread);
        }

        public void Dispose()
        {
        }

        private sealed class Stop(CancellationTokenSource cts, Thread thread) : IDisposable
        {
            public void Dispose()
            {
                cts.Cancel();
                if (Thread.CurrentThread != thread)
                {
                    thread.Join(TimeSpan.FromSeconds(5));
                }
            }
        }
    }
}
