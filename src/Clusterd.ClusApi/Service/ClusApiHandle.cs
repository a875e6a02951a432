using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>The access level a handle was granted (MS-CMRP 3.1.4: "Read" or "All").</summary>
internal enum ClusApiAccess
{
    Read,
    All,
}

/// <summary>
/// The state behind one context handle: the object's kind and ID (stable across renames; for keys the database
/// path), the granted access, and the engine it was opened on. A handle of an engine that has since been replaced
/// (admin reset) is invalid.
/// </summary>
internal sealed record ClusApiHandle(ClusApiObjectKind Kind, string Id, ClusApiAccess Access, ICluster Engine);

/// <summary>Access masks of the Ex open methods (MS-CMRP 3.1.4.2.116-121).</summary>
internal static class AccessMask
{
    public const uint GenericRead = 0x80000000;
    public const uint GenericExecute = 0x20000000;
    public const uint GenericAll = 0x10000000;
    public const uint MaximumAllowed = 0x02000000;

    /// <summary>
    /// The granted level for dwDesiredAccess (MS-CMRP 3.1.4.2.116 and the other Ex opens) for a caller holding
    /// <paramref name="level"/>: any bit outside the table, or nothing, is ERROR_INVALID_PARAMETER (values outside the
    /// table SHOULD NOT be supported); a caller without access, ERROR_ACCESS_DENIED; GENERIC_ALL needs "All"
    /// (else ERROR_ACCESS_DENIED) and grants GENERIC_ALL; MAXIMUM_ALLOWED grants the caller's level (GENERIC_ALL for "All",
    /// GENERIC_READ for "Read"); GENERIC_READ or GENERIC_EXECUTE alone need "Read" and grant what was asked.
    /// </summary>
    public static Win32Error Grant(uint desired, ClusterAccessLevel level, out ClusApiAccess access, out uint granted)
    {
        const uint known = GenericRead | GenericExecute | GenericAll | MaximumAllowed;
        access = ClusApiAccess.Read;
        granted = 0;
        if (desired == 0 || (desired & ~known) != 0)
        {
            return Win32Error.InvalidParameter;
        }
        if (level == ClusterAccessLevel.None)
        {
            return Win32Error.AccessDenied;
        }
        if ((desired & GenericAll) != 0 && level != ClusterAccessLevel.All)
        {
            return Win32Error.AccessDenied;
        }
        if ((desired & (GenericAll | MaximumAllowed)) != 0)
        {
            access = level == ClusterAccessLevel.All ? ClusApiAccess.All : ClusApiAccess.Read;
            granted = access == ClusApiAccess.All ? GenericAll : GenericRead;
            return Win32Error.Success;
        }
        granted = desired;
        return Win32Error.Success;
    }
}
