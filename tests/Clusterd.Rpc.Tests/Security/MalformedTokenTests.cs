using System.Buffers.Binary;
using Clusterd.Rpc.Security;
using CsCheck;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>Every malformed token gives InvalidToken: no exception escapes, nothing is read out of bounds.</summary>
public sealed class MalformedTokenTests
{
    private static readonly byte[] ValidNegotiate =
        new NtlmNegotiateMessage((NtlmNegotiateFlags)0xE2888237, string.Empty, string.Empty, null).ToBytes();

    public static TheoryData<string, string> BadNegotiates => new()
    {
        { "empty", "" },
        { "signature only", "4e544c4d53535000" },
        { "truncated flags", "4e544c4d5353500001000000158208" },
        { "wrong signature", "4e544c4d5353505001000000158208620000000028000000000000002800000006017c1d0000000f" },
        { "wrong message type", "4e544c4d5353500003000000158208620000000028000000000000002800000006017c1d0000000f" },
        { "domain offset past end", "4e544c4d53535000010000001582086204000400ff000000000000002800000006017c1d0000000f" },
        { "huge domain length", "4e544c4d535350000100000015820862ffffffff28000000000000002800000006017c1d0000000f" },
        { "offset 0xFFFFFFFF", "4e544c4d5353500001000000158208620000000000000000010001 00ffffffff06017c1d0000000f" },
        { "payload inside fixed part", "4e544c4d5353500001000000158208620400040008000000000000002800000006017c1d0000000f" },
    };

    [Theory]
    [MemberData(nameof(BadNegotiates))]
    public void Malformed_NEGOTIATE_is_InvalidToken(string name, string hex)
    {
        Assert.NotNull(name);
        foreach (var type in new[] { RpcAuthType.Ntlmssp, RpcAuthType.Spnego })
        {
            var server = RpcSecurityProviders.CreateAcceptor(type, AcceptorOptions())!;
            byte[] token = type == RpcAuthType.Spnego ? WrapInit(Hex(hex)) : Hex(hex);
            Assert.Equal(SecurityStepResult.InvalidToken, server.Step(token, out _));
            Assert.False(server.IsComplete);
        }
    }

