using System.Reflection;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// The engine rule (docs/engine-rules.md), checked over every command: a command either fails before anything is
/// written (store and in-memory state exactly as before, no event) or succeeds, and nothing after its commit can turn
/// the success into a failure.
/// </summary>
public sealed class EngineRuleTests
{
    /// <summary>An engine on a scripted store and a manual clock, with a logger and an event recorder.</summary>
    private sealed class Rig : IDisposable
    {
        public Rig(bool brokenTimers = false, TopologyConfig? topology = null)
        {
            Clock = new ManualClock(Start) { BrokenTimers = brokenTimers };
            Engine = ClusterEngine.Open(Store, topology ?? TopologyConfig.Default(), new ClusterOptions
            {
                NewId = () => new Guid(0x22220000 + Interlocked.Increment(ref _ids), 0, 0, new byte[8]),
                Logger = Log,
            }, Clock);
        }

        private int _ids;

        public ScriptedStore Store { get; } = new();
        public ManualClock Clock { get; }
        public ListLogger Log { get; } = new();
        public ClusterEngine Engine { get; }

        public void Dispose() => Engine.Dispose();
    }

    public static TheoryData<string> Commands => [.. EngineCommandTable.All.Select(c => c.Method)];

    private static EngineCommand Command(string method) => EngineCommandTable.All.Single(c => c.Method == method);

