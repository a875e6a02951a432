using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Epm;

/// <summary>One floor of a protocol tower: left-hand side (protocol id + data) and right-hand side.</summary>
public sealed record TowerFloor(ReadOnlyMemory<byte> Lhs, ReadOnlyMemory<byte> Rhs)
{
    /// <summary>The protocol identifier (first LHS byte), or 0 for an empty LHS.</summary>
    public byte ProtocolId => Lhs.IsEmpty ? (byte)0 : Lhs.Span[0];
}

/// <summary>Protocol towers (C706 appendix L).</summary>
public static class ProtocolTower
{
    /// <summary>Protocol id of a UUID floor (interface, transfer syntax).</summary>
    public const byte UuidId = 0x0D;
    /// <summary>Protocol id of ncacn (connection-oriented RPC).</summary>
    public const byte NcacnId = 0x0B;
    /// <summary>Protocol id of TCP.</summary>
    public const byte TcpId = 0x07;
    /// <summary>Protocol id of IP.</summary>
    public const byte IpId = 0x09;

    private const int MaxFloors = 32;

    /// <summary>Builds the 5-floor ncacn_ip_tcp tower: interface, transfer syntax, ncacn, TCP port (big-endian), IPv4.</summary>
    public static byte[] EncodeTcp(SyntaxId interfaceId, SyntaxId transferSyntax, int port, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = new byte[4];
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(ip, out _);
        }

        var portBytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(portBytes, checked((ushort)port));
        return Encode([
            UuidFloor(interfaceId),
            UuidFloor(transferSyntax),
            new TowerFloor(new[] { NcacnId }, new byte[2]),
            new TowerFloor(new[] { TcpId }, portBytes),
            new TowerFloor(new[] { IpId }, ip),
        ]);
    }

    /// <summary>Encodes floors: u16 floor_count, then per floor u16 lhs_len, lhs, u16 rhs_len, rhs (little-endian).</summary>
    public static byte[] Encode(IReadOnlyList<TowerFloor> floors)
    {
        int len = 2;
        foreach (var f in floors)
        {
            len = checked(len + 4 + f.Lhs.Length + f.Rhs.Length);
        }

        var buffer = new byte[len];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)floors.Count));
        int pos = 2;
        foreach (var f in floors)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], checked((ushort)f.Lhs.Length));
            f.Lhs.Span.CopyTo(span[(pos + 2)..]);
            pos += 2 + f.Lhs.Length;
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], checked((ushort)f.Rhs.Length));
            f.Rhs.Span.CopyTo(span[(pos + 2)..]);
            pos += 2 + f.Rhs.Length;
        }

        return buffer;
    }

    /// <summary>Decodes floors; false on any length that runs past the tower.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> tower, out IReadOnlyList<TowerFloor> floors)
    {
        var list = new List<TowerFloor>();
        floors = list;
        var span = tower.Span;
        if (span.Length < 2)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(span);
        if (count > MaxFloors)
        {
            return false;
        }

        int pos = 2;
        for (int i = 0; i < count; i++)
        {
            if (!TryTake(span, ref pos, out int lhsAt, out int lhsLen) || !TryTake(span, ref pos, out int rhsAt, out int rhsLen))
            {
                return false;
            }

            list.Add(new TowerFloor(tower.Slice(lhsAt, lhsLen), tower.Slice(rhsAt, rhsLen)));
        }

        return true;
    }

    /// <summary>Reads a UUID floor (interface or transfer syntax): LHS 0x0D + UUID + u16 major, RHS u16 minor.</summary>
    public static bool TryGetSyntax(TowerFloor floor, out SyntaxId syntax)
    {
        syntax = default;
        var lhs = floor.Lhs.Span;
        if (lhs.Length != 19 || lhs[0] != UuidId || floor.Rhs.Length != 2)
        {
            return false;
        }

        syntax = SyntaxId.ForInterface(new Guid(lhs.Slice(1, 16)), BinaryPrimitives.ReadUInt16LittleEndian(lhs[17..]), BinaryPrimitives.ReadUInt16LittleEndian(floor.Rhs.Span));
        return true;
    }

    /// <summary>Reads the port of a TCP floor (big-endian RHS).</summary>
    public static bool TryGetTcpPort(IReadOnlyList<TowerFloor> floors, out int port)
    {
        port = 0;
        var f = floors.FirstOrDefault(x => x.ProtocolId == TcpId && x.Rhs.Length == 2);
        if (f is null)
        {
            return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(f.Rhs.Span);
        return true;
    }

    private static TowerFloor UuidFloor(SyntaxId syntax)
    {
        var lhs = new byte[19];
        lhs[0] = UuidId;
        syntax.Uuid.TryWriteBytes(lhs.AsSpan(1));
        BinaryPrimitives.WriteUInt16LittleEndian(lhs.AsSpan(17), syntax.MajorVersion);
        var rhs = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(rhs, syntax.MinorVersion);
        return new TowerFloor(lhs, rhs);
    }

    private static bool TryTake(ReadOnlySpan<byte> span, ref int pos, out int at, out int len)
    {
        at = 0;
        len = 0;
        if (span.Length - pos < 2)
        {
            return false;
        }

        len = BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]);
        at = pos + 2;
        if (span.Length - at < len)
        {
            return false;
        }

        pos = at + len;
        return true;
    }
}
