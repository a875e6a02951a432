using BenchmarkDotNet.Running;
using Clusterd.Benchmarks;

if (args.Length > 0 && args[0] == "timers")
{
    return TimerLatency.Run(args);
}
BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
return 0;
