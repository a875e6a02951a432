using System.Text;
using Microsoft.Data.Sqlite;

namespace Clusterd.Store.Tests;

/// <summary>What only the SQLite backend has: files, the directory lock, durability settings, corruption.</summary>
public sealed class SqliteClusterStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static StoreWrite Put(string key, string value, Durability durability = Durability.Nonvolatile) =>
        new(key, Encoding.UTF8.GetBytes(value), durability);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Runs SQL on clusterd.db with a plain connection while no store has it open.</summary>
    private void RawSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.Combine("clusterd.db")};Pooling=False");
        connection.Open();
        _ = Scalar(connection, sql);
    }

    [Fact]
    public void Creates_clusterd_db_in_WAL_mode_with_synchronous_FULL_and_a_lock_file()
    {
        using var store = new SqliteClusterStore(_dir.Path);
        Assert.True(File.Exists(_dir.Combine("clusterd.db")));
        Assert.True(File.Exists(_dir.Combine("clusterd.lock")));
        Assert.Equal("wal", Scalar(store.ConnectionForTests, "PRAGMA journal_mode;"));
        Assert.Equal(2L, Scalar(store.ConnectionForTests, "PRAGMA synchronous;")); // FULL: durable before acknowledged
        Assert.Equal(SqliteClusterStore.SchemaVersion, Scalar(store.ConnectionForTests, "SELECT value FROM meta WHERE name = 'schema_version';"));
    }

    [Fact]
    public void Creates_a_missing_data_directory()
    {
        var nested = _dir.Combine("a/b/data");
        using var store = new SqliteClusterStore(nested);
        Assert.True(File.Exists(Path.Combine(nested, "clusterd.db")));
    }

    [Fact]
    public void Reopen_after_Dispose_sees_every_record_and_the_revision()
    {
        using (var store = new SqliteClusterStore(_dir.Path))
        {
            store.Commit([Put("a", "1"), Put("v", "2", Durability.Volatile)]);
            store.Commit([Put("b", "3")]);
        }

        using var reopened = new SqliteClusterStore(_dir.Path);
        Assert.Equal(["a", "b", "v"], reopened.Load().Select(static r => r.Key));
        Assert.Equal(2, reopened.Revision);
    }

    [Fact]
    public void Second_store_on_the_same_directory_is_refused_while_the_first_is_open_and_allowed_after_Dispose()
    {
        var first = new SqliteClusterStore(_dir.Path);
        first.Commit([Put("a", "1")]);
        var error = Assert.Throws<StoreException>(() => new SqliteClusterStore(_dir.Path));
        Assert.Contains("data directory in use by another process", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, first.Revision); // the refused open touched nothing
        first.Commit([Put("b", "2")]);
        first.Dispose();

        using var second = new SqliteClusterStore(_dir.Path);
        Assert.Equal(2, second.Revision);
    }

    [Fact]
    public async Task Another_process_is_refused_while_the_directory_is_open()
    {
        using var store = new SqliteClusterStore(_dir.Path);
        using var other = CrashWriterProcess.Start(_dir.Path, maxCommits: 1);
        var stderr = other.StandardError.ReadToEndAsync();
        var stdout = await other.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await other.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, other.ExitCode);
        Assert.DoesNotContain("ACK", stdout, StringComparison.Ordinal);
        Assert.Contains("data directory in use by another process", await stderr, StringComparison.Ordinal);
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Failure_inside_the_transaction_rolls_back_the_whole_batch_and_the_store_stays_usable()
    {
        using var store = new SqliteClusterStore(_dir.Path);
        store.Commit([Put("a", "old"), Put("b", "kept")]);
        var pages = (long)Scalar(store.ConnectionForTests, "PRAGMA page_count;")!;
        // A real SQLITE_FULL from inside the transaction: the database may not grow past its current size.
        _ = Scalar(store.ConnectionForTests, $"PRAGMA max_page_count = {pages};");

        var big = new StoreWrite("big", new byte[StoreLimits.MaxValueLength], Durability.Nonvolatile);
        var error = Assert.Throws<StoreException>(() => store.Commit([Put("a", "new"), new StoreWrite("b", null, Durability.Nonvolatile), big]));
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Equal(1, store.Revision);
        Assert.Equal(["a", "b"], store.Load().Select(static r => r.Key));
        Assert.Equal("old", Encoding.UTF8.GetString(store.Load()[0].Value.Span));

        _ = Scalar(store.ConnectionForTests, "PRAGMA max_page_count = 4294967294;");
        store.Commit([big]);
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void Garbage_database_file_is_refused_with_a_clear_StoreException_and_releases_the_lock()
    {
        var garbage = new byte[8192];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(_dir.Combine("clusterd.db"), garbage);

        var error = Assert.Throws<StoreException>(() => new SqliteClusterStore(_dir.Path));
        Assert.Contains("cannot open the cluster database", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", error.Message, StringComparison.Ordinal);

        File.Delete(_dir.Combine("clusterd.db"));
        using var store = new SqliteClusterStore(_dir.Path); // the failed open released the directory lock
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Corrupted_pages_are_refused_with_a_clear_StoreException()
    {
        using (var store = new SqliteClusterStore(_dir.Path))
        {
            for (var i = 0; i < 20; i++)
            {
                store.Commit([.. Enumerable.Range(0, 50).Select(j => Put($"key/{i:D3}/{j:D3}", new string('x', 200)))]);
            }
        }

        var path = _dir.Combine("clusterd.db");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 16 * 4096, $"database unexpectedly small: {bytes.Length}");
        var garbage = new byte[bytes.Length / 2];
        new Random(2).NextBytes(garbage);
        garbage.CopyTo(bytes, 4096); // page 1 (header, schema) intact; pages from 2 on scribbled over
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<StoreException>(() => new SqliteClusterStore(_dir.Path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_schema_version_is_refused_with_a_clear_message()
    {
        using (new SqliteClusterStore(_dir.Path))
        {
        }

        RawSql("UPDATE meta SET value = 99 WHERE name = 'schema_version';");
        var error = Assert.Throws<StoreException>(() => new SqliteClusterStore(_dir.Path));
        Assert.Contains("schema version 99, newer than this build supports (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SQLite_database_of_another_application_is_refused()
    {
        RawSql("CREATE TABLE customers (id INTEGER PRIMARY KEY);");
        var error = Assert.Throws<StoreException>(() => new SqliteClusterStore(_dir.Path));
        Assert.Contains("not a Clusterd database", error.Message, StringComparison.Ordinal);
    }
}
