using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Clusterd.Tests.Shared;

/// <summary>
/// Real etcd for tests: Debian's etcd-server (/usr/bin/etcd), one member or several, on loopback ports chosen here,
/// in a temporary data directory, stopped and deleted on dispose. Members can be killed, paused (SIGSTOP) and
/// resumed to provoke faults. No mock: what a user runs is what the tests run.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    /// <summary>Where Debian installs etcd; override with CLUSTERD_ETCD.</summary>
    public static string Binary => Environment.GetEnvironmentVariable("CLUSTERD_ETCD") is { Length: > 0 } b ? b : "/usr/bin/etcd";

    private readonly string _dir;
    private readonly Member[] _members;

    private sealed class Member
    {
        public required string Name { get; init; }
        public required int ClientPort { get; init; }
        public required int PeerPort { get; init; }
        public Process? Process { get; set; }
        public string ClientUrl => "http://127.0.0.1:" + ClientPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public string PeerUrl => "http://127.0.0.1:" + PeerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private readonly long _maxRequestBytes;

    /// <summary>Starts <paramref name="members"/> members and waits until the cluster answers.</summary>
    /// <param name="members">How many members.</param>
    /// <param name="maxRequestBytes">etcd's --max-request-bytes: 32 MiB, or more for a cluster seeded with 10,000 CSVs (the benchmarks).</param>
    public EtcdServer(int members = 1, long maxRequestBytes = 33554432)
    {
        _maxRequestBytes = maxRequestBytes;
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException("etcd is not installed at " + Binary + ": apt-get install etcd-server (scripts/test.sh installs it as root)");
        }
        _dir = Path.Combine(Path.GetTempPath(), "clusterd-etcd-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        _members = [.. Enumerable.Range(1, members).Select(i => new Member { Name = "m" + i, ClientPort = FreePort(), PeerPort = FreePort() })];
        foreach (var m in _members)
        {
            Start(m);
        }
        WaitHealthy(TimeSpan.FromSeconds(30));
    }

    /// <summary>Every client URL, comma-separated (the --etcd-endpoints value).</summary>
    public string Endpoints => string.Join(",", _members.Select(m => m.ClientUrl));

    /// <summary>The client URL of member <paramref name="index"/> (0-based).</summary>
    public string ClientUrl(int index) => _members[index].ClientUrl;

    /// <summary>How many members the cluster has.</summary>
    public int MemberCount => _members.Length;

    private void Start(Member m)
    {
        var cluster = string.Join(",", _members.Select(x => x.Name + "=" + x.PeerUrl));
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--name", m.Name,
            "--data-dir", Path.Combine(_dir, m.Name),
            "--listen-client-urls", m.ClientUrl,
            "--advertise-client-urls", m.ClientUrl,
            "--listen-peer-urls", m.PeerUrl,
            "--initial-advertise-peer-urls", m.PeerUrl,
            "--initial-cluster", cluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", Path.GetFileName(_dir),
            // A large command is one large transaction (docs/multi-node.md, "Options").
            "--max-txn-ops", "100000",
            "--max-request-bytes", _maxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--heartbeat-interval", "100",
            "--election-timeout", "1000",
            "--log-level", "error",
        })
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException("etcd did not start");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        m.Process = p;
    }

    /// <summary>Waits until every running member answers its health endpoint.</summary>
    public void WaitHealthy(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + timeout;
        foreach (var m in _members.Where(m => m.Process is { HasExited: false }))
        {
            while (true)
            {
                try
                {
                    var body = http.GetStringAsync(m.ClientUrl + "/health").GetAwaiter().GetResult();
                    if (body.Contains("\"true\"", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException("etcd member " + m.Name + " did not become healthy");
                }
                Thread.Sleep(50); // real end-to-end wait for a real process
            }
        }
    }

    /// <summary>The index of the member that is etcd's raft leader now, or -1.</summary>
    public int LeaderIndex()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Process is not { HasExited: false })
            {
                continue;
            }
            try
            {
                // Every member exports whether it is the raft leader (etcd 3.4 serves no v2 API by default).
                var metrics = http.GetStringAsync(_members[i].ClientUrl + "/metrics").GetAwaiter().GetResult();
                if (metrics.Split('\n').Any(l => l.Trim() == "etcd_server_is_leader 1"))
                {
                    return i;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
        }
        return -1;
    }

    /// <summary>Kills member <paramref name="index"/> with SIGKILL.</summary>
    public void Kill(int index)
    {
        var p = _members[index].Process;
        if (p is { HasExited: false })
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    /// <summary>Starts member <paramref name="index"/> again (after <see cref="Kill"/>) on its data directory.</summary>
    public void Restart(int index)
    {
        var m = _members[index];
        m.Process?.Dispose();
        Start(m); // an existing data directory wins over the --initial-* flags
    }

    /// <summary>True while member <paramref name="index"/> runs.</summary>
    public bool IsRunning(int index) => _members[index].Process is { HasExited: false };

    /// <summary>Sends SIGSTOP (<paramref name="stop"/>) or SIGCONT to member <paramref name="index"/>.</summary>
    public void Pause(int index, bool stop) => Signal(_members[index].Process!.Id, stop ? "STOP" : "CONT");

    /// <summary>Sends a signal by name to a process (kill -NAME pid).</summary>
    public static void Signal(int pid, string name)
    {
        using var k = Process.Start(new ProcessStartInfo("kill", ["-" + name, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        k.WaitForExit();
    }

    /// <summary>A free loopback TCP port (bound then released).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in _members)
        {
            try
            {
                if (m.Process is { HasExited: false } p)
                {
                    Signal(p.Id, "CONT");
                    p.Kill();
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            m.Process?.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
