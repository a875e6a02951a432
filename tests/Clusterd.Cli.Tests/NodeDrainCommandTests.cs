using System.Text.Json;

namespace Clusterd.Cli.Tests;

/// <summary>
/// Suspend-ClusterNode -Drain and Resume-ClusterNode -Failback against a real clusterd (ApiPauseNodeEx,
/// ApiPauseNodeWithDrainTarget, ApiResumeNodeEx; issue 11). A server of its own: drains move every group.
/// </summary>
public sealed class NodeDrainCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    private async Task<Dictionary<string, string?>> OwnersAsync()
    {
        var groups = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterGroup", "--output", "json"));
        return groups.EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("ownerNode").GetString());
    }

    private static string State(JsonElement nodes) => nodes.EnumerateArray().Single().GetProperty("state").GetString()!;

    [Fact]
    public async Task Drain_to_a_target_moves_every_group_there_and_failback_brings_the_preferred_ones_back()
    {
        var before = await OwnersAsync();
        Assert.Equal("node1", before["Cluster Group"]);
        Assert.Equal("node1", before["Available Storage"]);
        // Cluster Group prefers node1; Available Storage has no preferred owner, so it does not fail back.
        Cli.AssertOutput("""
            ClusterObject OwnerNodes
            ------------- ----------
            Cluster Group node1
            """, await cluster.RunAsync("Set-ClusterOwnerNode", "-Group", "Cluster Group", "-Owners", "node1"));

        Cli.AssertOutput("""
            Name  ID State
            ----  -- -----
            node1 1  Paused
            """, await cluster.RunAsync("Suspend-ClusterNode", "node1", "-Drain", "-TargetNode", "node2"));
        var drained = await OwnersAsync();
        Assert.All(before.Keys, g => Assert.Equal("node2", drained[g]));

        Assert.Equal("Up", State(ReadCommandTests.Json(await cluster.RunAsync("node", "resume", "node1", "--failback", "Immediate", "-o", "json"))));
        var back = await OwnersAsync();
        Assert.Equal("node1", back["Cluster Group"]);
        Assert.Equal("node2", back["Available Storage"]);
    }

    [Fact]
    public async Task Drain_without_a_target_leaves_the_node_paused_with_no_group_and_a_failback_per_policy_moves_none_back()
    {
        Assert.Contains("node2", (await OwnersAsync()).Values); // Cluster Disk 2 at least
        var json = ReadCommandTests.Json(await cluster.RunAsync("node", "suspend", "node2", "--drain", "--force-drain", "-o", "json"));
        Assert.Equal("Paused", State(json));
        Assert.DoesNotContain("node2", (await OwnersAsync()).Values);
        // No group prefers node2: a failback per policy moves none back.
        Assert.Equal("Up", State(ReadCommandTests.Json(await cluster.RunAsync("Resume-ClusterNode", "node2", "-Failback", "Policy", "-o", "json"))));
        Assert.DoesNotContain("node2", (await OwnersAsync()).Values);
    }

    [Fact]
    public async Task Draining_a_node_to_itself_and_resuming_a_node_not_paused_are_refused_and_change_nothing()
    {
        var before = await OwnersAsync();
        Cli.AssertFails(1, "clusctl: ERROR_INVALID_TARGET_HANDLE (114): ",
            await cluster.RunAsync("Suspend-ClusterNode", "node2", "-Drain", "-TargetNode", "node2"));
        Cli.AssertFails(3, "clusctl: ERROR_CLUSTER_NODE_NOT_FOUND (5042): ",
            await cluster.RunAsync("Suspend-ClusterNode", "node2", "-Drain", "-TargetNode", "node9"));
        Assert.Equal("Up", State(ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterNode", "node2", "-o", "json"))));
        Cli.AssertFails(1, "clusctl: ERROR_CLUSTER_NODE_NOT_PAUSED (5058): ",
            await cluster.RunAsync("Resume-ClusterNode", "node2", "-Failback", "Immediate"));
        Assert.Equal(before, await OwnersAsync());
    }
}
