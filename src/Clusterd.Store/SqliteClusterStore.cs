using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Clusterd.Store;

/// <summary>
/// The embedded default <see cref="IClusterStore"/>: SQLite in <c>&lt;dataDir&gt;/clusterd.db</c>, WAL journal with
/// <c>synchronous=FULL</c>, so <see cref="Commit"/> returns only after the transaction is fsynced (docs/architecture.md,
/// rule 4, "durable before acknowledged").
/// </summary>
/// <remarks>
/// <para>One process owns a data directory: the constructor takes an exclusive lock on
/// <c>&lt;dataDir&gt;/clusterd.lock</c> and fails with <see cref="StoreException"/> ("data directory in use by
/// another process") while another store, in any process, holds it. Death of the owner, even <c>kill -9</c>,
/// releases the lock.</para>
/// <para>Opening refuses, with a <see cref="StoreException"/> naming the reason, a file that is not a SQLite
/// database, a database that fails SQLite's <c>quick_check</c>, a database that is not Clusterd's, and a schema
/// version newer than <see cref="SchemaVersion"/>.</para>
/// <para>Thread-safe: all operations are serialised on one connection with prepared statements.</para>
/// <para>If a failure happens at the durability step itself (the COMMIT and its fsync), SQLite cannot say whether
/// the batch reached the disk. The batch is not applied in this process and <see cref="Commit"/> throws, but the
/// store then refuses every further operation with <see cref="StoreException"/> until it is reopened, which
/// recovers whatever SQLite made durable (the PostgreSQL answer to failed fsync: never keep running on a state
/// that may differ from the disk).</para>
/// <para>Checkpoints run off the commit path. SQLite's automatic checkpoint would copy the WAL into the database file
/// (and fsync it) inside whichever COMMIT crosses the threshold, making that one commit tens to hundreds of
/// milliseconds long while the engine waits for it. Here the writing connection never checkpoints; a background
/// thread does, on its own connection, with PASSIVE checkpoints that never block a commit, at most once per
/// <see cref="CheckpointInterval"/> while there are commits. Durability does not depend on checkpoints: every commit
/// is fsynced in the WAL, and opening the database replays it.</para>
/// </remarks>
public sealed class SqliteClusterStore : IClusterStore
{
    /// <summary>File name of the database inside the data directory.</summary>
    public const string DatabaseFileName = "clusterd.db";

    /// <summary>File name of the single-writer lock file inside the data directory.</summary>
    public const string LockFileName = DataDirectoryLock.FileName;

    /// <summary>The schema version this build creates and reads; newer databases are refused.</summary>
    public const long SchemaVersion = SqliteSchema.CurrentVersion;

    private readonly Lock _gate = new();
    private readonly DataDirectoryLock _directoryLock;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _setRevision;
    private readonly SqliteCommand _selectAll;
    private readonly SqliteCommand _deleteVolatile;
    private readonly SqliteCommand _deleteAll;
    private readonly SqliteParameter _upsertKey;
    private readonly SqliteParameter _upsertValue;
    private readonly SqliteParameter _upsertDurability;
    private readonly SqliteParameter _deleteKey;
    private readonly SqliteParameter _revisionValue;
    private long _revision;
    private string? _faultReason;
    private bool _disposed;
    private readonly SqliteConnection? _checkpointConnection;
    private readonly Thread? _checkpointer;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly ManualResetEventSlim _stop = new();
    private volatile bool _stopping;

