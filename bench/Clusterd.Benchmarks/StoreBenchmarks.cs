using BenchmarkDotNet.Attributes;
using Clusterd.Store;

namespace Clusterd.Benchmarks;

/// <summary>
/// Latency of one engine-sized commit (3 writes) per backend. For SQLite this is dominated by the fsync that
/// "durable before acknowledged" requires, so the number depends on the disk under the temp directory.
/// Run: <c>dotnet run -c Release --project bench/Clusterd.Benchmarks -- --filter *StoreBenchmarks*</c>
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly byte[] _small = new byte[64];
    private readonly byte[] _medium = new byte[1024];
    private string _directory = "";
    private InMemoryClusterStore _memory = null!;
    private SqliteClusterStore _sqlite = null!;
    private StoreWrite[] _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("clusterd-bench-").FullName;
        _memory = new InMemoryClusterStore();
        _sqlite = new SqliteClusterStore(_directory);
        _batch =
        [
            new StoreWrite("csv/volume-1/maintenance", _small, Durability.Nonvolatile),
            new StoreWrite("csv/volume-1/backup", _small, Durability.Volatile),
            new StoreWrite("resources/disk-1/properties", _medium, Durability.Nonvolatile),
        ];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Three writes into the in-memory store.</summary>
    [Benchmark(Baseline = true)]
    public void CommitThreeWrites_InMemory() => _memory.Commit(_batch);

    /// <summary>Three writes into SQLite, returning after the WAL fsync.</summary>
    [Benchmark]
    public void CommitThreeWrites_Sqlite() => _sqlite.Commit(_batch);
}
