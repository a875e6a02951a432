using BenchmarkDotNet.Attributes;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;

namespace Clusterd.Benchmarks;

/// <summary>
/// The cost of applying the volume backup timer expiry of N volumes in one engine command: a manual clock jumps
/// past every deadline and FireDueTimers applies them together (its timers never fire on their own, so the
/// measured call does all the work).
/// </summary>
[MemoryDiagnoser]
public class ExpiryBatchBenchmarks
{
    private ClusterEngine _engine = null!;
    private ManualClock _time = null!;
    private string[] _volumes = null!;

    /// <summary>How many volumes expire together.</summary>
    [Params(100, 10_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualClock();
        _engine = ClusterEngine.Open(new InMemoryClusterStore(), LargeTopology.WithCsvs(Count), new ClusterOptions(), _time);
        _volumes = [.. Enumerable.Range(0, Count).Select(i => _engine.Queries.GetSharedVolumeInfo(LargeTopology.DiskName(i)).Volumes![0].FriendlyName)];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [IterationSetup]
    public void Arm()
    {
        for (var i = 0; i < Count; i++)
        {
            _engine.Execute(new SetBackupMode(LargeTopology.DiskName(i), _volumes[i], SharedVolumeBackupState.InProgress, 1));
        }
        _time.Now += TimeSpan.FromSeconds(2);
    }

    /// <summary>Applies every due expiry in one command; returns how many fired (= Count).</summary>
    [Benchmark]
    public int FireAll() => _engine.FireDueTimers();

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

        private sealed class InertTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose() { }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
