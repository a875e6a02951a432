using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>SPNEGO token shapes (RFC 4178 4.2).</summary>
public sealed class SpnegoTokenTests
{
    private const string NtlmOid = "2b06010401823702020a";

    // A 40-byte Samba-style NEGOTIATE (flags 0x62088215, empty names, version 6.1.7601).
    private const string Negotiate40 = "4e544c4d5353500001000000158208620000000028000000000000002800000006017c1d0000000f";

    private const string SambaInit = "604806062b0601050502a03e303ca00e300c060a" + NtlmOid + "a22a0428" + Negotiate40;

    [Fact]
    public void Parses_Samba_74_byte_NegTokenInit()
    {
        byte[] token = Hex(SambaInit);
        Assert.Equal(74, token.Length);
        Assert.True(SpnegoNegTokenInit.TryParse(token, out var init));
        Assert.Equal([SpnegoOids.Ntlmssp], init!.MechTypes);
        Assert.Equal("300c060a" + NtlmOid, ToHex(init.MechTypesDer));
        Assert.Equal(Negotiate40, ToHex(init.MechToken));
        Assert.Null(init.MechListMic);
        Assert.True(NtlmNegotiateMessage.TryParse(init.MechToken, out var negotiate));
        Assert.Equal((NtlmNegotiateFlags)0x62088215, negotiate!.Flags);
    }

