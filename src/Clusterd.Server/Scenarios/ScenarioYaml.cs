using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Clusterd.Server.Scenarios;

/// <summary>
/// Reads a scenario written in YAML into the same tree as <see cref="ScenarioJson"/>, every value with its line, so the
/// rest of the format (fields, kinds, messages) is shared. One document of block or flow mappings, sequences and
/// scalars; anchors, aliases and tags are refused (a scenario needs none, and aliases are how a small YAML file
/// becomes a huge tree). Plain scalars follow the YAML 1.2 core schema where a scenario meets it: <c>true</c>/<c>false</c>,
/// <c>null</c>/<c>~</c>/empty, decimal numbers; everything else, and every quoted scalar, is a string.
/// </summary>
internal static partial class ScenarioYaml
{
    /// <summary>Parses <paramref name="utf8"/>.</summary>
    /// <exception cref="ScenarioFormatException">Not YAML, or outside the subset above.</exception>
    public static JsonNodeAt Parse(ReadOnlySpan<byte> utf8)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(utf8).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new ScenarioFormatException(1, "the file is not UTF-8");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ScenarioFormatException(1, "the file is empty; a scenario is a mapping with 'description' and 'steps'");
        }
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            var root = Read(parser, 1);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                throw new ScenarioFormatException(Line(second), "a scenario file holds one YAML document");
            }
            parser.Consume<StreamEnd>();
            return root;
        }
        catch (YamlException e)
        {
            throw new ScenarioFormatException(checked((int)e.Start.Line), "malformed YAML: " + Position().Replace(e.Message, ""));
        }
    }

    private static JsonNodeAt Read(IParser parser, int depth)
    {
        var current = parser.Current ?? throw new ScenarioFormatException(0, "unexpected end of the YAML text");
        var line = Line(current);
        if (depth > ScenarioJson.MaxDepth)
        {
            throw new ScenarioFormatException(line, $"nested deeper than {ScenarioJson.MaxDepth} levels");
        }
        if (current is AnchorAlias || current is NodeEvent { Anchor.IsEmpty: false })
        {
            throw new ScenarioFormatException(line, "anchors and aliases are not supported in scenarios");
        }
        if (current is NodeEvent { Tag.IsEmpty: false })
        {
            throw new ScenarioFormatException(line, "tags are not supported in scenarios");
        }
        switch (current)
        {
            case MappingStart:
                parser.MoveNext();
                var members = new List<JsonMemberAt>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                    {
                        throw new ScenarioFormatException(Line(parser.Current!), "a mapping key must be a plain name");
                    }
                    var keyLine = Line(key);
                    if (!names.Add(key.Value))
                    {
                        throw new ScenarioFormatException(keyLine, $"'{key.Value}' is given twice in the same mapping");
                    }
                    parser.MoveNext();
                    members.Add(new JsonMemberAt(key.Value, keyLine, Read(parser, depth + 1)));
                }
                return new JsonObjectAt(line, members);
            case SequenceStart:
                parser.MoveNext();
                var items = new List<JsonNodeAt>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(Read(parser, depth + 1));
                }
                return new JsonArrayAt(line, items);
            case Scalar scalar:
                parser.MoveNext();
                return Typed(scalar, line);
            default:
                throw new ScenarioFormatException(line, "unexpected YAML event " + current.GetType().Name);
        }
    }

    private static JsonNodeAt Typed(Scalar scalar, int line)
    {
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return new JsonStringAt(line, scalar.Value);
        }
        return scalar.Value switch
        {
            "true" => new JsonBoolAt(line, true),
            "false" => new JsonBoolAt(line, false),
            "null" or "~" or "" => new JsonNullAt(line),
            var v when Number().IsMatch(v) => new JsonNumberAt(line, v),
            var v => new JsonStringAt(line, v),
        };
    }

    /// <summary>YamlDotNet's marks are 1-based lines.</summary>
    private static int Line(ParsingEvent e) => checked((int)e.Start.Line);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>The "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): " prefix of YamlDotNet's messages; ours names the line.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}
