using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clusterd.ClusterBench;

/// <summary>A child process whose output is drained and kept (the last lines, for error messages).</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _readySuffix;

    public Child(string file, IEnumerable<string> args, string? readySuffix)
    {
        _readySuffix = readySuffix;
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{Path.GetFileName(file)} exited before it was ready:\n{Tail}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool Running => !_process.HasExited;

    /// <summary>The last 40 lines of output.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
        if (_readySuffix is not null && line.EndsWith(_readySuffix, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    public Task WaitReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    /// <summary>SIGKILL (Process.Kill on Linux) and wait for the exit.</summary>
    public void KillHard()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string Url(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A fresh etcd cluster (Debian's /usr/bin/etcd): 1 or 3 members on loopback, temporary data directories.</summary>
internal sealed class Etcd : IDisposable
{
    private readonly (string Name, int Client, int Peer)[] _members;
    private readonly Child?[] _processes;

    private Etcd(string binary, string dir, int members)
    {
        _members = [.. Enumerable.Range(1, members).Select(i => ("m" + i.ToString(CultureInfo.InvariantCulture), Child.FreePort(), Child.FreePort()))];
        _processes = new Child?[members];
        var cluster = string.Join(",", _members.Select(m => m.Name + "=" + Child.Url(m.Peer)));
        var token = "bench-" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < members; i++)
        {
            var m = _members[i];
            // The flags of tests/Shared/EtcdServer.cs: what the multi-node tests run.
            _processes[i] = new Child(binary,
            [
                "--name", m.Name, "--data-dir", Path.Combine(dir, m.Name),
                "--listen-client-urls", Child.Url(m.Client), "--advertise-client-urls", Child.Url(m.Client),
                "--listen-peer-urls", Child.Url(m.Peer), "--initial-advertise-peer-urls", Child.Url(m.Peer),
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", token,
                "--max-request-bytes", "33554432", "--heartbeat-interval", "100", "--election-timeout", "1000",
                "--log-level", "error",
            ], readySuffix: null);
        }
    }

    public string Endpoints => string.Join(",", _members.Select(m => Child.Url(m.Client)));

    public static async Task<Etcd> StartAsync(string binary, string dir, int members)
    {
        var etcd = new Etcd(binary, dir, members);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var until = Stopwatch.StartNew();
            foreach (var m in etcd._members)
            {
                while (true)
                {
                    try
                    {
                        if ((await http.GetStringAsync(Child.Url(m.Client) + "/health")).Contains("\"true\"", StringComparison.Ordinal))
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }
                    if (until.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new TimeoutException("etcd did not become healthy:\n" + string.Join("\n", etcd._processes.Select(p => p?.Tail)));
                    }
                    await Task.Delay(50);
                }
            }
            return etcd;
        }
        catch
        {
            etcd.Dispose();
            throw;
        }
    }

    /// <summary>The member whose /metrics says <c>etcd_server_is_leader 1</c>, or -1.</summary>
    public async Task<int> LeaderAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < _members.Length; i++)
        {
            if (_processes[i] is not { Running: true })
            {
                continue;
            }
            try
            {
                var metrics = await http.GetStringAsync(Child.Url(_members[i].Client) + "/metrics");
                if (metrics.Split('\n').Any(l => l.Trim() == "etcd_server_is_leader 1"))
                {
                    return i;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        return -1;
    }

    public void Kill(int i) => _processes[i]?.KillHard();

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p?.Dispose();
        }
    }
}
