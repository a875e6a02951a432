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

        byte[] s = _s;
        byte i = _i, j = _j;
        for (int n = 0; n < input.Length; n++)
        {
            unchecked
            {
                i++;
                j += s[i];
                (s[i], s[j]) = (s[j], s[i]);
                output[n] = (byte)(input[n] ^ s[(byte)(s[i] + s[j])]);
            }
        }

        _i = i;
        _j = j;
    }

    /// <summary>One-shot RC4K(key, data) as MS-NLMP 6 uses it for the session key exchange.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        new Rc4(key).Transform(data, output);
        return output;
    }
}
