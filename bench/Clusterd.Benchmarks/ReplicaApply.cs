using System.Diagnostics;
using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Tests;

namespace Clusterd.Benchmarks;

/// <summary>
/// How long a replica takes to apply a batch another node committed (docs/multi-node.md, "What is not done yet"): two
/// replicas of a cluster with N extra CSVs on one in-process replicated log (the etcd store's semantics, no network),
/// replica A commits SET_SHARED_VOLUME_BACKUP_MODE (alternating InProgress and None), and the time from A's answer until
/// replica B has applied the batch (watch delivery, database apply, object rebuild) is recorded. Run:
/// <c>dotnet run -c Release --project bench/Clusterd.Benchmarks -- replica-apply [csvs] [commits]</c>.
/// </summary>
internal static class ReplicaApply
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var commits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        var log = new InMemoryReplicatedLog();
        var topology = LargeTopology.WithCsvs(count);
        var sw = Stopwatch.StartNew();
        using var a = ClusterEngine.OpenReplica(log.View(), topology, new ClusterOptions { LocalNodeName = "node1" }, TimeProvider.System);
        using var b = ClusterEngine.OpenReplica(log.View(), topology, new ClusterOptions { LocalNodeName = "node2" }, TimeProvider.System);
        var opened = sw.Elapsed;
        var samples = new List<double>(commits);
        for (var i = 0; i < commits + 20; i++)
        {
            var state = i % 2 == 0 ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None;
            if (a.Execute(new SetBackupMode("Cluster Disk 1", "Volume1", state, 600)) != Win32Error.Success)
            {
                Console.Error.WriteLine("SetBackupMode failed");
                return 1;
            }
            var target = a.AppliedRevision;
            var t = Stopwatch.StartNew();
            SpinWait.SpinUntil(() => b.AppliedRevision >= target);
            if (i >= 20)
            {
                samples.Add(t.Elapsed.TotalMilliseconds); // the first 20 are warm-up
            }
        }
        samples.Sort();
        double P(double q) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(q * samples.Count) - 1)];
        Console.WriteLine(FormattableString.Invariant(
            $"replica-apply csvs={count} commits={commits} open={opened.TotalMilliseconds:F0} ms p50={P(0.5):F2} ms p99={P(0.99):F2} ms max={samples[^1]:F2} ms"));
        return 0;
    }
}
