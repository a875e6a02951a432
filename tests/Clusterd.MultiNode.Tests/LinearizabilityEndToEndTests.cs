using System.Collections.Concurrent;
using System.Diagnostics;
using Clusterd.ClusApi;
using Clusterd.Client;
using Clusterd.Cluster.Tests;
using Xunit.Abstractions;

namespace Clusterd.MultiNode.Tests;

/// <summary>
/// The linearizability check of tests/Clusterd.Cluster.Tests/LinearizabilityTests.cs, end to end: three real clusterd
/// processes on a real etcd, two SDK clients per node (each its own connection) making concurrent CSV calls on Volume1
/// and Volume2, one node killed with SIGKILL in the middle of the run and started again. Every call is recorded with
/// one shared counter for invocation and response and checked per volume against the single-node engine
/// (<see cref="CsvLinearizabilityChecker"/>). A call of a killed node's client that fails for the connection has an
/// unknown outcome (it may have committed); that client then carries on through a surviving node (one of the two
/// goes back to its own node once it runs again). The run ends with a read of both volumes through every node, in the
/// history too, and every node must answer the same.
/// <para>
/// Each SDK method used here makes several ClusAPI calls (enumerate the CSVs, open, resolve the volume, then the
/// control, then a read-back), but only one of them can change or observe the volume: the control. Writes are
/// SetSharedVolumeBackupModeAsync (InProgress with a delay of 3600 s, so no timer falls due, or None),
/// SetMaintenanceAsync and SetRedirectedAccessAsync. No SDK read shows the whole volume in one call, so reads are of
/// two kinds (<see cref="CsvReadView"/>): GetSharedVolumesAsync (CLUS_CSV_VOLUME_INFO: backup state and fault state)
/// and GetSharedVolumeStatesAsync (each node's view: Paused is maintenance, the UserRequest reason is redirected
/// mode). Snapshot sets are not observable through the SDK and are left out of this workload.
/// </para>
/// </summary>
public sealed class LinearizabilityEndToEndTests(ITestOutputHelper output)
{
    private const int Nodes = 3;
    private const int ClientsPerNode = 2;
    private const uint BackupDelaySeconds = 3600;
    private static readonly string[] VolumeNames = ["Volume1", "Volume2"];

    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    private sealed record PlannedOp(int Volume, CsvOpKind Kind, CsvReadView View, int DelayMs);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Histories_of_clients_on_every_node_with_a_node_killed_are_linearizable(int seed)
    {
        var watch = Stopwatch.StartNew();
        await using var rig = await ClusterRig.StartAsync();
        var started = watch.Elapsed;

        var rng = new Random(seed);
        var victim = rng.Next(Nodes);
        var clients = Nodes * ClientsPerNode;
        var plans = new List<PlannedOp>[clients];
        var fallbacks = new int[clients];
        for (var c = 0; c < clients; c++)
        {
            plans[c] = [.. Enumerable.Range(0, rng.Next(15, 26)).Select(_ => Plan(rng))];
            fallbacks[c] = (victim + 1 + rng.Next(Nodes - 1)) % Nodes;
        }
        var total = plans.Sum(p => p.Count);
        var killAfter = total * 2 / 5;

        var history = new ConcurrentQueue<CsvOperation>();
        long clock = 0;
        var completed = 0;
        var restarted = 0;
        var log = new ConcurrentQueue<string>();

        async Task RunClient(int client)
        {
            var home = client / ClientsPerNode;
            var node = home;
            ClusterClient? c = await rig.ClientAsync(home);
            try
            {
                foreach (var op in plans[client])
                {
                    await Task.Delay(op.DelayMs);
                    // One of a killed node's clients goes back to its node once it runs again.
                    if (node != home && client % ClientsPerNode == 0 && Volatile.Read(ref restarted) == 1)
                    {
                        log.Enqueue($"client{client}: back to node{home + 1}");
                        await DisposeQuietly(c);
                        c = null;
                        node = home;
                    }
                    while (c is null)
                    {
                        try
                        {
                            c = await rig.ClientAsync(node);
                        }
                        catch (ClusterException e)
                        {
                            log.Enqueue($"client{client}: cannot connect to node{node + 1} ({e.SymbolicName}); using node{fallbacks[client] + 1}");
                            node = fallbacks[client];
                        }
                    }
                    var invoke = Interlocked.Increment(ref clock);
                    var (result, observed, unknown) = await Call(c, op);
                    var response = unknown ? long.MaxValue : Interlocked.Increment(ref clock);
                    history.Enqueue(new CsvOperation(client, node, op.Volume, op.Kind, 0, invoke, response, result, observed, op.View));
                    Interlocked.Increment(ref completed);
                    if (unknown)
                    {
                        // The connection failed: the node is gone (or going). Carry on through another node.
                        log.Enqueue($"client{client}: {op.Kind} on node{node + 1} failed with {result}: unknown outcome");
                        await DisposeQuietly(c);
                        c = null;
                        node = node == home ? fallbacks[client] : home;
                    }
                }
            }
            finally
            {
                await DisposeQuietly(c);
            }
        }

        var running = Enumerable.Range(0, clients).Select(i => Task.Run(() => RunClient(i))).ToArray();

        // The node is killed once about two fifths of the operations are done, and started again a little later.
        await rig.WaitAsync("the middle of the run", () => Task.FromResult(Volatile.Read(ref completed) >= killAfter || running.All(t => t.IsCompleted)));
        var killedAt = Volatile.Read(ref completed);
        await rig.KillAsync(victim);
        log.Enqueue($"node{victim + 1} killed after {killedAt} operations");
        await Task.Delay(rng.Next(300, 1200));
        await rig.StartNodeAsync(victim);
        Volatile.Write(ref restarted, 1);
        log.Enqueue($"node{victim + 1} restarted after {Volatile.Read(ref completed)} operations");

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(90));
        var workload = watch.Elapsed;

