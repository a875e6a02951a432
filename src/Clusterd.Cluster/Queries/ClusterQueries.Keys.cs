using Clusterd.ClusApi;

namespace Clusterd.Cluster.Engine;

public sealed partial class ClusterQueries
{
    /// <summary>
    /// The cluster-database path of the key of an object (backslash-separated, "" for the cluster's root key), or null
    /// when objects of <paramref name="type"/> have no key of their own. Pure: it reads no state, so the notification
    /// layer may call it from the event callback (version 1 registry indications, MS-CMRP 3.1.4.2.62).
    /// </summary>
    public static string? DatabaseKeyOf(ClusterObjectType type, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ClusterModel.HasDatabaseKey(type) ? ClusterModel.KeyPathOf(type, id) : null;
    }
}
