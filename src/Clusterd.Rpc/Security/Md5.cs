using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // RFC 1321 3.4: the constants T[i] = floor(2^32 * |sin(i + 1)|) are written into Compress in order.

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
        if (block.Length < BlockSize || state.Length < 4)
        {
            throw new ArgumentException("MD5 compresses a 64-byte block into a 4-word state.");
        }

        // RFC 1321 3.4, unrolled with the block's words in locals: no bounds checks and no loop, the cost of signing a
        // large PDU (MS-NLMP 3.4.4.2 HMAC_MD5).
        ref byte p = ref MemoryMarshal.GetReference(block);
        uint x0 = Word(ref p, 0), x1 = Word(ref p, 1), x2 = Word(ref p, 2), x3 = Word(ref p, 3);
        uint x4 = Word(ref p, 4), x5 = Word(ref p, 5), x6 = Word(ref p, 6), x7 = Word(ref p, 7);
        uint x8 = Word(ref p, 8), x9 = Word(ref p, 9), x10 = Word(ref p, 10), x11 = Word(ref p, 11);
        uint x12 = Word(ref p, 12), x13 = Word(ref p, 13), x14 = Word(ref p, 14), x15 = Word(ref p, 15);
        uint a = state[0], b = state[1], c = state[2], d = state[3];
        unchecked
        {
            // Round 1: F(x, y, z) = xy v not(x)z, words in order, shifts 7 12 17 22.
            a = F(a, b, c, d, x0, 0xD76AA478, 7); d = F(d, a, b, c, x1, 0xE8C7B756, 12); c = F(c, d, a, b, x2, 0x242070DB, 17); b = F(b, c, d, a, x3, 0xC1BDCEEE, 22);
            a = F(a, b, c, d, x4, 0xF57C0FAF, 7); d = F(d, a, b, c, x5, 0x4787C62A, 12); c = F(c, d, a, b, x6, 0xA8304613, 17); b = F(b, c, d, a, x7, 0xFD469501, 22);
            a = F(a, b, c, d, x8, 0x698098D8, 7); d = F(d, a, b, c, x9, 0x8B44F7AF, 12); c = F(c, d, a, b, x10, 0xFFFF5BB1, 17); b = F(b, c, d, a, x11, 0x895CD7BE, 22);
            a = F(a, b, c, d, x12, 0x6B901122, 7); d = F(d, a, b, c, x13, 0xFD987193, 12); c = F(c, d, a, b, x14, 0xA679438E, 17); b = F(b, c, d, a, x15, 0x49B40821, 22);

            // Round 2: G(x, y, z) = xz v y not(z), word (5i + 1) mod 16, shifts 5 9 14 20.
            a = G(a, b, c, d, x1, 0xF61E2562, 5); d = G(d, a, b, c, x6, 0xC040B340, 9); c = G(c, d, a, b, x11, 0x265E5A51, 14); b = G(b, c, d, a, x0, 0xE9B6C7AA, 20);
            a = G(a, b, c, d, x5, 0xD62F105D, 5); d = G(d, a, b, c, x10, 0x02441453, 9); c = G(c, d, a, b, x15, 0xD8A1E681, 14); b = G(b, c, d, a, x4, 0xE7D3FBC8, 20);
            a = G(a, b, c, d, x9, 0x21E1CDE6, 5); d = G(d, a, b, c, x14, 0xC33707D6, 9); c = G(c, d, a, b, x3, 0xF4D50D87, 14); b = G(b, c, d, a, x8, 0x455A14ED, 20);
            a = G(a, b, c, d, x13, 0xA9E3E905, 5); d = G(d, a, b, c, x2, 0xFCEFA3F8, 9); c = G(c, d, a, b, x7, 0x676F02D9, 14); b = G(b, c, d, a, x12, 0x8D2A4C8A, 20);

            // Round 3: H(x, y, z) = x xor y xor z, word (3i + 5) mod 16, shifts 4 11 16 23.
            a = H(a, b, c, d, x5, 0xFFFA3942, 4); d = H(d, a, b, c, x8, 0x8771F681, 11); c = H(c, d, a, b, x11, 0x6D9D6122, 16); b = H(b, c, d, a, x14, 0xFDE5380C, 23);
            a = H(a, b, c, d, x1, 0xA4BEEA44, 4); d = H(d, a, b, c, x4, 0x4BDECFA9, 11); c = H(c, d, a, b, x7, 0xF6BB4B60, 16); b = H(b, c, d, a, x10, 0xBEBFBC70, 23);
            a = H(a, b, c, d, x13, 0x289B7EC6, 4); d = H(d, a, b, c, x0, 0xEAA127FA, 11); c = H(c, d, a, b, x3, 0xD4EF3085, 16); b = H(b, c, d, a, x6, 0x04881D05, 23);
            a = H(a, b, c, d, x9, 0xD9D4D039, 4); d = H(d, a, b, c, x12, 0xE6DB99E5, 11); c = H(c, d, a, b, x15, 0x1FA27CF8, 16); b = H(b, c, d, a, x2, 0xC4AC5665, 23);

            // Round 4: I(x, y, z) = y xor (x v not(z)), word 7i mod 16, shifts 6 10 15 21.
            a = I(a, b, c, d, x0, 0xF4292244, 6); d = I(d, a, b, c, x7, 0x432AFF97, 10); c = I(c, d, a, b, x14, 0xAB9423A7, 15); b = I(b, c, d, a, x5, 0xFC93A039, 21);
            a = I(a, b, c, d, x12, 0x655B59C3, 6); d = I(d, a, b, c, x3, 0x8F0CCC92, 10); c = I(c, d, a, b, x10, 0xFFEFF47D, 15); b = I(b, c, d, a, x1, 0x85845DD1, 21);
            a = I(a, b, c, d, x8, 0x6FA87E4F, 6); d = I(d, a, b, c, x15, 0xFE2CE6E0, 10); c = I(c, d, a, b, x6, 0xA3014314, 15); b = I(b, c, d, a, x13, 0x4E0811A1, 21);
            a = I(a, b, c, d, x4, 0xF7537E82, 6); d = I(d, a, b, c, x11, 0xBD3AF235, 10); c = I(c, d, a, b, x2, 0x2AD7D2BB, 15); b = I(b, c, d, a, x9, 0xEB86D391, 21);

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Word(ref byte block, int index)
    {
        uint w = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, index * 4));
        return BitConverter.IsLittleEndian ? w : BinaryPrimitives.ReverseEndianness(w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint x, uint t, int s) => unchecked(b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x + t, s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint x, uint t, int s) => unchecked(b + BitOperations.RotateLeft(a + ((b & d) | (c & ~d)) + x + t, s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint x, uint t, int s) => unchecked(b + BitOperations.RotateLeft(a + (b ^ c ^ d) + x + t, s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint x, uint t, int s) => unchecked(b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + x + t, s));

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
