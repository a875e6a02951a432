using Microsoft.Extensions.Logging;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>One log record as a structured logger sees it: level, event, the named fields and the rendered message.</summary>
internal sealed record LogRecord(LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Fields, string Message)
{
    public string Field(string name) => Fields.TryGetValue(name, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
}

/// <summary>A logger that keeps every record (thread-safe): the tests read the audit trail from it.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<LogRecord> _records = [];

    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _records.Clear();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        lock (_lock)
        {
            _records.Add(new LogRecord(logLevel, eventId, fields, formatter(state, exception)));
        }
    }
}
