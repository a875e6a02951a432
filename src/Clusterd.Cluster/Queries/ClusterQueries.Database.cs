using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

public sealed partial class ClusterQueries
{
    /// <summary>
    /// The values of an object's database key (its stored common properties, ordered by name), or null when the
    /// object has no key. <paramref name="type"/> is Cluster (the database root, <paramref name="id"/> ignored), Node,
    /// Group, Resource, ResourceType (by name), Network or NetworkInterface.
    /// </summary>
    public ObjectValues? GetObjectValues(ClusterObjectType type, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_model.Gate)
        {
            var key = _model.Db.Root.Find(ClusterModel.KeyPathOf(type, id));
            return key is null ? null : new ObjectValues(key.Name, Snapshot(key));
        }
    }

    /// <summary>
    /// The stored cluster security descriptor (MS-CMRP 3.1.1.3: the root value "Security Descriptor", written only by
    /// <see cref="Commands.SetClusterSecurity"/>), or null when none is stored. Read from the database on every call:
    /// nothing outside the engine state caches it, so every replica answers with the descriptor it has applied.
    /// </summary>
    public byte[]? GetClusterSecurityDescriptor()
    {
        lock (_model.Gate)
        {
            return _model.Db.Root.Get(PropertyEdits.SecurityDescriptorValue)?.Data.ToArray();
        }
    }

    /// <summary>
    /// The private properties of an object: the values of its key's Parameters subkey, ordered by name (empty when it
    /// has none), or null when the object has no key. Objects as in <see cref="GetObjectValues"/>.
    /// </summary>
    public IReadOnlyList<StoredValue>? GetPrivateValues(ClusterObjectType type, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_model.Gate)
        {
            var key = _model.Db.Root.Find(ClusterModel.KeyPathOf(type, id));
            return key is null ? null : key.Subkey("Parameters") is { } p ? Snapshot(p) : [];
        }
    }

    /// <summary>The CLUS_CHARACTERISTICS of a resource type: its "Characteristics" value, 0 when unset or no such type.</summary>
    public uint GetResourceTypeCharacteristics(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        lock (_model.Gate)
        {
            return _model.Db.Root.Find(ClusterModel.KeyPathOf(ClusterObjectType.ResourceType, typeName))?.GetDWord("Characteristics") ?? 0;
        }
    }

    /// <summary>The IDs of a group's preferred owners, in preference order (empty when none or no such group).</summary>
    public IReadOnlyList<string> GetGroupPreferredOwnerIds(string groupId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        lock (_model.Gate)
        {
            return [.. _model.Db.Root.Find(ClusterModel.KeyPathOf(ClusterObjectType.Group, groupId))?.GetMultiString(V.PreferredOwners) ?? []];
        }
    }

    /// <summary>The local node's versions and the cluster's operational version range (ApiGetClusterVersion2).</summary>
    public ClusterVersionInfo GetClusterVersion()
    {
        lock (_model.Gate)
        {
            var local = FindNode(GetClusterInfo().LocalNodeName);
            var root = _model.Db.Root;
            var nodes = root.Subkey("Nodes")?.Subkeys.Values.ToList() ?? [];
            var key = local is null ? null : root.Find("Nodes\\" + local.Id);
            uint hi = nodes.Count == 0 ? 0 : nodes.Min(n => n.GetDWord("NodeHighestVersion"));
            uint lo = nodes.Count == 0 ? 0 : nodes.Max(n => n.GetDWord("NodeLowestVersion"));
            return new ClusterVersionInfo(key?.GetDWord("MajorVersion") ?? 0, key?.GetDWord("MinorVersion") ?? 0, key?.GetDWord("BuildNumber") ?? 0,
                key?.GetString("CSDVersion") ?? "", hi, lo);
        }
    }

    /// <summary>The quorum settings: the root values QuorumResource, QuorumPath and QuorumLogSize (default 4 MiB).</summary>
    public QuorumSettings GetQuorumSettings()
    {
        lock (_model.Gate)
        {
            var root = _model.Db.Root;
            return new QuorumSettings(root.GetString("QuorumResource"), root.GetString("QuorumPath"), root.GetDWord("QuorumLogSize", 0x400000));
        }
    }

    /// <summary>
    /// The path of the registry key <paramref name="subKey"/> (backslash-separated, relative) under the key at
    /// <paramref name="keyPath"/> ("" is the root), or null when either is missing (ApiOpenKey).
    /// </summary>
    public string? FindRegistryKey(string keyPath, string subKey)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(subKey);
        lock (_model.Gate)
        {
            return _model.Db.Root.Find(keyPath)?.Find(subKey)?.Path;
        }
    }

    /// <summary>The subkeys, value names and sizes of the registry key at <paramref name="keyPath"/>, or null when it is missing.</summary>
    public RegistryKeyInfo? GetRegistryKey(string keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        lock (_model.Gate)
        {
            var k = _model.Db.Root.Find(keyPath);
            return k is null ? null : new RegistryKeyInfo(
                k.LastWriteTime,
                [.. k.Subkeys.Values.Select(s => new RegistrySubkeyInfo(s.Name, s.LastWriteTime))],
                [.. k.Values.Keys],
                k.Values.Values.Select(v => v.Data.Length).DefaultIfEmpty(0).Max());
        }
    }

    /// <summary>The value <paramref name="valueName"/> of the registry key at <paramref name="keyPath"/>, or null when either is missing.</summary>
    public StoredValue? GetRegistryValue(string keyPath, string valueName)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(valueName);
        lock (_model.Gate)
        {
            var k = _model.Db.Root.Find(keyPath);
            return k?.Values.TryGetValue(valueName, out var v) == true ? new StoredValue(k.Values.Keys.First(n => string.Equals(n, valueName, StringComparison.OrdinalIgnoreCase)), v) : null;
        }
    }

    private static StoredValue[] Snapshot(DbKey key) => [.. key.Values.Select(p => new StoredValue(p.Key, p.Value))];
}
