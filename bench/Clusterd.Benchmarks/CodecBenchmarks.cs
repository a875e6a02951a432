using BenchmarkDotNet.Attributes;
using Clusterd.ClusApi;

namespace Clusterd.Benchmarks;

/// <summary>The ClusApi custom-marshaled codecs: CSV structures, value lists and property lists.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _backupModeBytes =
        new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1800, "Volume1").ToArray();

    private readonly byte[] _scratch = new byte[64 * 1024];

    private CsvVolumeInfo[] _volumes = [];
    private byte[] _volumeListBytes = [];
    private byte[] _propertyListBytes = [];
    private SharedVolumeStateInfoEx _stateInfo;

    [GlobalSetup]
    public void Setup()
    {
        _volumes = Enumerable.Range(1, 8)
            .Select(i => new CsvVolumeInfo(
                (ulong)i << 20, (uint)i, CsvVolumeFaultState.NoFaults, SharedVolumeBackupState.None,
                $"Volume{i}", $@"\\?\Volume{{00000000-0000-0000-0000-00000000000{i}}}\"))
            .ToArray();
        _volumeListBytes = CsvVolumeInfoList.ToArray(_volumes);
        _propertyListBytes = BuildClusterProperties().ToArray();
        _stateInfo = new SharedVolumeStateInfoEx(
            @"\\?\Volume{00000000-0000-0000-0000-000000000001}\", "node1", SharedVolumeState.ActiveRedirected,
            "Volume1", RedirectedIOReason.UserRequest, BlockRedirectedIOReason.NotRedirected);
    }

    [Benchmark]
    public Win32Error BackupModeRead() => SharedVolumeBackupMode.TryRead(_backupModeBytes, out _);

    [Benchmark]
    public void BackupModeWrite() =>
        new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1800, "Volume1").WriteTo(_scratch);

    [Benchmark]
    public void StateInfoExWrite() => _stateInfo.WriteTo(_scratch);

    [Benchmark]
    public int SharedVolumeInfoWrite8() => CsvVolumeInfoList.WriteTo(_volumes, _scratch);

    [Benchmark]
    public Win32Error SharedVolumeInfoRead8() => CsvVolumeInfoList.TryRead(_volumeListBytes, out _);

    [Benchmark]
    public int PropertyListWrite() => BuildClusterProperties().WriteTo(_scratch);

    [Benchmark]
    public Win32Error PropertyListRead() => PropertyListReader.TryRead(_propertyListBytes, out _);

    [Benchmark]
    public ControlOutput ControlOutputFit() => ControlOutput.FromProduced(_volumeListBytes, 0xFFFF);

    private static PropertyListWriter BuildClusterProperties() => new PropertyListWriter()
        .AddDword("FixQuorum", 0)
        .AddDword("PreventQuorum", 0)
        .AddDword("IgnorePersistentStateOnStartup", 0)
        .AddString("SharedVolumesRoot", @"C:\ClusterStorage")
        .AddDword("WitnessDynamicWeight", 1)
        .AddDword("AdminAccessPoint", 1);
}
