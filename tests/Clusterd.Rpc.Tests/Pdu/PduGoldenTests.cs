using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Tests.Pdu;

public sealed class PduGoldenTests
{
    private static readonly SyntaxId ClusApi = SyntaxId.ForInterface(new Guid("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    [Fact]
    public void Header_is_16_bytes_little_endian()
    {
        var bytes = new RpcHeader(PduType.Bind, PfcFlags.FirstAndLast, 0x48, 0, 1).ToBytes();
        Assert.Equal("05000b0310000000480000000100000000000000"[..32], Hex.Of(bytes));
    }

    [Fact]
    public void Bind_with_clusapi_and_btfn_matches_smbtorture_layout()
    {
        var bind = new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0,
        [
            new PresentationContext(0, ClusApi, [SyntaxId.Ndr20]),
            new PresentationContext(1, ClusApi, [SyntaxId.BindTimeFeatures(3)]),
        ]);
        var bytes = bind.Encode();
        Assert.Equal(
            "05000b03100000007400000001000000d016d016000000000200000000000100b2b87db9634ccf11bff608002be23f2f03000000"
            + "045d888aeb1cc9119fe808002b10486002000000"
            + "01000100b2b87db9634ccf11bff608002be23f2f030000002c1cb76c12984045030000000000000001000000",
            Hex.Of(bytes));
        Assert.Equal(PduRejectReason.None, BindPdu.TryParse(bytes, out var parsed));
        Assert.Equal(2, parsed!.Contexts.Count);
        Assert.True(parsed.Contexts[1].TransferSyntaxes[0].IsBindTimeFeatureNegotiation(out ulong features));
        Assert.Equal(3UL, features);
        Assert.Equal(ClusApi, parsed.Contexts[0].AbstractSyntax);
    }

    [Fact]
    public void Bind_with_auth_verifier_round_trips()
    {
        var auth = new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Privacy, 0, 1), new byte[] { 1, 2, 3 });
        var bytes = new BindPdu(7, PfcFlags.FirstAndLast | PfcFlags.PendingCancelOrHeaderSign, 4280, 4280, 0, [new(0, ClusApi, [SyntaxId.Ndr20])], auth).Encode();
        Assert.Equal(3, BitConverter.ToUInt16(bytes, 10));
        Assert.Equal(PduRejectReason.None, BindPdu.TryParse(bytes, out var parsed));
        Assert.Equal(auth.Trailer, parsed!.Auth!.Trailer);
        Assert.Equal(new byte[] { 1, 2, 3 }, parsed.Auth.AuthValue.ToArray());
    }

    [Fact]
    public void Alter_context_has_ptype_14_and_round_trips()
    {
        var bytes = new AlterContextPdu(2, PfcFlags.FirstAndLast, 5840, 5840, 0x12345, [new(0, ClusApi, [SyntaxId.Ndr20])]).Encode();
        Assert.Equal(14, bytes[2]);
        Assert.Equal(PduRejectReason.None, AlterContextPdu.TryParse(bytes, out var parsed));
        Assert.Equal(0x12345u, parsed!.AssocGroupId);
        Assert.Equal(PduRejectReason.UnexpectedType, BindPdu.TryParse(bytes, out _));
    }

    [Fact]
    public void Bind_ack_pads_sec_addr_from_pdu_start()
    {
        // "135\0" ends at offset 30, so 2 pad bytes bring n_results to offset 32 (C706 12.6.4.4).
        var ack = new BindAckPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0x12345, "135", [ContextResult.Accept(SyntaxId.Ndr20)]);
        var bytes = ack.Encode();
        Assert.Equal(
            "05000c03100000003c00000001000000d016d0164523010004003133350000000100000000000000045d888aeb1cc9119fe808002b10486002000000",
            Hex.Of(bytes));
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse(bytes, out var parsed));
        Assert.Equal("135", parsed!.SecondaryAddress);
        Assert.Equal(ContextResultKind.Acceptance, parsed.Results[0].Result);
    }

    [Fact]
    public void Alter_context_resp_with_empty_sec_addr_has_two_pad_bytes()
    {
        var bytes = new AlterContextRespPdu(3, PfcFlags.FirstAndLast, 4280, 4280, 9, string.Empty,
            [ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported), new(ContextResultKind.NegotiateAck, 2, default)]).Encode();
        Assert.Equal(15, bytes[2]);
        Assert.Equal(16 + 8 + 2 + 2 + 4 + 48, bytes.Length);
        Assert.Equal(PduRejectReason.None, AlterContextRespPdu.TryParse(bytes, out var parsed));
        Assert.Equal(ContextResultKind.NegotiateAck, parsed!.Results[1].Result);
        Assert.Equal((ushort)2, parsed.Results[1].Reason);
        Assert.Equal((ushort)ContextRejectReason.ProposedTransferSyntaxesNotSupported, parsed.Results[0].Reason);
    }

    [Fact]
    public void Bind_nak_is_24_bytes()
    {
        var bytes = new BindNakPdu(5, BindNakReason.ProtocolVersionNotSupported).Encode();
        Assert.Equal("05000d03100000001800000005000000040001050000000000000000"[..48], Hex.Of(bytes));
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse(bytes, out var parsed));
        Assert.Equal(BindNakReason.ProtocolVersionNotSupported, parsed!.Reason);
    }

    [Fact]
    public void Fault_is_32_bytes_with_alloc_hint_24()
    {
        var bytes = new FaultPdu(9, PfcFlags.FirstAndLast | PfcFlags.DidNotExecute, 0, RpcStatus.OpRangeError).Encode();
        Assert.Equal("0500032310000000200000000900000018000000000000000200011c00000000", Hex.Of(bytes));
        Assert.Equal(PduRejectReason.None, FaultPdu.TryParse(bytes, out var parsed));
        Assert.Equal(RpcStatus.OpRangeError, parsed!.Status);
    }

    [Fact]
    public void Request_level5_vector_matches_the_known_answer_except_signature()
    {
        // Worked vector (interoperated with Samba and impacket): call_id 2, opnum 3, stub 0100000002000000, pad 8, auth_type 10, level 5.
        const string expected = "050000031000000040001000020000000800000000000300010000000200000000000000000000000a05080000000000";
        var request = new RequestPdu(2, PfcFlags.FirstAndLast, 8, 0, 3, null, Hex.Parse("0100000002000000"),
            new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, 0), new byte[16]));
        var bytes = request.Encode();
        Assert.Equal(expected, Hex.Of(bytes.AsSpan(0, bytes.Length - 16)));

        var golden = Hex.Parse(expected + "010000008753cf43aee8bc7200000000");
        Assert.Equal(PduRejectReason.None, RequestPdu.TryParse(golden, out var parsed));
        Assert.Equal("0100000002000000", Hex.Of(parsed!.Stub.Span));
        Assert.Equal((byte)8, parsed.Auth!.Trailer.PadLength);
        Assert.Equal((ushort)3, parsed.Opnum);
    }

    [Fact]
    public void Response_level5_vector_matches_the_known_answer_except_signature()
    {
        const string expected = "050002031000000040001000020000000800000000000000010000000200000000000000000000000a05080000000000";
        var bytes = new ResponsePdu(2, PfcFlags.FirstAndLast, 8, 0, 0, Hex.Parse("0100000002000000"),
            new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, 0), new byte[16])).Encode();
        Assert.Equal(expected, Hex.Of(bytes.AsSpan(0, bytes.Length - 16)));
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse(bytes, out var parsed));
        Assert.Equal(8, parsed!.Stub.Length);
    }

    [Fact]
    public void Request_with_object_uuid_puts_stub_at_40()
    {
        var obj = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var bytes = new RequestPdu(1, PfcFlags.FirstAndLast, 4, 1, 7, obj, new byte[] { 9, 9, 9, 9 }).Encode();
        Assert.Equal(0x83, bytes[3]);
        Assert.Equal(44, bytes.Length);
        Assert.Equal(PduRejectReason.None, RequestPdu.TryParse(bytes, out var parsed));
        Assert.Equal(obj, parsed!.ObjectUuid);
        Assert.Equal(40, parsed.StubOffset);
        Assert.Equal(new byte[] { 9, 9, 9, 9 }, parsed.Stub.ToArray());
    }

    [Fact]
    public void Auth3_has_four_pad_bytes_before_trailer()
    {
        var bytes = new Auth3Pdu(1, PfcFlags.FirstAndLast, new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Connect, 0, 1), new byte[] { 0xAA })).Encode();
        Assert.Equal("050010031000000021000100010000000000000000a020000010000000aa"[..2], Hex.Of(bytes)[..2]);
        Assert.Equal(16 + 4 + 8 + 1, bytes.Length);
        Assert.Equal(10, bytes[20]);
        Assert.Equal(PduRejectReason.None, Auth3Pdu.TryParse(bytes, out var parsed));
        Assert.Equal(RpcAuthLevel.Connect, parsed!.Auth.Trailer.AuthLevel);
    }

    [Theory]
    [InlineData(PduType.Shutdown, "0500110310000000100000000400000000")]
    [InlineData(PduType.CoCancel, "0500120310000000100000000400000000")]
    [InlineData(PduType.Orphaned, "0500130310000000100000000400000000")]
    public void Header_only_pdus_are_16_bytes(PduType type, string expected)
    {
        byte[] bytes = type switch
        {
            PduType.Shutdown => new ShutdownPdu(4).Encode(),
            PduType.CoCancel => new CoCancelPdu(4).Encode(),
            _ => new OrphanedPdu(4).Encode(),
        };
        Assert.Equal(expected[..32], Hex.Of(bytes));
        var r = type switch
        {
            PduType.Shutdown => ShutdownPdu.TryParse(bytes, out _),
            PduType.CoCancel => CoCancelPdu.TryParse(bytes, out _),
            _ => OrphanedPdu.TryParse(bytes, out _),
        };
        Assert.Equal(PduRejectReason.None, r);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 15)]
    [InlineData(15, 1)]
    [InlineData(16, 0)]
    [InlineData(17, 15)]
    [InlineData(20, 12)]
    [InlineData(60, 4)]
    [InlineData(4096, 0)]
    public void Auth_pad_makes_stub_plus_pad_a_multiple_of_16(int stub, int pad) => Assert.Equal(pad, SecTrailer.PadFor(stub));

    [Fact]
    public void Btfn_syntax_string_form_matches_spec()
    {
        Assert.Equal(new Guid("6cb71c2c-9812-4540-0300-000000000000"), SyntaxId.BindTimeFeatures(3).Uuid);
        Assert.False(SyntaxId.Ndr20.IsBindTimeFeatureNegotiation(out _));
    }
}

internal static class HeaderExtensions
{
    public static byte[] ToBytes(this RpcHeader header)
    {
        var b = new byte[RpcHeader.Size];
        header.Write(b);
        return b;
    }
}
