using System.Net;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>
/// The SDK's node drain and failback, resource types, owners, resource moves, dependency expressions and quorum
/// against an in-process ClusAPI service; each change is checked in the engine itself (issue 11, clients).
/// </summary>
public sealed class AdministrationTests : IAsyncLifetime
{
    private static readonly NtlmCredential Alice = InProcessCluster.Alice;

    private InProcessCluster _cluster = null!;
    private ClusterEngine _engine = null!;
    private IPEndPoint _clusApi = null!;

    public Task InitializeAsync()
    {
        _cluster = new InProcessCluster();
        _engine = _cluster.Engine;
        _clusApi = _cluster.ClusApi;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<ClusterClient> ConnectAsync() =>
        ClusterClient.ConnectAsync(new ClusterConnectionOptions { Host = "127.0.0.1", Port = _clusApi.Port, Credential = Alice });

    private string Owner(string group) => _engine.Queries.FindGroup(group)!.OwnerNodeName;

    [Fact]
    public async Task DrainNode_moves_every_group_to_the_target_and_ResumeNode_with_failback_brings_the_preferred_ones_back()
    {
        await using var c = await ConnectAsync();
        Assert.Equal(["node1"], (await c.SetGroupOwnerNodesAsync("Cluster Group", ["node1"])).OwnerNodes);

        var paused = await c.DrainNodeAsync("node1", targetNode: "node3");
        Assert.Equal(ClusterNodeState.Paused, paused.State);
        Assert.Equal(ClusterNodeState.Paused, _engine.Queries.FindNode("node1")!.State);
        Assert.Equal("node3", Owner("Cluster Group"));
        Assert.Equal("node3", Owner("Available Storage"));

        var resumed = await c.ResumeNodeAsync("node1", ClusterFailbackType.Immediate);
        Assert.Equal(ClusterNodeState.Up, resumed.State);
        Assert.Equal("node1", Owner("Cluster Group"));
        Assert.Equal("node3", Owner("Available Storage"));

        var e = await Assert.ThrowsAsync<ClusterException>(() => c.DrainNodeAsync("node2", targetNode: "node2"));
        Assert.Equal(Win32Error.InvalidTargetHandle, e.Error);
        Assert.Equal(ClusterNodeState.Up, _engine.Queries.FindNode("node2")!.State);
        e = await Assert.ThrowsAsync<ClusterException>(() => c.ResumeNodeAsync("node2", ClusterFailbackType.Policy));
        Assert.Equal(Win32Error.ClusterNodeNotPaused, e.Error);
    }

    [Fact]
    public async Task AddResourceType_and_RemoveResourceType_change_the_cluster_and_a_type_in_use_is_ERROR_DIR_NOT_EMPTY()
    {
        await using var c = await ConnectAsync();
        var added = await c.AddResourceTypeAsync("Contoso App", "contosores.dll");
        Assert.Equal(new ClusterResourceType("Contoso App", "Contoso App", "contosores.dll"), added);
        Assert.Equal("contosores.dll", _engine.Queries.FindResourceType("Contoso App")!.DllName);
        Assert.Contains(await c.GetResourceTypesAsync(), t => t.Name == "Contoso App");

        var e = await Assert.ThrowsAsync<ClusterException>(() => c.RemoveResourceTypeAsync("Physical Disk"));
        Assert.Equal(Win32Error.DirNotEmpty, e.Error);
        Assert.NotNull(_engine.Queries.FindResourceType("Physical Disk"));
        await c.RemoveResourceTypeAsync("Contoso App");
        Assert.Null(_engine.Queries.FindResourceType("Contoso App"));
        e = await Assert.ThrowsAsync<ClusterException>(() => c.GetResourceTypeAsync("Contoso App"));
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, e.Error);
    }

    [Fact]
    public async Task SetResourceOwnerNodes_reaches_exactly_the_list_and_an_unknown_node_changes_nothing()
    {
        await using var c = await ConnectAsync();
        var id = _engine.Queries.FindResource("Cluster Disk 3")!.Id;
        Assert.Equal(["node1", "node3"], (await c.SetResourceOwnerNodesAsync("Cluster Disk 3", ["node3", "node1"])).OwnerNodes.Order());
        Assert.Equal(["node1", "node3"], _engine.Queries.GetPossibleOwnerNames(id)!.Order());

        var e = await Assert.ThrowsAsync<ClusterException>(() => c.SetResourceOwnerNodesAsync("Cluster Disk 3", ["node2", "nodeX"]));
        Assert.Equal(Win32Error.ClusterNodeNotFound, e.Error);
        Assert.Equal(["node1", "node3"], _engine.Queries.GetPossibleOwnerNames(id)!.Order());
        Assert.Equal(["node1", "node3"], (await c.GetResourceOwnerNodesAsync("Cluster Disk 3")).OwnerNodes.Order());
    }

    [Fact]
    public async Task MoveResource_and_SetResourceDependency_are_in_the_engine_and_a_bad_expression_changes_nothing()
    {
        await using var c = await ConnectAsync();
        Assert.Equal("Cluster Group", (await c.MoveResourceAsync("Cluster Disk 3", "Cluster Group")).OwnerGroup);
        Assert.Equal("Cluster Group", _engine.Queries.FindResource("Cluster Disk 3")!.GroupName);

        var set = await c.SetResourceDependencyAsync("Network Name", "[Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])");
        Assert.Equal("[Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])", set.DependencyExpression);
        Assert.Equal(set.DependencyExpression, _engine.Queries.GetDependencyExpression("Network Name"));

        var e = await Assert.ThrowsAsync<ClusterException>(() => c.SetResourceDependencyAsync("Network Name", "[Cluster IP Address] and ("));
        Assert.Equal(Win32Error.InvalidParameter, e.Error);
        Assert.Equal(set, await c.GetResourceDependencyAsync("Network Name"));
    }

    [Fact]
    public async Task SetQuorumDiskWitness_stores_the_quorum_resource_and_a_CSV_is_ERROR_NOT_QUORUM_CLASS()
    {
        await using var c = await ConnectAsync();
        var q = await c.SetQuorumDiskWitnessAsync("Cluster Disk 3");
        Assert.Equal(("CLUSTER1", "Cluster Disk 3"), (q.Cluster, q.QuorumResource));
        Assert.Equal(_engine.Queries.FindResource("Cluster Disk 3")!.Id, _engine.Queries.GetQuorumSettings().ResourceId);

        var e = await Assert.ThrowsAsync<ClusterException>(() => c.SetQuorumDiskWitnessAsync("Cluster Disk 1"));
        Assert.Equal(Win32Error.NotQuorumClass, e.Error);
        Assert.Equal("Cluster Disk 3", (await c.GetQuorumAsync()).QuorumResource);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_call()
    {
        await using var c = await ConnectAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.DrainNodeAsync("node1", cancellationToken: cts.Token));
        Assert.Equal(ClusterNodeState.Up, _engine.Queries.FindNode("node1")!.State);
    }
}
