using System.Globalization;
using System.Text.Json;

namespace Clusterd.Server.Scenarios;

/// <summary>A malformed scenario: the 1-based line of the offending text and the reason.</summary>
internal sealed class ScenarioFormatException(int line, string reason) : Exception($"line {line}: {reason}")
{
    /// <summary>The 1-based line in the scenario file (0 when the problem is the file as a whole).</summary>
    public int Line { get; } = line;

    /// <summary>Why the scenario was refused.</summary>
    public string Reason { get; } = reason;
}

/// <summary>A JSON value of a scenario file with the 1-based line it starts on.</summary>
internal abstract record JsonNodeAt(int Line)
{
    /// <summary>What the value is, for messages ("an object", "a string").</summary>
    public abstract string Kind { get; }
}

/// <summary>A JSON object; members keep their order and the line of their name.</summary>
internal sealed record JsonObjectAt(int Line, IReadOnlyList<JsonMemberAt> Members) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "an object";
}

/// <summary>One member of an object.</summary>
internal sealed record JsonMemberAt(string Name, int Line, JsonNodeAt Value);

/// <summary>A JSON array.</summary>
internal sealed record JsonArrayAt(int Line, IReadOnlyList<JsonNodeAt> Items) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "an array";
}

/// <summary>A JSON string.</summary>
internal sealed record JsonStringAt(int Line, string Value) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "a string";
}

/// <summary>A JSON number, kept as written (converted exactly where it is used).</summary>
internal sealed record JsonNumberAt(int Line, string Text) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "a number";

    /// <summary>The value as a decimal, or null when it does not fit one exactly (exponents, more than 28 digits).</summary>
    public decimal? AsDecimal() =>
        decimal.TryParse(Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
}

/// <summary>true or false.</summary>
internal sealed record JsonBoolAt(int Line, bool Value) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "true or false";
}

/// <summary>null.</summary>
internal sealed record JsonNullAt(int Line) : JsonNodeAt(Line)
{
    /// <inheritdoc />
    public override string Kind => "null";
}

/// <summary>
/// Reads a scenario file into a tree whose every value knows its line, so that each later complaint (an unknown field,
/// a wrong type, a failed step) can name the line. Comments (<c>//</c>, <c>/* */</c>) are allowed; trailing commas,
/// duplicate member names and nesting deeper than <see cref="MaxDepth"/> are not.
/// </summary>
internal static class ScenarioJson
{
    /// <summary>The deepest nesting a scenario needs is five levels; anything much deeper is not a scenario.</summary>
    public const int MaxDepth = 16;

    /// <summary>Parses <paramref name="utf8"/> (a UTF-8 byte order mark is skipped).</summary>
    /// <exception cref="ScenarioFormatException">The text is not JSON, or breaks one of the rules above.</exception>
    public static JsonNodeAt Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ScenarioFormatException(1, "the file is empty; a scenario is a JSON object");
        }
        var lines = new LineIndex(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            MaxDepth = MaxDepth,
        });
        try
        {
            // Text after the value (a second value) is the reader's own error: "... is invalid after a single JSON value".
            reader.Read();
            var root = ReadValue(ref reader, lines);
            while (reader.Read())
            {
            }
            return root;
        }
        catch (JsonException e)
        {
            throw new ScenarioFormatException(checked((int)(e.LineNumber ?? 0) + 1), "malformed JSON: " + WithoutPosition(e.Message));
        }
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, LineIndex lines)
    {
        var line = lines.LineOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<JsonMemberAt>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameLine = lines.LineOf(reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    if (!names.Add(name))
                    {
                        throw new ScenarioFormatException(nameLine, $"'{name}' is given twice in the same object");
                    }
                    reader.Read();
                    members.Add(new JsonMemberAt(name, nameLine, ReadValue(ref reader, lines)));
                }
                return new JsonObjectAt(line, members);
            case JsonTokenType.StartArray:
                var items = new List<JsonNodeAt>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lines));
                }
                return new JsonArrayAt(line, items);
            case JsonTokenType.String:
                return new JsonStringAt(line, reader.GetString()!);
            case JsonTokenType.Number:
                return new JsonNumberAt(line, System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return new JsonBoolAt(line, true);
            case JsonTokenType.False:
                return new JsonBoolAt(line, false);
            default:
                return new JsonNullAt(line);
        }
    }

    /// <summary>System.Text.Json ends its messages with the 0-based position; ours names the 1-based line instead.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd('.', ' ');
    }

    /// <summary>Byte offset → 1-based line, from the offsets of the line feeds.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _feeds = [];

        public LineIndex(ReadOnlySpan<byte> text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == (byte)'\n')
                {
                    _feeds.Add(i);
                }
            }
        }

        public int LineOf(long offset)
        {
            var i = _feeds.BinarySearch(offset);
            return (i < 0 ? ~i : i) + 1;
        }
    }
}
