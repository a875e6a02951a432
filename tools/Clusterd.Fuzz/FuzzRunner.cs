using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Clusterd.Fuzz;

/// <summary>Settings of one run.</summary>
internal sealed record FuzzOptions
{
    public long Iterations { get; init; } = 10_000;

    /// <summary>When set, each target runs for this long instead of <see cref="Iterations"/>.</summary>
    public TimeSpan? Duration { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Folder holding one sub-folder of *.bin inputs per target; missing folders fall back to the built-in seeds.</summary>
    public string? CorpusRoot { get; init; }

    /// <summary>Where findings are written (one .bin input and one .txt report each); null: do not write.</summary>
    public string? ArtifactsRoot { get; init; }

    /// <summary>Longest one input may run before it counts as a hang.</summary>
    public TimeSpan InputBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Exit the process when an input hangs (the stuck thread cannot be stopped otherwise).</summary>
    public bool ExitOnHang { get; init; } = true;
}

/// <summary>One broken invariant.</summary>
internal sealed record FuzzFinding(string Target, string Kind, string Signature, int Seed, long Iteration, byte[] Input, string Detail);

/// <summary>The result of running one target.</summary>
internal sealed record TargetReport(string Target, long Executions, IReadOnlyList<FuzzFinding> Findings, TimeSpan Elapsed, int CorpusEntries)
{
    public double ExecutionsPerSecond => Elapsed.TotalSeconds > 0 ? Executions / Elapsed.TotalSeconds : 0;

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target}: {Executions} executions, {Findings.Count} findings, {ExecutionsPerSecond:F0} exec/s ({CorpusEntries} corpus inputs, {Elapsed.TotalSeconds:F1} s)");
}

/// <summary>
/// Runs a target: first every corpus input as it is, then mutations of the corpus for a count or a duration. Inputs
/// that give an outcome not seen before join the in-memory corpus. Each execution is checked for an undocumented
/// exception, for the allocation bound, and (by a watchdog thread) for the time budget.
/// </summary>
internal sealed class FuzzRunner(FuzzOptions options, TextWriter log)
{
    private const int MaxLiveCorpus = 4096;
    private const int MaxOutcomes = 16384;

    private TextWriter Log { get; } = log;

    /// <summary>Seed of one target: the run seed mixed with the target name (stable across runs and machines).</summary>
    public static int TargetSeed(int seed, string target)
    {
        uint hash = 2166136261;
        foreach (char c in target)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return unchecked((int)(hash ^ (uint)seed));
    }

