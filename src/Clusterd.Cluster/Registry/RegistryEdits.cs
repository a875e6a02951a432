using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Writes through the cluster registry methods (MS-CMRP 3.1.4.2.30-36, 112). The engine keeps its objects in the same
/// tree, so the part of it that names, places or counts objects is not writable here (docs/behaviour.md, "Registry
/// writes"): the object collections (Nodes, Groups, Resources, ResourceTypes, Networks, NetworkInterfaces, GroupSets)
/// and the object keys under them cannot be created or deleted, a resource's SharedVolumes and Partitions subtrees not
/// changed at all, and the values the engine keeps (<see cref="PropertyEdits.IsEngineValue"/>, PersistentState) of an
/// object key or the root not set or deleted. Those writes answer ERROR_ACCESS_DENIED, the answer ApiDeleteKey gives
/// for a key it will not delete (MS-CMRP 3.1.4.2.36). Every change raises a Registry event (CLUSTER_CHANGE_REGISTRY_*_V2).
/// </summary>
internal sealed class RegistryEdits(ClusterModel model)
{
    /// <summary>The deepest key a registry write may reach, in keys below the root.</summary>
    internal const int MaxKeyDepth = 32;

    /// <summary>The longest key path (characters, backslashes included) a registry write may reach.</summary>
    internal const int MaxKeyPathLength = 2048;

    /// <summary>The longest value name a registry write may use (characters).</summary>
    internal const int MaxValueNameLength = 1024;

    /// <summary>The largest value: what one store record holds after the 4-byte type (StoreLimits.MaxValueLength).</summary>
    internal const int MaxValueDataLength = StoreLimits.MaxValueLength - 4;

    private static readonly HashSet<string> s_collections = new(StringComparer.OrdinalIgnoreCase)
    {
        "Nodes", "Groups", "Resources", "ResourceTypes", "Networks", "NetworkInterfaces", "GroupSets",
    };

    private readonly ClusterModel _model = model;

    /// <summary>Applies <see cref="Commands.CreateRegistryKey"/>.</summary>
    internal (Win32Error, RegistryKeyOpened?) CreateKey(Tx tx, string parentPath, string subKey)
    {
        ArgumentNullException.ThrowIfNull(parentPath);
        ArgumentNullException.ThrowIfNull(subKey);
        var parent = _model.Db.Root.Find(parentPath);
        if (parent is null)
        {
            return (Win32Error.FileNotFound, null);
        }
        var e = Resolve(parent.Path, subKey, allowEmpty: true, out var parts);
        if (e == Win32Error.Success)
        {
            e = CheckCreate(parts);
        }
        if (e != Win32Error.Success)
        {
            return (e, null);
        }
        var existed = _model.Db.Root.Find(string.Join('\\', parts)) is not null;
        var key = Ensure(tx, parts);
        return (Win32Error.Success, new RegistryKeyOpened(key.Path, !existed));
    }

    /// <summary>Applies <see cref="Commands.SetRegistryValue"/>.</summary>
    internal Win32Error SetValue(Tx tx, string keyPath, string name, uint type, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(name);
        var key = _model.Db.Root.Find(keyPath);
        if (key is null)
        {
            return Win32Error.FileNotFound;
        }
        var e = CheckSetValue(Split(key.Path), name, type, data.Length);
        if (e != Win32Error.Success)
        {
            return e;
        }
        Put(tx, key, name, new DbValue((RegistryValueType)type, data));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.DeleteRegistryValue"/>.</summary>
    internal Win32Error DeleteValue(Tx tx, string keyPath, string name)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(name);
        var key = _model.Db.Root.Find(keyPath);
        if (key is null)
        {
            return Win32Error.FileNotFound;
        }
        var e = CheckValueName(Split(key.Path), name);
        if (e != Win32Error.Success)
        {
            return e;
        }
        return Remove(tx, key, name) ? Win32Error.Success : Win32Error.FileNotFound;
    }

    /// <summary>Applies <see cref="Commands.DeleteRegistryKey"/>: a key with subkeys is refused (MS-CMRP 3.1.4.2.36).</summary>
    internal Win32Error DeleteKey(Tx tx, string parentPath, string subKey)
    {
        ArgumentNullException.ThrowIfNull(parentPath);
        ArgumentNullException.ThrowIfNull(subKey);
        var parent = _model.Db.Root.Find(parentPath);
        if (parent is null)
        {
            return Win32Error.FileNotFound;
        }
        var e = Resolve(parent.Path, subKey, allowEmpty: false, out var parts);
        if (e == Win32Error.Success && IsEngineKey(parts))
        {
            e = Win32Error.AccessDenied;
        }
        if (e != Win32Error.Success)
        {
            return e;
        }
        var key = _model.Db.Root.Find(string.Join('\\', parts));
        if (key is null)
        {
            return Win32Error.FileNotFound;
        }
        if (key.Subkeys.Count > 0)
        {
            return Win32Error.AccessDenied;
        }
        Drop(tx, key);
        return Win32Error.Success;
    }

