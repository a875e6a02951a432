namespace Clusterd.Store.Tests;

/// <summary>The contract on <see cref="InMemoryClusterStore"/>, plus its test hooks.</summary>
public sealed class InMemoryClusterStoreTests : ClusterStoreContract
{
    protected override IClusterStore CreateEmptyStore() => new InMemoryClusterStore();

    protected override IClusterStore ReopenStore(IClusterStore store) => ((InMemoryClusterStore)store).Reopen();

    [Fact]
    public void FailNextCommit_fails_one_commit_applying_nothing_then_commits_work_again()
    {
        var store = new InMemoryClusterStore();
        store.Commit([Put("a", "1")]);
        var cause = new IOException("disk on fire");
        store.FailNextCommit(cause);

        var error = Assert.Throws<StoreException>(() => store.Commit([Put("a", "2"), Put("b", "3")]));
        Assert.Same(cause, error.InnerException);
        Assert.Equal([("a", "1", Durability.Nonvolatile)], Contents(store));
        Assert.Equal(1, store.Revision);

        store.Commit([Put("a", "2")]);
        Assert.Equal([("a", "2", Durability.Nonvolatile)], Contents(store));
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void FailNextCommit_with_a_StoreException_throws_that_instance()
    {
        var store = new InMemoryClusterStore();
        var failure = new StoreException("disk full");
        store.FailNextCommit(failure);
        Assert.Same(failure, Assert.Throws<StoreException>(() => store.Commit([Put("a", "1")])));
    }

    [Fact]
    public void FailNextCommit_is_not_consumed_by_empty_or_invalid_batches()
    {
        var store = new InMemoryClusterStore();
        store.FailNextCommit(new StoreException("injected"));
        store.Commit([]);
        Assert.Throws<ArgumentException>(() => store.Commit([Put("\0", "x")]));
        Assert.Throws<StoreException>(() => store.Commit([Put("a", "1")]));
        Assert.Empty(store.Load());
    }

    [Fact]
    public void Reopen_disposes_the_old_instance()
    {
        var store = new InMemoryClusterStore();
        using var reopened = store.Reopen();
        Assert.Throws<ObjectDisposedException>(() => store.Load());
    }
}
