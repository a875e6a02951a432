using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;
using Clusterd.Server.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Web;

/// <summary>
/// The live view's state stream (docs/web-console.md): it listens to the engine's events, turns each batch of them into
/// one delta (the current state of every object that changed) numbered by a revision, keeps the last
/// <see cref="HistoryCapacity"/> deltas for browsers that reconnect, and hands each delta to every connected client
/// through a bounded per-client buffer. A client whose buffer is full is dropped (its connection aborted) and
/// logged: a stalled browser never holds up the engine, the pump or the other clients.
/// </summary>
internal sealed class LiveView : IDisposable
{
    /// <summary>Deltas kept for a reconnecting browser (Last-Event-ID); older ones get a full snapshot.</summary>
    public const int HistoryCapacity = 4096;

    /// <summary>Messages queued for one client before it counts as stalled and is dropped.</summary>
    public const int ClientBufferCapacity = 512;

    /// <summary>Concurrent live-view streams; one more gets 503.</summary>
    public const int MaxClients = 512;

    /// <summary>Event log lines in one delta; the rest are counted (LogDropped).</summary>
    public const int MaxLogLinesPerDelta = 200;

    /// <summary>Event log lines a snapshot carries.</summary>
    public const int LogTailCapacity = 500;

    /// <summary>Engine events one pump step takes; the rest wait for the next step (bounded work per delta).</summary>
    public const int MaxEventsPerStep = 20_000;

    /// <summary>The longest Last-Event-ID looked at (ours are far shorter); a longer one is treated as unknown.</summary>
    public const int MaxLastEventIdLength = 64;

    /// <summary>How often the clock heartbeat is sent.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan IdleWake = TimeSpan.FromMilliseconds(250);

    private readonly ClusterHost _host;
    private readonly ILogger _log;
    private readonly bool _emulator;
    private readonly Lock _gate = new();
    private readonly LiveMessage[] _history = new LiveMessage[HistoryCapacity];
    private readonly List<LiveClient> _clients = [];
    private readonly Queue<LiveLogLine> _logTail = new();
    private readonly ConcurrentQueue<PendingEvent> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private long _revision;
    private long _oldest = 1;
    private int _historyCount;
    private int _wakePending;
    private long _nextClientId;
    private CachedSnapshot? _snapshotCache; // read and written with Volatile by the pump and request threads

    // Pump-only state.
    private ClusterEngine? _engine;
    private IDisposable? _subscription;
    private Dictionary<string, List<string>> _volumesByResource = new(StringComparer.OrdinalIgnoreCase);
    private bool _mapStale = true;
    private LiveClock? _lastClock;
    private long _lastHeartbeat;
    private long _lastClockAt;
    private bool _warmed;

