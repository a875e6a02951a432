using System.Diagnostics;
using Clusterd.ClusApi;
using Clusterd.Client;
using Clusterd.Server.Tests;
using Clusterd.Store;
using Clusterd.Store.Etcd;
using Clusterd.Tests.Shared;
using Xunit.Abstractions;

namespace Clusterd.MultiNode.Tests;

/// <summary>
/// Three real clusterd processes on a real etcd (docs/multi-node.md): one cluster, any node serves ClusAPI with the
/// same state, failover when a node dies, deadlines fired once by the leader, a paused leader fenced.
/// </summary>
public sealed class MultiNodeTests(ITestOutputHelper output)
{
    private const string Volume1Guid = @"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\";

    private static async Task<SharedVolumeBackupState> BackupOf(ClusterClient c, string volume = "Volume1") =>
        (await c.GetSharedVolumeBackupStateAsync(volume)).Single().BackupState;

    [Fact]
    public async Task A_change_through_one_node_is_seen_through_every_node_and_notified_to_clients_of_the_others()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using var c1 = await rig.ClientAsync(0);
        await using var c2 = await rig.ClientAsync(1);
        await using var c3 = await rig.ClientAsync(2);
        await using var watcher = await rig.ClientAsync(1);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var notified = new TaskCompletionSource<ClusterChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = Task.Run(async () =>
        {
            await foreach (var change in watcher.GetChangesAsync(stop.Token))
            {
                if (change.ObjectType == ClusterObjectType.SharedVolume)
                {
                    notified.TrySetResult(change);
                    return;
                }
            }
        });
        await Task.Delay(500); // the notification port is registered on node2 before the change is made

