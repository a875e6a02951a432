using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Microsoft.Extensions.Time.Testing;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The volume backup timer over the whole DelayTimerInSecs range (MS-CMRP 3.1.4.3.1.54: a DWORD of seconds): the
/// deadline is exact, only the engine timer's wake-up is clamped to what a timer accepts (0xFFFFFFFE ms).
/// </summary>
public sealed class BackupTimerRangeTests
{
    /// <summary>The first delay whose milliseconds no timer accepts: 4,294,968 s (about 49.7 days).</summary>
    private const uint FirstDelayBeyondTimerRange = 4_294_968;

    private static int ExpiryEvents(EngineFixture f, string disk = Disk1) =>
        f.Events.Count(e => e.Change == ClusterChange.SharedVolumeState && e.Name == disk);

    [Fact]
    public void Timer_Change_accepts_the_clamp_and_refuses_one_millisecond_more()
    {
        // The platform limit the clamp is built on: System.Threading.Timer takes at most 0xFFFFFFFE ms.
        using var timer = TimeProvider.System.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.True(timer.Change(ClusterEngine.MaximumTimerDelay, Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            timer.Change(ClusterEngine.MaximumTimerDelay + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan));
        Assert.Equal(TimeSpan.FromMilliseconds(0xFFFFFFFE), ClusterEngine.MaximumTimerDelay);
    }

    [Theory]
    [InlineData(-5_000L, 1L)]
    [InlineData(0L, 1L)]
    [InlineData(60_000L, 60_000L)]
    [InlineData(4_294_967_294L, 4_294_967_294L)]
    [InlineData(4_294_968_000L, 4_294_967_294L)]
    [InlineData(4_294_967_295_000L, 4_294_967_294L)]
    public void Wake_up_is_clamped_between_one_millisecond_and_the_timer_limit(long remainingMs, long expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs),
            ClusterEngine.WakeUpDelay(TimeSpan.FromMilliseconds(remainingMs), TimeSpan.FromMilliseconds(1)));

