using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>Verify/Unseal reject tampering, replays and reordering (MS-NLMP 3.4.4).</summary>
public sealed class SessionSecurityTests
{
    public static TheoryData<RpcAuthType, RpcAuthLevel, bool> Cases => new()
    {
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, false },
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Privacy, false },
        { RpcAuthType.Spnego, RpcAuthLevel.Integrity, false },
        { RpcAuthType.Spnego, RpcAuthLevel.Privacy, false },
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, true },
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Privacy, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tampered_signature_is_rejected(RpcAuthType type, RpcAuthLevel level, bool anonymous)
    {
        var (client, server) = Established(type, anonymous);
        byte[] request = HandshakeTests.Protect(client, BuildPdu(request: true, [1, 2, 3, 4], level), level);
        request[^10] ^= 0x01; // inside the checksum
        Assert.False(HandshakeTests.Check(server, request, level));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tampered_header_or_stub_is_rejected(RpcAuthType type, RpcAuthLevel level, bool anonymous)
    {
        var (client, server) = Established(type, anonymous);
        byte[] request = HandshakeTests.Protect(client, BuildPdu(request: true, [1, 2, 3, 4], level), level);
        request[25] ^= 0x80; // first stub byte (plain or sealed)
        Assert.False(HandshakeTests.Check(server, request, level));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replayed_sequence_number_is_rejected(RpcAuthType type, RpcAuthLevel level, bool anonymous)
    {
        var (client, server) = Established(type, anonymous);
        byte[] first = HandshakeTests.Protect(client, BuildPdu(request: true, [1, 2, 3, 4], level), level);
        byte[] replay = [.. first];
        Assert.True(HandshakeTests.Check(server, first, level));
        Assert.False(HandshakeTests.Check(server, replay, level));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reordered_sequence_number_is_rejected(RpcAuthType type, RpcAuthLevel level, bool anonymous)
    {
        var (client, server) = Established(type, anonymous);
        byte[] first = HandshakeTests.Protect(client, BuildPdu(request: true, [1, 2, 3, 4], level), level);
        byte[] second = HandshakeTests.Protect(client, BuildPdu(request: true, [5, 6, 7, 8], level), level);
        Assert.NotEqual(first, second);
        Assert.False(HandshakeTests.Check(server, second, level));
    }

    [Fact]
    public void Signature_of_wrong_length_is_rejected()
    {
        var (client, server) = Established(RpcAuthType.Ntlmssp, anonymous: false);
        byte[] request = SignPdu(client, BuildPdu(request: true, [1, 2, 3, 4], RpcAuthLevel.Integrity));
        Assert.False(server.Verify(request.AsSpan(0, request.Length - 16), request.AsSpan(request.Length - 15)));
    }

    [Fact]
    public void Spnego_resets_RC4_after_mechListMIC_but_keeps_sequence_numbers()
    {
        // After the MIC exchange both handles restart (MS-SPNG 3.3.5.1): the first request at seq 1 is sealed with the
        // key stream from its start. A fresh client-side session security with the same key shows it.
        var client = new SpnegoInitiator(NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions());
        var server = new SpnegoAcceptor(AcceptorOptions());
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));

        byte[] stub = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] sealedBySpnego = SealPdu(client, BuildPdu(request: true, stub, RpcAuthLevel.Privacy));
        Assert.Equal(1u, BitConverter.ToUInt32(sealedBySpnego, sealedBySpnego.Length - 4));

        // InitiatorOptions' random source is Fixed(0x55): the exported session key is 0x55 x 16.
        var sealKey = NtlmCrypto.SealKey((NtlmNegotiateFlags)0xE2088235, NtlmKnownAnswerTests.RandomSessionKey, clientToServer: true);
        byte[] expected = [.. stub, .. new byte[8]];
        new Rc4(sealKey).Transform(expected);
        Assert.Equal(expected, sealedBySpnego[24..40]);
        Assert.True(UnsealPdu(server, sealedBySpnego));
    }

    private static (IRpcSecurityContext Client, IRpcSecurityContext Server) Established(RpcAuthType type, bool anonymous)
    {
        var (client, server) = HandshakeTests.Pair(type, anonymous ? NtlmCredential.Anonymous : NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), allowAnonymous: anonymous);
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        return (client, server);
    }
}
