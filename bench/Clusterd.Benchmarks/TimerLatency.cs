using System.Diagnostics;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;

namespace Clusterd.Benchmarks;

/// <summary>
/// How late the volume backup timers of 10,000 CSVs fire on the real clock: every volume is put in backup mode with
/// the same delay, and each expiry event's arrival is compared with its deadline. Run:
/// <c>dotnet run -c Release --project bench/Clusterd.Benchmarks -- timers [count] [memory|sqlite]</c>.
/// </summary>
internal static class TimerLatency
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var kind = args.Length > 2 ? args[2] : "memory";
        var dir = Directory.CreateTempSubdirectory("clusterd-timers-");
        try
        {
            using IClusterStore store = kind == "sqlite" ? new SqliteClusterStore(dir.FullName) : new InMemoryClusterStore();
            using var engine = ClusterEngine.Open(store, LargeTopology.WithCsvs(count), new ClusterOptions(), TimeProvider.System);
            var deadlines = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
            var lateness = new List<double>(count);
            using var done = new ManualResetEventSlim();
            engine.Subscribe(e =>
            {
                if (e.Change != ClusterChange.SharedVolumeState || !deadlines.TryGetValue(e.Name, out var due))
                {
                    return;
                }
                var v = engine.Time.GetUtcNow();
                lateness.Add((v - due).TotalMilliseconds);
                if (lateness.Count == count)
                {
                    done.Set();
                }
            });
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var disk = LargeTopology.DiskName(i);
                var volume = engine.Queries.GetSharedVolumeInfo(disk).Volumes![0].FriendlyName;
                var e = engine.Execute(new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, 2));
                if (e != Win32Error.Success)
                {
                    Console.Error.WriteLine($"{disk}: {e}");
                    return 1;
                }
                deadlines[disk] = engine.Queries.FindSharedVolume(volume)!.BackupDeadline!.Value;
            }
            var armMs = sw.Elapsed.TotalMilliseconds;
            if (!done.Wait(TimeSpan.FromSeconds(60)))
            {
                Console.Error.WriteLine($"only {lateness.Count} of {count} timers fired within 60 s");
                return 1;
            }
            lateness.Sort();
            var stillInBackup = engine.Queries.GetAllSharedVolumes().Count(v => v.BackupState == SharedVolumeBackupState.InProgress);
            Console.WriteLine($"store={kind} volumes={count} arm={armMs:F0} ms ({armMs * 1000 / count:F1} us/volume)");
            Console.WriteLine($"lateness ms: min={lateness[0]:F1} p50={lateness[count / 2]:F1} p99={lateness[(int)(count * 0.99)]:F1} max={lateness[^1]:F1}; still in backup mode: {stillInBackup}");
            return lateness[^1] <= 50 && stillInBackup == 0 ? 0 : 2;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
