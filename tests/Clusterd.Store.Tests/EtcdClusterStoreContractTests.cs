using Clusterd.Store.Etcd;

namespace Clusterd.Store.Tests;

/// <summary>The contract on <see cref="EtcdClusterStore"/> against a real etcd, each store under its own prefix.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdClusterStoreContractTests(EtcdFixture etcd) : ClusterStoreContract, IClassFixture<EtcdFixture>
{
    protected override IClusterStore CreateEmptyStore() => EtcdFixture.Open(etcd.Server, EtcdFixture.NewPrefix());

    /// <summary>A restart: a new store (and connection) on the same prefix.</summary>
    protected override IClusterStore ReopenStore(IClusterStore store)
    {
        var prefix = ((EtcdClusterStore)store).Layout.Prefix;
        store.Dispose();
        return EtcdFixture.Open(etcd.Server, prefix);
    }
}
