namespace Clusterd.Server.Tests;

/// <summary><c>clusterd scenario run</c> as a process, and POST /admin/scenarios on a running emulator.</summary>
public sealed class ScenarioEndToEndTests
{
    [Fact]
    public async Task Clusterd_scenario_run_reports_every_step_and_exits_0_1_or_2()
    {
        using var dir = new TempDir();
        var shipped = Path.Combine(ShippedScenarioTests.Directory, "backup-program-dies.json");
        using (var run = ServerProcess.Start(dir.Path, "scenario", "run", shipped))
        {
            Assert.Equal(0, await run.WaitForExitAsync());
            Assert.Contains("PASS ", run.Output, StringComparison.Ordinal);
            Assert.Contains("do advanceClock: advance the clock 59.9999999 s -> 0 deadline(s) fired", run.Output, StringComparison.Ordinal);
            Assert.Contains("1 scenario(s): 1 passed, 0 failed, 0 malformed", run.Output, StringComparison.Ordinal);
        }
        var failing = Path.Combine(dir.Path, "failing.json");
        await File.WriteAllTextAsync(failing, """
            {
              "description": "expects the timer to clear backup mode a second early",
              "steps": [
                { "do": "setBackupMode", "volume": "Volume1", "state": "InProgress", "delaySeconds": 60 },
                { "do": "advanceClock", "seconds": 59 },
                { "expect": "volume", "volume": "Volume1", "backupState": "None" }
              ]
            }
            """);
        using (var run = ServerProcess.Start(dir.Path, "scenario", "run", "failing.json"))
        {
            Assert.Equal(1, await run.WaitForExitAsync());
            Assert.Contains("FAIL   3  line 6", run.Output, StringComparison.Ordinal);
            Assert.Contains("expected: backupState None", run.Output, StringComparison.Ordinal);
            Assert.Contains("actual:   backupState InProgress", run.Output, StringComparison.Ordinal);
        }
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "malformed.json"), "{\n  \"description\": \"x\",\n  \"steps\": [ { \"do\": \"setBackupMode\", \"volume\": 7 } ]\n}");
        using (var run = ServerProcess.Start(dir.Path, "scenario", "run", "malformed.json"))
        {
            Assert.Equal(2, await run.WaitForExitAsync());
            Assert.Contains("malformed.json:3: 'volume' must be a string, not a number", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_admin_scenarios_resets_runs_on_the_emulator_and_answers_a_report()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");
        // State the reset must clear: maintenance on Volume2.
        await server.PostOkAsync("/admin/volumes/Volume2/maintenance", new { on = true });

        var shipped = await File.ReadAllTextAsync(Path.Combine(ShippedScenarioTests.Directory, "backup-program-dies.json"));
        var (status, report) = await server.PostRawAsync("/admin/scenarios", shipped);
        Assert.True(status == 200, report.ToString());
        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Equal("backup-program-dies", report.GetProperty("name").GetString());
        Assert.All(report.GetProperty("steps").EnumerateArray(), s => Assert.Equal("ok", s.GetProperty("status").GetString()));
        Assert.False((await server.VolumeAsync("Volume2")).GetProperty("maintenance").GetBoolean());
        // The clock ran before the scenario, so it runs again after it.
        Assert.False((await server.GetJsonAsync("/admin/clock")).GetProperty("paused").GetBoolean());

        (status, report) = await server.PostRawAsync("/admin/scenarios", """
            { "description": "wrong on purpose",
              "steps": [ { "expect": "volume", "volume": "Volume1", "maintenance": true } ] }
            """);
        Assert.Equal(200, status);
        Assert.False(report.GetProperty("passed").GetBoolean());
        var step = report.GetProperty("steps")[0];
        Assert.Equal("FAIL", step.GetProperty("status").GetString());
        Assert.Equal(2, step.GetProperty("line").GetInt32());
        Assert.Equal("maintenance true", step.GetProperty("expected").GetString());
        Assert.Equal("maintenance false", step.GetProperty("actual").GetString());

        // A wireFault step arms the emulator's rule for the client under test; clearWireFaults removes every rule.
        (status, report) = await server.PostRawAsync("/admin/scenarios", """
            { "description": "the next backup-mode call of the client fails",
              "steps": [ { "do": "wireFault", "opnum": "ApiResourceControl",
                           "controlCode": "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", "error": "ERROR_SHARING_PAUSED", "count": 2 } ] }
            """);
        Assert.Equal(200, status);
        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        var rule = Assert.Single((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());
        Assert.Equal("ApiResourceControl", rule.GetProperty("method").GetString());
        Assert.Equal("ERROR_SHARING_PAUSED", rule.GetProperty("error").GetString());
        Assert.Equal(2, rule.GetProperty("remaining").GetInt32());
        (status, report) = await server.PostRawAsync("/admin/scenarios", """{ "description": "clean up", "steps": [ { "do": "clearWireFaults" } ] }""");
        Assert.Equal(200, status);
        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Empty((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());

        using (var yaml = new StringContent("description: yaml\nsteps:\n  - expect: node\n    node: node1\n    state: Up\n", System.Text.Encoding.UTF8, "application/yaml"))
        using (var response = await server.Http.PostAsync("/admin/scenarios", yaml))
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains("\"passed\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        (status, report) = await server.PostRawAsync("/admin/scenarios", "{ \"description\": \"x\",\n \"steps\": [ { \"do\": \"jump\" } ] }");
        Assert.Equal(400, status);
        Assert.Equal("ERROR_INVALID_PARAMETER", report.GetProperty("error").GetString());
        Assert.StartsWith("line 2: unknown action 'jump'", report.GetProperty("reason").GetString(), StringComparison.Ordinal);

        (status, report) = await server.PostRawAsync("/admin/scenarios", "{ \"description\": \"x\", \"topology\": \"t.json\", \"steps\": [ { \"do\": \"storeFault\" } ] }");
        Assert.Equal(400, status);
        Assert.Contains("uses the emulator's topology", report.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The admin API's body limit (docs/admin-api.md) answers before the route reads anything.
        (status, report) = await server.PostRawAsync("/admin/scenarios", "{ \"description\": \"" + new string('x', 70_000) + "\" }");
        Assert.Equal(413, status);
        Assert.Equal("ERROR_INVALID_PARAMETER", report.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_admin_scenarios_does_not_exist_without_the_emulator()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir);
        var (status, _) = await server.PostRawAsync("/admin/scenarios", "{}");
        Assert.Equal(404, status);
    }
}
