namespace Clusterd.ClusApi.Controls;

/// <summary>Who sends a control and through which handle (the parts of MS-CMRP 3.1.4.2.74 that are not the buffers).</summary>
/// <param name="FullAccess">The handle was opened with "All" access (needed for codes with the modify bit).</param>
/// <param name="NodeName">Set for ApiNodeResourceControl (and the other node variants): the node that must run the control.</param>
/// <param name="Requester">Who asks (connection / user), recorded with backup-mode requests for diagnostics.</param>
/// <param name="Accounts">The cluster's accounts, against which a new cluster security descriptor is checked (null: none).</param>
public sealed record ControlContext(bool FullAccess = true, string? NodeName = null, string? Requester = null, ClusterAccounts? Accounts = null)
{
    /// <summary>A full-access, cluster-routed control.</summary>
    public static readonly ControlContext Default = new();
}
