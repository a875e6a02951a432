using System.Globalization;
using Clusterd.ClusApi;

namespace Clusterd.Server.Scenarios;

/// <summary>
/// The fields of one step object, read once each with the right type; <see cref="EnsureNoOthers"/> then refuses every
/// field no reader asked for, so a misspelt field is an error with its line, never silently ignored.
/// </summary>
internal sealed class StepFields
{
    /// <summary>The longest name a field takes: a volume name must fit CLUS_SHARED_VOLUME_BACKUP_MODE's WCHAR[260] with its NUL.</summary>
    public const int MaxNameLength = 259;

    private static readonly Dictionary<string, Win32Error> s_errors = System.Enum.GetValues<Win32Error>()
        .GroupBy(Win32ErrorInfo.NameOf, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private readonly JsonObjectAt _object;
    private readonly string _discriminator;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public StepFields(JsonObjectAt obj, string kind, string discriminator)
    {
        _object = obj;
        Kind = kind;
        _discriminator = discriminator;
        _used.Add(discriminator);
        _used.Add("note");
        if (Find("note") is { } note and not JsonStringAt)
        {
            throw new ScenarioFormatException(note.Line, $"'note' must be a string, not {note.Kind}");
        }
    }

    /// <summary>The step's kind (the value of "do" or "expect").</summary>
    public string Kind { get; }

    /// <summary>The line the step object starts on.</summary>
    public int Line => _object.Line;

    /// <summary>A required non-empty string of at most <see cref="MaxNameLength"/> characters.</summary>
    public string String(string name) => OptionalString(name) ?? throw Missing(name);

    /// <summary>As <see cref="String"/>, or null when absent.</summary>
    public string? OptionalString(string name)
    {
        if (Take(name) is not { } node)
        {
            return null;
        }
        if (node is not JsonStringAt s)
        {
            throw WrongType(name, node, "a string");
        }
        if (s.Value.Length == 0 || s.Value.Length > MaxNameLength)
        {
            throw new ScenarioFormatException(node.Line, $"'{name}' must be 1 to {MaxNameLength} characters");
        }
        return s.Value;
    }

    /// <summary>A required true or false.</summary>
    public bool Bool(string name) => OptionalBool(name) ?? throw Missing(name);

    /// <summary>As <see cref="Bool"/>, or null when absent.</summary>
    public bool? OptionalBool(string name) => Take(name) switch
    {
        null => null,
        JsonBoolAt b => b.Value,
        var other => throw WrongType(name, other, "true or false"),
    };

    /// <summary>A whole number from 0 to <paramref name="max"/>, or null when absent.</summary>
    public long? OptionalInteger(string name, long max)
    {
        if (Take(name) is not { } node)
        {
            return null;
        }
        if (node is not JsonNumberAt n || n.AsDecimal() is not { } d || d != decimal.Truncate(d) || d < 0 || d > max)
        {
            throw new ScenarioFormatException(node.Line, $"'{name}' must be a whole number from 0 to {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return (long)d;
    }

    /// <summary>
    /// A duration in seconds, 0 to <paramref name="max"/>, with at most seven decimals: exactly a whole number of
    /// 100-nanosecond ticks (so "59.9999999" is one tick short of a minute).
    /// </summary>
    public TimeSpan Seconds(string name, TimeSpan max) => SecondsOf(name, Take(name) ?? throw Missing(name), max);

    /// <summary>As <see cref="Seconds"/>, for a value the caller already took with <see cref="Node"/>.</summary>
    public static TimeSpan SecondsOf(string name, JsonNodeAt node, TimeSpan max)
    {
        var maxSeconds = (decimal)max.Ticks / TimeSpan.TicksPerSecond;
        if (node is not JsonNumberAt n || n.AsDecimal() is not { } seconds || seconds < 0 || seconds > maxSeconds)
        {
            throw new ScenarioFormatException(node.Line, $"'{name}' must be a number of seconds from 0 to {maxSeconds.ToString(CultureInfo.InvariantCulture)}");
        }
        var ticks = seconds * TimeSpan.TicksPerSecond;
        if (ticks != decimal.Truncate(ticks))
        {
            throw new ScenarioFormatException(node.Line, $"'{name}' has more than seven decimals (the clock's resolution is 100 ns)");
        }
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A required enum value, by its name as the admin API spells it (e.g. "InProgress").</summary>
    public T Enum<T>(string name) where T : struct, Enum => OptionalEnum<T>(name) ?? throw Missing(name);

    /// <summary>As <see cref="Enum{T}"/>, or null when absent.</summary>
    public T? OptionalEnum<T>(string name) where T : struct, Enum
    {
        if (Take(name) is not { } node)
        {
            return null;
        }
        return node is JsonStringAt s ? ParseEnum<T>(s, name) : throw WrongType(name, node, "a string");
    }

    /// <summary>An enum name (flags: names joined by ", "); numbers are refused so that a file reads as it means.</summary>
    public static T ParseEnum<T>(JsonStringAt s, string name) where T : struct, Enum
    {
        if (s.Value.Length == 0 || char.IsDigit(s.Value[0]) || s.Value[0] == '-'
            || !System.Enum.TryParse<T>(s.Value, ignoreCase: false, out var value) || !Defined(value))
        {
            throw new ScenarioFormatException(s.Line, $"'{name}': '{s.Value}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
        }
        return value;
    }

    private static bool Defined<T>(T value) where T : struct, Enum =>
        System.Enum.IsDefined(value) || typeof(T).IsDefined(typeof(FlagsAttribute), false)
        || value.ToString().Contains(',', StringComparison.Ordinal);

    /// <summary>"expectError": a winerror.h name (ERROR_…), or null when absent (the action must succeed).</summary>
    public Win32Error? ExpectedError()
    {
        if (Take("expectError") is not { } node)
        {
            return null;
        }
        return node is JsonStringAt s && s_errors.TryGetValue(s.Value, out var error)
            ? error
            : throw new ScenarioFormatException(node.Line, "'expectError' must be a winerror.h name this server knows, e.g. ERROR_SUCCESS or ERROR_CLUSTER_BACKUP_IN_PROGRESS");
    }

    /// <summary>A field of any type (the reader checks it), or null when absent.</summary>
    public JsonNodeAt? Node(string name) => Take(name);

    /// <summary>Refuses every field no reader took.</summary>
    public void EnsureNoOthers()
    {
        foreach (var member in _object.Members)
        {
            if (!_used.Contains(member.Name))
            {
                throw new ScenarioFormatException(member.Line,
                    $"unknown field '{member.Name}' in a '{Kind}' step (it takes: {string.Join(", ", _used.Where(u => u != "note" && u != _discriminator).Order(StringComparer.Ordinal))}, note)");
            }
        }
    }

    /// <summary>Remembers that the step takes <paramref name="name"/> and returns its value, if given.</summary>
    private JsonNodeAt? Take(string name)
    {
        _used.Add(name);
        return Find(name);
    }

    private JsonNodeAt? Find(string name) => _object.Members.FirstOrDefault(m => m.Name == name)?.Value;

    private ScenarioFormatException Missing(string name) =>
        new(Line, $"a '{Kind}' step needs '{name}'");

    private static ScenarioFormatException WrongType(string name, JsonNodeAt node, string wanted) =>
        new(node.Line, $"'{name}' must be {wanted}, not {node.Kind}");
}
