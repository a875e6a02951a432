namespace Clusterd.ClusApi;

/// <summary>Shared validation for the fixed-size structure codecs.</summary>
internal static class WireChecks
{
    internal static bool IsBackupState(int value) => value is 0 or 1;

    internal static bool IsBool(uint value) => value is 0 or 1;

    // CLUSTER_CSV_VOLUME_FAULT_STATE: one value, including the header-only Dismounted (MS-CMRP 2.2.3.18, clusapi.h; docs/behaviour.md, "FaultState").
    internal static bool IsFaultState(int value) => value is 0 or 1 or 2 or 4 or 8;

    // CLUSTER_SHARED_VOLUME_STATE (MS-CMRP 2.2.3.29).
    internal static bool IsVolumeState(int value) => value is >= 0 and <= 4;

    // MAINTENANCE_MODE_TYPE (MS-CMRP 2.2.2.6): other values are reserved.
    internal static bool IsMaintenanceModeType(int value) => value is >= 1 and <= 3;

    internal static void EnsureDestination(Span<byte> destination, int size)
    {
        if (destination.Length < size)
        {
            ThrowHelper.DestinationTooSmall(nameof(destination), size);
        }
    }
}
