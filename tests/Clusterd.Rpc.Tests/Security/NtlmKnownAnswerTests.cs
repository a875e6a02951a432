using System.Text;
using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>MS-NLMP 4.2 known-answer vectors (common inputs 4.2.1: User / Domain / Password, RandomSessionKey 0x55 x 16).</summary>
public sealed class NtlmKnownAnswerTests
{
    internal static readonly byte[] ServerChallenge = Hex("0123456789abcdef");
    internal static readonly byte[] ClientChallenge = Hex("aaaaaaaaaaaaaaaa");
    internal static readonly byte[] RandomSessionKey = Hex("55555555555555555555555555555555");
    internal static readonly byte[] Plaintext = Encoding.Unicode.GetBytes("Plaintext");

    // 4.2.4: TargetInfo = MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", EOL.
    internal static readonly byte[] TargetInfo = Hex("02000c0044006f006d00610069006e0001000c005300650072007600650072000000 0000");

    internal const string Challenge423 =
        "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000060070170000000f" +
        "53006500720076006500720002000c0044006f006d00610069006e0001000c0053006500720076006500720000000000";

    internal const string Authenticate423 =
        "4e544c4d5353500003000000180018006c00000054005400840000000c000c00480000000800080054000000100010005c00000010001000" +
        "d8000000358288e20501280a0000000f44006f006d00610069006e00550073006500720043004f004d005000550054004500520086c35097ac9c" +
        "ec102554764a57cccc19aaaaaaaaaaaaaaaa68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa" +
        "0000000002000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000c5dad2544fc9799094ce1ce90bc9d03e";

    private static byte[] NtHash => NtlmCrypto.NtOwfV1("Password");

    private static byte[] ResponseKey => NtlmCrypto.NtOwfV2(NtHash, "User", "Domain");

    [Fact]
    public void NtOwfV1_matches_MS_NLMP_4_2_2_1_1()
    {
        Assert.Equal("a4f49c406510bdcab6824ee7c30fd852", ToHex(NtHash));
    }

    [Fact]
    public void Ntlmv1_session_base_key_matches_MS_NLMP_4_2_2_1_2()
    {
        Assert.Equal("d87262b0cde4b1cb7499becccdf10784", ToHex(NtlmCrypto.SessionBaseKeyV1(NtHash)));
    }

    [Fact]
    public void Ntlmv1_ess_key_exchange_key_matches_MS_NLMP_4_2_3_1_3()
    {
        byte[] lmResponse = [.. ClientChallenge, .. new byte[16]]; // 4.2.3.2.1: ClientChallenge || Z(16)
        byte[] key = NtlmCrypto.KeyExchangeKeyV1Extended(NtlmCrypto.SessionBaseKeyV1(NtHash), ServerChallenge, lmResponse);
        Assert.Equal("eb93429a8bd952f8b89c55b87f475edc", ToHex(key));
    }

    [Fact]
    public void Ntlmv1_ess_56_bit_seal_without_key_exchange_matches_MS_NLMP_4_2_3_4()
    {
        // 4.2.3 flags 0x820A8233: ESS and 56 but neither 128 nor KEY_EXCH, so SealKey uses 7 key bytes and the checksum is clear.
        var flags = (NtlmNegotiateFlags)0x820A8233;
        byte[] exported = Hex("eb93429a8bd952f8b89c55b87f475edc");
        Assert.Equal("60e799be5c72fc92922ae8ebe961fb8d", ToHex(NtlmCrypto.SignKey(exported, clientToServer: true)));
        Assert.Equal("04dd7f014d8504d265a25cc86a3a7c06", ToHex(NtlmCrypto.SealKey(flags, exported, clientToServer: true)));

        var client = new NtlmSessionSecurity(flags, exported, isServer: false);
        byte[] message = [.. Plaintext];
        var signature = new byte[16];
        client.Seal(message, new Range(0, message.Length), signature);
        Assert.Equal("a02372f6530273f3aa1eb90190ce5200c99d", ToHex(message));
        Assert.Equal("01000000ff2aeb52f681793a00000000", ToHex(signature));
    }

