using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>
/// HMAC-MD5 (RFC 2104) under one fixed key, reusable for any number of messages: the MD5 states after the ipad and
/// opad blocks are computed once, so a signature costs the message blocks plus one outer block. NTLM keeps one per
/// direction for the life of a session (MS-NLMP 3.4.4.2). Immutable after construction, so safe to share.
/// </summary>
internal sealed class HmacMd5
{
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5C;

    private readonly uint[] _innerState = new uint[4];
    private readonly uint[] _outerState = new uint[4];

    public HmacMd5(ReadOnlySpan<byte> key)
    {
        Span<byte> k = stackalloc byte[Md5.BlockSize];
        k.Clear();
        if (key.Length > Md5.BlockSize)
        {
            // RFC 2104 2: keys longer than the block are hashed first.
            Md5.HashData(key, k);
        }
        else
        {
            key.CopyTo(k);
        }

        Span<byte> pad = stackalloc byte[Md5.BlockSize];
        PadState(k, InnerPad, pad, _innerState);
        PadState(k, OuterPad, pad, _outerState);
        CryptographicOperations.ZeroMemory(k);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Writes HMAC_MD5(key, <paramref name="first"/> || <paramref name="second"/>) to <paramref name="digest"/> (16 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        Span<byte> inner = stackalloc byte[Md5.HashSize];
        Md5.HashFrom(_innerState, Md5.BlockSize, first, second, inner);
        Md5.HashFrom(_outerState, Md5.BlockSize, inner, default, digest);
    }

    private static void PadState(ReadOnlySpan<byte> key, byte padByte, Span<byte> pad, Span<uint> state)
    {
        for (int i = 0; i < Md5.BlockSize; i++)
        {
            pad[i] = (byte)(key[i] ^ padByte);
        }

        Md5.Initialize(state);
        Md5.Compress(state, pad);
    }
}
