using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden-byte checks: a message encodes to exactly the expected stub, and decoding the stub and encoding again gives it back.</summary>
internal static class Golden
{
    /// <summary>A context handle with recognisable bytes: attributes 0, UUID 00112233-4455-6677-8899-aabbccddeeff.</summary>
    public static readonly NdrContextHandle H1 = new(0, new Guid("00112233-4455-6677-8899-aabbccddeeff"));

    /// <summary><see cref="H1"/> on the wire (C706 14.3.11: u32 attributes, then the UUID in NDR order).</summary>
    public const string H1Hex = "00000000" + "33221100554477668899aabbccddeeff";

    /// <summary>A second handle: attributes 0, UUID 01010101-0202-0303-0404-050505050505.</summary>
    public static readonly NdrContextHandle H2 = new(0, new Guid("01010101-0202-0303-0404-050505050505"));

    /// <summary><see cref="H2"/> on the wire.</summary>
    public const string H2Hex = "00000000" + "01010101020203030404050505050505";

    /// <summary>Asserts <paramref name="message"/> encodes to <paramref name="hex"/> (spaces ignored) and round-trips; returns the decoded message.</summary>
    public static T Check<T>(T message, string hex) where T : IClusApiMessage<T>
    {
        var expected = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var encoded = ClusApiCodec.Encode(message);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded));
        var decoded = ClusApiCodec.Decode<T>(expected);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ClusApiCodec.Encode(decoded)));
        return decoded;
    }

    /// <summary>
    /// An ASCII <paramref name="value"/> as a conformant varying wide string (C706 14.3.4): max_count and actual_count
    /// in characters with the NUL, offset 0, UTF-16LE with the NUL. No padding after it: the next field aligns itself.
    /// </summary>
    public static string Sin(string value)
    {
        var n = (uint)value.Length + 1;
        return U32(n) + U32(0) + U32(n) + string.Concat(value.Select(ch => ((byte)ch).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + "00")) + "0000";
    }

    /// <summary>A u32 in NDR little-endian hex.</summary>
    public static string U32(uint value) => Convert.ToHexString(BitConverter.GetBytes(value)).ToLowerInvariant();
}
