using System.Globalization;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>bind, alter_context and auth3: presentation contexts and the auth token legs (dcerpc-ntlm.md §1.7, §3.2, §3.9).</summary>
internal sealed partial class RpcConnection
{
    private async ValueTask HandleBindAsync(byte[] fragment)
    {
        if (BindPdu.TryParse(fragment, out var bind) is var reject && reject != PduRejectReason.None)
        {
            // Samba: bad version or bad flags give reason 4 (dcerpc-ntlm.md §1.6). An empty context list, or a context
            // with no transfer syntax, gives reason 0 (Windows 2012R2, raw_protocol test_no_auth_no_ctx).
            RpcHeader.TryRead(fragment, out var h);
            var reason = reject == PduRejectReason.BadContextList ? BindNakReason.NotSpecified : BindNakReason.ProtocolVersionNotSupported;
            await BindNakAsync(h.CallId, reason, $"malformed bind: {reject}").ConfigureAwait(false);
            return;
        }

        if (_bound)
        {
            await BindNakAsync(bind!.CallId, BindNakReason.NotSpecified, "second bind on a connection").ConfigureAwait(false);
            return;
        }

        if (!_server.TryJoinAssociationGroup(bind!.AssocGroupId, out uint group))
        {
            await BindNakAsync(bind.CallId, BindNakReason.NotSpecified, $"unknown assoc_group_id 0x{bind.AssocGroupId:x}").ConfigureAwait(false);
            return;
        }

        _assocGroup = group;
        _maxFrag = NegotiateFragmentSize(bind.MaxXmitFrag, bind.MaxRecvFrag, Options.MaxFragmentSize);
        var results = NegotiateContexts(bind.Contexts, out string? contextError);
        if (contextError is not null)
        {
            await BindNakAsync(bind.CallId, BindNakReason.NotSpecified, contextError).ConfigureAwait(false);
            return;
        }

        AuthVerifier? outAuth = null;
        if (bind.Auth is { } auth)
        {
            var nak = StartAuth(auth, out outAuth);
            if (nak is { } reason)
            {
                await BindNakAsync(bind.CallId, reason, $"auth_type {(byte)auth.Trailer.AuthType} level {(byte)auth.Trailer.AuthLevel} refused").ConfigureAwait(false);
                return;
            }
        }

        _bound = true;

        // Echo PFC_SUPPORT_HEADER_SIGN when the client set it (Samba, dcerpc-ntlm.md §1.3).
        var flags = PfcFlags.FirstAndLast | (bind.Flags & PfcFlags.PendingCancelOrHeaderSign) | ConcMpxEcho(bind.Flags, _acceptedNewContext);
        string secondaryAddress = _listener.Port.ToString(CultureInfo.InvariantCulture);
        await SendAsync(new BindAckPdu(bind.CallId, flags, _maxFrag, _maxFrag, group, secondaryAddress, results, outAuth).Encode()).ConfigureAwait(false);
    }

