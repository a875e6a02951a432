using Clusterd.Fuzz;
using Clusterd.Fuzz.Targets;

namespace Clusterd.ClusApi.Tests.Fuzz;

/// <summary>
/// The fuzz harness (tools/Clusterd.Fuzz, docs/fuzzing.md) in the unit run: every checked-in corpus input of every
/// target still runs without a finding, and a short seeded mutation run over the corpus stays clean. The long runs and
/// the CI bounded run are tests/fuzz/run-all.sh.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var target in FuzzTargets.All())
        {
            data.Add(target.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_inputs_run_without_a_finding(string name)
    {
        var target = FuzzTargets.All().Single(t => t.Name == name);
        var corpus = FuzzRunner.LoadCorpus(target, CorpusRoot());
        Assert.True(Directory.Exists(Path.Combine(CorpusRoot(), name)), $"tests/fuzz/corpus/{name} is missing");
        var report = Run(target, iterations: 0, out string log);
        Assert.True(report.Findings.Count == 0, log);
        Assert.Equal(corpus.Count, report.Executions);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Short_seeded_mutation_run_finds_nothing(string name)
    {
        var target = FuzzTargets.All().Single(t => t.Name == name);
        var report = Run(target, iterations: name == "clusapi" ? 150 : 1500, out string log);
        Assert.True(report.Findings.Count == 0, log);
    }

    [Fact]
    public void Built_in_seeds_match_the_checked_in_corpus()
    {
        // The corpus is written by --write-seeds; a changed encoder shows up here, and the files are rewritten on purpose.
        foreach (var target in FuzzTargets.All())
        {
            var dir = Path.Combine(CorpusRoot(), target.Name);
            foreach (var (seedName, bytes) in target.Seeds())
            {
                var file = Path.Combine(dir, seedName + ".bin");
                Assert.True(File.Exists(file), $"{file} is missing: run the harness with --write-seeds");
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{file} differs from the built-in seed");
            }
        }
    }

    private static TargetReport Run(FuzzTarget target, long iterations, out string log)
    {
        using var writer = new StringWriter();
        var options = new FuzzOptions
        {
            Iterations = iterations,
            Seed = 1,
            CorpusRoot = CorpusRoot(),
            ArtifactsRoot = null,
            ExitOnHang = false,
        };
        var report = new FuzzRunner(options, writer).Run(target);
        log = writer.ToString();
        return report;
    }

    private static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "fuzz", "corpus");
            }
        }

        throw new InvalidOperationException("Repository root (Clusterd.slnx) not found.");
    }
}
