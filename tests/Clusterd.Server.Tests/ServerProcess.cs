using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clusterd.Server.Tests;

/// <summary>
/// A real <c>clusterd</c> child process (<c>dotnet clusterd.dll …</c> from this test's build output), its log
/// lines, and an HTTP client on the admin port it reports ("admin listening on http://127.0.0.1:PORT").
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _listening;

    private ServerProcess(Process process) => _process = process;

    /// <summary>The admin client (valid after <see cref="WaitReadyAsync"/>).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public int Pid => _process.Id;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved by arrival).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>clusterd</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static ServerProcess Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "clusterd.dll");
        Assert.True(File.Exists(dll), $"clusterd.dll not found beside the tests: {dll}");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
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
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT" })
        {
            psi.Environment.Remove(name);
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException("clusterd exited before it was ready"));
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Starts an emulator server on <paramref name="dataDir"/> on a free loopback port and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartReadyAsync(string workingDirectory, string dataDir, params string[] extra)
    {
        var server = Start(workingDirectory, ["--data-dir", dataDir, "--admin-urls", "http://127.0.0.1:0", .. extra]);
        await server.WaitReadyAsync();
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
            if (_listening is null && ListeningLine().Match(line) is { Success: true } m)
            {
                _listening = new Uri(m.Groups[1].Value);
            }
            if (_listening is not null && line.EndsWith(" ready", StringComparison.Ordinal))
            {
                _ready.TrySetResult(_listening);
            }
        }
    }

    /// <summary>Waits for the "ready" line and points <see cref="Http"/> at the reported admin URL.</summary>
    public async Task WaitReadyAsync()
    {
        try
        {
            Http.BaseAddress = await _ready.Task.WaitAsync(StartTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"clusterd did not become ready: {e.Message}\n--- output ---\n{Output}");
        }
    }

    /// <summary>The ClusAPI TCP port from the "clusapi listening on ADDRESS:PORT" line (valid after <see cref="WaitReadyAsync"/>).</summary>
    public int ClusApiPort => ClusApiListeningLine().Match(Output) is { Success: true } m
        ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
        : throw new Xunit.Sdk.XunitException($"clusterd did not report its clusapi port\n--- output ---\n{Output}");

    /// <summary>The endpoint mapper's TCP port from the "endpoint mapper listening on ADDRESS:PORT" line (valid after <see cref="WaitReadyAsync"/>).</summary>
    public int EndpointMapperPort => EndpointMapperListeningLine().Match(Output) is { Success: true } m
        ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
        : throw new Xunit.Sdk.XunitException($"clusterd did not report its endpoint mapper port\n--- output ---\n{Output}");

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"clusterd did not exit within {ExitTimeout}\n--- output ---\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no cleanup at all (Process.Kill).</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, through kill(1) (Process.Kill sends SIGKILL).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs <paramref name="body"/> (serialised as JSON, or nothing when null) and returns status and parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object? body = null)
    {
        using var content = body is null ? null : JsonContent.Create(body);
        using var response = await Http.PostAsync(path, content);
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    /// <summary>POSTs raw text as application/json.</summary>
    public async Task<(int Status, JsonElement Body)> PostRawAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    public async Task<JsonElement> PostOkAsync(string path, object? body = null)
    {
        var (status, json) = await PostAsync(path, body);
        Assert.True(status == 200, $"POST {path}: {status} {json}");
        return json;
    }

    /// <summary>One CSV from GET /admin/volumes.</summary>
    public async Task<JsonElement> VolumeAsync(string name)
    {
        var volumes = await GetJsonAsync("/admin/volumes");
        return volumes.EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
    }

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        _process.Dispose();
        Http.Dispose();
    }

    [GeneratedRegex(@"admin listening on (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"clusapi listening on \S+:(\d+)")]
    private static partial Regex ClusApiListeningLine();

    [GeneratedRegex(@"endpoint mapper listening on \S+:(\d+)")]
    private static partial Regex EndpointMapperListeningLine();
}

/// <summary>A temporary working directory (and data directory inside it), deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("clusterd-server-tests-").FullName;
    }

    public string Path { get; }

    public string DataDir => System.IO.Path.Combine(Path, "data");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
