namespace Clusterd.Store;

/// <summary>
/// One batch committed by some node of a multi-node cluster, as every replica receives it: its writes, the encoded
/// events of the command that made it (so a node that did not run the command can notify its own clients), and its
/// position in the one global order.
/// </summary>
/// <param name="Revision">The batch's position: strictly increasing, shared by every replica.</param>
/// <param name="Writes">The batch's writes, applied all together.</param>
/// <param name="Events">The committing engine's encoded events; empty when it had none.</param>
public sealed record ReplicatedBatch(long Revision, IReadOnlyList<StoreWrite> Writes, ReadOnlyMemory<byte> Events);

/// <summary>
/// A leader's fence: the election key that made it leader and the revision at which that key was created. A fenced
/// commit succeeds only while that very key still exists with that create revision, so a deposed leader (lease lapsed
/// during a pause, another node elected) can no longer write as leader.
/// </summary>
/// <param name="Key">The election key.</param>
/// <param name="CreateRevision">The key's create revision when this node won.</param>
public sealed record StoreFence(string Key, long CreateRevision);

/// <summary>Another node committed first: nothing of the batch was applied; catch up to <see cref="CurrentRevision"/> and retry.</summary>
public sealed class StoreConflictException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public StoreConflictException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StoreConflictException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoreConflictException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with the revision the store was at when it refused the batch.</summary>
    public StoreConflictException(long currentRevision)
        : base("another node committed first (store revision " + currentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")") =>
        CurrentRevision = currentRevision;

    /// <summary>The revision of the last committed batch when the commit was refused.</summary>
    public long CurrentRevision { get; }
}

/// <summary>The commit was fenced and the fence no longer holds (this node is not leader any more): nothing applied.</summary>
public sealed class StoreFenceLostException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public StoreFenceLostException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StoreFenceLostException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoreFenceLostException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// What replication needs beyond <see cref="IClusterStore"/> (docs/architecture.md, "Multi-node"): a consistent
/// read at a revision, a commit that is refused when anybody committed since the revision the replica has applied,
/// and a watch that delivers every committed batch, in order, from a revision on.
/// </summary>
public interface IReplicatedStore : IClusterStore
{
    /// <summary>Every record and the revision of the last batch they include, read in one consistent read.</summary>
    (IReadOnlyList<StoreRecord> Records, long Revision) Snapshot();

    /// <summary>
    /// Commits <paramref name="batch"/> (and <paramref name="events"/>, delivered with it to every watcher) only if
    /// the last committed batch is still <paramref name="expectedRevision"/> and, when given, <paramref name="fence"/>
    /// still holds. Returns the batch's revision once it is durable. Throws <see cref="StoreConflictException"/>
    /// (someone committed first), <see cref="StoreFenceLostException"/>, <see cref="StoreException"/> (the store is
    /// unreachable or failed; the batch may or may not be committed only when the failure hit after sending, and then
    /// the watch tells) or <see cref="ArgumentException"/> (a batch that breaks <see cref="StoreLimits"/>).
    /// </summary>
    long CommitAt(IReadOnlyList<StoreWrite> batch, ReadOnlyMemory<byte> events, long expectedRevision, StoreFence? fence);

    /// <summary>
    /// Delivers every batch committed after <paramref name="afterRevision"/>, in revision order, each once, to
    /// <paramref name="onBatch"/> (on a background thread, one call at a time). When the store can no longer deliver
    /// from there (history compacted), <paramref name="onReset"/> is called and the watch ends: the replica reloads
    /// with <see cref="Snapshot"/> and watches again. Disposing the result stops the watch.
    /// </summary>
    IDisposable Watch(long afterRevision, Action<ReplicatedBatch> onBatch, Action<Exception> onReset);

    /// <summary>
    /// The revision of the last committed batch, read linearizably (every batch acknowledged to anyone before this
    /// call is included): the read barrier a replica waits for before it answers (docs/multi-node.md,
    /// "Linearizable answers"). Throws <see cref="StoreException"/> when the store cannot be reached.
    /// </summary>
    long CurrentRevision();

    /// <summary>True while the store answers; false once a request has failed to reach it until one succeeds again.</summary>
    bool IsReachable { get; }
}