    public LiveView(ClusterHost host, bool emulator, ILogger log)
    {
        _host = host;
        _emulator = emulator;
        _log = log;
        Epoch = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6));
        _lastClock = Clock();
        _lastClockAt = Stopwatch.GetTimestamp();
        try
        {
            EnsureSubscribed();
        }
        catch (ClusterUnavailableException)
        {
            // The pump subscribes once an engine exists.
        }
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>This process's identity in event ids: a browser that resumes with another epoch gets a snapshot.</summary>
    public string Epoch { get; }

    /// <summary>The last revision published.</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Connected clients.</summary>
    public int ClientCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The SSE id of a revision.</summary>
    public string IdOf(long revision) => Epoch + "-" + revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Registers a client. Its stream starts with the deltas after <paramref name="lastEventId"/> when they are all still
    /// in the history (a resume), else with a snapshot current at the returned revision; the deltas published after
    /// that go to its buffer. Null when <see cref="MaxClients"/> are connected.
    /// </summary>
    public LiveSession? Connect(string? lastEventId, HttpContext? context)
    {
        var resumeFrom = ParseLastEventId(lastEventId);
        lock (_gate)
        {
            if (_clients.Count >= MaxClients)
            {
                return null;
            }
            var client = new LiveClient(++_nextClientId, context);
            _clients.Add(client);
            if (resumeFrom is { } n && n >= _oldest - 1 && n <= _revision)
            {
                var replay = new List<LiveMessage>((int)(_revision - n));
                for (var r = n + 1; r <= _revision; r++)
                {
                    replay.Add(_history[(int)(r % HistoryCapacity)]);
                }
                return new LiveSession(client, replay, SnapshotRevision: null, []);
            }
            return new LiveSession(client, [], _revision, [.. _logTail]);
        }
    }

    /// <summary>Unregisters a client (its stream ended).</summary>
    public void Disconnect(LiveClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
        client.Buffer.Writer.TryComplete();
    }

    /// <summary>
    /// The snapshot JSON of a session that could not resume. The last one built is kept: browsers that load the page
    /// while nothing changes (the common case of a first load) share it instead of each reading 10,000 CSVs again.
    /// </summary>
    public string SnapshotJson(long revision, IReadOnlyList<LiveLogLine> log)
    {
        if (Volatile.Read(ref _snapshotCache) is { } cached && cached.Revision == revision)
        {
            return cached.Json;
        }
        var json = JsonSerializer.Serialize(BuildSnapshot(revision, log).Snapshot, AdminJson.Options);
        Volatile.Write(ref _snapshotCache, new CachedSnapshot(revision, json));
        return json;
    }

    /// <summary>Reads the whole cluster (under the host's shared lock; each query under the engine lock).</summary>
    private (LiveSnapshot Snapshot, Dictionary<string, List<string>> VolumesByResource) BuildSnapshot(long revision, IReadOnlyList<LiveLogLine> log) =>
        _host.Use(e =>
        {
            var q = e.Queries;
            var nodes = q.GetNodes().Select(ToLive).ToList();
            var groups = q.Enumerate(ClusterEnumType.Group).Select(q.FindGroup).OfType<GroupInfo>().Select(ToLive).ToList();
            var states = q.GetAllVolumeStates().ToLookup(s => s.VolumeName, StringComparer.OrdinalIgnoreCase);
            var volumes = q.GetAllSharedVolumes().Select(v => ToLive(v, states[v.VolumeName])).ToList();
            var map = volumes.GroupBy(v => v.Resource, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(v => v.VolumeName).ToList(), StringComparer.OrdinalIgnoreCase);
            return (new LiveSnapshot(revision, q.GetClusterInfo().Name, _emulator, Clock(), nodes, groups, volumes, log), map);
        });

    private LiveClock Clock() => _host.VirtualClock is { } v
        ? new LiveClock(v.GetUtcNow(), v.IsPaused, Virtual: true)
        : new LiveClock(_host.Time.GetUtcNow(), Paused: false, Virtual: false);

    /// <summary>The revision in one of this process's ids, or null for anything else (another epoch, malformed, too long).</summary>
    private long? ParseLastEventId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLastEventIdLength)
        {
            return null;
        }
        var dash = id.LastIndexOf('-');
        return dash > 0 && id.AsSpan(0, dash).SequenceEqual(Epoch)
            && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
    }

    private void OnEvent(ClusterEvent e)
    {
        _pending.Enqueue(new PendingEvent(e, UnixMs(), _host.Time.GetUtcNow()));
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }
    }

    private static double UnixMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private async Task PumpAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(IdleWake, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Volatile.Write(ref _wakePending, 0);
            try
            {
                Step();
            }
            catch (ClusterUnavailableException)
            {
                // No engine (a failed reset): nothing to show until the server stops.
            }
            catch (ObjectDisposedException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                WebLog.PumpFailed(_log, e);
            }
        }
    }

    private void Step()
    {
        if (EnsureSubscribed())
        {
            _pending.Clear();
            PublishSnapshotToAll("cluster reset");
        }
        else if (_mapStale)
        {
            _volumesByResource = BuildSnapshot(0, []).VolumesByResource;
            _mapStale = false;
        }
        var clock = Clock();
        if (!_pending.IsEmpty || clock.Paused != _lastClock!.Paused || ClockJumped(clock))
        {
            PublishDelta();
        }
        if (!_warmed)
        {
            // Build the first snapshot now, not when the first browser waits for it (and warm up its serializer).
            _warmed = true;
            long revision;
            IReadOnlyList<LiveLogLine> tail;
            lock (_gate)
            {
                revision = _revision;
                tail = [.. _logTail];
            }
            SnapshotJson(revision, tail);
        }
        if (Stopwatch.GetElapsedTime(_lastHeartbeat) >= HeartbeatPeriod)
        {
            _lastHeartbeat = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                var json = JsonSerializer.Serialize(new LiveHeartbeat(Clock(), _revision), AdminJson.Options);
                FanOut(new LiveMessage(0, "heartbeat", json));
            }
        }
    }

    /// <summary>True when the cluster's clock moved other than at real speed since the last message (advanced, or paused).</summary>
    private bool ClockJumped(LiveClock clock)
    {
        var expected = _lastClock!.Paused ? _lastClock.Now : _lastClock.Now + Stopwatch.GetElapsedTime(_lastClockAt);
        return Math.Abs((clock.Now - expected).TotalMilliseconds) > 500;
    }

    /// <summary>Subscribes to the host's current engine; true when it replaced another one (a reset).</summary>
    private bool EnsureSubscribed() => _host.Use(e =>
    {
        if (ReferenceEquals(e, _engine))
        {
            return false;
        }
        _subscription?.Dispose();
        _subscription = e.Subscribe(OnEvent);
        var replaced = _engine is not null;
        _engine = e;
        return replaced;
    });

    private void PublishSnapshotToAll(string reason)
    {
        long revision;
        IReadOnlyList<LiveLogLine> tail;
        lock (_gate)
        {
            revision = ++_revision;
            _historyCount = 0;
            _oldest = revision + 1;
            AddLog(new LiveLogLine(_host.Time.GetUtcNow(), "Cluster", reason, "", null));
            tail = [.. _logTail];
        }
        var (snapshot, map) = BuildSnapshot(revision, tail);
        _volumesByResource = map;
        _mapStale = false;
        var json = JsonSerializer.Serialize(snapshot, AdminJson.Options);
        Volatile.Write(ref _snapshotCache, new CachedSnapshot(revision, json));
        lock (_gate)
        {
            FanOut(new LiveMessage(revision, "snapshot", json));
        }
        _lastClock = snapshot.Clock;
        _lastClockAt = Stopwatch.GetTimestamp();
    }

    private void PublishDelta()
    {
        var events = new List<PendingEvent>();
        while (events.Count < MaxEventsPerStep && _pending.TryDequeue(out var p))
        {
            events.Add(p);
        }
        if (events.Count > 0 && events.Count == MaxEventsPerStep && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release(); // more are waiting: another step right away
        }

        var nodesChanged = false;
        var groupIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var volumes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var structural = false;
        var lines = new List<LiveLogLine>(Math.Min(events.Count, MaxLogLinesPerDelta));
        var droppedLines = 0;
        foreach (var (e, _, at) in events)
        {
            switch (e.ObjectType)
            {
                case ClusterObjectType.Node:
                    nodesChanged = true;
                    structural |= e.Change is ClusterChange.Added or ClusterChange.Deleted;
                    break;
                case ClusterObjectType.Group:
                    groupIds.Add(e.ObjectId);
                    structural |= e.Change is ClusterChange.Added or ClusterChange.Deleted;
                    break;
                case ClusterObjectType.Resource:
                    AddVolumesOf(e.Name, volumes);
                    structural |= e.Change is ClusterChange.Added or ClusterChange.Deleted;
                    break;
                default:
                    break;
            }
            structural |= e.Change is ClusterChange.SharedVolumeAdded or ClusterChange.SharedVolumeRemoved;
            foreach (var s in e.SharedVolumeStates)
            {
                volumes.Add(s.VolumeName);
            }
            if (lines.Count < MaxLogLinesPerDelta)
            {
                lines.Add(LogLine(e, at));
            }
            else
            {
                droppedLines++;
            }
        }
        if (structural)
        {
            PublishSnapshotToAll("topology changed");
            return;
        }

        var delta = _host.Use(engine =>
        {
            var q = engine.Queries;
            var groups = groupIds.Select(q.FindGroup).OfType<GroupInfo>().ToList();
            foreach (var g in groups)
            {
                foreach (var r in g.ResourceNames)
                {
                    AddVolumesOf(r, volumes);
                }
            }
            var changed = new List<LiveVolume>(volumes.Count);
            foreach (var name in volumes)
            {
                if (q.FindSharedVolume(name) is { } v)
                {
                    var (error, states) = q.GetSharedVolumeStates(v.ResourceName, v.VolumeName);
                    changed.Add(ToLive(v, error == Win32Error.Success ? states! : []));
                }
            }
            var nodes = nodesChanged ? q.GetNodes().Select(ToLive).ToList() : null;
            return new LiveDelta(0, Clock(), nodes, [.. groups.Select(ToLive)], changed, lines, droppedLines,
                events.Count > 0 ? events[0].WallMs : UnixMs());
        });
        lock (_gate)
        {
            var revision = ++_revision;
            var json = JsonSerializer.Serialize(delta with { Revision = revision }, AdminJson.Options);
            var message = new LiveMessage(revision, "delta", json);
            _history[(int)(revision % HistoryCapacity)] = message;
            _historyCount = Math.Min(_historyCount + 1, HistoryCapacity);
            _oldest = revision - _historyCount + 1;
            foreach (var line in lines)
            {
                AddLog(line);
            }
            FanOut(message);
        }
        _lastClock = delta.Clock;
        _lastClockAt = Stopwatch.GetTimestamp();
    }

    private void AddVolumesOf(string resource, HashSet<string> into)
    {
        if (_volumesByResource.TryGetValue(resource, out var names))
        {
            into.UnionWith(names);
        }
    }

    private void AddLog(LiveLogLine line)
    {
        _logTail.Enqueue(line);
        while (_logTail.Count > LogTailCapacity)
        {
            _logTail.Dequeue();
        }
    }

    /// <summary>Queues a message for every client (under <see cref="_gate"/>); a client whose buffer is full is dropped.</summary>
    private void FanOut(LiveMessage message)
    {
        for (var i = _clients.Count - 1; i >= 0; i--)
        {
            var c = _clients[i];
            if (!c.Buffer.Writer.TryWrite(message))
            {
                _clients.RemoveAt(i);
                c.Drop();
                WebLog.SlowClientDropped(_log, c.Id, c.Remote, ClientBufferCapacity);
            }
        }
    }

    private static LiveLogLine LogLine(ClusterEvent e, DateTimeOffset at) => new(
        at,
        e.ObjectType.ToString(),
        e.Change.ToString(),
        e.Name,
        e.SharedVolumeStates.Count == 0
            ? null
            : string.Join("; ", e.SharedVolumeStates.Select(s => s.FriendlyName + " on " + s.NodeName + ": " + s.State)));

    private static LiveNode ToLive(NodeInfo n) => new(n.Id, n.Name, n.State);

    private static LiveGroup ToLive(GroupInfo g) => new(g.Id, g.Name, g.State, g.OwnerNodeName, g.IsSpecial);

    private static LiveVolume ToLive(SharedVolumeInfo v, IEnumerable<SharedVolumeNodeState> states) => new(
        v.FriendlyName, v.VolumeName, v.ResourceName, v.CoordinatorNodeName, v.BackupState, v.BackupDeadline,
        v.SnapshotSetsInProgress, v.Maintenance, v.Redirected, v.FaultState,
        [.. states.Select(s => new LiveVolumeOnNode(s.NodeName, s.State, s.RedirectedIOReason, s.BlockRedirectedIOReason))]);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _pump.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // logged by the pump
        }
        _subscription?.Dispose();
        lock (_gate)
        {
            foreach (var c in _clients)
            {
                c.Buffer.Writer.TryComplete();
            }
            _clients.Clear();
        }
        _stop.Dispose();
        _wake.Dispose();
    }

    private sealed record CachedSnapshot(long Revision, string Json);

    private readonly record struct PendingEvent(ClusterEvent Event, double WallMs, DateTimeOffset At);
}

