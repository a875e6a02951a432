using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Clusterd.Cli.Tests;

/// <summary>Failures: one line on stderr, the documented exit code, never a stack trace (unless --debug); the real process too.</summary>
public sealed class FailureTests(ClusterdFixture cluster) : IClassFixture<ClusterdFixture>
{
    [Theory]
    [InlineData("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", "Get-ClusterResource", "No Such Disk")]
    [InlineData("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", "Start-ClusterResource", "No Such Disk")]
    [InlineData("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", "Get-ClusterParameter", "No Such Disk")]
    [InlineData("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", "Set-ClusterSharedVolumeBackupMode", "Volume9", "-State", "None")]
    [InlineData("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", "csv", "backup-state", "Volume9")]
    [InlineData("clusctl: ERROR_GROUP_NOT_FOUND (5013): ", "Move-ClusterGroup", "No Such Group")]
    [InlineData("clusctl: ERROR_CLUSTER_NODE_NOT_FOUND (5042): ", "Get-ClusterNode", "node9")]
    [InlineData("clusctl: ERROR_CLUSTER_NODE_NOT_FOUND (5042): ", "Move-ClusterGroup", "Available Storage", "-Node", "node9")]
    public async Task An_unknown_object_is_exit_code_3_and_one_line(string prefix, params string[] args) =>
        Cli.AssertFails(3, prefix, await cluster.RunAsync(args));

    [Fact]
    public async Task A_wrong_password_is_exit_code_4()
    {
        var env = cluster.Environment();
        env["CLUSCTL_PASSWORD"] = "wrong";
        Cli.AssertFails(4, "clusctl: ERROR_LOGON_FAILURE (1326): ", await Cli.RunAsync(env, ["Get-ClusterNode"]));
        env["CLUSCTL_USER"] = "nobody";
        Cli.AssertFails(4, "clusctl: ERROR_LOGON_FAILURE (1326): ", await Cli.RunAsync(env, ["Get-Cluster"]));
    }

    [Fact]
    public async Task A_closed_port_is_exit_code_5()
    {
        var env = cluster.Environment();
        env["CLUSCTL_CLUSTER"] = CommandLineTests.ClosedPort();
        var line = Cli.AssertFails(5, "clusctl: RPC_S_SERVER_UNAVAILABLE (1722): ", await Cli.RunAsync(env, ["Get-ClusterNode"]));
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_port_that_is_not_DCE_RPC_is_exit_code_5(bool garbage)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var peer = await listener.AcceptTcpClientAsync(stop.Token);
                if (garbage)
                {
                    await peer.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
                    await Task.Delay(100, stop.Token);
                }
            }
        });
        try
        {
            var env = cluster.Environment();
            env["CLUSCTL_CLUSTER"] = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            var r = await Cli.RunAsync(env, ["Get-ClusterNode"]);
            Assert.True(r.ExitCode == 5, r.ToString());
            Cli.AssertFails(5, "clusctl: RPC_S_", r);
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await Task.WhenAny(serve);
        }
    }

    [Fact]
    public async Task The_password_file_and_the_NT_hash_file_authenticate()
    {
        var passwordFile = Path.Combine(cluster.WorkDir, "password");
        await File.WriteAllTextAsync(passwordFile, ClusterdFixture.Password + "\nsecond line ignored\n");
        var hashFile = Path.Combine(cluster.WorkDir, "hash");
        await File.WriteAllTextAsync(hashFile, ClusterdFixture.NtHash.ToUpperInvariant() + "\n");
        var env = new Dictionary<string, string> { ["CLUSCTL_CLUSTER"] = cluster.Address };
        var expected = Cli.Lines("""
            Name
            ----
            CLUSTER1
            """);
        var byFile = await Cli.RunAsync(env, ["Get-Cluster", "--user", ClusterdFixture.User, "--password-file", passwordFile]);
        Assert.True(byFile.ExitCode == 0, byFile.ToString());
        Assert.Equal(expected, byFile.Stdout);
        var byHash = await Cli.RunAsync(env, ["Get-Cluster", "--user", ClusterdFixture.HashUser, "--nt-hash-file", hashFile]);
        Assert.True(byHash.ExitCode == 0, byHash.ToString());
        Assert.Equal(expected, byHash.Stdout);

        // The files win over CLUSCTL_PASSWORD.
        env["CLUSCTL_PASSWORD"] = "wrong";
        Assert.Equal(0, (await Cli.RunAsync(env, ["Get-Cluster", "--user", ClusterdFixture.User, "--password-file", passwordFile])).ExitCode);
    }

    [Fact]
    public async Task Debug_adds_the_stack_trace()
    {
        var r = await cluster.RunAsync("Get-ClusterResource", "No Such Disk", "--debug");
        Assert.Equal(3, r.ExitCode);
        var lines = r.Stderr.Split('\n');
        Assert.StartsWith("clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", lines[0], StringComparison.Ordinal);
        Assert.Contains("Clusterd.Client.ClusterException", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_process_reads_CLUSCTL_PASSWORD_and_returns_the_exit_codes()
    {
        var ok = await Cli.RunChildAsync(cluster.Environment(), "Get-ClusterNode");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal(Cli.Lines("""
            Name  ID State
            ----  -- -----
            node1 1  Up
            node2 2  Up
            node3 3  Up
            """), ok.Stdout);

        var notFound = await Cli.RunChildAsync(cluster.Environment(), "Get-ClusterResource", "No Such Disk");
        Cli.AssertFails(3, "clusctl: ERROR_RESOURCE_NOT_FOUND (5007): ", notFound);

        var usage = await Cli.RunChildAsync(cluster.Environment(), "csv", "backup", "Volume1", "--state", "InProgress");
        Assert.True(usage.ExitCode == 2, usage.ToString());

        // No CLUSCTL_PASSWORD and stdin is not a terminal: no prompt, a usage error.
        var env = cluster.Environment();
        env.Remove("CLUSCTL_PASSWORD");
        Cli.AssertFails(2, "clusctl: no password: ", await Cli.RunChildAsync(env, "Get-ClusterNode"));
    }
}
