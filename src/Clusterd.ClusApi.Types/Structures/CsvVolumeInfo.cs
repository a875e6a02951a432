using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_CSV_VOLUME_INFO (MS-CMRP 2.2.3.18): 640 bytes, one per CSV in the output of
/// CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO. Layout: VolumeOffset uint64 @0, PartitionNumber uint32 @8,
/// FaultState int32 @12, BackupState int32 @16, szVolumeFriendlyName WCHAR[260] @20, szVolumeName WCHAR[50] @540.
/// </summary>
/// <param name="VolumeOffset">Byte offset of the volume on the disk.</param>
/// <param name="PartitionNumber">Partition number.</param>
/// <param name="FaultState">Derived fault state (single value; docs/behaviour.md, "FaultState").</param>
/// <param name="BackupState">Current backup mode.</param>
/// <param name="VolumeFriendlyName">Friendly name, e.g. "Volume1" (at most 259 characters).</param>
/// <param name="VolumeName">Volume GUID path, e.g. <c>\\?\Volume{...}\</c> (at most 49 characters).</param>
public readonly record struct CsvVolumeInfo(
    ulong VolumeOffset,
    uint PartitionNumber,
    CsvVolumeFaultState FaultState,
    SharedVolumeBackupState BackupState,
    string VolumeFriendlyName,
    string VolumeName)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 640;

    /// <summary>Size of the szVolumeName field: WCHAR[50] = 100 bytes.</summary>
    public const int VolumeNameBytes = 100;

    private const int PartitionNumberOffset = 8;
    private const int FaultStateOffset = 12;
    private const int BackupStateOffset = 16;
    private const int FriendlyNameOffset = 20;
    private const int VolumeNameOffset = 540;

    /// <summary>
    /// Parses the first 640 bytes. Fewer bytes, a FaultState or BackupState outside the enumerations, or a name
    /// field without NUL give <see cref="Win32Error.InvalidParameter"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out CsvVolumeInfo value)
    {
        value = default;
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        int fault = BinaryPrimitives.ReadInt32LittleEndian(buffer[FaultStateOffset..]);
        int backup = BinaryPrimitives.ReadInt32LittleEndian(buffer[BackupStateOffset..]);
        if (!WireChecks.IsFaultState(fault) || !WireChecks.IsBackupState(backup))
        {
            return Win32Error.InvalidParameter;
        }

        if (Utf16Field.TryReadFixed(buffer.Slice(FriendlyNameOffset, Utf16Field.MaxPathBytes), out string friendly) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(VolumeNameOffset, VolumeNameBytes), out string guidPath) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new CsvVolumeInfo(
            BinaryPrimitives.ReadUInt64LittleEndian(buffer),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[PartitionNumberOffset..]),
            (CsvVolumeFaultState)fault,
            (SharedVolumeBackupState)backup,
            friendly,
            guidPath);
        return Win32Error.Success;
    }

    /// <summary>Writes the 640 bytes (names zero-padded) to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 640 bytes or a name does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeFriendlyName, destination.Slice(FriendlyNameOffset, Utf16Field.MaxPathBytes), nameof(VolumeFriendlyName));
        Utf16Field.WriteFixed(VolumeName, destination.Slice(VolumeNameOffset, VolumeNameBytes), nameof(VolumeName));
        BinaryPrimitives.WriteUInt64LittleEndian(destination, VolumeOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PartitionNumberOffset..], PartitionNumber);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FaultStateOffset..], (int)FaultState);
        BinaryPrimitives.WriteInt32LittleEndian(destination[BackupStateOffset..], (int)BackupState);
    }

    /// <summary>The 640-byte wire form.</summary>
    /// <exception cref="ArgumentException">A name does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
