using System.Net;
using System.Net.Sockets;

namespace Clusterd.Rpc.Server;

/// <summary>
/// Who a connection counts against for <see cref="RpcServerOptions.MaxConnectionsPerSource"/>: an IPv4 address (IPv4-mapped
/// IPv6 addresses are unmapped first, so one host cannot count twice), or the /64 prefix of an IPv6 address, since one
/// IPv6 host commonly holds a whole /64 and could otherwise use a fresh address per connection.
/// </summary>
internal readonly record struct ConnectionSource(UInt128 Key, bool IsIPv6)
{
    public static ConnectionSource Of(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
        {
            return default;
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return new ConnectionSource(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), IsIPv6: false);
        }

        address.TryWriteBytes(bytes, out _);
        ulong prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return new ConnectionSource(new UInt128(prefix, 0), IsIPv6: true);
    }

    public override string ToString()
    {
        if (!IsIPv6)
        {
            Span<byte> b = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, (uint)Key);
            return new IPAddress(b).ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(Key >> 64));
        return new IPAddress(bytes) + "/64";
    }
}
