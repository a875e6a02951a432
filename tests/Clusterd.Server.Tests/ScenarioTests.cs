using System.Text;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Server.Scenarios;

namespace Clusterd.Server.Tests;

/// <summary>Every scenario shipped in scenarios/ passes; a new file there is picked up without a code change.</summary>
public sealed class ShippedScenarioTests
{
    /// <summary>The repository's scenarios/ directory, found from the test binaries upwards.</summary>
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
                {
                    return Path.Combine(dir.FullName, "scenarios");
                }
            }
            throw new InvalidOperationException("the repository root (Clusterd.slnx) is not above " + AppContext.BaseDirectory);
        }
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in ScenarioFiles())
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    /// <summary>Every scenario file: JSON (.json) and YAML (.yaml, .yml).</summary>
    private static IEnumerable<string> ScenarioFiles() =>
        System.IO.Directory.GetFiles(Directory)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || Scenario.IsYamlFile(f))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void At_least_the_ten_scenarios_of_the_issue_are_shipped()
    {
        var names = ScenarioFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        foreach (var required in new[]
        {
            "backup-program-dies", "backup-never-detected", "manual-clear-during-backup", "coordinator-moved-during-backup",
            "coordinator-lost-during-backup", "snapshot-without-backup-mode", "backup-mode-offline-and-non-csv",
            "redirection-not-for-backup", "user-redirect-overlapping-backup", "maintenance-during-backup",
        })
        {
            Assert.Contains(required, names);
        }
    }

    [Fact]
    public void The_examples_of_docs_scenarios_md_pass()
    {
        var doc = File.ReadAllText(Path.Combine(Directory, "..", "docs", "scenarios.md"));
        var start = doc.IndexOf("## A complete example", StringComparison.Ordinal);
        var open = doc.IndexOf("```json\n", start, StringComparison.Ordinal) + "```json\n".Length;
        var example = doc[open..doc.IndexOf("```", open, StringComparison.Ordinal)];
        using var target = new InMemoryScenarioTarget(TopologyConfig.Default(), CsvProfile.Spec);
        var report = ScenarioRunner.Run(Scenario.Parse(Encoding.UTF8.GetBytes(example), "example"), target);
        Assert.True(report.Passed, report.ToText("docs/scenarios.md"));
        Assert.Equal(10, report.Steps.Count);

        var yamlStart = doc.IndexOf("```yaml\n", doc.IndexOf("## YAML", StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml\n".Length;
        var yamlExample = doc[yamlStart..doc.IndexOf("```", yamlStart, StringComparison.Ordinal)];
        using var yamlTarget = new InMemoryScenarioTarget(TopologyConfig.Default(), CsvProfile.Spec);
        var yamlReport = ScenarioRunner.Run(Scenario.Parse(Encoding.UTF8.GetBytes(yamlExample), "example", yaml: true), yamlTarget);
        Assert.True(yamlReport.Passed, yamlReport.ToText("docs/scenarios.md (YAML)"));
        Assert.Equal(2, yamlReport.Steps.Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_scenario_passes_on_a_fresh_in_memory_cluster(string file)
    {
        var (scenario, topology, error) = ScenarioCommand.Load(Path.Combine(Directory, file));
        Assert.True(scenario is not null, file + error);
        using var target = new InMemoryScenarioTarget(topology!, scenario.Profile ?? CsvProfile.Spec);
        var report = ScenarioRunner.Run(scenario, target);
        Assert.True(report.Passed, report.ToText(file));
        Assert.All(report.Steps, s => Assert.Equal("ok", s.Status));
    }
}

/// <summary>The scenario format's answers to bad input, failing scenarios, and the two ways to run one.</summary>
public sealed class ScenarioTests
{
    private const string Description = "\"description\": \"test\"";

    private static Scenario Parse(string json) => Scenario.Parse(Encoding.UTF8.GetBytes(json), "test");

    private static ScenarioReport RunText(string json)
    {
        using var target = new InMemoryScenarioTarget(TopologyConfig.Default(), CsvProfile.Spec);
        return ScenarioRunner.Run(Parse(json), target);
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("{\n  \"description\": \"x\",\n  \"steps\": [ { \"do\": \"storeFault\" } \n  ,, ]\n}", 4, "malformed JSON")]
    [InlineData("[]", 1, "a scenario is an object")]
    [InlineData("{\n  \"steps\": [ { \"do\": \"storeFault\" } ]\n}", 1, "needs 'description'")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": []\n}", 3, "non-empty array")]
    [InlineData("{\n  " + Description + ",\n  \"colour\": 1,\n  \"steps\": [ { \"do\": \"storeFault\" } ]\n}", 3, "unknown field 'colour'")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"fly\" }\n  ]\n}", 4, "unknown action 'fly'")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"expect\": \"weather\" }\n  ]\n}", 4, "unknown expectation 'weather'")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"storeFault\", \"expect\": \"volume\" }\n  ]\n}", 4, "exactly one of \"do\"")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\",\n      \"state\": \"InProgress\",\n      \"delay\": 60 }\n  ]\n}", 6, "unknown field 'delay' in a 'setBackupMode' step")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\" }\n  ]\n}", 4, "needs 'state'")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": 1 }\n  ]\n}", 4, "'state' must be a string, not a number")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": \"Maybe\" }\n  ]\n}", 4, "'Maybe' is not one of None, InProgress")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": \"InProgress\", \"delaySeconds\": 4294967296 }\n  ]\n}", 4, "'delaySeconds' must be a whole number from 0 to 4294967295")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"advanceClock\", \"seconds\": 0.00000001 }\n  ]\n}", 4, "more than seven decimals")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"advanceClock\", \"seconds\": -1 }\n  ]\n}", 4, "'seconds' must be a number of seconds")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"setMaintenance\", \"volume\": \"Volume1\", \"on\": true, \"expectError\": \"ERROR_WHATEVER\" }\n  ]\n}", 4, "'expectError' must be a winerror.h name")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"expect\": \"volume\", \"volume\": \"Volume1\" }\n  ]\n}", 4, "must compare at least one field")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"expect\": \"notifications\",\n      \"include\": [ { \"type\": \"CLUSTER_CHANGE_VOLUME_MOOD_V2\" } ] }\n  ]\n}", 5, "is not a CLUSTER_CHANGE_*_V2 name")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"expect\": \"notifications\",\n      \"include\": [ { \"type\": \"CLUSTER_CHANGE_GROUP_STATE_V2\", \"volume\": \"Volume1\" } ] }\n  ]\n}", 5, "payload of a CLUSTER_CHANGE_SHARED_VOLUME_*_V2 notification only")]
    [InlineData("{\n  " + Description + ",\n  \"description\": \"again\",\n  \"steps\": [ { \"do\": \"storeFault\" } ]\n}", 3, "'description' is given twice")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [ \"storeFault\" ]\n}", 3, "a step must be an object")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [ { \"do\": \"storeFault\" } ]\n} {}", 4, "is invalid after a single JSON value")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"wireFault\", \"opnum\": \"ApiFly\", \"error\": \"ERROR_SHARING_PAUSED\" }\n  ]\n}", 4, "wireFault: 'opnum': 'ApiFly' is not a ClusAPI method name")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"wireFault\", \"opnum\": \"ApiGetClusterName\" }\n  ]\n}", 4, "wireFault: give exactly one action")]
    [InlineData("{\n  " + Description + ",\n  \"steps\": [\n    { \"do\": \"wireFault\", \"opnum\": \"ApiGetClusterName\",\n      \"controlCode\": \"CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE\", \"drop\": true }\n  ]\n}", 4, "'controlCode' needs a control method")]
    public void Malformed_scenario_is_refused_with_its_line_and_reason(string json, int line, string reason)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => Parse(json));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("description: x\nsteps:\n  - do: storeFault\n   bad: [\n", 4, "malformed YAML")]
    [InlineData("- a\n- b\n", 1, "a scenario is an object")]
    [InlineData("description: x\nsteps:\n  - do: setBackupMode\n    volume: Volume1\n    state: InProgress\n    delay: 60\n", 6, "unknown field 'delay' in a 'setBackupMode' step")]
    [InlineData("description: x\nsteps:\n  - do: setBackupMode\n    volume: 7\n    state: InProgress\n", 4, "'volume' must be a string, not a number")]
    [InlineData("description: x\nsteps:\n  - &step { do: storeFault }\n  - *step\n", 3, "anchors and aliases are not supported")]
    [InlineData("description: x\nsteps:\n  - do: !!str storeFault\n", 3, "tags are not supported")]
    [InlineData("description: x\ndescription: y\nsteps: []\n", 2, "'description' is given twice")]
    [InlineData("description: x\nsteps:\n  - do: storeFault\n---\ndescription: y\n", 4, "one YAML document")]
    [InlineData("description: x\nsteps:\n  - do: advanceClock\n    seconds: 1e3\n", 4, "'seconds' must be a number of seconds")]
    public void Malformed_yaml_scenario_is_refused_with_its_line_and_reason(string yaml, int line, string reason)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => Scenario.Parse(Encoding.UTF8.GetBytes(yaml), "test", yaml: true));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_and_json_give_the_same_steps_on_the_same_lines()
    {
        var yaml = Scenario.Parse(Encoding.UTF8.GetBytes(
            "description: same\nsteps:\n  - do: setBackupMode\n    volume: Volume1\n    state: InProgress\n    delaySeconds: 60\n" +
            "  - { expect: volume, volume: Volume1, backupState: InProgress, maintenance: false, backupDeadlineInSeconds: 60 }\n"), "y", yaml: true);
        var json = Parse("{ \"description\": \"same\", \"steps\": [\n\n" +
            "{ \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": \"InProgress\", \"delaySeconds\": 60 },\n\n\n\n" +
            "{ \"expect\": \"volume\", \"volume\": \"Volume1\", \"backupState\": \"InProgress\", \"maintenance\": false, \"backupDeadlineInSeconds\": 60 } ] }");
        Assert.Equal(json.Steps.Select(s => (s.Line, s.Kind, s.Summary)), yaml.Steps.Select(s => (s.Line, s.Kind, s.Summary)));
        Assert.Equal([3, 7], yaml.Steps.Select(s => s.Line));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_as_malformed_JSON()
    {
        var json = "{ " + Description + ", \"steps\": " + new string('[', ScenarioJson.MaxDepth + 1) + new string(']', ScenarioJson.MaxDepth + 1) + " }";
        var e = Assert.Throws<ScenarioFormatException>(() => Parse(json));
        Assert.Contains("malformed JSON", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_are_allowed_and_do_not_shift_the_lines()
    {
        var scenario = Parse("// a comment\n{\n  /* block */ " + Description + ",\n  \"steps\": [\n    { \"do\": \"storeFault\", \"note\": \"why\" }\n  ]\n}");
        Assert.Equal(5, Assert.Single(scenario.Steps).Line);
    }

    [Fact]
    public void A_failing_step_reports_its_number_line_expected_and_actual_and_the_rest_is_not_run()
    {
        var report = RunText("{\n  " + Description + ",\n  \"steps\": [\n" +
            "    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": \"InProgress\", \"delaySeconds\": 60 },\n" +
            "    { \"expect\": \"volume\", \"volume\": \"Volume1\", \"backupState\": \"None\" },\n" +
            "    { \"do\": \"advanceClock\", \"seconds\": 60 }\n  ]\n}");
        Assert.False(report.Passed);
        Assert.Equal(["ok", "FAIL", "not run"], report.Steps.Select(s => s.Status));
        var failed = report.Steps[1];
        Assert.Equal(2, failed.Step);
        Assert.Equal(5, failed.Line);
        Assert.Equal("backupState None", failed.Expected);
        Assert.Equal("backupState InProgress", failed.Actual);
        var text = report.ToText("x.json");
        Assert.StartsWith("FAIL x.json", text, StringComparison.Ordinal);
        Assert.Contains("FAIL   2  line 5", text, StringComparison.Ordinal);
        Assert.Contains("expected: backupState None", text, StringComparison.Ordinal);
        Assert.Contains("actual:   backupState InProgress", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_answering_another_error_than_expected_fails_with_both_errors()
    {
        var report = RunText("{\n  " + Description + ",\n  \"steps\": [\n" +
            "    { \"do\": \"setBackupMode\", \"volume\": \"Volume1\", \"state\": \"InProgress\", \"delaySeconds\": 0 }\n  ]\n}");
        var step = Assert.Single(report.Steps);
        Assert.Equal("FAIL", step.Status);
        Assert.Equal("ERROR_SUCCESS", step.Expected);
        // DelayTimerInSecs 0 with InProgress is refused by the CLUS_SHARED_VOLUME_BACKUP_MODE decoder (docs/behaviour.md).
        Assert.Equal("ERROR_INVALID_PARAMETER (87)", step.Actual);
    }

    [Fact]
    public void A_wire_fault_step_fails_in_memory_because_no_call_goes_over_the_wire()
    {
        var report = RunText("{\n  " + Description + ",\n  \"steps\": [ { \"do\": \"wireFault\", \"opnum\": \"ApiResourceControl\",\n" +
            "    \"controlCode\": \"CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE\", \"error\": \"ERROR_SHARING_PAUSED\" } ]\n}");
        var step = Assert.Single(report.Steps);
        Assert.Equal("FAIL", step.Status);
        Assert.Contains("POST /admin/scenarios", step.Actual, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public void A_step_on_an_unknown_volume_fails_with_the_reason_instead_of_throwing()
    {
        var report = RunText("{\n  " + Description + ",\n  \"steps\": [ { \"expect\": \"volume\", \"volume\": \"Volume9\", \"backupState\": \"None\" } ]\n}");
        Assert.Equal("no CSV named 'Volume9'", Assert.Single(report.Steps).Actual);
        Assert.False(report.Passed);
    }

    [Fact]
    public void Notification_expectations_see_only_the_window_since_the_previous_check()
    {
        var report = RunText("{\n  " + Description + ",\n  \"steps\": [\n" +
            "    { \"do\": \"moveGroup\", \"group\": \"Cluster Disk 1\", \"node\": \"node2\" },\n" +
            "    { \"expect\": \"notifications\", \"include\": [ { \"type\": \"CLUSTER_CHANGE_GROUP_OWNER_NODE_V2\", \"object\": \"Cluster Disk 1\" } ] },\n" +
            "    { \"expect\": \"notifications\", \"include\": [ { \"type\": \"CLUSTER_CHANGE_GROUP_OWNER_NODE_V2\", \"object\": \"Cluster Disk 1\" } ] }\n  ]\n}");
        Assert.Equal(["ok", "ok", "FAIL"], report.Steps.Select(s => s.Status));
        Assert.Equal("no notifications", report.Steps[2].Actual);
    }

    [Fact]
    public void Scenario_command_exits_1_for_a_failed_scenario_and_2_for_a_malformed_file_and_still_runs_the_others()
    {
        using var dir = new TempDir();
        var good = Path.Combine(dir.Path, "good.json");
        var bad = Path.Combine(dir.Path, "bad.json");
        var broken = Path.Combine(dir.Path, "broken.json");
        File.WriteAllText(good, "{ " + Description + ", \"steps\": [ { \"expect\": \"node\", \"node\": \"node1\", \"state\": \"Up\" } ] }");
        File.WriteAllText(bad, "{ " + Description + ", \"steps\": [ { \"expect\": \"node\", \"node\": \"node1\", \"state\": \"Down\" } ] }");
        File.WriteAllText(broken, "{ " + Description + ",\n \"steps\": [ { \"do\": \"teleport\" } ] }");

        Assert.Equal(0, Run([good], out var output, out _));
        Assert.Contains("1 scenario(s): 1 passed, 0 failed, 0 malformed", output, StringComparison.Ordinal);
        Assert.Equal(1, Run([good, bad], out output, out _));
        Assert.Contains("expected: state Down", output, StringComparison.Ordinal);
        Assert.Contains("2 scenario(s): 1 passed, 1 failed, 0 malformed", output, StringComparison.Ordinal);
        Assert.Equal(2, Run([broken, bad, Path.Combine(dir.Path, "missing.json")], out output, out var errors));
        Assert.Contains("broken.json:2: unknown action 'teleport'", errors, StringComparison.Ordinal);
        Assert.Contains("missing.json: no such file", errors, StringComparison.Ordinal);
        Assert.Contains("3 scenario(s): 0 passed, 1 failed, 2 malformed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_naming_a_topology_that_cannot_be_read_is_malformed()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "t.json");
        File.WriteAllText(Path.Combine(dir.Path, "bad-topology.json"), "{ \"clusterName\": 5 }");
        File.WriteAllText(file, "{ " + Description + ", \"topology\": \"bad-topology.json\", \"steps\": [ { \"do\": \"storeFault\" } ] }");
        Assert.Equal(2, Run([file], out var output, out var errors));
        Assert.Contains("t.json: topology 'bad-topology.json': topology:", errors, StringComparison.Ordinal);
        Assert.Contains("1 scenario(s): 0 passed, 0 failed, 1 malformed", output, StringComparison.Ordinal);
        File.WriteAllText(file, "{ " + Description + ", \"topology\": \"nowhere.json\", \"steps\": [ { \"do\": \"storeFault\" } ] }");
        Assert.Equal(2, Run([file], out _, out errors));
        Assert.Contains("t.json: topology 'nowhere.json':", errors, StringComparison.Ordinal);
    }

    private static int Run(string[] files, out string output, out string errors)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ScenarioCommand.Run(files, stdout, stderr);
        output = stdout.ToString();
        errors = stderr.ToString();
        return code;
    }

    [Fact]
    public void Command_line_scenario_run_takes_files_relative_to_the_working_directory()
    {
        var parsed = CommandLine.Parse(["scenario", "run", "a.json", "sub/b.json"], "/work/dir");
        Assert.Equal(CommandLineAction.ScenarioRun, parsed.Action);
        Assert.Equal([Path.GetFullPath("/work/dir/a.json"), Path.GetFullPath("/work/dir/sub/b.json")], parsed.ScenarioFiles);
    }

    [Theory]
    [InlineData(new[] { "scenario" }, "scenario: missing command")]
    [InlineData(new[] { "scenario", "run" }, "")]
    [InlineData(new[] { "--port", "5", "scenario", "run", "a.json" }, "the scenario command comes first")]
    [InlineData(new[] { "scenario", "run", "a.json", "--port", "5" }, "scenario run: unknown option '--port'")]
    [InlineData(new[] { "scenario", "walk", "a.json" }, "unexpected argument 'walk'")]
    public void Command_line_scenario_errors_are_usage_errors(string[] args, string reason)
    {
        var parsed = CommandLine.Parse(args, "/work/dir");
        Assert.Equal(CommandLineAction.Error, parsed.Action);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }
}
