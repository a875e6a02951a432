using System.Text;

namespace Clusterd.Server.Scenarios;

/// <summary>The result of one step in the report.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="Line">The step's line in the file.</param>
/// <param name="Kind">"do X" or "expect X".</param>
/// <param name="Summary">What the step does.</param>
/// <param name="Status">"ok", "FAIL", or "not run" (after a failure the cluster is no longer in the state the rest assumes).</param>
/// <param name="Expected">On a failure, what the step expected.</param>
/// <param name="Actual">What happened: an action's answer, the values an expectation compared.</param>
internal sealed record StepReport(int Step, int Line, string Kind, string Summary, string Status, string? Expected, string? Actual);

/// <summary>The report of one scenario run.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Description">What it shows.</param>
/// <param name="Passed">Whether every step passed.</param>
/// <param name="Steps">One entry per step.</param>
internal sealed record ScenarioReport(string Name, string Description, bool Passed, IReadOnlyList<StepReport> Steps)
{
    /// <summary>The report as text: a header, one line per step, and the expected and actual values of a failed step.</summary>
    public string ToText(string source)
    {
        var text = new StringBuilder();
        text.Append(Passed ? "PASS " : "FAIL ").Append(source).Append(" (").Append(Name).Append("): ").Append(Description).Append('\n');
        foreach (var s in Steps)
        {
            var status = s.Status switch { "ok" => "ok  ", "FAIL" => "FAIL", _ => "--  " };
            text.Append("  ").Append(status).Append(' ').Append(s.Step.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(3))
                .Append("  line ").Append(s.Line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(4))
                .Append(' ').Append(s.Kind).Append(": ").Append(s.Summary);
            if (s.Status == "ok" && !string.IsNullOrEmpty(s.Actual))
            {
                text.Append(" -> ").Append(s.Actual);
            }
            if (s.Status == "not run")
            {
                text.Append(" (not run)");
            }
            text.Append('\n');
            if (s.Status == "FAIL")
            {
                text.Append("          expected: ").Append(s.Expected).Append('\n');
                text.Append("          actual:   ").Append(s.Actual).Append('\n');
            }
        }
        return text.ToString();
    }
}

/// <summary>Runs a scenario's steps in order against a target and reports each.</summary>
internal static class ScenarioRunner
{
    /// <summary>
    /// Runs <paramref name="scenario"/> on <paramref name="target"/>. The first failed step ends the run: the steps after
    /// it are reported as not run, since they assume a state the cluster is not in.
    /// </summary>
    public static ScenarioReport Run(Scenario scenario, IScenarioTarget target)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var context = new ScenarioContext(target, "scenario " + scenario.Name);
        using var subscription = target.Subscribe(context.Notifications.OnEvent);
        var reports = new List<StepReport>(scenario.Steps.Count);
        var failed = false;
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            if (failed)
            {
                reports.Add(new StepReport(i + 1, step.Line, step.Kind, step.Summary, "not run", null, null));
                continue;
            }
            StepOutcome outcome;
            try
            {
                outcome = step.Run(context);
            }
            catch (ScenarioStepException e)
            {
                outcome = new StepOutcome(false, "the step to be possible", e.Message);
            }
            failed = !outcome.Ok;
            reports.Add(new StepReport(i + 1, step.Line, step.Kind, step.Summary, outcome.Ok ? "ok" : "FAIL",
                outcome.Ok ? null : outcome.Expected, outcome.Actual));
        }
        return new ScenarioReport(scenario.Name, scenario.Description, !failed, reports);
    }
}
