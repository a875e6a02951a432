using System.Buffers.Binary;
using System.Numerics;

namespace Clusterd.Rpc.Security;

/// <summary>
/// MD5 (RFC 1321) that can resume from a saved chaining state. NTLM session security signs every fragment with
/// HMAC-MD5 under a key fixed for the session (MS-NLMP 3.4.4.2); starting from the precomputed ipad/opad states
/// saves two of the five compressions of each signature, and a managed compression avoids creating a native HMAC
/// context per fragment (docs/benchmarks.md, "DCE/RPC layer").
/// </summary>
internal static class Md5
{
    public const int HashSize = 16;
    public const int BlockSize = 64;

    // RFC 1321 3.4: T[i] = floor(2^32 * |sin(i + 1)|).
    private static ReadOnlySpan<uint> T =>
    [
        0xD76AA478, 0xE8C7B756, 0x242070DB, 0xC1BDCEEE, 0xF57C0FAF, 0x4787C62A, 0xA8304613, 0xFD469501,
        0x698098D8, 0x8B44F7AF, 0xFFFF5BB1, 0x895CD7BE, 0x6B901122, 0xFD987193, 0xA679438E, 0x49B40821,
        0xF61E2562, 0xC040B340, 0x265E5A51, 0xE9B6C7AA, 0xD62F105D, 0x02441453, 0xD8A1E681, 0xE7D3FBC8,
        0x21E1CDE6, 0xC33707D6, 0xF4D50D87, 0x455A14ED, 0xA9E3E905, 0xFCEFA3F8, 0x676F02D9, 0x8D2A4C8A,
        0xFFFA3942, 0x8771F681, 0x6D9D6122, 0xFDE5380C, 0xA4BEEA44, 0x4BDECFA9, 0xF6BB4B60, 0xBEBFBC70,
        0x289B7EC6, 0xEAA127FA, 0xD4EF3085, 0x04881D05, 0xD9D4D039, 0xE6DB99E5, 0x1FA27CF8, 0xC4AC5665,
        0xF4292244, 0x432AFF97, 0xAB9423A7, 0xFC93A039, 0x655B59C3, 0x8F0CCC92, 0xFFEFF47D, 0x85845DD1,
        0x6FA87E4F, 0xFE2CE6E0, 0xA3014314, 0x4E0811A1, 0xF7537E82, 0xBD3AF235, 0x2AD7D2BB, 0xEB86D391,
    ];

    /// <summary>RFC 1321 3.3: the initial chaining state A, B, C, D.</summary>
    public static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
    }

    /// <summary>MD5 of <paramref name="data"/> in one go.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<uint> initial = stackalloc uint[4];
        Initialize(initial);
        HashFrom(initial, 0, data, default, destination);
    }

    /// <summary>
    /// Finishes the hash of (<paramref name="prefixLength"/> bytes already folded into <paramref name="state"/>) ||
    /// <paramref name="first"/> || <paramref name="second"/>. <paramref name="prefixLength"/> is a multiple of 64;
    /// <paramref name="state"/> is not modified.
    /// </summary>
    public static void HashFrom(ReadOnlySpan<uint> state, long prefixLength, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("Destination is shorter than 16 bytes.", nameof(destination));
        }

        Span<uint> h = stackalloc uint[4];
        state.CopyTo(h);
        Span<byte> block = stackalloc byte[BlockSize];
        int buffered = 0;
        Absorb(h, block, ref buffered, first);
        Absorb(h, block, ref buffered, second);

        // RFC 1321 3.1/3.2: a 1 bit, zeros to 56 mod 64, then the message length in bits, little-endian.
        long totalBits = unchecked((prefixLength + first.Length + second.Length) * 8);
        block[buffered++] = 0x80;
        if (buffered > BlockSize - 8)
        {
            block[buffered..].Clear();
            Compress(h, block);
            buffered = 0;
        }

        block[buffered..(BlockSize - 8)].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(block[(BlockSize - 8)..], totalBits);
        Compress(h, block);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], h[i]);
        }
    }

    /// <summary>Folds one 64-byte block into <paramref name="state"/> (RFC 1321 3.4).</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (int i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        ReadOnlySpan<uint> t = T;
        uint a = state[0], b = state[1], c = state[2], d = state[3];
        unchecked
        {
            // Round 1: F(x, y, z) = xy v not(x)z, words in order, shifts 7 12 17 22.
            for (int i = 0; i < 16; i += 4)
            {
                a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x[i] + t[i], 7);
                d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + x[i + 1] + t[i + 1], 12);
                c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + x[i + 2] + t[i + 2], 17);
                b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + x[i + 3] + t[i + 3], 22);
            }

            // Round 2: G(x, y, z) = xz v y not(z), word (5i + 1) mod 16, shifts 5 9 14 20.
            for (int i = 16; i < 32; i += 4)
            {
                a = b + BitOperations.RotateLeft(a + ((b & d) | (c & ~d)) + x[((5 * i) + 1) & 15] + t[i], 5);
                d = a + BitOperations.RotateLeft(d + ((a & c) | (b & ~c)) + x[((5 * i) + 6) & 15] + t[i + 1], 9);
                c = d + BitOperations.RotateLeft(c + ((d & b) | (a & ~b)) + x[((5 * i) + 11) & 15] + t[i + 2], 14);
                b = c + BitOperations.RotateLeft(b + ((c & a) | (d & ~a)) + x[(5 * i) & 15] + t[i + 3], 20);
            }

            // Round 3: H(x, y, z) = x xor y xor z, word (3i + 5) mod 16, shifts 4 11 16 23.
            for (int i = 32; i < 48; i += 4)
            {
                a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + x[((3 * i) + 5) & 15] + t[i], 4);
                d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + x[((3 * i) + 8) & 15] + t[i + 1], 11);
                c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + x[((3 * i) + 11) & 15] + t[i + 2], 16);
                b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + x[((3 * i) + 14) & 15] + t[i + 3], 23);
            }

            // Round 4: I(x, y, z) = y xor (x v not(z)), word 7i mod 16, shifts 6 10 15 21.
            for (int i = 48; i < 64; i += 4)
            {
                a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + x[(7 * i) & 15] + t[i], 6);
                d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + x[((7 * i) + 7) & 15] + t[i + 1], 10);
                c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + x[((7 * i) + 14) & 15] + t[i + 2], 15);
                b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + x[((7 * i) + 21) & 15] + t[i + 3], 21);
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
        }
    }

    private static void Absorb(Span<uint> state, Span<byte> block, ref int buffered, ReadOnlySpan<byte> data)
    {
        if (buffered > 0)
        {
            int n = Math.Min(BlockSize - buffered, data.Length);
            data[..n].CopyTo(block[buffered..]);
            buffered += n;
            data = data[n..];
            if (buffered < BlockSize)
            {
                return;
            }

            Compress(state, block);
            buffered = 0;
        }

        while (data.Length >= BlockSize)
        {
            Compress(state, data[..BlockSize]);
            data = data[BlockSize..];
        }

        data.CopyTo(block);
        buffered = data.Length;
    }
}
