using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Clusterd.Server;

/// <summary>
/// Metrics export (docs/metrics.md): the meters of the engine and the RPC server, scraped by Prometheus at
/// <see cref="MetricsPath"/> on the admin endpoint in every mode, and pushed over OTLP when <c>--otlp-endpoint</c> is given.
/// </summary>
internal static class Telemetry
{
    /// <summary>The scrape path on the admin endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Every meter clusterd exports.</summary>
    public static readonly string[] MeterNames =
        [ClusterMetrics.CsvMeterName, ClusterMetrics.TimersMeterName, ClusterMetrics.StoreMeterName, RpcMetrics.MeterName];

    /// <summary>Registers the meter provider with the Prometheus exporter and, if asked for, the OTLP exporter.</summary>
    public static void AddMetrics(IServiceCollection services, ServerOptions options)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("clusterd", serviceVersion: ServerRunner.Version, serviceInstanceId: options.LocalNode,
                autoGenerateServiceInstanceId: options.LocalNode is null))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeterNames);
                metrics.AddPrometheusExporter(o =>
                {
                    // Every scrape reads the instruments now: a cached answer would hide what a script just did.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                });
                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }

    /// <summary>Maps <see cref="MetricsPath"/>: an explicit route, in every mode, for GET only (another method is a JSON 405).</summary>
    public static void MapMetrics(IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
}
