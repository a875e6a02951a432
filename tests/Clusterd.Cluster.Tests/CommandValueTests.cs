using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// docs/architecture.md, rule 1 and "The engine": every change is a command value, applied in order as
/// <c>(state, command) → (state', events)</c>. The same values applied in the same order, with the same clock and ID
/// source, give the same answers, the same state, the same stored records and the same events.
/// </summary>
public sealed class CommandValueTests
{
    private static readonly string[] Nodes = ["node1", "node2", "node3"];
    private static readonly (string Disk, string Volume)[] Csvs = [(Disk1, Volume1), (Disk2, Volume2)];
    private static readonly Guid[] Sets = [new("5a5a5a5a-0000-4000-8000-000000000001"), new("5a5a5a5a-0000-4000-8000-000000000002")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_same_commands_applied_in_the_same_order_give_the_same_answers_state_records_and_events(int seed)
    {
        var script = Script(seed, 400);
        Assert.Equal(script, Script(seed, 400)); // commands are values: built twice, equal
        using var a = new EngineFixture();
        using var b = new EngineFixture();

        var answersA = Run(a, script);
        var answersB = Run(b, script);

        Assert.Equal(answersA, answersB);
        Assert.Equal(a.Engine.DumpState(), b.Engine.DumpState());
        Assert.Equal(Records(a.Store), Records(b.Store));
        Assert.Equal(Convert.ToHexString(ClusterEventCodec.Encode(a.Events)), Convert.ToHexString(ClusterEventCodec.Encode(b.Events)));
        // The script exercises the engine: many commands change something, some are refused, deadlines expire.
        Assert.True(answersA.Count(x => x.StartsWith("Success", StringComparison.Ordinal)) > 100, string.Join("\n", answersA));
        Assert.Contains(answersA, x => !x.StartsWith("Success", StringComparison.Ordinal) && !x.StartsWith("fired", StringComparison.Ordinal));
        Assert.Contains(answersA, x => x.StartsWith("fired", StringComparison.Ordinal) && x != "fired 0");
    }

    [Fact]
    public void A_command_is_a_value_equal_commands_are_interchangeable()
    {
        var one = new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60);
        var same = new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60);
        Assert.Equal(one, same);
        Assert.NotEqual(one, one with { DelaySeconds = 61 });
        using var a = new EngineFixture();
        using var b = new EngineFixture();
        Assert.Equal(Win32Error.Success, a.Engine.Execute(one));
        Assert.Equal(Win32Error.Success, b.Engine.Execute(same));
        Assert.Equal(a.Engine.DumpState(), b.Engine.DumpState());
    }

    /// <summary>A random but reproducible script: command values, and clock advances that fire what became due.</summary>
    private static List<object> Script(int seed, int length)
    {
        var rng = new Random(seed);
        T Pick<T>(T[] items) => items[rng.Next(items.Length)];
        var script = new List<object>(length);
        for (var i = 0; i < length; i++)
        {
            var (disk, volume) = Pick(Csvs);
            object step = rng.Next(16) switch
            {
                0 or 1 => new SetBackupMode(disk, volume, SharedVolumeBackupState.InProgress, (uint)rng.Next(1, 120)),
                2 => new SetBackupMode(disk, volume, SharedVolumeBackupState.None, 0),
                3 => new SetSnapshotState(Pick(Sets), volume, rng.Next(2) == 0 ? SharedVolumeSnapshotState.PrepareForFreeze : SharedVolumeSnapshotState.HWSnapshotCompleted),
                4 => new SetCsvMaintenanceMode(disk, volume, rng.Next(3) == 0),
                5 => new SetDirectIO(disk, volume, rng.Next(2) == 0),
                6 => new MoveGroup(Pick(["Cluster Group", "Available Storage"]), Pick(Nodes)),
                7 => rng.Next(2) == 0 ? new PauseNode(Pick(Nodes)) : new ResumeNode(Pick(Nodes)),
                8 => rng.Next(2) == 0 ? new SetNodeDown(Pick(Nodes)) : new SetNodeUp(Pick(Nodes)),
                9 => rng.Next(2) == 0 ? new OfflineResource(disk) : new OnlineResource(disk),
                10 => new SetDiskConnectivity(disk, Pick(Nodes), rng.Next(2) == 0),
                11 => new CreateGroup("g" + rng.Next(5)),
                12 => new ChangeCsvState(Disk3, (uint)rng.Next(2)),
                _ => TimeSpan.FromSeconds(rng.Next(0, 90)),
            };
            script.Add(step);
        }
        return script;
    }

    private static List<string> Run(EngineFixture f, List<object> script)
    {
        var answers = new List<string>(script.Count);
        foreach (var step in script)
        {
            answers.Add(step switch
            {
                ClusterCommand c => f.Engine.Execute(c).ToString(),
                ClusterCommand<string> c => f.Engine.Execute(c) is var (e, v) ? e + " " + v : "",
                TimeSpan t => Advance(f, t),
                _ => throw new InvalidOperationException(step.ToString()),
            });
        }
        return answers;
    }

    /// <summary>Moves the clock (the engine's timer fires what falls due) and reports how many backup timers expired.</summary>
    private static string Advance(EngineFixture f, TimeSpan by)
    {
        var due = f.Time.GetUtcNow() + by;
        var armed = f.Engine.Queries.GetAllSharedVolumes().Where(v => v.BackupDeadline is { } d && d <= due).Select(v => v.FriendlyName).ToList();
        f.Advance(by);
        f.Engine.FireDueTimers();
        var expired = armed.Count(n => f.Engine.Queries.FindSharedVolume(n)!.BackupState == SharedVolumeBackupState.None);
        Assert.Equal(armed.Count, expired); // a deadline that fell due took effect
        return "fired " + expired;
    }

    private static List<string> Records(InMemoryClusterStore store) =>
        [.. store.Load().Select(r => r.Key + "=" + Convert.ToHexString(r.Value.Span) + "/" + r.Durability).Order(StringComparer.Ordinal)];
}
