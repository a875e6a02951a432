using Clusterd.Store;

namespace Clusterd.Server;

/// <summary>
/// The emulator's store decorator: passes everything through, except that after <see cref="FailNextCommit"/> the
/// next commit fails with a <see cref="StoreException"/> (the engine answers ERROR_WRITE_FAULT and changes nothing).
/// </summary>
internal sealed class FaultInjectingStore(IClusterStore inner) : IClusterStore
{
    private int _failNext;

    /// <inheritdoc />
    public long Revision => inner.Revision;

    /// <summary>Makes the next <see cref="Commit"/> fail.</summary>
    public void FailNextCommit() => Volatile.Write(ref _failNext, 1);

    /// <inheritdoc />
    public IReadOnlyList<StoreRecord> Load() => inner.Load();

    /// <inheritdoc />
    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            throw new StoreException("injected fault: commit refused (POST /admin/faults/store-fail-next)");
        }
        inner.Commit(batch);
    }

    /// <inheritdoc />
    public void ClearVolatile() => inner.ClearVolatile();

    /// <inheritdoc />
    public void ClearAll() => inner.ClearAll();

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();
}
