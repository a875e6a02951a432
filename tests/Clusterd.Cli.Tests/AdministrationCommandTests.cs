namespace Clusterd.Cli.Tests;

/// <summary>
/// Resource types, owner nodes, Move-ClusterResource, dependency expressions and the quorum against a real clusterd
/// (ApiCreateResourceType, ApiDeleteResourceType, ApiAddResourceNode, ApiRemoveResourceNode, ApiSetGroupNodeList,
/// ApiChangeResourceGroupEx, ApiSet-/GetResourceDependencyExpression, ApiSet-/GetQuorumResource; issue 11).
/// </summary>
public sealed class AdministrationCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Fact]
    public async Task Get_Add_and_Remove_ClusterResourceType_end_to_end()
    {
        var types = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterResourceType", "--output", "json"));
        var disk = types.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Physical Disk");
        Assert.Equal("clusres.dll", disk.GetProperty("dllName").GetString());

        var added = ReadCommandTests.Json(await cluster.RunAsync("Add-ClusterResourceType", "Contoso App", "-Dll", "contosores.dll",
            "-DisplayName", "Contoso Application", "-o", "json"));
        var type = added.EnumerateArray().Single();
        Assert.Equal("Contoso App", type.GetProperty("name").GetString());
        Assert.Equal("Contoso Application", type.GetProperty("displayName").GetString());
        Assert.Equal("contosores.dll", type.GetProperty("dllName").GetString());
        Assert.Contains(ReadCommandTests.Json(await cluster.RunAsync("resourcetype", "list", "-o", "json")).EnumerateArray(),
            t => t.GetProperty("name").GetString() == "Contoso App");
        Cli.AssertFails(1, "clusctl: ERROR_ALREADY_EXISTS (183): ",
            await cluster.RunAsync("resourcetype", "add", "contoso app", "--dll", "other.dll"));

        var removed = await cluster.RunAsync("Remove-ClusterResourceType", "Contoso App");
        Assert.True(removed.ExitCode == 0 && removed.Stdout.Length == 0, removed.ToString());
        Cli.AssertFails(3, "clusctl: ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND (5078): ", await cluster.RunAsync("Get-ClusterResourceType", "Contoso App"));
    }

    [Fact]
    public async Task Removing_a_resource_type_that_still_has_resources_is_ERROR_DIR_NOT_EMPTY_with_exit_code_1()
    {
        Cli.AssertFails(1, "clusctl: ERROR_DIR_NOT_EMPTY (145): ", await cluster.RunAsync("Remove-ClusterResourceType", "Physical Disk"));
        Cli.AssertOutput("""
            Name          DisplayName   DllName
            ----          -----------   -------
            Physical Disk Physical Disk clusres.dll
            """, await cluster.RunAsync("Get-ClusterResourceType", "Physical Disk"));
    }

    [Fact]
    public async Task Set_ClusterOwnerNode_makes_the_list_exactly_the_possible_owners()
    {
        Cli.AssertOutput("""
            ClusterObject  OwnerNodes
            -------------  ----------
            Cluster Disk 3 node1, node2, node3
            """, await cluster.RunAsync("Get-ClusterOwnerNode", "-Resource", "Cluster Disk 3"));
        Cli.AssertOutput("""
            ClusterObject  OwnerNodes
            -------------  ----------
            Cluster Disk 3 node1, node3
            """, await cluster.RunAsync("Set-ClusterOwnerNode", "-Resource", "Cluster Disk 3", "-Owners", "node1,node3"));
        var json = ReadCommandTests.Json(await cluster.RunAsync("resource", "set-owners", "--resource", "Cluster Disk 3", "--owners", "node1", "node2",
            "-o", "json"));
        Assert.Equal(["node1", "node2"], json.EnumerateArray().Single().GetProperty("ownerNodes").EnumerateArray().Select(n => n.GetString()));

        // An unknown node changes nothing; the node the online resource runs on cannot go.
        Cli.AssertFails(3, "clusctl: ERROR_CLUSTER_NODE_NOT_FOUND (5042): ",
            await cluster.RunAsync("Set-ClusterOwnerNode", "-Resource", "Cluster Disk 3", "-Owners", "node3,node9"));
        Cli.AssertFails(1, "clusctl: ERROR_INVALID_STATE (5023): ",
            await cluster.RunAsync("Set-ClusterOwnerNode", "-Resource", "Cluster Disk 3", "-Owners", "node2"));
        var after = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterOwnerNode", "-Resource", "Cluster Disk 3", "-o", "json"));
        Assert.Equal(["node1", "node2"], after.EnumerateArray().Single().GetProperty("ownerNodes").EnumerateArray().Select(n => n.GetString()));
        var restored = await cluster.RunAsync("Set-ClusterOwnerNode", "-Resource", "Cluster Disk 3", "-Owners", "node1,node2,node3");
        Assert.True(restored.ExitCode == 0, restored.ToString());
    }

    [Fact]
    public async Task Set_ClusterOwnerNode_of_a_group_sets_its_preferred_owners_in_order()
    {
        Cli.AssertOutput("""
            ClusterObject     OwnerNodes
            -------------     ----------
            Available Storage node3, node1
            """, await cluster.RunAsync("group", "set-owners", "--group", "Available Storage", "--owners", "node3,node1"));
        Cli.AssertOutput("""
            ClusterObject     OwnerNodes
            -------------     ----------
            Available Storage node3, node1
            """, await cluster.RunAsync("Get-ClusterOwnerNode", "-Group", "Available Storage"));
        Cli.AssertFails(3, "clusctl: ERROR_GROUP_NOT_FOUND (5013): ", await cluster.RunAsync("Get-ClusterOwnerNode", "-Group", "No Such Group"));
    }

    [Fact]
    public async Task Move_ClusterResource_then_a_dependency_expression_on_it_round_trips()
    {
        // Dependencies are within a group: Cluster Disk 3 must first join Cluster Group.
        Cli.AssertFails(1, "clusctl: ERROR_INVALID_PARAMETER (87): ", await cluster.RunAsync("Set-ClusterResourceDependency", "Network Name",
            "-Dependency", "[Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])"));
        Cli.AssertOutput("""
            Name           State  OwnerGroup    ResourceType
            ----           -----  ----------    ------------
            Cluster Disk 3 Online Cluster Group Physical Disk
            """, await cluster.RunAsync("Move-ClusterResource", "Cluster Disk 3", "-Group", "Cluster Group"));
        Cli.AssertOutput("""
            Resource     DependencyExpression
            --------     --------------------
            Network Name [Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])
            """, await cluster.RunAsync("Set-ClusterResourceDependency", "Network Name", "-Dependency", "[Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])"));
        var json = ReadCommandTests.Json(await cluster.RunAsync("resource", "dependency", "Network Name", "-o", "json"));
        Assert.Equal("[Cluster IP Address] and ([Cluster Disk 3] or [Cluster Name])",
            json.EnumerateArray().Single().GetProperty("dependencyExpression").GetString());

        Cli.AssertFails(3, "clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ",
            await cluster.RunAsync("Set-ClusterResourceDependency", "Network Name", "-Dependency", "[Cluster IP Address] and [No Such Disk]"));
        Cli.AssertFails(3, "clusctl: ERROR_GROUP_NOT_FOUND (5013): ", await cluster.RunAsync("resource", "move", "Cluster Disk 3", "--group", "No Such Group"));
        Cli.AssertOutput("""
            Resource     DependencyExpression
            --------     --------------------
            Network Name
            """, await cluster.RunAsync("resource", "set-dependency", "Network Name", "--dependency", ""));
    }

    [Fact]
    public async Task Set_ClusterQuorum_makes_a_disk_the_witness_and_refuses_what_cannot_be_quorum()
    {
        Cli.AssertOutput("""
            Cluster  QuorumResource
            -------  --------------
            CLUSTER1 Cluster Disk 3
            """, await cluster.RunAsync("Set-ClusterQuorum", "-DiskWitness", "Cluster Disk 3"));
        // A network name is not storage; a Cluster Shared Volume cannot be a witness.
        Cli.AssertFails(1, "clusctl: ERROR_NOT_QUORUM_CLASS (5025): ", await cluster.RunAsync("Set-ClusterQuorum", "-DiskWitness", "Cluster Name"));
        Cli.AssertFails(1, "clusctl: ERROR_NOT_QUORUM_CLASS (5025): ", await cluster.RunAsync("quorum", "set", "--disk-witness", "Cluster Disk 1"));
        var json = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterQuorum", "-o", "json"));
        Assert.Equal("Cluster Disk 3", json.EnumerateArray().Single().GetProperty("quorumResource").GetString());
    }
}
