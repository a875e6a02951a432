using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.Rpc.Security;
using Clusterd.Server.Tests;
using Clusterd.SseLoad;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Clusterd.Browser.Tests;

/// <summary>Debian's chromium under Playwright (no browser download), one fresh profile for the test class.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly string _profile = Directory.CreateTempSubdirectory("clusterd-browser-profile-").FullName;
    private IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // A missing browser is a failure, never a skip: scripts/test.sh installs the chromium package.
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install chromium");
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>
/// The live view (docs/web-console.md) in a real browser against real clusterd processes: what a change made through
/// ClusAPI or the admin API does to the page, the emulator controls, read-only mode and the reconnect after a restart.
/// </summary>
public sealed class LiveViewBrowserTests(Chromium chromium, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<Chromium>
{
    private const string User = "live-view";
    private const string Password = "Live-V1ew-Pa55!";
    private static readonly float Wait = 15_000;

    private static async Task<(TempDir Dir, ServerProcess Server)> StartAsync(bool emulator, params string[] extra)
    {
        var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        string[] args = [.. emulator ? ["--emulator"] : Array.Empty<string>(), "--port", "0", "--epm-port", "0", "--accounts", accounts, .. extra];
        var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, args);
        return (dir, server);
    }

    private async Task<IPage> OpenAsync(ServerProcess server)
    {
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(server.Http.BaseAddress!.ToString());
        await Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = Wait });
        return page;
    }

    [Fact]
    public async Task The_page_loads_and_shows_the_cluster_its_nodes_groups_and_every_CSV_on_every_node()
    {
        var (dir, server) = await StartAsync(emulator: true);
        using (dir)
        using (server)
        {
            var page = await OpenAsync(server);
            await Expect(page.Locator("#cluster-name")).ToHaveTextAsync("CLUSTER1");
            await Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(3);
            await Expect(page.Locator("#nodes tr[data-node=node1] [data-role=node-state]")).ToHaveTextAsync("Up");
            await Expect(page.Locator("#nodes tr[data-node=node1]")).ToContainTextAsync("Volume1");
            await Expect(page.Locator("#groups")).ToContainTextAsync("Available Storage");
            var row = page.Locator(".grid-row[data-volume=Volume1]");
            await Expect(row).ToContainTextAsync("Cluster Disk 1");
            await Expect(row.Locator("[data-node=node2]")).ToHaveTextAsync("Active");
            await Expect(page.Locator(".grid-row")).ToHaveCountAsync(2);
            // The filter box narrows the grid.
            await page.FillAsync("#filter", "volume2");
            await Expect(page.Locator(".grid-row")).ToHaveCountAsync(1);
            await Expect(page.Locator(".grid-row[data-volume=Volume2]")).ToBeVisibleAsync();
            await page.FillAsync("#filter", "");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_backup_started_through_ClusAPI_appears_within_a_second_with_its_countdown()
    {
        var (dir, server) = await StartAsync(emulator: true);
        using (dir)
        using (server)
        {
            var page = await OpenAsync(server);
            await using var client = await ClusterClient.ConnectAsync(new ClusterConnectionOptions
            {
                Host = "127.0.0.1", Port = server.ClusApiPort, Credential = NtlmCredential.FromPassword(User, "", Password),
            });
            await client.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 600);
            var committed = Stopwatch.StartNew();
            var backup = page.Locator(".grid-row[data-volume=Volume1] [data-role=backup]");
            await Expect(backup).ToContainTextAsync("InProgress", new() { Timeout = 1000 });
            Assert.True(committed.Elapsed < TimeSpan.FromSeconds(1), $"shown after {committed.Elapsed}");
            var countdown = page.Locator(".grid-row[data-volume=Volume1] [data-role=countdown]");
            await Expect(countdown).ToHaveTextAsync(new Regex(@"^(10:00|9:[0-5]\d)$"));
            await Expect(page.Locator(".grid-row[data-volume=Volume1] .flag.backup")).ToBeVisibleAsync();
            await Expect(page.Locator("#log")).ToContainTextAsync("Volume1");

            // More of what the grid shows, for the picture: redirected mode, a disk cut off one node (its reason), and a
            // snapshot started from the page's controls on the row clicked.
            await server.PostOkAsync("/admin/volumes/Volume2/redirected", new { on = true });
            await server.PostOkAsync("/admin/disks/Cluster%20Disk%201/nodes/node3/disconnect");
            await Expect(page.Locator(".grid-row[data-volume=Volume2] .flag.redirected")).ToBeVisibleAsync(new() { Timeout = Wait });
            await Expect(page.Locator(".grid-row[data-volume=Volume1] [data-node=node3] .reason")).ToContainTextAsync("block:", new() { Timeout = Wait });
            await page.ClickAsync(".grid-row[data-volume=Volume2]");
            await Expect(page.Locator("#snapshot-volume")).ToHaveValueAsync("Volume2");
            await page.ClickAsync("#snapshot-start");
            await Expect(page.Locator(".grid-row[data-volume=Volume2] [data-role=backup]")).ToContainTextAsync("1 snapshot set", new() { Timeout = Wait });
            await page.ClickAsync("#snapshot-complete");
            await Expect(page.Locator(".grid-row[data-volume=Volume2] [data-role=backup]")).ToHaveTextAsync("None", new() { Timeout = Wait });
            await page.ClickAsync("#snapshot-start");
            await Expect(page.Locator(".grid-row[data-volume=Volume2] [data-role=backup]")).ToContainTextAsync("1 snapshot set", new() { Timeout = Wait });

            await TakeScreenshotAsync(page);
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_node_taken_down_through_the_admin_API_turns_its_column_Down()
    {
        var (dir, server) = await StartAsync(emulator: true);
        using (dir)
        using (server)
        {
            var page = await OpenAsync(server);
            await Expect(page.Locator(".grid-header [data-node=node2]")).ToHaveTextAsync("node2 · Up");
            await server.PostOkAsync("/admin/nodes/node2/down");
            await Expect(page.Locator(".grid-header [data-node=node2]")).ToHaveTextAsync("node2 · Down", new() { Timeout = Wait });
            await Expect(page.Locator("#nodes tr[data-node=node2] [data-role=node-state]")).ToHaveTextAsync("Down");
            // Volume2's coordinator was node2: its group failed over, so another node now coordinates it.
            await Expect(page.Locator("#nodes tr[data-node=node2] .coord")).ToHaveTextAsync("—", new() { Timeout = Wait });
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_clock_controls_pause_and_advance_the_virtual_clock_and_the_countdown_follows()
    {
        var (dir, server) = await StartAsync(emulator: true);
        using (dir)
        using (server)
        {
            var page = await OpenAsync(server);
            await Expect(page.Locator("#controls")).ToBeVisibleAsync();
            await page.ClickAsync("#clock-pause");
            await Expect(page.Locator("#clock-paused")).ToBeVisibleAsync(new() { Timeout = Wait });
            Assert.True((await server.GetJsonAsync("/admin/clock")).GetProperty("paused").GetBoolean());

            await server.PostOkAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 600 });
            var countdown = page.Locator(".grid-row[data-volume=Volume1] [data-role=countdown]");
            await Expect(countdown).ToHaveTextAsync("10:00", new() { Timeout = Wait });
            await page.FillAsync("#advance-seconds", "90");
            await page.ClickAsync("#clock-advance");
            await Expect(countdown).ToHaveTextAsync("8:30", new() { Timeout = Wait });
            // The rest of the timer: backup mode ends on the virtual clock, and the page shows it.
            await page.FillAsync("#advance-seconds", "510");
            await page.ClickAsync("#clock-advance");
            await Expect(page.Locator(".grid-row[data-volume=Volume1] [data-role=backup]")).ToHaveTextAsync("None", new() { Timeout = Wait });

            await page.ClickAsync("#clock-resume");
            await Expect(page.Locator("#clock-paused")).ToBeHiddenAsync(new() { Timeout = Wait });
            Assert.False((await server.GetJsonAsync("/admin/clock")).GetProperty("paused").GetBoolean());
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Without_emulator_the_page_is_the_same_live_view_read_only()
    {
        var (dir, server) = await StartAsync(emulator: false);
        using (dir)
        using (server)
        {
            var page = await OpenAsync(server);
            await Expect(page.Locator(".grid-row[data-volume=Volume1]")).ToBeVisibleAsync();
            await Expect(page.Locator("#controls")).ToBeHiddenAsync();
            await Expect(page.Locator("#mode")).ToBeHiddenAsync();
            Assert.Equal(0, await page.Locator("#controls button:visible").CountAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.PostAsync("/admin/clock/pause", null)).StatusCode);

            // Still live: a change through ClusAPI shows up.
            await using var client = await ClusterClient.ConnectAsync(new ClusterConnectionOptions
            {
                Host = "127.0.0.1", Port = server.ClusApiPort, Credential = NtlmCredential.FromPassword(User, "", Password),
            });
            await client.SetSharedVolumeBackupModeAsync("Volume2", SharedVolumeBackupState.InProgress, 300);
            await Expect(page.Locator(".grid-row[data-volume=Volume2] [data-role=backup]")).ToContainTextAsync("InProgress", new() { Timeout = Wait });
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task After_a_server_restart_the_page_reconnects_by_itself_and_shows_the_new_server_state()
    {
        using var dir = new TempDir();
        var port = FreePort();
        string[] args = ["--emulator", "--data-dir", dir.DataDir, "--admin-urls", $"http://127.0.0.1:{port}", "--port", "0", "--epm-port", "0"];
        var first = ServerProcess.Start(dir.Path, args);
        IPage page;
        using (first)
        {
            await first.WaitReadyAsync();
            page = await OpenAsync(first);
            Assert.Equal(1, await page.EvaluateAsync<int>("window.clusterdLive.snapshots"));
            await first.TerminateAsync();
            Assert.Equal(0, await first.WaitForExitAsync());
        }
        await Expect(page.Locator("#status")).Not.ToHaveTextAsync("live", new() { Timeout = Wait });

        using var second = ServerProcess.Start(dir.Path, args);
        await second.WaitReadyAsync();
        // The browser reconnects with its Last-Event-ID; the new process does not know it and starts with a snapshot.
        await Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("window.clusterdLive.snapshots === 2", null, new() { Timeout = Wait });
        await second.PostOkAsync("/admin/nodes/node3/down");
        await Expect(page.Locator(".grid-header [data-node=node3]")).ToHaveTextAsync("node3 · Down", new() { Timeout = Wait });
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_page_loads_10000_CSVs_and_renders_only_the_visible_rows()
    {
        using var topologyDir = new TempDir();
        var topology = Path.Combine(topologyDir.Path, "topology.json");
        BigTopology.Write(topology, 10_000);
        var (dir, server) = await StartAsync(emulator: true, "--config", topology);
        using (dir)
        using (server)
        {
            var page = await chromium.Context.NewPageAsync();
            var load = Stopwatch.StartNew();
            await page.GotoAsync(server.Http.BaseAddress!.ToString());
            await Expect(page.Locator("#volumes-count")).ToHaveTextAsync("(10002)", new() { Timeout = 60_000 });
            await Expect(page.Locator(".grid-row").First).ToBeVisibleAsync();
            output.WriteLine($"first load with 10,002 CSVs: {load.Elapsed.TotalMilliseconds:F0} ms from navigation to the first rows; page timings (ms since navigation): "
                + await page.EvaluateAsync<string>("JSON.stringify(window.clusterdLive.timing)"));
            var rendered = await page.Locator(".grid-row").CountAsync();
            Assert.InRange(rendered, 10, 80);
            await page.FillAsync("#filter", "Bench Disk 9999");
            await Expect(page.Locator(".grid-row")).ToHaveCountAsync(1, new() { Timeout = Wait });
            await Expect(page.Locator("#volumes-count")).ToHaveTextAsync("(1 of 10002)");
            await page.CloseAsync();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Refreshes docs/web-console.png, the README's picture of the page.</summary>
    private static async Task TakeScreenshotAsync(IPage page)
    {
        var path = Path.Combine(BigTopology.RepositoryRoot(), "docs", "web-console.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is written");
    }
}
