using System.Net;
using Clusterd.ClusApi;
using Clusterd.Rpc.Security;
using Clusterd.Server.Tests;

namespace Clusterd.Client.Tests;

/// <summary>The SDK against a real clusterd process that is killed (kill -9) and restarted under it.</summary>
public sealed class ReconnectTests
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";

    [Fact]
    public async Task A_client_reconnects_to_a_restarted_server_and_says_why_not_when_it_stays_down()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        var port = FreePort();
        string[] args = ["--emulator", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--epm-port", "0", "--accounts", accounts];
        var options = new ClusterConnectionOptions { Host = "127.0.0.1", Port = port, Credential = NtlmCredential.FromPassword(User, "", Password) };

        var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, args);
        await using var client = await ClusterClient.ConnectAsync(options);
        try
        {
            // Redirected mode is nonvolatile (MS-CMRP 3.1.1.4; backup mode is volatile and would be gone).
            await client.SetRedirectedAccessAsync("Volume1", on: true);
            server.KillHard();
            await server.WaitForExitAsync();
        }
        finally
        {
            server.Dispose();
        }

        // Acknowledged before the kill, so durable; the client's connection died with the server and is made again.
        using (var restarted = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, args))
        {
            var states = await client.GetSharedVolumeStatesAsync("Volume1");
            Assert.NotEmpty(states);
            Assert.All(states, s => Assert.Equal(SharedVolumeState.ActiveRedirected, s.StateInfo));
            restarted.KillHard();
            await restarted.WaitForExitAsync();
        }

        var e = await Assert.ThrowsAsync<ClusterException>(() => client.GetNodesAsync());
        Assert.Equal(Win32Error.RpcServerUnavailable, e.Error);
        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
