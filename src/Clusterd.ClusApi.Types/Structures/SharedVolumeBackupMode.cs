using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 2.2.3.20): the 528-byte input of
/// CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE. Layout: BackupState int32 @0, DelayTimerInSecs uint32 @4,
/// VolumeName WCHAR[260] @8.
/// </summary>
/// <param name="BackupState">1 = enter backup mode, 0 = leave it.</param>
/// <param name="DelayTimerInSecs">Seconds to wait for a backup to start (the volume backup timer).</param>
/// <param name="VolumeName">Friendly name or volume GUID path (at most 259 characters).</param>
public readonly record struct SharedVolumeBackupMode(
    SharedVolumeBackupState BackupState, uint DelayTimerInSecs, string VolumeName)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 528;

    private const int DelayOffset = 4;
    private const int VolumeNameOffset = 8;

    /// <summary>
    /// Parses and validates the control input (docs/behaviour.md, "Backup-mode input"): fewer than 528 bytes, a BackupState other than
    /// 0 or 1, a VolumeName not NUL-terminated within 260 WCHARs, or InProgress with DelayTimerInSecs = 0 give
    /// <see cref="Win32Error.InvalidParameter"/>. None with a non-zero delay is accepted. Bytes past 528 are ignored.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out SharedVolumeBackupMode value)
    {
        value = default;
        // MS-CMRP 3.1.4.2.74: bad input is ERROR_INVALID_PARAMETER.
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        int state = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        uint delay = BinaryPrimitives.ReadUInt32LittleEndian(buffer[DelayOffset..]);
        if (!WireChecks.IsBackupState(state)
            || (state == (int)SharedVolumeBackupState.InProgress && delay == 0))
        {
            return Win32Error.InvalidParameter;
        }

        Win32Error error = Utf16Field.TryReadFixed(buffer.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), out string name);
        if (error != Win32Error.Success)
        {
            return error;
        }

        value = new SharedVolumeBackupMode((SharedVolumeBackupState)state, delay, name);
        return Win32Error.Success;
    }

    /// <summary>Writes the 528 bytes (name zero-padded) to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 528 bytes or the name does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeName, destination.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), nameof(VolumeName));
        BinaryPrimitives.WriteInt32LittleEndian(destination, (int)BackupState);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[DelayOffset..], DelayTimerInSecs);
    }

    /// <summary>The 528-byte wire form.</summary>
    /// <exception cref="ArgumentException">The name does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