/// <summary>One message of the stream: a delta or snapshot (with a revision, its SSE id) or a heartbeat (revision 0, no id).</summary>
internal sealed record LiveMessage(long Revision, string Type, string Json);

/// <summary>What a new stream starts with.</summary>
/// <param name="Client">The registered client.</param>
/// <param name="Replay">The deltas a resuming browser missed.</param>
/// <param name="SnapshotRevision">When it cannot resume: the revision its snapshot is current at.</param>
/// <param name="Log">The snapshot's event log lines.</param>
internal sealed record LiveSession(LiveClient Client, IReadOnlyList<LiveMessage> Replay, long? SnapshotRevision, IReadOnlyList<LiveLogLine> Log);

/// <summary>One connected browser: its bounded buffer and, to drop it, its connection.</summary>
internal sealed class LiveClient(long id, HttpContext? context)
{
    public long Id { get; } = id;

    public string Remote { get; } = context?.Connection.RemoteIpAddress is { } ip
        ? ip + ":" + context.Connection.RemotePort.ToString(CultureInfo.InvariantCulture)
        : "in-process";

    public Channel<LiveMessage> Buffer { get; } = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(LiveView.ClientBufferCapacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True once the client was dropped for falling behind.</summary>
    public bool Dropped { get; private set; }

    /// <summary>Ends the stream and aborts the connection (a write blocked on a stalled socket ends with it).</summary>
    public void Drop()
    {
        Dropped = true;
        Buffer.Writer.TryComplete();
        context?.Abort();
    }
}
