using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clusterd.Rpc.Security;

/// <summary>
/// RC4 as a stateful key stream. An NTLM sealing handle is keyed once and then keeps its position across
/// every message of a direction (MS-NLMP 3.4.3, 6 "RC4"); it is never re-keyed between calls, except by the
/// explicit SPNEGO reset (MS-SPNG 3.3.5.1) which builds a new instance.
/// </summary>
internal sealed class Rc4
{
    private readonly byte[] _s = new byte[256];
    private byte _i;
    private byte _j;

    public Rc4(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > 256)
        {
            throw new ArgumentException("RC4 keys are 1 to 256 bytes long.", nameof(key));
        }

        for (int i = 0; i < 256; i++)
        {
            _s[i] = (byte)i;
        }

        byte j = 0;
        for (int i = 0; i < 256; i++)
        {
            j = unchecked((byte)(j + _s[i] + key[i % key.Length]));
            (_s[i], _s[j]) = (_s[j], _s[i]);
        }
    }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place, advancing the stream.</summary>
    public void Transform(Span<byte> data) => Transform(data, data);

    /// <summary>Writes input XOR key stream to output (which may alias input), advancing the stream.</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("Output is shorter than input.", nameof(output));
        }

        // The state is 256 bytes and every index a byte, so no index can leave it: read it through a ref without
        // bounds checks (this loop is the cost of sealing a large response, MS-NLMP 3.4.3).
        ref byte s = ref MemoryMarshal.GetArrayDataReference(_s);
        ref byte src = ref MemoryMarshal.GetReference(input);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        uint i = _i, j = _j;
        for (nuint n = 0; n < (nuint)input.Length; n++)
        {
            i = (i + 1) & 0xFF;
            byte si = Unsafe.Add(ref s, i);
            j = (j + si) & 0xFF;
            byte sj = Unsafe.Add(ref s, j);
            Unsafe.Add(ref s, i) = sj;
            Unsafe.Add(ref s, j) = si;
            Unsafe.Add(ref dst, n) = (byte)(Unsafe.Add(ref src, n) ^ Unsafe.Add(ref s, (uint)(byte)(si + sj)));
        }

        _i = (byte)i;
        _j = (byte)j;
    }

    /// <summary>One-shot RC4K(key, data) as MS-NLMP 6 uses it for the session key exchange.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        new Rc4(key).Transform(data, output);
        return output;
    }
}
