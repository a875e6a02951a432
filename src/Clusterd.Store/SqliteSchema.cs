using Microsoft.Data.Sqlite;

namespace Clusterd.Store;

/// <summary>
/// Opening checks and the schema of <c>clusterd.db</c>: WAL with <c>synchronous=FULL</c>, an integrity check, and a
/// schema version this build understands.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this build creates and reads.</summary>
    public const long CurrentVersion = 1;

    private const string CreateSql = """
        CREATE TABLE meta (
            name  TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL);
        CREATE TABLE records (
            key        TEXT PRIMARY KEY NOT NULL COLLATE BINARY,
            value      BLOB NOT NULL,
            durability INTEGER NOT NULL CHECK (durability IN (0, 1)));
        INSERT INTO meta (name, value) VALUES ('schema_version', 1), ('revision', 0);
        """;

    /// <summary>
    /// Configures the connection, checks integrity and the schema (creating it in an empty database) and returns
    /// the stored revision. Throws <see cref="StoreException"/> with the reason when the file cannot be used.
    /// </summary>
    public static long OpenOrCreate(SqliteConnection connection, string path)
    {
        // Durable before acknowledged (docs/architecture.md, rule 4): in WAL mode synchronous=FULL fsyncs the WAL at
        // every commit, so COMMIT returns only once the transaction survives power loss.
        var journalMode = Scalar(connection, "PRAGMA journal_mode=WAL;") as string;
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException($"cannot switch {path} to WAL journal mode (SQLite kept '{journalMode}')");
        }

        Execute(connection, "PRAGMA synchronous=FULL;");
        if (Scalar(connection, "PRAGMA synchronous;") is not 2L)
        {
            throw new StoreException($"cannot set synchronous=FULL on {path}");
        }

        // The cluster database is small; a full page scan at start turns silent corruption into a clear refusal.
        var check = Scalar(connection, "PRAGMA quick_check(1);") as string;
        if (!string.Equals(check, "ok", StringComparison.Ordinal))
        {
            throw new StoreException($"the cluster database {path} is corrupt (SQLite quick_check: {check})");
        }

        var tables = Tables(connection);
        if (tables.Count == 0)
        {
            Execute(connection, "BEGIN IMMEDIATE;");
            Execute(connection, CreateSql);
            Execute(connection, "COMMIT;");
            return 0;
        }

        if (!tables.Contains("meta") || !tables.Contains("records"))
        {
            throw new StoreException(
                $"{path} is not a Clusterd database (tables: {string.Join(", ", tables.Order(StringComparer.Ordinal))})");
        }

        var version = Meta(connection, path, "schema_version");
        if (version > CurrentVersion)
        {
            throw new StoreException(
                $"the cluster database {path} has schema version {version}, newer than this build supports " +
                $"({CurrentVersion}); run a newer Clusterd or restore a backup made by this version");
        }

        if (version < 1)
        {
            throw new StoreException($"the cluster database {path} has unknown schema version {version}");
        }

        var revision = Meta(connection, path, "revision");
        return revision >= 0
            ? revision
            : throw new StoreException($"the cluster database {path} has a negative revision {revision}");
    }

    private static long Meta(SqliteConnection connection, string path, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is long value
            ? value
            : throw new StoreException($"the cluster database {path} has no integer '{name}' in its meta table");
    }

    private static HashSet<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';";
        using var reader = command.ExecuteReader();
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
