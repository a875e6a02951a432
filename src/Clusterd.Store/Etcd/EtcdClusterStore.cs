using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace Clusterd.Store.Etcd;

/// <summary>
/// The cluster store in etcd (docs/multi-node.md): every record is one etcd key under <see cref="EtcdLayout"/>'s
/// prefix, every batch is one etcd transaction that also writes <see cref="EtcdLayout.Sequence"/> (its mod revision is
/// the batch's <see cref="ReplicatedBatch.Revision"/>, its value the batch count, <see cref="Revision"/>) and
/// <see cref="EtcdLayout.Events"/> (the batch's events, delivered to every watcher).
/// </summary>
/// <remarks>
/// <para>Thread-safe. <see cref="Commit"/> calls of one instance are serialised; several instances (nodes) on the same
/// prefix are ordered by etcd: <see cref="CommitAt"/> is refused when another one committed first.</para>
/// <para>A batch's operations are sent as nested transactions of at most <see cref="OpsPerTxnLevel"/> operations per
/// level, so etcd's <c>--max-txn-ops</c> (default 128) does not limit the batch size. etcd must still run with
/// <c>--max-request-bytes</c> large enough for the largest batch (keys and values of every write, twice the keys for
/// the durability-move deletes): the default 1.5 MiB is too small for a large topology (the tests run etcd with 32
/// MiB). A refusal by etcd (request too large, too many operations) is a <see cref="StoreException"/> carrying etcd's
/// message, and nothing is applied.</para>
/// <para>Every request has the connection's deadline and moves to the next endpoint when one is unreachable. When a
/// commit's answer is lost after it may have reached etcd and the retry on another endpoint is refused by its compare,
/// nobody can tell whether the batch was applied: <see cref="Commit"/> and <see cref="CommitAt"/> then throw
/// <see cref="StoreException"/> (never <see cref="StoreConflictException"/>, which promises nothing was applied), and
/// <see cref="Snapshot"/> or the watch tells. A retry that succeeds proves the first attempt did not apply (the
/// sequence key had not moved).</para>
/// </remarks>
public sealed class EtcdClusterStore : IReplicatedStore
{
    /// <summary>Most operations in one level of a batch's (nested) transaction; below etcd's default --max-txn-ops.</summary>
    public const int OpsPerTxnLevel = 64;

    /// <summary>Most keys read by one range request of <see cref="Snapshot"/> (halved while a page is too large a message).</summary>
    private const int PageSize = 512;

    private readonly EtcdConnection _connection;
    private readonly EtcdLayout _layout;
    private readonly bool _ownsConnection;
    private readonly ByteString _seqKey;
    private readonly ByteString _eventsKey;
    private readonly byte[] _nonvolatilePrefix;
    private readonly byte[] _volatilePrefix;
    private readonly Lock _commitGate = new();
    private readonly Lock _gate = new();
    private readonly List<Watcher> _watchers = [];
    private (long ModRevision, long Count)? _seq;
    private volatile bool _disposed;
    private int _watchStreams;

    /// <summary>
    /// A store on <paramref name="connection"/> under <paramref name="layout"/>. Nothing is sent yet; use
    /// <see cref="Open"/> to check that etcd answers.
    /// </summary>
    /// <param name="connection">The etcd connection used for every request.</param>
    /// <param name="layout">The key layout (prefix) of this cluster.</param>
    /// <param name="ownsConnection">True to dispose <paramref name="connection"/> with the store.</param>
    public EtcdClusterStore(EtcdConnection connection, EtcdLayout layout, bool ownsConnection = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        _connection = connection;
        _layout = layout;
        _ownsConnection = ownsConnection;
        _seqKey = EtcdLayout.Key(layout.Sequence);
        _eventsKey = EtcdLayout.Key(layout.Events);
        _nonvolatilePrefix = Encoding.UTF8.GetBytes(layout.Nonvolatile);
        _volatilePrefix = Encoding.UTF8.GetBytes(layout.Volatile);
    }

