using System.Buffers.Binary;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Pdu;

/// <summary>The 8-byte sec_trailer that precedes auth_value (MS-RPCE 2.2.2.11).</summary>
public readonly record struct SecTrailer(RpcAuthType AuthType, RpcAuthLevel AuthLevel, byte PadLength, uint ContextId)
{
    /// <summary>Size of the trailer without the auth_value.</summary>
    public const int Size = 8;

    /// <summary>Reads 8 bytes.</summary>
    public static SecTrailer Read(ReadOnlySpan<byte> source) =>
        new((RpcAuthType)source[0], (RpcAuthLevel)source[1], source[2], BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));

    /// <summary>Writes 8 bytes (auth_reserved = 0).</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)AuthType;
        destination[1] = (byte)AuthLevel;
        destination[2] = PadLength;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], ContextId);
    }

    /// <summary>
    /// Auth padding after a request/response stub: (stub + pad) is a multiple of 16, measured from the stub
    /// start (MS-RPCE 2.2.2.11; observed Samba/Windows).
    /// </summary>
    public static int PadFor(int stubLength) => (16 - (stubLength & 15)) & 15;
}

/// <summary>An auth verifier: the sec_trailer plus its auth_value (token or signature).</summary>
/// <param name="Trailer">The sec_trailer.</param>
/// <param name="AuthValue">auth_value; its length is the header's auth_length.</param>
public sealed record AuthVerifier(SecTrailer Trailer, ReadOnlyMemory<byte> AuthValue)
{
    /// <summary>Bytes this verifier occupies on the wire (trailer + value).</summary>
    public int WireLength => checked(SecTrailer.Size + AuthValue.Length);

    internal void Write(Span<byte> destination)
    {
        Trailer.Write(destination);
        AuthValue.Span.CopyTo(destination[SecTrailer.Size..]);
    }
}
