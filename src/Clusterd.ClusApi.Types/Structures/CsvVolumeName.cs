using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_CSV_VOLUME_NAME (clusapi.h), written in the C layout of 1056 bytes. Layout:
/// VolumeOffset int64 @0, szVolumeName WCHAR[260] @8, szRootPath WCHAR[263] @528, 2 tail padding bytes @1054.
/// Probably the element of GET_SHARED_VOLUME_PARTITION_NAMES (unconfirmed).
/// </summary>
/// <param name="VolumeOffset">Byte offset of the volume on the disk (LARGE_INTEGER).</param>
/// <param name="VolumeName">Friendly name or GUID path (at most 259 characters).</param>
/// <param name="RootPath">Root path of the CSV (at most 262 characters).</param>
public readonly record struct CsvVolumeName(long VolumeOffset, string VolumeName, string RootPath)
{
    /// <summary>Size of the C layout, the one written.</summary>
    public const int Size = 1056;

    /// <summary>Size without the C tail padding, the minimum accepted on read.</summary>
    public const int PackedSize = 1054;

    /// <summary>Size of szRootPath: WCHAR[263] = 526 bytes.</summary>
    public const int RootPathBytes = 526;

    private const int VolumeNameOffset = 8;
    private const int RootPathOffset = 528;

    /// <summary>
    /// Parses the structure (at least 1054 bytes; the tail padding is ignored). Fewer bytes or a name without NUL
    /// give <see cref="Win32Error.InvalidParameter"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out CsvVolumeName value)
    {
        value = default;
        if (buffer.Length < PackedSize
            || Utf16Field.TryReadFixed(buffer.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), out string name) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(RootPathOffset, RootPathBytes), out string root) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new CsvVolumeName(BinaryPrimitives.ReadInt64LittleEndian(buffer), name, root);
        return Win32Error.Success;
    }

    /// <summary>Writes the 1056 bytes (padding zeroed) to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 1056 bytes or a string does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeName, destination.Slice(VolumeNameOffset, Utf16Field.MaxPathBytes), nameof(VolumeName));
        Utf16Field.WriteFixed(RootPath, destination.Slice(RootPathOffset, RootPathBytes), nameof(RootPath));
        BinaryPrimitives.WriteInt64LittleEndian(destination, VolumeOffset);
        destination[PackedSize..Size].Clear();
    }

    /// <summary>The 1056-byte wire form.</summary>
    /// <exception cref="ArgumentException">A string does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
