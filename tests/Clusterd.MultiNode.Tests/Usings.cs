global using Xunit;

// Each test starts etcd and three clusterd processes: one test at a time keeps the timings honest on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
