using Microsoft.Extensions.Logging;

namespace Clusterd.Cluster.Engine;

/// <summary>The engine's log messages.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(100, LogLevel.Error, "engine: contained after-commit fault: {What}")]
    public static partial void AfterCommitFault(ILogger logger, Exception exception, string what);
}
