namespace Clusterd.ClusApi;

/// <summary>CLUSPROP_FORMAT_*: the low 16 bits of a CLUSPROP syntax (MS-CMRP 2.2.2.3; Samba's clusapi.idl).</summary>
public enum ClusPropFormat : ushort
{
    /// <summary>CLUSPROP_FORMAT_UNKNOWN.</summary>
    Unknown = 0,
    /// <summary>CLUSPROP_FORMAT_BINARY.</summary>
    Binary = 1,
    /// <summary>CLUSPROP_FORMAT_DWORD.</summary>
    DWord = 2,
    /// <summary>CLUSPROP_FORMAT_SZ.</summary>
    Sz = 3,
    /// <summary>CLUSPROP_FORMAT_EXPAND_SZ.</summary>
    ExpandSz = 4,
    /// <summary>CLUSPROP_FORMAT_MULTI_SZ.</summary>
    MultiSz = 5,
    /// <summary>CLUSPROP_FORMAT_ULARGE_INTEGER.</summary>
    ULargeInteger = 6,
    /// <summary>CLUSPROP_FORMAT_LONG.</summary>
    Long = 7,
    /// <summary>CLUSPROP_FORMAT_EXPANDED_SZ.</summary>
    ExpandedSz = 8,
    /// <summary>CLUSPROP_FORMAT_SECURITY_DESCRIPTOR.</summary>
    SecurityDescriptor = 9,
    /// <summary>CLUSPROP_FORMAT_LARGE_INTEGER.</summary>
    LargeInteger = 0xA,
    /// <summary>CLUSPROP_FORMAT_WORD.</summary>
    Word = 0xB,
    /// <summary>CLUSPROP_FORMAT_FILETIME.</summary>
    FileTime = 0xC,
}

/// <summary>CLUSPROP_TYPE_*: the high 16 bits of a CLUSPROP syntax (MS-CMRP 2.2.2.3; Samba's clusapi.idl).</summary>
public enum ClusPropType : ushort
{
    /// <summary>CLUSPROP_TYPE_ENDMARK.</summary>
    EndMark = 0,
    /// <summary>CLUSPROP_TYPE_LIST_VALUE.</summary>
    ListValue = 1,
    /// <summary>CLUSPROP_TYPE_RESCLASS.</summary>
    ResClass = 2,
    /// <summary>CLUSPROP_TYPE_NAME.</summary>
    Name = 4,
    /// <summary>CLUSPROP_TYPE_SIGNATURE (disk signature).</summary>
    DiskSignature = 5,
    /// <summary>CLUSPROP_TYPE_SCSI_ADDRESS.</summary>
    ScsiAddress = 6,
    /// <summary>CLUSPROP_TYPE_DISK_NUMBER.</summary>
    DiskNumber = 7,
    /// <summary>CLUSPROP_TYPE_PARTITION_INFO.</summary>
    PartitionInfo = 8,
    /// <summary>CLUSPROP_TYPE_DISK_SERIALNUMBER.</summary>
    DiskSerialNumber = 0xA,
    /// <summary>CLUSPROP_TYPE_DISK_GUID.</summary>
    DiskGuid = 0xB,
    /// <summary>CLUSPROP_TYPE_DISK_SIZE.</summary>
    DiskSize = 0xC,
    /// <summary>CLUSPROP_TYPE_PARTITION_INFO_EX.</summary>
    PartitionInfoEx = 0xD,
}

/// <summary>
/// CLUSTER_PROPERTY_SYNTAX (MS-CMRP 2.2.2.3): <c>type &lt;&lt; 16 | format</c>. The named values are the ones
/// Samba's IDL (librpc/idl/clusapi.idl) and MS-CMRP (2.2.2.3, 2.2.3.10.1) list.
/// </summary>
public enum ClusPropSyntax : uint
{
    /// <summary>CLUSPROP_SYNTAX_ENDMARK: closes a value list.</summary>
    EndMark = 0x00000000,
    /// <summary>CLUSPROP_SYNTAX_NAME: a property name (MS-CMRP 2.2.3.10.1).</summary>
    Name = 0x00040003,
    /// <summary>CLUSPROP_SYNTAX_RESCLASS.</summary>
    ResClass = 0x00020002,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_BINARY.</summary>
    ListValueBinary = 0x00010001,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_DWORD.</summary>
    ListValueDWord = 0x00010002,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_SZ.</summary>
    ListValueSz = 0x00010003,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ.</summary>
    ListValueExpandSz = 0x00010004,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ.</summary>
    ListValueMultiSz = 0x00010005,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER.</summary>
    ListValueULargeInteger = 0x00010006,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_LONG.</summary>
    ListValueLong = 0x00010007,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_EXPANDED_SZ.</summary>
    ListValueExpandedSz = 0x00010008,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR.</summary>
    ListValueSecurityDescriptor = 0x00010009,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_LARGE_INTEGER.</summary>
    ListValueLargeInteger = 0x0001000A,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_WORD.</summary>
    ListValueWord = 0x0001000B,
    /// <summary>CLUSPROP_SYNTAX_LIST_VALUE_FILETIME.</summary>
    ListValueFileTime = 0x0001000C,
    /// <summary>CLUSPROP_SYNTAX_DISK_SIGNATURE.</summary>
    DiskSignature = 0x00050002,
    /// <summary>CLUSPROP_SYNTAX_SCSI_ADDRESS.</summary>
    ScsiAddress = 0x00060002,
    /// <summary>CLUSPROP_SYNTAX_DISK_NUMBER.</summary>
    DiskNumber = 0x00070002,
    /// <summary>CLUSPROP_SYNTAX_PARTITION_INFO.</summary>
    PartitionInfo = 0x00080001,
    /// <summary>CLUSPROP_SYNTAX_DISK_SERIALNUMBER.</summary>
    DiskSerialNumber = 0x000A0003,
    /// <summary>CLUSPROP_SYNTAX_DISK_GUID.</summary>
    DiskGuid = 0x000B0003,
    /// <summary>CLUSPROP_SYNTAX_DISK_SIZE.</summary>
    DiskSize = 0x000C0006,
    /// <summary>CLUSPROP_SYNTAX_PARTITION_INFO_EX.</summary>
    PartitionInfoEx = 0x000D0001,
}

/// <summary>Decoders for <see cref="ClusPropSyntax"/>.</summary>
public static class ClusPropSyntaxExtensions
{
    /// <summary>The format (low 16 bits).</summary>
    public static ClusPropFormat Format(this ClusPropSyntax syntax) => (ClusPropFormat)((uint)syntax & 0xFFFF);

    /// <summary>The type (high 16 bits).</summary>
    public static ClusPropType ValueType(this ClusPropSyntax syntax) => (ClusPropType)((uint)syntax >> 16);

    /// <summary>Composes a syntax: <c>type &lt;&lt; 16 | format</c>.</summary>
    public static ClusPropSyntax Compose(ClusPropType type, ClusPropFormat format) =>
        (ClusPropSyntax)(((uint)type << 16) | (uint)format);
}