    /// <summary>
    /// Opens a store and reads its sequence key once, so an unreachable etcd is reported here: throws
    /// <see cref="StoreException"/> (within the connection's call timeout per endpoint) when no endpoint answers.
    /// </summary>
    /// <param name="connection">The etcd connection used for every request.</param>
    /// <param name="layout">The key layout (prefix) of this cluster.</param>
    /// <param name="ownsConnection">True to dispose <paramref name="connection"/> with the store (also when opening fails).</param>
    /// <returns>The open store, its <see cref="Revision"/> read from etcd.</returns>
    public static EtcdClusterStore Open(EtcdConnection connection, EtcdLayout layout, bool ownsConnection = false)
    {
        var store = new EtcdClusterStore(connection, layout, ownsConnection);
        try
        {
            store.ReadSequence();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The key layout of this store.</summary>
    public EtcdLayout Layout => _layout;

    /// <summary>The connection this store uses.</summary>
    public EtcdConnection Connection => _connection;

    /// <inheritdoc />
    /// <remarks>
    /// The batch count of the last batch this instance wrote or read (its own commits, <see cref="Snapshot"/>, conflicts,
    /// watched batches). On a store made with the constructor and not used yet, the first read asks etcd and may throw
    /// <see cref="StoreException"/>.
    /// </remarks>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                if (_seq is { } seq)
                {
                    return seq.Count;
                }
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            return ReadSequence().Count;
        }
    }

    /// <inheritdoc />
    public bool IsReachable => _connection.IsReachable;

    /// <summary>How many etcd watch streams this store's watches have opened (one per watch, plus one per reconnect).</summary>
    internal int WatchStreamsOpened => Volatile.Read(ref _watchStreams);

    /// <inheritdoc />
    public IReadOnlyList<StoreRecord> Load() => Snapshot().Records;

