using Clusterd.Rpc.Security;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Server;

/// <summary>Presentation-context negotiation for bind and alter_context (C706 12.6.4.3, 12.6.4.4, MS-RPCE 3.3.1.5.3).</summary>
internal sealed partial class RpcConnection
{
    private bool _multiplexed;

    /// <summary>
    /// Answers each proposed context in order, as Windows 2012R2 does (raw_protocol test_no_auth_presentation_ctx_*):
    /// <list type="bullet">
    /// <item>A bind-time feature element (first transfer syntax 6cb71c2c-…) is acked with the supported bits; a second one is an error.</item>
    /// <item>An unknown abstract syntax is (2,1), whatever its id.</item>
    /// <item>Once one element is accepted, the rest are only validated: (2,2) for a known abstract syntax.</item>
    /// <item>An existing id keeps its abstract and transfer syntax: another abstract syntax, or a proposal naming another
    /// transfer syntax Windows knows (NDR64 for an NDR20 context; Windows prefers NDR64), is a protocol error; a proposal
    /// naming its syntax is accepted; anything else is (2,2).</item>
    /// <item>A new id is accepted with NDR20 (the only transfer syntax served) or gets (2,2).</item>
    /// </list>
    /// <paramref name="error"/> names a protocol error (bind_nak 0 on a bind, fault nca_s_proto_error on an alter).
    /// </summary>
    private ContextResult[] NegotiateContexts(IReadOnlyList<PresentationContext> proposed, out string? error)
    {
        error = null;
        _acceptedNewContext = false;
        var results = new ContextResult[proposed.Count];
        bool sawFeatures = false;
        for (int i = 0; i < proposed.Count; i++)
        {
            if (proposed[i].TransferSyntaxes[0].IsBindTimeFeatureNegotiation(out ulong requested))
            {
                if (sawFeatures)
                {
                    error = "more than one bind-time feature negotiation context";
                    return results;
                }

                sawFeatures = true;
                ulong supported = Options.BindTimeFeatures & (Options.MaxAuthContexts > 0 ? 0x3ul : 0x2ul);
                results[i] = new ContextResult(ContextResultKind.NegotiateAck, (ushort)(requested & supported), default);
            }
        }

        bool validateOnly = false;
        for (int i = 0; i < proposed.Count; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            var c = proposed[i];
            if (!_server.TryGetInterface(c.AbstractSyntax, _listener.EndpointMapperOnly, out var registration))
            {
                results[i] = ContextResult.Reject(ContextRejectReason.AbstractSyntaxNotSupported);
                continue;
            }

            if (validateOnly)
            {
                results[i] = ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported);
                continue;
            }

            bool offersNdr20 = Offers(c, SyntaxId.Ndr20);
            if (_contexts.TryGetValue(c.ContextId, out var existing))
            {
                if (existing.AbstractSyntax != c.AbstractSyntax)
                {
                    error = $"context id {c.ContextId} re-proposed with another abstract syntax";
                    return results;
                }

                if (Offers(c, SyntaxId.Ndr64) && existing.TransferSyntax != SyntaxId.Ndr64)
                {
                    error = $"context id {c.ContextId} re-proposed with another transfer syntax";
                    return results;
                }

                if (offersNdr20)
                {
                    results[i] = ContextResult.Accept(existing.TransferSyntax);
                    validateOnly = true;
                }
                else
                {
                    results[i] = ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported);
                }

                continue;
            }

            if (!offersNdr20)
            {
                // NDR64 alone is refused this way (provider rejection, proposed_transfer_syntaxes_not_supported; C706 12.6.4.4).
                results[i] = ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported);
            }
            else if (_contexts.Count >= Options.MaxPresentationContexts)
            {
                Violation("contexts", $"more than {Options.MaxPresentationContexts} presentation contexts");
                results[i] = ContextResult.Reject(ContextRejectReason.LocalLimitExceeded);
            }
            else
            {
                _contexts[c.ContextId] = new BoundContext(c.ContextId, registration, c.AbstractSyntax, SyntaxId.Ndr20);
                _needsAuthentication |= registration.MinimumLevel > RpcAuthLevel.None;
                validateOnly = true;
                _acceptedNewContext = true;
                results[i] = ContextResult.Accept(SyntaxId.Ndr20);
            }
        }

        return results;
    }

    private static bool Offers(PresentationContext c, SyntaxId transfer)
    {
        var list = c.TransferSyntaxes;
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == transfer)
            {
                return true;
            }
        }

        return false;
    }
}
