using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_CSV_MAINTENANCE_MODE_INFO (MS-CMRP 2.2.3.19): the 524-byte input of
/// CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE. Layout: InMaintenance BOOL @0, VolumeName WCHAR[260] @4.
/// </summary>
/// <param name="InMaintenance">True = enter volume maintenance, false = leave it.</param>
/// <param name="VolumeName">Friendly name or volume GUID path (at most 259 characters).</param>
public readonly record struct CsvMaintenanceModeInfo(bool InMaintenance, string VolumeName)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 524;

    private const int VolumeNameOffset = 4;

    /// <summary>
    /// Parses the first 524 bytes. Fewer bytes, InMaintenance other than 0 or 1, or a VolumeName without NUL
    /// give <see cref="Win32Error.InvalidParameter"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out CsvMaintenanceModeInfo value)
    {
        value = default;
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        uint flag = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (!WireChecks.IsBool(flag)
            || Utf16Field.TryReadFixed(buffer.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), out string name) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new CsvMaintenanceModeInfo(flag == 1, name);
        return Win32Error.Success;
    }

    /// <summary>Writes the 524 bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 524 bytes or the name does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeName, destination.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), nameof(VolumeName));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, InMaintenance ? 1u : 0u);
    }

    /// <summary>The 524-byte wire form.</summary>
    /// <exception cref="ArgumentException">The name does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
