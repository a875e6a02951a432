namespace Clusterd.ClusApi;

/// <summary>MAINTENANCE_MODE_TYPE (MS-CMRP 2.2.2.6): disk-level maintenance, not CSV volume maintenance.</summary>
public enum MaintenanceModeType
{
    /// <summary>MaintenanceModeTypeDisableIsAliveCheck.</summary>
    DisableIsAliveCheck = 1,
    /// <summary>MaintenanceModeTypeOfflineResource.</summary>
    OfflineResource = 2,
    /// <summary>MaintenanceModeTypeUnclusterResource (not on v2.0 servers).</summary>
    UnclusterResource = 3,
}

/// <summary>CLUSPROP_PIFLAG_* partition flags of CLUS_PARTITION_INFO(_EX).dwFlags (MS-CMRP 2.2.3.11).</summary>
[Flags]
public enum PartitionFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>CLUSPROP_PIFLAG_STICKY: the volume has a drive letter.</summary>
    Sticky = 0x1,
    /// <summary>CLUSPROP_PIFLAG_REMOVABLE.</summary>
    Removable = 0x2,
    /// <summary>CLUSPROP_PIFLAG_USABLE: NTFS.</summary>
    Usable = 0x4,
    /// <summary>CLUSPROP_PIFLAG_DEFAULT_QUORUM.</summary>
    DefaultQuorum = 0x8,
    /// <summary>CLUSPROP_PIFLAG_USABLE_FOR_CSV: NTFS or ReFS.</summary>
    UsableForCsv = 0x10,
    /// <summary>CLUSPROP_PIFLAG_ENCRYPTION_ENABLED.</summary>
    EncryptionEnabled = 0x20,
    /// <summary>CLUSPROP_PIFLAG_RAW: not formatted.</summary>
    Raw = 0x40,
    /// <summary>CLUSPROP_PIFLAG_UNKNOWN: unknown file system.</summary>
    Unknown = 0x80000000,
}
