using Clusterd.ClusApi;

namespace Clusterd.Server.Scenarios;

/// <summary>What one step found: passed, or what was expected and what happened instead.</summary>
/// <param name="Ok">Whether the step passed.</param>
/// <param name="Expected">What the step expected (always set for a failure).</param>
/// <param name="Actual">What the cluster answered or showed.</param>
internal sealed record StepOutcome(bool Ok, string? Expected = null, string? Actual = null);

/// <summary>A step that cannot be carried out in the cluster's current state (e.g. no CSV of that name to take the resource from).</summary>
internal sealed class ScenarioStepException(string message) : Exception(message);

/// <summary>The state one scenario run keeps between steps.</summary>
/// <param name="target">The cluster and emulator controls the steps act on.</param>
/// <param name="requester">Who the ClusAPI-level actions claim to be (recorded with backup-mode requests).</param>
internal sealed class ScenarioContext(IScenarioTarget target, string requester)
{
    /// <summary>The cluster and emulator controls the steps act on.</summary>
    public IScenarioTarget Target { get; } = target;

    /// <summary>Who the ClusAPI-level actions claim to be.</summary>
    public string Requester { get; } = requester;

    /// <summary>The notifications since the last "notifications" expectation.</summary>
    public NotificationLog Notifications { get; } = new();
}

/// <summary>
/// One step of a scenario: an action (<c>"do"</c>) or an expectation (<c>"expect"</c>), with the line it starts on and
/// a one-line summary for the report. Steps are built by the factories in <see cref="ScenarioSteps"/>.
/// </summary>
/// <param name="Line">The 1-based line of the step object in the file.</param>
/// <param name="Kind">"do X" or "expect X".</param>
/// <param name="Summary">What the step does, for the report.</param>
/// <param name="Run">Carries the step out.</param>
internal sealed record ScenarioStep(int Line, string Kind, string Summary, Func<ScenarioContext, StepOutcome> Run)
{
    /// <summary>
    /// An action answered by a Win32 error: with <paramref name="expected"/> null it must succeed (ERROR_SUCCESS, or
    /// ERROR_IO_PENDING, which MS-CMRP counts as success: the change is made), otherwise it must answer exactly that.
    /// </summary>
    public static ScenarioStep Action(StepFields f, string summary, Win32Error? expected, Func<ScenarioContext, Win32Error> act) =>
        new(f.Line, "do " + f.Kind, summary, ctx =>
        {
            var actual = act(ctx);
            var ok = expected is { } e ? actual == e : actual is Win32Error.Success or Win32Error.IoPending;
            return new StepOutcome(ok, expected is { } x ? Describe(x) : "ERROR_SUCCESS", Describe(actual));
        });

    /// <summary>The name and number of an error, as the report shows it.</summary>
    public static string Describe(Win32Error error) => $"{Win32ErrorInfo.NameOf(error)} ({(uint)error})";
}

/// <summary>Collects the fields an expectation compares; the step fails when any differs.</summary>
internal sealed class Comparison
{
    private readonly List<string> _expected = [];
    private readonly List<string> _actual = [];
    private bool _failed;

    /// <summary>Compares one value field when the scenario gave an expected value for it.</summary>
    public void Check<T>(string field, T? expected, T actual) where T : struct
    {
        if (expected is { } e)
        {
            Add(field, Show(e), Show(actual), EqualityComparer<T>.Default.Equals(e, actual));
        }
    }

    /// <summary>Compares a name (case-insensitive, as cluster object names are) when the scenario gave one.</summary>
    public void CheckName(string field, string? expected, string? actual)
    {
        if (expected is not null)
        {
            Add(field, Show(expected), Show(actual), string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Records a comparison made by the caller.</summary>
    public void Add(string field, string expected, string actual, bool equal)
    {
        _expected.Add($"{field} {expected}");
        _actual.Add($"{field} {actual}");
        _failed |= !equal;
    }

    /// <summary>The outcome: passed when every compared field matched.</summary>
    public StepOutcome Outcome() => new(!_failed, string.Join("; ", _expected), string.Join("; ", _actual));

    /// <summary>A value as the report shows it.</summary>
    public static string Show(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        string s => "'" + s + "'",
        _ => value.ToString() ?? "",
    };
}
