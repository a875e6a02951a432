using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUSTER_SHARED_VOLUME_STATE_INFO (MS-CMRP 2.2.3.29): 1044 bytes, the WS2012 CSV notification
/// payload. Layout: szVolumeName WCHAR[260] @0, szNodeName WCHAR[260] @520, VolumeState int32 @1040.
/// </summary>
/// <param name="VolumeName">Friendly name of the CSV (at most 259 characters).</param>
/// <param name="NodeName">Reporting node (at most 259 characters).</param>
/// <param name="VolumeState">The volume state on that node.</param>
public readonly record struct SharedVolumeStateInfo(string VolumeName, string NodeName, SharedVolumeState VolumeState)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 1044;

    private const int NodeNameOffset = 520;
    private const int VolumeStateOffset = 1040;

    /// <summary>
    /// Parses the first 1044 bytes. Fewer bytes, a VolumeState outside 0-4, or a name without NUL give
    /// <see cref="Win32Error.InvalidParameter"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out SharedVolumeStateInfo value)
    {
        value = default;
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        int state = BinaryPrimitives.ReadInt32LittleEndian(buffer[VolumeStateOffset..]);
        if (!WireChecks.IsVolumeState(state)
            || Utf16Field.TryReadFixed(buffer[..Utf16Field.MaxPathBytes], out string volume) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(NodeNameOffset, Utf16Field.MaxPathBytes), out string node) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new SharedVolumeStateInfo(volume, node, (SharedVolumeState)state);
        return Win32Error.Success;
    }

    /// <summary>Writes the 1044 bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 1044 bytes or a name does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeName, destination[..Utf16Field.MaxPathBytes], nameof(VolumeName));
        Utf16Field.WriteFixed(NodeName, destination.Slice(NodeNameOffset, Utf16Field.MaxPathBytes), nameof(NodeName));
        BinaryPrimitives.WriteInt32LittleEndian(destination[VolumeStateOffset..], (int)VolumeState);
    }

    /// <summary>The 1044-byte wire form.</summary>
    /// <exception cref="ArgumentException">A name does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
