using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The volume backup timer takes effect exactly once (MS-CMRP 3.1.5.1; docs/engine-rules.md, "Timers"), over random
/// interleavings on the fake clock of: arm, re-arm, clear, snapshot start and completion (a detected backup cancels the
/// timer), the resource going offline and online, node loss and return, coordinator moves, store commits refused (an
/// expiry among them), and cluster restarts. The oracle only watches what a client sees (each volume's backup state and
/// deadline) before and after every step, and checks:
/// <list type="bullet">
/// <item>a timer never takes effect before its deadline (so a stale or re-armed timer never fires);</item>
/// <item>a timer whose deadline has passed has taken effect, unless its expiry commit was refused, and then it has
/// taken effect one retry period later (none is lost);</item>
/// <item>a cancelled timer (backup detected, or backup mode turned off) never takes effect.</item>
/// </list>
/// </summary>
public sealed class BackupTimerExactlyOnceTests
{
    private static readonly string[] Nodes = ["node1", "node2", "node3"];
    private static readonly (string Disk, string Volume)[] Csvs = [(Disk1, Volume1), (Disk2, Volume2)];
    private static readonly Guid[] Sets = [new("6b6b6b6b-0000-4000-8000-000000000001"), new("6b6b6b6b-0000-4000-8000-000000000002")];

    /// <summary>How long the engine waits before retrying an expiry the store refused (ClusterEngine.ExpiryRetryDelay).</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var s = 1; s <= 60; s++)
        {
            seeds.Add(s);
        }
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_due_backup_timer_fires_exactly_once_and_a_cancelled_one_never(int seed) => RunScript(seed);

    [Fact]
    public void The_random_scripts_exercise_firing_cancelling_and_refused_expiries()
    {
        var total = (Fired: 0, Cancelled: 0, Refused: 0);
        for (var seed = 1; seed <= 60; seed++)
        {
            var s = RunScript(seed);
            total = (total.Fired + s.Fired, total.Cancelled + s.Cancelled, total.Refused + s.Refused);
        }
        Assert.True(total.Fired > 100, $"fired {total.Fired}");
        Assert.True(total.Cancelled > 10, $"cancelled {total.Cancelled}");
        Assert.True(total.Refused > 10, $"refused expiries {total.Refused}");
    }

    /// <summary>One random script; fails at the first step that breaks a rule. Returns what it exercised.</summary>
    private static (int Fired, int Cancelled, int Refused) RunScript(int seed)
    {
        var rng = new Random(seed);
        using var f = new EngineFixture();
        var log = new List<string>();
        var refusedExpiries = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase); // volume → when refused
        var failurePending = false;
        var stats = (Fired: 0, Cancelled: 0, Refused: 0);

        for (var step = 0; step < 150; step++)
        {
            var before = Observe(f);
            var (disk, volume) = Csvs[rng.Next(Csvs.Length)];
            string what;
            var advanced = false;
            // Weights: arming and the clock dominate; what takes a volume away (offline, node loss) is undone more
            // often than done, so most scripts keep volumes online and timers running.
            switch (rng.Next(24))
            {
                case 0 or 1 or 2 or 3 or 4:
                    var delay = (uint)rng.Next(1, 20);
                    what = $"arm {volume} {delay}s: {f.Engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, delay))}";
                    break;
                case 5:
                    what = $"clear {volume}: {f.Engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.None, 0))}";
                    break;
                case 6 or 7:
                    var set = Sets[rng.Next(Sets.Length)];
                    var state = rng.Next(2) == 0 ? SharedVolumeSnapshotState.PrepareForFreeze : SharedVolumeSnapshotState.HWSnapshotCompleted;
                    what = $"snapshot {volume} {state}: {f.Engine.Execute(new SetSnapshotState(set, volume, state))}";
                    break;
                case 8:
                    what = $"offline {disk}: {f.Engine.Execute(new OfflineResource(disk))}";
                    break;
                case 9 or 10:
                    what = $"online {disk}: {f.Engine.Execute(new OnlineResource(disk))}";
                    break;
                case 11:
                    var down = Nodes[rng.Next(Nodes.Length)];
                    what = $"node down {down}: {f.Engine.Execute(new SetNodeDown(down))}";
                    break;
                case 12 or 13:
                    var up = Nodes[rng.Next(Nodes.Length)];
                    what = $"node up {up}: {f.Engine.Execute(new SetNodeUp(up))}";
                    break;
                case 14:
                    var group = f.Engine.Queries.FindResource(disk)!.GroupName;
                    var to = Nodes[rng.Next(Nodes.Length)];
                    what = $"move {group} to {to}: {f.Engine.Execute(new MoveGroup(group, to))}";
                    break;
                case 15 or 16:
                    // The next commit is refused, whichever it is: often the expiry of the advance that follows.
                    f.Store.FailNextCommit(new IOException("disk full (test)"));
                    failurePending = true;
                    what = "store refuses the next commit";
                    break;
                case 17 when rng.Next(3) == 0:
                    f.Restart();
                    failurePending = false; // a pending failure does not survive the store's reopening
                    refusedExpiries.Clear();
                    what = "cluster restart";
                    break;
                default:
                    var by = TimeSpan.FromMilliseconds(rng.Next(0, 6000));
                    f.Advance(by);
                    advanced = true;
                    what = $"advance {by.TotalMilliseconds} ms";
                    break;
            }
            var after = Observe(f);
            var now = f.Time.GetUtcNow();
            log.Add($"{step}: {what} → {string.Join(", ", after.Select(p => p.Key + "=" + p.Value))}");
            string Context() => $"seed {seed}, step {step}\n{string.Join("\n", log.TakeLast(25))}";

            var refusedNow = false;
            foreach (var (v, was) in before)
            {
                var isNow = after[v];
                // Never early: an armed timer whose deadline is still ahead is not turned off by the clock.
                if (advanced && was.Deadline is { } ahead && ahead > now)
                {
                    Assert.True(isNow == was, $"{v}: timer took effect before its deadline {ahead:O} (now {now:O}); {Context()}");
                }
                // A cancelled timer never fires: backup seen (mode on, no deadline) stays on across the clock.
                if (advanced && was is { InBackup: true, Deadline: null })
                {
                    Assert.True(isNow.InBackup, $"{v}: a cancelled timer took effect; {Context()}");
                }
                if (advanced && was.Deadline is { } due && due <= now)
                {
                    if (!isNow.InBackup)
                    {
                        stats.Fired++;
                        refusedExpiries.Remove(v);
                    }
                    else if (failurePending && isNow == was)
                    {
                        // Its expiry commit was refused: it must take effect one retry period later.
                        refusedExpiries[v] = now;
                        refusedNow = true;
                        stats.Refused++;
                    }
                    else if (refusedExpiries.TryGetValue(v, out var refusedAt) && now < refusedAt + RetryDelay)
                    {
                        // Still inside the retry period of a refused expiry.
                    }
                    else
                    {
                        Assert.Fail($"{v}: deadline {due:O} passed (now {now:O}) and the timer did not take effect; {Context()}");
                    }
                }
                if (!advanced && was.Deadline is not null && isNow.Deadline is null && isNow.InBackup)
                {
                    stats.Cancelled++;
                }
            }
            if (refusedNow || (!advanced && what.EndsWith("WriteFault", StringComparison.Ordinal)))
            {
                failurePending = false; // the refused commit was the expiry's, or this command's
            }
        }

