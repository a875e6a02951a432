namespace Clusterd.Store;

/// <summary>
/// Whether a record outlives a cluster restart. MS-CMRP 3.1.1.4 splits CSV state this way:
/// maintenance and redirected mode are nonvolatile, backup mode is volatile.
/// </summary>
public enum Durability
{
    /// <summary>Survives process death and cluster restart (the cluster database).</summary>
    Nonvolatile = 0,

    /// <summary>Survives process death but is dropped by <see cref="IClusterStore.ClearVolatile"/> at cluster start.</summary>
    Volatile = 1,
}

/// <summary>One stored record: an opaque key, its bytes and its durability class.</summary>
/// <param name="Key">Ordinal, case-sensitive key; at most <see cref="StoreLimits.MaxKeyLength"/> characters.</param>
/// <param name="Value">The bytes; at most <see cref="StoreLimits.MaxValueLength"/>.</param>
/// <param name="Durability">Which class the record belongs to.</param>
public sealed record StoreRecord(string Key, ReadOnlyMemory<byte> Value, Durability Durability);

/// <summary>A write in a batch: <see cref="Value"/> null deletes the key (deleting a missing key is not an error).</summary>
/// <param name="Key">Ordinal, case-sensitive key.</param>
/// <param name="Value">The new bytes, or null to delete.</param>
/// <param name="Durability">Which class the record belongs to.</param>
public sealed record StoreWrite(string Key, ReadOnlyMemory<byte>? Value, Durability Durability);

/// <summary>Hard limits every backend enforces, so a bad record never reaches the disk.</summary>
public static class StoreLimits
{
    /// <summary>Longest key in characters.</summary>
    public const int MaxKeyLength = 4096;

    /// <summary>Largest value in bytes.</summary>
    public const int MaxValueLength = 1 << 20;

    /// <summary>Most writes in one batch (a seeded 10,000-CSV topology is about 300,000).</summary>
    public const int MaxBatchSize = 1 << 20;
}

/// <summary>Raised when a backend cannot make a batch durable; nothing of the batch was applied.</summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    public StoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoreException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The narrow durable-state interface under the engine (docs/architecture.md, Store layer). One writer: the engine
/// serialises its commands, so implementations need not order concurrent <see cref="Commit"/> calls beyond
/// being thread-safe. A key holds one class; writing it with the other class moves it.
/// </summary>
public interface IClusterStore : IDisposable
{
    /// <summary>Every record, ordered by key (ordinal).</summary>
    IReadOnlyList<StoreRecord> Load();

    /// <summary>
    /// Applies the whole batch atomically and returns only when it is durable ("durable before acknowledged").
    /// Later writes to the same key in one batch win. Throws <see cref="StoreException"/> (nothing applied) on
    /// I/O failure and <see cref="ArgumentException"/> on a batch that breaks <see cref="StoreLimits"/>.
    /// </summary>
    /// <remarks>
    /// <para>Validation comes first and is all-or-nothing: one bad write rejects the whole batch with
    /// <see cref="ArgumentException"/> and nothing is written. Besides the length limits, a batch is rejected when it
    /// or one of its writes is null, a key is null, a key contains NUL (U+0000: C APIs and tools truncate at it),
    /// a key is not well-formed UTF-16 (an unpaired surrogate has no UTF-8 form, so a UTF-8 backend would silently
    /// change it), or a durability is not a defined <see cref="Durability"/> value. The empty key is allowed.</para>
    /// <para>An empty batch is a no-op: nothing is written and <see cref="Revision"/> does not change.</para>
    /// <para>A backend may be unable to tell whether a batch that failed at the durability step itself (the final
    /// fsync) reached the disk. It then throws <see cref="StoreException"/> without applying the batch in this
    /// process and refuses further use until reopened; see the backend's documentation.</para>
    /// </remarks>
    void Commit(IReadOnlyList<StoreWrite> batch);

    /// <summary>Drops every volatile record (called at cluster start: volatile state does not survive a cluster restart).</summary>
    /// <remarks>One durable transaction. It is not a commit: <see cref="Revision"/> does not change.</remarks>
    void ClearVolatile();

    /// <summary>
    /// Deletes every record, nonvolatile and volatile, in one durable transaction, keeping the data directory
    /// (and its single-writer lock) in use: the administrative reset to an empty cluster database.
    /// </summary>
    /// <remarks>It is not a commit: <see cref="Revision"/> does not change.</remarks>
    void ClearAll();

    /// <summary>Increases by one for every successful non-empty commit; survives restarts.</summary>
    long Revision { get; }
}
