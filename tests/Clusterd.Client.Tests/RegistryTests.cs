using System.Net;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Client.Tests;

/// <summary>The SDK's cluster registry writes against an in-process RpcServer serving the ClusAPI service (Registry area).</summary>
public sealed class RegistryTests : IAsyncLifetime
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

    private ClusterConnectionOptions Options() => new() { Host = "127.0.0.1", Port = _clusApi.Port, Credential = Alice };

    [Fact]
    public async Task Keys_and_values_written_through_the_SDK_are_in_the_cluster_database_and_read_back()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        Assert.True(await c.CreateRegistryKeyAsync(@"Software\App"));
        Assert.False(await c.CreateRegistryKeyAsync(@"Software\App"));
        await c.SetRegistryValueAsync(@"Software\App", "Path", ClusterRegistryValue.String(@"C:\app"));
        await c.SetRegistryValueAsync(@"Software\App\New", "Level", ClusterRegistryValue.DWord(3)); // the key is created on the way
        Assert.Equal(@"C:\app", _engine.Queries.GetRegistryValue(@"Software\App", "Path")!.AsString());
        Assert.Equal(3u, (await c.GetRegistryValueAsync(@"Software\App\New", "Level"))!.Value);
        Assert.Null(await c.GetRegistryValueAsync(@"Software\App", "Missing"));

        await c.DeleteRegistryValueAsync(@"Software\App", "Path");
        Assert.Null(_engine.Queries.GetRegistryValue(@"Software\App", "Path"));
        var refused = await Assert.ThrowsAsync<ClusterException>(() => c.DeleteRegistryKeyAsync(@"Software\App")); // it has a subkey
        Assert.Equal(Win32Error.AccessDenied, refused.Error);
        await c.DeleteRegistryKeyAsync(@"Software\App\New");
        await c.DeleteRegistryKeyAsync(@"Software\App");
        Assert.Null(_engine.Queries.GetRegistryKey(@"Software\App"));
    }

    [Fact]
    public async Task SetRegistryValues_is_one_batch_all_or_nothing()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        await c.SetRegistryValuesAsync("App", [new("A", ClusterRegistryValue.DWord(1)), new("B", ClusterRegistryValue.MultiString(["x", "y"]))]);
        Assert.Equal(["x", "y"], (string[])(await c.GetRegistryValueAsync("App", "B"))!.Value);
        await c.SetRegistryValuesAsync("App", [new("A", null), new("C", ClusterRegistryValue.QWord(5))]);
        Assert.Null(_engine.Queries.GetRegistryValue("App", "A"));

        // The root's ClusterName is the engine's: the batch fails there and D is not written either.
        var e = await Assert.ThrowsAsync<ClusterException>(() =>
            c.SetRegistryValuesAsync("", [new("D", ClusterRegistryValue.DWord(1)), new("ClusterName", ClusterRegistryValue.String("X"))]));
        Assert.Equal(Win32Error.AccessDenied, e.Error);
        Assert.Contains("ClusterName", e.Message, StringComparison.Ordinal);
        Assert.Null(_engine.Queries.GetRegistryValue("", "D"));
        Assert.Equal("CLUSTER1", (await c.GetClusterAsync()).Name);
    }

    [Fact]
    public async Task SetResourceParameter_writes_the_Parameters_key_and_Get_ClusterParameter_shows_it()
    {
        await using var c = await ClusterClient.ConnectAsync(Options());
        await c.SetResourceParameterAsync("Cluster Disk 1", "MaxRetries", ClusterRegistryValue.DWord(5));
        Assert.Contains(new ClusterParameter("Cluster Disk 1", "MaxRetries", 5u, "UInt32"), await c.GetResourceParametersAsync("Cluster Disk 1"));
        var missing = await Assert.ThrowsAsync<ClusterException>(() => c.SetResourceParameterAsync("No Such Disk", "x", ClusterRegistryValue.DWord(1)));
        Assert.Equal(Win32Error.ResourceNotFound, missing.Error);
    }
}
