using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Clusterd.Server.Tests;

/// <summary>Start, stop, crash and restart of a real clusterd process.</summary>
public sealed class ProcessLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_mid_operation_keeps_the_last_acknowledged_nonvolatile_state_and_clears_backup_mode()
    {
        using var dir = new TempDir();
        var acknowledged = new Dictionary<string, bool> { ["maintenance"] = false, ["redirected"] = false };
        (string Switch, bool Value)? inFlight = null;
        var acks = 0;
        var threshold = Random.Shared.Next(30, 60); // so the kill lands on either switch, at any phase

        using (var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator"))
        {
            // Volatile state that the restart must drop (MS-CMRP 3.1.1.4): a timer-armed backup and a detected one.
            await server.PostOkAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 1800 });
            await server.PostOkAsync("/admin/volumes/Volume1/snapshot", new { snapshotSet = Guid.NewGuid(), state = "PrepareForFreeze" });

            var enoughAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var loop = Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    var (name, route) = i % 2 == 0 ? ("maintenance", "Volume1/maintenance") : ("redirected", "Volume2/redirected");
                    var value = !acknowledged[name];
                    inFlight = (name, value);
                    HttpResponseMessage response;
                    try
                    {
                        response = await server.Http.PostAsJsonAsync("/admin/volumes/" + route, new { on = value });
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server died under us: this request may or may not have landed
                    }
                    using (response)
                    {
                        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode}");
                    }
                    acknowledged[name] = value;
                    inFlight = null;
                    if (++acks >= threshold)
                    {
                        enoughAcks.TrySetResult();
                    }
                }
            });

            await enoughAcks.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.KillHard();
            await loop.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(137, await server.WaitForExitAsync());
        }

        output.WriteLine($"killed after {acks} acknowledged toggles; in flight: {inFlight?.ToString() ?? "none"}");
        using var restarted = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");
        Assert.Contains("database: existing", restarted.Output, StringComparison.Ordinal);
        var v1 = await restarted.VolumeAsync("Volume1");
        var v2 = await restarted.VolumeAsync("Volume2");
        AssertLastAcknowledged("maintenance", v1.GetProperty("maintenance").GetBoolean());
        AssertLastAcknowledged("redirected", v2.GetProperty("redirected").GetBoolean());
        Assert.Equal("None", v1.GetProperty("backupState").GetString());
        Assert.Equal(0, v1.GetProperty("snapshotSetsInProgress").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, v1.GetProperty("backupDeadline").ValueKind);

        void AssertLastAcknowledged(string name, bool actual)
        {
            // Durable before acknowledged: the acknowledged value, or the one request in flight at the kill.
            var allowed = inFlight is { } f && f.Switch == name ? new[] { acknowledged[name], f.Value } : [acknowledged[name]];
            Assert.True(allowed.Contains(actual), $"{name}: restarted with {actual}, acknowledged {acknowledged[name]}, in flight {inFlight}, after {acks} acks");
        }
    }

    [Fact]
    public async Task Second_instance_on_the_same_data_dir_fails_fast_with_in_use()
    {
        using var dir = new TempDir();
        using var first = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir);
        using var second = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0");
        Assert.Equal(1, await second.WaitForExitAsync());
        Assert.Contains("data directory in use by another process", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("admin listening", second.Output, StringComparison.Ordinal);
        Assert.Equal("ok", (await first.GetJsonAsync("/health")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Admin_port_in_use_exits_1_and_releases_the_data_dir()
    {
        using var dir = new TempDir();
        using var first = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir);
        var taken = first.Http.BaseAddress!.ToString().TrimEnd('/');
        var otherData = Path.Combine(dir.Path, "other");
        using (var second = ServerProcess.Start(dir.Path, "--data-dir", otherData, "--admin-urls", taken))
        {
            Assert.Equal(1, await second.WaitForExitAsync());
            Assert.Contains("cannot start the admin endpoint", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);
        }
        using var third = await ServerProcess.StartReadyAsync(dir.Path, otherData);
    }

    [Theory]
    [InlineData("http://192.0.2.1:18081")] // TEST-NET-1: no interface has it (EADDRNOTAVAIL); nothing is sent there
    [InlineData("http://[::ffff:192.0.2.1]:18081")]
    public async Task Admin_address_that_cannot_be_bound_exits_1_with_one_line(string url)
    {
        using var dir = new TempDir();
        var token = Path.Combine(dir.Path, "admin-token");
        File.WriteAllText(token, "0123456789abcdef0123\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-allow-remote", "--admin-token-file", token, "--admin-urls", url);
        Assert.Equal(1, await server.WaitForExitAsync());
        var output = server.Output;
        Assert.Single(output.Split('\n'), l => l.Contains("cannot start the admin endpoint", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_url_with_an_IPv4_mapped_address_binds_the_IPv4_address()
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://[::ffff:127.0.0.1]:0");
        await server.WaitReadyAsync();
        Assert.Equal("127.0.0.1", server.Http.BaseAddress!.Host);
        Assert.True((await server.Http.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Sigterm_stops_cleanly_with_exit_code_0_and_releases_the_data_dir()
    {
        using var dir = new TempDir();
        using (var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator"))
        {
            await server.PostOkAsync("/admin/volumes/Volume2/redirected", new { on = true });
            await server.TerminateAsync();
            Assert.Equal(0, await server.WaitForExitAsync());
            Assert.Contains(" stopped", server.Output, StringComparison.Ordinal);
        }
        using var again = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");
        Assert.True((await again.VolumeAsync("Volume2")).GetProperty("redirected").GetBoolean());
    }

    [Fact]
    public async Task Default_data_dir_is_clusterd_data_in_the_working_directory()
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, "--admin-urls", "http://127.0.0.1:0");
        await server.WaitReadyAsync();
        Assert.True(File.Exists(Path.Combine(dir.Path, "clusterd-data", "clusterd.db")));
        Assert.Contains("data directory: " + Path.Combine(dir.Path, "clusterd-data"), server.Output, StringComparison.Ordinal);
        Assert.Contains("cluster CLUSTER1: 3 nodes, 4 groups, 6 resources, 2 CSVs", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--profile", "Nope")]
    [InlineData("--admin-urls", "http://192.0.2.1:8135")]
    [InlineData("--port", "70000")]
    [InlineData("--data-dir")]
    [InlineData("--emulator=yes")]
    [InlineData("--config", "/nonexistent/topology.json")]
    public async Task Bad_command_line_exits_2_with_a_message_on_stderr(params string[] args)
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, args);
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("clusterd: ", server.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "clusterd-data")));
    }

    [Fact]
    public async Task Unknown_local_node_and_invalid_topology_exit_2()
    {
        using var dir = new TempDir();
        using (var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0", "--local-node", "node9"))
        {
            Assert.Equal(2, await server.WaitForExitAsync());
            Assert.Contains("--local-node: 'node9' is not a node", server.Output, StringComparison.Ordinal);
        }
        var topology = Path.Combine(dir.Path, "bad.json");
        await File.WriteAllTextAsync(topology, "{ \"clusterName\": \"X\" }");
        using (var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0", "--config", topology))
        {
            Assert.Equal(2, await server.WaitForExitAsync());
            Assert.Contains("topology:", server.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("option --port given more than once", "--port", "1", "--port=2")]
    [InlineData("option --emulator given more than once", "--emulator", "--emulator")]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unexpected argument 'serve'", "serve")]
    [InlineData("--port: 'abc' is not a TCP port", "--port", "abc")]
    [InlineData("--port: '70000' is not a TCP port", "--port=70000")]
    public async Task Bad_command_line_exits_2_naming_the_option(string expected, params string[] args)
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, args);
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("clusterd: " + expected, server.Output, StringComparison.Ordinal);
        Assert.Contains("Try 'clusterd --help' for the options.", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_and_version_exit_0()
    {
        using var dir = new TempDir();
        using (var help = ServerProcess.Start(dir.Path, "--help"))
        {
            Assert.Equal(0, await help.WaitForExitAsync());
            Assert.StartsWith("Usage: clusterd [command] [options]", help.Output, StringComparison.Ordinal);
            foreach (var option in CommandLineTests.Options)
            {
                Assert.Contains("  " + option, help.Output, StringComparison.Ordinal);
            }
        }
        using var version = ServerProcess.Start(dir.Path, "--version");
        Assert.Equal(0, await version.WaitForExitAsync());
        Assert.Matches(@"^clusterd \d+\.\d+\.\d+\S*\r?\n?$", version.Output);
        Assert.Equal("clusterd " + ServerRunner.Version, version.Output.TrimEnd());
    }
}
