using System.Net;
using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>Source-generated log messages of the server.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "DCE/RPC listening on {EndPoint}{Kind}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, string kind);

    [LoggerMessage(2, LogLevel.Debug, "DCE/RPC connection from {Peer} on port {Port}")]
    public static partial void Connected(ILogger logger, string peer, int port);

    [LoggerMessage(3, LogLevel.Debug, "DCE/RPC connection {Peer} closed")]
    public static partial void Closed(ILogger logger, string peer);

    [LoggerMessage(4, LogLevel.Debug, "DCE/RPC connection {Peer} dropped")]
    public static partial void Dropped(ILogger logger, Exception ex, string peer);

    [LoggerMessage(5, LogLevel.Error, "DCE/RPC connection {Peer} failed")]
    public static partial void Failed(ILogger logger, Exception ex, string peer);

    [LoggerMessage(6, LogLevel.Warning, "DCE/RPC {Peer}: {Detail}")]
    public static partial void Violation(ILogger logger, string peer, string detail);

    [LoggerMessage(7, LogLevel.Error, "Context handle rundown failed on {Peer}")]
    public static partial void RundownFailed(ILogger logger, Exception ex, string peer);

    [LoggerMessage(8, LogLevel.Warning, "Security provider threw on input from {Peer}")]
    public static partial void ProviderThrew(ILogger logger, Exception ex, string peer);

    [LoggerMessage(9, LogLevel.Debug, "Bad stub data for opnum {Opnum} from {Peer}")]
    public static partial void BadStub(ILogger logger, Exception ex, ushort opnum, string peer);

    [LoggerMessage(10, LogLevel.Error, "Dispatcher for {Interface} opnum {Opnum} threw")]
    public static partial void DispatcherThrew(ILogger logger, Exception ex, string @interface, ushort opnum);

    [LoggerMessage(11, LogLevel.Warning, "Accept failed on {EndPoint}")]
    public static partial void AcceptFailed(ILogger logger, Exception ex, IPEndPoint endPoint);

    [LoggerMessage(12, LogLevel.Warning, "DCE/RPC {Summary}")]
    public static partial void WarningSummary(ILogger logger, string summary);

    [LoggerMessage(13, LogLevel.Debug, "co_cancel for call {CallId} from {Peer}")]
    public static partial void CoCancel(ILogger logger, uint callId, string peer);

    [LoggerMessage(14, LogLevel.Trace, "{Dump}")]
    public static partial void Trace(ILogger logger, string dump);

    [LoggerMessage(15, LogLevel.Debug, "{Peer} closed the connection while a call was running; the call is cancelled")]
    public static partial void HungUp(ILogger logger, string peer);

    [LoggerMessage(16, LogLevel.Debug, "Call {CallId} from {Peer}: the dispatcher closes the connection without an answer")]
    public static partial void ClosedByDispatcher(ILogger logger, uint callId, string peer);

    [LoggerMessage(EventId = 2100, EventName = "AuthenticationFailed", Level = LogLevel.Warning,
        Message = "authentication failed: {Account} from {Source} ({AuthType})")]
    public static partial void AuthenticationFailed(ILogger logger, string account, string source, string authType);

    [LoggerMessage(EventId = 2101, EventName = "AuthenticationFailures", Level = LogLevel.Warning,
        Message = "authentication failed {Count} more time(s) in the last {Seconds} s: {Counts}")]
    public static partial void AuthenticationFailureSummary(ILogger logger, int count, double seconds, string counts);
}
