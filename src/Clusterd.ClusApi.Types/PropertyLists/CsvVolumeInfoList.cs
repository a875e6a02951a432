using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// The output of CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO (MS-CMRP 3.1.4.3.1.48): a bare value list
/// (no count, no names; docs/behaviour.md, "Value lists without a header") of one CLUSPROP_SYNTAX_LIST_VALUE_BINARY entry per CSV, each a 640-byte
/// CLUS_CSV_VOLUME_INFO, then the ENDMARK. N volumes take 648·N + 4 bytes; zero volumes are the 4-byte end mark.
/// </summary>
public static class CsvVolumeInfoList
{
    /// <summary>Bytes per volume: 8-byte entry header + 640 (already 4-aligned, no padding).</summary>
    public const int EntrySize = ClusPropEncoding.HeaderSize + CsvVolumeInfo.Size;

    /// <summary>648·<paramref name="count"/> + 4.</summary>
    /// <exception cref="OverflowException">The size does not fit an int.</exception>
    public static int GetSize(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return checked((EntrySize * count) + ClusPropEncoding.EndMarkSize);
    }

    /// <summary>Writes the list to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small or a name does not fit.</exception>
    public static int WriteTo(ReadOnlySpan<CsvVolumeInfo> volumes, Span<byte> destination)
    {
        int size = GetSize(volumes.Length);
        WireChecks.EnsureDestination(destination, size);
        int offset = 0;
        foreach (CsvVolumeInfo volume in volumes)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], (uint)ClusPropSyntax.ListValueBinary);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 4)..], CsvVolumeInfo.Size);
            volume.WriteTo(destination.Slice(offset + ClusPropEncoding.HeaderSize, CsvVolumeInfo.Size));
            offset += EntrySize;
        }

        destination.Slice(offset, ClusPropEncoding.EndMarkSize).Clear();
        return size;
    }

    /// <summary>The list as a new array.</summary>
    /// <exception cref="ArgumentException">A name does not fit.</exception>
    public static byte[] ToArray(ReadOnlySpan<CsvVolumeInfo> volumes)
    {
        var bytes = new byte[GetSize(volumes.Length)];
        WriteTo(volumes, bytes);
        return bytes;
    }

    /// <summary>
    /// Parses the list. Every entry must be LIST_VALUE_BINARY with Size 640 and a valid CLUS_CSV_VOLUME_INFO;
    /// the value-list rules of <see cref="ValueListReader"/> apply. Bytes after the end mark are ignored.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out IReadOnlyList<CsvVolumeInfo> volumes)
    {
        volumes = [];
        var result = new List<CsvVolumeInfo>(Math.Min(64, buffer.Length / EntrySize));
        var reader = new ValueListReader(buffer);
        while (true)
        {
            Win32Error error = reader.TryReadNext(out ClusPropSyntax syntax, out ReadOnlySpan<byte> data);
            if (error == Win32Error.NoMoreItems)
            {
                break;
            }

            if (error != Win32Error.Success)
            {
                return error;
            }

            if (syntax != ClusPropSyntax.ListValueBinary || data.Length != CsvVolumeInfo.Size
                || CsvVolumeInfo.TryRead(data, out CsvVolumeInfo volume) != Win32Error.Success)
            {
                return Win32Error.InvalidParameter;
            }

            result.Add(volume);
        }

        volumes = result;
        return Win32Error.Success;
    }
}
