using System.Text.Json;

namespace Clusterd.Server.Tests;

/// <summary>The admin HTTP API against a real clusterd process.</summary>
public sealed class AdminApiEndToEndTests
{
    [Fact]
    public async Task Health_answers_and_emulator_routes_do_not_exist_without_emulator()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir);

        var health = await server.GetJsonAsync("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("CLUSTER1", health.GetProperty("cluster").GetString());
        Assert.True(health.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);

        foreach (var path in new[] { "/admin/clock", "/admin/volumes", "/admin/volumes/states" })
        {
            using var get = await server.Http.GetAsync(path);
            Assert.Equal(404, (int)get.StatusCode);
        }
        Assert.Equal(404, (await server.PostAsync("/admin/clock/advance?seconds=1")).Status);
        Assert.Equal(404, (await server.PostAsync("/admin/volumes/Volume1/maintenance", new { on = true })).Status);
        Assert.Equal(404, (await server.PostAsync("/admin/reset")).Status);
        Assert.Contains("emulator: off", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_mode_clears_itself_after_exactly_1800_virtual_seconds()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");
        Assert.Contains("EMULATOR MODE: virtual clock and fault injection enabled", server.Output, StringComparison.Ordinal);
        // A paused clock moves only when advanced, so the test holds however slowly the machine runs.
        Assert.True((await server.PostOkAsync("/admin/clock/pause")).GetProperty("paused").GetBoolean());

        var armed = await server.PostOkAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 1800 });
        Assert.Equal("InProgress", armed.GetProperty("backupState").GetString());
        Assert.Equal(JsonValueKind.String, armed.GetProperty("backupDeadline").ValueKind);
        Assert.Equal("InProgress", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());

        var clock = await server.PostOkAsync("/admin/clock/advance?seconds=1799");
        Assert.Equal(0, clock.GetProperty("fired").GetInt32());
        Assert.Equal("InProgress", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());

        clock = await server.PostOkAsync("/admin/clock/advance?seconds=1");
        Assert.Equal(1, clock.GetProperty("fired").GetInt32());
        var cleared = await server.VolumeAsync("Volume1");
        Assert.Equal("None", cleared.GetProperty("backupState").GetString());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("backupDeadline").ValueKind);
        Assert.Equal("None", (await server.VolumeAsync("Volume2")).GetProperty("backupState").GetString());

        var now = await server.GetJsonAsync("/admin/clock");
        Assert.Equal(1800, now.GetProperty("offsetSeconds").GetDouble());
    }

    [Fact]
    public async Task Snapshot_detected_backup_keeps_backup_mode_past_the_deadline_until_HWSnapshotCompleted()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");
        var set = Guid.NewGuid();

        await server.PostOkAsync("/admin/volumes/Volume2/backup", new { state = "InProgress", delaySeconds = 60 });
        var started = await server.PostOkAsync("/admin/volumes/Volume2/snapshot", new { snapshotSet = set, state = "PrepareForFreeze" });
        Assert.Equal("InProgress", started.GetProperty("backupState").GetString());
        Assert.Equal(1, started.GetProperty("snapshotSetsInProgress").GetInt32());
        Assert.Equal(JsonValueKind.Null, started.GetProperty("backupDeadline").ValueKind); // detection cancels the timer

        await server.PostOkAsync("/admin/clock/advance?seconds=3600");
        Assert.Equal("InProgress", (await server.VolumeAsync("Volume2")).GetProperty("backupState").GetString());

        // A backup in progress refuses redirected mode (MS-CMRP 3.1.4.3.1.53): 409 with the winerror name.
        var (status, error) = await server.PostAsync("/admin/volumes/Volume2/redirected", new { on = true });
        Assert.Equal(409, status);
        Assert.Equal("ERROR_CLUSTER_BACKUP_IN_PROGRESS", error.GetProperty("error").GetString());
        Assert.Equal(5949, error.GetProperty("code").GetInt32());

        var done = await server.PostOkAsync("/admin/volumes/Volume2/snapshot", new { snapshotSet = set, state = "HWSnapshotCompleted" });
        Assert.Equal("None", done.GetProperty("backupState").GetString());
        Assert.Equal(0, done.GetProperty("snapshotSetsInProgress").GetInt32());
    }

    [Fact]
    public async Task Volume_routes_change_state_and_bad_requests_get_400_or_404_with_a_reason()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");

        var on = await server.PostOkAsync("/admin/volumes/Volume1/maintenance", new { on = true });
        Assert.True(on.GetProperty("maintenance").GetBoolean());
        Assert.Equal("InMaintenance", on.GetProperty("faultState").GetString());
        var states = await server.GetJsonAsync("/admin/volumes/states");
        Assert.Equal(6, states.GetArrayLength()); // 2 CSVs x 3 nodes
        Assert.Contains(states.EnumerateArray(), s => s.GetProperty("friendlyName").GetString() == "Volume1" && s.GetProperty("state").GetString() == "Paused");

        // Maintenance refuses redirected mode with ERROR_CLUSTER_INVALID_REQUEST (MS-CMRP 3.1.4.3.1.53).
        var (status, body) = await server.PostAsync("/admin/volumes/Volume1/redirected", new { on = true });
        Assert.Equal(409, status);
        Assert.Equal("ERROR_CLUSTER_INVALID_REQUEST", body.GetProperty("error").GetString());

        var redirected = await server.PostOkAsync("/admin/volumes/Volume2/redirected", new { on = true });
        Assert.True(redirected.GetProperty("redirected").GetBoolean());

        await server.PostOkAsync("/admin/volumes/Volume2/backup", new { state = "InProgress", delaySeconds = 10 });
        Assert.Equal("None", (await server.PostOkAsync("/admin/volumes/Volume2/clear-backup")).GetProperty("backupState").GetString());

        (status, body) = await server.PostRawAsync("/admin/volumes/Volume1/maintenance", "{\"on\":");
        Assert.Equal(400, status);
        Assert.StartsWith("malformed JSON", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        (status, body) = await server.PostRawAsync("/admin/volumes/Volume1/maintenance", "{\"on\":true,\"extra\":1}");
        Assert.Equal(400, status);
        (status, _) = await server.PostRawAsync("/admin/volumes/Volume1/backup", "{\"state\":\"Sometimes\"}");
        Assert.Equal(400, status);
        (status, _) = await server.PostRawAsync("/admin/volumes/Volume1/backup", "{\"state\":\"InProgress\",\"delaySeconds\":-5}");
        Assert.Equal(400, status);
        (status, body) = await server.PostRawAsync("/admin/volumes/Volume1/backup", "{\"state\":\"InProgress\",\"delaySeconds\":0}");
        Assert.Equal(400, status);
        Assert.Equal("ERROR_INVALID_PARAMETER", body.GetProperty("error").GetString());
        (status, _) = await server.PostRawAsync("/admin/volumes/Volume1/snapshot", "{\"snapshotSet\":\"not-a-guid\",\"state\":\"PrepareForFreeze\"}");
        Assert.Equal(400, status);
        (status, _) = await server.PostAsync("/admin/volumes/Volume1/maintenance");
        Assert.Equal(400, status);
        (status, body) = await server.PostAsync("/admin/volumes/NoSuchVolume/maintenance", new { on = true });
        Assert.Equal(404, status);
        Assert.Equal("ERROR_RESOURCE_NOT_FOUND", body.GetProperty("error").GetString());
        foreach (var seconds in new[] { "-1", "abc", "", "1e12", "NaN" })
        {
            (status, body) = await server.PostAsync("/admin/clock/advance?seconds=" + seconds);
            Assert.Equal(400, status);
            Assert.Contains("seconds", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Node_disk_and_group_routes_drive_the_engine()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");

        var down = await server.PostOkAsync("/admin/nodes/node3/down");
        Assert.Equal("Down", down.GetProperty("state").GetString());
        Assert.Equal("Up", (await server.PostOkAsync("/admin/nodes/node3/up")).GetProperty("state").GetString());
        Assert.Equal(404, (await server.PostAsync("/admin/nodes/node9/down")).Status);

        var states = await server.PostOkAsync("/admin/disks/Cluster Disk 1/nodes/node2/disconnect");
        Assert.Contains(states.EnumerateArray(), s => s.GetProperty("nodeName").GetString() == "node2" && s.GetProperty("state").GetString() == "ActiveBlockRedirected");
        await server.PostOkAsync("/admin/disks/Cluster Disk 1/nodes/node2/connect");

        var moved = await server.PostOkAsync("/admin/groups/Cluster Disk 1/move?node=node3");
        Assert.Equal("node3", moved.GetProperty("ownerNode").GetString());
        Assert.Equal("node3", (await server.VolumeAsync("Volume1")).GetProperty("coordinator").GetString());
        Assert.Equal(404, (await server.PostAsync("/admin/groups/No Group/move?node=node1")).Status);
    }

    [Fact]
    public async Task Injected_store_failure_answers_503_and_changes_nothing_and_reset_reseeds_keeping_the_lock()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");

        await server.PostOkAsync("/admin/faults/store-fail-next");
        var (status, body) = await server.PostAsync("/admin/volumes/Volume1/maintenance", new { on = true });
        Assert.Equal(503, status);
        Assert.Equal("ERROR_WRITE_FAULT", body.GetProperty("error").GetString());
        Assert.False((await server.VolumeAsync("Volume1")).GetProperty("maintenance").GetBoolean());

        await server.PostOkAsync("/admin/volumes/Volume1/maintenance", new { on = true });
        await server.PostOkAsync("/admin/volumes/Volume2/backup", new { state = "InProgress", delaySeconds = 600 });
        var reset = await server.PostOkAsync("/admin/reset");
        Assert.Equal("reset", reset.GetProperty("status").GetString());
        Assert.False((await server.VolumeAsync("Volume1")).GetProperty("maintenance").GetBoolean());
        Assert.Equal("None", (await server.VolumeAsync("Volume2")).GetProperty("backupState").GetString());

        // The reset server still owns the data directory.
        using var second = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0", "--emulator");
        Assert.NotEqual(0, await second.WaitForExitAsync());
        Assert.Contains("in use", second.Output, StringComparison.Ordinal);
        Assert.Equal("ok", (await server.GetJsonAsync("/health")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WS2012Plus_profile_refuses_backup_mode_with_ERROR_INVALID_FUNCTION()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--profile", "WS2012Plus", "--local-node", "node2");
        Assert.Contains("profile: WS2012Plus", server.Output, StringComparison.Ordinal);
        Assert.Contains("local node node2", server.Output, StringComparison.Ordinal);
        var (status, body) = await server.PostAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 60 });
        Assert.Equal(400, status);
        Assert.Equal("ERROR_INVALID_FUNCTION", body.GetProperty("error").GetString());
        Assert.Equal(1, body.GetProperty("code").GetInt32());
    }
}
