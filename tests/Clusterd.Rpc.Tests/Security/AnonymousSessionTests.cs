using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>Samba's true anonymous login (rpcclient -U '%'): no ESS, so NTLMv1-style session security (MS-NLMP 3.4.4.1).</summary>
public sealed class AnonymousSessionTests
{
    private static readonly NtlmNegotiateFlags SambaAnonymousFlags = (NtlmNegotiateFlags)0x62008A15;

    [Fact]
    public void Samba_anonymous_login_uses_zero_base_key_and_v1_session_security()
    {
        var server = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions(allowAnonymous: true));
        var negotiate = new NtlmNegotiateMessage((NtlmNegotiateFlags)0x62088215, string.Empty, string.Empty, NtlmVersion.Default).ToBytes();
        Assert.Equal(SecurityStepResult.ContinueNeeded, server.Step(negotiate, out _));

        byte[] exported = NtlmKnownAnswerTests.RandomSessionKey;
        byte[] encrypted = Rc4.Apply(new byte[16], exported); // KXKEY = SessionBaseKey = Z(16)
        byte[] authenticate = new NtlmAuthenticateMessage([0], [], string.Empty, string.Empty, string.Empty, encrypted, SambaAnonymousFlags, null)
            .ToBytes(withMicSlot: false);
        Assert.Equal(SecurityStepResult.Complete, server.Step(authenticate, out _));
        Assert.Equal(string.Empty, server.UserName);
        Assert.False(server.Session!.IsExtended);

        // One RC4 handle and one counter shared by both directions: request seq 0, response seq 1.
        var client = new NtlmSessionSecurity(SambaAnonymousFlags, exported, isServer: false);
        var request = BuildPdu(request: true, [1, 2, 3, 4], RpcAuthLevel.Integrity);
        client.SignPdu(request.Pdu.AsSpan(0, request.Signature.Start.Value), request.Pdu.AsSpan(request.Signature));
        Assert.True(VerifyPdu(server, request.Pdu));

        byte[] response = SignPdu(server, BuildPdu(request: false, [5, 6, 7, 8], RpcAuthLevel.Integrity));
        Assert.True(client.VerifyPdu(response.AsSpan(0, response.Length - 16), response.AsSpan(response.Length - 16)));

        byte[] sealedResponse = SealPdu(server, BuildPdu(request: false, [9, 9, 9, 9], RpcAuthLevel.Privacy));
        Assert.True(client.Unseal(sealedResponse.AsSpan(0, sealedResponse.Length - 16), new Range(24, 40), sealedResponse.AsSpan(sealedResponse.Length - 16)));
        Assert.Equal([9, 9, 9, 9], sealedResponse[24..28]);
    }

    [Fact]
    public void Samba_anonymous_login_is_refused_by_default()
    {
        var server = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        server.Step(new NtlmNegotiateMessage((NtlmNegotiateFlags)0x62088215, string.Empty, string.Empty, null).ToBytes(), out _);
        byte[] authenticate = new NtlmAuthenticateMessage([], [], string.Empty, string.Empty, string.Empty, new byte[16], SambaAnonymousFlags, null)
            .ToBytes(withMicSlot: false);
        Assert.Equal(SecurityStepResult.LogonFailure, server.Step(authenticate, out _));
    }

    [Fact]
    public void Empty_NT_response_with_a_user_name_is_not_anonymous_and_fails()
    {
        // smbtorture -N: a user name, empty responses, no ESS. Not mapped to guest.
        var server = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions(allowAnonymous: true));
        server.Step(new NtlmNegotiateMessage((NtlmNegotiateFlags)0x62088215, string.Empty, string.Empty, null).ToBytes(), out _);
        byte[] authenticate = new NtlmAuthenticateMessage([], [], "WORKGROUP", "root", string.Empty, new byte[16], (NtlmNegotiateFlags)0x62008215, null)
            .ToBytes(withMicSlot: false);
        Assert.Equal(SecurityStepResult.LogonFailure, server.Step(authenticate, out _));
    }
}
