using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Clusterd.ClusApiLoad;

/// <summary>A real clusterd child process on loopback: emulator mode, its own data directory, a free port.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public IPEndPoint ClusApi { get; private set; } = null!;

    /// <summary>The endpoint mapper's port (0 until its log line was seen; clusterd logs it before the ClusAPI one).</summary>
    public int EndpointMapperPort { get; private set; }

    public int Pid => _process.Id;

    /// <summary>VmRSS and VmHWM (peak) of the server in KiB.</summary>
    public (long Rss, long Peak) Memory() => AttackPeers.MemoryKiB(Pid);

    public static async Task<ServerProcess> StartAsync(string dll, string workDir, string accounts, string? topology)
    {
        var data = Path.Combine(workDir, "data-" + Guid.NewGuid().ToString("N")[..8]);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = [dll, "--emulator", "--data-dir", data, "--accounts", accounts, "--listen", "127.0.0.1", "--port", "0",
            "--epm-port", "0", "--admin-urls", "http://127.0.0.1:0"];
        foreach (var a in topology is null ? args : [.. args, "--config", topology])
        {
            psi.ArgumentList.Add(a);
        }
        var server = new ServerProcess(new Process { StartInfo = psi, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("clusterd exited early"));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server.ClusApi = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is not null && EpmListening().Match(line) is { Success: true } e)
        {
            EndpointMapperPort = int.Parse(e.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (line is not null && Listening().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(new IPEndPoint(IPAddress.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"clusapi listening on ([0-9.]+):(\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"endpoint mapper listening on [0-9.]+:(\d+)")]
    private static partial Regex EpmListening();
}
