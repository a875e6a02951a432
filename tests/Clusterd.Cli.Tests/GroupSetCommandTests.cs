namespace Clusterd.Cli.Tests;

/// <summary>The group-set commands against a real clusterd (ApiCreateGroupSet, ApiAddGroupToGroupSet, ApiGroupSetControl, ...).</summary>
public sealed class GroupSetCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Fact]
    public async Task New_Add_Get_RemoveFromSet_and_Remove_a_group_set_end_to_end()
    {
        Cli.AssertOutput("""
            Name GroupNames ProviderNames
            ---- ---------- -------------
            web
            """, await cluster.RunAsync("New-ClusterGroupSet", "web"));
        Cli.AssertOutput("""
            Name GroupNames        ProviderNames
            ---- ----------        -------------
            web  Available Storage
            """, await cluster.RunAsync("Add-ClusterGroupToSet", "web", "-Group", "Available Storage"));

        var all = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterGroupSet", "--output", "json"));
        var web = all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "web");
        Assert.Equal(["Available Storage"], web.GetProperty("groupNames").EnumerateArray().Select(g => g.GetString()));
        var core = all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Cluster Group");
        Assert.Equal(["Cluster Group"], core.GetProperty("groupNames").EnumerateArray().Select(g => g.GetString()));

        // A set with a member cannot go; a group is in at most one set.
        Cli.AssertFails(1, "clusctl: ERROR_DIR_NOT_EMPTY (145): ", await cluster.RunAsync("Remove-ClusterGroupSet", "web"));
        Cli.AssertFails(1, "clusctl: ERROR_ALREADY_EXISTS (183): ", await cluster.RunAsync("groupset", "add", "Cluster Group", "--group", "Available Storage"));

        var removed = await cluster.RunAsync("Remove-ClusterGroupFromSet", "Available Storage");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        var gone = await cluster.RunAsync("groupset", "remove", "web");
        Assert.True(gone.ExitCode == 0, gone.ToString());
        var after = ReadCommandTests.Json(await cluster.RunAsync("groupset", "list", "-o", "json"));
        Assert.DoesNotContain(after.EnumerateArray(), s => s.GetProperty("name").GetString() == "web");
    }

    [Fact]
    public async Task Get_ClusterGroupSet_of_a_missing_set_is_ERROR_GROUPSET_NOT_FOUND_with_exit_code_3() =>
        Cli.AssertFails(3, "clusctl: ERROR_GROUPSET_NOT_FOUND (", await cluster.RunAsync("Get-ClusterGroupSet", "no such set"));
}
