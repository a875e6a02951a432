namespace Clusterd.Store;

/// <summary>
/// An <see cref="IClusterStore"/> held in process memory, for tests and benchmarks. It honours the whole contract
/// (limits, atomic batches, ordinal order, durability classes, revision) except that "durable" means "in this
/// object": <see cref="Reopen"/> simulates a process restart over the same contents.
/// </summary>
/// <remarks>Thread-safe. Values are copied on <see cref="Commit"/>, so callers may reuse their buffers.</remarks>
public sealed class InMemoryClusterStore : IClusterStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoreRecord> _records;
    private long _revision;
    private Exception? _nextCommitFailure;
    private bool _disposed;

    /// <summary>Creates an empty store at revision 0.</summary>
    public InMemoryClusterStore()
        : this(new SortedDictionary<string, StoreRecord>(StringComparer.Ordinal), 0)
    {
    }

    private InMemoryClusterStore(SortedDictionary<string, StoreRecord> records, long revision)
    {
        _records = records;
        _revision = revision;
    }

    /// <inheritdoc />
    public long Revision => Interlocked.Read(ref _revision);

    /// <inheritdoc />
    public IReadOnlyList<StoreRecord> Load()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return [.. _records.Values];
        }
    }

    /// <inheritdoc />
    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StoreValidation.ValidateBatch(batch);
            if (batch.Count == 0)
            {
                return;
            }

            if (_nextCommitFailure is { } failure)
            {
                _nextCommitFailure = null;
                throw failure as StoreException ?? new StoreException("injected commit failure (test hook)", failure);
            }

            // Nothing below can fail, so applying in order is all-or-nothing.
            foreach (var write in batch)
            {
                if (write.Value is { } value)
                {
                    _records[write.Key] = new StoreRecord(write.Key, value.ToArray(), write.Durability);
                }
                else
                {
                    _records.Remove(write.Key);
                }
            }

            Interlocked.Increment(ref _revision);
        }
    }

    /// <inheritdoc />
    public void ClearVolatile()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var volatileKeys = _records.Values
                .Where(static r => r.Durability == Durability.Volatile)
                .Select(static r => r.Key)
                .ToList();
            foreach (var key in volatileKeys)
            {
                _records.Remove(key);
            }
        }
    }

    /// <inheritdoc />
    public void ClearAll()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _records.Clear();
        }
    }

    /// <summary>
    /// Test hook: the next non-empty, valid <see cref="Commit"/> fails as an I/O failure would, applying nothing.
    /// A <see cref="StoreException"/> is thrown as given; any other exception is wrapped in one (the contract only
    /// lets <see cref="Commit"/> fail with <see cref="StoreException"/>). Batches rejected by validation and empty
    /// batches do not consume the failure. Lets engine tests prove that a failed commit loses nothing.
    /// </summary>
    /// <param name="failure">The cause to report.</param>
    public void FailNextCommit(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _nextCommitFailure = failure;
        }
    }

    /// <summary>
    /// Test hook: simulates a process restart. Disposes this instance and returns a new store holding the same
    /// records (volatile ones too: they survive process death until <see cref="ClearVolatile"/>) and revision.
    /// A pending <see cref="FailNextCommit"/> does not carry over.
    /// </summary>
    /// <returns>The store as a restarted process would open it.</returns>
    public InMemoryClusterStore Reopen()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _disposed = true;
            return new InMemoryClusterStore(
                new SortedDictionary<string, StoreRecord>(_records, StringComparer.Ordinal), _revision);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
    }
}