    [Fact]
    public void Every_truncation_of_AUTHENTICATE_is_InvalidToken()
    {
        byte[] full = Hex(NtlmKnownAnswerTests.Authenticate423);
        for (int length = 0; length < full.Length; length++)
        {
            var server = AcceptorAfterNegotiate();
            Assert.Equal(SecurityStepResult.InvalidToken, server.Step(full.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [InlineData(20 + 4, 0xFFFFFFFFu)] // NtChallengeResponse offset
    [InlineData(36 + 4, 232u)] // UserName offset at the very end
    [InlineData(52 + 4, 230u)] // EncryptedRandomSessionKey runs past the end
    [InlineData(12 + 4, 8u)] // LmChallengeResponse inside the fixed header
    public void AUTHENTICATE_offsets_out_of_bounds_are_InvalidToken(int descriptorOffset, uint offset)
    {
        byte[] message = Hex(NtlmKnownAnswerTests.Authenticate423);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(descriptorOffset), offset);
        Assert.Equal(SecurityStepResult.InvalidToken, AcceptorAfterNegotiate().Step(message, out _));
    }

    [Fact]
    public void AUTHENTICATE_huge_lengths_are_InvalidToken()
    {
        byte[] message = Hex(NtlmKnownAnswerTests.Authenticate423);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(20), 0xFFFF);
        Assert.Equal(SecurityStepResult.InvalidToken, AcceptorAfterNegotiate().Step(message, out _));
    }

    [Fact]
    public void AUTHENTICATE_with_odd_length_unicode_name_is_InvalidToken()
    {
        byte[] message = Hex(NtlmKnownAnswerTests.Authenticate423);
        message[36] = 7; // UserName length 7 bytes with UNICODE
        Assert.Equal(SecurityStepResult.InvalidToken, AcceptorAfterNegotiate().Step(message, out _));
    }

    [Fact]
    public void NTLMv2_blob_without_AV_EOL_is_InvalidToken()
    {
        byte[] message = Hex(NtlmKnownAnswerTests.Authenticate423);
        // The NT response's AV list starts 16 + 28 bytes into it (offset 0x84); make its first pair claim 0x7FFF bytes.
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(0x84 + 44 + 2), 0x7FFF);
        Assert.Equal(SecurityStepResult.InvalidToken, AcceptorAfterNegotiate().Step(message, out _));
    }

    [Fact]
    public void NTLMv1_response_is_LogonFailure()
    {
        byte[] message = Hex(NtlmKnownAnswerTests.Authenticate423);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(20), 24);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(22), 24);
        Assert.Equal(SecurityStepResult.LogonFailure, AcceptorAfterNegotiate().Step(message, out _));
    }

    [Fact]
    public void Every_truncation_of_CHALLENGE_is_InvalidToken_for_the_initiator()
    {
        byte[] full = Hex(NtlmKnownAnswerTests.Challenge423);
        for (int length = 0; length < full.Length; length++)
        {
            var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("u", "d", "p"), InitiatorOptions())!;
            client.Step([], out _);
            Assert.Equal(SecurityStepResult.InvalidToken, client.Step(full.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Every_truncation_of_NegTokenInit_is_InvalidToken()
    {
        byte[] full = WrapInit(ValidNegotiate);
        for (int length = 0; length < full.Length; length++)
        {
            var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
            Assert.Equal(SecurityStepResult.InvalidToken, server.Step(full.AsSpan(0, length), out _));
        }
    }

    public static TheoryData<string, string> BadSpnegoInits => new()
    {
        { "wrong GSS OID (1.3.6.1.5.5.3)", "601006062b0601050503a0063004a0023000" },
        { "outer tag not 0x60", "611006062b0601050502a0063004a0023000" },
        { "length past end", "60ff06062b0601050502a0063004a0023000" },
        { "indefinite length never closed", "608006062b0601050502a0063004a0023000" },
        { "trailing garbage", "601006062b0601050502a0063004a0023000ff" },
        { "empty mech list", "601006062b0601050502a0063004a0023000" },
        { "mech list is not OIDs", "601306062b0601050502a0093007a005300302 0100" },
        { "NegTokenResp where init expected", "a1073005a0030a0100" },
        { "bad OID encoding in mech list", "601506062b0601050502a00b3009a0073005060380ffff" },
        { "mechToken not an OCTET STRING", "602206062b0601050502a0183016a00e300c060a2b06010401823702020aa2040202 0101" },
    };

    [Theory]
    [MemberData(nameof(BadSpnegoInits))]
    public void Malformed_NegTokenInit_is_InvalidToken(string name, string hex)
    {
        Assert.NotNull(name);
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        Assert.Equal(SecurityStepResult.InvalidToken, server.Step(Hex(hex), out _));
    }

    public static TheoryData<string, string> BadNegTokenResps => new()
    {
        { "negState out of range", "a1073005a0030a0107" },
        { "negState two bytes", "a1083006a0040a020001" },
        { "repeated field", "a10c300aa2030401aaa2030401bb" },
        { "fields out of order", "a10c300aa2030401aaa0030a0101" },
        { "unknown field [5]", "a1073005a5030401aa" },
        { "responseToken not OCTET STRING", "a1073005a2030201aa" },
        { "wrapped in 0x60", "60073005a0030a0101" },
        { "no responseToken", "a1073005a0030a0101" },
        { "wrong supportedMech", "a1133011a10b06092a864886f712010202a2020400" },
        { "inner length past end", "a10730ffa0030a0101" },
    };

    [Theory]
    [MemberData(nameof(BadNegTokenResps))]
    public void Malformed_NegTokenResp_is_InvalidToken(string name, string hex)
    {
        Assert.NotNull(name);
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(WrapInit(ValidNegotiate), out _));
        Assert.Equal(SecurityStepResult.InvalidToken, server.Step(Hex(hex), out _));
    }

    [Fact]
    public void Acceptors_never_throw_on_random_or_mutated_tokens()
    {
        byte[][] seeds = [ValidNegotiate, WrapInit(ValidNegotiate), Hex(NtlmKnownAnswerTests.Authenticate423), Hex("a1073005a0030a0101")];
        Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, 400], Gen.Byte, Gen.Byte.Array[0, 300])
            .Sample((seed, position, value, random) =>
            {
                byte[] mutated = [.. seeds[seed]];
                if (mutated.Length > 0)
                {
                    mutated[position % mutated.Length] ^= (byte)(value | 1);
                }

                foreach (var type in new[] { RpcAuthType.Ntlmssp, RpcAuthType.Spnego })
                {
                    var fresh = RpcSecurityProviders.CreateAcceptor(type, AcceptorOptions())!;
                    fresh.Step(mutated, out _);
                    fresh.Step(random, out _);

                    var second = RpcSecurityProviders.CreateAcceptor(type, AcceptorOptions())!;
                    second.Step(type == RpcAuthType.Spnego ? WrapInit(ValidNegotiate) : ValidNegotiate, out _);
                    second.Step(mutated, out _);
                    Assert.False(second.IsComplete);
                }

                var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("u", "d", "p"), InitiatorOptions())!;
                client.Step([], out _);
                client.Step(random, out _);
            }, iter: 2000);
    }

    private static IRpcSecurityContext AcceptorAfterNegotiate()
    {
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions())!;
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(ValidNegotiate, out _));
        return server;
    }

    private static byte[] WrapInit(byte[] mechToken) =>
        new SpnegoNegTokenInit([SpnegoOids.Ntlmssp], SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]), mechToken, null).ToBytes();
}
