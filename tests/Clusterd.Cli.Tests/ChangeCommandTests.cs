using System.Text.RegularExpressions;

namespace Clusterd.Cli.Tests;

/// <summary>
/// The commands that change the cluster, against a real clusterd: each test changes its own objects and puts them back
/// (the tests of one class run one at a time).
/// </summary>
public sealed class ChangeCommandTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Fact]
    public async Task Backup_mode_in_progress_shows_in_the_backup_state_refuses_redirected_access_and_None_clears_it()
    {
        Cli.AssertOutput("""
            Name           VolumeFriendlyName BackupState Node
            ----           ------------------ ----------- ----
            Cluster Disk 1 Volume1            InProgress  node1
            """, await cluster.RunAsync("Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "InProgress", "-DelaySeconds", "600"));
        Cli.AssertOutput("""
            Name           VolumeFriendlyName BackupState Node
            ----           ------------------ ----------- ----
            Cluster Disk 1 Volume1            InProgress  node1
            Cluster Disk 2 Volume2            None        node2
            """, await cluster.RunAsync("Get-ClusterSharedVolumeBackupState"));

        // MS-CMRP 3.1.4.3.1.53: no redirected access for a volume in backup mode.
        var refused = Cli.AssertFails(1, "clusctl: ERROR_CLUSTER_BACKUP_IN_PROGRESS (5949): ",
            await cluster.RunAsync("Suspend-ClusterResource", "Cluster Disk 1", "-VolumeName", "Volume1", "-RedirectedAccess"));
        Assert.Contains("backup is in progress", refused, StringComparison.Ordinal);

        Cli.AssertOutput("""
            Name           VolumeFriendlyName BackupState Node
            ----           ------------------ ----------- ----
            Cluster Disk 1 Volume1            None        node1
            """, await cluster.RunAsync("csv", "backup", "Volume1", "--state", "None"));
        var json = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterSharedVolumeBackupState", "Volume1", "--output", "json"));
        Assert.Equal("None", json.EnumerateArray().Single().GetProperty("backupState").GetString());
    }

    [Fact]
    public async Task A_CSV_resource_name_sets_backup_mode_on_all_its_volumes_with_the_short_form()
    {
        var on = ReadCommandTests.Json(await cluster.RunAsync("csv", "backup", "Cluster Disk 2", "--state", "inprogress", "--delay", "300", "-o", "json"));
        Assert.Equal("InProgress", on.EnumerateArray().Single().GetProperty("backupState").GetString());
        var off = ReadCommandTests.Json(await cluster.RunAsync("csv", "backup", "Cluster Disk 2", "--state", "none", "-o", "json"));
        Assert.Equal("None", off.EnumerateArray().Single().GetProperty("backupState").GetString());
    }

    [Fact]
    public async Task Stop_and_Start_ClusterResource()
    {
        Cli.AssertOutput("""
            Name         State   OwnerGroup    ResourceType
            ----         -----   ----------    ------------
            Network Name Offline Cluster Group Network Name
            """, await cluster.RunAsync("Stop-ClusterResource", "Network Name"));
        Cli.AssertOutput("""
            Name         State   OwnerGroup    ResourceType
            ----         -----   ----------    ------------
            Network Name Offline Cluster Group Network Name
            """, await cluster.RunAsync("Get-ClusterResource", "Network Name"));
        Cli.AssertOutput("""
            Name         State  OwnerGroup    ResourceType
            ----         -----  ----------    ------------
            Network Name Online Cluster Group Network Name
            """, await cluster.RunAsync("resource", "start", "-Name", "Network Name"));
        var stopped = ReadCommandTests.Json(await cluster.RunAsync("resource", "stop", "Network Name", "--output", "json"));
        Assert.Equal("Offline", stopped.EnumerateArray().Single().GetProperty("state").GetString());
        var started = ReadCommandTests.Json(await cluster.RunAsync("Start-ClusterResource", "Network Name", "--output", "json"));
        Assert.Equal("Online", started.EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task Move_ClusterGroup_and_back()
    {
        Cli.AssertOutput("""
            Name              OwnerNode State
            ----              --------- -----
            Available Storage node3     Online
            """, await cluster.RunAsync("Move-ClusterGroup", "Available Storage", "-Node", "node3"));
        Cli.AssertOutput("""
            Name              OwnerNode State
            ----              --------- -----
            Available Storage node1     Online
            """, await cluster.RunAsync("group", "move", "Available Storage", "--node", "node1"));
    }

    [Fact]
    public async Task Move_ClusterSharedVolume_moves_the_coordinator()
    {
        Cli.AssertOutput("""
            Name           State  Node
            ----           -----  ----
            Cluster Disk 2 Online node3
            """, await cluster.RunAsync("Move-ClusterSharedVolume", "Cluster Disk 2", "-Node", "node3"));
        Cli.AssertOutput("""
            Name           VolumeFriendlyName BackupState Node
            ----           ------------------ ----------- ----
            Cluster Disk 2 Volume2            None        node3
            """, await cluster.RunAsync("Get-ClusterSharedVolumeBackupState", "Volume2"));
        Cli.AssertOutput("""
            Name           State  Node
            ----           -----  ----
            Cluster Disk 2 Online node2
            """, await cluster.RunAsync("csv", "move", "Cluster Disk 2", "-node", "node2"));
    }

    [Fact]
    public async Task Suspend_and_Resume_ClusterNode()
    {
        Cli.AssertOutput("""
            Name  ID State
            ----  -- -----
            node3 3  Paused
            """, await cluster.RunAsync("Suspend-ClusterNode", "node3"));
        Cli.AssertOutput("""
            Name  ID State
            ----  -- -----
            node3 3  Paused
            """, await cluster.RunAsync("Get-ClusterNode", "node3"));
        Cli.AssertOutput("""
            Name  ID State
            ----  -- -----
            node3 3  Up
            """, await cluster.RunAsync("node", "resume", "-Name", "node3"));
        Assert.Equal("Paused", ReadCommandTests.Json(await cluster.RunAsync("node", "suspend", "node3", "-o", "json")).EnumerateArray().Single()
            .GetProperty("state").GetString());
        Assert.Equal("Up", ReadCommandTests.Json(await cluster.RunAsync("Resume-ClusterNode", "node3", "-o", "json")).EnumerateArray().Single()
            .GetProperty("state").GetString());
    }

    [Fact]
    public async Task Suspend_and_Resume_ClusterResource_maintenance_and_redirected_access()
    {
        const string Disk2 = """
            Name           State  OwnerGroup     ResourceType
            ----           -----  ----------     ------------
            Cluster Disk 2 Online Cluster Disk 2 Physical Disk
            """;
        Cli.AssertOutput(Disk2, await cluster.RunAsync("Suspend-ClusterResource", "Cluster Disk 2", "-RedirectedAccess"));
        var redirected = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterSharedVolumeState", "Volume2", "-Node", "node1", "-o", "json"))
            .EnumerateArray().Single();
        Assert.Equal("FileSystemRedirected", redirected.GetProperty("stateInfo").GetString());
        Assert.Equal("UserRequest", redirected.GetProperty("fileSystemRedirectedIOReason").GetString());
        Cli.AssertOutput(Disk2, await cluster.RunAsync("Resume-ClusterResource", "Cluster Disk 2", "-VolumeName", "Volume2", "-RedirectedAccess"));
        var direct = ReadCommandTests.Json(await cluster.RunAsync("Get-ClusterSharedVolumeState", "Volume2", "-Node", "node1", "-o", "json"))
            .EnumerateArray().Single();
        Assert.Equal("Direct", direct.GetProperty("stateInfo").GetString());

        Cli.AssertOutput(Disk2, await cluster.RunAsync("resource", "suspend", "Cluster Disk 2", "--volume-name", "Volume2"));
        var inMaintenance = ReadCommandTests.Json(await cluster.RunAsync("csv", "list", "Volume2", "-o", "json")).EnumerateArray().Single();
        Assert.Equal("InMaintenance", inMaintenance.GetProperty("volumes")[0].GetProperty("faultState").GetString());
        Cli.AssertOutput(Disk2, await cluster.RunAsync("resource", "resume", "Cluster Disk 2"));
        var resumed = ReadCommandTests.Json(await cluster.RunAsync("csv", "list", "Volume2", "-o", "json")).EnumerateArray().Single();
        Assert.Equal("NoFaults", resumed.GetProperty("volumes")[0].GetProperty("faultState").GetString());
    }

    [Fact]
    public async Task Watch_Cluster_prints_a_change_made_by_another_command_and_Ctrl_C_ends_it_with_130()
    {
        var stdout = new SharedWriter { NewLine = "\n" };
        var stderr = new SharedWriter { NewLine = "\n" };
        using var ctrlC = new CancellationTokenSource();
        var watch = ClusctlProgram.RunAsync(["Watch-Cluster"], stdout, stderr, cluster.Environment(), ctrlC.Token);

        // The subscription is made when the stream starts: change something until the watch has seen it.
        var seen = new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Node \S+ node2$", RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + Cli.Bound;
        while (!seen.IsMatch(stdout.ToString()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no change seen\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}");
            Assert.False(watch.IsCompleted, $"Watch-Cluster ended\n{stderr}");
            Assert.Equal(0, (await cluster.RunAsync("Suspend-ClusterNode", "node2")).ExitCode);
            Assert.Equal(0, (await cluster.RunAsync("Resume-ClusterNode", "node2")).ExitCode);
            await Task.Delay(200);
        }

        ctrlC.Cancel();
        Assert.Equal(130, await watch.WaitAsync(Cli.Bound));
        Assert.Equal("", stderr.ToString());
        Assert.All(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Za-z]+ \S+", l));
    }

    [Fact]
    public async Task Watch_with_json_output_prints_one_object_per_line()
    {
        var stdout = new SharedWriter { NewLine = "\n" };
        var stderr = new SharedWriter { NewLine = "\n" };
        using var ctrlC = new CancellationTokenSource();
        var watch = ClusctlProgram.RunAsync(["watch", "--output", "json"], stdout, stderr, cluster.Environment(), ctrlC.Token);
        var deadline = DateTime.UtcNow + Cli.Bound;
        while (!stdout.ToString().Contains("\"objectName\":\"Network Name\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no change seen\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}");
            Assert.False(watch.IsCompleted, stderr.ToString());
            Assert.Equal(0, (await cluster.RunAsync("Stop-ClusterResource", "Network Name")).ExitCode);
            Assert.Equal(0, (await cluster.RunAsync("Start-ClusterResource", "Network Name")).ExitCode);
            await Task.Delay(200);
        }
        ctrlC.Cancel();
        Assert.Equal(130, await watch.WaitAsync(Cli.Bound));
        foreach (var line in stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal(["time", "objectType", "change", "objectName", "objectId", "parentId"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.EndsWith("Z", doc.RootElement.GetProperty("time").GetString(), StringComparison.Ordinal);
        }
    }
}
