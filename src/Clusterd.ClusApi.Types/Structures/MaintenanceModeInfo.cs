using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_MAINTENANCE_MODE_INFO (MS-CMRP 2.2.3.14): 4 bytes, disk-level maintenance mode of a
/// storage resource (QUERY_/SET_MAINTENANCE_MODE). Layout: InMaintenance uint32 @0.
/// </summary>
/// <param name="InMaintenance">True when (to be) in maintenance mode.</param>
public readonly record struct MaintenanceModeInfo(bool InMaintenance)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 4;

    /// <summary>Parses the first 4 bytes; fewer bytes or a value other than 0 or 1 give <see cref="Win32Error.InvalidParameter"/>.</summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out MaintenanceModeInfo value)
    {
        value = default;
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        uint flag = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (!WireChecks.IsBool(flag))
        {
            return Win32Error.InvalidParameter;
        }

        value = new MaintenanceModeInfo(flag == 1);
        return Win32Error.Success;
    }

    /// <summary>Writes the 4 bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 4 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, InMaintenance ? 1u : 0u);
    }

    /// <summary>The 4-byte wire form.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
