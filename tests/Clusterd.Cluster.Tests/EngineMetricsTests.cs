using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Tests;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The engine's instruments (docs/metrics.md): CSV backup transitions by phase, backup durations on the engine clock,
/// deadlines armed and fired with their lateness, store commit latency; and nothing counted for a command that does not
/// commit (docs/engine-rules.md: a failed command changes nothing).
/// </summary>
public sealed class EngineMetricsTests : IDisposable
{
    private readonly ClusterMetrics _metrics = new();
    private readonly MetricRecorder _recorder;
    private readonly EngineFixture _f;

    public EngineMetricsTests()
    {
        _recorder = new MetricRecorder([.. _metrics.Meters]);
        _f = new EngineFixture(metrics: _metrics);
    }

    public void Dispose()
    {
        _f.Dispose();
        _recorder.Dispose();
        _metrics.Dispose();
    }

    private double Transitions(string from, string to) =>
        _recorder.Sum("clusterd.csv.transitions", ("clusterd.csv.from", from), ("clusterd.csv.to", to));

    [Fact]
    public void Backup_timer_expiry_counts_idle_to_armed_then_armed_to_idle_with_the_backup_duration_and_the_timer_fired_on_time()
    {
        Assert.Equal(Win32Error.Success, _f.EnterBackup(Volume1, delay: 60));
        Assert.Equal(1, Transitions("idle", "armed"));
        Assert.Equal(1, _recorder.Sum("clusterd.timers.armed", ("clusterd.timer.kind", "volume_backup")));
        Assert.Empty(_recorder.Of("clusterd.timers.fired"));

        _f.Advance(TimeSpan.FromSeconds(60)); // the fake clock runs the engine timer (MS-CMRP 3.1.5.1: the timer ends backup mode)
        Assert.Equal(SharedVolumeBackupState.None, _f.Volume(Volume1).BackupState);
        Assert.Equal(1, Transitions("armed", "idle"));
        var duration = Assert.Single(_recorder.Of("clusterd.csv.backup.duration"));
        Assert.Equal((60.0, "s"), (duration.Value, duration.Unit));
        Assert.Equal(1, _recorder.Sum("clusterd.timers.fired", ("clusterd.timer.kind", "volume_backup")));
        var lateness = Assert.Single(_recorder.Of("clusterd.timers.lateness", ("clusterd.timer.kind", "volume_backup")));
        Assert.Equal((0.0, "s"), (lateness.Value, lateness.Unit));
        // Both commands went to the store and were timed.
        var commits = _recorder.Of("clusterd.store.commit.duration", ("clusterd.store.kind", "local"));
        Assert.True(commits.Count >= 2, $"{commits.Count} commits timed");
        Assert.All(commits, c => Assert.Equal("s", c.Unit));
        Assert.All(commits, c => Assert.False(c.Tags.ContainsKey("error.type")));
    }

    [Fact]
    public void A_detected_backup_counts_armed_to_in_backup_and_its_completion_in_backup_to_idle()
    {
        var set = Guid.NewGuid();
        Assert.Equal(Win32Error.Success, _f.EnterBackup(Volume1, delay: 600));
        Assert.Equal(Win32Error.Success, _f.Engine.Execute(new SetSnapshotState(set, Volume1Guid, SharedVolumeSnapshotState.PrepareForFreeze)));
        Assert.Equal(1, Transitions("armed", "in_backup"));
        _f.Advance(TimeSpan.FromSeconds(900)); // the cancelled timer never fires
        Assert.Empty(_recorder.Of("clusterd.timers.fired"));
        Assert.Equal(Win32Error.Success, _f.Engine.Execute(new SetSnapshotState(set, Volume1Guid, SharedVolumeSnapshotState.HWSnapshotCompleted)));
        Assert.Equal(1, Transitions("in_backup", "idle"));
        Assert.Equal(900.0, Assert.Single(_recorder.Of("clusterd.csv.backup.duration")).Value);
        Assert.Equal(3, _recorder.Of("clusterd.csv.transitions").Count);
    }

    [Fact]
    public void Re_arming_a_running_backup_timer_is_no_transition_but_a_second_timer_armed()
    {
        Assert.Equal(Win32Error.Success, _f.EnterBackup(Volume1, delay: 60));
        Assert.Equal(Win32Error.Success, _f.EnterBackup(Volume1, delay: 120));
        Assert.Single(_recorder.Of("clusterd.csv.transitions"));
        Assert.Equal(2, _recorder.Sum("clusterd.timers.armed", ("clusterd.timer.kind", "volume_backup")));
        _f.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(1, _recorder.Sum("clusterd.timers.fired")); // the first deadline went stale: it never takes effect
    }

    [Fact]
    public void A_refused_command_or_a_refused_commit_counts_no_transition_and_no_timer()
    {
        // Refused by validation (delay 0: docs/behaviour.md, "Backup-mode input").
        Assert.Equal(Win32Error.InvalidParameter, _f.EnterBackup(Volume1, delay: 0));
        // Refused by the store: rolled back.
        _f.Store.FailNextCommit(new IOException("disk full (test)"));
        Assert.Equal(Win32Error.WriteFault, _f.EnterBackup(Volume1, delay: 60));
        Assert.Empty(_recorder.Of("clusterd.csv.transitions"));
        Assert.Empty(_recorder.Of("clusterd.timers.armed"));
        Assert.Single(_recorder.Of("clusterd.store.commit.duration", ("clusterd.store.kind", "local"), ("error.type", "store_refused")));
        // The rolled-back arm left no start time behind: the next backup's duration is its own.
        Assert.Equal(Win32Error.Success, _f.EnterBackup(Volume1, delay: 30));
        _f.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(30.0, Assert.Single(_recorder.Of("clusterd.csv.backup.duration")).Value);
    }

    [Fact]
    public void The_meters_are_one_per_area_with_dotted_lowercase_names_and_UCUM_units()
    {
        Assert.Equal(["Clusterd.Csv", "Clusterd.Timers", "Clusterd.Store"], _metrics.Meters.Select(m => m.Name));
        _f.EnterBackup(Volume1, delay: 1);
        _f.Advance(TimeSpan.FromSeconds(1));
        var seen = _recorder.All.Select(m => (m.Name, m.Unit)).Distinct().OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            ("clusterd.csv.backup.duration", "s"), ("clusterd.csv.transitions", "{transition}"), ("clusterd.store.commit.duration", "s"),
            ("clusterd.timers.armed", "{timer}"), ("clusterd.timers.fired", "{timer}"), ("clusterd.timers.lateness", "s"),
        ], seen);
    }
}
