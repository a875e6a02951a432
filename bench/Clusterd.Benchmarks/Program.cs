using BenchmarkDotNet.Running;
using Clusterd.Benchmarks;

if (args.Length > 0 && args[0] == "timers")
{
    return TimerLatency.Run(args);
}
if (args.Length > 0 && args[0] == "replica-apply")
{
    return ReplicaApply.Run(args);
}
BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
return 0;
