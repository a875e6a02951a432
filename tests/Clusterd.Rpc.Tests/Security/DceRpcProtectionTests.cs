using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>MS-RPCE 3.3.1.5.2.2, MS-NLMP 3.4.4, Samba dcerpc_pkt_auth.c: how signatures and sealing apply to whole PDUs.</summary>
public sealed class DceRpcProtectionTests
{
    private const string RequestLevel5 =
        "050000031000000040001000020000000800000000000300010000000200000000000000000000000a05080000000000010000008753cf43aee8bc7200000000";

    private const string ResponseLevel5 =
        "050002031000000040001000020000000800000000000000010000000200000000000000000000000a05080000000000010000000996b765c913074800000000";

    private const string ResponseLevel6 =
        "05000203100000004000100002000000080000000000000047081db753ba1de928c427d7235b2c270a06080000000000010000003e7c5ec0e720770500000000";

    private static readonly byte[] Stub = Hex("0100000002000000");

    private static NtlmSessionSecurity Side(bool server) =>
        new((NtlmNegotiateFlags)0xE2888235, NtlmKnownAnswerTests.RandomSessionKey, isServer: server);

    [Fact]
    public void Level5_request_signature_matches_worked_vector_3_8()
    {
        var pdu = BuildPdu(request: true, Stub, RpcAuthLevel.Integrity);
        Side(server: false).SignPdu(pdu.Pdu.AsSpan(0, 48), pdu.Pdu.AsSpan(48));
        Assert.Equal(RequestLevel5, ToHex(pdu.Pdu));

        byte[] received = Hex(RequestLevel5);
        Assert.True(Side(server: true).VerifyPdu(received.AsSpan(0, 48), received.AsSpan(48)));
    }

    [Fact]
    public void Level5_response_signature_matches_worked_vector_3_8()
    {
        var pdu = BuildPdu(request: false, Stub, RpcAuthLevel.Integrity);
        Side(server: true).SignPdu(pdu.Pdu.AsSpan(0, 48), pdu.Pdu.AsSpan(48));
        Assert.Equal(ResponseLevel5, ToHex(pdu.Pdu));

        byte[] received = Hex(ResponseLevel5);
        Assert.True(Side(server: false).VerifyPdu(received.AsSpan(0, 48), received.AsSpan(48)));
    }

    [Fact]
    public void Level6_response_seals_stub_and_pad_only_matching_worked_vector_3_8()
    {
        var pdu = BuildPdu(request: false, Stub, RpcAuthLevel.Privacy);
        Side(server: true).Seal(pdu.Pdu.AsSpan(0, 48), pdu.Sealed, pdu.Pdu.AsSpan(48));
        Assert.Equal(ResponseLevel6, ToHex(pdu.Pdu));

        byte[] received = Hex(ResponseLevel6);
        Assert.True(Side(server: false).Unseal(received.AsSpan(0, 48), new Range(24, 40), received.AsSpan(48).ToArray()));
        Assert.Equal(Stub, received[24..32]);
    }

    [Fact]
    public void Three_fragment_sealed_response_keeps_RC4_and_sequence_in_step()
    {
        var server = Side(server: true);
        var client = Side(server: false);
        for (uint seq = 0; seq < 3; seq++)
        {
            var pdu = BuildPdu(request: false, [.. Stub, (byte)seq], RpcAuthLevel.Privacy);
            SealPduWith(server, pdu);
            Assert.Equal(seq, BitConverter.ToUInt32(pdu.Pdu, pdu.Pdu.Length - 4));
            byte[] signature = pdu.Pdu[pdu.Signature];
            Assert.True(client.Unseal(pdu.Pdu.AsSpan(0, pdu.Signature.Start.Value), pdu.Sealed, signature));
            Assert.Equal((byte)seq, pdu.Pdu[24 + Stub.Length]);
        }
    }

    [Fact]
    public void Ntlmv1_signature_crc_covers_stub_and_pad_only()
    {
        var flags = (NtlmNegotiateFlags)0x62008A15; // Samba anonymous: KEY_EXCH, no ESS.
        var client = new NtlmSessionSecurity(flags, NtlmKnownAnswerTests.RandomSessionKey, isServer: false);
        var server = new NtlmSessionSecurity(flags, NtlmKnownAnswerTests.RandomSessionKey, isServer: true);
        var pdu = BuildPdu(request: true, Stub, RpcAuthLevel.Integrity);
        client.SignPdu(pdu.Pdu.AsSpan(0, 48), pdu.Pdu.AsSpan(48));

        // Changing the header does not change a v1 signature (the CRC is over stub + pad, as Samba dcerpc_pkt_auth.c does it)...
        byte[] altered = [.. pdu.Pdu];
        altered[12] ^= 0xFF;
        Assert.True(server.VerifyPdu(altered.AsSpan(0, 48), altered.AsSpan(48)));

        // ...and the expected CRC is exactly CRC32(stub + pad), decrypted with the single shared handle.
        var check = new Rc4(NtlmKnownAnswerTests.RandomSessionKey);
        byte[] plain = pdu.Pdu[52..64];
        check.Transform(plain);
        Assert.Equal(Crc32.Compute(pdu.Pdu.AsSpan(24, 16)), BitConverter.ToUInt32(plain, 4));
        Assert.Equal(0u, BitConverter.ToUInt32(plain, 8));
    }

    private static void SealPduWith(NtlmSessionSecurity side, (byte[] Pdu, Range Sealed, Range Signature) pdu) =>
        side.Seal(pdu.Pdu.AsSpan(0, pdu.Signature.Start.Value), pdu.Sealed, pdu.Pdu.AsSpan(pdu.Signature));
}