        // The final state, read through every node (all running again) and checked as part of the history.
        var finals = new CsvVolumeView[Nodes, VolumeNames.Length, 2];
        for (var n = 0; n < Nodes; n++)
        {
            await using var c = await rig.ClientAsync(n);
            for (var v = 0; v < VolumeNames.Length; v++)
            {
                foreach (var view in new[] { CsvReadView.Info, CsvReadView.NodeStates })
                {
                    var invoke = Interlocked.Increment(ref clock);
                    var (result, observed, unknown) = await Call(c, new PlannedOp(v, CsvOpKind.Read, view, 0));
                    var response = Interlocked.Increment(ref clock);
                    Assert.False(unknown, $"the final read through node{n + 1} failed: {result}");
                    Assert.Equal(Win32Error.Success, result);
                    history.Enqueue(new CsvOperation(100 + n, n, v, CsvOpKind.Read, 0, invoke, response, result, observed, view));
                    finals[n, v, view == CsvReadView.Info ? 0 : 1] = observed!.Value;
                }
            }
        }

        var ops = history.ToList();
        var unknowns = ops.Count(o => o.Unknown);
        var refused = ops.Count(o => !o.Unknown && o.Kind != CsvOpKind.Read && o.Result != Win32Error.Success);
        var summary = FormattableString.Invariant(
            $"seed {seed}: node{victim + 1} killed after {killedAt} of {total} operations; {ops.Count} operations recorded, {unknowns} of unknown outcome, {refused} refused; rig up in {started.TotalSeconds:0.0} s, workload done at {workload.TotalSeconds:0.0} s");
        output.WriteLine(summary);
        foreach (var line in log)
        {
            output.WriteLine("  " + line);
        }

        // Every observation must be one a volume can show (the projections of the checker rely on it).
        foreach (var bad in ops.Where(o => o.Kind == CsvOpKind.Read && !o.Unknown && o.Result == Win32Error.Success && o.Observed is null))
        {
            Assert.Fail("an inconsistent observation: " + bad);
        }

        for (var v = 0; v < VolumeNames.Length; v++)
        {
            var mine = ops.Where(o => o.Volume == v).ToList();
            var verdict = CsvLinearizabilityChecker.Check(mine);
            output.WriteLine(FormattableString.Invariant($"  {VolumeNames[v]}: {mine.Count} operations, ") + verdict.Describe().TrimEnd());
            Assert.True(verdict.Linearizable, summary + "\n" + string.Join("\n", log) + FormattableString.Invariant($"\n{VolumeNames[v]}, {mine.Count} operations: ")
                + verdict.Describe() + "minimal non-linearizable sub-history:\n" + string.Join('\n', CsvLinearizabilityChecker.Minimize(mine))
                + "\nfull history:\n" + string.Join('\n', mine.OrderBy(o => o.Invoke)));
        }