    /// <summary>
    /// How often, at most, the background checkpointer copies the WAL into the database while commits arrive: one
    /// database fsync a second at most, and the WAL holds about one second of commits.
    /// </summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The data directory; created (mode 0700 on Unix) if missing.</param>
    /// <exception cref="StoreException">The directory is locked by another process, or the database cannot be used.</exception>
    public SqliteClusterStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, DatabaseFileName);
        CreateDataDirectory(DataDirectory);
        _directoryLock = DataDirectoryLock.Acquire(DataDirectory);
        try
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = DatabasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = false, // Dispose must really close the file (checkpoint, release) for the next owner.
            }.ToString());
            _connection.Open();
            _revision = SqliteSchema.OpenOrCreate(_connection, DatabasePath);

            _begin = Prepare("BEGIN IMMEDIATE;");
            _commit = Prepare("COMMIT;");
            _rollback = Prepare("ROLLBACK;");
            _upsert = Prepare(
                "INSERT INTO records (key, value, durability) VALUES ($key, $value, $durability) " +
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, durability = excluded.durability;",
                ("$key", SqliteType.Text), ("$value", SqliteType.Blob), ("$durability", SqliteType.Integer));
            _upsertKey = _upsert.Parameters[0];
            _upsertValue = _upsert.Parameters[1];
            _upsertDurability = _upsert.Parameters[2];
            _delete = Prepare("DELETE FROM records WHERE key = $key;", ("$key", SqliteType.Text));
            _deleteKey = _delete.Parameters[0];
            _setRevision = Prepare(
                "UPDATE meta SET value = $revision WHERE name = 'revision';", ("$revision", SqliteType.Integer));
            _revisionValue = _setRevision.Parameters[0];
            _selectAll = Prepare("SELECT key, value, durability FROM records;");
            _deleteVolatile = Prepare("DELETE FROM records WHERE durability = 1;");
            _deleteAll = Prepare("DELETE FROM records;");

            // The writer never checkpoints (see remarks); this connection and thread do.
            SqliteSchema.Execute(_connection, "PRAGMA wal_autocheckpoint=0;");
            _checkpointConnection = new SqliteConnection(_connection.ConnectionString);
            _checkpointConnection.Open();
            SqliteSchema.Execute(_checkpointConnection, "PRAGMA synchronous=FULL;");
            _checkpointer = new Thread(RunCheckpoints) { IsBackground = true, Name = "clusterd-sqlite-checkpoint" };
            _checkpointer.Start();
        }
        catch (SqliteException ex)
        {
            DisposeResources();
            throw new StoreException(
                $"cannot open the cluster database {DatabasePath}: {ex.Message} (SQLite error {ex.SqliteExtendedErrorCode})",
                ex);
        }
        catch
        {
            DisposeResources();
            throw;
        }
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The full path of <c>clusterd.db</c>.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>The open connection, for tests that provoke real SQLite failures. Not for production use.</summary>
    internal SqliteConnection ConnectionForTests => _connection;

    /// <inheritdoc />
    /// <remarks>SQLite's BINARY collation orders UTF-8 bytes (code points), which differs from ordinal UTF-16 order
    /// for supplementary characters, so the records are sorted here with <see cref="string.CompareOrdinal(string, string)"/>.</remarks>
    public IReadOnlyList<StoreRecord> Load()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            var records = new List<StoreRecord>();
            try
            {
                using var reader = _selectAll.ExecuteReader();
                while (reader.Read())
                {
                    var durability = reader.GetInt64(2) switch
                    {
                        0 => Durability.Nonvolatile,
                        1 => Durability.Volatile,
                        var other => throw new StoreException($"record has unknown durability {other} in {DatabasePath}"),
                    };
                    records.Add(new StoreRecord(reader.GetString(0), reader.GetFieldValue<byte[]>(1), durability));
                }
            }
            catch (SqliteException ex)
            {
                throw new StoreException($"cannot read the cluster database {DatabasePath}: {ex.Message}", ex);
            }

            records.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return records;
        }
    }

    /// <inheritdoc />
    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StoreValidation.ValidateBatch(batch);
            if (batch.Count == 0)
            {
                return;
            }

            ThrowIfUnusable();
            var next = _revision + 1;
            RunTransaction("commit", () =>
            {
                foreach (var write in batch)
                {
                    if (write.Value is { } value)
                    {
                        _upsertKey.Value = write.Key;
                        _upsertValue.Value = AsArray(value);
                        _upsertDurability.Value = (long)write.Durability;
                        _upsert.ExecuteNonQuery();
                    }
                    else
                    {
                        _deleteKey.Value = write.Key;
                        _delete.ExecuteNonQuery();
                    }
                }

                _revisionValue.Value = next;
                if (_setRevision.ExecuteNonQuery() != 1)
                {
                    throw new StoreException($"the meta table of {DatabasePath} lost its revision row");
                }
            });
            Interlocked.Exchange(ref _revision, next);
        }
        WakeCheckpointer();
    }

    private void WakeCheckpointer()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first: one wake-up is enough.
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the final close checkpoints.
            }
        }
    }

    /// <summary>
    /// The background checkpointer: after commits, at most once per <see cref="CheckpointInterval"/>, copies the WAL
    /// into the database with a PASSIVE checkpoint (it never waits for, or blocks, a writer). A failed checkpoint loses
    /// nothing (the WAL still holds every commit) and is tried again after the next commit.
    /// </summary>
    private void RunCheckpoints()
    {
        while (true)
        {
            _committed.Wait();
            // Real time: this paces disk work, not cluster time. Wakes at once on dispose.
            if (_stopping || _stop.Wait(CheckpointInterval))
            {
                return;
            }
            try
            {
                SqliteSchema.Execute(_checkpointConnection!, "PRAGMA wal_checkpoint(PASSIVE);");
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                // Nothing is lost: the commits are in the WAL; the next commit wakes this thread again.
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Durable when it returns; does not change <see cref="Revision"/>.</remarks>
    public void ClearVolatile()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            RunTransaction("clear volatile records", () => _deleteVolatile.ExecuteNonQuery());
        }
    }

    /// <inheritdoc />
    public void ClearAll()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            RunTransaction("clear all records", () => _deleteAll.ExecuteNonQuery());
        }
    }

    /// <summary>Closes the database (checkpointing the WAL) and releases the data directory lock.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisposeResources();
        }
    }

    /// <summary>Runs <paramref name="body"/> in one IMMEDIATE transaction; any failure rolls back and throws <see cref="StoreException"/>.</summary>
    private void RunTransaction(string what, Action body)
    {
        try
        {
            _begin.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"cannot {what}: cannot begin a transaction on {DatabasePath}: {ex.Message}", ex);
        }

        try
        {
            body();
        }
        catch (Exception ex)
        {
            // Whatever went wrong, never leave the transaction open: the next BEGIN would fail forever.
            RollBackAfter(ex);
            if (ex is SqliteException or StoreException)
            {
                throw new StoreException($"cannot {what} on {DatabasePath}, nothing applied: {ex.Message}", ex);
            }

            throw;
        }

        try
        {
            _commit.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            RollBackAfter(ex);
            _faultReason = $"a {what} failed at the durability step ({ex.Message}); its outcome on disk is unknown";
            throw new StoreException($"cannot {what} on {DatabasePath}: {ex.Message}; reopen the store to recover", ex);
        }
    }

    private void RollBackAfter(Exception cause)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
        {
            return; // SQLite already rolled the transaction back (it does so itself for I/O and full-disk errors).
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            _faultReason = $"rollback failed ({ex.Message}) after: {cause.Message}";
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faultReason is { } reason)
        {
            throw new StoreException($"the store on {DatabasePath} is unusable until reopened: {reason}");
        }
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    private static void CreateDataDirectory(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot create the data directory {path}: {ex.Message}", ex);
        }
    }

    private void DisposeResources()
    {
        // Fields may be null when the constructor failed part way.
        _stopping = true;
        _stop.Set();
        if (_checkpointer is not null)
        {
            WakeCheckpointer();
            _checkpointer.Join();
        }
        _checkpointConnection?.Dispose();
        _committed.Dispose();
        _stop.Dispose();
        _begin?.Dispose();
        _commit?.Dispose();
        _rollback?.Dispose();
        _upsert?.Dispose();
        _delete?.Dispose();
        _setRevision?.Dispose();
        _selectAll?.Dispose();
        _deleteVolatile?.Dispose();
        _deleteAll?.Dispose();
        _connection?.Dispose();
        _directoryLock.Dispose();
    }
}
