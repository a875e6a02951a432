using System.Diagnostics;
using System.Diagnostics.Metrics;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>
/// The RPC server's instruments, on the <see cref="MeterName"/> meter (docs/metrics.md): calls by interface, method and
/// the status the client sees, their duration, connections and authentication failures. Recording is a no-op costing a
/// field read while nobody listens; with a listener it allocates nothing per call (the attribute values are constants or
/// strings cached by the caller, passed in a stack-held <see cref="TagList"/>).
/// </summary>
public sealed class RpcMetrics : IDisposable
{
    /// <summary>The meter's name: what an exporter subscribes to.</summary>
    public const string MeterName = "Clusterd.Rpc";

    /// <summary>Histogram buckets of a call's duration, in seconds: 50 µs to 10 s (a notification wait may last longer: +Inf).</summary>
    public static readonly IReadOnlyList<double> CallDurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;
    private readonly UpDownCounter<long> _activeConnections;
    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _authFailures;

    /// <summary>Creates the instruments on a meter of their own (tests listen to one instance; the server uses <see cref="Shared"/>).</summary>
    public RpcMetrics()
    {
        _meter = new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("clusterd.rpc.server.calls", "{call}",
            "RPC calls answered, by interface (rpc.service), method (rpc.method) and the status the client sees (clusterd.rpc.result).");
        _callDuration = _meter.CreateHistogram("clusterd.rpc.server.call.duration", "s",
            "Time from dispatch of a call to its encoded answer (decode, engine command, encode).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallDurationBuckets });
        _activeConnections = _meter.CreateUpDownCounter<long>("clusterd.rpc.server.active_connections", "{connection}",
            "RPC connections open now.");
        _connectionsOpened = _meter.CreateCounter<long>("clusterd.rpc.server.connections.opened", "{connection}",
            "RPC connections accepted.");
        _connectionsRefused = _meter.CreateCounter<long>("clusterd.rpc.server.connections.refused", "{connection}",
            "RPC connections refused at accept, by the limit they would break (error.type).");
        _authFailures = _meter.CreateCounter<long>("clusterd.rpc.server.auth.failures", "{failure}",
            "Authentication exchanges that failed, by auth type (clusterd.rpc.auth.type) and reason (error.type).");
    }

    /// <summary>The process-wide instance, used unless <see cref="RpcServerOptions.Metrics"/> names another.</summary>
    public static RpcMetrics Shared { get; } = new();

    /// <summary>The meter (its instruments are what a <see cref="MeterListener"/> enables).</summary>
    public Meter Meter => _meter;

    /// <summary>True while a listener records calls: the caller skips reading the clock otherwise.</summary>
    public bool CallsEnabled => _calls.Enabled || _callDuration.Enabled;

    /// <summary>
    /// Records one answered call. <paramref name="service"/>, <paramref name="method"/> and <paramref name="result"/> must
    /// be cached strings (a few hundred distinct values at most): they become attribute values.
    /// </summary>
    public void RecordCall(string service, string method, string result, long startTimestamp)
    {
        var tags = new TagList
        {
            { "rpc.service", service },
            { "rpc.method", method },
            { "clusterd.rpc.result", result },
        };
        _calls.Add(1, tags);
        if (_callDuration.Enabled)
        {
            _callDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }
    }

    internal void ConnectionOpened()
    {
        _connectionsOpened.Add(1);
        _activeConnections.Add(1);
    }

    internal void ConnectionClosed() => _activeConnections.Add(-1);

    internal void ConnectionRefused(bool perSource) =>
        _connectionsRefused.Add(1, new KeyValuePair<string, object?>("error.type", perSource ? "max_connections_per_source" : "max_connections"));

    internal void AuthFailed(RpcAuthType type, string reason) =>
        _authFailures.Add(1, new KeyValuePair<string, object?>("clusterd.rpc.auth.type", AuthTypeName(type)),
            new KeyValuePair<string, object?>("error.type", reason));

    /// <summary>The attribute value of an auth_type (MS-RPCE 2.2.1.1.7): a constant, never an allocation.</summary>
    internal static string AuthTypeName(RpcAuthType type) => type switch
    {
        RpcAuthType.None => "none",
        RpcAuthType.Ntlmssp => "ntlmssp",
        RpcAuthType.Spnego => "spnego",
        RpcAuthType.Kerberos => "kerberos",
        RpcAuthType.Netlogon => "netlogon",
        RpcAuthType.Default => "default",
        _ => "other",
    };

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