        // The end: the clock runs on until every deadline has long passed; nothing may be left armed and due.
        f.Advance(TimeSpan.FromSeconds(30));
        f.Advance(TimeSpan.FromSeconds(30));
        foreach (var (v, s) in Observe(f))
        {
            Assert.False(s.Deadline is { } d && d <= f.Time.GetUtcNow(), $"{v}: lost timer (deadline {s.Deadline:O}); seed {seed}\n{string.Join("\n", log.TakeLast(25))}");
        }
        return stats;
    }

    [Fact]
    public void A_forward_clock_jump_past_a_deadline_applies_it_before_the_next_command_and_only_once()
    {
        var clock = new ManualClock(Start);
        using var engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), clock);
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));

        clock.Now += TimeSpan.FromHours(5); // the clock jumps; the engine's timer has not woken yet
        // The next command (any) applies the due deadline first, in its own commit (deadlines go before commands).
        Assert.Equal(Win32Error.Success, engine.Execute(new SetCsvMaintenanceMode(Disk2, Volume2, true)));
        Assert.Equal(SharedVolumeBackupState.None, engine.Queries.FindSharedVolume(Volume1)!.BackupState);
        Assert.Equal(0, engine.FireDueTimers()); // the timer, when it wakes, finds nothing left to do
    }

    [Fact]
    public void A_backward_clock_jump_keeps_the_deadline_at_its_instant_on_the_cluster_clock_and_it_fires_once()
    {
        var clock = new ManualClock(Start);
        using var engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(), clock);
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        var due = Start.AddSeconds(60);

        clock.Now = Start - TimeSpan.FromHours(1); // the clock goes back an hour
        clock.Now += TimeSpan.FromSeconds(61); // 61 s later on the clock, but still before the deadline's instant
        Assert.Equal(0, engine.FireDueTimers());
        Assert.Equal(due, engine.Queries.FindSharedVolume(Volume1)!.BackupDeadline);

        clock.Now = due - TimeSpan.FromTicks(1);
        Assert.Equal(0, engine.FireDueTimers());
        clock.Now = due;
        Assert.Equal(1, engine.FireDueTimers());
        Assert.Equal(0, engine.FireDueTimers());
        Assert.Equal(SharedVolumeBackupState.None, engine.Queries.FindSharedVolume(Volume1)!.BackupState);
    }

    [Fact]
    public void A_burst_of_deadlines_due_at_once_is_applied_in_bounded_commits_each_published_before_the_next()
    {
        var clock = new ManualClock(Start);
        var store = new InMemoryClusterStore();
        using var engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions { MaxExpiriesPerCommit = 1 }, clock);
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk2, Volume2, SharedVolumeBackupState.InProgress, 60)));
        clock.Now += TimeSpan.FromSeconds(60);
        var before = store.Revision;
        var seenAt = new List<(string Resource, long Revision)>();
        using var _ = engine.Subscribe(e =>
        {
            if (e.Change == ClusterChange.SharedVolumeState)
            {
                seenAt.Add((e.Name, store.Revision));
            }
        });

        Assert.Equal(2, engine.FireDueTimers());

        // Two commits of one expiry each; the first expiry was published before the second was committed.
        Assert.Equal(before + 2, store.Revision);
        Assert.Equal(2, seenAt.Count);
        Assert.Equal(before + 1, seenAt[0].Revision);
        Assert.Equal(before + 2, seenAt[1].Revision);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterOptions { MaxExpiriesPerCommit = 0 });
    }

    private readonly record struct VolumeTimer(bool InBackup, DateTimeOffset? Deadline)
    {
        public override string ToString() => InBackup ? Deadline is { } d ? "armed@" + d.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "backup" : "none";
    }

    private static Dictionary<string, VolumeTimer> Observe(EngineFixture f) =>
        Csvs.ToDictionary(c => c.Volume, c =>
        {
            var v = f.Volume(c.Volume);
            return new VolumeTimer(v.BackupState == SharedVolumeBackupState.InProgress, v.BackupDeadline);
        }, StringComparer.OrdinalIgnoreCase);
}
