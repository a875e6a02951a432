using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>The cluster name and object properties (values of object keys and their Parameters subkeys).</summary>
public sealed partial class ClusterEngine
{
    private static readonly System.Buffers.SearchValues<char> s_invalidNetBiosChars = System.Buffers.SearchValues.Create("\\/:*?\"<>|,~!@#$%^&'.(){}_ ");

    /// <summary>
    /// ApiSetClusterName (MS-CMRP 3.1.4.2.3): stores the new NetBIOS name of the cluster (root ClusterName, the
    /// first label of Fqdn and the core Network Name resource's Name parameter). The name takes effect when the core
    /// network name comes online again, which is why the method's caller reports ERROR_RESOURCE_PROPERTIES_STORED.
    /// The current name is accepted and changes nothing. Invalid NetBIOS names: ERROR_INVALID_NAME.
    /// </summary>
    public Win32Error SetClusterName(string newName) => Execute(tx =>
    {
        ArgumentNullException.ThrowIfNull(newName);
        if (newName.Length is 0 or > 15 || newName.AsSpan().IndexOfAny(s_invalidNetBiosChars) >= 0 || newName.Any(char.IsControl))
        {
            return Win32Error.InvalidName;
        }
        var root = _db.Root;
        var old = root.GetString("ClusterName");
        if (string.Equals(old, newName, StringComparison.Ordinal))
        {
            return Win32Error.Success;
        }
        tx.SetString(root, "ClusterName", newName);
        var fqdn = root.GetString("Fqdn");
        var dot = fqdn.IndexOf('.', StringComparison.Ordinal);
        tx.SetString(root, "Fqdn", dot < 0 ? newName : newName + fqdn[dot..]);
        foreach (var r in _resources.Values.Where(r => r.IsCore && string.Equals(r.TypeName, "Network Name", StringComparison.OrdinalIgnoreCase)))
        {
            var p = tx.EnsureKey(r.Key, "Parameters");
            tx.SetString(p, "Name", newName);
            if (p.Get("DnsName") is not null)
            {
                tx.SetString(p, "DnsName", newName);
            }
        }
        tx.Raise(Event(ClusterObjectType.Cluster, ClusterChange.NameChanged, "", newName));
        return Win32Error.Success;
    });

    /// <summary>
    /// Writes property values into the database key of the object <paramref name="id"/> of <paramref name="type"/> (or, with
    /// <paramref name="parametersSubkey"/> its Parameters subkey, created when missing) in one transaction, and raises
    /// PropertiesChanged for the object. The caller (the control-code layer) has validated names and types against
    /// the object's property table; the engine refuses the values it keeps itself. A missing object key is
    /// ERROR_FILE_NOT_FOUND; an object type without a key of its own, ERROR_INVALID_PARAMETER.
    /// </summary>
    /// <remarks>
    /// <paramref name="newName"/>: SET_COMMON_PROPERTIES that also carries "Name" (MS-CMRP 3.1.4.3.1.13) renames a
    /// group or resource by the rules of its rename command, in the same transaction, so either the name and every
    /// value change or nothing does. On other objects a new name is ERROR_INVALID_PARAMETER.
    /// </remarks>
    public Win32Error SetProperties(ClusterObjectType type, string id, bool parametersSubkey, IReadOnlyList<StoredValue> values, string? newName = null) => Execute(tx =>
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(values);
        if (!HasDatabaseKey(type))
        {
            return Win32Error.InvalidParameter;
        }
        var key = _db.Root.Find(KeyPathOf(type, id));
        if (key is null)
        {
            return Win32Error.FileNotFound;
        }
        if (newName is not null)
        {
            var renamed = parametersSubkey ? Win32Error.InvalidParameter : type switch
            {
                ClusterObjectType.Group => RenameGroup(tx, id, newName),
                ClusterObjectType.Resource => RenameResource(tx, id, newName),
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
        tx.Raise(Event(type, ClusterChange.PropertiesChanged, type == ClusterObjectType.Cluster ? "" : id, NameOfObject(type, id)));
        return Win32Error.Success;
    });

    /// <summary>Values the engine owns: changed only through their own commands (rename, move, dependencies, ...).</summary>
    private static bool IsEngineValue(string name) => name is V.Name or V.Type or V.Group or V.DependsOn or V.OwnerNode or V.Flags
        or V.SharedVolume or V.NodeName or V.NodeId or V.Paused or V.Node or V.Network or V.GroupType or V.Groups or V.PreferredOwners
        or V.PendingSeconds or "ClusterName" or "Fqdn" or "ClusterInstanceID" or "EnableSharedVolumes" or "NextSharedVolumeNumber"
        || name.Equals(V.Name, StringComparison.OrdinalIgnoreCase);

    private string NameOfObject(ClusterObjectType type, string id) => type switch
    {
        ClusterObjectType.Cluster => _db.Root.GetString("ClusterName"),
        ClusterObjectType.Node => _nodes.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Group => _groups.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Resource => _resources.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.Network => _networks.GetValueOrDefault(id)?.Name ?? id,
        ClusterObjectType.NetworkInterface => _interfaces.GetValueOrDefault(id)?.Name ?? id,
        _ => id,
    };
}
