using System.Buffers;
using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>The common 16-byte header of every connection-oriented PDU (C706 12.6.3.1).</summary>
public readonly record struct RpcHeader(
    PduType Type,
    PfcFlags Flags,
    ushort FragLength,
    ushort AuthLength,
    uint CallId,
    byte Version = 5,
    byte VersionMinor = 0,
    uint DataRepresentation = RpcHeader.LittleEndianDrep)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 16;

    /// <summary>packed_drep 10 00 00 00: little-endian integers, ASCII, IEEE floats.</summary>
    public const uint LittleEndianDrep = 0x00000010;

    /// <summary>Reads the header; only checks that 16 bytes are present.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out RpcHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = new RpcHeader(
            (PduType)source[2],
            (PfcFlags)source[3],
            BinaryPrimitives.ReadUInt16LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[10..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            source[0],
            source[1],
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));
        return true;
    }

    /// <summary>Reads the header from the start of a sequence without consuming it.</summary>
    public static bool TryRead(in ReadOnlySequence<byte> source, out RpcHeader header)
    {
        if (source.FirstSpan.Length >= Size)
        {
            return TryRead(source.FirstSpan, out header);
        }

        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        Span<byte> tmp = stackalloc byte[Size];
        source.Slice(0, Size).CopyTo(tmp);
        return TryRead(tmp, out header);
    }

    /// <summary>Writes the 16 header bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = VersionMinor;
        destination[2] = (byte)Type;
        destination[3] = (byte)Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], DataRepresentation);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], FragLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], AuthLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], CallId);
    }

    /// <summary>rpc_vers 5, rpc_vers_minor 0 or 1 (C706 12.6.3.1).</summary>
    public bool HasSupportedVersion => Version == 5 && VersionMinor <= 1;

    /// <summary>Only little-endian ASCII is supported: drep[0] = 0x10, drep[1] = 0 (IEEE); Samba also tolerates drep[2..3].</summary>
    public bool HasSupportedDataRepresentation => (DataRepresentation & 0xFFFF) == LittleEndianDrep;
}
