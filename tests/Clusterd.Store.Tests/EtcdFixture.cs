using Clusterd.Store.Etcd;
using Clusterd.Tests.Shared;

namespace Clusterd.Store.Tests;

/// <summary>One real single-member etcd for a test class; every store gets its own prefix on it.</summary>
public sealed class EtcdFixture : IDisposable
{
    public EtcdServer Server { get; } = new(1);

    /// <summary>A fresh prefix nobody else uses.</summary>
    public static string NewPrefix() => "/t/" + Guid.NewGuid().ToString("N") + "/";

    /// <summary>Opens a store on <paramref name="server"/> under <paramref name="prefix"/>, owning its own connection.</summary>
    public static EtcdClusterStore Open(EtcdServer server, string prefix, TimeSpan? callTimeout = null) =>
        EtcdClusterStore.Open(new EtcdConnection(EtcdConnection.ParseEndpoints(server.Endpoints), callTimeout), new EtcdLayout(prefix), ownsConnection: true);

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// The etcd test classes run one after another, not side by side: their leases have 2 s TTLs, and a 2-core machine
/// busy with another class's three-member etcd and its kills starves keep-alives (a renewal then arrives late and a
/// liveness assertion fails for the machine's sake, not the code's).
/// </summary>
[CollectionDefinition(Name)]
public sealed class EtcdCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "etcd";
}
