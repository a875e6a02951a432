using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using Clusterd.Server.Tests;
using Clusterd.SseLoad;

namespace Clusterd.Browser.Tests;

/// <summary>
/// The live view's stream against a real clusterd process, without a browser: a client that stops reading is
/// dropped and logged once its bounded buffer fills, while the server keeps answering and a reading client keeps
/// getting every delta.
/// </summary>
public sealed class LiveStreamEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    /// <summary>LiveView.ClientBufferCapacity (the server's per-client bound).</summary>
    private const int LiveViewBufferCapacity = 512;

    [Fact]
    public async Task A_stalled_SSE_client_is_dropped_and_logged_and_never_holds_up_the_server_or_the_other_clients()
    {
        using var dir = new TempDir();
        var topology = Path.Combine(dir.Path, "topology.json");
        BigTopology.Write(topology, 1000); // a snapshot of ~0.4 MiB: the stalled socket's buffers fill at once
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--config", topology, "--port", "0", "--epm-port", "0");
        var admin = server.Http.BaseAddress!;

        // The stalled client: a raw socket with a small receive buffer that sends its request and never reads again.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, admin.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /web/events HTTP/1.1\r\nHost: 127.0.0.1:{admin.Port}\r\nAccept: text/event-stream\r\n\r\n"));

        // The reading client.
        using var http = new HttpClient { BaseAddress = admin, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var stop = new CancellationTokenSource();
        var revisions = new List<long>();
        var sawLast = false;
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop.Token))
                {
                    if (item.EventId is { } id)
                    {
                        lock (revisions)
                        {
                            revisions.Add(long.Parse(id.AsSpan(id.LastIndexOf('-') + 1), CultureInfo.InvariantCulture));
                            sawLast |= item.Data.Contains("\"name\":\"Volume1\"", StringComparison.Ordinal)
                                && item.Data.Contains("\"backup\":\"InProgress\"", StringComparison.Ordinal);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the test is over
            }
        });

        // Changes (backup mode on and off over the volumes), each its own delta as often as not, until the stalled
        // client is dropped; /health must answer promptly throughout.
        var clock = Stopwatch.StartNew();
        var slowestHealth = TimeSpan.Zero;
        var changes = 0;
        while (!server.Output.Contains("dropped: 512 messages behind", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Bound, $"the stalled client was not dropped after {changes} changes\n--- output ---\n{server.Output}");
            var on = changes / 1000 % 2 == 0;
            var volume = "Volume" + (3 + changes % 1000).ToString(CultureInfo.InvariantCulture);
            await server.PostOkAsync($"/admin/volumes/{volume}/backup", on ? new { state = "InProgress", delaySeconds = 3600 } : new { state = "None", delaySeconds = 0 });
            changes++;
            if (changes % 100 == 0)
            {
                var health = Stopwatch.StartNew();
                await server.GetJsonAsync("/health");
                slowestHealth = health.Elapsed > slowestHealth ? health.Elapsed : slowestHealth;
            }
        }
        Assert.True(slowestHealth < TimeSpan.FromSeconds(5), $"/health took {slowestHealth} while a client stalled");

        // The reader got every revision since its snapshot, without a gap; the stalled socket was closed by the server.
        var last = await server.PostOkAsync("/admin/volumes/Volume1/backup", new { state = "InProgress", delaySeconds = 600 });
        Assert.Equal("InProgress", last.GetProperty("backupState").GetString());
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (revisions)
            {
                if (sawLast)
                {
                    Assert.True(revisions.Count > LiveViewBufferCapacity, $"the reader got {revisions.Count} messages");
                    Assert.Equal(Enumerable.Range(0, revisions.Count).Select(i => revisions[0] + i), revisions);
                    break;
                }
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the reading client stopped getting deltas");
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await reading;
        Assert.True(await StalledSocketWasClosedAsync(stalled), "the server aborted the stalled connection");
    }

    /// <summary>Drains what the server had sent and returns true once the server has closed (FIN or reset) the socket.</summary>
    private static async Task<bool> StalledSocketWasClosedAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
