using Clusterd.Cluster.Engine;

namespace Clusterd.Server.Scenarios;

/// <summary>A parsed scenario file (docs/scenarios.md).</summary>
/// <param name="Name">Its name (the "name" field, else the file name without extension).</param>
/// <param name="Description">What it shows.</param>
/// <param name="Topology">A topology file, relative to the scenario file; null for the embedded default.</param>
/// <param name="Profile">The CSV profile to run under; null for the default (Spec).</param>
/// <param name="Steps">The steps, in order.</param>
internal sealed record Scenario(string Name, string Description, string? Topology, CsvProfile? Profile, IReadOnlyList<ScenarioStep> Steps)
{
    /// <summary>The largest scenario file read (1 MiB); POST /admin/scenarios is bounded by the admin API's body limit.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The most steps one scenario may have.</summary>
    public const int MaxSteps = 1000;

    /// <summary>The longest description.</summary>
    public const int MaxDescriptionLength = 4096;

    /// <summary>Whether a file is YAML by its name (<c>.yaml</c>, <c>.yml</c>); every other file is read as JSON.</summary>
    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a scenario from its UTF-8 text, JSON or (with <paramref name="yaml"/>) YAML.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="defaultName">The name when the file gives none.</param>
    /// <param name="yaml">True for YAML (<see cref="ScenarioYaml"/>), false for JSON (<see cref="ScenarioJson"/>).</param>
    /// <exception cref="ScenarioFormatException">The file is malformed; the exception names the line and the reason.</exception>
    public static Scenario Parse(ReadOnlySpan<byte> utf8, string defaultName, bool yaml = false)
    {
        if (utf8.Length > MaxFileBytes)
        {
            throw new ScenarioFormatException(0, $"larger than {MaxFileBytes} bytes");
        }
        if ((yaml ? ScenarioYaml.Parse(utf8) : ScenarioJson.Parse(utf8)) is not JsonObjectAt root)
        {
            throw new ScenarioFormatException(1, "a scenario is an object (a mapping) with 'description' and 'steps'");
        }
        string? name = null, description = null, topology = null;
        CsvProfile? profile = null;
        JsonArrayAt? steps = null;
        foreach (var member in root.Members)
        {
            switch (member.Name)
            {
                case "name":
                    name = Text(member, StepFields.MaxNameLength);
                    break;
                case "description":
                    description = Text(member, MaxDescriptionLength);
                    break;
                case "topology":
                    topology = Text(member, StepFields.MaxNameLength);
                    break;
                case "profile":
                    profile = member.Value is JsonStringAt p
                        ? StepFields.ParseEnum<CsvProfile>(p, "profile")
                        : throw new ScenarioFormatException(member.Value.Line, $"'profile' must be a string, not {member.Value.Kind}");
                    break;
                case "steps":
                    steps = member.Value as JsonArrayAt
                        ?? throw new ScenarioFormatException(member.Value.Line, $"'steps' must be an array, not {member.Value.Kind}");
                    break;
                default:
                    throw new ScenarioFormatException(member.Line, $"unknown field '{member.Name}' (a scenario has: name, description, topology, profile, steps)");
            }
        }
        if (description is null)
        {
            throw new ScenarioFormatException(root.Line, "a scenario needs 'description': what it shows");
        }
        if (steps is null || steps.Items.Count == 0)
        {
            throw new ScenarioFormatException(steps?.Line ?? root.Line, "a scenario needs 'steps': a non-empty array");
        }
        if (steps.Items.Count > MaxSteps)
        {
            throw new ScenarioFormatException(steps.Line, $"more than {MaxSteps} steps");
        }
        return new Scenario(name ?? defaultName, description, topology, profile, [.. steps.Items.Select(Step)]);
    }

    private static string Text(JsonMemberAt member, int max) => member.Value switch
    {
        JsonStringAt { Value.Length: > 0 } s when s.Value.Length <= max => s.Value,
        JsonStringAt s => throw new ScenarioFormatException(s.Line, $"'{member.Name}' must be 1 to {max} characters"),
        var other => throw new ScenarioFormatException(other.Line, $"'{member.Name}' must be a string, not {other.Kind}"),
    };

    /// <summary>One step: an object with exactly one of "do" (an action) or "expect" (an expectation).</summary>
    private static ScenarioStep Step(JsonNodeAt node)
    {
        if (node is not JsonObjectAt o)
        {
            throw new ScenarioFormatException(node.Line, $"a step must be an object with \"do\" or \"expect\", not {node.Kind}");
        }
        var action = o.Members.FirstOrDefault(m => m.Name == "do");
        var expectation = o.Members.FirstOrDefault(m => m.Name == "expect");
        if ((action is null) == (expectation is null))
        {
            throw new ScenarioFormatException(o.Line, "a step has exactly one of \"do\" (an action) or \"expect\" (an expectation)");
        }
        var (member, kinds, what) = action is not null ? (action, ScenarioSteps.Actions, "action") : (expectation!, ScenarioSteps.Assertions, "expectation");
        if (member.Value is not JsonStringAt kind)
        {
            throw new ScenarioFormatException(member.Value.Line, $"\"{member.Name}\" must be a string naming the {what}, not {member.Value.Kind}");
        }
        if (!kinds.TryGetValue(kind.Value, out var build))
        {
            throw new ScenarioFormatException(kind.Line, $"unknown {what} '{kind.Value}' (known: {string.Join(", ", kinds.Keys)})");
        }
        return build(new StepFields(o, kind.Value, member.Name));
    }
}
