using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clusterd.Store.Etcd;
using Clusterd.Tests.Shared;
using Etcdserverpb;
using Google.Protobuf;

namespace Clusterd.Store.Tests;

/// <summary>What replication relies on (<see cref="IReplicatedStore"/>), on <see cref="EtcdClusterStore"/> and a real etcd.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdReplicationTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>, IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private EtcdClusterStore Open(string? prefix = null, EtcdServer? server = null) =>
        Own(EtcdFixture.Open(server ?? etcd.Server, prefix ?? EtcdFixture.NewPrefix()));

    private static StoreWrite Put(string key, string value, Durability durability = Durability.Nonvolatile) =>
        new(key, Encoding.UTF8.GetBytes(value), durability);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static (string, string, Durability)[] Contents(IEnumerable<StoreRecord> records) =>
        [.. records.Select(static r => (r.Key, Encoding.UTF8.GetString(r.Value.Span), r.Durability))];

    /// <summary>Polls the real etcd (or a watch fed by it) until <paramref name="done"/> or the deadline.</summary>
    private static void WaitUntil(Func<bool> done, string what)
    {
        var until = DateTime.UtcNow + WaitLimit;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for " + what);
            Thread.Sleep(20); // polling a real etcd and real leases: real time
        }
    }

    /// <summary>A put straight to etcd (a member or election key, as the membership component writes them); its revision.</summary>
    private static long RawPut(EtcdClusterStore store, string key, string value) =>
        store.Connection.Call((invoker, deadline) => EtcdConnection.Kv(invoker).Put(
            new PutRequest { Key = EtcdLayout.Key(key), Value = ByteString.CopyFromUtf8(value) }, deadline: deadline)).Header.Revision;

    private static void RawDelete(EtcdClusterStore store, string key) =>
        store.Connection.Call((invoker, deadline) => EtcdConnection.Kv(invoker).DeleteRange(
            new DeleteRangeRequest { Key = EtcdLayout.Key(key) }, deadline: deadline));

    /// <summary>Collects what a watch delivers.</summary>
    private sealed class Collector
    {
        public ConcurrentQueue<ReplicatedBatch> Batches { get; } = new();

        public ConcurrentQueue<Exception> Resets { get; } = new();

        public void OnBatch(ReplicatedBatch batch) => Batches.Enqueue(batch);

        public void OnReset(Exception reason) => Resets.Enqueue(reason);
    }

    private static void Apply(SortedDictionary<string, (string Value, Durability Durability)> model, ReplicatedBatch batch)
    {
        foreach (var w in batch.Writes)
        {
            if (w.Value is { } v)
            {
                model[w.Key] = (Encoding.UTF8.GetString(v.Span), w.Durability);
            }
            else
            {
                model.Remove(w.Key);
            }
        }
    }

    private static (string, string, Durability)[] Contents(SortedDictionary<string, (string Value, Durability Durability)> model) =>
        [.. model.Select(static kv => (kv.Key, kv.Value.Value, kv.Value.Durability))];

    [Fact]
    public void CommitAt_WithTheCurrentRevision_Applies_AndReturnsALargerRevision()
    {
        var store = Open();
        Assert.Equal(0, store.Snapshot().Revision);
        var r1 = store.CommitAt([Put("a", "1")], Bytes("e1"), 0, null);
        Assert.True(r1 > 0);
        var r2 = store.CommitAt([Put("b", "2", Durability.Volatile)], Bytes("e2"), r1, null);
        Assert.True(r2 > r1);
        var (records, revision) = store.Snapshot();
        Assert.Equal(r2, revision);
        Assert.Equal([("a", "1", Durability.Nonvolatile), ("b", "2", Durability.Volatile)], Contents(records));
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void CommitAt_RefusesAStaleRevision_AndAppliesNothing()
    {
        var store = Open();
        var r1 = store.CommitAt([Put("a", "1")], default, 0, null);
        var r2 = store.CommitAt([Put("a", "2")], default, r1, null);

        var stale = Assert.Throws<StoreConflictException>(() => store.CommitAt([Put("a", "stale"), Put("x", "1")], default, r1, null));
        Assert.Equal(r2, stale.CurrentRevision);
        var fromZero = Assert.Throws<StoreConflictException>(() => store.CommitAt([Put("x", "1")], default, 0, null));
        Assert.Equal(r2, fromZero.CurrentRevision);

        // A fresh instance that never saw the store is refused the same way.
        var other = Open(store.Layout.Prefix);
        Assert.Equal(r2, Assert.Throws<StoreConflictException>(() => other.CommitAt([Put("x", "1")], default, r1, null)).CurrentRevision);

        Assert.Equal((IReadOnlyList<(string, string, Durability)>)[("a", "2", Durability.Nonvolatile)], Contents(store.Load()));
        Assert.Equal(r2, store.Snapshot().Revision);
        Assert.Equal(2, Open(store.Layout.Prefix).Revision);
    }

    [Fact]
    public void CommitAt_FromStoresRacingOnOnePrefix_AppliesEveryBatchExactlyOnce()
    {
        var prefix = EtcdFixture.NewPrefix();
        var stores = new[] { Open(prefix), Open(prefix) };
        const int threads = 8;
        const int perThread = 10;
        var conflicts = 0;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var store = stores[t % stores.Length];
            for (var i = 0; i < perThread; i++)
            {
                while (true)
                {
                    var (records, revision) = store.Snapshot();
                    var counter = records.SingleOrDefault(static r => r.Key == "counter") is { } r
                        ? int.Parse(Encoding.UTF8.GetString(r.Value.Span), CultureInfo.InvariantCulture)
                        : 0;
                    try
                    {
                        store.CommitAt([Put("counter", (counter + 1).ToString(CultureInfo.InvariantCulture))], default, revision, null);
                        break;
                    }
                    catch (StoreConflictException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        });

        var check = Open(prefix);
        Assert.Equal([("counter", (threads * perThread).ToString(CultureInfo.InvariantCulture), Durability.Nonvolatile)], Contents(check.Load()));
        Assert.Equal(threads * perThread, check.Revision);
        Assert.True(conflicts > 0, "the race never conflicted: the test did not test anything");
    }

    [Fact]
    public void Commit_FromStoresRacingOnOnePrefix_RetriesConflicts_AndAppliesEveryBatch()
    {
        var prefix = EtcdFixture.NewPrefix();
        var stores = new[] { Open(prefix), Open(prefix), Open(prefix) };
        Parallel.For(0, 60, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            stores[i % stores.Length].Commit([Put("k" + i.ToString("D2", CultureInfo.InvariantCulture), "v"), Put("shared", "x")]));
        var check = Open(prefix);
        Assert.Equal(60, check.Revision);
        Assert.Equal(61, check.Load().Count);
    }

    [Fact]
    public void CommitAt_WithAFenceThatHolds_Applies()
    {
        var store = Open();
        var fenceKey = store.Layout.Leader + "abc";
        var created = RawPut(store, fenceKey, "me");
        RawPut(store, fenceKey, "me again"); // a later put keeps the create revision
        var revision = store.Snapshot().Revision;
        var r = store.CommitAt([Put("a", "1")], default, revision, new StoreFence(fenceKey, created));
        Assert.True(r > revision);
        Assert.Equal([("a", "1", Durability.Nonvolatile)], Contents(store.Load()));
    }

    [Fact]
    public void CommitAt_WithAFenceOnADeletedOrRecreatedKey_ThrowsFenceLost_AndAppliesNothing()
    {
        var store = Open();
        var fenceKey = store.Layout.Leader + "abc";
        var created = RawPut(store, fenceKey, "me");
        var r1 = store.CommitAt([Put("a", "1")], default, 0, new StoreFence(fenceKey, created));

        RawDelete(store, fenceKey);
        Assert.Throws<StoreFenceLostException>(() => store.CommitAt([Put("a", "deleted")], default, r1, new StoreFence(fenceKey, created)));

        RawPut(store, fenceKey, "someone else");
        Assert.Throws<StoreFenceLostException>(() => store.CommitAt([Put("a", "recreated")], default, r1, new StoreFence(fenceKey, created)));
        // A lost fence is reported even when the revision is stale too: the node must stop acting as leader.
        Assert.Throws<StoreFenceLostException>(() => store.CommitAt([Put("a", "stale")], default, 0, new StoreFence(fenceKey, created)));

        Assert.Equal([("a", "1", Durability.Nonvolatile)], Contents(store.Load()));
        Assert.Equal((r1, 1L), (store.Snapshot().Revision, store.Revision));
    }

    [Fact]
    public void Watch_DeliversEveryBatchInOrder_WithItsEvents_ExactlyOnce_AndAMoveEndsWithThePut()
    {
        var store = Open();
        var collector = new Collector();
        using var watch = store.Watch(0, collector.OnBatch, collector.OnReset);
        var committed = new List<(long Revision, string Events)>();
        var expected = 0L;
        for (var i = 0; i < 20; i++)
        {
            var events = "events " + i.ToString(CultureInfo.InvariantCulture);
            IReadOnlyList<StoreWrite> batch = (i % 4) switch
            {
                0 => [Put("k", "n" + i)],
                1 => [Put("k", "v" + i, Durability.Volatile)], // moves k to volatile
                2 => [Put("k", "back" + i), Put("other" + i, "x", Durability.Volatile)], // moves k back
                _ => [new StoreWrite("other" + (i - 1), null, Durability.Nonvolatile), Put("m", "1")],
            };
            expected = store.CommitAt(batch, Bytes(events), expected, null);
            committed.Add((expected, events));
            if (i == 10)
            {
                // Keys of other components under the prefix are not batches.
                RawPut(store, store.Layout.Members + "node1", "alive");
                RawPut(store, store.Layout.Leader + "1", "candidate");
                expected = store.Snapshot().Revision;
            }
        }

        WaitUntil(() => collector.Batches.Count >= committed.Count, "20 batches");
        // One more, so anything delivered twice would have arrived before it.
        var last = store.CommitAt([Put("last", "1")], Bytes("last"), expected, null);
        committed.Add((last, "last"));
        WaitUntil(() => collector.Batches.Any(b => b.Revision == last), "the last batch");

        var delivered = collector.Batches.ToArray();
        Assert.Equal(committed.Select(static c => c.Revision), delivered.Select(static b => b.Revision));
        Assert.Equal(committed.Select(static c => c.Events), delivered.Select(static b => Encoding.UTF8.GetString(b.Events.Span)));
        Assert.Empty(collector.Resets);

        var model = new SortedDictionary<string, (string Value, Durability Durability)>(StringComparer.Ordinal);
        foreach (var b in delivered)
        {
            Apply(model, b);
        }

        Assert.Equal(Contents(store.Load()), Contents(model));
        Assert.Contains(("k", "back18", Durability.Nonvolatile), Contents(model));
        Assert.Equal(1, store.WatchStreamsOpened); // etcd answered the progress probes: no needless reconnect
        var move = delivered[1];
        Assert.Equal([("k", (string?)null, Durability.Nonvolatile), ("k", "v1", Durability.Volatile)],
            move.Writes.Select(static w => (w.Key, w.Value is { } v ? Encoding.UTF8.GetString(v.Span) : null, w.Durability)));
    }

    [Fact]
    public void Watch_FromACompactedRevision_CallsOnReset_AndDeliversNothing()
    {
        var store = Open();
        var r1 = store.CommitAt([Put("a", "1")], default, 0, null);
        var r2 = store.CommitAt([Put("a", "2")], default, r1, null);
        var r3 = store.CommitAt([Put("a", "3")], default, r2, null);
        store.Connection.Call((invoker, deadline) => EtcdConnection.Kv(invoker).Compact(
            new CompactionRequest { Revision = r3, Physical = true }, deadline: deadline));

        var collector = new Collector();
        using var watch = store.Watch(r1, collector.OnBatch, collector.OnReset);
        WaitUntil(() => !collector.Resets.IsEmpty, "onReset");
        Assert.IsType<StoreException>(Assert.Single(collector.Resets));
        Assert.Empty(collector.Batches);
    }

    [Fact]
    public void Watch_SurvivesKillingAnEtcdMember_AndDeliversLaterBatchesInOrder_NoneTwice()
    {
        using var cluster = new EtcdServer(3);
        var store = Open(server: cluster);
        var collector = new Collector();
        using var watch = store.Watch(0, collector.OnBatch, collector.OnReset);
        var committed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            store.Commit([Put("k", "before" + i)]);
            committed.Add(store.Snapshot().Revision);
        }

        WaitUntil(() => collector.Batches.Count >= 5, "the batches before the kill");
        cluster.Kill(0); // the first endpoint: the one the store and its watch use
        for (var i = 0; i < 5; i++)
        {
            store.Commit([Put("k", "after" + i)]);
            committed.Add(store.Snapshot().Revision);
        }

        WaitUntil(() => collector.Batches.Count >= committed.Count, "the batches after the kill");
        var last = store.CommitAt([Put("k", "last")], default, committed[^1], null);
        committed.Add(last);
        WaitUntil(() => collector.Batches.Any(b => b.Revision == last), "the last batch");
        Assert.Equal(committed, collector.Batches.Select(static b => b.Revision));
        Assert.Empty(collector.Resets);
        Assert.True(store.WatchStreamsOpened >= 2, "the watch never moved to another member");
    }

    [Fact]
    public void Watch_MovesOnWhenItsEtcdMemberIsPaused_AndDeliversLaterBatchesInOrder_NoneTwice()
    {
        using var cluster = new EtcdServer(3);
        var store = Open(server: cluster);
        var collector = new Collector();
        using var watch = store.Watch(0, collector.OnBatch, collector.OnReset);
        var committed = new List<long>();
        store.Commit([Put("k", "before")]);
        committed.Add(store.Snapshot().Revision);
        WaitUntil(() => !collector.Batches.IsEmpty, "the batch before the pause");

        cluster.Pause(0, stop: true); // SIGSTOP: the watch stream's member goes silent, no error
        try
        {
            for (var i = 0; i < 3; i++)
            {
                store.Commit([Put("k", "during" + i)]);
                committed.Add(store.Snapshot().Revision);
            }

            WaitUntil(() => collector.Batches.Count >= committed.Count, "the batches committed during the pause");
        }
        finally
        {
            cluster.Pause(0, stop: false);
        }

        Assert.Equal(committed, collector.Batches.Select(static b => b.Revision));
        Assert.Empty(collector.Resets);
        Assert.True(store.WatchStreamsOpened >= 2, "the watch never moved to another member");
    }

    [Fact]
    public void Snapshot_AndWatch_ReadMoreThanOneGrpcMessageHolds()
    {
        var store = Open();
        var value = new byte[StoreLimits.MaxValueLength];
        new Random(3).NextBytes(value);
        for (var b = 0; b < 3; b++)
        {
            // 3 x 25 MiB in one class: each batch under etcd's 32 MiB request limit, together over the 64 MiB a response may be.
            store.Commit([.. Enumerable.Range(0, 25).Select(i => new StoreWrite(
                "big" + (b * 25 + i).ToString("D2", CultureInfo.InvariantCulture), value, Durability.Nonvolatile))]);
        }

        var (records, revision) = store.Snapshot();
        Assert.Equal(75, records.Count);
        Assert.Equal(Enumerable.Range(0, 75).Select(static i => "big" + i.ToString("D2", CultureInfo.InvariantCulture)), records.Select(static r => r.Key));
        Assert.All(records, r => Assert.True(r.Value.Span.SequenceEqual(value)));
        Assert.Equal(3, store.Revision);

        // A watch catching up over the same 75 MiB gets it in several messages too, each batch whole, once.
        var collector = new Collector();
        using var watch = store.Watch(0, collector.OnBatch, collector.OnReset);
        WaitUntil(() => collector.Batches.Count >= 3, "the three large batches");
        Assert.Equal(revision, collector.Batches.Last().Revision);
        Assert.Equal([25, 25, 25], collector.Batches.Select(static b => b.Writes.Count));
        Assert.Empty(collector.Resets);
    }

    [Fact]
    public void Snapshot_ThenWatchFromItsRevision_HasNoGapAndNoDuplicate_WhileAnotherNodeCommits()
    {
        var prefix = EtcdFixture.NewPrefix();
        var writer = Open(prefix);
        var reader = Open(prefix);
        for (var i = 0; i < 5; i++)
        {
            writer.Commit([Put("k" + i, "0")]);
        }

        using var stop = new CancellationTokenSource();
        var writes = new Thread(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                n++;
                writer.Commit([Put("k" + (n % 7), n.ToString(CultureInfo.InvariantCulture), n % 3 == 0 ? Durability.Volatile : Durability.Nonvolatile), new StoreWrite("k" + (n % 5), null, Durability.Nonvolatile)]);
            }
        });
        writes.Start();

        WaitUntil(() => writer.Revision > 20, "concurrent commits");
        var (records, revision) = reader.Snapshot();
        var countAtSnapshot = reader.Revision; // the reader has seen nothing newer yet
        var model = new SortedDictionary<string, (string Value, Durability Durability)>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            model[r.Key] = (Encoding.UTF8.GetString(r.Value.Span), r.Durability);
        }

        var collector = new Collector();
        using var watch = reader.Watch(revision, collector.OnBatch, collector.OnReset);
        WaitUntil(() => writer.Revision > 60, "more concurrent commits");
        stop.Cancel();
        writes.Join();
        var final = writer.Snapshot().Revision;
        WaitUntil(() => collector.Batches.Any(b => b.Revision == final), "the final batch");

        var delivered = collector.Batches.ToArray();
        Assert.True(delivered[0].Revision > revision);
        Assert.Equal(delivered.Select(static b => b.Revision).Distinct().Order(), delivered.Select(static b => b.Revision));
        foreach (var b in delivered)
        {
            Apply(model, b);
        }

        Assert.Equal(Contents(writer.Load()), Contents(model));
        // Every batch after the snapshot arrived: the batch count went up by exactly the number delivered.
        Assert.Equal(writer.Revision - countAtSnapshot, delivered.Length);
        Assert.Equal(writer.Revision, reader.Revision);
    }

    [Fact]
    public void Commit_ThatEtcdRefusesAsTooLarge_ThrowsStoreException_AndAppliesNothing()
    {
        var store = Open();
        store.Commit([Put("kept", "1")]);
        var big = new byte[StoreLimits.MaxValueLength];
        var batch = Enumerable.Range(0, 40).Select(i => new StoreWrite("big" + i.ToString(CultureInfo.InvariantCulture), big, Durability.Nonvolatile)).ToArray();
        Assert.Throws<StoreException>(() => store.Commit(batch)); // 40 MiB > etcd's --max-request-bytes (32 MiB)
        Assert.Equal([("kept", "1", Durability.Nonvolatile)], Contents(store.Load()));
        Assert.Equal(1, store.Revision);
    }

    [Fact]
    public void Open_And_Commit_WhenEtcdIsUnreachable_ThrowStoreExceptionWithinTheCallTimeout()
    {
        var endpoint = new Uri("http://127.0.0.1:" + EtcdServer.FreePort().ToString(CultureInfo.InvariantCulture));
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        using (var connection = new EtcdConnection([endpoint], timeout))
        {
            var error = Assert.Throws<StoreException>(() => EtcdClusterStore.Open(connection, new EtcdLayout(EtcdFixture.NewPrefix())));
            Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
            Assert.False(connection.IsReachable);
        }

        Assert.True(clock.Elapsed < timeout * 3, "Open took " + clock.Elapsed);

        clock.Restart();
        using var store = new EtcdClusterStore(new EtcdConnection([endpoint], timeout), new EtcdLayout(EtcdFixture.NewPrefix()), ownsConnection: true);
        Assert.Throws<StoreException>(() => store.Commit([Put("a", "1")]));
        Assert.Throws<StoreException>(() => store.CommitAt([Put("a", "1")], default, 0, null));
        Assert.Throws<StoreException>(() => store.Load());
        Assert.False(store.IsReachable);
        Assert.True(clock.Elapsed < timeout * 4, "three calls took " + clock.Elapsed);
    }
}