        for (var n = 1; n < Nodes; n++)
        {
            for (var v = 0; v < VolumeNames.Length; v++)
            {
                for (var k = 0; k < 2; k++)
                {
                    Assert.True(finals[0, v, k] == finals[n, v, k],
                        $"{VolumeNames[v]}: node1 shows {finals[0, v, k]}, node{n + 1} shows {finals[n, v, k]} ({(k == 0 ? "volume info" : "node states")})");
                }
            }
        }
        output.WriteLine(FormattableString.Invariant($"  total {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    private static PlannedOp Plan(Random rng)
    {
        var volume = rng.Next(VolumeNames.Length);
        var roll = rng.Next(100);
        var kind = roll switch
        {
            < 30 => CsvOpKind.Read,
            < 42 => CsvOpKind.BackupOn,
            < 54 => CsvOpKind.BackupOff,
            < 65 => CsvOpKind.MaintenanceOn,
            < 76 => CsvOpKind.MaintenanceOff,
            < 88 => CsvOpKind.RedirectOn,
            _ => CsvOpKind.RedirectOff,
        };
        var view = kind == CsvOpKind.Read && rng.Next(2) == 0 ? CsvReadView.NodeStates : kind == CsvOpKind.Read ? CsvReadView.Info : CsvReadView.Full;
        return new PlannedOp(volume, kind, view, rng.Next(0, 60));
    }

    /// <summary>
    /// A failure of the connection, not an answer of the cluster: the call may or may not have taken effect. ERROR_WRITE_FAULT
    /// is a node that could not learn whether etcd committed (docs/multi-node.md, "Durable before acknowledged").
    /// </summary>
    private static bool Indeterminate(Win32Error error) =>
        error is Win32Error.RpcCallFailed or Win32Error.RpcServerUnavailable or Win32Error.RpcProtocolError or Win32Error.WriteFault;

    /// <summary>Runs one planned operation through the SDK: its result, what a read saw, and whether the outcome is unknown.</summary>
    private static async Task<(Win32Error Result, CsvVolumeView? Observed, bool Unknown)> Call(ClusterClient c, PlannedOp op)
    {
        var name = VolumeNames[op.Volume];
        try
        {
            switch (op.Kind)
            {
                case CsvOpKind.BackupOn:
                    await c.SetSharedVolumeBackupModeAsync(name, SharedVolumeBackupState.InProgress, BackupDelaySeconds);
                    return (Win32Error.Success, null, false);
                case CsvOpKind.BackupOff:
                    await c.SetSharedVolumeBackupModeAsync(name, SharedVolumeBackupState.None);
                    return (Win32Error.Success, null, false);
                case CsvOpKind.MaintenanceOn:
                case CsvOpKind.MaintenanceOff:
                    await c.SetMaintenanceAsync(name, op.Kind == CsvOpKind.MaintenanceOn);
                    return (Win32Error.Success, null, false);
                case CsvOpKind.RedirectOn:
                case CsvOpKind.RedirectOff:
                    await c.SetRedirectedAccessAsync(name, op.Kind == CsvOpKind.RedirectOn);
                    return (Win32Error.Success, null, false);
                case CsvOpKind.Read when op.View == CsvReadView.Info:
                    var partition = (await c.GetSharedVolumesAsync(name)).Single().Volumes.Single(p => p.FriendlyName == name);
                    return (Win32Error.Success, FromInfo(partition), false);
                case CsvOpKind.Read when op.View == CsvReadView.NodeStates:
                    return (Win32Error.Success, FromNodeStates(await c.GetSharedVolumeStatesAsync(name)), false);
                default:
                    throw new ArgumentOutOfRangeException(nameof(op));
            }
        }
        catch (ClusterException e)
        {
            return (e.Error, null, Indeterminate(e.Error));
        }
    }

    /// <summary>
    /// CLUS_CSV_VOLUME_INFO as a view (<see cref="CsvReadView.Info"/>): maintenance is FaultState InMaintenance; redirected
    /// mode shows only out of maintenance and backup mode (FaultState Redirected is "redirected or in backup"). A fault
    /// state no volume of this workload can have (NoAccess, or NoFaults during a backup) is null: an inconsistent answer.
    /// </summary>
    private static CsvVolumeView? FromInfo(SharedVolumePartition p) => (p.FaultState, p.BackupState) switch
    {
        (CsvVolumeFaultState.InMaintenance, var b) => new CsvVolumeView(b, true, false, 0),
        (CsvVolumeFaultState.Redirected, SharedVolumeBackupState.None) => new CsvVolumeView(SharedVolumeBackupState.None, false, true, 0),
        (CsvVolumeFaultState.Redirected, var b) => new CsvVolumeView(b, false, false, 0),
        (CsvVolumeFaultState.NoFaults, SharedVolumeBackupState.None) => new CsvVolumeView(SharedVolumeBackupState.None, false, false, 0),
        _ => null,
    };

    /// <summary>
    /// Every node's view as one view (<see cref="CsvReadView.NodeStates"/>): the nodes that are not Unavailable must all
    /// agree (Paused is maintenance, the UserRequest reason redirected mode; no disk is lost here, so no block
    /// redirection); null when they do not, or when every node is Unavailable.
    /// </summary>
    private static CsvVolumeView? FromNodeStates(IReadOnlyList<ClusterSharedVolumeState> rows)
    {
        var views = rows.Where(r => r.StateInfo != SharedVolumeState.Unavailable).Select(r =>
        {
            var redirected = (r.FileSystemRedirectedIOReason & RedirectedIOReason.UserRequest) != 0;
            var consistent = r.BlockRedirectedIOReason == BlockRedirectedIOReason.NotRedirected && r.StateInfo switch
            {
                SharedVolumeState.Paused => true,
                SharedVolumeState.ActiveRedirected => redirected,
                SharedVolumeState.Active => !redirected,
                _ => false,
            };
            return consistent ? new CsvVolumeView(SharedVolumeBackupState.None, r.StateInfo == SharedVolumeState.Paused, redirected, 0) : (CsvVolumeView?)null;
        }).Distinct().ToList();
        return views.Count == 1 ? views[0] : null;
    }

    private static async Task DisposeQuietly(ClusterClient? c)
    {
        if (c is not null)
        {
            try
            {
                await c.DisposeAsync();
            }
            catch (Exception e) when (e is ClusterException or IOException or ObjectDisposedException)
            {
            }
        }
    }
}
