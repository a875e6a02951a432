using System.Text.Json;

namespace Clusterd.Cli.Tests;

/// <summary>
/// The Get commands against a real clusterd (the default topology, never changed here): their tables as golden text,
/// their JSON parsed, and the same output from the short forms and from any spelling of the names.
/// </summary>
public sealed class ReadCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Fact]
    public async Task Get_Cluster()
    {
        Cli.AssertOutput("""
            Name
            ----
            CLUSTER1
            """, await cluster.RunAsync("Get-Cluster"));
        var json = Json(await cluster.RunAsync("Get-Cluster", "--output", "json"));
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal("CLUSTER1", json.GetProperty("name").GetString());
        Assert.Equal("node1", json.GetProperty("nodeName").GetString());
        Assert.True(json.GetProperty("majorVersion").GetInt32() > 0);
        Assert.Equal(5, json.EnumerateObject().Count());
    }

    [Fact]
    public async Task Get_ClusterNode_and_its_short_forms()
    {
        const string Expected = """
            Name  ID State
            ----  -- -----
            node1 1  Up
            node2 2  Up
            node3 3  Up
            """;
        Cli.AssertOutput(Expected, await cluster.RunAsync("Get-ClusterNode"));
        Cli.AssertOutput(Expected, await cluster.RunAsync("get-clusternode"));
        Cli.AssertOutput(Expected, await cluster.RunAsync("node", "list"));
        Cli.AssertOutput(Expected, await cluster.RunAsync("NODE", "LIST", "-OUTPUT", "Table"));
        Cli.AssertOutput("""
            Name  ID State
            ----  -- -----
            node2 2  Up
            """, await cluster.RunAsync("Get-ClusterNode", "-Name", "node2"));
        Cli.AssertOutput("""
            Name  : node3
            ID    : 3
            State : Up
            """, await cluster.RunAsync("Get-ClusterNode", "node3", "-o", "list"));

        var json = Json(await cluster.RunAsync("Get-ClusterNode", "--output", "json"));
        Assert.Equal(["node1", "node2", "node3"], json.EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(["1", "2", "3"], json.EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.All(json.EnumerateArray(), n => Assert.Equal("Up", n.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Get_ClusterGroup()
    {
        var expected = """
            Name              OwnerNode State
            ----              --------- -----
            Available Storage node1     Online
            Cluster Disk 1    node1     Online
            Cluster Disk 2    node2     Online
            Cluster Group     node1     Online
            """;
        Cli.AssertOutput(expected, await cluster.RunAsync("Get-ClusterGroup"));
        Cli.AssertOutput(expected, await cluster.RunAsync("group", "list"));
        var json = Json(await cluster.RunAsync("group", "list", "--output", "json"));
        var disk2 = json.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Cluster Disk 2");
        Assert.Equal("node2", disk2.GetProperty("ownerNode").GetString());
        Assert.Equal("Online", disk2.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Get_ClusterResource()
    {
        var expected = """
            Name               State  OwnerGroup        ResourceType
            ----               -----  ----------        ------------
            Cluster Disk 1     Online Cluster Disk 1    Physical Disk
            Cluster Disk 2     Online Cluster Disk 2    Physical Disk
            Cluster Disk 3     Online Available Storage Physical Disk
            Cluster IP Address Online Cluster Group     IP Address
            Cluster Name       Online Cluster Group     Network Name
            Network Name       Online Cluster Group     Network Name
            """;
        Cli.AssertOutput(expected, await cluster.RunAsync("Get-ClusterResource"));
        Cli.AssertOutput(expected, await cluster.RunAsync("resource", "list"));
        Cli.AssertOutput("""
            Name           State  OwnerGroup     ResourceType
            ----           -----  ----------     ------------
            Cluster Disk 2 Online Cluster Disk 2 Physical Disk
            """, await cluster.RunAsync("Get-ClusterResource", "Cluster Disk 2"));
        var json = Json(await cluster.RunAsync("Get-ClusterResource", "--output", "json"));
        var disk1 = json.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "Cluster Disk 1");
        Assert.Equal(("Online", "Cluster Disk 1", "node1", "Physical Disk"), (disk1.GetProperty("state").GetString(),
            disk1.GetProperty("ownerGroup").GetString(), disk1.GetProperty("ownerNode").GetString(), disk1.GetProperty("resourceType").GetString()));
    }

    [Fact]
    public async Task Get_ClusterParameter()
    {
        var r = await cluster.RunAsync("Get-ClusterParameter", "Cluster Name");
        Cli.AssertOutput("""
            Object       Name    Value    Type
            ------       ----    -----    ----
            Cluster Name DnsName CLUSTER1 String
            Cluster Name Name    CLUSTER1 String
            """, r);
        Assert.Equal(r.Stdout, (await cluster.RunAsync("Get-ClusterParameter", "-Name", "Cluster Name")).Stdout);
        Assert.Equal(r.Stdout, (await cluster.RunAsync("resource", "params", "Cluster Name")).Stdout);

        var json = Json(await cluster.RunAsync("Get-ClusterParameter", "Cluster Name", "--output", "json"));
        var dns = json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "DnsName");
        Assert.Equal(("Cluster Name", "CLUSTER1", "String"), (dns.GetProperty("object").GetString(), dns.GetProperty("value").GetString(),
            dns.GetProperty("type").GetString()));
        Assert.All(json.EnumerateArray(), p => Assert.Equal(4, p.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Get_ClusterSharedVolume()
    {
        var expected = """
            Name           State  Node
            ----           -----  ----
            Cluster Disk 1 Online node1
            Cluster Disk 2 Online node2
            """;
        Cli.AssertOutput(expected, await cluster.RunAsync("Get-ClusterSharedVolume"));
        Cli.AssertOutput(expected, await cluster.RunAsync("csv", "list"));
        Cli.AssertOutput("""
            Name           State  Node
            ----           -----  ----
            Cluster Disk 2 Online node2
            """, await cluster.RunAsync("Get-ClusterSharedVolume", "Volume2"));

        var json = Json(await cluster.RunAsync("csv", "list", "--output", "json"));
        var disk1 = json.EnumerateArray().First();
        Assert.Equal(("Cluster Disk 1", "Online", "node1"), (disk1.GetProperty("name").GetString(), disk1.GetProperty("state").GetString(),
            disk1.GetProperty("node").GetString()));
        var volume = disk1.GetProperty("volumes").EnumerateArray().Single();
        Assert.Equal("Volume1", volume.GetProperty("friendlyName").GetString());
        Assert.Equal(@"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\", volume.GetProperty("volumeName").GetString());
        Assert.Equal("None", volume.GetProperty("backupState").GetString());
        Assert.Equal("NoFaults", volume.GetProperty("faultState").GetString());
        Assert.Equal(135266304UL, volume.GetProperty("volumeOffset").GetUInt64());
        Assert.Equal(2U, volume.GetProperty("partitionNumber").GetUInt32());
    }

    [Fact]
    public async Task Get_ClusterSharedVolumeState_is_a_list_by_default()
    {
        var r = await cluster.RunAsync("Get-ClusterSharedVolumeState", "-Name", "Cluster Disk 1", "-Node", "node2");
        Cli.AssertOutput("""
            Name                         : Cluster Disk 1
            VolumeName                   : \\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\
            VolumeFriendlyName           : Volume1
            Node                         : node2
            StateInfo                    : Direct
            FileSystemRedirectedIOReason : NotFileSystemRedirected
            BlockRedirectedIOReason      : NotBlockRedirected
            """, r);

        var all = await cluster.RunAsync("csv", "state");
        Assert.True(all.ExitCode == 0, all.ToString());
        var blocks = all.Stdout.Split("\n\n");
        Assert.Equal(6, blocks.Length); // 2 volumes x 3 nodes
        Assert.All(blocks, b => Assert.Equal(7, b.Trim('\n').Split('\n').Length));

        var table = await cluster.RunAsync("Get-ClusterSharedVolumeState", "-Node", "node3", "--output", "table");
        Cli.AssertOutput("""
            Name           VolumeName                                        VolumeFriendlyName Node  StateInfo FileSystemRedirectedIOReason BlockRedirectedIOReason
            ----           ----------                                        ------------------ ----  --------- ---------------------------- -----------------------
            Cluster Disk 1 \\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\ Volume1            node3 Direct    NotFileSystemRedirected      NotBlockRedirected
            Cluster Disk 2 \\?\Volume{3f0c9a77-2222-4c1d-9e2f-0a0b0c0d0e02}\ Volume2            node3 Direct    NotFileSystemRedirected      NotBlockRedirected
            """, table);

        var json = Json(await cluster.RunAsync("Get-ClusterSharedVolumeState", "--output", "json"));
        Assert.Equal(6, json.GetArrayLength());
        var first = json.EnumerateArray().First();
        Assert.Equal(["name", "volumeName", "volumeFriendlyName", "node", "stateInfo", "fileSystemRedirectedIOReason", "blockRedirectedIOReason"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Direct", first.GetProperty("stateInfo").GetString());
    }

    [Fact]
    public async Task Get_ClusterSharedVolumeBackupState()
    {
        var expected = """
            Name           VolumeFriendlyName BackupState Node
            ----           ------------------ ----------- ----
            Cluster Disk 1 Volume1            None        node1
            Cluster Disk 2 Volume2            None        node2
            """;
        Cli.AssertOutput(expected, await cluster.RunAsync("Get-ClusterSharedVolumeBackupState"));
        Cli.AssertOutput(expected, await cluster.RunAsync("csv", "backup-state"));
        var json = Json(await cluster.RunAsync("csv", "backup-state", "Volume2", "--output", "json"));
        var v = json.EnumerateArray().Single();
        Assert.Equal(["name", "volumeFriendlyName", "volumeName", "backupState", "node"], v.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Cluster Disk 2", "Volume2", "None", "node2"), (v.GetProperty("name").GetString(), v.GetProperty("volumeFriendlyName").GetString(),
            v.GetProperty("backupState").GetString(), v.GetProperty("node").GetString()));
    }

    [Fact]
    public async Task Options_work_after_or_before_the_command_single_or_double_dash_in_any_case()
    {
        var env = new Dictionary<string, string> { ["CLUSCTL_PASSWORD"] = ClusterdFixture.Password };
        var expected = (await cluster.RunAsync("Get-Cluster")).Stdout;
        foreach (var args in new[]
        {
            new[] { "--cluster", cluster.Address, "--user", ClusterdFixture.User, "Get-Cluster" },
            ["Get-Cluster", "-Cluster", cluster.Address, "-User", ClusterdFixture.User],
            ["get-cluster", "-cluster", cluster.Address, "-user", @"ANYDOMAIN\" + ClusterdFixture.User],
            ["Get-Cluster", "--cluster=" + cluster.Address, "--USER", ClusterdFixture.User],
        })
        {
            var r = await Cli.RunAsync(env, args);
            Assert.True(r.ExitCode == 0, string.Join(' ', args) + "\n" + r);
            Assert.Equal(expected, r.Stdout);
        }
    }

    internal static JsonElement Json(CliResult r)
    {
        Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }
}
