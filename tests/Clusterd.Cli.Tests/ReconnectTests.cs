using Clusterd.Client;
using Clusterd.Rpc.Security;
using Clusterd.Server.Tests;

namespace Clusterd.Cli.Tests;

/// <summary>
/// Each clusctl command is its own connection, so a restarted server is nothing to the CLI; the SDK's one client over a
/// server killed (SIGKILL) and restarted on the same port is tested here: the next operation reconnects.
/// </summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task One_ClusterClient_survives_the_server_killed_and_restarted_between_two_operations()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{ClusterdFixture.User}:{ClusterdFixture.Password}\n");
        int port;
        ClusterClient client;
        using (var first = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts))
        {
            port = first.ClusApiPort;
            client = await ClusterClient.ConnectAsync(new ClusterConnectionOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Credential = NtlmCredential.FromPassword(ClusterdFixture.User, "", ClusterdFixture.Password),
            });
            Assert.Equal(["node1", "node2", "node3"], (await client.GetNodesAsync()).Select(n => n.Name));
            first.KillHard();
            await first.WaitForExitAsync();
        }
        await using (client)
        {
            using var second = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port",
                port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--epm-port", "0", "--accounts", accounts);
            Assert.Equal(port, second.ClusApiPort);
            Assert.Equal(["node1", "node2", "node3"], (await client.GetNodesAsync()).Select(n => n.Name));
            Assert.Equal("CLUSTER1", (await client.GetClusterAsync()).Name);
        }
    }
}
