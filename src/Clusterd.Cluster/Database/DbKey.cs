namespace Clusterd.Cluster.Database;

/// <summary>
/// A key of the cluster database: a registry-like node with values and subkeys (MS-CMRP 3.1.1.2). Names
/// compare case-insensitively, as in the Windows registry. Mutation goes only through <see cref="Engine.Tx"/>,
/// which journals every change for the store and for rollback.
/// </summary>
public sealed class DbKey
{
    private readonly SortedDictionary<string, DbValue> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, DbKey> _subkeys = new(StringComparer.OrdinalIgnoreCase);

    internal DbKey(DbKey? parent, string name)
    {
        Parent = parent;
        Name = name;
        Path = parent is null ? "" : parent.Path.Length == 0 ? name : parent.Path + "\\" + name;
    }

    /// <summary>The key's own name ("" for the root).</summary>
    public string Name { get; }

    /// <summary>Backslash-separated path from the root ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The parent key, null for the root.</summary>
    public DbKey? Parent { get; }

    /// <summary>Last time a value or subkey of this key changed.</summary>
    public DateTimeOffset LastWriteTime { get; internal set; }

    /// <summary>Values, ordered by name.</summary>
    public IReadOnlyDictionary<string, DbValue> Values => _values;

    /// <summary>Subkeys, ordered by name.</summary>
    public IReadOnlyDictionary<string, DbKey> Subkeys => _subkeys;

    /// <summary>The value of that name, or null.</summary>
    public DbValue? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>A REG_SZ value, or the fallback.</summary>
    public string GetString(string name, string fallback = "") => _values.TryGetValue(name, out var v) ? v.AsString() : fallback;

    /// <summary>A REG_DWORD value, or the fallback.</summary>
    public uint GetDWord(string name, uint fallback = 0) => _values.TryGetValue(name, out var v) ? v.AsDWord() : fallback;

    /// <summary>A REG_QWORD value, or the fallback.</summary>
    public ulong GetQWord(string name, ulong fallback = 0) => _values.TryGetValue(name, out var v) ? v.AsQWord() : fallback;

    /// <summary>A REG_MULTI_SZ value, or empty.</summary>
    public IReadOnlyList<string> GetMultiString(string name) => _values.TryGetValue(name, out var v) ? v.AsMultiString() : [];

    /// <summary>The subkey of that name, or null.</summary>
    public DbKey? Subkey(string name) => _subkeys.GetValueOrDefault(name);

    /// <summary>Walks a backslash-separated relative path; null when any part is missing.</summary>
    public DbKey? Find(string relativePath)
    {
        var k = this;
        foreach (var part in relativePath.Split('\\', StringSplitOptions.RemoveEmptyEntries))
        {
            k = k.Subkey(part);
            if (k is null)
            {
                return null;
            }
        }
        return k;
    }

    internal void PutValue(string name, DbValue value) => _values[name] = value;

    internal bool RemoveValue(string name) => _values.Remove(name);

    internal void PutSubkey(DbKey key) => _subkeys[key.Name] = key;

    internal bool RemoveSubkey(string name) => _subkeys.Remove(name);

    /// <summary>This key and every key below it, depth first (parents before children).</summary>
    public IEnumerable<DbKey> DescendantsAndSelf()
    {
        yield return this;
        foreach (var sub in _subkeys.Values)
        {
            foreach (var d in sub.DescendantsAndSelf())
            {
                yield return d;
            }
        }
    }
}
