using Microsoft.Extensions.Logging;

namespace Clusterd.Server;

/// <summary>The server's log lines (one event per line), as source-generated logger messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "clusterd {Version} starting (pid {Pid})")]
    public static partial void Starting(ILogger logger, string version, int pid);

    [LoggerMessage(2, LogLevel.Information, "data directory: {DataDirectory}")]
    public static partial void DataDirectory(ILogger logger, string dataDirectory);

    [LoggerMessage(3, LogLevel.Information, "profile: {Profile}")]
    public static partial void Profile(ILogger logger, string profile);

    [LoggerMessage(4, LogLevel.Warning, "EMULATOR MODE: virtual clock and fault injection enabled")]
    public static partial void EmulatorOn(ILogger logger);

    [LoggerMessage(5, LogLevel.Information, "emulator: off (real clock, no /admin routes)")]
    public static partial void EmulatorOff(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "admin URLs: {Urls}")]
    public static partial void AdminUrls(ILogger logger, string urls);

    [LoggerMessage(7, LogLevel.Warning, "admin API reachable from other machines ({Urls}): every route except /health needs the bearer token")]
    public static partial void AdminRemote(ILogger logger, string urls);

    [LoggerMessage(8, LogLevel.Information, "topology: {Source}")]
    public static partial void Topology(ILogger logger, string source);

    [LoggerMessage(42, LogLevel.Information, "metrics: Prometheus at {Path} on the admin endpoint; OTLP: {Otlp}")]
    public static partial void Metrics(ILogger logger, string path, string otlp);

    [LoggerMessage(9, LogLevel.Information, "database: {State}")]
    public static partial void Database(ILogger logger, string state);

    [LoggerMessage(10, LogLevel.Information, "cluster {Cluster}: {Nodes} nodes, {Groups} groups, {Resources} resources, {Csvs} CSVs; local node {LocalNode}")]
    public static partial void ClusterSummary(ILogger logger, string cluster, int nodes, int groups, int resources, int csvs, string localNode);

    [LoggerMessage(11, LogLevel.Information, "admin listening on {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(12, LogLevel.Information, "ready")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(13, LogLevel.Information, "stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(15, LogLevel.Critical, "cannot open the data directory: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string reason);

    [LoggerMessage(16, LogLevel.Critical, "bad configuration: {Reason}")]
    public static partial void BadConfiguration(ILogger logger, string reason);

    [LoggerMessage(17, LogLevel.Critical, "cannot start the admin endpoint: {Reason}")]
    public static partial void ListenFailed(ILogger logger, string reason);

    [LoggerMessage(18, LogLevel.Information, "admin: {Action} -> {Result}")]
    public static partial void AdminAction(ILogger logger, string action, string result);

    [LoggerMessage(19, LogLevel.Warning, "admin: reset: database deleted, cluster reseeded from the topology")]
    public static partial void ResetDone(ILogger logger);

    [LoggerMessage(20, LogLevel.Critical, "admin: reset failed, stopping: {Reason}")]
    public static partial void ResetFailed(ILogger logger, string reason);

    [LoggerMessage(21, LogLevel.Information, "clock: advanced {Seconds} s to {Now:O}, {Fired} timers fired")]
    public static partial void ClockAdvanced(ILogger logger, double seconds, DateTimeOffset now, int fired);

    [LoggerMessage(22, LogLevel.Error, "admin request failed: {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(23, LogLevel.Information, "clusapi listening on {Address}:{Port}")]
    public static partial void ClusApiListening(ILogger logger, string address, int port);

    [LoggerMessage(24, LogLevel.Information, "endpoint mapper listening on {Address}:{Port}")]
    public static partial void EndpointMapperListening(ILogger logger, string address, int port);

    [LoggerMessage(25, LogLevel.Warning, "endpoint mapper not started on {Address}:{Port} ({Reason}); clients that need it (rpcclient) cannot connect. Choose another port with --epm-port")]
    public static partial void EndpointMapperUnavailable(ILogger logger, string address, int port, string reason);

    [LoggerMessage(26, LogLevel.Warning, "--allow-insecure: the ClusAPI interface accepts unauthenticated and unsealed calls (local experiments only)")]
    public static partial void Insecure(ILogger logger);

    [LoggerMessage(27, LogLevel.Warning, "no --accounts file: authenticated binds are refused and, without --allow-insecure, no ClusAPI call can succeed")]
    public static partial void NoAccounts(ILogger logger);

    [LoggerMessage(28, LogLevel.Information, "accounts: {Count} from {File}; ClusAPI requires {Level}")]
    public static partial void Accounts(ILogger logger, int count, string file, string level);

    [LoggerMessage(29, LogLevel.Critical, "cannot start the ClusAPI endpoint on {Address}:{Port}: {Reason}")]
    public static partial void ClusApiListenFailed(ILogger logger, string address, int port, string reason);

    [LoggerMessage(30, LogLevel.Information, "pdu {Dump}")]
    public static partial void Pdu(ILogger logger, string dump);

    [LoggerMessage(31, LogLevel.Information, "socket completions: {Mode} (--socket-completions)")]
    public static partial void SocketCompletions(ILogger logger, string mode);

    [LoggerMessage(32, LogLevel.Information,
        "rpc limits: {MaxConnections} connections, {PerSource} per source address; handshake {Handshake} s; idle {Idle} s " +
        "(unauthenticated {UnauthIdle} s); requests {MaxRequestKiB} KiB (unauthenticated {UnauthRequestKiB} KiB); " +
        "auth contexts {AuthContexts} ({PreAuthContexts} before authentication); context handles {Handles} ({PreAuthHandles} without authentication)")]
    public static partial void RpcLimits(
        ILogger logger, int maxConnections, int perSource, double handshake, double idle, double unauthIdle, int maxRequestKiB, int unauthRequestKiB,
        int authContexts, int preAuthContexts, int handles, int preAuthHandles);

    [LoggerMessage(40, LogLevel.Warning, "wire fault {Id} fired: {Method} {ControlCode} from {Peer}: {Action} ({Remaining} left)")]
    public static partial void WireFaultFired(ILogger logger, int id, string method, string controlCode, string action, int remaining, string peer);

    [LoggerMessage(41, LogLevel.Information, "admin API: bearer token from {File} required on every route except /health")]
    public static partial void AdminToken(ILogger logger, string file);
}
