using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>Initiator to acceptor round trips, NTLM (three legs, auth3) and SPNEGO (four legs, alter_context).</summary>
public sealed class HandshakeTests
{
    public static TheoryData<RpcAuthType, RpcAuthLevel> Combinations => new()
    {
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity },
        { RpcAuthType.Ntlmssp, RpcAuthLevel.Privacy },
        { RpcAuthType.Default, RpcAuthLevel.Privacy },
        { RpcAuthType.Spnego, RpcAuthLevel.Integrity },
        { RpcAuthType.Spnego, RpcAuthLevel.Privacy },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Round_trip_with_key_exchange_protects_requests_and_responses(RpcAuthType type, RpcAuthLevel level)
    {
        var (client, server) = Pair(type, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"));
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        Assert.True(client.IsComplete);
        Assert.True(server.IsComplete);
        Assert.Equal(@"TESTDOM\alice", server.UserName);
        Assert.Equal(16, server.SignatureLength);

        // SPNEGO consumed sequence number 0 with the mechListMIC exchange: the first request and response use 1.
        uint firstSeq = type == RpcAuthType.Spnego ? 1u : 0u;
        for (uint call = 0; call < 3; call++)
        {
            byte[] stub = [1, 2, 3, 4, 5, (byte)call];
            byte[] request = Protect(client, BuildPdu(request: true, stub, level, callId: call + 2), level);
            Assert.Equal(firstSeq + call, BitConverter.ToUInt32(request, request.Length - 4));
            Assert.True(Check(server, request, level));
            Assert.Equal(stub, request[24..30]);

            byte[] response = Protect(server, BuildPdu(request: false, stub, level, callId: call + 2), level);
            Assert.Equal(firstSeq + call, BitConverter.ToUInt32(response, response.Length - 4));
            Assert.True(Check(client, response, level));
            Assert.Equal(stub, response[24..30]);
        }
    }

    [Fact]
    public void Ntlm_initiator_sends_MIC_and_key_exchange_and_acceptor_verifies_it()
    {
        var client = new NtlmInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions());
        var server = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        Assert.True(client.MicSent);
        Assert.True(server.MicVerified);
        Assert.True((client.Session!.NegotiatedFlags & NtlmNegotiateFlags.KeyExchange) != 0);
        Assert.True(server.Session!.IsExtended);
    }

