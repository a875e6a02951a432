using System.Globalization;
using System.Text.Json;
using Clusterd.Client;
using Clusterd.Rpc.Security;
using Clusterd.Server.Tests;
using Clusterd.Tests.Shared;

namespace Clusterd.MultiNode.Tests;

/// <summary>
/// A real multi-node cluster on one machine: a real etcd (one or three members) and one real clusterd process per node
/// (node1..node3 of the default topology), each with its own ClusAPI port, all on loopback. Heartbeat 500 ms x 4 unless
/// a test asks otherwise: a lease TTL of 2 s, so failures show within seconds.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    public const string User = "clusterd";
    public const string Password = "Clusterd-Pa55word";
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromMilliseconds(500);

    private readonly TempDir _dir = new();
    private readonly ServerProcess?[] _nodes = new ServerProcess?[3];
    private readonly int[] _ports = new int[3];
    private readonly bool[] _paused = new bool[3];
    private readonly string _accounts;

    private readonly int _heartbeatMs;
    private readonly int _threshold;

    private ClusterRig(int etcdMembers, int heartbeatMs, int threshold)
    {
        _heartbeatMs = heartbeatMs;
        _threshold = threshold;
        Etcd = new EtcdServer(etcdMembers);
        Prefix = "/it/" + Guid.NewGuid().ToString("N")[..12] + "/";
        _accounts = Path.Combine(_dir.Path, "accounts");
        File.WriteAllText(_accounts, $"{User}:{Password}\n");
        for (var i = 0; i < 3; i++)
        {
            _ports[i] = EtcdServer.FreePort();
        }
    }

    public EtcdServer Etcd { get; }
    public string Prefix { get; }

    /// <summary>Starts etcd and the three nodes (node1 first, so it seeds the cluster and leads at first).</summary>
    public static async Task<ClusterRig> StartAsync(int etcdMembers = 1, int heartbeatMs = 500, int threshold = 4)
    {
        var rig = new ClusterRig(etcdMembers, heartbeatMs, threshold);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await rig.StartNodeAsync(i);
            }
            await using var c = await rig.ClientAsync(0);
            await rig.WaitAsync("every node up", async () =>
                (await rig.Health(0)).GetProperty("replica").GetProperty("liveMembers").GetArrayLength() == 3
                && (await c.GetNodesAsync()).All(n => n.State == Clusterd.ClusApi.ClusterNodeState.Up));
        }
        catch
        {
            await rig.DisposeAsync(); // no etcd or clusterd left behind by a rig that did not start
            throw;
        }
        return rig;
    }

    public string[] NodeArgs(int i) =>
    [
        "--store", "etcd", "--etcd-endpoints", Etcd.Endpoints, "--etcd-prefix", Prefix,
        "--local-node", "node" + (i + 1).ToString(CultureInfo.InvariantCulture),
        "--port", _ports[i].ToString(CultureInfo.InvariantCulture), "--epm-port", "0", "--accounts", _accounts,
        "--same-subnet-delay", _heartbeatMs.ToString(CultureInfo.InvariantCulture), "--same-subnet-threshold", _threshold.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Starts (or restarts) node <paramref name="i"/> (0-based) and waits until it is ready.</summary>
    public async Task StartNodeAsync(int i)
    {
        _nodes[i]?.Dispose();
        var data = Path.Combine(_dir.Path, "data" + i.ToString(CultureInfo.InvariantCulture));
        _nodes[i] = await ServerProcess.StartReadyAsync(_dir.Path, data, NodeArgs(i));
    }

    public ServerProcess Node(int i) => _nodes[i] ?? throw new InvalidOperationException("node" + (i + 1) + " is not running");

    /// <summary>SIGKILL node <paramref name="i"/> and waits for it to be gone.</summary>
    public async Task KillAsync(int i)
    {
        Node(i).KillHard();
        await Node(i).WaitForExitAsync();
        _nodes[i]!.Dispose();
        _nodes[i] = null;
    }

    public bool IsRunning(int i) => _nodes[i] is not null;

    /// <summary>SIGSTOP (a long GC pause, a frozen VM) or SIGCONT node <paramref name="i"/>.</summary>
    public void Pause(int i, bool stop)
    {
        EtcdServer.Signal(Node(i).Pid, stop ? "STOP" : "CONT");
        _paused[i] = stop;
    }

    /// <summary>GET /health of node <paramref name="i"/>.</summary>
    public Task<JsonElement> Health(int i) => Node(i).GetJsonAsync("/health");

    /// <summary>The index of the node whose /health says it leads, or -1; several leaders fail the test.</summary>
    public async Task<int> LeaderAsync()
    {
        var leaders = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            if (_nodes[i] is not null && !_paused[i])
            {
                try
                {
                    if ((await Health(i)).GetProperty("replica").GetProperty("leader").GetBoolean())
                    {
                        leaders.Add(i);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }
        }
        Assert.True(leaders.Count <= 1, "two nodes lead at once: " + string.Join(",", leaders));
        return leaders.Count == 0 ? -1 : leaders[0];
    }

    /// <summary>A ClusAPI client connected to node <paramref name="i"/>'s own port.</summary>
    public Task<ClusterClient> ClientAsync(int i) => ClusterClient.ConnectAsync(new ClusterConnectionOptions
    {
        Host = "127.0.0.1",
        Port = _ports[i],
        Credential = NtlmCredential.FromPassword(User, "", Password),
    });

    public int Port(int i) => _ports[i];

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds (real processes: a real wait) or fails.</summary>
    public async Task<TimeSpan> WaitAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        Exception? last = null;
        while (watch.Elapsed < limit)
        {
            try
            {
                if (await condition())
                {
                    return watch.Elapsed;
                }
            }
            catch (Exception e) when (e is ClusterException or HttpRequestException or TaskCanceledException or IOException)
            {
                last = e;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"timed out after {limit} waiting for {what}" + (last is null ? "" : " (last error: " + last.Message + ")")
            + "\n" + string.Join("\n", Enumerable.Range(0, 3).Where(IsRunning).Select(i => "--- node" + (i + 1) + " ---\n" + Node(i).Output)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var n in _nodes)
        {
            if (n is not null)
            {
                try
                {
                    EtcdServer.Signal(n.Pid, "CONT");
                }
                catch (InvalidOperationException)
                {
                }
                n.Dispose();
            }
        }
        Etcd.Dispose();
        _dir.Dispose();
        await Task.CompletedTask;
    }
}
