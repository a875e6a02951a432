using System.Collections;
using System.Diagnostics;
using System.Text;
using Clusterd.Cli;
using Clusterd.Server.Tests;

namespace Clusterd.Cli.Tests;

/// <summary>What one clusctl run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}";
}

/// <summary>A StringWriter another thread may read while clusctl writes (Watch-Cluster).</summary>
internal sealed class SharedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_text)
        {
            _text.Append(value).Append('\n');
        }
    }

    public override void WriteLine()
    {
        lock (_text)
        {
            _text.Append('\n');
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}

/// <summary>
/// A real <c>clusterd --emulator</c> child process (the default topology: CLUSTER1, node1..node3, CSVs "Cluster Disk 1" and
/// "Cluster Disk 2" with Volume1 and Volume2) and clusctl run in process against it, as a user would run it.
/// </summary>
public sealed class ClusterdFixture : IAsyncLifetime
{
    public const string User = "operator";
    public const string Password = "Cl1-Pa55word!";
    public const string HashUser = "hashuser";
    public const string NtHash = "00112233445566778899aabbccddeeff";

    private TempDir? _dir;
    private ServerProcess? _server;

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    public string WorkDir => _dir!.Path;

    /// <summary>CLUSCTL_CLUSTER, CLUSCTL_USER and CLUSCTL_PASSWORD for this server.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["CLUSCTL_CLUSTER"] = Address,
        ["CLUSCTL_USER"] = User,
        ["CLUSCTL_PASSWORD"] = Password,
    };

    public async Task InitializeAsync()
    {
        _dir = new TempDir();
        var accounts = Path.Combine(_dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n{HashUser}:{NtHash}\n");
        _server = await ServerProcess.StartReadyAsync(_dir.Path, _dir.DataDir, "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);
        Port = _server.ClusApiPort;
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        _dir?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs clusctl in process with this server's environment.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(Environment(), args);
}

internal static class Cli
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Runs clusctl in process (<see cref="ClusctlProgram.RunAsync"/>).</summary>
    public static async Task<CliResult> RunAsync(IDictionary environment, string[] args, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var code = await ClusctlProgram.RunAsync(args, stdout, stderr, environment, cancellationToken).WaitAsync(Bound, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Text as written in a test (raw string literals), with "\n" line ends and a final one.</summary>
    public static string Lines(string text) => text.ReplaceLineEndings("\n") + "\n";

    /// <summary>Asserts exit code 0, nothing on stderr, and exactly <paramref name="expected"/> on stdout.</summary>
    public static void AssertOutput(string expected, CliResult result)
    {
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
        Assert.Equal(Lines(expected), result.Stdout);
    }

    /// <summary>Asserts a failure: the exit code and exactly one line on stderr, starting with <paramref name="prefix"/>; nothing on stdout.</summary>
    public static string AssertFails(int exitCode, string prefix, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith(prefix, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary>Runs the built clusctl.dll as a child process (<c>dotnet clusctl.dll ARGS</c>) with exactly <paramref name="environment"/> added.</summary>
    public static Process StartChild(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // clusctl's own build output (its deps.json and every assembly it needs), not the copy beside the tests: the test
        // output resolves Microsoft.Extensions.Logging.Abstractions from the ASP.NET Core framework clusterd brings.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(tfm.FullName, "..", "..", "..", "..", "..", "src", "Clusterd.Cli", "bin", configuration, tfm.Name, "clusctl.dll"));
        Assert.True(File.Exists(dll), $"clusctl.dll not found beside the tests: {dll}");
        var psi = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var name in new[] { "CLUSCTL_CLUSTER", "CLUSCTL_USER", "CLUSCTL_PASSWORD" })
        {
            psi.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Runs the built clusctl.dll to the end.</summary>
    public static async Task<CliResult> RunChildAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var child = StartChild(environment, args);
        child.StandardInput.Close();
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Bound);
        await child.WaitForExitAsync(cts.Token);
        return new CliResult(child.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }
}
