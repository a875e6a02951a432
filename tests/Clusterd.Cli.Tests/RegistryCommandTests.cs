namespace Clusterd.Cli.Tests;

/// <summary>
/// Set-ClusterParameter against a real clusterd: the parameter goes through the cluster registry methods (ApiCreateKey,
/// ApiSetValue) and Get-ClusterParameter (the resource's private properties) reads it back (Registry area, issue 11).
/// </summary>
public sealed class RegistryCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Fact]
    public async Task Set_ClusterParameter_writes_through_the_registry_and_Get_ClusterParameter_reads_it_back()
    {
        Cli.AssertOutput("""
            Object         Name       Value Type
            ------         ----       ----- ----
            Cluster Disk 1 MaxRetries 5     UInt32
            """, await cluster.RunAsync("Set-ClusterParameter", "Cluster Disk 1", "-Name", "MaxRetries", "-Value", "5", "-Type", "DWord"));
        var json = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterParameter", "Cluster Disk 1", "--output", "json"));
        var retries = json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "MaxRetries");
        Assert.Equal(5, retries.GetProperty("value").GetInt32());

        var set = ReadCommandTests.Json(await cluster.RunAsync("resource", "set-param", "Cluster Disk 1", "--name", "Comment", "--value", "nightly", "-o", "json"));
        Assert.Equal("nightly", set.EnumerateArray().Single().GetProperty("value").GetString());
    }

    [Fact]
    public async Task Set_ClusterParameter_of_a_missing_resource_is_exit_code_3_and_a_bad_value_a_usage_error()
    {
        Cli.AssertFails(3, "clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ",
            await cluster.RunAsync("Set-ClusterParameter", "No Such Disk", "-Name", "x", "-Value", "1"));
        Cli.AssertFails(2, "clusctl: -Value: ", await cluster.RunAsync("Set-ClusterParameter", "Cluster Disk 1", "-Name", "x", "-Value", "many", "-Type", "DWord"));
        var noName = await cluster.RunAsync("Set-ClusterParameter", "Cluster Disk 1", "-Value", "1");
        Assert.Equal(2, noName.ExitCode);
        Assert.Contains("'--name' is required", noName.Stderr, StringComparison.Ordinal);
    }
}
