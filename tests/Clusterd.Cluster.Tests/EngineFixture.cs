using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Cluster.Tests;

/// <summary>An engine on the default lab topology, an in-memory store and a fake clock.</summary>
internal sealed class EngineFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Disk1 = "Cluster Disk 1";
    public const string Disk2 = "Cluster Disk 2";
    public const string Disk3 = "Cluster Disk 3";
    public const string Volume1 = "Volume1";
    public const string Volume2 = "Volume2";
    public const string Volume1Guid = @"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\";
    public const string Volume2Guid = @"\\?\Volume{3f0c9a77-2222-4c1d-9e2f-0a0b0c0d0e02}\";
    public const string Volume3Guid = @"\\?\Volume{3f0c9a77-3333-4c1d-9e2f-0a0b0c0d0e03}\";

    private int _ids;

    public EngineFixture(CsvProfile profile = CsvProfile.Spec, InMemoryClusterStore? store = null, FakeTimeProvider? time = null, TimeSpan? joinDelay = null,
        ClusterMetrics? metrics = null)
    {
        Store = store ?? new InMemoryClusterStore();
        Time = time ?? new FakeTimeProvider(Start);
        Options = new ClusterOptions
        {
            Profile = profile,
            NewId = () => new Guid(0x11110000 + Interlocked.Increment(ref _ids), 0, 0, new byte[8]),
            NodeJoinDelay = joinDelay ?? TimeSpan.Zero,
            Metrics = metrics ?? ClusterMetrics.Shared,
        };
        Engine = ClusterEngine.Open(Store, TopologyConfig.Default(), Options, Time);
        Engine.Subscribe(Events.Add);
    }

    public InMemoryClusterStore Store { get; }
    public FakeTimeProvider Time { get; }
    public ClusterOptions Options { get; }
    public ClusterEngine Engine { get; private set; }
    public List<ClusterEvent> Events { get; } = [];

    /// <summary>A cluster restart: the engine is opened again on the same (reopened) store.</summary>
    public void Restart()
    {
        Engine.Dispose();
        Engine = ClusterEngine.Open(Store, TopologyConfig.Default(), Options, Time);
        Engine.Subscribe(Events.Add);
    }

    public SharedVolumeInfo Volume(string name) => Engine.Queries.FindSharedVolume(name) ?? throw new InvalidOperationException(name);

    public void Advance(TimeSpan by) => Time.Advance(by);

    public Win32Error EnterBackup(string volume = Volume1, uint delay = 60, string disk = Disk1) =>
        Engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, delay));

    public void Dispose() => Engine.Dispose();
}