    private async ValueTask HandleAlterContextAsync(byte[] fragment)
    {
        if (AlterContextPdu.TryParse(fragment, out var alter) is var reject && reject != PduRejectReason.None)
        {
            RpcHeader.TryRead(fragment, out var h);
            await ProtocolErrorAsync(h.CallId, $"malformed alter_context: {reject}").ConfigureAwait(false);
            return;
        }

        if (!_bound)
        {
            await ProtocolErrorAsync(alter!.CallId, "alter_context before bind").ConfigureAwait(false);
            return;
        }

        var results = NegotiateContexts(alter!.Contexts, out string? contextError);
        if (contextError is not null)
        {
            await ProtocolErrorAsync(alter.CallId, contextError).ConfigureAwait(false);
            return;
        }

        AuthVerifier? outAuth = null;
        if (alter.Auth is { } auth)
        {
            // An alter without auth is a plain context change; with a token it continues the exchange (§3.9), or, after
            // a bind without auth, starts it (Samba dcesrv_auth_alter, Windows-derived raw_protocol "start_with_alter").
            if (_auth is null)
            {
                if (StartAuth(auth, out outAuth) is not null)
                {
                    await FaultAndCloseAsync(alter.CallId, RpcStatus.AccessDenied, "alter_context could not start authentication").ConfigureAwait(false);
                    return;
                }

                await SendAsync(new AlterContextRespPdu(alter.CallId, AlterFlags(alter), _maxFrag, _maxFrag, _assocGroup, string.Empty, results, outAuth).Encode()).ConfigureAwait(false);
                return;
            }

            if (_auth.Phase != AuthPhase.InProgress)
            {
                await FaultAndCloseAsync(alter.CallId, RpcStatus.AccessDenied, "alter_context token outside an auth exchange").ConfigureAwait(false);
                return;
            }

            if (auth.Trailer.AuthType != _auth.WireType)
            {
                await FaultAndCloseAsync(alter.CallId, RpcStatus.SecurityPackageError, "alter_context with a different auth_type").ConfigureAwait(false);
                return;
            }

            if (!_auth.Matches(auth.Trailer))
            {
                await FaultAndCloseAsync(alter.CallId, RpcStatus.AccessDenied, "alter_context auth level/context id mismatch").ConfigureAwait(false);
                return;
            }

            var step = Step(_auth.Context, auth.AuthValue.Span, out byte[] output);
            if (step is not (SecurityStepResult.ContinueNeeded or SecurityStepResult.Complete))
            {
                _auth.Phase = AuthPhase.Failed;
                await FaultAndCloseAsync(alter.CallId, RpcStatus.AccessDenied, $"authentication failed on alter_context: {step}").ConfigureAwait(false);
                return;
            }

            _auth.Phase = step == SecurityStepResult.Complete ? AuthPhase.Complete : AuthPhase.InProgress;
            outAuth = new AuthVerifier(new SecTrailer(_auth.WireType, _auth.Level, 0, _auth.ContextId), output);
        }

        // Samba sends sec_addr length 0 in alter_context_resp (dcerpc-ntlm.md §1.5).
        await SendAsync(new AlterContextRespPdu(alter.CallId, AlterFlags(alter), _maxFrag, _maxFrag, _assocGroup, string.Empty, results, outAuth).Encode()).ConfigureAwait(false);
    }

    private async ValueTask HandleAuth3Async(byte[] fragment)
    {
        if (Auth3Pdu.TryParse(fragment, out var auth3) is var reject && reject != PduRejectReason.None)
        {
            // Windows and Samba answer a malformed auth3 with nca_s_fault_remote_no_memory (dcerpc-ntlm.md §1.11).
            RpcHeader.TryRead(fragment, out var h);
            await FaultAndCloseAsync(h.CallId, RpcStatus.RemoteNoMemory, $"malformed auth3: {reject}").ConfigureAwait(false);
            return;
        }

        if (!_bound || _auth is null || _auth.Phase != AuthPhase.InProgress)
        {
            await ProtocolErrorAsync(auth3!.CallId, "auth3 outside an auth exchange").ConfigureAwait(false);
            return;
        }

        // auth3 never gets a reply; a failure is remembered and the next request gets fault 5 (§3.9).
        if (!_auth.Matches(auth3!.Auth.Trailer))
        {
            Violation("auth3", "auth3 trailer does not match the bind");
            _auth.Phase = AuthPhase.Failed;
            return;
        }

        var step = Step(_auth.Context, auth3.Auth.AuthValue.Span, out _);
        _auth.Phase = step == SecurityStepResult.Complete ? AuthPhase.Complete : AuthPhase.Failed;
        if (_auth.Phase == AuthPhase.Failed)
        {
            Violation("auth3", $"authentication failed on auth3: {step}");
        }
    }

    private PfcFlags AlterFlags(AlterContextPdu alter) =>
        PfcFlags.FirstAndLast | (alter.Flags & PfcFlags.PendingCancelOrHeaderSign) | ConcMpxEcho(alter.Flags, _acceptedNewContext);

    /// <summary>
    /// PFC_CONC_MPX is echoed when the client asked for it and this PDU accepted a new presentation context (Samba,
    /// Windows). Calls here never overlap, each finishes before the next fragment is read, so multiplexing only changes
    /// which call an error names.
    /// </summary>
    internal static PfcFlags ConcMpxEcho(PfcFlags requested, bool acceptedNew) =>
        (requested & PfcFlags.ConcMpx) != 0 && acceptedNew ? PfcFlags.ConcMpx : PfcFlags.None;

