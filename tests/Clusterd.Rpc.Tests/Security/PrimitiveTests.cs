using System.Text;
using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

public sealed class PrimitiveTests
{
    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Md4_matches_RFC_1320_test_suite(string input, string expected)
    {
        Assert.Equal(expected, ToHex(Md4.HashData(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public void Md4_of_UTF16_password_is_the_NT_hash_of_MS_NLMP_4_2_2_1_1()
    {
        Assert.Equal("a4f49c406510bdcab6824ee7c30fd852", ToHex(Md4.HashData(Encoding.Unicode.GetBytes("Password"))));
    }

    [Theory]
    [InlineData("0102030405", 0, "b2396305f03dc027ccc3524a0a1118a8")]
    [InlineData("0102030405", 16, "6982944f18fc82d589c403a47a0d0919")]
    [InlineData("0102030405060708", 0, "97ab8a1bf0afb96132f2f67258da15a8")]
    public void Rc4_keystream_matches_RFC_6229(string key, int offset, string expected)
    {
        var rc4 = new Rc4(Hex(key));
        var skip = new byte[offset];
        rc4.Transform(skip);
        var block = new byte[16];
        rc4.Transform(block);
        Assert.Equal(expected, ToHex(block));
    }

    [Fact]
    public void Rc4_is_a_stateful_stream_never_rekeyed_between_calls()
    {
        byte[] key = Hex("0102030405");
        var whole = new byte[32];
        new Rc4(key).Transform(whole);

        var pieces = new byte[32];
        var rc4 = new Rc4(key);
        rc4.Transform(pieces.AsSpan(0, 3));
        rc4.Transform(pieces.AsSpan(3, 13));
        rc4.Transform(pieces.AsSpan(16, 16));
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Crc32_check_value_is_CBF43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0x93AA847Du, Crc32.Compute(Encoding.Unicode.GetBytes("Plaintext"))); // MS-NLMP 4.2.2.4
    }
}