    /// <inheritdoc />
    /// <remarks>
    /// The sequence key is read first; every record is then read in pages pinned to that read's etcd revision, so the
    /// records are exactly those of the returned batch revision. When etcd compacts that revision during the read, the
    /// read starts again.
    /// </remarks>
    public long CurrentRevision()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // A plain range is linearizable in etcd (serializable=false): it goes through the raft leader's read index.
        var seq = Run(static (kv, d, r) => kv.Range(r, deadline: d), new RangeRequest { Key = _seqKey });
        var (revision, _) = SequenceOf(seq.Kvs.Count > 0 ? seq.Kvs[0] : null);
        return revision;
    }

    /// <inheritdoc />
    public (IReadOnlyList<StoreRecord> Records, long Revision) Snapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var first = Run(static (kv, d, r) => kv.Range(r, deadline: d), new RangeRequest { Key = _seqKey });
            var atRevision = first.Header.Revision;
            var (seqRevision, count) = SequenceOf(first.Kvs.Count > 0 ? first.Kvs[0] : null);
            var records = new List<StoreRecord>();
            try
            {
                ReadClass(_layout.Nonvolatile, _nonvolatilePrefix.Length, Durability.Nonvolatile, atRevision, records);
                ReadClass(_layout.Volatile, _volatilePrefix.Length, Durability.Volatile, atRevision, records);
            }
            catch (StoreException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.OutOfRange })
            {
                continue; // the pinned revision was compacted meanwhile: read again at a newer one
            }

            Remember(seqRevision, count);
            records.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return (records, seqRevision);
        }
    }

    private void ReadClass(string classPrefix, int prefixLength, Durability durability, long atRevision, List<StoreRecord> records)
    {
        var start = EtcdLayout.Key(classPrefix);
        var end = EtcdLayout.RangeEnd(classPrefix);
        var limit = PageSize;
        while (true)
        {
            var request = new RangeRequest { Key = start, RangeEnd = end, Revision = atRevision, Limit = limit };
            RangeResponse page;
            try
            {
                page = Run(static (kv, d, r) => kv.Range(r, deadline: d), request);
            }
            catch (StoreException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.ResourceExhausted } && limit > 1)
            {
                // The page was larger than a gRPC message may be (large values): ask for fewer keys at a time.
                limit /= 2;
                continue;
            }
            foreach (var kv in page.Kvs)
            {
                records.Add(new StoreRecord(StoreKeyOf(kv.Key, prefixLength), kv.Value.Memory, durability));
            }

            if (!page.More || page.Kvs.Count == 0)
            {
                return;
            }

            // Continue right after the last key read: that key followed by a zero byte.
            var last = page.Kvs[^1].Key;
            var next = new byte[last.Length + 1];
            last.CopyTo(next, 0);
            start = ByteString.CopyFrom(next);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Commits at the last sequence revision this instance knows and, when another node committed first, reads the new
    /// one and tries again: a valid batch is always applied once it returns. A <see cref="StoreException"/> means
    /// nothing was applied, except when etcd failed to answer after it may have applied the batch (see the class
    /// remarks): the exception's message then says the outcome is unknown.
    /// </remarks>
    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StoreValidation.ValidateBatch(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var ops = BuildOps(batch);
        lock (_commitGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var expected = KnownSequence()?.ModRevision ?? ReadSequence().ModRevision;
            while (true)
            {
                try
                {
                    CommitOps(ops, ReadOnlyMemory<byte>.Empty, expected, fence: null);
                    return;
                }
                catch (StoreConflictException conflict)
                {
                    expected = conflict.CurrentRevision;
                }
            }
        }
    }

    /// <inheritdoc />
    public long CommitAt(IReadOnlyList<StoreWrite> batch, ReadOnlyMemory<byte> events, long expectedRevision, StoreFence? fence)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StoreValidation.ValidateBatch(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        if (fence is not null)
        {
            ArgumentNullException.ThrowIfNull(fence.Key, nameof(fence));
        }

        return CommitOps(BuildOps(batch), events, expectedRevision, fence);
    }

    /// <summary>The puts and deletes of a validated batch: the last write of each key, each also clearing the other class.</summary>
    private List<RequestOp> BuildOps(IReadOnlyList<StoreWrite> batch)
    {
        // etcd refuses two operations on one key in a transaction: keep only the last write of each key.
        var last = new Dictionary<string, int>(batch.Count, StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            last[batch[i].Key] = i;
        }

        var ops = new List<RequestOp>(last.Count * 2);
        foreach (var index in last.Values)
        {
            var write = batch[index];
            var nonvolatile = _layout.KeyOf(write.Key, Durability.Nonvolatile);
            var @volatile = _layout.KeyOf(write.Key, Durability.Volatile);
            if (write.Value is { } value)
            {
                var (own, other) = write.Durability == Durability.Volatile ? (@volatile, nonvolatile) : (nonvolatile, @volatile);
                ops.Add(new RequestOp { RequestPut = new PutRequest { Key = own, Value = ByteString.CopyFrom(value.Span) } });
                ops.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = other } });
            }
            else
            {
                ops.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = nonvolatile } });
                ops.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = @volatile } });
            }
        }

        return ops;
    }

    /// <summary>One transaction: the compares, then the batch's operations, the sequence key and the events.</summary>
    private long CommitOps(List<RequestOp> ops, ReadOnlyMemory<byte> events, long expectedRevision, StoreFence? fence)
    {
        // The count to write is the count at expectedRevision. When this instance does not know it, the sequence
        // key is read; if it moved already, the transaction below fails its compare and tells why.
        var known = KnownSequence();
        var count = known is { } k && k.ModRevision == expectedRevision ? k.Count
            : expectedRevision == 0 ? 0
            : ReadSequence() is var read && read.ModRevision == expectedRevision ? read.Count : -1;

        var txn = new TxnRequest();
        txn.Compare.Add(new Compare
        {
            Key = _seqKey,
            Target = Compare.Types.CompareTarget.Mod,
            Result = Compare.Types.CompareResult.Equal,
            ModRevision = expectedRevision, // a missing key compares as revision 0
        });
        if (fence is not null)
        {
            txn.Compare.Add(new Compare
            {
                Key = EtcdLayout.Key(fence.Key),
                Target = Compare.Types.CompareTarget.Create,
                Result = Compare.Types.CompareResult.Equal,
                CreateRevision = fence.CreateRevision,
            });
        }

        txn.Success.AddRange(Nest(ops));
        var seqValue = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seqValue, count + 1);
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = _seqKey, Value = ByteString.CopyFrom(seqValue) } });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = _eventsKey, Value = ByteString.CopyFrom(events.Span) } });
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = _seqKey } });
        if (fence is not null)
        {
            txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = EtcdLayout.Key(fence.Key) } });
        }

        if (count < 0)
        {
            // Cannot succeed (the sequence key is not at expectedRevision); sent anyway so etcd says which compare failed.
            txn.Success.Clear();
        }

        // The connection retries on the next endpoint when one fails. A failure other than "could not connect" may
        // have hit after etcd applied the transaction; a retry refused by its compare then cannot tell a lost race
        // from this node's own batch, so it is reported as an unknown outcome, not as a conflict.
        RpcException? failedAttempt = null;
        var mayHaveApplied = false;
        var response = Run((kv, d, r) =>
        {
            mayHaveApplied |= failedAttempt is not null && !NeverSent(failedAttempt);
            try
            {
                return kv.Txn(r, deadline: d);
            }
            catch (RpcException ex)
            {
                failedAttempt = ex;
                throw;
            }
        }, txn);
        if (!response.Succeeded && mayHaveApplied)
        {
            throw new StoreException(
                "etcd did not answer a commit that it may have applied (" + failedAttempt!.Status.StatusCode + ": " +
                failedAttempt.Status.Detail + "); the retry was refused, so the outcome is unknown: reload (Snapshot) or let the watch tell");
        }

        if (response.Succeeded)
        {
            if (count < 0)
            {
                throw new StoreException("the etcd sequence key moved while committing; retry");
            }

            Remember(response.Header.Revision, count + 1);
            return response.Header.Revision;
        }

        var seqKvs = response.Responses[0].ResponseRange.Kvs;
        var (current, currentCount) = SequenceOf(seqKvs.Count > 0 ? seqKvs[0] : null);
        Remember(current, currentCount);
        if (fence is not null)
        {
            var fenceKvs = response.Responses[1].ResponseRange.Kvs;
            if (fenceKvs.Count == 0 || fenceKvs[0].CreateRevision != fence.CreateRevision)
            {
                throw new StoreFenceLostException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the fence key '{fence.Key}' created at revision {fence.CreateRevision} no longer exists: this node is not leader any more"));
            }
        }

        if (current == expectedRevision)
        {
            // Both compares hold on the re-read: the sequence key moved and came back? Cannot happen; report a conflict.
            throw new StoreException("etcd refused the commit although its compares hold on a re-read; retry");
        }

        throw new StoreConflictException(current);
    }

    /// <summary>Groups <paramref name="ops"/> into nested transactions of at most <see cref="OpsPerTxnLevel"/> per level.</summary>
    private static List<RequestOp> Nest(List<RequestOp> ops)
    {
        while (ops.Count > OpsPerTxnLevel)
        {
            var level = new List<RequestOp>((ops.Count + OpsPerTxnLevel - 1) / OpsPerTxnLevel);
            for (var i = 0; i < ops.Count; i += OpsPerTxnLevel)
            {
                var inner = new TxnRequest(); // no compares: always takes its success branch
                inner.Success.AddRange(ops.GetRange(i, Math.Min(OpsPerTxnLevel, ops.Count - i)));
                level.Add(new RequestOp { RequestTxn = inner });
            }

            ops = level;
        }

        return ops;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One etcd transaction that does not write the sequence key: watchers do not see it. It is a cluster-start
    /// operation, run while no other replica is live (or before replicas reload with <see cref="Snapshot"/>).
    /// </remarks>
    public void ClearVolatile()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var txn = new TxnRequest();
        txn.Success.Add(DeleteClass(_layout.Volatile));
        Run(static (kv, d, r) => kv.Txn(r, deadline: d), txn);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One etcd transaction deleting both record classes; the sequence key (and so <see cref="Revision"/>) is kept and
    /// watchers do not see the reset: it is an administrative operation run while no other replica is live, or one
    /// after which replicas reload with <see cref="Snapshot"/>.
    /// </remarks>
    public void ClearAll()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var txn = new TxnRequest();
        txn.Success.Add(DeleteClass(_layout.Nonvolatile));
        txn.Success.Add(DeleteClass(_layout.Volatile));
        Run(static (kv, d, r) => kv.Txn(r, deadline: d), txn);
    }

    private static RequestOp DeleteClass(string classPrefix) => new()
    {
        RequestDeleteRange = new DeleteRangeRequest { Key = EtcdLayout.Key(classPrefix), RangeEnd = EtcdLayout.RangeEnd(classPrefix) },
    };

    /// <inheritdoc />
    /// <remarks>
    /// One etcd watch stream on the whole prefix from <paramref name="afterRevision"/> + 1. An etcd revision that wrote
    /// the sequence key is a batch; others (member and election keys, <see cref="ClearVolatile"/>,
    /// <see cref="ClearAll"/>) are skipped. When the stream fails or its member stops answering (it is probed every
    /// few seconds, and asks for a member with a leader), the watch moves to the next endpoint and resumes after the
    /// last revision it handled, so no batch is delivered twice or skipped. When etcd has compacted the revisions
    /// needed, <paramref name="onReset"/> gets a <see cref="StoreException"/> and the watch ends; it ends the same way
    /// with the exception when <paramref name="onBatch"/> throws.
    /// </remarks>
    public IDisposable Watch(long afterRevision, Action<ReplicatedBatch> onBatch, Action<Exception> onReset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ArgumentNullException.ThrowIfNull(onBatch);
        ArgumentNullException.ThrowIfNull(onReset);
        var watcher = new Watcher(this, afterRevision, onBatch, onReset);
        lock (_gate)
        {
            _watchers.Add(watcher);
        }

        watcher.Start();
        return watcher;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        List<Watcher> watchers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watchers = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var w in watchers)
        {
            w.Dispose();
        }

        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Reads the sequence key: the revision of the last batch and the batch count (0, 0 when none).</summary>
    private (long ModRevision, long Count) ReadSequence()
    {
        var response = Run(static (kv, d, r) => kv.Range(r, deadline: d), new RangeRequest { Key = _seqKey });
        var seq = SequenceOf(response.Kvs.Count > 0 ? response.Kvs[0] : null);
        Remember(seq.ModRevision, seq.Count);
        return seq;
    }

    private (long ModRevision, long Count) SequenceOf(KeyValue? kv)
    {
        if (kv is null)
        {
            return (0, 0);
        }

        if (kv.Value.Length != 8)
        {
            throw new StoreException("etcd key '" + _layout.Sequence + "' is not a batch count (8 bytes little-endian)");
        }

        return (kv.ModRevision, BinaryPrimitives.ReadInt64LittleEndian(kv.Value.Span));
    }

    private (long ModRevision, long Count)? KnownSequence()
    {
        lock (_gate)
        {
            return _seq;
        }
    }

    /// <summary>Keeps the newest (revision, count) pair seen; a pair never changes once written.</summary>
    private void Remember(long modRevision, long count)
    {
        lock (_gate)
        {
            if (_seq is not { } seq || modRevision >= seq.ModRevision)
            {
                _seq = (modRevision, count);
            }
        }
    }

    /// <summary>One unary KV call with failover; an etcd refusal becomes <see cref="StoreException"/> with etcd's message.</summary>
    private TResponse Run<TRequest, TResponse>(Func<KV.KVClient, DateTime, TRequest, TResponse> call, TRequest request)
    {
        try
        {
            return _connection.Call((invoker, deadline) => call(EtcdConnection.Kv(invoker), deadline, request));
        }
        catch (RpcException ex)
        {
            throw new StoreException("etcd refused the request: " + ex.Status.StatusCode + ": " + ex.Status.Detail, ex);
        }
    }

    /// <summary>True when <paramref name="ex"/> means the request never left this process (no connection to the endpoint).</summary>
    private static bool NeverSent(RpcException ex) =>
        ex.Status.DebugException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    private static string StoreKeyOf(ByteString key, int prefixLength) =>
        Encoding.UTF8.GetString(key.Span[prefixLength..]);

    /// <summary>Maps one etcd revision's events to a batch, or null when that revision did not write the sequence key.</summary>
    private ReplicatedBatch? BatchOf(long revision, List<Mvccpb.Event> events)
    {
        KeyValue? seq = null;
        var eventsValue = ReadOnlyMemory<byte>.Empty;
        var deletes = new List<StoreWrite>();
        var puts = new List<StoreWrite>();
        foreach (var e in events)
        {
            var key = e.Kv.Key.Span;
            var isPut = e.Type == Mvccpb.Event.Types.EventType.Put;
            if (key.SequenceEqual(_seqKey.Span))
            {
                seq = isPut ? e.Kv : seq;
            }
            else if (key.SequenceEqual(_eventsKey.Span))
            {
                eventsValue = isPut ? e.Kv.Value.Memory : eventsValue;
            }
            else if (key.StartsWith(_nonvolatilePrefix) || key.StartsWith(_volatilePrefix))
            {
                var durability = key.StartsWith(_volatilePrefix) ? Durability.Volatile : Durability.Nonvolatile;
                var storeKey = StoreKeyOf(e.Kv.Key, (durability == Durability.Volatile ? _volatilePrefix : _nonvolatilePrefix).Length);
                // A durability move deletes one class and puts the other in the same revision: deletes go first.
                (isPut ? puts : deletes).Add(new StoreWrite(storeKey, isPut ? e.Kv.Value.Memory : (ReadOnlyMemory<byte>?)null, durability));
            }
        }

        if (seq is null)
        {
            return null;
        }

        var (_, count) = SequenceOf(seq);
        Remember(revision, count);
        deletes.AddRange(puts);
        return new ReplicatedBatch(revision, deletes, eventsValue);
    }

    /// <summary>One running watch: a background task reading etcd watch streams until disposed or reset.</summary>
    private sealed class Watcher : IDisposable
    {
        private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(4);

        private readonly EtcdClusterStore _store;
        private readonly Action<ReplicatedBatch> _onBatch;
        private readonly Action<Exception> _onReset;
        private readonly CancellationTokenSource _stop = new();
        private long _handled;
        private Task _task = Task.CompletedTask;
        private int _callbackThread = -1;
        private int _disposed;

        public Watcher(EtcdClusterStore store, long afterRevision, Action<ReplicatedBatch> onBatch, Action<Exception> onReset)
        {
            _store = store;
            _handled = afterRevision;
            _onBatch = onBatch;
            _onReset = onReset;
        }

        public void Start() => _task = Task.Run(RunAsync);

        private async Task RunAsync()
        {
            var backoff = TimeSpan.FromMilliseconds(50);
            while (!_stop.IsCancellationRequested)
            {
                Grpc.Net.Client.GrpcChannel channel;
                try
                {
                    channel = _store._connection.Channel;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                try
                {
                    if (await WatchOnceAsync(channel).ConfigureAwait(false))
                    {
                        return; // reset or callback failure: the watch ended
                    }

                    backoff = TimeSpan.FromMilliseconds(50);
                }
                catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }

                // The stream failed or its member stopped answering: try the next endpoint.
                _store._connection.Failover(channel);
                try
                {
                    await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }

        /// <summary>Watches on one channel until it fails; true when the watch has ended for good.</summary>
        private async Task<bool> WatchOnceAsync(Grpc.Net.Client.GrpcChannel channel)
        {
            Interlocked.Increment(ref _store._watchStreams);
            using var streamStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var client = new Etcdserverpb.Watch.WatchClient(channel);
            // "hasleader": a member cut off from its cluster's leader cancels the watch instead of going silent.
            var headers = new Metadata { { "hasleader", "true" } };
            using var call = client.Watch(headers, cancellationToken: streamStop.Token);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = EtcdLayout.Key(_store._layout.Prefix),
                    RangeEnd = EtcdLayout.RangeEnd(_store._layout.Prefix),
                    StartRevision = _handled + 1,
                    // A watcher catching up gets up to 1000 revisions in one response, which could be larger than a
                    // gRPC message may be: etcd then splits it (at its --max-request-bytes) and the parts are joined here.
                    Fragment = true,
                },
            }, streamStop.Token).ConfigureAwait(false);

            var lastHeard = Environment.TickCount64;
            var probe = ProbeAsync(call, () => Interlocked.Read(ref lastHeard), streamStop);
            List<Mvccpb.Event>? fragments = null;
            try
            {
                while (await call.ResponseStream.MoveNext(streamStop.Token).ConfigureAwait(false))
                {
                    Interlocked.Exchange(ref lastHeard, Environment.TickCount64);
                    var response = call.ResponseStream.Current;
                    if (response.CompactRevision > 0)
                    {
                        Reset(new StoreException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"etcd has compacted its history to revision {response.CompactRevision}; batches after {_handled} are gone: reload")));
                        return true;
                    }

                    if (response.Canceled)
                    {
                        return false; // e.g. the member lost its leader: reconnect elsewhere
                    }

                    if (response.Fragment)
                    {
                        (fragments ??= []).AddRange(response.Events);
                        continue;
                    }

                    IList<Mvccpb.Event> events = response.Events;
                    if (fragments is not null)
                    {
                        fragments.AddRange(response.Events);
                        events = fragments;
                        fragments = null;
                    }

                    // A slow consumer is not a silent member: the probe does not count the time spent delivering.
                    Interlocked.Exchange(ref lastHeard, long.MaxValue / 2);
                    if (!Deliver(events))
                    {
                        return true;
                    }

                    Interlocked.Exchange(ref lastHeard, Environment.TickCount64);
                }

                return false;
            }
            finally
            {
                await streamStop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await probe.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }

        /// <summary>Asks for progress every second; cancels the stream when nothing was heard for a while.</summary>
        private static async Task ProbeAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, Func<long> lastHeard, CancellationTokenSource streamStop)
        {
            var token = streamStop.Token;
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(ProbeInterval, token).ConfigureAwait(false);
                if (Environment.TickCount64 - lastHeard() > (long)ProbeTimeout.TotalMilliseconds)
                {
                    await streamStop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await call.RequestStream.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, token).ConfigureAwait(false);
            }
        }

        /// <summary>Delivers the batches of one (joined) response in order; false when the watch must end.</summary>
        private bool Deliver(IList<Mvccpb.Event> events)
        {
            var i = 0;
            while (i < events.Count)
            {
                var revision = events[i].Kv.ModRevision;
                var group = new List<Mvccpb.Event>();
                while (i < events.Count && events[i].Kv.ModRevision == revision)
                {
                    group.Add(events[i++]);
                }

                if (revision <= _handled)
                {
                    continue; // already handled before a reconnect
                }

                if (_store.BatchOf(revision, group) is { } batch)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return false;
                    }

                    try
                    {
                        _callbackThread = Environment.CurrentManagedThreadId;
                        _onBatch(batch);
                    }
                    catch (Exception ex)
                    {
                        Reset(ex);
                        return false;
                    }
                    finally
                    {
                        _callbackThread = -1;
                    }
                }

                _handled = revision;
            }

            return true;
        }

        private void Reset(Exception reason)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                _callbackThread = Environment.CurrentManagedThreadId;
                _onReset(reason);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The watch ends either way; a failing reset handler has nobody else to tell.
                System.Diagnostics.Trace.TraceError("etcd store watch: onReset threw: " + ex);
            }
            finally
            {
                _callbackThread = -1;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _stop.Cancel();
            if (_callbackThread != Environment.CurrentManagedThreadId)
            {
                // Disposed from outside a callback: wait briefly for the task to end.
                try
                {
                    if (_task.Wait(TimeSpan.FromSeconds(5)))
                    {
                        _stop.Dispose();
                    }
                }
                catch (AggregateException)
                {
                    // The task failed; it has ended all the same.
                }
            }

            lock (_store._gate)
            {
                _store._watchers.Remove(this);
            }
        }
    }
}
