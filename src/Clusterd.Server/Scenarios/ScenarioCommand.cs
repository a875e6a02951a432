using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.CommandLine;

namespace Clusterd.Server.Scenarios;

/// <summary>
/// <c>clusterd scenario run FILE...</c>: each file on a fresh in-memory cluster, a report per file and a summary line.
/// Exit code 0 when every scenario passed, 1 when one failed, 2 when a file is malformed or unreadable (the other
/// files still run).
/// </summary>
internal static class ScenarioCommand
{
    /// <summary>Runs the files (absolute paths); the reports go to <paramref name="stdout"/>, malformed files to <paramref name="stderr"/>.</summary>
    public static int Run(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        int passed = 0, failed = 0, malformed = 0;
        foreach (var file in files)
        {
            var shown = Path.GetRelativePath(Environment.CurrentDirectory, file);
            var (scenario, topology, error) = Load(file);
            if (scenario is null)
            {
                stderr.WriteLine($"clusterd: {shown}{error}");
                malformed++;
                continue;
            }
            InMemoryScenarioTarget target;
            try
            {
                target = new InMemoryScenarioTarget(topology!, scenario.Profile ?? CsvProfile.Spec);
            }
            catch (InvalidDataException e)
            {
                stderr.WriteLine($"clusterd: {shown}: topology: {e.Message}");
                malformed++;
                continue;
            }
            ScenarioReport report;
            using (target)
            {
                report = ScenarioRunner.Run(scenario, target);
            }
            stdout.Write(report.ToText(shown));
            if (report.Passed)
            {
                passed++;
            }
            else
            {
                failed++;
            }
        }
        stdout.WriteLine($"{files.Count} scenario(s): {passed} passed, {failed} failed, {malformed} malformed");
        return malformed > 0 ? ExitCodes.Usage : failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>Reads and parses one file and its topology; on failure the error text to print after the file name.</summary>
    public static (Scenario? Scenario, TopologyConfig? Topology, string? Error) Load(string file)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                return (null, null, ": no such file");
            }
            if (info.Length > Scenario.MaxFileBytes)
            {
                return (null, null, $": larger than {Scenario.MaxFileBytes} bytes");
            }
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, ": cannot read: " + e.Message);
        }
        Scenario scenario;
        try
        {
            scenario = Scenario.Parse(bytes, Path.GetFileNameWithoutExtension(file), Scenario.IsYamlFile(file));
        }
        catch (ScenarioFormatException e)
        {
            return (null, null, e.Line > 0 ? $":{e.Line}: {e.Reason}" : $": {e.Reason}");
        }
        if (scenario.Topology is null)
        {
            return (scenario, TopologyConfig.Default(), null);
        }
        var path = Path.GetFullPath(scenario.Topology, Path.GetDirectoryName(Path.GetFullPath(file))!);
        try
        {
            return (scenario, TopologyConfig.Load(path), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, null, $": topology '{scenario.Topology}': {e.Message}");
        }
    }
}
