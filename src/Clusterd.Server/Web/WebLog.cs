using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Web;

/// <summary>The live view's log lines.</summary>
internal static partial class WebLog
{
    [LoggerMessage(901, LogLevel.Warning, "live view: client {Client} ({Remote}) dropped: {Capacity} messages behind (stalled or too slow)")]
    public static partial void SlowClientDropped(ILogger logger, long client, string remote, int capacity);

    [LoggerMessage(902, LogLevel.Error, "live view: a delta could not be built; the next change retries")]
    public static partial void PumpFailed(ILogger logger, Exception exception);

    [LoggerMessage(903, LogLevel.Warning, "live view: refused a stream from {Remote}: {Max} clients connected")]
    public static partial void TooManyClients(ILogger logger, string remote, int max);
}