        await c1.SetRedirectedAccessAsync("Volume2", on: true);
        await c1.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: 600);

        foreach (var c in new[] { c2, c3 })
        {
            await rig.WaitAsync("node sees backup mode", async () => await BackupOf(c) == SharedVolumeBackupState.InProgress, TimeSpan.FromSeconds(5));
            Assert.Contains(await c.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected);
        }
        var change = await notified.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ClusterObjectType.SharedVolume, change.ObjectType);
        await stop.CancelAsync();
        await listening.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task The_cluster_security_descriptor_changed_through_one_node_is_what_every_node_evaluates()
    {
        // docs/authorization.md: the descriptor is a database value, so it replicates with everything else; every node
        // seeds it only when the database holds none, so the three nodes agree from the start.
        await using var rig = await ClusterRig.StartAsync();
        await using var c1 = await rig.ClientAsync(0);
        await using var c2 = await rig.ClientAsync(1);
        await using var c3 = await rig.ClientAsync(2);
        var initial = await c1.GetClusterAccessAsync();
        Assert.Single(initial);
        Assert.Equal(initial, await c2.GetClusterAccessAsync());
        Assert.Equal(initial, await c3.GetClusterAccessAsync());

        await c1.GrantClusterAccessAsync("Everyone", readOnly: true);
        await rig.WaitAsync("node2 sees the grant", async () => (await c2.GetClusterAccessAsync()).Any(e => e.IdentityReference == "Everyone" && e.ClusterRights == "Read"),
            TimeSpan.FromSeconds(10));
        await c3.RemoveClusterAccessAsync("Everyone");
        await rig.WaitAsync("node1 sees the removal", async () => (await c1.GetClusterAccessAsync()).SequenceEqual(initial), TimeSpan.FromSeconds(10));

        // The last account with All cannot be removed through any node.
        var e = await Assert.ThrowsAsync<ClusterException>(() => c2.RemoveClusterAccessAsync(ClusterRig.User));
        Assert.Equal(Win32Error.LastAdmin, e.Error);
    }

    [Fact]
    public async Task Backup_mode_set_through_node1_with_a_delay_expires_on_time_seen_through_node2()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using var c1 = await rig.ClientAsync(0);
        await using var c2 = await rig.ClientAsync(1);
        var delay = TimeSpan.FromSeconds(3);

        var set = Stopwatch.StartNew();
        await c1.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: (uint)delay.TotalSeconds);
        Assert.Equal(SharedVolumeBackupState.InProgress, await BackupOf(c2));
        await rig.WaitAsync("backup mode cleared by the timer", async () => await BackupOf(c2) == SharedVolumeBackupState.None, TimeSpan.FromSeconds(15));
        var lateness = set.Elapsed - delay;

        output.WriteLine($"timer lateness seen through node2 (includes 50 ms polling and the RPC): {lateness.TotalMilliseconds:F0} ms");
        Assert.True(lateness >= -TimeSpan.FromMilliseconds(100), "the timer fired before its deadline: " + lateness);
        Assert.True(lateness < TimeSpan.FromSeconds(1), "the timer fired late: " + lateness);

        // docs/metrics.md: each node exports what it committed itself, so over the three nodes the arming (through node1)
        // and the expiry (by the leader) are each counted once, and every commit went through etcd.
        var scraped = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => rig.Node(i).Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))));
        Assert.Equal(1, MetricValue(scraped[0], "clusterd_csv_transitions_total", "clusterd_csv_from=\"idle\",clusterd_csv_to=\"armed\""));
        Assert.Equal(1, scraped.Sum(m => MetricValue(m, "clusterd_csv_transitions_total", "clusterd_csv_from=\"armed\",clusterd_csv_to=\"idle\"")));
        Assert.Equal(1, scraped.Sum(m => MetricValue(m, "clusterd_timers_fired_total", "clusterd_timer_kind=\"volume_backup\"")));
        Assert.True(MetricValue(scraped[0], "clusterd_store_commit_duration_seconds_count", "clusterd_store_kind=\"replicated\"") >= 1);
        Assert.Equal(0, scraped.Sum(m => MetricValue(m, "clusterd_store_commit_duration_seconds_count", "clusterd_store_kind=\"local\"")));
    }

    /// <summary>The value of the sample of <paramref name="name"/> whose labels contain <paramref name="labels"/> (0 when absent).</summary>
    private static double MetricValue(string exposition, string name, string labels)
    {
        var m = System.Text.RegularExpressions.Regex.Match(exposition,
            "^" + System.Text.RegularExpressions.Regex.Escape(name) + "\\{[^}]*" + System.Text.RegularExpressions.Regex.Escape(labels) + "[^}]*\\} (\\S+)$",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task Killing_a_node_that_owns_groups_brings_them_online_on_survivors_within_two_lease_ttls()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using var c1 = await rig.ClientAsync(0);
        // node3 owns nothing in the default topology: give it the CSV of Volume1 (coordinator) and a group.
        await c1.MoveSharedVolumeAsync("Volume1", "node3");
        var groups = await c1.GetGroupsAsync();
        var moved = groups.First(g => g.Name == "Available Storage");
        await c1.MoveGroupAsync(moved.Name, "node3");
        var owned = (await c1.GetGroupsAsync()).Where(g => g.OwnerNode == "node3").Select(g => g.Name).ToList();
        Assert.NotEmpty(owned);

        var killed = Stopwatch.StartNew();
        await rig.KillAsync(2);
        var took = await rig.WaitAsync("node3's groups online on survivors", async () =>
        {
            var now = await c1.GetGroupsAsync();
            return (await c1.GetNodeAsync("node3")).State == ClusterNodeState.Down
                && owned.All(name => now.Single(g => g.Name == name) is { OwnerNode: "node1" or "node2", State: ClusterGroupState.Online });
        }, TimeSpan.FromSeconds(20));

        output.WriteLine($"failover after kill -9 (detection + groups online): {took.TotalMilliseconds:F0} ms; lease TTL {ClusterRig.LeaseTtl.TotalMilliseconds} ms");
        Assert.True(killed.Elapsed <= 2 * ClusterRig.LeaseTtl + TimeSpan.FromMilliseconds(500), "failover took " + took);
        var csv = (await c1.GetSharedVolumesAsync("Volume1")).Single();
        Assert.NotEqual("node3", csv.OwnerNode);
    }

    [Fact]
    public async Task An_acknowledged_change_survives_killing_its_node_and_the_node_rejoins_joining_then_up()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using (var c1 = await rig.ClientAsync(0))
        {
            await c1.SetRedirectedAccessAsync("Volume2", on: true);
        }
        await rig.KillAsync(0); // kill -9 right after the acknowledgement
        await using var c2 = await rig.ClientAsync(1);
        Assert.Contains(await c2.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected);
        await rig.WaitAsync("node1 down", async () => (await c2.GetNodeAsync("node1")).State == ClusterNodeState.Down, TimeSpan.FromSeconds(10));

        await rig.StartNodeAsync(0);
        var seen = new HashSet<ClusterNodeState>();
        await rig.WaitAsync("node1 up again", async () =>
        {
            var state = (await c2.GetNodeAsync("node1")).State;
            seen.Add(state);
            return state == ClusterNodeState.Up;
        }, TimeSpan.FromSeconds(15));
        await using var again = await rig.ClientAsync(0);
        Assert.Contains(await again.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected);
        output.WriteLine("node1 states seen while it rejoined: " + string.Join(", ", seen));
    }

    [Fact]
    public async Task A_node_restart_keeps_backup_mode_and_a_whole_cluster_restart_clears_it()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using (var c1 = await rig.ClientAsync(0))
        {
            await c1.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: 600);
            await c1.SetRedirectedAccessAsync("Volume2", on: true);
        }
        await rig.KillAsync(0);
        await rig.StartNodeAsync(0);
        await using (var c1 = await rig.ClientAsync(0))
        {
            Assert.Equal(SharedVolumeBackupState.InProgress, await BackupOf(c1)); // one node restarted: the cluster kept running
        }

        for (var i = 0; i < 3; i++)
        {
            await rig.KillAsync(i);
        }
        await Task.Delay(ClusterRig.LeaseTtl + TimeSpan.FromSeconds(1)); // every lease lapses: the whole cluster is down
        await rig.StartNodeAsync(1);
        await using var c2 = await rig.ClientAsync(1);
        Assert.Equal(SharedVolumeBackupState.None, await BackupOf(c2)); // volatile: gone with the cluster (MS-CMRP 3.1.1.4)
        Assert.Contains(await c2.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected); // nonvolatile: kept
    }

    [Fact]
    public async Task A_leader_paused_past_its_lease_is_fenced_and_never_writes_as_leader_again()
    {
        await using var rig = await ClusterRig.StartAsync();
        using var history = new History(rig.Etcd.Endpoints, rig.Prefix);
        var leader = -1;
        await rig.WaitAsync("a leader", async () => (leader = await rig.LeaderAsync()) >= 0);
        var other = (leader + 1) % 3;
        await using var c = await rig.ClientAsync(other);
        await c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: 2);

        rig.Pause(leader, stop: true); // frozen past its lease while the deadline falls due
        await rig.WaitAsync("another leader", async () => await rig.LeaderAsync() is var l && l >= 0 && l != leader, TimeSpan.FromSeconds(15));
        await rig.WaitAsync("the timer fired by the new leader", async () => await BackupOf(c) == SharedVolumeBackupState.None, TimeSpan.FromSeconds(10));
        rig.Pause(leader, stop: false);
        await Task.Delay(ClusterRig.LeaseTtl); // the old leader runs again, with its stale view of being leader

        await rig.WaitAsync("the old leader knows it does not lead", async () => !(await rig.Health(leader)).GetProperty("replica").GetProperty("leader").GetBoolean(),
            TimeSpan.FromSeconds(10));
        Assert.NotEqual(leader, await rig.LeaderAsync()); // and exactly one other node does (LeaderAsync checks)
        history.WaitFor(rig.Etcd.Endpoints);
        Assert.Equal(1, history.Expiries(Volume1Guid));
    }

    [Fact]
    public async Task A_backup_timer_fires_once_at_its_deadline_when_the_etcd_leader_is_killed()
    {
        // Windows' default heartbeat (1000 ms x 5: lease TTL 5 s, keep-alive 1 s): an etcd election (about 1-2 s here)
        // is shorter than the leader's step-down threshold (TTL - keep-alive), so the leader rides it out.
        var keepAlive = TimeSpan.FromSeconds(1);
        await using var rig = await ClusterRig.StartAsync(etcdMembers: 3, heartbeatMs: 1000, threshold: 5);
        using var history = new History(rig.Etcd.Endpoints, rig.Prefix);
        await using var c = await rig.ClientAsync(1);
        var delay = TimeSpan.FromSeconds(6);
        var set = Stopwatch.StartNew();
        await c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, delaySeconds: (uint)delay.TotalSeconds);

        var etcdLeader = rig.Etcd.LeaderIndex();
        Assert.True(etcdLeader >= 0);
        rig.Etcd.Kill(etcdLeader);
        await rig.WaitAsync("backup mode cleared", async () => await BackupOf(c) == SharedVolumeBackupState.None, TimeSpan.FromSeconds(30));
        var lateness = set.Elapsed - delay;

        output.WriteLine($"timer lateness across an etcd leader change: {lateness.TotalMilliseconds:F0} ms (keep-alive {keepAlive.TotalMilliseconds} ms)");
        Assert.True(lateness >= -TimeSpan.FromMilliseconds(100), "fired early: " + lateness);
        Assert.True(lateness <= keepAlive + TimeSpan.FromMilliseconds(250), "fired late: " + lateness); // 250 ms: polling and the RPC
        history.WaitFor(rig.Etcd.Endpoints);
        Assert.Equal(1, history.Expiries(Volume1Guid));
    }

    [Fact]
    public async Task Etcd_lost_while_running_refuses_writes_with_a_Win32_error_serves_reads_and_says_stale()
    {
        await using var rig = await ClusterRig.StartAsync();
        await using var c = await rig.ClientAsync(1);
        await c.SetRedirectedAccessAsync("Volume2", on: true);

        rig.Etcd.Kill(0);
        var e = await Assert.ThrowsAsync<ClusterException>(() => c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 60));
        Assert.Equal(Win32Error.WriteFault, e.Error);
        Assert.Contains(await c.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected); // reads: the last applied state
        var health = await rig.Health(1);
        Assert.Equal("stale", health.GetProperty("status").GetString());

        rig.Etcd.Restart(0);
        rig.Etcd.WaitHealthy(TimeSpan.FromSeconds(20));
        await rig.WaitAsync("writes accepted again", async () =>
        {
            await c.SetSharedVolumeBackupModeAsync("Volume1", SharedVolumeBackupState.InProgress, 60);
            return true;
        });
        Assert.Contains(await c.GetSharedVolumeStatesAsync("Volume2"), s => s.StateInfo == SharedVolumeState.ActiveRedirected);
    }

    [Fact]
    public async Task Etcd_unreachable_at_start_is_a_clear_error_and_a_non_zero_exit()
    {
        using var dir = new TempDir();
        var port = EtcdServer.FreePort(); // nothing listens there
        using var server = ServerProcess.Start(dir.Path, "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:" + port,
            "--local-node", "node1", "--admin-urls", "http://127.0.0.1:0", "--port", "0", "--epm-port", "0");
        var code = await server.WaitForExitAsync();
        Assert.NotEqual(0, code);
        Assert.Contains("etcd is unreachable", server.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The whole history of the cluster's committed batches, read from etcd by a watch from the first revision: what
    /// every node wrote, in order, to check that no change was applied twice.
    /// </summary>
    private sealed class History : IDisposable
    {
        private readonly EtcdConnection _connection;
        private readonly EtcdClusterStore _store;
        private readonly IDisposable _watch;
        private readonly List<ReplicatedBatch> _batches = [];

        public History(string endpoints, string prefix)
        {
            _connection = new EtcdConnection(EtcdConnection.ParseEndpoints(endpoints));
            _store = new EtcdClusterStore(_connection, new EtcdLayout(prefix));
            _watch = _store.Watch(0, b =>
            {
                lock (_batches)
                {
                    _batches.Add(b);
                }
            }, _ => { });
        }

        /// <summary>Waits until the watch has delivered everything committed so far.</summary>
        public void WaitFor(string endpoints)
        {
            var last = _store.Snapshot().Revision;
            Assert.True(SpinWait.SpinUntil(() =>
            {
                lock (_batches)
                {
                    return _batches.Count > 0 && _batches[^1].Revision >= last;
                }
            }, TimeSpan.FromSeconds(10)), "the history watch did not catch up with " + endpoints);
        }

        /// <summary>How many batches took the volume out of backup mode (its volatile record from armed to cleared).</summary>
        public int Expiries(string volumeGuidPath)
        {
            lock (_batches)
            {
                var armed = false;
                var count = 0;
                var key = "X\u001FBackup\u001F" + volumeGuidPath;
                Assert.Contains(_batches, b => b.Writes.Any(w => w.Key == key));
                foreach (var b in _batches)
                {
                    foreach (var w in b.Writes.Where(w => w.Key == key))
                    {
                        var nowArmed = w.Value is { Length: > 0 } v && v.Span[0] == 1;
                        if (armed && !nowArmed)
                        {
                            count++;
                        }
                        armed = nowArmed;
                    }
                }
                return count;
            }
        }

        public void Dispose()
        {
            _watch.Dispose();
            _store.Dispose();
            _connection.Dispose();
        }
    }
}
