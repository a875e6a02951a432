using System.Buffers.Binary;
using Clusterd.Store;

namespace Clusterd.Cluster.Database;

/// <summary>
/// The cluster database: a tree of keys and values rooted at the cluster key, persisted key-by-key in the
/// store. Store keys: <c>K␟path</c> marks a key (value = last-write ticks), <c>V␟path␟name</c> holds a value
/// (u32 REG type + bytes). ␟ is U+001F, which names may not contain.
/// </summary>
public sealed class ClusterDatabase
{
    /// <summary>The separator between path and value name in store keys; forbidden in names.</summary>
    public const char Separator = '\u001F';

    internal const string KeyPrefix = "K\u001F";
    internal const string ValuePrefix = "V\u001F";

    /// <summary>Creates an empty database.</summary>
    public ClusterDatabase() => Root = new DbKey(null, "");

    /// <summary>The root key (HKLM\Cluster on Windows).</summary>
    public DbKey Root { get; }

    /// <summary>True when a name can be stored: non-empty, no separator, no backslash (keys), bounded.</summary>
    public static bool IsValidKeyName(string name) =>
        name.Length is > 0 and <= 255 && !name.Contains(Separator, StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    /// <summary>True when a value name can be stored.</summary>
    public static bool IsValidValueName(string name) =>
        name.Length <= 16383 && !name.Contains(Separator, StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    internal static string StoreKeyOf(DbKey key) => KeyPrefix + key.Path;

    internal static string StoreKeyOf(DbKey key, string valueName) => ValuePrefix + key.Path + Separator + valueName;

    internal static byte[] KeyRecord(DateTimeOffset lastWrite)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, lastWrite.UtcTicks);
        return b;
    }

    /// <summary>Rebuilds the tree from stored records (nonvolatile K/V records only; others are ignored).</summary>
    public static ClusterDatabase Load(IEnumerable<StoreRecord> records)
    {
        var db = new ClusterDatabase();
        foreach (var r in records)
        {
            if (r.Durability != Durability.Nonvolatile)
            {
                continue;
            }
            if (r.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                var key = db.Ensure(r.Key[KeyPrefix.Length..]);
                if (r.Value.Length >= 8)
                {
                    key.LastWriteTime = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(r.Value.Span), TimeSpan.Zero);
                }
            }
            else if (r.Key.StartsWith(ValuePrefix, StringComparison.Ordinal))
            {
                var rest = r.Key[ValuePrefix.Length..];
                var sep = rest.IndexOf(Separator, StringComparison.Ordinal);
                var value = DbValue.FromStoreBytes(r.Value.Span);
                if (sep < 0 || value is null)
                {
                    throw new InvalidDataException($"cluster database record '{r.Key}' is malformed");
                }
                db.Ensure(rest[..sep]).PutValue(rest[(sep + 1)..], value);
            }
        }
        return db;
    }

    /// <summary>
    /// Applies one committed write of another replica to the tree (docs/multi-node.md, "Replication"): a key record
    /// creates the key (or, deleted, removes it with whatever is left under it), a value record sets or deletes the
    /// value. Records that are not database records are ignored. A malformed value record throws
    /// <see cref="InvalidDataException"/> before anything changes.
    /// </summary>
    public void Apply(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Durability != Durability.Nonvolatile)
        {
            return;
        }
        if (write.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            var path = write.Key[KeyPrefix.Length..];
            if (write.Value is { } v)
            {
                var key = Ensure(path);
                if (v.Length >= 8)
                {
                    key.LastWriteTime = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(v.Span), TimeSpan.Zero);
                }
            }
            else if (Root.Find(path) is { Parent: { } parent } gone)
            {
                parent.RemoveSubkey(gone.Name);
            }
        }
        else if (write.Key.StartsWith(ValuePrefix, StringComparison.Ordinal))
        {
            var rest = write.Key[ValuePrefix.Length..];
            var sep = rest.IndexOf(Separator, StringComparison.Ordinal);
            if (sep < 0)
            {
                throw new InvalidDataException($"cluster database record '{write.Key}' is malformed");
            }
            if (write.Value is { } v)
            {
                var value = DbValue.FromStoreBytes(v.Span) ?? throw new InvalidDataException($"cluster database record '{write.Key}' is malformed");
                Ensure(rest[..sep]).PutValue(rest[(sep + 1)..], value);
            }
            else
            {
                Root.Find(rest[..sep])?.RemoveValue(rest[(sep + 1)..]);
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Apply"/> accepts <paramref name="write"/>: a value record names its key and value and holds a
    /// well-formed value (a deletion needs only the names); key records and records of other kinds always pass.
    /// </summary>
    public static bool IsWellFormed(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Durability != Durability.Nonvolatile || !write.Key.StartsWith(ValuePrefix, StringComparison.Ordinal))
        {
            return true;
        }
        return write.Key.IndexOf(Separator, ValuePrefix.Length) >= 0 && (write.Value is not { } v || DbValue.FromStoreBytes(v.Span) is not null);
    }

    /// <summary>
    /// Whether applying <paramref name="write"/> would change the shape of the tree or a value that names or places an
    /// object (one of <paramref name="identityValues"/>): a key created or deleted, or such a value set or deleted.
    /// Asked before the write is applied. Other writes (a value of an existing key, a key's write time, volatile
    /// records) leave every object where it is.
    /// </summary>
    public bool ChangesStructure(StoreWrite write, IReadOnlySet<string> identityValues)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(identityValues);
        if (write.Durability != Durability.Nonvolatile)
        {
            return false;
        }
        if (write.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return write.Value is null || Root.Find(write.Key[KeyPrefix.Length..]) is null;
        }
        if (write.Key.StartsWith(ValuePrefix, StringComparison.Ordinal))
        {
            var rest = write.Key[ValuePrefix.Length..];
            var sep = rest.IndexOf(Separator, StringComparison.Ordinal);
            return sep < 0 || Root.Find(rest[..sep]) is null || identityValues.Contains(rest[(sep + 1)..]);
        }
        return false;
    }

    /// <summary>Empties the tree and loads <paramref name="records"/> into it (a replica reloading after a gap).</summary>
    public void Reload(IEnumerable<StoreRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var name in Root.Subkeys.Keys.ToList())
        {
            Root.RemoveSubkey(name);
        }
        foreach (var name in Root.Values.Keys.ToList())
        {
            Root.RemoveValue(name);
        }
        foreach (var r in records)
        {
            Apply(new StoreWrite(r.Key, r.Value, r.Durability));
        }
    }

    private DbKey Ensure(string path)
    {
        var k = Root;
        foreach (var part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = k.Subkey(part);
            if (next is null)
            {
                next = new DbKey(k, part);
                k.PutSubkey(next);
            }
            k = next;
        }
        return k;
    }
}
