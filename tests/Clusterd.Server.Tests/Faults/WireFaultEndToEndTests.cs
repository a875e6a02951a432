using System.Diagnostics;
using System.Net.Http.Json;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc;
using Clusterd.Rpc.Client;

namespace Clusterd.Server.Tests.Faults;

/// <summary>Wire fault rules against a real clusterd --emulator and a sealed ClusAPI client on the wire.</summary>
public sealed class WireFaultEndToEndTests
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";

    private static async Task<ServerProcess> StartAsync(TempDir dir)
    {
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        return await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);
    }

    private static async Task<int> AddRuleAsync(ServerProcess server, object rule)
    {
        var added = await server.PostOkAsync("/admin/faults/wire", rule);
        return added.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Win32_error_rule_fails_exactly_the_next_matching_call_with_that_error_and_the_one_after_succeeds()
    {
        using var dir = new TempDir();
        using var server = await StartAsync(dir);
        await using var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password);
        var disk1 = await ClusApiWire.OpenResourceAsync(c, "Cluster Disk 1");

        var id = await AddRuleAsync(server, new
        {
            opnum = "ApiResourceControl", controlCode = "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", count = 1, error = "ERROR_SHARING_PAUSED",
        });
        var listed = Assert.Single((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());
        Assert.Equal((id, "ApiResourceControl", 73, "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", "error", "ERROR_SHARING_PAUSED", 70u, 1),
            (listed.GetProperty("id").GetInt32(), listed.GetProperty("method").GetString(), listed.GetProperty("opnum").GetInt32(),
             listed.GetProperty("controlCode").GetString(), listed.GetProperty("action").GetString(), listed.GetProperty("error").GetString(),
             listed.GetProperty("code").GetUInt32(), listed.GetProperty("remaining").GetInt32()));

        // Another control code of the same method is not matched (and may be answered inline).
        Assert.Equal(SharedVolumeBackupState.None, (await ClusApiWire.VolumeInfoAsync(c, disk1)).BackupState);

        // The next SET_SHARED_VOLUME_BACKUP_MODE fails with exactly the injected error, in ApiResourceControl's own shape,
        // and changes nothing.
        var (first, _) = await ClusApiWire.SetBackupModeAsync(c, disk1, "Volume1", SharedVolumeBackupState.InProgress, 600);
        Assert.Equal(Win32Error.SharingPaused, first);
        Assert.Equal("None", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());

        // The one after succeeds; the rule is spent and gone.
        var (second, _) = await ClusApiWire.SetBackupModeAsync(c, disk1, "Volume1", SharedVolumeBackupState.InProgress, 600);
        Assert.Equal(Win32Error.Success, second);
        Assert.Equal("InProgress", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());
        Assert.Empty((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());
        Assert.Contains($"wire fault {id} fired: ApiResourceControl CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE from 127.0.0.1:", server.Output, StringComparison.Ordinal);
        Assert.Contains("error ERROR_SHARING_PAUSED (70) (0 left)", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DCE_fault_rule_answers_a_fault_PDU_with_the_status_then_the_method_works_again()
    {
        using var dir = new TempDir();
        using var server = await StartAsync(dir);
        await using var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password);
        await AddRuleAsync(server, new { opnum = (int)ClusApiOpnum.ApiOpenResource, dceFault = "0x1c010002" });

        var fault = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(new OpenResourceRequest("Cluster Disk 1")));
        Assert.Equal(0x1C010002u, fault.Status);
        Assert.False((await ClusApiWire.OpenResourceAsync(c, "Cluster Disk 1")).IsNull);
    }

    [Fact]
    public async Task Delay_rule_holds_the_call_in_real_time_even_with_the_virtual_clock_paused_then_answers_it()
    {
        using var dir = new TempDir();
        using var server = await StartAsync(dir);
        await server.PostOkAsync("/admin/clock/pause");
        await using var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password);
        await AddRuleAsync(server, new { opnum = "ApiGetClusterName", delayMs = 1500 });

        var watch = Stopwatch.StartNew();
        var delayed = await c.CallAsync(new GetClusterNameRequest());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1400), $"answered after {watch.Elapsed}");
        Assert.Equal(("CLUSTER1", Win32Error.Success), (delayed.ClusterName, delayed.Result));

        watch.Restart();
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new GetClusterNameRequest())).Result);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(1400), $"the second call waited too: {watch.Elapsed}");
    }

    [Fact]
    public async Task Drop_rule_closes_the_clients_connection_without_an_answer_and_the_server_stays_healthy()
    {
        using var dir = new TempDir();
        using var server = await StartAsync(dir);
        var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password);
        var disk1 = await ClusApiWire.OpenResourceAsync(c, "Cluster Disk 1");
        await AddRuleAsync(server, new { opnum = "ApiResourceControl", controlCode = ControlCodes.SetSharedVolumeBackupMode, drop = true });

        // RpcClient reports the end of the stream as "PEER closed the connection." (no response, no fault PDU).
        var closed = await Assert.ThrowsAsync<IOException>(() =>
            ClusApiWire.SetBackupModeAsync(c, disk1, "Volume1", SharedVolumeBackupState.InProgress, 600).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.EndsWith("closed the connection.", closed.Message, StringComparison.Ordinal);
        await c.DisposeAsync();

        Assert.Equal("ok", (await server.GetJsonAsync("/health")).GetProperty("status").GetString());
        Assert.Equal("None", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());
        await using var again = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password);
        var (result, _) = await ClusApiWire.SetBackupModeAsync(again, await ClusApiWire.OpenResourceAsync(again, "Cluster Disk 1"), "Volume1",
            SharedVolumeBackupState.InProgress, 600);
        Assert.Equal(Win32Error.Success, result);
        Assert.Contains("drop the connection (0 left)", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rules_are_refused_with_a_JSON_error_and_rules_can_be_deleted()
    {
        using var dir = new TempDir();
        using var server = await StartAsync(dir);

        var (status, body) = await server.PostAsync("/admin/faults/wire", new { opnum = "ApiNoSuchMethod", drop = true });
        Assert.Equal((400, "ERROR_INVALID_PARAMETER", 87u), (status, body.GetProperty("error").GetString(), body.GetProperty("code").GetUInt32()));
        Assert.Contains("'ApiNoSuchMethod' is not a ClusAPI method name", body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        (status, body) = await server.PostAsync("/admin/faults/wire", new { opnum = 999, drop = true });
        Assert.Equal(400, status);
        Assert.Contains("not a method this server implements", body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        (status, body) = await server.PostAsync("/admin/faults/wire",
            new { opnum = "ApiOpenResource", controlCode = "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", error = 5 });
        Assert.Equal(400, status);
        Assert.Contains("needs a control method", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());

        var first = await AddRuleAsync(server, new { opnum = "ApiGetClusterName", drop = true });
        await AddRuleAsync(server, new { opnum = "ApiGetClusterName", drop = true, count = 5 });
        using (var deleted = await server.Http.DeleteAsync($"/admin/faults/wire/{first}"))
        {
            Assert.Equal(200, (int)deleted.StatusCode);
            Assert.Equal(first, (await deleted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32());
        }
        using (var missing = await server.Http.DeleteAsync($"/admin/faults/wire/{first}"))
        {
            Assert.Equal(404, (int)missing.StatusCode);
            Assert.Equal("ERROR_FILE_NOT_FOUND", (await missing.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetString());
        }
        using (var cleared = await server.Http.DeleteAsync("/admin/faults/wire"))
        {
            Assert.Equal(1, (await cleared.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("removed").GetInt32());
        }
        Assert.Empty((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());
    }
}

/// <summary>Wire fault rules as the .NET SDK (<see cref="Clusterd.Client.ClusterClient"/>) sees them.</summary>
public sealed class WireFaultSdkEndToEndTests
{
    private const string User = "clusterd";
    private const string Password = "Clusterd-Pa55word";

    private static async Task<(ServerProcess Server, Clusterd.Client.ClusterClient Client)> StartAsync(TempDir dir)
    {
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);
        var client = await Clusterd.Client.ClusterClient.ConnectAsync(new Clusterd.Client.ClusterConnectionOptions
        {
            Host = "127.0.0.1",
            Port = server.ClusApiPort,
            Credential = Clusterd.Rpc.Security.NtlmCredential.FromPassword(User, "", Password),
        });
        return (server, client);
    }

    [Fact]
    public async Task SDK_call_fails_with_exactly_the_injected_Win32_error_and_the_next_call_succeeds()
    {
        using var dir = new TempDir();
        var (server, client) = await StartAsync(dir);
        using (server)
        await using (client)
        {
            await server.PostOkAsync("/admin/faults/wire", new
            {
                opnum = "ApiResourceControl", controlCode = "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", error = "ERROR_CLUSTER_BACKUP_IN_PROGRESS",
            });

            var e = await Assert.ThrowsAsync<Clusterd.Client.ClusterException>(() =>
                client.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 600));
            Assert.Equal((Win32Error.ClusterBackupInProgress, "ERROR_CLUSTER_BACKUP_IN_PROGRESS"), (e.Error, e.SymbolicName));
            Assert.Equal("None", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());

            var after = await client.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 600);
            Assert.Equal(SharedVolumeBackupState.InProgress, Assert.Single(after).BackupState);
        }
    }

    [Fact]
    public async Task SDK_sees_a_dropped_connection_twice_as_RPC_S_CALL_FAILED_and_then_works_against_a_healthy_server()
    {
        using var dir = new TempDir();
        var (server, client) = await StartAsync(dir);
        using (server)
        await using (client)
        {
            // The SDK reconnects once after a lost connection, so two drops make the call fail.
            await server.PostOkAsync("/admin/faults/wire", new
            {
                opnum = "ApiResourceControl", controlCode = "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", count = 2, drop = true,
            });

            var e = await Assert.ThrowsAsync<Clusterd.Client.ClusterException>(() =>
                client.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 600));
            Assert.Equal(Win32Error.RpcCallFailed, e.Error);
            Assert.Equal("ok", (await server.GetJsonAsync("/health")).GetProperty("status").GetString());

            var after = await client.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 600);
            Assert.Equal(SharedVolumeBackupState.InProgress, Assert.Single(after).BackupState);
        }
    }
}
