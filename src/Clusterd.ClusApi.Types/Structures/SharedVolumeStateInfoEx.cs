using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUSTER_SHARED_VOLUME_STATE_INFO_EX (MS-CMRP 2.2.3.32; docs/behaviour.md, "STATE_INFO_EX size"). Written in the C layout
/// (1584 bytes, 4 zero padding bytes at 1564 so the ULONGLONGs are 8-aligned); read from either the C layout
/// or the packed layout of the spec diagram (1580 bytes).
/// Layout: szVolumeName WCHAR[260] @0, szNodeName WCHAR[260] @520, VolumeState int32 @1040,
/// szVolumeFriendlyName WCHAR[260] @1044, RedirectedIOReason uint64 @1568 (packed @1564),
/// BlockRedirectedIOReason uint64 @1576 (packed @1572).
/// </summary>
/// <param name="VolumeName">Volume GUID path (at most 259 characters).</param>
/// <param name="NodeName">Reporting node (at most 259 characters).</param>
/// <param name="VolumeState">The volume state on that node.</param>
/// <param name="VolumeFriendlyName">Friendly name (at most 259 characters).</param>
/// <param name="RedirectedIOReason">File-system redirection reasons (open flag set; unknown bits are kept).</param>
/// <param name="BlockRedirectedIOReason">Block redirection reasons (open flag set; unknown bits are kept).</param>
public readonly record struct SharedVolumeStateInfoEx(
    string VolumeName,
    string NodeName,
    SharedVolumeState VolumeState,
    string VolumeFriendlyName,
    RedirectedIOReason RedirectedIOReason,
    BlockRedirectedIOReason BlockRedirectedIOReason)
{
    /// <summary>Size of the C layout, the one written (docs/behaviour.md, "STATE_INFO_EX size").</summary>
    public const int Size = 1584;

    /// <summary>Size of the packed layout of the spec diagram, accepted on read.</summary>
    public const int PackedSize = 1580;

    private const int NodeNameOffset = 520;
    private const int VolumeStateOffset = 1040;
    private const int FriendlyNameOffset = 1044;
    private const int PaddingOffset = 1564;
    private const int RedirectedOffset = 1568;
    private const int BlockRedirectedOffset = 1576;
    private const int PackedRedirectedOffset = 1564;
    private const int PackedBlockRedirectedOffset = 1572;

    /// <summary>
    /// Parses a buffer of exactly 1584 (C layout) or 1580 (packed) bytes. Any other length, a VolumeState
    /// outside 0-4, or a name without NUL give <see cref="Win32Error.InvalidParameter"/>. The C padding is ignored.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out SharedVolumeStateInfoEx value)
    {
        value = default;
        int redirectedOffset;
        int blockOffset;
        switch (buffer.Length)
        {
            case Size:
                redirectedOffset = RedirectedOffset;
                blockOffset = BlockRedirectedOffset;
                break;
            case PackedSize:
                redirectedOffset = PackedRedirectedOffset;
                blockOffset = PackedBlockRedirectedOffset;
                break;
            default:
                return Win32Error.InvalidParameter;
        }

        int state = BinaryPrimitives.ReadInt32LittleEndian(buffer[VolumeStateOffset..]);
        if (!WireChecks.IsVolumeState(state)
            || Utf16Field.TryReadFixed(buffer[..Utf16Field.MaxPathBytes], out string volume) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(NodeNameOffset, Utf16Field.MaxPathBytes), out string node) != Win32Error.Success
            || Utf16Field.TryReadFixed(buffer.Slice(FriendlyNameOffset, Utf16Field.MaxPathBytes), out string friendly) != Win32Error.Success)
        {
            return Win32Error.InvalidParameter;
        }

        value = new SharedVolumeStateInfoEx(
            volume,
            node,
            (SharedVolumeState)state,
            friendly,
            (RedirectedIOReason)BinaryPrimitives.ReadUInt64LittleEndian(buffer[redirectedOffset..]),
            (BlockRedirectedIOReason)BinaryPrimitives.ReadUInt64LittleEndian(buffer[blockOffset..]));
        return Win32Error.Success;
    }

    /// <summary>Writes the 1584-byte C layout (padding zeroed) to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 1584 bytes or a name does not fit.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        Utf16Field.WriteFixed(VolumeName, destination[..Utf16Field.MaxPathBytes], nameof(VolumeName));
        Utf16Field.WriteFixed(NodeName, destination.Slice(NodeNameOffset, Utf16Field.MaxPathBytes), nameof(NodeName));
        Utf16Field.WriteFixed(VolumeFriendlyName, destination.Slice(FriendlyNameOffset, Utf16Field.MaxPathBytes), nameof(VolumeFriendlyName));
        BinaryPrimitives.WriteInt32LittleEndian(destination[VolumeStateOffset..], (int)VolumeState);
        destination.Slice(PaddingOffset, RedirectedOffset - PaddingOffset).Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[RedirectedOffset..], (ulong)RedirectedIOReason);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[BlockRedirectedOffset..], (ulong)BlockRedirectedIOReason);
    }

    /// <summary>The 1584-byte wire form (C layout).</summary>
    /// <exception cref="ArgumentException">A name does not fit.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
