using System.Buffers.Binary;
using System.Numerics;

namespace Clusterd.Rpc.Security;

/// <summary>
/// MD4 (RFC 1320). Only used for NTOWFv1 = MD4(UTF-16LE(password)) (MS-NLMP 3.3.1); the BCL has no public MD4.
/// </summary>
internal static class Md4
{
    public const int HashSize = 16;

    private const uint Round2Constant = 0x5A827999;
    private const uint Round3Constant = 0x6ED9EBA1;

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        HashData(data, hash);
        return hash;
    }

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("Destination is shorter than 16 bytes.", nameof(destination));
        }

        // RFC 1320 3.3: initial state words A, B, C, D.
        Span<uint> state = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476];
        Span<uint> words = stackalloc uint[16];

        int fullBlocks = data.Length / 64;
        for (int i = 0; i < fullBlocks; i++)
        {
            Compress(data.Slice(i * 64, 64), state, words);
        }

        // RFC 1320 3.1/3.2: a single 1 bit, zeros to 56 mod 64, then the bit length (64-bit little-endian).
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        ReadOnlySpan<byte> rest = data[(fullBlocks * 64)..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        int tailLength = rest.Length < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], unchecked((ulong)data.Length * 8));
        for (int offset = 0; offset < tailLength; offset += 64)
        {
            Compress(tail.Slice(offset, 64), state, words);
        }

        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], state[i]);
        }
    }

    private static void Compress(ReadOnlySpan<byte> block, Span<uint> state, Span<uint> x)
    {
        for (int i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3];

        unchecked
        {
            // Round 1: F(x, y, z) = xy v not(x)z, shifts 3 7 11 19, words in order.
            for (int i = 0; i < 16; i += 4)
            {
                a = BitOperations.RotateLeft(a + F(b, c, d) + x[i], 3);
                d = BitOperations.RotateLeft(d + F(a, b, c) + x[i + 1], 7);
                c = BitOperations.RotateLeft(c + F(d, a, b) + x[i + 2], 11);
                b = BitOperations.RotateLeft(b + F(c, d, a) + x[i + 3], 19);
            }

            // Round 2: G(x, y, z) = xy v xz v yz, shifts 3 5 9 13, words by column.
            for (int i = 0; i < 4; i++)
            {
                a = BitOperations.RotateLeft(a + G(b, c, d) + x[i] + Round2Constant, 3);
                d = BitOperations.RotateLeft(d + G(a, b, c) + x[i + 4] + Round2Constant, 5);
                c = BitOperations.RotateLeft(c + G(d, a, b) + x[i + 8] + Round2Constant, 9);
                b = BitOperations.RotateLeft(b + G(c, d, a) + x[i + 12] + Round2Constant, 13);
            }

            // Round 3: H(x, y, z) = x xor y xor z, shifts 3 9 11 15, words 0 8 4 12 / 2 10 6 14 / 1 9 5 13 / 3 11 7 15.
            ReadOnlySpan<int> starts = [0, 2, 1, 3];
            foreach (int i in starts)
            {
                a = BitOperations.RotateLeft(a + (b ^ c ^ d) + x[i] + Round3Constant, 3);
                d = BitOperations.RotateLeft(d + (a ^ b ^ c) + x[i + 8] + Round3Constant, 9);
                c = BitOperations.RotateLeft(c + (d ^ a ^ b) + x[i + 4] + Round3Constant, 11);
                b = BitOperations.RotateLeft(b + (c ^ d ^ a) + x[i + 12] + Round3Constant, 15);
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
        }
    }

    private static uint F(uint x, uint y, uint z) => (x & y) | (~x & z);

    private static uint G(uint x, uint y, uint z) => (x & y) | (x & z) | (y & z);
}