    [Fact]
    public void Initiator_first_token_has_Samba_shape()
    {
        var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("a", "D", "p"), InitiatorOptions())!;
        Assert.Equal(SecurityStepResult.ContinueNeeded, client.Step([], out byte[] token));
        Assert.Equal(74, token.Length);
        Assert.StartsWith("604806062b0601050502a03e303ca00e300c060a" + NtlmOid + "a22a04284e544c4d5353500001000000", ToHex(token));
    }

    [Fact]
    public void Acceptor_answers_accept_incomplete_with_supportedMech_and_CHALLENGE()
    {
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(Hex(SambaInit), out byte[] reply));
        Assert.True(SpnegoNegTokenResp.TryParse(reply, out var resp));
        Assert.Equal(SpnegoNegState.AcceptIncomplete, resp!.NegState);
        Assert.Equal(SpnegoOids.Ntlmssp, resp.SupportedMech);
        Assert.True(NtlmChallengeMessage.TryParse(resp.ResponseToken, out var challenge));
        Assert.Equal((NtlmNegotiateFlags)0x628A8215, challenge!.Flags); // what Samba integrity clients accepted
        Assert.Equal("NODE1", challenge.TargetName);
        Assert.True(NtlmAvPairs.TryParse(challenge.TargetInfo, out var pairs));
        Assert.Equal(
            [NtlmAvId.NbDomainName, NtlmAvId.NbComputerName, NtlmAvId.DnsDomainName, NtlmAvId.DnsComputerName, NtlmAvId.Timestamp],
            pairs.Pairs.Select(p => p.Key));
        Assert.Equal((ulong)Clock().GetUtcNow().ToFileTime(), BitConverter.ToUInt64(pairs.Get(NtlmAvId.Timestamp)));
    }

    [Fact]
    public void Final_tokens_have_the_known_answer_shapes()
    {
        byte[] mic = Hex("0100000022a3984fefbb9c3200000000");
        Assert.Equal("a11b3019a0030a0100a3120410" + ToHex(mic),
            ToHex(new SpnegoNegTokenResp(SpnegoNegState.AcceptCompleted, null, null, mic).ToBytes()));
        Assert.Equal("a1073005a0030a0100", ToHex(new SpnegoNegTokenResp(SpnegoNegState.AcceptCompleted, null, null, null).ToBytes()));
        Assert.Equal("a1153013a0030a0103a10c060a" + NtlmOid,
            ToHex(new SpnegoNegTokenResp(SpnegoNegState.RequestMic, SpnegoOids.Ntlmssp, null, null).ToBytes()));
    }

    [Fact]
    public void Kerberos_first_downgrades_to_NTLM_with_request_mic_and_requires_mechListMIC()
    {
        var (client, server) = DowngradePair();
        Assert.Equal(SecurityStepResult.Complete, RunDowngrade(client, server, dropMic: false));
        Assert.True(server.IsComplete);
        Assert.Equal(@"TESTDOM\alice", server.UserName);
    }

    [Fact]
    public void Downgrade_without_mechListMIC_is_LogonFailure()
    {
        var (client, server) = DowngradePair();
        Assert.Equal(SecurityStepResult.LogonFailure, RunDowngrade(client, server, dropMic: true));
    }

    [Fact]
    public void Missing_mechListMIC_after_NTLM_MIC_is_LogonFailure()
    {
        var client = new NtlmInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions());
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        byte[] mechTypes = SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]);
        client.Step([], out byte[] negotiate);
        server.Step(new SpnegoNegTokenInit([SpnegoOids.Ntlmssp], mechTypes, negotiate, null).ToBytes(), out byte[] reply);
        Assert.True(SpnegoNegTokenResp.TryParse(reply, out var resp));
        client.Step(resp!.ResponseToken, out byte[] authenticate);
        Assert.True(client.MicSent);
        Assert.Equal(SecurityStepResult.LogonFailure, server.Step(new SpnegoNegTokenResp(null, null, authenticate, null).ToBytes(), out byte[] reject));
        Assert.Equal("a1073005a0030a0102", ToHex(reject));
    }

    [Fact]
    public void No_NTLM_in_mech_list_is_rejected()
    {
        byte[] mechTypes = SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.Kerberos, SpnegoOids.NegoEx]);
        byte[] init = new SpnegoNegTokenInit([SpnegoOids.Kerberos], mechTypes, [1, 2, 3], null).ToBytes();
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        Assert.Equal(SecurityStepResult.InvalidToken, server.Step(init, out byte[] reply));
        Assert.Equal("a1073005a0030a0102", ToHex(reply));
    }

    [Fact]
    public void Spnego_completion_can_arrive_in_auth3_and_the_reply_is_dropped()
    {
        // Samba's server takes the final SPNEGO token in an auth3 too; the acceptor completes the same way.
        var client = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions())!;
        var server = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!;
        client.Step([], out byte[] t1);
        server.Step(t1, out byte[] t2);
        Assert.Equal(SecurityStepResult.ContinueNeeded, client.Step(t2, out byte[] t3)); // alter_context: a reply is needed
        Assert.Equal(SecurityStepResult.Complete, server.Step(t3, out byte[] t4));
        Assert.True(server.IsComplete);
        Assert.True(SpnegoNegTokenResp.TryParse(t4, out var final));
        Assert.Equal(SpnegoNegState.AcceptCompleted, final!.NegState);
        Assert.NotNull(final.MechListMic);
        Assert.Equal(SecurityStepResult.Complete, client.Step(t4, out byte[] none));
        Assert.Empty(none);
    }

    private static (SpnegoInitiatorShim Client, IRpcSecurityContext Server) DowngradePair() =>
        (new SpnegoInitiatorShim(), RpcSecurityProviders.CreateAcceptor(RpcAuthType.Spnego, AcceptorOptions())!);

    private static SecurityStepResult RunDowngrade(SpnegoInitiatorShim client, IRpcSecurityContext server, bool dropMic)
    {
        // Leg 1: Kerberos preferred, with an optimistic (non-NTLM) token the acceptor must ignore.
        byte[] init = new SpnegoNegTokenInit([SpnegoOids.MsKerberos, SpnegoOids.Ntlmssp], client.MechTypes, [0x6e, 0x00], null).ToBytes();
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(init, out byte[] reply));
        Assert.Equal("a1153013a0030a0103a10c060a" + NtlmOid, ToHex(reply));

        // Leg 2: NTLM NEGOTIATE in a NegTokenResp.
        client.Ntlm.Step([], out byte[] negotiate);
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(new SpnegoNegTokenResp(null, null, negotiate, null).ToBytes(), out reply));
        Assert.True(SpnegoNegTokenResp.TryParse(reply, out var resp));

        // Leg 3: AUTHENTICATE plus the mechListMIC over the client's (Kerberos-first) list.
        client.Ntlm.Step(resp!.ResponseToken, out byte[] authenticate);
        byte[]? mic = null;
        if (!dropMic)
        {
            mic = new byte[16];
            client.Ntlm.Session!.Sign(client.MechTypes, new Range(0, client.MechTypes.Length), mic);
        }

        var result = server.Step(new SpnegoNegTokenResp(null, null, authenticate, mic).ToBytes(), out reply);
        if (result == SecurityStepResult.Complete)
        {
            Assert.True(SpnegoNegTokenResp.TryParse(reply, out var final));
            Assert.True(client.Ntlm.Session!.Verify(client.MechTypes, new Range(0, client.MechTypes.Length), final!.MechListMic));
        }

        return result;
    }

    private sealed class SpnegoInitiatorShim
    {
        public NtlmInitiator Ntlm { get; } = new(RpcAuthType.Spnego, NtlmCredential.FromPassword("alice", "TESTDOM", "Secret1"), InitiatorOptions());

        public byte[] MechTypes { get; } = SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.MsKerberos, SpnegoOids.Ntlmssp]);
    }
}
