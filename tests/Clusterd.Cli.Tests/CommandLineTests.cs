using System.Net;
using System.Net.Sockets;

namespace Clusterd.Cli.Tests;

/// <summary>The command line itself: usage errors (exit 2), help, case-insensitive names; no server needed.</summary>
public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> Configured = new()
    {
        ["CLUSCTL_CLUSTER"] = "127.0.0.1:1",
        ["CLUSCTL_USER"] = "operator",
        ["CLUSCTL_PASSWORD"] = "x",
    };

    [Theory]
    [InlineData("Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "InProgress")]
    [InlineData("set-clustersharedvolumebackupmode", "Volume1", "-state", "inprogress")]
    [InlineData("Set-ClusterSharedVolumeBackupMode", "Volume1", "--state", "InProgress", "--delay-seconds", "0")]
    [InlineData("csv", "backup", "Volume1", "--state=InProgress")]
    [InlineData("CSV", "Backup", "Volume1", "-State:InProgress")]
    public async Task Backup_mode_InProgress_without_a_delay_is_a_usage_error(params string[] args)
    {
        var r = await Cli.RunAsync(Configured, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("clusctl: -State InProgress needs -DelaySeconds N with N > 0", r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith(args[0].StartsWith("csv", StringComparison.OrdinalIgnoreCase) ? "clusctl: see 'clusctl csv backup --help'\n"
            : "clusctl: see 'clusctl Set-ClusterSharedVolumeBackupMode --help'\n", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusctl: -State: 'Started' is not InProgress or None", "Set-ClusterSharedVolumeBackupMode", "Volume1", "-State", "Started")]
    [InlineData("clusctl: Option '--state' is required.", "Set-ClusterSharedVolumeBackupMode", "Volume1")]
    [InlineData("clusctl: -DelaySeconds: 'soon' is not a number of seconds", "csv", "backup", "V", "--state", "InProgress", "--delay", "soon")]
    [InlineData("clusctl: --output: 'yaml' is not table, list or json", "Get-ClusterNode", "--output", "yaml")]
    [InlineData("clusctl: VOLUME is required (positional or -Name)", "Set-ClusterSharedVolumeBackupMode", "-State", "None")]
    [InlineData("clusctl: RESOURCE is required (positional or -Name)", "Start-ClusterResource")]
    [InlineData("clusctl: NODE given twice: 'node1' and -Name 'node2'", "Suspend-ClusterNode", "node1", "-Name", "node2")]
    [InlineData("clusctl: -TargetNode and -ForceDrain need -Drain", "Suspend-ClusterNode", "node1", "-TargetNode", "node2")]
    [InlineData("clusctl: -TargetNode and -ForceDrain need -Drain", "node", "suspend", "node1", "--force-drain")]
    [InlineData("clusctl: -Failback: 'Later' is not Immediate, Policy or NoFailback", "Resume-ClusterNode", "node1", "-Failback", "Later")]
    [InlineData("clusctl: Unrecognized command or argument '-Drain'.", "Resume-ClusterNode", "node1", "-Drain")]
    [InlineData("clusctl: Option '--dll' is required.", "Add-ClusterResourceType", "T")]
    [InlineData("clusctl: TYPE is required (positional or -Name)", "Remove-ClusterResourceType")]
    [InlineData("clusctl: give one of -Resource RESOURCE or -Group GROUP", "Get-ClusterOwnerNode")]
    [InlineData("clusctl: give one of -Resource RESOURCE or -Group GROUP", "Set-ClusterOwnerNode", "-Resource", "R", "-Group", "G", "-Owners", "n1")]
    [InlineData("clusctl: Option '--owners' is required.", "Set-ClusterOwnerNode", "-Resource", "R")]
    [InlineData("clusctl: Option '--group' is required.", "Move-ClusterResource", "R")]
    [InlineData("clusctl: Option '--dependency' is required.", "Set-ClusterResourceDependency", "R")]
    [InlineData("clusctl: Option '--disk-witness' is required.", "Set-ClusterQuorum")]
    [InlineData("clusctl: Required command was not provided.")]
    [InlineData("clusctl: Required command was not provided.", "csv")]
    [InlineData("clusctl: Unrecognized command or argument 'Get-ClusterBogus'.", "Get-ClusterBogus")]
    public async Task Parse_errors_are_usage_errors_with_exit_code_2(string line, params string[] args)
    {
        var r = await Cli.RunAsync(Configured, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Contains(line, r.Stderr.Split('\n'));
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_connection_settings_are_usage_errors()
    {
        Cli.AssertFails(2, "clusctl: no cluster: give --cluster HOST[:PORT] or set CLUSCTL_CLUSTER",
            await Cli.RunAsync(new Dictionary<string, string>(), ["Get-ClusterNode"]));
        Cli.AssertFails(2, @"clusctl: no user: give --user [DOMAIN\]USER or set CLUSCTL_USER",
            await Cli.RunAsync(new Dictionary<string, string>(), ["Get-ClusterNode", "--cluster", "127.0.0.1:1"]));
        Cli.AssertFails(2, "clusctl: --cluster: '127.0.0.1:99999' is not HOST",
            await Cli.RunAsync(Configured, ["Get-ClusterNode", "--cluster", "127.0.0.1:99999"]));
        Cli.AssertFails(2, "clusctl: --password-file: cannot read '/nonexistent/pw'",
            await Cli.RunAsync(Configured, ["Get-ClusterNode", "--password-file", "/nonexistent/pw"]));
        var badHash = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(badHash, "not-a-hash\n");
            Cli.AssertFails(2, $"clusctl: --nt-hash-file: '{badHash}' does not hold an NT hash (32 hex digits)",
                await Cli.RunAsync(Configured, ["Get-ClusterNode", "--nt-hash-file", badHash]));
        }
        finally
        {
            File.Delete(badHash);
        }
    }

    [Fact]
    public async Task No_password_anywhere_and_no_terminal_is_a_usage_error()
    {
        var env = new Dictionary<string, string> { ["CLUSCTL_CLUSTER"] = "127.0.0.1:1", ["CLUSCTL_USER"] = "operator" };
        var r = await RunWithoutTerminalAsync(env, "Get-ClusterNode");
        Cli.AssertFails(2, "clusctl: no password: set CLUSCTL_PASSWORD", r);
    }

    private static async Task<CliResult> RunWithoutTerminalAsync(Dictionary<string, string> env, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var code = await new Clusctl(stdout, stderr, env, readPassword: (_, _) => null).RunAsync(args, CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_prompted_password_is_used_when_nothing_else_gives_one()
    {
        var env = new Dictionary<string, string> { ["CLUSCTL_CLUSTER"] = "127.0.0.1:1", ["CLUSCTL_USER"] = @"DOM\operator" };
        string? asked = null;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new Clusctl(stdout, stderr, env, readPassword: (account, _) => { asked = account; return "typed"; })
            .RunAsync(["Get-ClusterNode", "--cluster", ClosedPort()], CancellationToken.None);
        Assert.Equal(@"DOM\operator", asked);
        Assert.Equal(5, code); // it went on to connect
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("Get-ClusterSharedVolumeState", "--help")]
    [InlineData("get-clustersharedvolumestate", "-?")]
    [InlineData("csv", "backup", "--help")]
    [InlineData("Set-ClusterSharedVolumeBackupMode", "-State", "InProgress", "--help")]
    public async Task Help_shows_usage_examples_and_the_exit_codes(params string[] args)
    {
        var r = await Cli.RunAsync(new Dictionary<string, string>(), args);
        Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, r.ToString());
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  clusctl ", r.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Exit codes:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("130  interrupted (Ctrl-C)", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--password ", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_examples_in_its_help()
    {
        foreach (var command in Commands())
        {
            var args = command.Split(' ').Append("--help").ToArray();
            var r = await Cli.RunAsync(new Dictionary<string, string>(), args);
            Assert.True(r.ExitCode == 0, $"{command}: {r}");
            Assert.Contains("Examples:", r.Stdout, StringComparison.Ordinal);
        }
    }

    internal static IEnumerable<string> Commands() =>
    [
        "Get-Cluster", "Get-ClusterNode", "Get-ClusterGroup", "Get-ClusterResource", "Get-ClusterParameter", "Get-ClusterSharedVolume",
        "Get-ClusterSharedVolumeState", "Get-ClusterSharedVolumeBackupState", "Set-ClusterSharedVolumeBackupMode", "Start-ClusterResource",
        "Stop-ClusterResource", "Suspend-ClusterResource", "Resume-ClusterResource", "Move-ClusterSharedVolume", "Move-ClusterGroup",
        "Suspend-ClusterNode", "Resume-ClusterNode", "Watch-Cluster",
        "csv list", "csv state", "csv backup", "csv backup-state", "csv move", "node list", "node suspend", "node resume", "group list",
        "group move", "resource list", "resource start", "resource stop", "resource suspend", "resource resume", "resource params", "watch",
        "Get-ClusterGroupSet", "New-ClusterGroupSet", "Remove-ClusterGroupSet", "Add-ClusterGroupToSet", "Remove-ClusterGroupFromSet",
        "groupset list", "groupset new", "groupset remove", "groupset add", "groupset remove-group",
        "Set-ClusterParameter", "resource set-param", // Registry area (issue 11)
        // Issue 11, clients
        "Get-ClusterResourceType", "Add-ClusterResourceType", "Remove-ClusterResourceType", "Get-ClusterOwnerNode", "Set-ClusterOwnerNode",
        "Move-ClusterResource", "Get-ClusterResourceDependency", "Set-ClusterResourceDependency", "Get-ClusterQuorum", "Set-ClusterQuorum",
        "resourcetype list", "resourcetype add", "resourcetype remove", "resource owners", "resource set-owners", "resource move",
        "resource dependency", "resource set-dependency", "group owners", "group set-owners", "quorum get", "quorum set",
    ];

    /// <summary>A loopback port nothing listens on (bound, then closed).</summary>
    internal static string ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return $"127.0.0.1:{port}";
    }
}