    /// <summary>
    /// The outcome of a write batch on the current state, without changing anything: success, or the error of the first
    /// command that fails and its index (-1 when the designated key itself is missing, before any command). The rules
    /// are those of MS-CMRP 3.1.4.2.112: CREATE_KEY of an existing key and DELETE_KEY / DELETE_VALUE of a missing one
    /// succeed; SET_VALUE or DELETE_VALUE after a DELETE_KEY and before the next CREATE_KEY is ERROR_INVALID_PARAMETER;
    /// key names are relative to the designated key. Every other check is the one of the single-call method.
    /// </summary>
    internal (Win32Error Error, int FailedCommand) CheckBatch(string keyPath, IReadOnlyList<RegistryBatchCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(commands);
        var designated = _model.Db.Root.Find(keyPath);
        if (designated is null)
        {
            return (Win32Error.FileNotFound, -1);
        }
        string[]? current = Split(designated.Path);
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            Win32Error e;
            switch (c.Operation)
            {
                case RegistryBatchOperation.CreateKey:
                    e = Resolve(designated.Path, c.Name, allowEmpty: true, out var created);
                    if (e == Win32Error.Success)
                    {
                        e = CheckCreate(created);
                    }
                    current = created;
                    break;
                case RegistryBatchOperation.DeleteKey:
                    e = Resolve(designated.Path, c.Name, allowEmpty: false, out var deleted);
                    if (e == Win32Error.Success && IsEngineKey(deleted))
                    {
                        e = Win32Error.AccessDenied;
                    }
                    current = null;
                    break;
                case RegistryBatchOperation.SetValue:
                    e = current is null ? Win32Error.InvalidParameter : CheckSetValue(current, c.Name, c.ValueType, c.Data.Length);
                    break;
                case RegistryBatchOperation.DeleteValue:
                    e = current is null ? Win32Error.InvalidParameter : CheckValueName(current, c.Name);
                    break;
                default:
                    e = Win32Error.InvalidParameter;
                    break;
            }
            if (e != Win32Error.Success)
            {
                return (e, i);
            }
        }
        return (Win32Error.Success, 0);
    }

    /// <summary>Applies <see cref="Commands.ExecuteRegistryBatch"/>: checked as a whole first, then applied in order.</summary>
    internal Win32Error ExecuteBatch(Tx tx, string keyPath, IReadOnlyList<RegistryBatchCommand> commands)
    {
        var (e, _) = CheckBatch(keyPath, commands);
        if (e != Win32Error.Success)
        {
            return e;
        }
        var designated = _model.Db.Root.Find(keyPath)!;
        DbKey? current = designated;
        foreach (var c in commands)
        {
            switch (c.Operation)
            {
                case RegistryBatchOperation.CreateKey:
                    _ = Resolve(designated.Path, c.Name, allowEmpty: true, out var created);
                    current = Ensure(tx, created);
                    break;
                case RegistryBatchOperation.DeleteKey:
                    _ = Resolve(designated.Path, c.Name, allowEmpty: false, out var deleted);
                    if (_model.Db.Root.Find(string.Join('\\', deleted)) is { } gone)
                    {
                        Drop(tx, gone);
                    }
                    current = null;
                    break;
                case RegistryBatchOperation.SetValue:
                    Put(tx, current!, c.Name, new DbValue((RegistryValueType)c.ValueType, c.Data.Span));
                    break;
                case RegistryBatchOperation.DeleteValue:
                    _ = Remove(tx, current!, c.Name);
                    break;
            }
        }
        return Win32Error.Success;
    }

    /// <summary>Whether the registry methods may not create or delete the key at <paramref name="parts"/>.</summary>
    internal static bool IsEngineKey(IReadOnlyList<string> parts) =>
        parts.Count > 0 && s_collections.Contains(parts[0]) && (parts.Count <= 2 || IsEngineSubtree(parts));

    /// <summary>Whether the registry methods may not set or delete the value <paramref name="name"/> of the key at <paramref name="keyParts"/>.</summary>
    internal static bool IsEngineValue(IReadOnlyList<string> keyParts, string name) =>
        IsEngineSubtree(keyParts)
        || ((keyParts.Count == 0 || (keyParts.Count == 2 && s_collections.Contains(keyParts[0])))
            && (PropertyEdits.IsEngineValue(name) || string.Equals(name, V.PersistentState, StringComparison.OrdinalIgnoreCase)));

    // A resource's CSV volumes and disk partitions: records of the CSV subsystem (docs/architecture.md, "The CSV subsystem").
    private static bool IsEngineSubtree(IReadOnlyList<string> parts) =>
        parts.Count >= 3 && string.Equals(parts[0], "Resources", StringComparison.OrdinalIgnoreCase)
        && (string.Equals(parts[2], "SharedVolumes", StringComparison.OrdinalIgnoreCase) || string.Equals(parts[2], "Partitions", StringComparison.OrdinalIgnoreCase));

    private static string[] Split(string path) => path.Length == 0 ? [] : path.Split('\\');

    /// <summary>
    /// The key path <paramref name="relative"/> names under <paramref name="basePath"/>: no leading backslash, no empty
    /// part, each part a valid key name (MS-CMRP 3.1.4.2.30), within <see cref="MaxKeyDepth"/> and
    /// <see cref="MaxKeyPathLength"/>; else ERROR_INVALID_PARAMETER.
    /// </summary>
    private static Win32Error Resolve(string basePath, string relative, bool allowEmpty, out string[] parts)
    {
        parts = Split(basePath);
        if (relative.Length == 0)
        {
            return allowEmpty ? Win32Error.Success : Win32Error.InvalidParameter;
        }
        var rel = relative.Split('\\');
        if (rel.Any(p => !ClusterDatabase.IsValidKeyName(p)))
        {
            return Win32Error.InvalidParameter;
        }
        parts = [.. parts, .. rel];
        return parts.Length > MaxKeyDepth || string.Join('\\', parts).Length > MaxKeyPathLength ? Win32Error.InvalidParameter : Win32Error.Success;
    }

    // Creating a key where the engine keeps its objects is refused; opening one that exists is not.
    private Win32Error CheckCreate(string[] parts)
    {
        for (var n = 1; n <= parts.Length; n++)
        {
            var prefix = parts[..n];
            if (IsEngineKey(prefix) && _model.Db.Root.Find(string.Join('\\', prefix)) is null)
            {
                return Win32Error.AccessDenied;
            }
        }
        return Win32Error.Success;
    }

    private static Win32Error CheckValueName(IReadOnlyList<string> keyParts, string name) =>
        name.Length > MaxValueNameLength || !ClusterDatabase.IsValidValueName(name) ? Win32Error.InvalidParameter
        : IsEngineValue(keyParts, name) ? Win32Error.AccessDenied
        : Win32Error.Success;

    // MS-CMRP 3.1.4.2.33: REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD.
    private static Win32Error CheckSetValue(IReadOnlyList<string> keyParts, string name, uint type, int length)
    {
        var typeOk = type switch
        {
            0 or 1 or 2 or 3 or 7 => true,
            4 => length == 4,
            11 => length == 8,
            _ => false,
        };
        return !typeOk || length > MaxValueDataLength ? Win32Error.InvalidParameter : CheckValueName(keyParts, name);
    }

    private DbKey Ensure(Tx tx, string[] parts)
    {
        var key = _model.Db.Root;
        foreach (var part in parts)
        {
            var next = key.Subkey(part);
            if (next is null)
            {
                next = tx.EnsureKey(key, part);
                tx.Raise(Event(ClusterChange.Added, next.Path, next.Name));
            }
            key = next;
        }
        return key;
    }

    private static void Put(Tx tx, DbKey key, string name, DbValue value)
    {
        var previous = key.Get(name);
        tx.SetValue(key, name, value);
        tx.Raise(Event(ClusterChange.PropertiesChanged, key.Path, name) with { RegistryValue = new(previous, value) });
    }

    private static bool Remove(Tx tx, DbKey key, string name)
    {
        var previous = key.Get(name);
        if (!tx.DeleteValue(key, name))
        {
            return false;
        }
        tx.Raise(Event(ClusterChange.PropertiesChanged, key.Path, name) with { RegistryValue = new(previous, null) });
        return true;
    }

    private static void Drop(Tx tx, DbKey key)
    {
        tx.DeleteKey(key);
        tx.Raise(Event(ClusterChange.Deleted, key.Path, key.Name));
    }

    // ObjectId: the path of the key concerned; Name: the key's name (key created or deleted) or the value's name.
    private static ClusterEvent Event(ClusterChange change, string path, string name) =>
        new(0, ClusterObjectType.Registry, change, path, name, null, null, []);
}
