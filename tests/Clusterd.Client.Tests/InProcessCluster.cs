using System.Net;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>
/// An engine on the default topology (in-memory store, fake clock) served by an in-process RpcServer with the ClusAPI
/// service on a loopback port, sealed, for the account <see cref="Alice"/>: the cluster the SDK tests talk to.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    public static readonly NtlmCredential Alice = NtlmCredential.FromPassword("alice", "DOM", "Secret1!");

    private readonly RpcServer _server;

    public InProcessCluster()
    {
        Engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var acceptor = new NtlmAcceptorOptions { Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]), NetBiosDomainName = "DOM" };
        _server = new RpcServer(new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, acceptor) });
        _server.RegisterInterface(ClusApiService.InterfaceUuid, 3, 0, new ClusApiService(new FixedEngineProvider(Engine)), RpcAuthLevel.Privacy);
        ClusApi = new IPEndPoint(IPAddress.Loopback, _server.Listen(IPAddress.Loopback, 0).Port);
    }

    public ClusterEngine Engine { get; }

    public IPEndPoint ClusApi { get; }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Engine.Dispose();
    }
}
