using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>The cluster name and object properties (values of object keys and their Parameters subkeys).</summary>
internal sealed class PropertyEdits(ClusterModel model)
{
    private readonly ClusterModel _model = model;
    internal static readonly System.Buffers.SearchValues<char> s_invalidNetBiosChars = System.Buffers.SearchValues.Create("\\/:*?\"<>|,~!@#$%^&'.(){}_ ");

    /// <summary>Applies <see cref="Commands.SetClusterName"/>.</summary>
    internal Win32Error SetClusterName(Tx tx, string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        if (newName.Length is 0 or > 15 || newName.AsSpan().IndexOfAny(s_invalidNetBiosChars) >= 0 || newName.Any(char.IsControl))
        {
            return Win32Error.InvalidName;
        }
        var root = _model.Db.Root;
        var old = root.GetString("ClusterName");
        if (string.Equals(old, newName, StringComparison.Ordinal))
        {
            return Win32Error.Success;
        }
        tx.SetString(root, "ClusterName", newName);
        var fqdn = root.GetString("Fqdn");
        var dot = fqdn.IndexOf('.', StringComparison.Ordinal);
        tx.SetString(root, "Fqdn", dot < 0 ? newName : newName + fqdn[dot..]);
        foreach (var r in _model.Resources.Values.Where(r => r.IsCore && string.Equals(r.TypeName, "Network Name", StringComparison.OrdinalIgnoreCase)))
        {
            var p = tx.EnsureKey(r.Key, "Parameters");
            tx.SetString(p, "Name", newName);
            if (p.Get("DnsName") is not null)
            {
                tx.SetString(p, "DnsName", newName);
            }
        }
        tx.Raise(_model.Event(ClusterObjectType.Cluster, ClusterChange.NameChanged, "", newName));
        return Win32Error.Success;
    }

    /// <summary>The root value that holds the cluster security descriptor (CLUSREG_NAME_CLUS_SD).</summary>
    internal const string SecurityDescriptorValue = "Security Descriptor";

    /// <summary>The root value that names the accounts of the descriptor (<c>SID=name</c>, MULTI_SZ).</summary>
    internal const string SecurityAccountsValue = "Security Descriptor Accounts";

    /// <summary>Applies <see cref="Commands.SetClusterSecurity"/>.</summary>
    internal Win32Error SetClusterSecurity(Tx tx, ReadOnlySpan<byte> descriptor, bool initialOnly, IReadOnlyList<string> accountNames)
    {
        var e = ClusApi.Security.ClusterSecurityDescriptor.TryParse(descriptor, out _);
        if (e != Win32Error.Success)
        {
            return e;
        }
        var root = _model.Db.Root;
        var current = root.Get(SecurityDescriptorValue);
        if (accountNames.Any(n => n.Contains('\0', StringComparison.Ordinal) || n.Length == 0))
        {
            return Win32Error.InvalidParameter;
        }
        var names = DbValue.MultiString(accountNames);
        if ((initialOnly && current is not null)
            || (current is not null && current.Data.SequenceEqual(descriptor) && root.Get(SecurityAccountsValue)?.Data.SequenceEqual(names.Data) == true))
        {
            return Win32Error.Success;
        }
        tx.SetValue(root, SecurityDescriptorValue, DbValue.Binary(descriptor));
        tx.SetValue(root, SecurityAccountsValue, names);
        tx.Raise(_model.Event(ClusterObjectType.Cluster, ClusterChange.PropertiesChanged, "", NameOfObject(ClusterObjectType.Cluster, "")));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetProperties"/>.</summary>
    internal Win32Error SetProperties(Tx tx, ClusterObjectType type, string id, bool parametersSubkey, IReadOnlyList<StoredValue> values, string? newName = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(values);
        if (!ClusterModel.HasDatabaseKey(type))
        {
            return Win32Error.InvalidParameter;
        }
        var key = _model.Db.Root.Find(ClusterModel.KeyPathOf(type, id));
        if (key is null)
        {
            return Win32Error.FileNotFound;
        }
        if (newName is not null)
        {
            var renamed = parametersSubkey ? Win32Error.InvalidParameter : type switch
            {
                ClusterObjectType.Group => _model.GroupLifecycle.RenameGroup(tx, id, newName),
                ClusterObjectType.Resource => _model.ResourceLifecycle.RenameResource(tx, id, newName),
                _ => Win32Error.InvalidParameter,
            };
            if (renamed != Win32Error.Success)
            {
                return renamed;
            }
        }
        if (!parametersSubkey && values.Any(v => IsEngineValue(v.Name)))
        {
            return Win32Error.InvalidParameter;
        }
        if (values.Any(v => !ClusterDatabase.IsValidValueName(v.Name)))
        {
            return Win32Error.InvalidParameter;
        }
        var target = parametersSubkey ? tx.EnsureKey(key, "Parameters") : key;
        foreach (var v in values)
        {
            tx.SetValue(target, v.Name, v.Value);
        }
        tx.Raise(_model.Event(type, ClusterChange.PropertiesChanged, type == ClusterObjectType.Cluster ? "" : id, NameOfObject(type, id)));
        return Win32Error.Success;
    }

    /// <summary>
    /// Values the engine owns: changed only through their own commands (rename, move, dependencies, ...). Names compare
    /// case-insensitively, as the database's do (a registry write of "clustername" is a write of ClusterName).
    /// </summary>
    internal static bool IsEngineValue(string name) => s_engineValues.Contains(name);

    private static readonly HashSet<string> s_engineValues = new(StringComparer.OrdinalIgnoreCase)
    {
        V.Name, V.Type, V.Group, V.DependsOn, V.OwnerNode, V.Flags, V.SharedVolume, V.NodeName, V.NodeId, V.Paused, V.Node, V.Network,
        V.GroupType, V.Groups, V.PreferredOwners, V.PendingSeconds, GroupResourceRules.PossibleOwnersValue,
        GroupResourceRules.DependencyExpressionValue, "ClusterName", "Fqdn", "ClusterInstanceID", "EnableSharedVolumes",
        "NextSharedVolumeNumber", SecurityDescriptorValue, SecurityAccountsValue,
    };

    internal string NameOfObject(ClusterObjectType type, string id) => type switch
    {
        ClusterObjectType.Cluster => _model.Db.Root.GetString("ClusterName"),
        ClusterObjectType.Node => _model.Nodes.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Group => _model.Groups.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Resource => _model.Resources.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Network => _model.Networks.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.NetworkInterface => _model.Interfaces.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.GroupSet => _model.GroupSets.GetValueOrDefault(id)?.Name ?? id,
        _ => id,
    };
}
