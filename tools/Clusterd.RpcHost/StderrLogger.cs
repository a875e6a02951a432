using Microsoft.Extensions.Logging;

namespace Clusterd.RpcHost;

/// <summary>Writes log lines at or above a level to stderr; enough for a test host without a logging stack.</summary>
internal sealed class StderrLogger(LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}";
        Console.Error.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
    }
}
