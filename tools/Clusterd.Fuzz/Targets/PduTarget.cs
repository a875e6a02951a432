using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// DCE/RPC connection-oriented PDUs: the stream framing (FragmentReader over a pipe holding the input), then every PDU
/// parser on each fragment and on the raw input, and the trace formatter. Contract: parsers return a
/// <see cref="PduRejectReason"/>, FragmentReader a <see cref="FrameStatus"/>; they never throw.
/// </summary>
internal sealed class PduTarget : FuzzTarget
{
    private static readonly SyntaxId s_clusApi = SyntaxId.ForInterface(new Guid("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    public override string Name => "pdu";

    public override string Description => "FragmentReader framing and every PDU parser (bind, alter_context, auth3, request, response, fault, ...)";

    public override string Execute(byte[] input)
    {
        var outcome = new StringBuilder();
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(input));
        for (int fragments = 0; fragments < 64; fragments++)
        {
            var (status, header, fragment) = FragmentReader.ReadAsync(reader, MaxFragment, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            outcome.Append(status).Append(':');
            if (fragment is null)
            {
                break;
            }

            outcome.Append(ParseAll(fragment, header.Type)).Append(';');
        }

        reader.Complete();
        outcome.Append('|').Append(ParseAll(input, input.Length > 2 ? (PduType)input[2] : PduType.Request));
        _ = PduTrace.Format(">>", "fuzz", input.AsSpan(0, Math.Min(input.Length, 512)));
        return outcome.ToString();
    }

    private static readonly (byte[] Init, byte[] Challenge, byte[] Authenticate, byte[] Accept) s_spnego = SpnegoTarget.HandshakeTokens();

    /// <summary>A SPNEGO/NTLM server context after the fixed handshake (fresh per call: its sequence numbers move).</summary>
    private static SpnegoAcceptor EstablishedContext()
    {
        var acceptor = new SpnegoAcceptor(NtlmTarget.AcceptorOptions());
        acceptor.Step(s_spnego.Init, out _);
        return acceptor.Step(s_spnego.Authenticate, out _) == SecurityStepResult.Complete
            ? acceptor
            : throw new InvalidOperationException("The fixed SPNEGO handshake did not complete.");
    }

    // The server's limits: binds may be larger than requests (as in Samba dcesrv_core.c).
    private static int MaxFragment(PduType type) => type is PduType.Bind or PduType.AlterContext ? FragmentReader.AbsoluteMaxFragment : 5840;

    private static string ParseAll(byte[] fragment, PduType type)
    {
        var span = fragment.AsSpan();
        var r = type switch
        {
            PduType.Request => RequestPdu.TryParse(fragment, out _),
            PduType.Response => ResponsePdu.TryParse(fragment, out _),
            PduType.Fault => FaultPdu.TryParse(span, out _),
            PduType.Bind => BindPdu.TryParse(span, out _),
            PduType.BindAck => BindAckPdu.TryParse(span, out _),
            PduType.BindNak => BindNakPdu.TryParse(span, out _),
            PduType.AlterContext => AlterContextPdu.TryParse(span, out _),
            PduType.AlterContextResp => AlterContextRespPdu.TryParse(span, out _),
            PduType.Auth3 => Auth3Pdu.TryParse(span, out _),
            PduType.Shutdown => ShutdownPdu.TryParse(span, out _),
            PduType.CoCancel => CoCancelPdu.TryParse(span, out _),
            PduType.Orphaned => OrphanedPdu.TryParse(span, out _),
            _ => PduRejectReason.UnexpectedType,
        };

        // The other parsers must reject a PDU of another type by name, not by accident.
        if (RequestPdu.TryParse(fragment, out var request) == PduRejectReason.None && request!.Auth is { } auth)
        {
            // What the server does next with a protected request: verify or unseal it with the association's context.
            var context = EstablishedContext();
            var level = auth.Trailer.AuthLevel;
            if (PduProtection.CarriesSignature(level))
            {
                _ = PduProtection.Unprotect((byte[])fragment.Clone(), request.StubOffset, auth.AuthValue.Length, context, level);
            }
        }

        _ = BindPdu.TryParse(span, out _);
        _ = BindAckPdu.TryParse(span, out _);
        return type + "=" + r;
    }

    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
        int start = 0;
        while (input.Length - start >= RpcHeader.Size && fields.Count < 64)
        {
            var pdu = input[start..];
            fields.Add(new FuzzField(start + 2, 1)); // PTYPE
            fields.Add(new FuzzField(start + 3, 1)); // pfc_flags
            fields.Add(new FuzzField(start + 8, 2)); // frag_length
            fields.Add(new FuzzField(start + 10, 2)); // auth_length
            int fragLength = BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]);
            int authLength = BinaryPrimitives.ReadUInt16LittleEndian(pdu[10..]);
            int end = Math.Min(pdu.Length, Math.Max(fragLength, RpcHeader.Size));
            if (authLength > 0 && end - authLength - SecTrailer.Size >= RpcHeader.Size)
            {
                int trailer = end - authLength - SecTrailer.Size;
                fields.Add(new FuzzField(start + trailer + 2, 1)); // auth_pad_length
                fields.Add(new FuzzField(start + trailer + 1, 1)); // auth_level
            }

            switch ((PduType)pdu[2])
            {
                case PduType.Request or PduType.Response when pdu.Length >= 24:
                    fields.Add(new FuzzField(start + 16, 4)); // alloc_hint
                    fields.Add(new FuzzField(start + 22, 2)); // opnum
                    break;
                case PduType.Bind or PduType.AlterContext when pdu.Length >= 28:
                    fields.Add(new FuzzField(start + 24, 1)); // n_context_elem
                    for (int pos = 28; pos + 4 <= end && fields.Count < 64; pos += 4 + (SyntaxId.Size * (1 + pdu[pos + 2])))
                    {
                        fields.Add(new FuzzField(start + pos + 2, 1)); // n_transfer_syn
                    }

                    break;
                case PduType.BindAck or PduType.AlterContextResp when pdu.Length >= 26:
                    fields.Add(new FuzzField(start + 24, 2)); // sec_addr length
                    break;
                case PduType.BindNak when pdu.Length >= 19:
                    fields.Add(new FuzzField(start + 18, 1)); // n_protocols
                    break;
            }

            if (fragLength < RpcHeader.Size)
            {
                break;
            }

            start += fragLength;
        }
    }

    /// <summary>Makes the first fragment's frag_length match the input, so the parsers get past the frame check.</summary>
    public override byte[] Fixup(byte[] input, Random random)
    {
        if (input.Length >= RpcHeader.Size && input.Length <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(8), (ushort)input.Length);
        }

        return input;
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var ndr = new[] { SyntaxId.Ndr20 };
        var contexts = new[]
        {
            new PresentationContext(0, s_clusApi, ndr),
            new PresentationContext(1, s_clusApi, [SyntaxId.Ndr64]),
            new PresentationContext(2, s_clusApi, [SyntaxId.BindTimeFeatures(3)]),
        };
        var spnegoInit = SpnegoTarget.HandshakeTokens().Init;
        var bindAuth = new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Privacy, 0, 1), spnegoInit);
        yield return ("bind-plain", new BindPdu(1, PfcFlags.FirstAndLast, 4280, 4280, 0, contexts).Encode());
        yield return ("bind-spnego", new BindPdu(2, PfcFlags.FirstAndLast | PfcFlags.ConcMpx, 5840, 5840, 0, [contexts[0]], bindAuth).Encode());
        yield return ("alter-context-spnego", new AlterContextPdu(3, PfcFlags.FirstAndLast, 5840, 5840, 0x1234, [contexts[0]], bindAuth).Encode());
        var ntlm = NtlmTarget.Handshake();
        yield return ("auth3-ntlm", new Auth3Pdu(4, PfcFlags.FirstAndLast,
            new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, 0), ntlm.Authenticate)).Encode());
        byte[] stub = [0x41, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00];
        yield return ("request-plain", new RequestPdu(5, PfcFlags.FirstAndLast, (uint)stub.Length, 0, 8, null, stub).Encode());
        yield return ("request-object-uuid", new RequestPdu(6, PfcFlags.FirstAndLast, 0, 0, 0, new Guid("00112233-4455-6677-8899-aabbccddeeff"), stub).Encode());
        var signature = new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Privacy, 0, 1), new byte[16]);
        yield return ("request-sealed", new RequestPdu(7, PfcFlags.FirstAndLast, (uint)stub.Length, 0, 73, null, stub, signature).Encode());
        yield return ("request-first-fragment", new RequestPdu(8, PfcFlags.FirstFrag, 4000, 0, 73, null, stub).Encode());
        yield return ("response-sealed", new ResponsePdu(7, PfcFlags.FirstAndLast, (uint)stub.Length, 0, 0, stub, signature).Encode());
        yield return ("fault", new FaultPdu(9, PfcFlags.FirstAndLast, 0, RpcStatus.BadStubData).Encode());
        yield return ("bind-ack", new BindAckPdu(1, PfcFlags.FirstAndLast, 4280, 4280, 0x5f3e, "49152",
            [ContextResult.Accept(SyntaxId.Ndr20), ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported),
                new ContextResult(ContextResultKind.NegotiateAck, 3, default)]).Encode());
        yield return ("bind-nak", new BindNakPdu(1, BindNakReason.AuthenticationTypeNotRecognized).Encode());
        yield return ("alter-context-resp", new AlterContextRespPdu(3, PfcFlags.FirstAndLast, 5840, 5840, 0x1234, "", [ContextResult.Accept(SyntaxId.Ndr20)],
            new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Privacy, 0, 1), spnegoInit.AsMemory(0, 32))).Encode());
        yield return ("co-cancel", new CoCancelPdu(10).Encode());
        yield return ("orphaned", new OrphanedPdu(11).Encode());
        yield return ("shutdown", new ShutdownPdu(0).Encode());
        var first = new RequestPdu(12, PfcFlags.FirstFrag, 40, 0, 73, null, stub).Encode();
        var last = new RequestPdu(12, PfcFlags.LastFrag, 40, 0, 73, null, stub).Encode();
        yield return ("stream-two-fragments", [.. first, .. last]);
    }
}
