using System.Text;

namespace Clusterd.Store.Tests;

/// <summary>
/// The <see cref="IClusterStore"/> contract, once for every backend. A backend plugs in with one subclass that
/// says how to create an empty store and how to reopen one as a restarted process would.
/// </summary>
public abstract partial class ClusterStoreContract : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IClusterStore> _opened = [];

    /// <summary>A new, empty store in its own place (each call independent of the others).</summary>
    protected abstract IClusterStore CreateEmptyStore();

    /// <summary>Simulates a process restart: release <paramref name="store"/> and open its durable state again.</summary>
    protected abstract IClusterStore ReopenStore(IClusterStore store);

    protected IClusterStore Create() => Track(CreateEmptyStore());

    protected IClusterStore Reopen(IClusterStore store) => Track(ReopenStore(store));

    private IClusterStore Track(IClusterStore store)
    {
        lock (_gate)
        {
            _opened.Add(store);
        }

        return store;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _opened.ForEach(static s => s.Dispose());
                _opened.Clear();
            }
        }
    }

    protected static StoreWrite Put(string key, string value, Durability durability = Durability.Nonvolatile) =>
        new(key, Encoding.UTF8.GetBytes(value), durability);

    protected static StoreWrite Put(string key, byte[] value, Durability durability = Durability.Nonvolatile) =>
        new(key, value, durability);

    protected static StoreWrite Delete(string key) => new(key, null, Durability.Nonvolatile);

    /// <summary>The store's contents as (key, UTF-8 text, durability), in the order Load returned them.</summary>
    protected static (string Key, string Value, Durability Durability)[] Contents(IClusterStore store) =>
        [.. store.Load().Select(static r => (r.Key, Encoding.UTF8.GetString(r.Value.Span), r.Durability))];

    [Fact]
    public void New_store_is_empty_at_revision_0()
    {
        var store = Create();
        Assert.Empty(store.Load());
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Commit_then_Load_returns_every_record_with_its_class()
    {
        var store = Create();
        store.Commit([Put("b", "2", Durability.Volatile), Put("a", "1")]);
        Assert.Equal([("a", "1", Durability.Nonvolatile), ("b", "2", Durability.Volatile)], Contents(store));
    }

    [Fact]
    public void Batch_atomicity_one_over_limit_value_writes_nothing()
    {
        var store = Create();
        store.Commit([Put("kept", "old")]);
        var tooBig = new byte[StoreLimits.MaxValueLength + 1];
        Assert.Throws<ArgumentException>(() => store.Commit([Put("kept", "new"), Put("x", "1"), Put("big", tooBig)]));
        Assert.Equal([("kept", "old", Durability.Nonvolatile)], Contents(store));
        Assert.Equal(1, store.Revision);
    }

    [Fact]
    public void Batch_atomicity_one_over_limit_key_writes_nothing()
    {
        var store = Create();
        Assert.Throws<ArgumentException>(
            () => store.Commit([Put("a", "1"), Put(new string('k', StoreLimits.MaxKeyLength + 1), "2")]));
        Assert.Empty(store.Load());
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Batch_over_MaxBatchSize_writes_nothing()
    {
        var store = Create();
        var batch = Enumerable.Range(0, StoreLimits.MaxBatchSize + 1).Select(static i => Put($"k{i}", "v")).ToArray();
        Assert.Throws<ArgumentException>(() => store.Commit(batch));
        Assert.Empty(store.Load());
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Null_batch_null_write_and_null_key_are_rejected_and_write_nothing()
    {
        var store = Create();
        Assert.Throws<ArgumentNullException>(() => store.Commit(null!));
        Assert.Throws<ArgumentException>(() => store.Commit([Put("a", "1"), null!]));
        Assert.Throws<ArgumentException>(() => store.Commit([Put("a", "1"), new StoreWrite(null!, null, Durability.Nonvolatile)]));
        Assert.Empty(store.Load());
        Assert.Equal(0, store.Revision);
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("a\0b")]
    [InlineData("ab\0")]
    public void Key_with_NUL_is_rejected_because_C_tools_truncate_at_it(string key)
    {
        var store = Create();
        var error = Assert.Throws<ArgumentException>(() => store.Commit([Put("a", "1"), Put(key, "2")]));
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Load());
    }

    [Theory]
    [InlineData("", 0xD800, -1)]
    [InlineData("a", 0xDC00, -1)]
    [InlineData("", 0xDC00, 0xD800)]
    [InlineData("x", 0xD83D, -1)]
    [InlineData("x", 0xD83D, 'y')]
    public void Key_with_unpaired_surrogate_is_rejected_because_it_has_no_UTF8_form(string prefix, int first, int second)
    {
        // Built here: xunit would turn a lone surrogate in InlineData into U+FFFD.
        var key = prefix + (char)first + (second < 0 ? "" : ((char)second).ToString());
        var store = Create();
        var error = Assert.Throws<ArgumentException>(() => store.Commit([Put(key, "1")]));
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Load());
    }

    [Fact]
    public void Undefined_durability_is_rejected()
    {
        var store = Create();
        Assert.Throws<ArgumentException>(() => store.Commit([Put("a", "1", (Durability)2)]));
        Assert.Empty(store.Load());
    }

    [Fact]
    public void Later_write_wins_within_a_batch()
    {
        var store = Create();
        store.Commit([Put("gone", "x")]);
        store.Commit(
        [
            Put("a", "1"), Put("a", "2"),               // put, put: the second value
            Put("b", "1"), Delete("b"),                 // put, delete: gone
            Delete("c"), Put("c", "3", Durability.Volatile), // delete, put: present
            Delete("gone"), Put("gone", "back"), Delete("gone"),
        ]);
        Assert.Equal([("a", "2", Durability.Nonvolatile), ("c", "3", Durability.Volatile)], Contents(store));
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void Delete_of_missing_key_is_ok_and_is_a_commit()
    {
        var store = Create();
        store.Commit([Delete("never-there")]);
        Assert.Empty(store.Load());
        Assert.Equal(1, store.Revision);
    }

    [Fact]
    public void Load_orders_keys_ordinally_by_UTF16_code_unit()
    {
        var store = Create();
        // U+1F600 is a surrogate pair (0xD83D ...) so ordinal puts it before U+FFFD; UTF-8 byte order would not.
        string[] keys = ["\uFFFD", "ä", "a\\b", "\U0001F600", "B", "a", "", "a/b", "A"];
        store.Commit([.. keys.Select(static k => Put(k, k))]);
        string[] expected = ["", "A", "B", "a", "a/b", "a\\b", "ä", "\U0001F600", "\uFFFD"];
        Assert.Equal(expected, store.Load().Select(static r => r.Key));
        Assert.Equal(expected, Reopen(store).Load().Select(static r => r.Key));
    }

    [Fact]
    public void Rewriting_a_key_with_the_other_class_moves_it()
    {
        var store = Create();
        store.Commit([Put("up", "v", Durability.Volatile), Put("down", "n")]);
        store.Commit([Put("up", "n2"), Put("down", "v2", Durability.Volatile)]);
        Assert.Equal([("down", "v2", Durability.Volatile), ("up", "n2", Durability.Nonvolatile)], Contents(store));
        store.ClearVolatile();
        Assert.Equal([("up", "n2", Durability.Nonvolatile)], Contents(store));
    }

    [Fact]
    public void ClearVolatile_drops_only_volatile_records_and_keeps_the_revision()
    {
        var store = Create();
        store.Commit([Put("n1", "a"), Put("v1", "b", Durability.Volatile), Put("n2", "c"), Put("v2", "d", Durability.Volatile)]);
        store.ClearVolatile();
        Assert.Equal([("n1", "a", Durability.Nonvolatile), ("n2", "c", Durability.Nonvolatile)], Contents(store));
        Assert.Equal(1, store.Revision);
        store = Reopen(store);
        Assert.Equal([("n1", "a", Durability.Nonvolatile), ("n2", "c", Durability.Nonvolatile)], Contents(store));
        store.ClearVolatile(); // nothing volatile left: still fine
        Assert.Equal(2, store.Load().Count);
    }

    [Fact]
    public void ClearAll_drops_every_record_keeps_the_revision_and_the_store_usable()
    {
        var store = Create();
        store.Commit([Put("n1", "a"), Put("v1", "b", Durability.Volatile)]);
        store.ClearAll();
        Assert.Empty(store.Load());
        Assert.Equal(1, store.Revision);
        store.Commit([Put("n2", "c")]);
        store = Reopen(store);
        Assert.Equal([("n2", "c", Durability.Nonvolatile)], Contents(store));
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void Volatile_records_survive_process_restart_until_ClearVolatile()
    {
        var store = Create();
        store.Commit([Put("backup", "on", Durability.Volatile)]);
        store = Reopen(store);
        Assert.Equal([("backup", "on", Durability.Volatile)], Contents(store));
        store.ClearVolatile();
        Assert.Empty(Reopen(store).Load());
    }

    [Fact]
    public void Revision_increments_only_on_non_empty_commits_and_survives_reopen()
    {
        var store = Create();
        store.Commit([]);
        Assert.Equal(0, store.Revision);
        store.Commit([Put("a", "1")]);
        store.Commit([Put("a", "1")]); // same content is still a commit
        store.Commit([]);
        Assert.Throws<ArgumentException>(() => store.Commit([Put("\0", "x")]));
        store.Commit([Delete("a")]);
        Assert.Equal(3, store.Revision);
        store = Reopen(store);
        Assert.Equal(3, store.Revision);
        store.Commit([Put("b", "2")]);
        Assert.Equal(4, store.Revision);
    }

    [Fact]
    public void Records_survive_reopen()
    {
        var store = Create();
        store.Commit([Put("a", "1"), Put("b", "2", Durability.Volatile)]);
        store.Commit([Put("a", "3"), Delete("b"), Put("c", "4")]);
        var before = Contents(store);
        Assert.Equal(before, Contents(Reopen(store)));
    }

    [Fact]
    public void Values_of_0_bytes_and_of_MaxValueLength_round_trip()
    {
        var store = Create();
        var largest = new byte[StoreLimits.MaxValueLength];
        new Random(7).NextBytes(largest);
        store.Commit([Put("empty", []), Put("largest", largest)]);
        AssertRoundTripped(store.Load());
        AssertRoundTripped(Reopen(store).Load());

        void AssertRoundTripped(IReadOnlyList<StoreRecord> records)
        {
            Assert.Equal(["empty", "largest"], records.Select(static r => r.Key));
            Assert.Equal(0, records[0].Value.Length);
            Assert.True(records[1].Value.Span.SequenceEqual(largest));
        }
    }

    [Fact]
    public void Value_given_as_a_slice_stores_only_the_slice()
    {
        var store = Create();
        byte[] buffer = [1, 2, 3, 4, 5];
        store.Commit([new StoreWrite("slice", buffer.AsMemory(1, 3), Durability.Nonvolatile)]);
        Assert.Equal([2, 3, 4], store.Load()[0].Value.ToArray());
    }

    [Fact]
    public void Key_of_MaxKeyLength_round_trips()
    {
        var store = Create();
        var key = string.Concat(Enumerable.Repeat("ab\U0001F600/", StoreLimits.MaxKeyLength / 5)).PadRight(StoreLimits.MaxKeyLength, 'z');
        store.Commit([Put(key, "v")]);
        Assert.Equal(key, Reopen(store).Load().Single().Key);
    }

    [Fact]
    public void Every_BMP_character_except_NUL_and_surrogates_round_trips_in_keys()
    {
        var store = Create();
        var keys = Enumerable.Range(1, 0xFFFF)
            .Where(static c => !char.IsSurrogate((char)c))
            .Select(static c => "k" + (char)c)
            .Append("k\U00010000").Append("k\U0010FFFF").Append("k\U0001F600x")
            .ToList();
        store.Commit([.. keys.Select(static k => Put(k, []))]);
        keys.Sort(StringComparer.Ordinal);
        Assert.Equal(keys, store.Load().Select(static r => r.Key));
        Assert.Equal(keys, Reopen(store).Load().Select(static r => r.Key));
    }

    [Fact]
    public void Committed_values_are_not_affected_by_later_changes_to_the_callers_buffer()
    {
        var store = Create();
        byte[] buffer = [1, 2, 3];
        store.Commit([Put("k", buffer)]);
        buffer[0] = 9;
        Assert.Equal([1, 2, 3], store.Load()[0].Value.ToArray());
    }

    [Fact]
    public void Concurrent_commits_from_many_threads_are_all_applied()
    {
        var store = Create();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            store.Commit([Put($"t{i:D2}", $"{i}"), Put("shared", $"{i}")]);
            _ = store.Load();
        });
        Assert.Equal(64, store.Revision);
        Assert.Equal(65, store.Load().Count);
    }

    [Fact]
    public void Operations_after_Dispose_throw_ObjectDisposedException_and_Dispose_is_idempotent()
    {
        var store = Create();
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Commit([Put("a", "1")]));
        Assert.Throws<ObjectDisposedException>(() => store.Load());
        Assert.Throws<ObjectDisposedException>(store.ClearVolatile);
    }
}
