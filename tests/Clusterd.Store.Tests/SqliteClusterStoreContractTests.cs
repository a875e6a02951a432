namespace Clusterd.Store.Tests;

/// <summary>The contract on <see cref="SqliteClusterStore"/>, each store in its own temp data directory.</summary>
public sealed class SqliteClusterStoreContractTests : ClusterStoreContract
{
    private readonly TempDirectory _root = new();
    private int _next;

    protected override IClusterStore CreateEmptyStore() =>
        new SqliteClusterStore(_root.Combine($"store{Interlocked.Increment(ref _next)}"));

    protected override IClusterStore ReopenStore(IClusterStore store)
    {
        var directory = ((SqliteClusterStore)store).DataDirectory;
        store.Dispose();
        return new SqliteClusterStore(directory);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _root.Dispose();
        }
    }
}
