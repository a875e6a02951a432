using System.Buffers.Binary;

namespace Clusterd.ClusApi;

/// <summary>
/// CLUS_MAINTENANCE_MODE_INFO_EX (MS-CMRP 2.2.3.15): 16 bytes. Layout: InMaintenance uint32 @0,
/// MaintenanceModeType int32 @4, InternalState int32 @8, Signature uint32 @12 = 0xABBAF00F.
/// </summary>
/// <param name="InMaintenance">True when (to be) in maintenance mode.</param>
/// <param name="MaintenanceModeType">The maintenance mode type.</param>
/// <param name="InternalState">The resource state; meaningful only when written by the server, so not validated on read.</param>
public readonly record struct MaintenanceModeInfoEx(
    bool InMaintenance, MaintenanceModeType MaintenanceModeType, ClusterResourceState InternalState)
{
    /// <summary>Size of the structure in bytes.</summary>
    public const int Size = 16;

    /// <summary>MAINTENANCE_MODE_V2_SIG.</summary>
    public const uint Signature = 0xABBAF00F;

    private const int TypeOffset = 4;
    private const int InternalStateOffset = 8;
    private const int SignatureOffset = 12;

    /// <summary>
    /// Parses the first 16 bytes. Fewer bytes, InMaintenance other than 0 or 1, a MaintenanceModeType outside
    /// 1-3, or a wrong signature give <see cref="Win32Error.InvalidParameter"/>.
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out MaintenanceModeInfoEx value)
    {
        value = default;
        if (buffer.Length < Size)
        {
            return Win32Error.InvalidParameter;
        }

        uint flag = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        int type = BinaryPrimitives.ReadInt32LittleEndian(buffer[TypeOffset..]);
        // MS-CMRP 2.2.3.15: Signature MUST be 0xABBAF00F.
        if (!WireChecks.IsBool(flag)
            || !WireChecks.IsMaintenanceModeType(type)
            || BinaryPrimitives.ReadUInt32LittleEndian(buffer[SignatureOffset..]) != Signature)
        {
            return Win32Error.InvalidParameter;
        }

        value = new MaintenanceModeInfoEx(
            flag == 1,
            (MaintenanceModeType)type,
            (ClusterResourceState)BinaryPrimitives.ReadInt32LittleEndian(buffer[InternalStateOffset..]));
        return Win32Error.Success;
    }

    /// <summary>Writes the 16 bytes (with the signature) to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 16 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        WireChecks.EnsureDestination(destination, Size);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, InMaintenance ? 1u : 0u);
        BinaryPrimitives.WriteInt32LittleEndian(destination[TypeOffset..], (int)MaintenanceModeType);
        BinaryPrimitives.WriteInt32LittleEndian(destination[InternalStateOffset..], (int)InternalState);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SignatureOffset..], Signature);
    }

    /// <summary>The 16-byte wire form.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }
}