    /// <summary>Loads the checked-in inputs of <paramref name="target"/>, sorted by file name; the built-in seeds when there are none.</summary>
    public static List<(string Name, byte[] Bytes)> LoadCorpus(FuzzTarget target, string? corpusRoot)
    {
        var dir = corpusRoot is null ? null : Path.Combine(corpusRoot, target.Name);
        if (dir is not null && Directory.Exists(dir))
        {
            var files = Directory.GetFiles(dir, "*.bin").Order(StringComparer.Ordinal).ToList();
            if (files.Count > 0)
            {
                return [.. files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
            }
        }

        return [.. target.Seeds()];
    }

    public TargetReport Run(FuzzTarget target)
    {
        var corpus = LoadCorpus(target, options.CorpusRoot);
        var live = corpus.Select(c => c.Bytes).ToList();
        var findings = new Dictionary<string, FuzzFinding>(StringComparer.Ordinal);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        int seed = TargetSeed(options.Seed, target.Name);
        var random = new Random(seed);
        var mutator = new Mutator(target, random);
        using var watchdog = new Watchdog(this, target, options);
        var clock = Stopwatch.StartNew();
        long executions = 0;

        for (int i = 0; i < corpus.Count; i++)
        {
            var outcome = Check(target, corpus[i].Bytes, -1 - i, watchdog, findings);
            outcomes.Add(outcome);
            executions++;
        }

        var deadline = options.Duration is { } d ? clock.Elapsed + d : (TimeSpan?)null;
        for (long iteration = 0; deadline is null ? iteration < options.Iterations : clock.Elapsed < deadline; iteration++)
        {
            // Half the parents are the checked-in inputs, so the deep (valid) shapes are never crowded out by the short
            // rejections the live corpus collects.
            var parent = random.Next(2) == 0 ? corpus[random.Next(corpus.Count)].Bytes : live[random.Next(live.Count)];
            var child = mutator.Mutate(parent, live);
            var outcome = Check(target, child, iteration, watchdog, findings);
            executions++;
            if (outcomes.Count < MaxOutcomes && outcomes.Add(outcome) && live.Count < MaxLiveCorpus)
            {
                live.Add(child);
            }
        }

        return new TargetReport(target.Name, executions, [.. findings.Values], clock.Elapsed, corpus.Count);
    }

    /// <summary>Runs one input (e.g. a saved finding) and returns the finding, if any.</summary>
    public FuzzFinding? Replay(FuzzTarget target, byte[] input, out string outcome)
    {
        var findings = new Dictionary<string, FuzzFinding>(StringComparer.Ordinal);
        using var watchdog = new Watchdog(this, target, options);
        outcome = Check(target, input, 0, watchdog, findings);
        return findings.Values.FirstOrDefault();
    }

    private string Check(FuzzTarget target, byte[] input, long iteration, Watchdog watchdog, Dictionary<string, FuzzFinding> findings)
    {
        watchdog.Arm(input, iteration);
        long before = GC.GetAllocatedBytesForCurrentThread();
        string outcome;
        try
        {
            outcome = target.Execute(input);
        }
        catch (Exception ex) when (target.IsDocumentedRejection(ex))
        {
            outcome = "throws " + ex.GetType().Name;
        }
        catch (Exception ex)
        {
            // Not part of the parser's contract: a finding, whatever it is.
            outcome = "finding " + ex.GetType().Name;
            Report(findings, new FuzzFinding(target.Name, "exception", Signature(ex), options.Seed, iteration, input, ex.ToString()));
        }
        finally
        {
            watchdog.Disarm();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = target.AllocationBound(input.Length);
        if (allocated > bound)
        {
            Report(findings, new FuzzFinding(target.Name, "allocation", "allocation", options.Seed, iteration, input,
                string.Create(CultureInfo.InvariantCulture, $"{allocated} bytes allocated for a {input.Length}-byte input (bound {bound}); outcome {outcome}")));
        }

        return outcome;
    }

    private void Report(Dictionary<string, FuzzFinding> findings, FuzzFinding finding)
    {
        if (!findings.TryAdd(finding.Kind + ":" + finding.Signature, finding))
        {
            return; // One report per distinct failure; the first input is kept.
        }

        lock (Log)
        {
            Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FINDING {finding.Target} {finding.Kind} seed={finding.Seed} iteration={finding.Iteration} length={finding.Input.Length}: {finding.Signature}"));
            if (WriteArtifact(finding) is { } path)
            {
                Log.WriteLine("  input saved to " + path);
            }

            Log.WriteLine("  " + finding.Detail.Split('\n')[0].TrimEnd());
            Log.Flush();
        }
    }

    private string? WriteArtifact(FuzzFinding finding)
    {
        if (options.ArtifactsRoot is null)
        {
            return null;
        }

        var dir = Path.Combine(options.ArtifactsRoot, finding.Target);
        Directory.CreateDirectory(dir);
        string id = Convert.ToHexStringLower(SHA256.HashData(finding.Input))[..12];
        string stem = Path.Combine(dir, $"{finding.Kind}-{id}");
        File.WriteAllBytes(stem + ".bin", finding.Input);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"target: {finding.Target}")
            .AppendLine(CultureInfo.InvariantCulture, $"kind: {finding.Kind}")
            .AppendLine(CultureInfo.InvariantCulture, $"seed: {finding.Seed}")
            .AppendLine(CultureInfo.InvariantCulture, $"iteration: {finding.Iteration} (negative: corpus input)")
            .AppendLine(CultureInfo.InvariantCulture, $"signature: {finding.Signature}")
            .AppendLine(CultureInfo.InvariantCulture, $"input: {Convert.ToHexStringLower(finding.Input)}")
            .AppendLine(CultureInfo.InvariantCulture, $"replay: dotnet run --project tools/Clusterd.Fuzz -c Release -- --target {finding.Target} --replay {stem}.bin")
            .AppendLine()
            .AppendLine(finding.Detail);
        File.WriteAllText(stem + ".txt", text.ToString());
        return stem + ".bin";
    }

    /// <summary>The exception type and the innermost frame of our own code: one signature per distinct bug.</summary>
    private static string Signature(Exception ex)
    {
        var frames = new StackTrace(ex, false).GetFrames();
        var ours = frames.FirstOrDefault(f => f.GetMethod()?.DeclaringType?.FullName?.StartsWith("Clusterd.", StringComparison.Ordinal) == true
            && f.GetMethod()?.DeclaringType?.FullName?.StartsWith("Clusterd.Fuzz", StringComparison.Ordinal) != true);
        var method = ours?.GetMethod();
        return method is null ? ex.GetType().Name : $"{ex.GetType().Name} in {method.DeclaringType?.FullName}.{method.Name}";
    }

    /// <summary>Watches the input being run; past the budget it saves the input, reports a hang and ends the process.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly FuzzRunner _runner;
        private readonly FuzzTarget _target;
        private readonly FuzzOptions _options;
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _stop = new();
        private long _armedAt;
        private byte[] _input = [];
        private long _iteration;

        public Watchdog(FuzzRunner runner, FuzzTarget target, FuzzOptions options)
        {
            _runner = runner;
            _target = target;
            _options = options;
            _thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog " + target.Name };
            _thread.Start();
        }

        public void Arm(byte[] input, long iteration)
        {
            Volatile.Write(ref _input, input);
            Volatile.Write(ref _iteration, iteration);
            Volatile.Write(ref _armedAt, Stopwatch.GetTimestamp());
        }

        public void Disarm() => Volatile.Write(ref _armedAt, 0);

        public void Dispose()
        {
            _stop.Set();
            _thread.Join();
            _stop.Dispose();
        }

        private void Watch()
        {
            while (!_stop.Wait(100))
            {
                long armed = Volatile.Read(ref _armedAt);
                if (armed == 0 || Stopwatch.GetElapsedTime(armed) <= _options.InputBudget)
                {
                    continue;
                }

                var finding = new FuzzFinding(_target.Name, "hang", "hang", _options.Seed, Volatile.Read(ref _iteration), Volatile.Read(ref _input),
                    $"one input ran longer than {_options.InputBudget}");
                _runner.Report([], finding);
                if (_options.ExitOnHang)
                {
                    _runner.Log.WriteLine($"{_target.Name}: stopped by a hang");
                    _runner.Log.Flush();
                    Environment.Exit(3);
                }

                Volatile.Write(ref _armedAt, 0);
            }
        }
    }
}
