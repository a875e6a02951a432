using System.Diagnostics;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.ClusterBench;

/// <summary>The three measurements; each method is one run on a fresh rig and returns its named numbers.</summary>
internal static class Benches
{
    private const string Resource = "Cluster Disk 1";
    private const string Volume = "Volume1";

    /// <summary>
    /// One sealed connection to node1, a resource handle on "Cluster Disk 1", sequential
    /// SET_SHARED_VOLUME_BACKUP_MODE calls alternating InProgress (600 s) and None: every call is a state change the
    /// server commits before it answers. 1 s warm-up, then <see cref="Options.Duration"/>.
    /// </summary>
    public static async Task<Dictionary<string, double>> LatencyAsync(Rig rig, Options o)
    {
        await using var c = await ClusApiClient.ConnectAsync(rig.EndPoint(0), Rig.Credential);
        var open = await c.InvokeAsync(new OpenResourceRequest(Resource));
        if (open.Status != Win32Error.Success)
        {
            throw new InvalidOperationException($"OpenResource({Resource}): {open.Status}");
        }
        byte[] inProgress = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 600, Volume).ToArray();
        byte[] none = new SharedVolumeBackupMode(SharedVolumeBackupState.None, 0, Volume).ToArray();
        var flip = false;
        async Task Call()
        {
            flip = !flip;
            var r = await c.InvokeAsync(new ResourceControlRequest(open.Handle, ControlCodes.SetSharedVolumeBackupMode, flip ? inProgress : none, 4096));
            if (r.Result != Win32Error.Success)
            {
                throw new InvalidOperationException($"SET_SHARED_VOLUME_BACKUP_MODE: {r.Result}");
            }
        }
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1))
        {
            await Call();
        }
        var latencies = new List<long>(1 << 14);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < o.Duration)
        {
            var t0 = Stopwatch.GetTimestamp();
            await Call();
            latencies.Add(Stopwatch.GetTimestamp() - t0);
        }
        var elapsed = watch.Elapsed;
        latencies.Sort();
        var ms = 1000.0 / Stopwatch.Frequency;
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))] * ms;
        return new()
        {
            ["p50_ms"] = P(0.50),
            ["p99_ms"] = P(0.99),
            ["calls_per_s"] = latencies.Count / elapsed.TotalSeconds,
            ["calls"] = latencies.Count,
            ["max_ms"] = latencies[^1] * ms,
            ["calls_over_100ms"] = latencies.Count(t => t * ms > 100),
        };
    }

    /// <summary>
    /// Moves "Available Storage" to node3, kill -9 of node3, then polls node1 every 20 ms: the time from the kill until
    /// node3 is Down, and until every group node3 owned is Online on another node.
    /// </summary>
    public static async Task<Dictionary<string, double>> FailoverAsync(Rig rig)
    {
        await using var c = await rig.ClientAsync(0);
        await c.MoveGroupAsync("Available Storage", "node3");
        IReadOnlyList<ClusterGroup> groups = [];
        await Rig.WaitAsync("Available Storage Online on node3", TimeSpan.FromSeconds(30), async () =>
        {
            groups = await c.GetGroupsAsync();
            return groups.Any(g => g.Name == "Available Storage" && g.OwnerNode == "node3" && g.State == ClusterGroupState.Online);
        });
        var owned = groups.Where(g => string.Equals(g.OwnerNode, "node3", StringComparison.OrdinalIgnoreCase)).Select(g => g.Name).ToHashSet();
        var watch = Stopwatch.StartNew();
        rig.KillNode(2);
        TimeSpan? down = null, online = null;
        var errors = 0;
        while ((down is null || online is null) && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if (down is null && (await c.GetNodeAsync("node3")).State == ClusterNodeState.Down)
                {
                    down = watch.Elapsed;
                }
                if (online is null && (await c.GetGroupsAsync()).Where(g => owned.Contains(g.Name))
                        .All(g => g.State == ClusterGroupState.Online && g.OwnerNode is { } n && !string.Equals(n, "node3", StringComparison.OrdinalIgnoreCase)))
                {
                    online = watch.Elapsed;
                }
            }
            catch (Exception e) when (e is ClusterException or IOException)
            {
                errors++;
            }
            await Task.Delay(20);
        }
        if (down is null || online is null)
        {
            throw new TimeoutException($"after 60 s: node3 Down={down is not null}, its groups ({string.Join(", ", owned)}) Online elsewhere={online is not null}");
        }
        return new()
        {
            ["node_down_ms"] = down.Value.TotalMilliseconds,
            ["groups_online_ms"] = online.Value.TotalMilliseconds,
            ["groups_moved"] = owned.Count,
            ["poll_errors"] = errors,
        };
    }

    /// <summary>
    /// Sets backup mode on Volume1 with a <paramref name="delaySeconds"/> delay through node2 (the typed call, so the
    /// clock starts when the committed answer arrives), then (when <paramref name="killEtcdLeader"/>) kill -9 of the
    /// etcd raft leader, then polls Volume1's backup state through node2 every 20 ms until None. Lateness = time since
    /// the set returned minus the delay.
    /// </summary>
    public static async Task<Dictionary<string, double>> TimerAsync(Rig rig, bool killEtcdLeader, int delaySeconds)
    {
        var etcd = rig.Etcd ?? throw new InvalidOperationException("no etcd");
        await using var c = await rig.ClientAsync(1);
        await using var raw = await ClusApiClient.ConnectAsync(rig.EndPoint(1), Rig.Credential);
        var open = await raw.InvokeAsync(new OpenResourceRequest(Resource));
        if (open.Status != Win32Error.Success)
        {
            throw new InvalidOperationException($"OpenResource({Resource}): {open.Status}");
        }
        var leader = await etcd.LeaderAsync();
        if (killEtcdLeader && leader < 0)
        {
            throw new InvalidOperationException("no etcd member says etcd_server_is_leader 1");
        }
        var r = await raw.InvokeAsync(new ResourceControlRequest(open.Handle, ControlCodes.SetSharedVolumeBackupMode,
            new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, (uint)delaySeconds, Volume).ToArray(), 4096));
        var watch = Stopwatch.StartNew();
        if (r.Result != Win32Error.Success)
        {
            throw new InvalidOperationException($"SET_SHARED_VOLUME_BACKUP_MODE: {r.Result}");
        }
        if (killEtcdLeader)
        {
            etcd.Kill(leader);
        }
        var killedAt = watch.Elapsed;
        var errors = 0;
        string? lastError = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(delaySeconds + 60))
        {
            try
            {
                var states = await c.GetSharedVolumeBackupStateAsync(Volume);
                if (states.Count > 0 && states.All(s => s.BackupState == SharedVolumeBackupState.None))
                {
                    var elapsed = watch.Elapsed;
                    return new()
                    {
                        ["lateness_ms"] = (elapsed - TimeSpan.FromSeconds(delaySeconds)).TotalMilliseconds,
                        ["kill_after_ms"] = killEtcdLeader ? killedAt.TotalMilliseconds : 0,
                        ["poll_errors"] = errors,
                    };
                }
            }
            catch (Exception e) when (e is ClusterException or IOException)
            {
                errors++;
                lastError = e.Message;
            }
            await Task.Delay(20);
        }
        Console.Error.WriteLine(await rig.DiagnoseAsync());
        throw new TimeoutException($"({errors} poll errors, last: {lastError}) Volume1 still in backup mode {delaySeconds + 60} s after the set");
    }
}
