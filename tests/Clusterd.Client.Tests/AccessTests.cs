using System.Net;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Security;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>
/// The SDK's Get-/Grant-/Block-/Remove-ClusterAccess against an in-process ClusAPI service with three accounts; each
/// change is checked in the engine's stored descriptor (docs/authorization.md).
/// </summary>
public sealed class AccessTests : IAsyncLifetime
{
    private static readonly string[] Names = ["alice", "bob", "monitor"];
    private readonly ClusterAccounts _accounts = new(Names, allowAnonymous: false);
    private ClusterEngine _engine = null!;
    private RpcServer _server = null!;
    private int _port;

    public Task InitializeAsync()
    {
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var initial = _accounts.DefaultDescriptor();
        Assert.Equal(Win32Error.Success, _engine.Execute(new SetClusterSecurity(initial.Encode(), AccountNames: _accounts.AccountNamesOf(initial))));
        var acceptor = new NtlmAcceptorOptions { Accounts = NtlmAccountStore.FromLines(Names.Select(n => n + ":Secret1!")), NetBiosDomainName = "DOM" };
        _server = new RpcServer(new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, acceptor) });
        _server.RegisterInterface(ClusApiService.InterfaceUuid, 3, 0, new ClusApiService(new FixedEngineProvider(_engine), _accounts), RpcAuthLevel.Privacy);
        _port = _server.Listen(IPAddress.Loopback, 0).Port;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _engine.Dispose();
    }

    private Task<ClusterClient> ConnectAsync(string user) => ClusterClient.ConnectAsync(
        new ClusterConnectionOptions { Host = "127.0.0.1", Port = _port, Credential = NtlmCredential.FromPassword(user, "DOM", "Secret1!") });

    private ClusterSecurityDescriptor Stored()
    {
        Assert.Equal(Win32Error.Success, ClusterSecurityDescriptor.TryParse(_engine.Queries.GetClusterSecurityDescriptor(), out var sd));
        return sd!;
    }

    [Fact]
    public async Task GetClusterAccess_lists_every_entry_by_name_as_Get_ClusterAccess_prints_it()
    {
        await using var c = await ConnectAsync("alice");
        var entries = await c.GetClusterAccessAsync();
        Assert.Equal(
        [
            new ClusterAccessEntry("CLUSTER1", "alice", "Allow", "Full", Sid.ForAccount("alice").ToString()),
            new ClusterAccessEntry("CLUSTER1", "bob", "Allow", "Full", Sid.ForAccount("bob").ToString()),
            new ClusterAccessEntry("CLUSTER1", "monitor", "Allow", "Full", Sid.ForAccount("monitor").ToString()),
        ], entries);
    }

    [Fact]
    public async Task Grant_block_and_remove_edit_only_the_named_account_and_Grant_lifts_a_block()
    {
        await using var c = await ConnectAsync("alice");
        var monitor = Sid.ForAccount("monitor");

        await c.GrantClusterAccessAsync("monitor", readOnly: true);
        Assert.Equal([new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.Read, monitor)], Stored().Dacl.Where(a => a.Sid.Equals(monitor)));
        Assert.Equal(3, Stored().Dacl.Count);

        await c.BlockClusterAccessAsync("monitor");
        Assert.Equal(new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, monitor), Stored().Dacl[0]);
        Assert.Single(Stored().Dacl, a => a.Sid.Equals(monitor));

        await c.GrantClusterAccessAsync("monitor", readOnly: false);
        Assert.Equal([new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, monitor)], Stored().Dacl.Where(a => a.Sid.Equals(monitor)));

        await c.RemoveClusterAccessAsync("monitor");
        Assert.DoesNotContain(Stored().Dacl, a => a.Sid.Equals(monitor));
        Assert.Equal(2, Stored().Dacl.Count);

        await c.GrantClusterAccessAsync("Everyone", readOnly: true);
        Assert.Contains(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.Read, Sid.Everyone), Stored().Dacl);
    }

    [Fact]
    public async Task A_read_only_account_connects_with_ApiOpenClusterEx_reads_and_cannot_change_access()
    {
        await using (var admin = await ConnectAsync("alice"))
        {
            await admin.GrantClusterAccessAsync("monitor", readOnly: true);
        }
        await using var c = await ConnectAsync("monitor");
        Assert.Equal("CLUSTER1", (await c.GetClusterAsync()).Name);
        Assert.Equal(3, (await c.GetClusterAccessAsync()).Count);
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        var e = await Assert.ThrowsAsync<ClusterException>(() => c.GrantClusterAccessAsync("monitor", readOnly: false));
        Assert.Equal(Win32Error.AccessDenied, e.Error);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());
    }

    [Fact]
    public async Task Refused_changes_answer_their_Win32_error_and_change_nothing()
    {
        await using var c = await ConnectAsync("alice");
        await c.RemoveClusterAccessAsync("bob");
        await c.GrantClusterAccessAsync("monitor", readOnly: true); // alice is now the only account with All
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        Assert.Equal(Win32Error.NoneMapped, (await Assert.ThrowsAsync<ClusterException>(() => c.GrantClusterAccessAsync("ghost", readOnly: true))).Error);
        Assert.Equal(Win32Error.LastAdmin, (await Assert.ThrowsAsync<ClusterException>(() => c.RemoveClusterAccessAsync("alice"))).Error);
        Assert.Equal(Win32Error.LastAdmin, (await Assert.ThrowsAsync<ClusterException>(() => c.BlockClusterAccessAsync("alice"))).Error);
        Assert.Equal(Win32Error.LastAdmin, (await Assert.ThrowsAsync<ClusterException>(() => c.GrantClusterAccessAsync("alice", readOnly: true))).Error);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());

        // An account without access cannot connect at all.
        var denied = await Assert.ThrowsAsync<ClusterException>(() => ConnectAsync("bob"));
        Assert.Equal(Win32Error.AccessDenied, denied.Error);
    }
}
