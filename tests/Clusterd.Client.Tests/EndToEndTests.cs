using System.Net;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>The client against an in-process RpcServer serving the ClusAPI service, sealed SPNEGO/NTLM.</summary>
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

    [Fact]
    public async Task Sealed_session_names_the_cluster_and_enumerates_the_CSV_resources()
    {
        await using var c = await ClusApiClient.ConnectAsync(_clusApi, Alice);
        Assert.Equal(new ClusterNameResult(Win32Error.Success, "CLUSTER1", "node1"), await c.GetClusterNameAsync());
        var csvs = await c.CreateEnumAsync(ClusterEnumType.SharedVolumeResource);
        Assert.Equal(Win32Error.Success, csvs.Result);
        Assert.Equal(["Cluster Disk 1", "Cluster Disk 2"], csvs.Entries.Select(e => e.Name).Order());
        Assert.All(csvs.Entries, e => Assert.Equal((uint)ClusterEnumType.SharedVolumeResource, e.Type));
        var all = await c.CreateEnumAsync(ClusterEnumType.Resource);
        Assert.Contains(all.Entries, e => e.Name == "Cluster Name");
        Assert.Equal(Win32Error.InvalidParameter, (await c.CreateEnumAsync((ClusterEnumType)0x40)).Result);
    }

    [Fact]
    public async Task Found_through_the_endpoint_mapper()
    {
        await using var c = await ClusApiClient.ConnectViaEndpointMapperAsync(_epm, Alice);
        Assert.Equal(_clusApi.Port, c.Rpc.RemoteEndPoint.Port);
        Assert.Equal(Win32Error.Success, (await c.GetClusterNameAsync()).Result);
    }

    [Fact]
    public async Task Resource_controls_retry_after_MORE_DATA_and_read_the_state()
    {
        await using var c = await ClusApiClient.ConnectAsync(_clusApi, Alice);
        var open = await c.OpenResourceAsync("Cluster Disk 1");
        Assert.Equal(Win32Error.Success, open.Status);
        var small = await c.ResourceControlAsync(open.Handle, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 8);
        Assert.Equal(Win32Error.MoreData, small.Result);
        var info = await ClusApiClient.WithMoreDataRetryAsync(size => c.ResourceControlAsync(open.Handle, ControlCodes.GetSharedVolumeInfo,
            ReadOnlyMemory<byte>.Empty, size), initialSize: 8);
        Assert.Equal(Win32Error.Success, info.Result);
        Assert.Equal(small.BytesRequired, info.BytesReturned);
        Assert.Equal((int)info.BytesReturned, info.Output.Length);
        var state = await c.GetResourceStateAsync(open.Handle);
        Assert.Equal(new ResourceStateResult(Win32Error.Success, 2, "node1", "Cluster Disk 1"), state);

        var node1 = await c.OpenNodeAsync("node1");
        var onNode = await c.NodeResourceControlAsync(open.Handle, node1.Handle, ControlCodes.GetSharedVolumeInfo);
        Assert.Equal(info.Output.ToArray(), onNode.Output.ToArray());
        var node2 = await c.OpenNodeAsync("node2");
        Assert.Equal(Win32Error.HostNodeNotResourceOwner,
            (await c.NodeResourceControlAsync(open.Handle, node2.Handle, ControlCodes.GetSharedVolumeInfo)).Result);
        Assert.Equal(Win32Error.Success, await c.CloseNodeAsync(node1.Handle));
        Assert.Equal(Win32Error.Success, await c.CloseResourceAsync(open.Handle));
        Assert.Equal(Win32Error.InvalidHandle, await c.CloseResourceAsync(open.Handle));
    }

    [Fact]
    public async Task Cluster_and_resource_type_controls_answer()
    {
        await using var c = await ClusApiClient.ConnectAsync(_clusApi, Alice);
        var cluster = await c.OpenClusterAsync();
        Assert.Equal(Win32Error.Success, cluster.Status);
        var fqdn = await ClusApiClient.WithMoreDataRetryAsync(size => c.ClusterControlAsync(cluster.Handle, 0x0700003D, ReadOnlyMemory<byte>.Empty, size), 4);
        Assert.Equal(Win32Error.Success, fqdn.Result);
        Assert.Equal("CLUSTER1.clusterd.test\0", System.Text.Encoding.Unicode.GetString(fqdn.Output.Span));
        var classInfo = await c.ResourceTypeControlAsync(cluster.Handle, "Physical Disk", ControlCodes.ResourceTypeGetClassInfo, ReadOnlyMemory<byte>.Empty, 64);
        Assert.Equal(Win32Error.Success, classInfo.Result);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, classInfo.Output.ToArray());
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound,
            (await c.ResourceTypeControlAsync(cluster.Handle, "MSMQ", ControlCodes.ResourceTypeGetClassInfo, ReadOnlyMemory<byte>.Empty, 64)).Result);
        Assert.Equal(Win32Error.Success, await c.CloseClusterAsync(cluster.Handle));
    }

    [Fact]
    public async Task Offline_online_move_and_CSV_state_change_the_cluster()
    {
        await using var c = await ClusApiClient.ConnectAsync(_clusApi, Alice);
        var name = await c.OpenResourceAsync("Network Name");
        Assert.Equal(Win32Error.Success, await c.OfflineResourceAsync(name.Handle));
        Assert.Equal((int)ClusterResourceState.Offline, (await c.GetResourceStateAsync(name.Handle)).State);
        Assert.Equal(Win32Error.Success, await c.OnlineResourceAsync(name.Handle));
        Assert.Equal((int)ClusterResourceState.Online, (await c.GetResourceStateAsync(name.Handle)).State);

        var group = await c.OpenGroupAsync("Available Storage");
        var node2 = await c.OpenNodeAsync("node2");
        Assert.Equal(Win32Error.Success, await c.MoveGroupToNodeAsync(group.Handle, node2.Handle));
        Assert.Equal("node2", _engine.FindGroup("Available Storage")!.OwnerNodeName);
        Assert.Equal(Win32Error.Success, await c.CloseGroupAsync(group.Handle));

        var disk = await c.OpenResourceAsync("Cluster Disk 3");
        Assert.Equal(Win32Error.InvalidParameter, await c.ChangeCsvStateAsync(disk.Handle, 7));
        Assert.Equal(Win32Error.Success, await c.ChangeCsvStateAsync(disk.Handle, 1));
        Assert.Contains((await c.CreateEnumAsync(ClusterEnumType.SharedVolumeResource)).Entries, e => e.Name == "Cluster Disk 3");
        Assert.Equal(Win32Error.Success, await c.ChangeCsvStateExAsync(disk.Handle, 0, @"\\?\Volume{3f0c9a77-3333-4c1d-9e2f-0a0b0c0d0e03}\"));
        Assert.DoesNotContain((await c.CreateEnumAsync(ClusterEnumType.SharedVolumeResource)).Entries, e => e.Name == "Cluster Disk 3");
    }
}
