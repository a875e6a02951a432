using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Clusterd.Rpc.Server;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Clusterd.Benchmarks;

/// <summary>
/// What counting one ClusAPI call costs (docs/metrics.md, "Cost on the hot path"; docs/benchmarks.md, "Metrics
/// overhead"): <see cref="RpcMetrics.RecordCall"/> as ClusApiMethod calls it, with nobody listening and with the
/// OpenTelemetry SDK aggregating it as clusterd's exporter does (a counter and a histogram, three attributes).
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private readonly RpcMetrics _metrics = new();
    private MeterProvider? _provider;

    /// <summary>
    /// The SDK as clusterd's exporter sets it up: subscribed to the meter by name, aggregating in memory (the exporter
    /// here discards what it is given; the Prometheus one formats it only when scraped).
    /// </summary>
    [GlobalSetup(Target = nameof(Listened))]
    public void Listen() => _provider = Sdk.CreateMeterProviderBuilder()
        .AddMeter(RpcMetrics.MeterName)
        .AddReader(new BaseExportingMetricReader(new DiscardingExporter()))
        .Build();

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>The call path with the instruments off (each benchmark runs in a process of its own): one flag read.</summary>
    [Benchmark(Baseline = true)]
    public void Unlistened() => Count();

    /// <summary>The call path under the SDK: clock read, counter and histogram with three attributes.</summary>
    [Benchmark]
    public void Listened() => Count();

    private void Count()
    {
        if (_metrics.CallsEnabled)
        {
            _metrics.RecordCall("clusapi", "ApiResourceControl", "ERROR_SUCCESS", Stopwatch.GetTimestamp());
        }
    }

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