    /// <summary>Creates the acceptor for a bind's trailer and runs the first leg; returns a bind_nak reason on failure (§3.9).</summary>
    private BindNakReason? StartAuth(AuthVerifier auth, out AuthVerifier? output)
    {
        output = null;
        var trailer = auth.Trailer;

        // Samba (dcesrv_auth_prepare_gensec): the level is checked first (reason 0), auth_type only for a valid level (reason 8).
        if (trailer.AuthLevel is not (RpcAuthLevel.Connect or RpcAuthLevel.Call or RpcAuthLevel.Packet or RpcAuthLevel.Integrity or RpcAuthLevel.Privacy))
        {
            return BindNakReason.NotSpecified;
        }

        var type = trailer.AuthType == RpcAuthType.Default ? RpcAuthType.Ntlmssp : trailer.AuthType;
        var context = type == RpcAuthType.None ? null : Options.AcceptorFactory?.Invoke(type);
        if (context is null)
        {
            return BindNakReason.AuthenticationTypeNotRecognized;
        }

        var step = Step(context, auth.AuthValue.Span, out byte[] token);
        if (step is not (SecurityStepResult.ContinueNeeded or SecurityStepResult.Complete))
        {
            return BindNakReason.InvalidChecksum;
        }

        _auth = new AuthState(context, trailer.AuthType, trailer.AuthLevel, trailer.ContextId)
        {
            Phase = step == SecurityStepResult.Complete ? AuthPhase.Complete : AuthPhase.InProgress,
        };
        output = new AuthVerifier(new SecTrailer(trailer.AuthType, trailer.AuthLevel, 0, trailer.ContextId), token);
        return null;
    }

    private SecurityStepResult Step(IRpcSecurityContext context, ReadOnlySpan<byte> input, out byte[] output)
    {
        try
        {
            return context.Step(input, out output);
        }
#pragma warning disable CA1031 // a token parser bug is an invalid token, never a crashed connection task
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ProviderThrew(Logger, ex, _peer);
            output = [];
            return SecurityStepResult.InvalidToken;
        }
    }

    /// <summary>Samba's rule: v = max(2048, min(max_xmit, max_recv, cap)) rounded down to 8 (dcerpc-ntlm.md §1.9).</summary>
    internal static ushort NegotiateFragmentSize(ushort clientMaxXmit, ushort clientMaxRecv, ushort cap)
    {
        int v = Math.Min(Math.Min(clientMaxXmit, clientMaxRecv), cap);
        return (ushort)(Math.Max(2048, v) & ~7);
    }

    /// <summary>
    /// Answers each proposed context in order (dcerpc-ntlm.md §1.7). At most one new context is accepted per
    /// bind/alter; BTFN is acked with the supported bits. <paramref name="error"/> names a protocol error.
    /// </summary>
    private List<ContextResult> NegotiateContexts(IReadOnlyList<PresentationContext> proposed, out string? error)
    {
        error = null;
        _acceptedNewContext = false;
        var results = new List<ContextResult>(proposed.Count);
        bool acceptedNew = false;
        bool sawFeatures = false;
        foreach (var c in proposed)
        {
            if (c.TransferSyntaxes[0].IsBindTimeFeatureNegotiation(out ulong requested))
            {
                if (sawFeatures)
                {
                    error = "more than one bind-time feature negotiation context";
                    return results;
                }

                sawFeatures = true;
                results.Add(new ContextResult(ContextResultKind.NegotiateAck, (ushort)(requested & Options.BindTimeFeatures), default));
                continue;
            }

            if (_contexts.TryGetValue(c.ContextId, out var existing))
            {
                // Re-proposing an existing id is fine with the same abstract syntax (SPNEGO alter legs); else an error.
                if (existing.AbstractSyntax != c.AbstractSyntax)
                {
                    error = $"context id {c.ContextId} re-proposed with another abstract syntax";
                    return results;
                }

                results.Add(c.TransferSyntaxes.Contains(SyntaxId.Ndr20)
                    ? ContextResult.Accept(SyntaxId.Ndr20)
                    : ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported));
                continue;
            }

            if (!_server.TryGetInterface(c.AbstractSyntax, _listener.EndpointMapperOnly, out var registration))
            {
                results.Add(ContextResult.Reject(ContextRejectReason.AbstractSyntaxNotSupported));
            }
            else if (!c.TransferSyntaxes.Contains(SyntaxId.Ndr20) || acceptedNew)
            {
                // NDR64 alone is refused this way; later contexts after an acceptance are only validated (Samba/Windows).
                results.Add(ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported));
            }
            else if (_contexts.Count >= Options.MaxPresentationContexts)
            {
                Violation("contexts", $"more than {Options.MaxPresentationContexts} presentation contexts");
                results.Add(ContextResult.Reject(ContextRejectReason.LocalLimitExceeded));
            }
            else
            {
                _contexts[c.ContextId] = new BoundContext(registration, c.AbstractSyntax);
                acceptedNew = true;
                _acceptedNewContext = true;
                results.Add(ContextResult.Accept(SyntaxId.Ndr20));
            }
        }

        return results;
    }
}
