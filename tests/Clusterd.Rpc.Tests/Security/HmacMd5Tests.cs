using System.Security.Cryptography;
using System.Text;
using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

public sealed class HmacMd5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Md5_matches_RFC_1321_test_suite(string input, string expected)
    {
        var digest = new byte[16];
        Md5.HashData(Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(expected, ToHex(digest));
    }

    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "9294727a3638bb1c13f48ef8158bfc9d")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "750c783e6ab0b503eaa86e310a5db738")]
    public void HmacMd5_matches_RFC_2202_test_cases(string key, string data, string expected)
    {
        var digest = new byte[16];
        new HmacMd5(Hex(key)).Compute(Hex(data), default, digest);
        Assert.Equal(expected, ToHex(digest));
    }

    [Fact]
    public void HmacMd5_of_split_input_matches_the_BCL_for_every_length_around_the_block_boundaries()
    {
        var random = new Random(1234);
        foreach (int keyLength in new[] { 16, 64, 80 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var hmac = new HmacMd5(key);
            for (int length = 0; length < 300; length++)
            {
                var message = new byte[length];
                random.NextBytes(message);
                int split = Math.Min(4, length);
                var digest = new byte[16];
                hmac.Compute(message.AsSpan(0, split), message.AsSpan(split), digest);
                using var reference = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, key);
                reference.AppendData(message);
                Assert.Equal(reference.GetHashAndReset(), digest);
            }
        }
    }
}
