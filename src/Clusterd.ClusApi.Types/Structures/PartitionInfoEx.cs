using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_PARTITION_INFO_EX (MS-CMRP 2.2.3.11): 1160 bytes. Layout: dwFlags @0,
/// szDeviceName WCHAR[260] @4, szVolumeLabel WCHAR[260] @524, dwSerialNumber @1044,
/// rgdwMaximumComponentLength @1048, dwFileSystemFlags @1052, szFileSystem WCHAR[32] @1056,
/// TotalSizeInBytes uint64 @1120, FreeSizeInBytes uint64 @1128, DeviceNumber @1136, PartitionNumber @1140,
/// VolumeGuid GUID @1144.
/// </summary>
/// <param name="Flags">CLUSPROP_PIFLAG_* flags (open set; unknown bits are kept).</param>
/// <param name="DeviceName">Drive letter ("X:") or device path (at most 259 characters).</param>
/// <param name="VolumeLabel">File-system label (at most 259 characters).</param>
/// <param name="SerialNumber">Volume serial number.</param>
/// <param name="MaximumComponentLength">Longest file-name component.</param>
/// <param name="FileSystemFlags">File-system flags.</param>
/// <param name="FileSystem">File-system name, e.g. "NTFS" (at most 31 characters).</param>
/// <param name="TotalSizeInBytes">Volume size.</param>
/// <param name="FreeSizeInBytes">Free space.</param>
/// <param name="DeviceNumber">Disk number.</param>
/// <param name="PartitionNumber">Partition number.</param>
/// <param name="VolumeGuid">Volume identifier (GUID in its Windows byte order).</param>
public readonly record struct PartitionInfoEx(
    PartitionFlags Flags,
    string DeviceName,
    string VolumeLabel,
    uint SerialNumber,
    uint MaximumComponentLength,
    uint FileSystemFlags,
    string FileSystem,
    ulong TotalSizeInBytes,
    ulong FreeSizeInBytes,
    uint DeviceNumber,
    uint PartitionNumber,
    Guid VolumeGuid)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 1160;

    /// <summary>Size of szFileSystem: 64 bytes (32 WCHARs).</summary>
    public const int FileSystemBytes = 64;

    private const int DeviceNameOffset = 4;
    private const int VolumeLabelOffset = 524;
    private const int SerialNumberOffset = 1044;
    private const int MaxComponentOffset = 1048;
    private const int FileSystemFlagsOffset = 1052;
    private const int FileSystemOffset = 1056;
    private const int TotalSizeOffset = 1120;
    private const int FreeSizeOffset = 1128;
    private const int DeviceNumberOffset = 1136;
    private const int PartitionNumberOffset = 1140;
    private const int VolumeGuidOffset = 1144;

    /// <summary>Parses the first 1160 bytes; fewer bytes or a string field without NUL give <see cref="Win32Error.InvalidParameter"/>.</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out PartitionInfoEx value)
    {
        value = default;
        if (buffer.Length < Size
            || Utf16Field.TryReadFixed(buffer.Slice(DeviceNameOffset, Utf16Field.MaxPathBytes), out string device) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(VolumeLabelOffset, Utf16Field.MaxPathBytes), out string label) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(FileSystemOffset, FileSystemBytes), out string fileSystem) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new PartitionInfoEx(
            (PartitionFlags)BinaryPrimitives.ReadUInt32LittleEndian(buffer),
            device,
            label,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[SerialNumberOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[MaxComponentOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[FileSystemFlagsOffset..]),
            fileSystem,
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[TotalSizeOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[FreeSizeOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[DeviceNumberOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[PartitionNumberOffset..]),
            new Guid(buffer.Slice(VolumeGuidOffset, 16)));
        return Win32Error.Success;
    }

    /// <summary>Writes the 1160 bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 1160 bytes or a string does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(DeviceName, destination.Slice(DeviceNameOffset, Utf16Field.MaxPathBytes), nameof(DeviceName));
        Utf16Field.WriteFixed(VolumeLabel, destination.Slice(VolumeLabelOffset, Utf16Field.MaxPathBytes), nameof(VolumeLabel));
        Utf16Field.WriteFixed(FileSystem, destination.Slice(FileSystemOffset, FileSystemBytes), nameof(FileSystem));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SerialNumberOffset..], SerialNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[MaxComponentOffset..], MaximumComponentLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FileSystemFlagsOffset..], FileSystemFlags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TotalSizeOffset..], TotalSizeInBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FreeSizeOffset..], FreeSizeInBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[DeviceNumberOffset..], DeviceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PartitionNumberOffset..], PartitionNumber);
        VolumeGuid.TryWriteBytes(destination.Slice(VolumeGuidOffset, 16));
    }

    /// <summary>The 1160-byte wire form.</summary>
    /// <exception cref="ArgumentException">A string does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
