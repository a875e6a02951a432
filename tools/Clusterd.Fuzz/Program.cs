using System.Globalization;
using Clusterd.Fuzz;
using Clusterd.Fuzz.Targets;

// Clusterd.Fuzz: a seeded, structure-aware mutation harness for the wire parsers (docs/fuzzing.md).
// Exit codes: 0 no finding, 1 findings, 2 usage error, 3 an input hung (the process stops at the first hang).

string targetArg = "all";
string? replay = null;
bool writeSeeds = false;
string root = RepositoryRoot();
var options = new FuzzOptions
{
    CorpusRoot = Path.Combine(root, "tests", "fuzz", "corpus"),
    ArtifactsRoot = Path.Combine(root, "artifacts", "fuzz"),
};

try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--target":
                targetArg = Next();
                break;
            case "--iterations":
                options = options with { Iterations = long.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--duration":
                options = options with { Duration = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--seed":
                options = options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--corpus":
                options = options with { CorpusRoot = Path.GetFullPath(Next()) };
                break;
            case "--artifacts":
                options = options with { ArtifactsRoot = Path.GetFullPath(Next()) };
                break;
            case "--budget":
                options = options with { InputBudget = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--replay":
                replay = Next();
                break;
            case "--write-seeds":
                writeSeeds = true;
                break;
            case "--help" or "-h":
                PrintHelp();
                return 0;
            default:
                throw new ArgumentException($"Unknown option {args[i]}.");
        }
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    PrintHelp();
    return 2;
}

var all = FuzzTargets.All();
var picked = targetArg == "all" ? all.Select(t => (FuzzTarget?)t).ToList() : [.. targetArg.Split(',').Select(n => all.FirstOrDefault(t => t.Name == n))];
if (picked.Any(t => t is null))
{
    Console.Error.WriteLine($"Unknown target in '{targetArg}'. Targets: {string.Join(", ", all.Select(t => t.Name))}.");
    return 2;
}

var targets = picked.Select(t => t!).ToList();

if (writeSeeds)
{
    foreach (var target in targets)
    {
        var dir = Path.Combine(options.CorpusRoot!, target.Name);
        Directory.CreateDirectory(dir);
        int count = 0;
        foreach (var (name, bytes) in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(dir, name + ".bin"), bytes);
            count++;
        }

        Console.WriteLine($"{target.Name}: {count} seeds written to {dir}");
    }

    return 0;
}

var runner = new FuzzRunner(options, Console.Out);
if (replay is not null)
{
    if (targets.Count != 1)
    {
        Console.Error.WriteLine("--replay needs one --target.");
        return 2;
    }

    var finding = runner.Replay(targets[0], File.ReadAllBytes(replay), out string outcome);
    Console.WriteLine($"{targets[0].Name}: outcome {outcome}");
    if (finding is not null)
    {
        Console.WriteLine(finding.Detail);
        return 1;
    }

    return 0;
}

int failed = 0;
foreach (var target in targets)
{
    var report = runner.Run(target);
    Console.WriteLine(report.Summary);
    failed += report.Findings.Count > 0 ? 1 : 0;
}

return failed == 0 ? 0 : 1;

static void PrintHelp()
{
    Console.WriteLine("""
        Clusterd.Fuzz: seeded, structure-aware mutation of the wire parsers (docs/fuzzing.md).

          --target NAME[,NAME]   pdu, ndr, ntlm, spnego, clusprop, clusapi, or all (default)
          --iterations N         mutated inputs per target after the corpus (default 10000)
          --duration HH:MM:SS    run each target for this long instead of --iterations
          --seed N               run seed (default 1); the same seed gives the same inputs
          --corpus DIR           corpus root with one folder per target (default tests/fuzz/corpus)
          --artifacts DIR        where findings are saved (default artifacts/fuzz)
          --budget HH:MM:SS      time one input may take before it is a hang (default 00:00:05)
          --replay FILE          run one saved input through --target and print the outcome
          --write-seeds          write the built-in seeds into the corpus folders and exit
        """);
}

static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
            {
                return dir.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}