    [Theory]
    [InlineData(FirstDelayBeyondTimerRange)]
    [InlineData(uint.MaxValue)]
    public void SetBackupMode_delay_beyond_timer_range_arms_clamped_wakeup_and_succeeds(uint delay)
    {
        var clock = new ManualClock(Start); // refuses a due time above 0xFFFFFFFE ms, as Timer.Change does
        using var engine = ClusterEngine.Open(new ScriptedStore(), TopologyConfig.Default(), new ClusterOptions(), clock);

        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, delay)));

        var v = engine.Queries.FindSharedVolume(Volume1)!;
        Assert.Equal(SharedVolumeBackupState.InProgress, v.BackupState);
        Assert.Equal(Start.AddSeconds(delay), v.BackupDeadline); // exact: the deadline is not clamped
        Assert.Equal(ClusterEngine.MaximumTimerDelay, clock.Armed); // the wake-up is
    }

    [Theory]
    [InlineData(FirstDelayBeyondTimerRange)]
    [InlineData(uint.MaxValue)]
    public void SetBackupMode_delay_beyond_timer_range_succeeds_on_the_fake_clock(uint delay)
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: delay));
        Assert.Equal(Start.AddSeconds(delay), f.Volume(Volume1).BackupDeadline);
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
    }

    [Fact]
    public void Deadline_of_100_days_fires_exactly_once_after_100_days_and_not_after_99()
    {
        using var f = new EngineFixture();
        var delay = (uint)TimeSpan.FromDays(100).TotalSeconds;
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: delay));
        f.Events.Clear();

        f.Advance(TimeSpan.FromDays(99)); // one clamped wake-up on the way (at about 49.7 days): nothing due
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Equal(Start.AddDays(100), f.Volume(Volume1).BackupDeadline);
        Assert.Equal(0, ExpiryEvents(f));

        f.Advance(TimeSpan.FromDays(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Null(f.Volume(Volume1).BackupDeadline);
        Assert.Equal(1, ExpiryEvents(f));

        f.Advance(TimeSpan.FromDays(100));
        Assert.Equal(1, ExpiryEvents(f));
        Assert.Equal(0, f.Engine.FireDueTimers());
    }

    [Fact]
    public void Deadline_of_uint_MaxValue_seconds_survives_every_clamped_wakeup_and_fires_once_at_its_instant()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: uint.MaxValue));
        f.Events.Clear();

        f.Advance(TimeSpan.FromSeconds(uint.MaxValue) - TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Equal(0, ExpiryEvents(f));

        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(1, ExpiryEvents(f));
    }

    [Fact]
    public void SetBackupMode_deadline_past_DateTimeOffset_MaxValue_is_refused_before_commit_with_ERROR_INVALID_PARAMETER()
    {
        // uint.MaxValue seconds (about 136 years) overflows only from a clock after about 9863; a virtual clock can
        // get there, so the engine checks instead of assuming.
        var clock = new FakeTimeProvider(DateTimeOffset.MaxValue.AddSeconds(-100));
        using var f = new EngineFixture(time: clock);
        var state = f.Engine.DumpState();
        var revision = f.Store.Revision;

        Assert.Equal(Win32Error.InvalidParameter, f.EnterBackup(delay: 101));
        Assert.Equal(Win32Error.InvalidParameter, f.EnterBackup(delay: uint.MaxValue));
        Assert.Equal(state, f.Engine.DumpState());
        Assert.Equal(revision, f.Store.Revision);
        Assert.Equal(0, f.Engine.PendingDeadlines);
        Assert.Empty(f.Events);

        // The last representable instant is still a valid deadline.
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: 100));
        Assert.Equal(DateTimeOffset.MaxValue.AddSeconds(-100).AddSeconds(100), f.Volume(Volume1).BackupDeadline);
    }

    [Fact]
    public void A_refused_expiry_keeps_backup_mode_and_its_deadline_and_is_retried_a_second_later()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.EnterBackup(delay: 60));
        f.Events.Clear();

        f.Store.FailNextCommit(new IOException("disk full"));
        f.Advance(TimeSpan.FromSeconds(60)); // the timer fires; the store refuses the expiry
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        Assert.Equal(Start.AddSeconds(60), f.Volume(Volume1).BackupDeadline);
        Assert.Empty(f.Events);

        f.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(SharedVolumeBackupState.InProgress, f.Volume(Volume1).BackupState);
        f.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(SharedVolumeBackupState.None, f.Volume(Volume1).BackupState);
        Assert.Equal(1, ExpiryEvents(f));
    }

    [Fact]
    public void The_timer_callback_contains_a_failed_expiry_and_retries_it()
    {
        // The callback runs on a timer thread, where an escaping exception would end the process; the fake clock
        // runs it inside Advance, so an escape would fail this test.
        var clock = new FakeTimeProvider(Start);
        var store = new ScriptedStore();
        var log = new ListLogger();
        using var engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions { Logger = log }, clock);
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));

        store.FailNextCommit(new InvalidOperationException("store bug (test)"));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(SharedVolumeBackupState.InProgress, engine.Queries.FindSharedVolume(Volume1)!.BackupState);
        Assert.Contains(log.Entries, e => e.Exception is InvalidOperationException { Message: "store bug (test)" });

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SharedVolumeBackupState.None, engine.Queries.FindSharedVolume(Volume1)!.BackupState);
    }

    [Fact]
    public void FireDueTimers_reports_nothing_fired_when_the_store_refuses_and_the_deadline_stays_due()
    {
        var clock = new ManualClock(Start);
        var store = new ScriptedStore();
        using var engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(), clock);
        Assert.Equal(Win32Error.Success, engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
        clock.Advance(TimeSpan.FromSeconds(60));

        store.FailNextCommit(new Clusterd.Store.StoreException("disk full (test)"));
        Assert.Equal(0, engine.FireDueTimers());
        Assert.Equal(SharedVolumeBackupState.InProgress, engine.Queries.FindSharedVolume(Volume1)!.BackupState);

        Assert.Equal(1, engine.FireDueTimers());
        Assert.Equal(SharedVolumeBackupState.None, engine.Queries.FindSharedVolume(Volume1)!.BackupState);
    }
}
