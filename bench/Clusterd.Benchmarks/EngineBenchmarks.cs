using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Engine;
using Clusterd.Store;

namespace Clusterd.Benchmarks;

/// <summary>
/// SET_SHARED_VOLUME_BACKUP_MODE and GET_SHARED_VOLUME_INFO through the control-code entry point and the engine,
/// on a cluster with 10,000 CSVs, with the in-memory store (the engine's own cost) and with SQLite (durable).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int Volumes = 10_000;
    private ClusterEngine _engine = null!;
    private ControlDispatcher _dispatcher = null!;
    private byte[] _enter = null!;
    private byte[] _leave = null!;
    private int _next;
    private IClusterStore _store = null!;
    private DirectoryInfo? _dir;

    /// <summary>memory: the engine's own cost; sqlite: with the durable commit (WAL, synchronous=FULL).</summary>
    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "sqlite")
        {
            _dir = Directory.CreateTempSubdirectory("clusterd-bench-");
            _store = new SqliteClusterStore(_dir.FullName);
        }
        else
        {
            _store = new InMemoryClusterStore();
        }
        _engine = ClusterEngine.Open(_store, LargeTopology.WithCsvs(Volumes), new ClusterOptions(), TimeProvider.System);
        _dispatcher = new ControlDispatcher(_engine);
        _enter = BackupMode(1, 600);
        _leave = BackupMode(0, 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _store.Dispose();
        _dir?.Delete(recursive: true);
    }

    private static byte[] BackupMode(int state, uint delay)
    {
        var b = new byte[SharedVolumeBackupMode.Size];
        BinaryPrimitives.WriteInt32LittleEndian(b, state);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), delay);
        Encoding.Unicode.GetBytes("Volume1").CopyTo(b.AsSpan(8));
        return b;
    }

    private string NextDisk() => LargeTopology.DiskName(_next++ % Volumes);

    /// <summary>GET_SHARED_VOLUME_INFO of one CSV among 10,000.</summary>
    [Benchmark]
    public uint GetSharedVolumeInfo() =>
        _dispatcher.ResourceControl(NextDisk(), ControlCodes.GetSharedVolumeInfo, default, 4096).BytesReturned;

    /// <summary>SET_SHARED_VOLUME_BACKUP_MODE InProgress then None on Volume1 (two control operations).</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public Win32Error SetBackupModeEnterAndLeave()
    {
        _dispatcher.ResourceControl("Cluster Disk 1", ControlCodes.SetSharedVolumeBackupMode, _enter, 0);
        return _dispatcher.ResourceControl("Cluster Disk 1", ControlCodes.SetSharedVolumeBackupMode, _leave, 0).Error;
    }
}