    [Fact]
    public void Ntlmv1_session_security_seal_matches_MS_NLMP_4_2_2_4()
    {
        // 4.2.2 flags 0xE2028233: no ESS, so one RC4 handle keyed with the exported session key.
        var client = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2028233, RandomSessionKey, isServer: false);
        byte[] message = [.. Plaintext];
        var signature = new byte[16];
        client.Seal(message, new Range(0, message.Length), signature);
        Assert.Equal("56fe04d861f9319af0d7238a2e3b4d457fb8", ToHex(message));
        // Assembled signature of 4.2.2.4, RC4'd RandomPad 45c844e5 included, as Samba sends it.
        Assert.Equal("0100000045c844e509dcd1df2e459d36", ToHex(signature));

        var server = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2028233, RandomSessionKey, isServer: true);
        // The verifier compares version, checksum and seq only: a zero pad (the spec's text) verifies too.
        byte[] zeroPad = [.. signature];
        zeroPad.AsSpan(4, 4).Clear();
        Assert.True(server.Unseal(message, new Range(0, message.Length), zeroPad));
        Assert.Equal(Plaintext, message);
    }

    [Fact]
    public void Ntowfv2_matches_MS_NLMP_4_2_4_1_1()
    {
        Assert.Equal("0c868a403bfd7a93a3001ef22ef02e3f", ToHex(ResponseKey));
    }

    [Fact]
    public void Lmv2_response_matches_MS_NLMP_4_2_4_2_1()
    {
        Assert.Equal("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa",
            ToHex(NtlmCrypto.LmV2Response(ResponseKey, ServerChallenge, ClientChallenge)));
    }

    [Fact]
    public void Ntlmv2_response_matches_MS_NLMP_4_2_4_2_2()
    {
        byte[] temp = NtlmCrypto.BuildTemp(0, ClientChallenge, TargetInfo);
        Assert.Equal(
            "0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000" +
            "02000c0044006f006d00610069006e0001000c00530065007200760065007200" + "00000000" + "00000000",
            ToHex(temp));
        byte[] proof = NtlmCrypto.NtProofStr(ResponseKey, ServerChallenge, temp);
        Assert.Equal("68cd0ab851e51c96aabc927bebef6a1c", ToHex(proof));
        Assert.Equal("8de40ccadbc14a82f15cb0ad0de95ca3", ToHex(NtlmCrypto.HmacMd5(ResponseKey, proof))); // 4.2.4.1.2
    }

    [Fact]
    public void Encrypted_session_key_matches_MS_NLMP_4_2_4_2_3()
    {
        byte[] baseKey = Hex("8de40ccadbc14a82f15cb0ad0de95ca3");
        byte[] encrypted = Rc4.Apply(baseKey, RandomSessionKey);
        Assert.Equal("c5dad2544fc9799094ce1ce90bc9d03e", ToHex(encrypted));
        Assert.Equal(RandomSessionKey, Rc4.Apply(baseKey, encrypted));
    }

    [Fact]
    public void Sign_and_seal_keys_match_MS_NLMP_4_2_4_4()
    {
        var flags = (NtlmNegotiateFlags)0xE2888235;
        Assert.Equal("4788dc861b4782f35d43fd98fe1a2d39", ToHex(NtlmCrypto.SignKey(RandomSessionKey, clientToServer: true)));
        Assert.Equal("59f600973cc4960a25480a7c196e4c58", ToHex(NtlmCrypto.SealKey(flags, RandomSessionKey, clientToServer: true)));
        Assert.Equal("d04d6f10741041d1d246d64188d7a8ad", ToHex(NtlmCrypto.SignKey(RandomSessionKey, clientToServer: false)));
        Assert.Equal("9355f3a957c1583d25c4c2f11e40390e", ToHex(NtlmCrypto.SealKey(flags, RandomSessionKey, clientToServer: false)));
    }

    [Theory]
    [InlineData(false, "54e50165bf1936dc996020c1811b0f06fb5f", "010000007fb38ec5c55d497600000000")]
    [InlineData(true, "160871b730ba74e946c453d7465b54278dd0", "01000000b298b847ce7c580700000000")]
    public void Ntlmv2_seal_matches_MS_NLMP_4_2_4_4(bool server, string sealedHex, string signatureHex)
    {
        var sender = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2888235, RandomSessionKey, isServer: server);
        byte[] message = [.. Plaintext];
        var signature = new byte[16];
        sender.Seal(message, new Range(0, message.Length), signature);
        Assert.Equal(sealedHex, ToHex(message));
        Assert.Equal(signatureHex, ToHex(signature));

        var receiver = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2888235, RandomSessionKey, isServer: !server);
        Assert.True(receiver.Unseal(message, new Range(0, message.Length), signature));
        Assert.Equal(Plaintext, message);
    }

    [Fact]
    public void Ntlmv2_client_sign_only_matches_computed_vector()
    {
        var client = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2888235, RandomSessionKey, isServer: false);
        var signature = new byte[16];
        client.Sign(Plaintext, new Range(0, Plaintext.Length), signature);
        Assert.Equal("0100000074d045342c4f1cd500000000", ToHex(signature));
    }

    [Theory]
    [InlineData(false, "0100000022a3984fefbb9c3200000000")]
    [InlineData(true, "010000007dd6da05648a73ae00000000")]
    public void Spnego_mechListMIC_matches_computed_vector(bool server, string expected)
    {
        byte[] mechTypes = Hex("300c060a2b06010401823702020a");
        Assert.Equal(mechTypes, SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]));
        var side = new NtlmSessionSecurity((NtlmNegotiateFlags)0xE2888235, RandomSessionKey, isServer: server);
        var signature = new byte[16];
        side.Sign(mechTypes, new Range(0, mechTypes.Length), signature);
        Assert.Equal(expected, ToHex(signature));
    }

    [Fact]
    public void Challenge_message_writes_MS_NLMP_4_2_4_3_bytes()
    {
        var challenge = new NtlmChallengeMessage("Server", (NtlmNegotiateFlags)0xE28A8233, ServerChallenge, TargetInfo, new NtlmVersion(6, 0, 6000));
        Assert.Equal(Challenge423, ToHex(challenge.ToBytes()));

        Assert.True(NtlmChallengeMessage.TryParse(Hex(Challenge423), out var parsed));
        Assert.Equal("Server", parsed!.TargetName);
        Assert.Equal(ServerChallenge, parsed.ServerChallenge);
        Assert.Equal(TargetInfo, parsed.TargetInfo);
        Assert.Equal(new NtlmVersion(6, 0, 6000), parsed.Version);
    }

    [Fact]
    public void Authenticate_message_parses_MS_NLMP_4_2_4_3_without_MIC_slot()
    {
        Assert.True(NtlmAuthenticateMessage.TryParse(Hex(Authenticate423), out var auth));
        Assert.Equal("User", auth!.UserName);
        Assert.Equal("Domain", auth.DomainName);
        Assert.Equal("COMPUTER", auth.Workstation);
        Assert.Equal((NtlmNegotiateFlags)0xE2888235, auth.Flags);
        Assert.Equal("c5dad2544fc9799094ce1ce90bc9d03e", ToHex(auth.EncryptedRandomSessionKey));
        Assert.Equal(84, auth.NtChallengeResponse.Length);
        Assert.Null(auth.Mic); // payload starts at 72: Version but no MIC.
        Assert.Equal(new NtlmVersion(5, 1, 2600), auth.Version);
    }

    [Fact]
    public void Acceptor_accepts_MS_NLMP_4_2_4_3_authenticate_and_unseals_4_2_4_4()
    {
        var options = new NtlmAcceptorOptions
        {
            Accounts = Accounts("User:Password"),
            NetBiosComputerName = "Server",
            NetBiosDomainName = "Domain",
            IncludeTimestamp = false,
            Random = Fixed(ServerChallenge),
            TimeProvider = Clock(),
        };
        var acceptor = RpcSecurityProviders.CreateAcceptor(RpcAuthType.Ntlmssp, options)!;
        var negotiate = new NtlmNegotiateMessage((NtlmNegotiateFlags)0xE2888237, string.Empty, string.Empty, null).ToBytes();

        Assert.Equal(SecurityStepResult.ContinueNeeded, acceptor.Step(negotiate, out byte[] challenge));
        Assert.True(NtlmChallengeMessage.TryParse(challenge, out var parsed));
        Assert.Equal(ServerChallenge, parsed!.ServerChallenge);
        Assert.Equal(TargetInfo, parsed.TargetInfo);

        Assert.Equal(SecurityStepResult.Complete, acceptor.Step(Hex(Authenticate423), out byte[] final));
        Assert.Empty(final);
        Assert.True(acceptor.IsComplete);
        Assert.Equal(@"Domain\User", acceptor.UserName);

        byte[] message = Hex("54e50165bf1936dc996020c1811b0f06fb5f");
        Assert.True(acceptor.Unseal(message, new Range(0, message.Length), Hex("010000007fb38ec5c55d497600000000")));
        Assert.Equal(Plaintext, message);
    }
}
