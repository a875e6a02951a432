using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Security;

namespace Clusterd.ClusterBench;

/// <summary>
/// A fresh cluster for one run: either one clusterd on SQLite (<c>--data-dir</c>, no <c>--store</c>), or a fresh etcd
/// (1 or 3 members) and one clusterd process per node (node1..nodeN), started one by one, each waited for until it
/// logs " ready", then every node waited for until it is Up. Everything is killed and deleted on dispose.
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    public const string User = "bench";
    public const string Password = "Bench-Pa55word";
    public static readonly NtlmCredential Credential = NtlmCredential.FromPassword(User, "", Password);
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("clusterbench-");
    private readonly List<Child?> _nodes = [];
    private readonly List<int> _ports = [];
    private readonly List<int> _admin = [];

    private Rig()
    {
    }

    public Etcd? Etcd { get; private set; }

    public int NodeCount => _nodes.Count;

    public IPEndPoint EndPoint(int i) => new(IPAddress.Loopback, _ports[i]);

    /// <summary>One clusterd on its own SQLite database, the default topology.</summary>
    public static Task<Rig> StartSqliteAsync(Options o) => StartAsync(o, nodes: 1, etcdMembers: 0, heartbeat: null);

    /// <summary>
    /// A fresh etcd of <paramref name="etcdMembers"/> members and <paramref name="nodes"/> clusterd processes;
    /// <paramref name="heartbeat"/> is (--same-subnet-delay, --same-subnet-threshold), null for clusterd's defaults.
    /// </summary>
    public static async Task<Rig> StartAsync(Options o, int nodes, int etcdMembers, (int DelayMs, int Threshold)? heartbeat)
    {
        var rig = new Rig();
        try
        {
            var accounts = Path.Combine(rig._work.FullName, "accounts");
            await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
            var topology = Path.Combine(rig._work.FullName, "topology.json");
            await File.WriteAllTextAsync(topology, JsonSerializer.Serialize(Topology(Math.Max(nodes, 3)), s_json));
            if (etcdMembers > 0)
            {
                rig.Etcd = await Etcd.StartAsync(o.EtcdBinary, Path.Combine(rig._work.FullName, "etcd"), etcdMembers);
            }
            var prefix = "/bench/" + Guid.NewGuid().ToString("N")[..12] + "/";
            for (var i = 0; i < nodes; i++)
            {
                var name = "node" + (i + 1).ToString(CultureInfo.InvariantCulture);
                var port = Child.FreePort();
                var admin = Child.FreePort();
                List<string> args =
                [
                    o.ServerDll, "--data-dir", Path.Combine(rig._work.FullName, "data-" + name), "--listen", "127.0.0.1",
                    "--port", port.ToString(CultureInfo.InvariantCulture), "--epm-port", "0", "--accounts", accounts,
                    "--admin-urls", Child.Url(admin), "--config", topology,
                ];
                if (rig.Etcd is not null)
                {
                    args.AddRange(["--store", "etcd", "--etcd-endpoints", rig.Etcd.Endpoints, "--etcd-prefix", prefix, "--local-node", name]);
                }
                if (heartbeat is { } h)
                {
                    args.AddRange(["--same-subnet-delay", h.DelayMs.ToString(CultureInfo.InvariantCulture),
                        "--same-subnet-threshold", h.Threshold.ToString(CultureInfo.InvariantCulture)]);
                }
                var child = new Child("dotnet", args, " ready");
                rig._nodes.Add(child);
                rig._ports.Add(port);
                rig._admin.Add(admin);
                try
                {
                    await child.WaitReadyAsync(TimeSpan.FromSeconds(120));
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    throw new InvalidOperationException($"{name} did not become ready: {e.Message}\n{child.Tail}", e);
                }
            }
            if (rig.Etcd is not null)
            {
                await using var c = await rig.ClientAsync(0);
                await WaitAsync("every node Up", TimeSpan.FromSeconds(120), async () =>
                {
                    var all = await c.GetNodesAsync();
                    return all.Count == nodes && all.All(n => n.State == ClusterNodeState.Up);
                });
            }
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>The default lab topology (its groups, resources and CSVs) with nodes node1..node<paramref name="nodes"/>.</summary>
    public static TopologyConfig Topology(int nodes) => TopologyConfig.Default() with
    {
        Nodes = [.. Enumerable.Range(1, nodes).Select(i => "node" + i.ToString(CultureInfo.InvariantCulture))],
    };

    /// <summary>A ClusAPI (SDK) client of node <paramref name="i"/> (0-based).</summary>
    public Task<ClusterClient> ClientAsync(int i) => ClusterClient.ConnectAsync(new ClusterConnectionOptions
    {
        Host = "127.0.0.1",
        Port = _ports[i],
        Credential = Credential,
    });

    /// <summary>For error messages: every running node's GET /health and its last log lines.</summary>
    public async Task<string> DiagnoseAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var lines = new List<string>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i] is not { Running: true } n)
            {
                continue;
            }
            string health;
            try
            {
                health = await http.GetStringAsync(Child.Url(_admin[i]) + "/health");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                health = "(no answer: " + e.Message + ")";
            }
            lines.Add($"--- node{i + 1} /health: {health}\n{n.Tail}");
        }
        return string.Join("\n", lines);
    }

    /// <summary>kill -9 of node <paramref name="i"/> (0-based).</summary>
    public void KillNode(int i)
    {
        _nodes[i]?.KillHard();
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; errors while polling count as "not yet".</summary>
    public static async Task WaitAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is ClusterException or IOException or HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out after {timeout} waiting for {what}" + (last is null ? "" : " (last error: " + last.Message + ")"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var n in _nodes)
        {
            n?.Dispose();
        }
        Etcd?.Dispose();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        await Task.CompletedTask;
    }
}
