using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Property commands.

/// <summary>
/// ApiSetClusterName (MS-CMRP 3.1.4.2.3): stores the new NetBIOS name of the cluster (root ClusterName, the
/// first label of Fqdn and the core Network Name resource's Name parameter). The name takes effect when the core
/// network name comes online again, which is why the method's caller reports ERROR_RESOURCE_PROPERTIES_STORED.
/// The current name is accepted and changes nothing. Invalid NetBIOS names: ERROR_INVALID_NAME.
/// </summary>
/// <param name="NewName">The new name.</param>
public sealed record SetClusterName(string NewName) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.PropertyEdits.SetClusterName(tx, NewName);
}

/// <summary>
/// Writes property values into the database key of the object <c>Id</c> of <c>Type</c> (or, with
/// <c>ParametersSubkey</c> its Parameters subkey, created when missing) in one transaction, and raises
/// PropertiesChanged for the object. The caller (the control-code layer) has validated names and types against
/// the object's property table; the engine refuses the values it keeps itself. A missing object key is
/// ERROR_FILE_NOT_FOUND; an object type without a key of its own, ERROR_INVALID_PARAMETER.
/// </summary>
/// <remarks>
/// <c>NewName</c>: SET_COMMON_PROPERTIES that also carries "Name" (MS-CMRP 3.1.4.3.1.13) renames a
/// group or resource by the rules of its rename command, in the same transaction, so either the name and every
/// value change or nothing does. On other objects a new name is ERROR_INVALID_PARAMETER.
/// </remarks>
/// <param name="Type">The object's type.</param>
/// <param name="Id">The object's ID (the cluster's: any).</param>
/// <param name="ParametersSubkey">True for private properties (the Parameters subkey), false for common ones.</param>
/// <param name="Values">The values to write, validated against the object's property table.</param>
/// <param name="NewName">A new name for a group or resource carried by SET_COMMON_PROPERTIES, or null.</param>
public sealed record SetProperties(ClusterObjectType Type, string Id, bool ParametersSubkey, IReadOnlyList<StoredValue> Values, string? NewName = null) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.PropertyEdits.SetProperties(tx, Type, Id, ParametersSubkey, Values, NewName);
}

/// <summary>
/// Stores the cluster security descriptor (MS-CMRP 3.1.1.3; the format and storage are the implementation's): the root
/// value "Security Descriptor" (CLUSREG_NAME_CLUS_SD), a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6), so it is
/// durable and replicated like every other value. A descriptor that does not parse is ERROR_INVALID_SECURITY_DESCR;
/// the caller has checked it against the cluster's accounts (docs/authorization.md). With <c>InitialOnly</c> it is
/// written only when the database holds none yet (the server's seed at startup, idempotent on every node).
/// </summary>
/// <param name="Descriptor">The encoded descriptor.</param>
/// <param name="InitialOnly">Write only when no descriptor is stored.</param>
/// <param name="AccountNames">
/// <c>SID=name</c> for each account the descriptor names, stored beside it as the root value "Security Descriptor
/// Accounts" (MULTI_SZ) so that clients can show names: MS-CMRP has no SID lookup (docs/authorization.md).
/// </param>
public sealed record SetClusterSecurity(ReadOnlyMemory<byte> Descriptor, bool InitialOnly = false, IReadOnlyList<string>? AccountNames = null) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.PropertyEdits.SetClusterSecurity(tx, Descriptor.Span, InitialOnly, AccountNames ?? []);
}