    [Fact]
    public void Every_command_type_is_listed_and_every_other_public_engine_method_is_plumbing()
    {
        static bool IsCommand(Type t) =>
            !t.IsAbstract && (typeof(ClusterCommand).IsAssignableFrom(t)
                || (t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(ClusterCommand<>)));
        var commandTypes = typeof(ClusterCommand).Assembly.GetTypes().Where(IsCommand).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var methods = typeof(ClusterEngine)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);
        var listed = EngineCommandTable.All.Select(c => c.Method).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(listed.Intersect(EngineCommandTable.Reads.Keys, StringComparer.Ordinal));
        var expected = commandTypes.Append(nameof(ClusterEngine.FireDueTimers)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(expected.Except(listed, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // a new command: list it
        Assert.Empty(listed.Except(expected, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // a command that is gone
        var plumbing = EngineCommandTable.Reads.Keys.Append(nameof(ClusterEngine.FireDueTimers)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(methods.Except(plumbing, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // a new engine method: a command value instead?
        Assert.Empty(EngineCommandTable.Reads.Keys.Except(methods, StringComparer.Ordinal).Order(StringComparer.Ordinal)); // a method that is gone
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_whose_store_commit_fails_writes_nothing_changes_nothing_and_returns_ERROR_WRITE_FAULT(string method) =>
        RefusedCommitChangesNothing(Command(method), new StoreException("disk full (test)"), Win32Error.WriteFault);

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_whose_batch_the_store_rejects_writes_nothing_changes_nothing_and_returns_ERROR_INVALID_PARAMETER(string method) =>
        RefusedCommitChangesNothing(Command(method), new ArgumentException("batch over the store limits (test)"), Win32Error.InvalidParameter);

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_whose_store_throws_unexpectedly_fails_with_that_exception_and_changes_nothing(string method)
    {
        var command = Command(method);
        using var rig = new Rig(topology: command.StartTopology());
        command.Arrange(rig.Engine, rig.Clock);
        var events = new List<ClusterEvent>();
        using var _ = rig.Engine.Subscribe(events.Add);
        var state = rig.Engine.DumpState();
        var store = rig.Store.Dump();

        rig.Store.FailNextCommit(new InvalidOperationException("store bug (test)"));
        if (!command.WritesStore)
        {
            Assert.Equal(Win32Error.Success, command.Run(rig.Engine));
            return;
        }
        var e = Assert.Throws<InvalidOperationException>(() => command.Run(rig.Engine));
        Assert.Equal("store bug (test)", e.Message);
        Assert.Equal(state, rig.Engine.DumpState());
        Assert.Equal(store, rig.Store.Dump());
        Assert.Empty(events);
    }

    private static void RefusedCommitChangesNothing(EngineCommand command, Exception failure, Win32Error expected)
    {
        using var rig = new Rig(topology: command.StartTopology());
        command.Arrange(rig.Engine, rig.Clock);
        var events = new List<ClusterEvent>();
        using var _ = rig.Engine.Subscribe(events.Add);
        var state = rig.Engine.DumpState();
        var store = rig.Store.Dump();
        var revision = rig.Store.Revision;

        rig.Store.FailNextCommit(failure);
        var result = command.Run(rig.Engine);

        if (!command.WritesStore)
        {
            // Runtime-only: the store is never asked, so there is nothing to refuse.
            Assert.True(rig.Store.FailureArmed);
            Assert.Equal(Win32Error.Success, result);
            Assert.Equal(store, rig.Store.Dump());
            return;
        }
        Assert.False(rig.Store.FailureArmed); // the command did reach the store
        if (command.ReportsCode)
        {
            Assert.Equal(expected, result);
        }
        else
        {
            Assert.NotEqual(Win32Error.Success, result);
        }
        Assert.Equal(state, rig.Engine.DumpState());
        Assert.Equal(store, rig.Store.Dump());
        Assert.Equal(revision, rig.Store.Revision);
        Assert.Empty(events);

        // The same command then succeeds and does change something: the check above was not vacuous.
        Assert.True(command.Run(rig.Engine) is Win32Error.Success or Win32Error.IoPending);
        Assert.NotEqual(state, rig.Engine.DumpState());
        Assert.NotEqual(revision, rig.Store.Revision);
        Assert.NotEmpty(events);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Nothing_after_commit_can_fail_even_with_a_throwing_subscriber_and_a_broken_timer(string method)
    {
        var command = Command(method);
        using var rig = new Rig(brokenTimers: true, topology: command.StartTopology());
        var thrown = 0;
        using var bad = rig.Engine.Subscribe(_ =>
        {
            thrown++;
            throw new InvalidOperationException("subscriber bug (test)");
        });
        var events = new List<ClusterEvent>();
        using var good = rig.Engine.Subscribe(events.Add);
        command.Arrange(rig.Engine, rig.Clock);
        events.Clear();
        var before = rig.Engine.DumpState();
        var revision = rig.Store.Revision;
        var faults = rig.Engine.SubscriberFaults;

        var result = command.Run(rig.Engine);

        Assert.True(result is Win32Error.Success or Win32Error.IoPending, $"{method}: {result}");
        Assert.NotEqual(before, rig.Engine.DumpState());
        if (command.WritesStore)
        {
            Assert.True(rig.Store.Revision > revision);
        }
        Assert.NotEmpty(events); // the other subscriber got every event
        Assert.Equal(events.Count, rig.Engine.SubscriberFaults - faults);
        Assert.Equal(thrown, rig.Engine.SubscriberFaults);
        Assert.All(rig.Log.Entries, e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, e.Level));
        Assert.Contains(rig.Log.Entries, e => e.Exception is InvalidOperationException { Message: "subscriber bug (test)" });
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Nothing_after_commit_can_fail_with_the_volume_backup_timer_at_its_extreme(string method)
    {
        var command = Command(method);
        using var rig = new Rig(topology: command.StartTopology());
        // Volume2's timer: uint.MaxValue seconds, about 136 years; its wake-up is far beyond what a timer accepts.
        Assert.Equal(Win32Error.Success, rig.Engine.Execute(new SetBackupMode(Disk2, Volume2, SharedVolumeBackupState.InProgress, uint.MaxValue)));
        command.Arrange(rig.Engine, rig.Clock);

        var result = command.Run(rig.Engine);

        Assert.True(result is Win32Error.Success or Win32Error.IoPending, $"{method}: {result}");
        Assert.Empty(rig.Log.Entries); // no contained fault: the clamp made the timer accept every wake-up
        Assert.All(rig.Clock.Requested.Where(t => t != Timeout.InfiniteTimeSpan), t => Assert.InRange(t, TimeSpan.FromMilliseconds(1), ManualClock.TimerLimit));
        Assert.NotNull(rig.Clock.Armed);
        // Volume2's deadline is still exact unless the command itself ended its backup mode.
        if (rig.Engine.Queries.FindSharedVolume(Volume2)!.BackupDeadline is { } deadline)
        {
            Assert.Equal(Start.AddSeconds(uint.MaxValue), deadline);
        }
    }

    [Fact]
    public void Command_that_fails_before_commit_writes_nothing()
    {
        using var rig = new Rig();
        var state = rig.Engine.DumpState();
        var revision = rig.Store.Revision;
        var calls = rig.Store.CommitCalls;
        Assert.Equal(Win32Error.InvalidParameter, rig.Engine.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 0)));
        Assert.Equal(Win32Error.ResourceNotFound, rig.Engine.Execute(new SetCsvMaintenanceMode("no such disk", Volume1, true)));
        Assert.Equal(Win32Error.ObjectAlreadyExists, rig.Engine.Execute(new CreateGroup("Cluster Group")).Error);
        Assert.Equal(state, rig.Engine.DumpState());
        Assert.Equal(revision, rig.Store.Revision);
        Assert.Equal(calls, rig.Store.CommitCalls); // the store was not even asked
    }

    [Fact]
    public void A_batch_over_the_store_limits_is_ERROR_INVALID_PARAMETER_and_leaves_no_trace_in_memory()
    {
        // A value name the database accepts (16,383 characters) but whose store key is over StoreLimits.MaxKeyLength:
        // the real store refuses the batch. Before the rule, the value stayed in memory while the store had none.
        using var f = new EngineFixture();
        var name = new string('n', StoreLimits.MaxKeyLength + 1);
        var state = f.Engine.DumpState();
        var revision = f.Store.Revision;
        Assert.Equal(Win32Error.InvalidParameter,
            f.Engine.Execute(new SetProperties(ClusterObjectType.Resource, "9a1e1f00-0000-4000-8000-000000000003", ParametersSubkey: true, [StoredValue.DWord(name, 1)])));
        Assert.Equal(state, f.Engine.DumpState());
        Assert.Equal(revision, f.Store.Revision);
        Assert.Null(f.Engine.Queries.GetRegistryValue(@"Resources\9a1e1f00-0000-4000-8000-000000000003\Parameters", name));
    }

    [Fact]
    public void A_subscriber_that_unsubscribes_inside_its_callback_does_not_fail_the_command()
    {
        using var f = new EngineFixture();
        IDisposable? self = null;
        var calls = 0;
        self = f.Engine.Subscribe(_ =>
        {
            calls++;
            self!.Dispose();
        });
        var later = new List<ClusterEvent>();
        using var _ = f.Engine.Subscribe(later.Add);
        Assert.Equal(Win32Error.Success, f.EnterBackup());
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk2, Volume2, true)));
        Assert.Equal(1, calls);
        Assert.Equal(2, later.Count);
        Assert.Equal(0, f.Engine.SubscriberFaults);
    }

    [Fact]
    public void A_throwing_subscriber_does_not_fail_an_acknowledged_command_and_the_change_is_durable()
    {
        using var f = new EngineFixture();
        using var bad = f.Engine.Subscribe(_ => throw new InvalidOperationException("subscriber bug (test)"));
        var later = new List<ClusterEvent>();
        using var good = f.Engine.Subscribe(later.Add);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true)));
        Assert.True(f.Volume(Volume1).Maintenance);
        Assert.Single(later); // the subscriber after the throwing one still got the event
        Assert.Equal(1, f.Engine.SubscriberFaults);
        f.Restart();
        Assert.True(f.Volume(Volume1).Maintenance);
    }
}
