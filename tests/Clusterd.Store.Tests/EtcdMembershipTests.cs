using System.Collections.Concurrent;
using System.Diagnostics;
using Clusterd.Store;
using Clusterd.Store.Etcd;
using Clusterd.Tests.Shared;
using Etcdserverpb;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Clusterd.Store.Tests;

/// <summary>One real etcd for the membership tests; every test works under its own prefix.</summary>
public sealed class EtcdMembershipFixture : IDisposable
{
    public EtcdServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

/// <summary>EtcdMembership against a real etcd: cluster start, liveness by lease, election and fencing.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdMembershipTests : IClassFixture<EtcdMembershipFixture>, IDisposable
{
    private static readonly MembershipTiming Timing = new(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500));

    private readonly EtcdServer _etcd;
    private readonly EtcdLayout _layout = new("/t-" + Guid.NewGuid().ToString("N")[..12] + "/");
    private readonly List<IDisposable> _owned = [];
    private readonly EtcdConnection _raw;

    private readonly ITestOutputHelper _output;

    public EtcdMembershipTests(EtcdMembershipFixture fixture, ITestOutputHelper output)
    {
        _etcd = fixture.Server;
        _output = output;
        _raw = Connect();
    }

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned))
        {
            d.Dispose();
        }
    }

    private EtcdConnection Connect(string? endpoints = null)
    {
        var c = new EtcdConnection(EtcdConnection.ParseEndpoints(endpoints ?? _etcd.Endpoints), TimeSpan.FromSeconds(2));
        _owned.Add(c);
        return c;
    }

    private EtcdMembership NewMember()
    {
        var m = new EtcdMembership(Connect(), _layout, Timing, TimeProvider.System);
        _owned.Add(m);
        return m;
    }

    private void Put(string key, string value, long lease = 0) =>
        _raw.Call((i, d) => EtcdConnection.Kv(i).Put(new PutRequest { Key = EtcdLayout.Key(key), Value = ByteString.CopyFromUtf8(value), Lease = lease }, deadline: d));

    private bool Exists(string key) =>
        _raw.Call((i, d) => EtcdConnection.Kv(i).Range(new RangeRequest { Key = EtcdLayout.Key(key), CountOnly = true }, deadline: d)).Count > 0;

    private static Compare CreateRevisionIs(string key, long revision, string? rangeEndPrefix = null)
    {
        var c = new Compare
        {
            Key = EtcdLayout.Key(key),
            Target = Compare.Types.CompareTarget.Create,
            Result = Compare.Types.CompareResult.Equal,
            CreateRevision = revision,
        };
        if (rangeEndPrefix is not null)
        {
            c.RangeEnd = EtcdLayout.RangeEnd(rangeEndPrefix);
        }
        return c;
    }

    private bool TxnSucceeds(Compare compare)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(compare);
        return _raw.Call((i, d) => EtcdConnection.Kv(i).Txn(txn, deadline: d)).Succeeded;
    }

    /// <summary>Polls real etcd-driven state until <paramref name="condition"/> holds or the deadline passes.</summary>
    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = Stopwatch.StartNew();
        while (!condition())
        {
            if (until.Elapsed > timeout)
            {
                throw new TimeoutException("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.Sleep(20); // polling a real etcd and real leases: real time
        }
    }

    private static bool SetIs(IReadOnlyCollection<string> set, params string[] expected) =>
        set.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal));

    // ---- cluster start -------------------------------------------------------------------------------------------

    [Fact]
    public void RangeCompare_OnEmptyRange_ComparesAsZero()
    {
        var prefix = _layout.Prefix + "probe/";
        Assert.True(TxnSucceeds(CreateRevisionIs(prefix, 0, prefix)), "an empty range compares as an all-zero key");
        Assert.False(TxnSucceeds(CreateRevisionIs(prefix, 1, prefix)));

        Put(prefix + "a", "x");
        Assert.False(TxnSucceeds(CreateRevisionIs(prefix, 0, prefix)), "a key in the range has a create revision > 0");
        // Keys just outside the range do not count.
        Put(_layout.Prefix + "probe0", "x");
        Put(_layout.Prefix + "prob", "x");
        var other = _layout.Prefix + "empty/";
        Assert.True(TxnSucceeds(CreateRevisionIs(other, 0, other)));
    }

    [Fact]
    public void Join_FirstNode_IsAClusterStart_AndDropsVolatileRecords()
    {
        Put(_layout.Volatile + "res/a/state", "online");
        Put(_layout.Nonvolatile + "res/a/name", "a");

        var a = NewMember();
        Assert.True(a.Join("a"));

        Assert.False(Exists(_layout.Volatile + "res/a/state"));
        Assert.True(Exists(_layout.Nonvolatile + "res/a/name"));
        Assert.True(Exists(_layout.Members + "a"));
        Assert.True(a.IsAlive);
    }

    [Fact]
    public void Join_WhileAnotherNodeIsAlive_IsNotAClusterStart_AndKeepsVolatileRecords()
    {
        var a = NewMember();
        Assert.True(a.Join("a"));
        Put(_layout.Volatile + "res/a/state", "online");

        var b = NewMember();
        Assert.False(b.Join("b"));

        Assert.True(Exists(_layout.Volatile + "res/a/state"));
        WaitUntil(() => SetIs(b.LiveMembers, "a", "b") && SetIs(a.LiveMembers, "a", "b"), TimeSpan.FromSeconds(5), "both see a and b");
    }

    [Fact]
    public void Join_AfterOwnQuickRestart_IsAClusterStartIfAlone()
    {
        var first = NewMember();
        Assert.True(first.Join("a"));
        first.SimulateCrash(); // its member key stays until its lease lapses
        Assert.True(Exists(_layout.Members + "a"));
        Put(_layout.Volatile + "res/a/state", "online");

        var again = NewMember();
        Assert.True(again.Join("a"), "the node's own stale member key is not another live node");
        Assert.False(Exists(_layout.Volatile + "res/a/state"));

        // The old lease lapsing must not take the new incarnation's member key with it.
        Thread.Sleep(Timing.LeaseTtl + TimeSpan.FromSeconds(1)); // real etcd lease expiry
        Assert.True(Exists(_layout.Members + "a"));
        Assert.True(SetIs(again.LiveMembers, "a"));
        Assert.True(again.IsAlive);
    }

    [Fact]
    public void Join_Twice_Throws()
    {
        var a = NewMember();
        a.Join("a");
        Assert.Throws<InvalidOperationException>(() => a.Join("a"));
        Assert.Throws<InvalidOperationException>(() => a.Join("b"));
    }

    [Fact]
    public void Join_WhenEtcdIsUnreachable_ThrowsStoreExceptionWithinSeconds()
    {
        var endpoint = "http://127.0.0.1:" + EtcdServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var m = new EtcdMembership(Connect(endpoint), _layout, Timing, TimeProvider.System);
        _owned.Add(m);
        var clock = Stopwatch.StartNew();
        Assert.Throws<StoreException>(() => m.Join("a"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
        Assert.False(m.IsAlive);
        Assert.Null(m.Leadership);
    }

    // ---- liveness ------------------------------------------------------------------------------------------------

    [Fact]
    public void LiveMembers_SeesJoinsAndLapses()
    {
        var a = NewMember();
        var seen = new ConcurrentQueue<IReadOnlyCollection<string>>();
        a.MembersChanged += seen.Enqueue;
        a.Join("a");
        var b = NewMember();
        b.Join("b");
        WaitUntil(() => SetIs(a.LiveMembers, "a", "b"), TimeSpan.FromSeconds(5), "a sees b join");
        Assert.Contains(seen, s => SetIs(s, "a", "b"));

        b.SimulateCrash();
        var clock = Stopwatch.StartNew();
        WaitUntil(() => SetIs(a.LiveMembers, "a"), Timing.LeaseTtl + TimeSpan.FromSeconds(2), "a sees b's lease lapse");
        Assert.True(clock.Elapsed <= Timing.LeaseTtl + TimeSpan.FromSeconds(1.5), "took " + clock.Elapsed);
        Assert.True(SetIs(seen.Last(), "a"));
        Assert.True(a.IsAlive);
    }

    [Fact]
    public void Dispose_RevokesTheLease_SoOthersSeeTheNodeGoAtOnce()
    {
        var a = NewMember();
        a.Join("a");
        var b = NewMember();
        b.Join("b");
        WaitUntil(() => SetIs(a.LiveMembers, "a", "b"), TimeSpan.FromSeconds(5), "a sees b join");

        b.Dispose();
        WaitUntil(() => SetIs(a.LiveMembers, "a"), TimeSpan.FromSeconds(1), "a sees b leave well before its TTL");
        Assert.False(b.IsAlive);
    }

    [Fact]
    public void KeepAlive_HoldsTheMemberKeyBeyondTheTtl()
    {
        var a = NewMember();
        a.Join("a");
        Thread.Sleep(Timing.LeaseTtl * 2); // real etcd lease expiry would have happened without renewals
        Assert.True(Exists(_layout.Members + "a"));
        Assert.True(a.IsAlive);
    }

    // ---- election ------------------------------------------------------------------------------------------------

    private static int LeaderCount(IEnumerable<EtcdMembership> nodes) => nodes.Count(n => n.Leadership is not null);

    [Fact]
    public void Election_ExactlyOneLeader_AndTheNextTakesOverWhenTheLeaderDies()
    {
        var nodes = new[] { NewMember(), NewMember(), NewMember() };
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].Join("n" + i);
        }
        WaitUntil(() => LeaderCount(nodes) == 1, TimeSpan.FromSeconds(5), "one leader");
        for (var sample = 0; sample < 20; sample++)
        {
            Assert.Equal(1, LeaderCount(nodes));
            Thread.Sleep(50); // polling a real etcd and real leases: real time
        }
        var leader = nodes.Single(n => n.Leadership is not null);
        var fence = leader.Leadership!;
        Assert.StartsWith(_layout.Leader, fence.Key, StringComparison.Ordinal);
        Assert.True(TxnSucceeds(CreateRevisionIs(fence.Key, fence.CreateRevision)), "the leader's fence holds");

        leader.SimulateCrash();
        var rest = nodes.Where(n => n != leader).ToArray();
        var clock = Stopwatch.StartNew();
        while (LeaderCount(rest) == 0)
        {
            Assert.True(LeaderCount(rest) <= 1);
            Assert.True(clock.Elapsed < Timing.LeaseTtl * 2 + TimeSpan.FromSeconds(1), "no new leader after " + clock.Elapsed);
            Thread.Sleep(20); // polling a real etcd and real leases: real time
        }
        for (var sample = 0; sample < 20; sample++)
        {
            Assert.Equal(1, LeaderCount(rest));
            Thread.Sleep(50); // polling a real etcd and real leases: real time
        }
        var next = rest.Single(n => n.Leadership is not null).Leadership!;
        Assert.True(next.CreateRevision > fence.CreateRevision);
        Assert.False(TxnSucceeds(CreateRevisionIs(fence.Key, fence.CreateRevision)), "the dead leader's fence is gone with its lease");
        Assert.True(TxnSucceeds(CreateRevisionIs(next.Key, next.CreateRevision)));
    }

    [Fact]
    public void Leader_PausedPastItsLease_StepsDownAndItsFenceNoLongerHolds()
    {
        var nodes = new[] { NewMember(), NewMember() };
        var changes = nodes.Select(_ => new ConcurrentQueue<(TimeSpan At, StoreFence? Fence)>()).ToArray();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < nodes.Length; i++)
        {
            var q = changes[i];
            nodes[i].LeadershipChanged += f => q.Enqueue((clock.Elapsed, f));
            nodes[i].Join("n" + i);
        }
        WaitUntil(() => LeaderCount(nodes) == 1, TimeSpan.FromSeconds(5), "one leader");
        var li = Array.FindIndex(nodes, n => n.Leadership is not null);
        var leader = nodes[li];
        var other = nodes[1 - li];
        var fence = leader.Leadership!;

        var pausedAt = clock.Elapsed;
        leader.FreezeKeepAlives(Timing.LeaseTtl + TimeSpan.FromSeconds(1.5));

        WaitUntil(() => other.Leadership is not null, Timing.LeaseTtl * 2 + TimeSpan.FromSeconds(1), "the other node takes over");
        var otherWonAt = changes[1 - li].Last(c => c.Fence is not null).At;
        var stepDown = changes[li].Where(c => c.Fence is null).Select(c => (TimeSpan?)c.At).FirstOrDefault();
        Assert.True(stepDown is not null, "the paused leader stepped down by its own clock");
        Assert.True(stepDown < otherWonAt, "stepped down at " + stepDown + ", the other won at " + otherWonAt);
        Assert.True(stepDown - pausedAt <= Timing.LeaseTtl, "stepped down " + (stepDown - pausedAt) + " after the pause began");
        Assert.Null(leader.Leadership);

        // The old fence can no longer commit: its key went with its lease.
        Assert.False(TxnSucceeds(CreateRevisionIs(fence.Key, fence.CreateRevision)));

        // After the pause the node comes back as a member, not as leader, and never two leaders meanwhile.
        WaitUntil(() => leader.IsAlive && SetIs(other.LiveMembers, "n0", "n1"), TimeSpan.FromSeconds(8), "the paused node rejoins");
        for (var sample = 0; sample < 20; sample++)
        {
            Assert.Equal(1, LeaderCount(nodes));
            Assert.NotNull(other.Leadership);
            Thread.Sleep(50); // polling a real etcd and real leases: real time
        }
        Assert.DoesNotContain(changes[li], c => c.At > stepDown && c.Fence is not null);
    }

    [Fact]
    public void Leader_StepsDownByItsOwnClock_BeforeItsLeaseCanLapse()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var m = new EtcdMembership(Connect(), _layout, Timing, clock);
        _owned.Add(m);
        var raised = new ConcurrentQueue<StoreFence?>();
        m.LeadershipChanged += raised.Enqueue;
        m.Join("a");
        WaitUntil(() => m.Leadership is not null, TimeSpan.FromSeconds(5), "a leads");
        var fence = m.Leadership!;

        m.FreezeKeepAlives(TimeSpan.FromMinutes(1)); // no renewal from now on, as far as the local clock knows
        clock.Advance(Timing.LeaseTtl - Timing.KeepAlivePeriod - TimeSpan.FromMilliseconds(100));
        Assert.Equal(fence, m.Leadership);
        Assert.True(m.IsAlive);

        clock.Advance(TimeSpan.FromMilliseconds(400)); // past TTL - keep-alive: the step-down check runs every keep-alive / 2
        Assert.Null(m.Leadership);
        Assert.Equal([fence, null], raised);
        // The step-down came from the local clock alone: on etcd the key (and its lease) still exists.
        Assert.True(TxnSucceeds(CreateRevisionIs(fence.Key, fence.CreateRevision)));

        clock.Advance(TimeSpan.FromMilliseconds(300)); // past the TTL since the last acknowledged renewal
        Assert.False(m.IsAlive);
    }

    [Fact]
    public void Leader_WhoseElectionKeyIsDeleted_StepsDown_AndANewKeyLeads()
    {
        var nodes = new[] { NewMember(), NewMember() };
        var raised = nodes.Select(_ => new ConcurrentQueue<StoreFence?>()).ToArray();
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].LeadershipChanged += raised[i].Enqueue;
            nodes[i].Join("n" + i);
        }
        WaitUntil(() => LeaderCount(nodes) == 1, TimeSpan.FromSeconds(5), "one leader");
        var li = Array.FindIndex(nodes, n => n.Leadership is not null);
        var fence = nodes[li].Leadership!;

        _raw.Call((i, d) => EtcdConnection.Kv(i).DeleteRange(new DeleteRangeRequest { Key = EtcdLayout.Key(fence.Key) }, deadline: d));

        WaitUntil(() => raised[li].Contains(null), TimeSpan.FromSeconds(2), "the leader steps down");
        WaitUntil(() => LeaderCount(nodes) == 1 && nodes.Single(n => n.Leadership is not null).Leadership != fence, TimeSpan.FromSeconds(3), "a new election key leads");
        Assert.True(nodes.Single(n => n.Leadership is not null).Leadership!.CreateRevision > fence.CreateRevision);
    }

    [Fact]
    public void Leader_Dispose_StepsDownAndHandsOverAtOnce()
    {
        var nodes = new[] { NewMember(), NewMember() };
        var raised = new ConcurrentQueue<StoreFence?>();
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].LeadershipChanged += raised.Enqueue;
            nodes[i].Join("n" + i);
        }
        WaitUntil(() => LeaderCount(nodes) == 1, TimeSpan.FromSeconds(5), "one leader");
        var leader = nodes.Single(n => n.Leadership is not null);
        var other = nodes.Single(n => n != leader);
        leader.Dispose();
        Assert.Null(leader.Leadership);
        WaitUntil(() => other.Leadership is not null, TimeSpan.FromSeconds(1), "the other takes over well before the TTL");
        Assert.Contains(null, raised);
    }

    // ---- etcd faults ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Membership_SurvivesTheLossOfTheEtcdMemberItTalksTo(bool pause)
    {
        using var etcd = new EtcdServer(3);
        // Every node talks to etcd member 0 first.
        var nodes = new[] { "n0", "n1" }.Select(name =>
        {
            var m = new EtcdMembership(Connect(etcd.Endpoints), _layout, Timing, TimeProvider.System, new OutputLogger(_output, name));
            _owned.Add(m);
            return m;
        }).ToArray();
        var seen = new ConcurrentQueue<IReadOnlyCollection<string>>();
        nodes[0].Join("n0");
        nodes[1].Join("n1");
        WaitUntil(() => nodes.All(n => SetIs(n.LiveMembers, "n0", "n1")) && LeaderCount(nodes) == 1, TimeSpan.FromSeconds(5), "both members, one leader");
        nodes[0].MembersChanged += seen.Enqueue;
        _output.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " losing etcd member 0");

        if (pause)
        {
            etcd.Pause(0, stop: true);
        }
        else
        {
            etcd.Kill(0);
        }
        try
        {
            // Beyond two TTLs: the leases must have been renewed through the other etcd members.
            Thread.Sleep(Timing.LeaseTtl * 2 + TimeSpan.FromSeconds(1)); // real etcd failover and lease expiry
            WaitUntil(() => nodes.All(n => n.IsAlive && SetIs(n.LiveMembers, "n0", "n1")) && LeaderCount(nodes) == 1, TimeSpan.FromSeconds(10),
                "both alive and seen, one leader, after losing etcd member 0");
            Assert.DoesNotContain(seen, s => s.Count < 2);
            var fence = nodes.Single(n => n.Leadership is not null).Leadership!;
            var txn = new TxnRequest();
            txn.Compare.Add(CreateRevisionIs(fence.Key, fence.CreateRevision));
            using var survivor = new EtcdConnection([new Uri(etcd.ClientUrl(1))], TimeSpan.FromSeconds(2));
            Assert.True(survivor.Call((i, d) => EtcdConnection.Kv(i).Txn(txn, deadline: d)).Succeeded, "the leader's fence holds");
        }
        finally
        {
            if (pause)
            {
                etcd.Pause(0, stop: false);
            }
        }
    }

    // ---- timing --------------------------------------------------------------------------------------------------

    [Fact]
    public void FromHeartbeat_MapsDelayAndThresholdOntoTtlAndKeepAlive()
    {
        Assert.Equal(new MembershipTiming(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), MembershipTiming.FromHeartbeat(TimeSpan.FromSeconds(1), 5));
        Assert.Equal(new MembershipTiming(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(250)), MembershipTiming.FromHeartbeat(TimeSpan.FromMilliseconds(250), 4));
        // A delay of half the TTL or more is renewed three times per TTL instead.
        Assert.Equal(new MembershipTiming(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) / 3), MembershipTiming.FromHeartbeat(TimeSpan.FromSeconds(1), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MembershipTiming.FromHeartbeat(TimeSpan.Zero, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MembershipTiming.FromHeartbeat(TimeSpan.FromSeconds(1), 0));
    }
}

/// <summary>Writes a membership's log to the test output, with the time and the node.</summary>
internal sealed class OutputLogger(ITestOutputHelper output, string node) : Microsoft.Extensions.Logging.ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + node + ": " + formatter(state, exception));
        }
        catch (InvalidOperationException)
        {
            // the test is over
        }
    }
}
