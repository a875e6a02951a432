using Clusterd.Server.Tests;

namespace Clusterd.Cli.Tests;

/// <summary>
/// Issue 13's proof, end to end: a real clusterd process, clusctl as an administrator and as a monitoring account. Remove
/// the account's access (its open fails), grant it read-only (reads work, SET_SHARED_VOLUME_BACKUP_MODE is denied),
/// block it, restore it; bad changes are refused with their Win32 error and change nothing; the descriptor survives
/// <c>kill -9</c> and a restart (it is in the cluster database). Here rather than in Clusterd.Server.Tests because it runs
/// clusctl, and this project already starts real servers (Clusterd.Server.Tests' ServerProcess).
/// </summary>
public sealed class AccessEndToEndTests
{
    private const string Admin = "admin";
    private const string Monitor = "monitor";
    private const string Password = "Cl1-Pa55word!";

    private static Dictionary<string, string> As(string user, int port) => new()
    {
        ["CLUSCTL_CLUSTER"] = $"127.0.0.1:{port}",
        ["CLUSCTL_USER"] = user,
        ["CLUSCTL_PASSWORD"] = Password,
    };

    private static Task<ServerProcess> StartAsync(TempDir dir, string accounts) =>
        ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);

    [Fact]
    public async Task Remove_grant_read_only_block_and_restore_an_account_and_the_changes_survive_kill_9()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{Admin}:{Password}\n{Monitor}:{Password}\n");
        var server = await StartAsync(dir, accounts);
        try
        {
            var admin = As(Admin, server.ClusApiPort);
            var monitor = As(Monitor, server.ClusApiPort);

            // The initial descriptor: every account of the accounts file holds All (as before the descriptor existed).
            Cli.AssertOutput("""
                Cluster  IdentityReference AccessControlType ClusterRights
                -------  ----------------- ----------------- -------------
                CLUSTER1 admin             Allow             Full
                CLUSTER1 monitor           Allow             Full
                """, await Cli.RunAsync(admin, ["Get-ClusterAccess"]));
            await RunQuietAsync(monitor, "Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "None");

            // Remove: the account's open fails.
            await RunQuietAsync(admin, "Remove-ClusterAccess", "-User", Monitor);
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(monitor, ["Get-ClusterNode"]));

            // Read-only: reads work, a change is refused and nothing changes.
            await RunQuietAsync(admin, "Grant-ClusterAccess", "-User", Monitor, "-ReadOnly");
            var nodes = await Cli.RunAsync(monitor, ["Get-ClusterNode"]);
            Assert.True(nodes.ExitCode == 0 && nodes.Stdout.Contains("node1", StringComparison.Ordinal), nodes.ToString());
            var before = await Cli.RunAsync(admin, ["Get-ClusterSharedVolumeBackupState"]);
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ",
                await Cli.RunAsync(monitor, ["Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "InProgress", "-DelaySeconds", "600"]));
            Assert.Equal(before.Stdout, (await Cli.RunAsync(admin, ["Get-ClusterSharedVolumeBackupState"])).Stdout);
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(monitor, ["Grant-ClusterAccess", "-User", Monitor, "-Full"]));

            // Bad changes: each refused with its error, nothing changed.
            var access = await Cli.RunAsync(admin, ["Get-ClusterAccess"]);
            Cli.AssertFails(1, "clusctl: ERROR_NONE_MAPPED (1332): ", await Cli.RunAsync(admin, ["Grant-ClusterAccess", "-User", "ghost", "-Full"]));
            Cli.AssertFails(1, "clusctl: ERROR_LAST_ADMIN (1322): ", await Cli.RunAsync(admin, ["Remove-ClusterAccess", "-User", Admin]));
            Cli.AssertFails(1, "clusctl: ERROR_LAST_ADMIN (1322): ", await Cli.RunAsync(admin, ["Block-ClusterAccess", "-User", Admin]));
            Cli.AssertFails(1, "clusctl: ERROR_LAST_ADMIN (1322): ", await Cli.RunAsync(admin, ["Grant-ClusterAccess", "-User", Admin, "-ReadOnly"]));
            Assert.Equal(access.Stdout, (await Cli.RunAsync(admin, ["Get-ClusterAccess"])).Stdout);

            // Block: a deny entry; the blocked account retrying is refused each time.
            await RunQuietAsync(admin, "Block-ClusterAccess", "-User", Monitor);
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(monitor, ["Get-ClusterNode"]));
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(monitor, ["Get-ClusterNode"]));

            // kill -9 and restart on the same data directory: the descriptor is in the cluster database.
            server.KillHard();
            await server.WaitForExitAsync();
            server.Dispose();
            server = await StartAsync(dir, accounts);
            admin = As(Admin, server.ClusApiPort);
            monitor = As(Monitor, server.ClusApiPort);
            Cli.AssertOutput("""
                Cluster  IdentityReference AccessControlType ClusterRights
                -------  ----------------- ----------------- -------------
                CLUSTER1 monitor           Deny              Full
                CLUSTER1 admin             Allow             Full
                """, await Cli.RunAsync(admin, ["Get-ClusterAccess"]));
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(monitor, ["Get-ClusterNode"]));

            // Restore: full access again, changes work.
            await RunQuietAsync(admin, "Grant-ClusterAccess", "-User", Monitor, "-Full");
            await RunQuietAsync(monitor, "Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "InProgress", "-DelaySeconds", "600");
            Cli.AssertOutput("""
                Cluster  IdentityReference AccessControlType ClusterRights
                -------  ----------------- ----------------- -------------
                CLUSTER1 admin             Allow             Full
                CLUSTER1 monitor           Allow             Full
                """, await Cli.RunAsync(monitor, ["Get-ClusterAccess"]));
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>The embedded default topology with an access list: the source file, as the repository has it.</summary>
    private static async Task<string> TopologyWithAccessAsync(TempDir dir, string access)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var source = Path.GetFullPath(Path.Combine(tfm.FullName, "..", "..", "..", "..", "..", "src", "Clusterd.Cluster", "Topology", "default-topology.json"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(source),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        json["access"] = System.Text.Json.Nodes.JsonNode.Parse(access);
        var file = Path.Combine(dir.Path, "topology.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        return file;
    }

    [Fact]
    public async Task The_topology_access_list_seeds_the_descriptor_and_a_list_naming_an_unknown_account_stops_the_start()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{Admin}:{Password}\n{Monitor}:{Password}\n");
        var config = await TopologyWithAccessAsync(dir, $$"""[{"user":"{{Admin}}"},{"user":"{{Monitor}}","rights":"Read"}]""");
        using (var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir,
            "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts, "--config", config))
        {
            Cli.AssertOutput("""
                Cluster  IdentityReference AccessControlType ClusterRights
                -------  ----------------- ----------------- -------------
                CLUSTER1 admin             Allow             Full
                CLUSTER1 monitor           Allow             Read
                """, await Cli.RunAsync(As(Admin, server.ClusApiPort), ["Get-ClusterAccess"]));
            Cli.AssertFails(4, "clusctl: ERROR_ACCESS_DENIED (5): ", await Cli.RunAsync(As(Monitor, server.ClusApiPort),
                ["Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "InProgress", "-DelaySeconds", "600"]));
        }

        using var other = new TempDir();
        var bad = await TopologyWithAccessAsync(other, """[{"user":"admin"},{"user":"ghost","rights":"Read"}]""");
        using var refused = ServerProcess.Start(other.Path, "--data-dir", other.DataDir, "--port", "0", "--epm-port", "0", "--accounts", accounts, "--config", bad);
        Assert.Equal(1, await refused.WaitForExitAsync());
        Assert.Contains("ERROR_NONE_MAPPED", refused.Output, StringComparison.Ordinal);
    }

    private static async Task RunQuietAsync(Dictionary<string, string> env, params string[] args)
    {
        var r = await Cli.RunAsync(env, args);
        Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, r.ToString());
    }
}
