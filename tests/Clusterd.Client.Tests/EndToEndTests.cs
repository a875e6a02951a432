using System.Net;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>The SDK against an in-process RpcServer serving the ClusAPI service, sealed SPNEGO/NTLM, over loopback TCP.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private static readonly NtlmCredential Alice = NtlmCredential.FromPassword("alice", "DOM", "Secret1!");

    private ClusterEngine _engine = null!;
    private RpcServer _server = null!;
    private IPEndPoint _clusApi = null!;
    private IPEndPoint _epm = null!;

    public Task InitializeAsync()
    {
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var acceptor = new NtlmAcceptorOptions { Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]), NetBiosDomainName = "DOM" };
        _server = new RpcServer(new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, acceptor) });
        _server.RegisterInterface(ClusApiService.InterfaceUuid, 3, 0, new ClusApiService(new FixedEngineProvider(_engine)), RpcAuthLevel.Privacy);
        _clusApi = new IPEndPoint(IPAddress.Loopback, _server.Listen(IPAddress.Loopback, 0).Port);
        _epm = new IPEndPoint(IPAddress.Loopback, _server.Listen(IPAddress.Loopback, 0, endpointMapperOnly: true).Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _engine.Dispose();
    }

    private ClusterConnectionOptions Options(NtlmCredential? credential = null) =>
        new() { Host = "127.0.0.1", Port = _clusApi.Port, Credential = credential ?? Alice };

    [Fact]
    public async Task The_SDK_reads_the_cluster_nodes_groups_and_resources()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        var cluster = await c.GetClusterAsync();
        Assert.Equal("CLUSTER1", cluster.Name);
        Assert.Equal("node1", cluster.NodeName);
        var nodes = await c.GetNodesAsync();
        Assert.Equal(_engine.Queries.GetNodes().Select(n => (n.Name, n.Id, n.State)), nodes.Select(n => (n.Name, n.Id, n.State)));
        var groups = await c.GetGroupsAsync();
        Assert.Contains(groups, g => g.Name == "Available Storage" && g.State == ClusterGroupState.Online && g.OwnerNode is not null);
        var resources = await c.GetResourcesAsync();
        var disk = Assert.Single(resources, r => r.Name == "Cluster Disk 1");
        Assert.Equal(ClusterResourceState.Online, disk.State);
        Assert.Equal("Physical Disk", disk.ResourceType);
        var parameters = await c.GetResourceParametersAsync("Cluster Name");
        Assert.Contains(new ClusterParameter("Cluster Name", "Name", "CLUSTER1", "String"), parameters);
        Assert.Contains(new ClusterParameter("Cluster Name", "DnsName", "CLUSTER1", "String"), parameters);
        Assert.All(parameters, p => Assert.Equal("Cluster Name", p.Object));
    }

    [Fact]
    public async Task The_SDK_finds_the_ClusAPI_port_through_the_endpoint_mapper()
    {
        await using var c = await ClusterClient.ConnectAsync(new ClusterConnectionOptions
        {
            Host = "127.0.0.1", EndpointMapperPort = _epm.Port, Credential = Alice,
        });
        Assert.Equal("CLUSTER1", (await c.GetClusterAsync()).Name);
    }

    [Fact]
    public async Task Backup_mode_set_with_a_delay_is_reported_and_cleared()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        var set = await c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 1800);
        var row = Assert.Single(set);
        Assert.Equal(("Cluster Disk 1", "Volume1", SharedVolumeBackupState.InProgress), (row.Name, row.VolumeFriendlyName, row.BackupState));
        Assert.Equal(SharedVolumeBackupState.InProgress, _engine.Queries.FindSharedVolume("Volume1")!.BackupState);
        var all = await c.GetSharedVolumeBackupStateAsync();
        Assert.Contains(all, r => r.VolumeFriendlyName == "Volume1" && r.BackupState == SharedVolumeBackupState.InProgress);
        Assert.Equal(SharedVolumeBackupState.None, Assert.Single(await c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.None)).BackupState);
    }

    [Fact]
    public async Task InProgress_without_a_delay_is_ERROR_INVALID_PARAMETER_and_changes_nothing()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        var e = await Assert.ThrowsAsync<ClusterException>(() => c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress));
        Assert.Equal(Win32Error.InvalidParameter, e.Error);
        Assert.Equal("ERROR_INVALID_PARAMETER", e.SymbolicName);
        Assert.StartsWith("ERROR_INVALID_PARAMETER (87): a parameter is not valid", e.Message, StringComparison.Ordinal);
        Assert.Equal(SharedVolumeBackupState.None, _engine.Queries.FindSharedVolume("Volume1")!.BackupState);
    }

    [Fact]
    public async Task Shared_volumes_report_their_volumes_coordinator_and_per_node_state()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        var csvs = await c.GetSharedVolumesAsync();
        Assert.Equal(["Cluster Disk 1", "Cluster Disk 2"], csvs.Select(v => v.Name).Order());
        var one = Assert.Single(await c.GetSharedVolumesAsync("Volume1"));
        Assert.Equal("Cluster Disk 1", one.Name);
        Assert.Equal(_engine.Queries.FindResource("Cluster Disk 1")!.OwnerNodeName, one.OwnerNode);
        var states = await c.GetSharedVolumeStatesAsync("Cluster Disk 1");
        Assert.Equal(_engine.Queries.GetNodes().Count * one.Volumes.Count, states.Count);
        Assert.All(states, s => Assert.Equal(SharedVolumeState.Active, s.StateInfo));
        var onNode2 = await c.GetSharedVolumeStatesAsync("Volume1", node: "node2");
        Assert.Equal("node2", Assert.Single(onNode2).Node);
        var missing = await Assert.ThrowsAsync<ClusterException>(() => c.GetSharedVolumesAsync("NoSuchVolume"));
        Assert.Equal(Win32Error.ResourceNotFound, missing.Error);
    }

    [Fact]
    public async Task Redirected_access_and_maintenance_change_the_volume_and_come_back()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        await c.SetRedirectedAccessAsync("Volume1", on: true);
        Assert.All(await c.GetSharedVolumeStatesAsync("Volume1"), s => Assert.Equal(SharedVolumeState.ActiveRedirected, s.StateInfo));
        await c.SetRedirectedAccessAsync("Volume1", on: false);
        Assert.All(await c.GetSharedVolumeStatesAsync("Volume1"), s => Assert.Equal(SharedVolumeState.Active, s.StateInfo));
        await c.SetMaintenanceAsync("Volume1", on: true);
        Assert.True(_engine.Queries.FindSharedVolume("Volume1")!.Maintenance);
        await c.SetMaintenanceAsync("Volume1", on: false);
        Assert.False(_engine.Queries.FindSharedVolume("Volume1")!.Maintenance);
    }

    [Fact]
    public async Task Start_stop_move_and_node_pause_change_the_cluster()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        Assert.Equal(ClusterResourceState.Offline, (await c.StopResourceAsync("Network Name")).State);
        Assert.Equal(ClusterResourceState.Online, (await c.StartResourceAsync("Network Name")).State);
        Assert.Equal("node2", (await c.MoveGroupAsync("Available Storage", "node2")).OwnerNode);
        Assert.Equal("node2", _engine.Queries.FindGroup("Available Storage")!.OwnerNodeName);
        var moved = await c.MoveSharedVolumeAsync("Volume1", "node2");
        Assert.Equal("node2", moved.OwnerNode);
        Assert.Equal(ClusterNodeState.Paused, (await c.SuspendNodeAsync("node2")).State);
        Assert.Equal(ClusterNodeState.Up, (await c.ResumeNodeAsync("node2")).State);
        var e = await Assert.ThrowsAsync<ClusterException>(() => c.ResumeNodeAsync("node2"));
        Assert.Equal(Win32Error.ClusterNodeNotPaused, e.Error);
    }

    [Fact]
    public async Task Unknown_objects_are_ClusterExceptions_with_the_code_name_and_meaning()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        var e = await Assert.ThrowsAsync<ClusterException>(() => c.GetNodeAsync("node9"));
        Assert.Equal(Win32Error.ClusterNodeNotFound, e.Error);
        Assert.Equal(5042, e.Code);
        Assert.Equal("the cluster node was not found", e.Meaning);
        Assert.Equal(Win32Error.GroupNotFound, (await Assert.ThrowsAsync<ClusterException>(() => c.MoveGroupAsync("nope"))).Error);
        Assert.Equal(Win32Error.ResourceNotFound, (await Assert.ThrowsAsync<ClusterException>(() => c.StartResourceAsync("nope"))).Error);
    }

    [Fact]
    public async Task A_wrong_password_is_ERROR_LOGON_FAILURE()
    {
        var e = await Assert.ThrowsAsync<ClusterException>(() => ClusterClient.ConnectAsync(Options(NtlmCredential.FromPassword("alice", "DOM", "wrong"))));
        Assert.Equal(Win32Error.LogonFailure, e.Error);
    }

    [Fact]
    public async Task A_closed_port_is_RPC_S_SERVER_UNAVAILABLE()
    {
        var port = FreePort();
        var e = await Assert.ThrowsAsync<ClusterException>(() => ClusterClient.ConnectAsync(Options() with { Port = port }));
        Assert.Equal(Win32Error.RpcServerUnavailable, e.Error);
    }

    [Fact]
    public async Task A_port_that_does_not_speak_DCE_RPC_is_RPC_S_PROTOCOL_ERROR()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync();
            var stream = peer.GetStream();
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            await Task.Delay(200);
        });
        var e = await Assert.ThrowsAsync<ClusterException>(() =>
            ClusterClient.ConnectAsync(Options() with { Port = ((IPEndPoint)listener.LocalEndpoint).Port }));
        Assert.Equal(Win32Error.RpcProtocolError, e.Error);
        await serve;
    }

    [Fact]
    public async Task Changes_stream_what_another_client_does_until_cancelled()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<ClusterChange>();
        var subscribed = new TaskCompletionSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var change in c.GetChangesAsync(cts.Token))
            {
                seen.Add(change);
                if (change.ObjectType == ClusterObjectType.Group && change.ObjectName == "Available Storage" && change.Change == "Group.OwnerNode")
                {
                    return;
                }
            }
        });
        // The stream subscribes on its own connection; a move made before its registrations are in place is not seen,
        // so the group goes back and forth until the stream reports one.
        await using var other = await ClusterClient.ConnectAsync(Options());
        for (var i = 0; !watch.IsCompleted; i++)
        {
            await other.MoveGroupAsync("Available Storage", i % 2 == 0 ? "node2" : "node1", cts.Token);
            await Task.WhenAny(watch, Task.Delay(200, cts.Token));
        }
        await watch;
        Assert.Contains(seen, x => x.Change == "Group.OwnerNode" && x.ObjectName == "Available Storage");
    }

    [Fact]
    public async Task The_low_level_client_calls_any_method_by_its_typed_request_and_retries_MORE_DATA_by_hand()
    {
        await using var c = await ClusApiClient.ConnectAsync(_clusApi, Alice);
        var open = await c.InvokeAsync(new OpenResourceRequest("Cluster Disk 1"));
        Assert.Equal(Win32Error.Success, open.Status);
        var small = await c.InvokeAsync(new ResourceControlRequest(open.Handle, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 8));
        Assert.Equal((Win32Error.MoreData, 8u, 0), (small.Result, small.OutBufferSize, small.Output.Length));
        var full = await c.InvokeAsync(new ResourceControlRequest(open.Handle, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, small.BytesRequired));
        Assert.Equal(Win32Error.Success, full.Result);
        Assert.Equal((int)small.BytesRequired, full.Output.Length);
        Assert.Equal(Win32Error.Success, (await c.InvokeAsync(new CloseResourceRequest(open.Handle))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.InvokeAsync(new CloseResourceRequest(open.Handle))).Result);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