    [Fact]
    public void Ntlm_tampered_MIC_is_LogonFailure()
    {
        var client = new NtlmInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions());
        var server = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        client.Step([], out byte[] negotiate);
        server.Step(negotiate, out byte[] challenge);
        client.Step(challenge, out byte[] authenticate);
        authenticate[NtlmAuthenticateMessage.MicOffset] ^= 1;
        Assert.Equal(SecurityStepResult.LogonFailure, server.Step(authenticate, out _));
        Assert.False(server.IsComplete);
    }

    [Theory]
    [InlineData(RpcAuthType.Ntlmssp)]
    [InlineData(RpcAuthType.Spnego)]
    public void Wrong_password_is_LogonFailure(RpcAuthType type)
    {
        var (client, server) = Pair(type, NtlmCredential.FromPassword("alice", "TESTDOM", "wrong"));
        Assert.Equal(SecurityStepResult.LogonFailure, Handshake(client, server));
        Assert.False(server.IsComplete);
        Assert.False(server.Verify(new byte[32], new byte[16]));
    }

    [Fact]
    public void Unknown_user_is_LogonFailure()
    {
        var (client, server) = Pair(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("mallory", "TESTDOM", "Secret1"));
        Assert.Equal(SecurityStepResult.LogonFailure, Handshake(client, server));
    }

    [Fact]
    public void Domain_qualified_account_matches_only_its_domain()
    {
        var (client, server) = Pair(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("BOB", "testdom", "Secret2"));
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        Assert.Equal(@"testdom\BOB", server.UserName);

        (client, server) = Pair(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("bob", "OTHER", "Secret2"));
        Assert.Equal(SecurityStepResult.LogonFailure, Handshake(client, server));
    }

    [Fact]
    public void Account_given_as_NT_hash_logs_on()
    {
        var options = AcceptorOptions();
        options = new NtlmAcceptorOptions
        {
            Accounts = Accounts("carol:" + ToHex(NtlmCrypto.NtOwfV1("Secret3"))),
            Random = options.Random,
            TimeProvider = options.TimeProvider,
        };
        var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("carol", "ANY", "Secret3"), InitiatorOptions())!;
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Ntlmssp, options)!;
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
    }

    [Theory]
    [InlineData(RpcAuthType.Ntlmssp)]
    [InlineData(RpcAuthType.Spnego)]
    public void Anonymous_is_refused_by_default(RpcAuthType type)
    {
        var (client, server) = Pair(type, NtlmCredential.Anonymous);
        Assert.Equal(SecurityStepResult.LogonFailure, Handshake(client, server));
    }

    [Theory]
    [InlineData(RpcAuthType.Ntlmssp)]
    [InlineData(RpcAuthType.Spnego)]
    public void Anonymous_is_accepted_when_enabled(RpcAuthType type)
    {
        var (client, server) = Pair(type, NtlmCredential.Anonymous, allowAnonymous: true);
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        Assert.Equal(string.Empty, server.UserName);
        byte[] request = SignPdu(client, BuildPdu(request: true, [9, 9], RpcAuthLevel.Integrity));
        Assert.True(VerifyPdu(server, request));
    }

    [Fact]
    public void Challenge_older_than_lifetime_is_LogonFailure()
    {
        var clock = Clock();
        var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions(clock))!;
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions(clock))!;
        client.Step([], out byte[] negotiate);
        server.Step(negotiate, out byte[] challenge);
        client.Step(challenge, out byte[] authenticate);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(SecurityStepResult.LogonFailure, server.Step(authenticate, out _));
    }

    [Fact]
    public void Tokens_after_completion_are_InvalidToken()
    {
        var (client, server) = Pair(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"));
        Assert.Equal(SecurityStepResult.Complete, Handshake(client, server));
        Assert.Equal(SecurityStepResult.InvalidToken, server.Step([1, 2, 3], out _));
        Assert.Equal(SecurityStepResult.InvalidToken, client.Step([1, 2, 3], out _));
    }

    [Fact]
    public void Factory_maps_auth_types_and_refuses_the_others()
    {
        var options = AcceptorOptions();
        var credential = NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1");
        Assert.IsType<NtlmAcceptor>(RpcSecurityProviders.CreateAcceptor(RpcAuthType.Ntlmssp, options));
        Assert.IsType<NtlmAcceptor>(RpcSecurityProviders.CreateAcceptor(RpcAuthType.Default, options));
        Assert.IsType<SpnegoAcceptor>(RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, options));
        Assert.IsType<SpnegoInitiator>(RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, credential));
        Assert.Equal(RpcAuthType.Default, RpcSecurityProviders.CreateAcceptor(RpcAuthType.Default, options)!.AuthType);
        foreach (var type in new[] { RpcAuthType.None, RpcAuthType.Kerberos, RpcAuthType.Netlogon, (RpcAuthType)77 })
        {
            Assert.Null(RpcSecurityProviders.CreateAcceptor(type, options));
            Assert.Null(RpcSecurityProviders.CreateInitiator(type, credential));
        }
    }

    [Fact]
    public void Sign_before_completion_throws_and_verify_is_false()
    {
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        Assert.Throws<InvalidOperationException>(() => server.Sign(new byte[8], new byte[16]));
        Assert.False(server.Verify(new byte[8], new byte[16]));
        Assert.False(server.Unseal(new byte[8], new Range(0, 8), new byte[16]));
    }

    internal static (IRpcSecurityContext Client, IRpcSecurityContext Server) Pair(
        RpcAuthType type, NtlmCredential credential, bool allowAnonymous = false)
    {
        var clock = Clock();
        return (RpcSecurityProviders.CreateInitiator(type, credential, InitiatorOptions(clock))!,
            RpcSecurityProviders.CreateAcceptor(type, AcceptorOptions(clock, allowAnonymous))!);
    }

    internal static byte[] Protect(IRpcSecurityContext context, (byte[] Pdu, Range Sealed, Range Signature) pdu, RpcAuthLevel level) =>
        level == RpcAuthLevel.Privacy ? SealPdu(context, pdu) : SignPdu(context, pdu);

    internal static bool Check(IRpcSecurityContext context, byte[] pdu, RpcAuthLevel level) =>
        level == RpcAuthLevel.Privacy ? UnsealPdu(context, pdu) : VerifyPdu(context, pdu);
}
