using System.Collections.Concurrent;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Topology;
using Clusterd.Server.Web;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Tests;

/// <summary>
/// The live view's stream in-process (docs/web-console.md): resuming from Last-Event-ID without gaps, a snapshot for
/// an id it cannot resume from, and a stalled client dropped at its buffer's bound while the others get everything.
/// </summary>
public sealed class LiveViewTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly ClusterHost _host;
    private readonly CapturingLogger _log = new();
    private readonly LiveView _view;
    private bool _backup;

    public LiveViewTests()
    {
        var options = new ServerOptions
        {
            DataDirectory = _dir.DataDir,
            AdminEndpoints = CommandLine.ParseAdminUrls("http://127.0.0.1:0", allowRemote: false, hasToken: false),
            Emulator = true,
        };
        _host = ClusterHost.Open(options, TopologyConfig.Default(), new VirtualTimeProvider());
        _view = new LiveView(_host, emulator: true, _log);
    }

    public void Dispose()
    {
        _view.Dispose();
        _host.Dispose();
        _dir.Dispose();
    }

    /// <summary>Toggles Volume1's backup mode and waits until <paramref name="reader"/> gets the delta showing it; returns its revision.</summary>
    private async Task<long> ChangeAsync(LiveSession reader)
    {
        _backup = !_backup;
        var state = _backup ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None;
        Assert.Equal(Win32Error.Success, _host.Use(e => e.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", state, _backup ? 600u : 0u))));
        var expected = "\"name\":\"Volume1\"";
        var backup = "\"backup\":\"" + state + "\"";
        while (true)
        {
            var m = await NextAsync(reader);
            if (m.Type == "delta" && m.Json.Contains(expected, StringComparison.Ordinal) && m.Json.Contains(backup, StringComparison.Ordinal))
            {
                return m.Revision;
            }
        }
    }

    private static async Task<LiveMessage> NextAsync(LiveSession session)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (true)
        {
            var m = await session.Client.Buffer.Reader.ReadAsync(cts.Token);
            if (m.Type != "heartbeat")
            {
                return m;
            }
        }
    }

    [Fact]
    public async Task A_browser_resuming_from_an_id_in_the_history_gets_exactly_the_deltas_it_missed_in_order()
    {
        var first = _view.Connect(null, null)!;
        Assert.NotNull(first.SnapshotRevision);
        var seen = await ChangeAsync(first);
        _view.Disconnect(first.Client);

        var watcher = _view.Connect(null, null)!;
        var missed = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(await ChangeAsync(watcher));
        }

        var resumed = _view.Connect(_view.IdOf(seen), null)!;
        Assert.Null(resumed.SnapshotRevision);
        var replayed = resumed.Replay.Select(m => m.Revision).ToList();
        Assert.Equal(Enumerable.Range(0, replayed.Count).Select(i => seen + 1 + i), replayed); // no gap, in order
        Assert.Equal(_view.Revision, replayed[^1]);
        Assert.Subset(replayed.ToHashSet(), missed.ToHashSet());
        Assert.All(resumed.Replay, m => Assert.Equal("delta", m.Type));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0123456789ab-1")] // another process's epoch
    [InlineData("-5")]
    [InlineData("LONG")]
    [InlineData("FUTURE")]
    public void A_Last_Event_ID_it_cannot_resume_from_gets_a_full_snapshot_first(string id)
    {
        id = id switch
        {
            "LONG" => _view.Epoch + "-" + new string('1', LiveView.MaxLastEventIdLength),
            "FUTURE" => _view.IdOf(_view.Revision + 5),
            _ => id,
        };
        var session = _view.Connect(id, null)!;
        Assert.NotNull(session.SnapshotRevision);
        Assert.Empty(session.Replay);
        var snapshot = _view.SnapshotJson(session.SnapshotRevision!.Value, session.Log);
        Assert.Contains("\"volumes\":[{\"name\":\"Volume1\"", snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_reset_connected_clients_get_a_new_snapshot_and_an_id_from_before_it_no_longer_resumes()
    {
        var client = _view.Connect(null, null)!;
        var before = await ChangeAsync(client);
        _host.Reset();
        LiveMessage m;
        do
        {
            m = await NextAsync(client);
        }
        while (m.Type != "snapshot");
        Assert.True(m.Revision > before);
        Assert.Contains("\"backup\":\"None\"", m.Json, StringComparison.Ordinal);
        Assert.Contains("cluster reset", m.Json, StringComparison.Ordinal);

        var old = _view.Connect(_view.IdOf(before), null)!;
        Assert.NotNull(old.SnapshotRevision);
        var current = _view.Connect(_view.IdOf(m.Revision), null)!;
        Assert.Null(current.SnapshotRevision);
    }

    [Fact]
    public async Task A_stalled_client_is_dropped_and_logged_when_its_bounded_buffer_fills_while_the_others_get_every_delta()
    {
        var stalled = _view.Connect(null, null)!; // never reads
        var reader = _view.Connect(null, null)!;
        var revisions = new List<long>();
        for (var i = 0; i < LiveView.ClientBufferCapacity + 8; i++)
        {
            revisions.Add(await ChangeAsync(reader));
        }
        Assert.True(stalled.Client.Dropped, "the stalled client was dropped");
        Assert.Equal(LiveView.ClientBufferCapacity, stalled.Client.Buffer.Reader.Count); // bounded: nothing beyond the capacity was queued
        Assert.False(stalled.Client.Buffer.Writer.TryWrite(new LiveMessage(0, "heartbeat", "{}")), "its stream is ended");
        Assert.False(reader.Client.Dropped);
        Assert.Equal(1, _view.ClientCount);
        Assert.Contains(_log.Lines, l => l.Contains("dropped", StringComparison.Ordinal) && l.Contains("512 messages behind", StringComparison.Ordinal));
        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
    }

    [Fact]
    public void Beyond_MaxClients_a_stream_is_refused()
    {
        for (var i = 0; i < LiveView.MaxClients; i++)
        {
            Assert.NotNull(_view.Connect(null, null));
        }
        Assert.Null(_view.Connect(null, null));
        Assert.Equal(LiveView.MaxClients, _view.ClientCount);
    }

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
