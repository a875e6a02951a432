using System.Globalization;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>bind, alter_context and auth3: presentation contexts and the auth token legs (C706 12.6.4.1-12.6.4.5, MS-RPCE 2.2.1.1.7, 3.3.1.5.3; Samba dcesrv_core.c).</summary>
internal sealed partial class RpcConnection
{
    private async ValueTask HandleBindAsync(RpcHeader header, byte[] fragment, AuthContext auth)
    {
        if (header.Type != PduType.Bind)
        {
            await BindNakAsync(header.CallId, BindNakReason.ProtocolVersionNotSupported, $"first PDU is {header.Type}, not a bind").ConfigureAwait(false);
            return;
        }

        if (BindPdu.TryParse(fragment, out var bind) is var reject && reject != PduRejectReason.None)
        {
            // Samba: bad version or bad flags give reason 4 (dcesrv_core.c). An empty context list, or a context
            // with no transfer syntax, gives reason 0 (Windows 2012R2, raw_protocol test_no_auth_no_ctx).
            var reason = reject == PduRejectReason.BadContextList ? BindNakReason.NotSpecified : BindNakReason.ProtocolVersionNotSupported;
            await BindNakAsync(header.CallId, reason, $"malformed bind: {reject}").ConfigureAwait(false);
            return;
        }

        _maxFrag = NegotiateFragmentSize(bind!.MaxXmitFrag, bind.MaxRecvFrag, Options.MaxFragmentSize);
        var group = _server.JoinAssociationGroup(bind.AssocGroupId);
        if (group is null)
        {
            await BindNakAsync(bind.CallId, BindNakReason.NotSpecified, $"unknown assoc_group_id 0x{bind.AssocGroupId:x}").ConfigureAwait(false);
            return;
        }

        _group = group;
        var results = NegotiateContexts(bind.Contexts, out string? contextError);
        if (contextError is not null)
        {
            await BindNakAsync(bind.CallId, BindNakReason.NotSpecified, contextError).ConfigureAwait(false);
            return;
        }

        if (bind.Auth is { } verifier)
        {
            if (!AuthPadFits(fragment.Length, header.AuthLength, verifier.Trailer.PadLength))
            {
                await BindNakAsync(bind.CallId, BindNakReason.ProtocolVersionNotSupported, "bind auth_pad_length larger than the body").ConfigureAwait(false);
                return;
            }

            if (PrepareAuth(auth, verifier.Trailer) is { } nak)
            {
                await BindNakAsync(bind.CallId, nak, $"auth_type {(byte)verifier.Trailer.AuthType} level {(byte)verifier.Trailer.AuthLevel} refused").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            auth.Type = RpcAuthType.None;
            auth.Level = RpcAuthLevel.None;
            auth.ContextId = 0;
            auth.Started = true;
        }

        _allowAlter = true;
        FinishDefaultAtBind(auth);

        // Echo PFC_SUPPORT_HEADER_SIGN when the client set it (MS-RPCE 2.2.2.3; Samba does).
        var flags = PfcFlags.FirstAndLast | (bind.Flags & PfcFlags.PendingCancelOrHeaderSign) | ConcMpxEcho(bind.Flags, _acceptedNewContext);
        _multiplexed |= (flags & PfcFlags.ConcMpx) != 0;
        string secondaryAddress = _listener.Port.ToString(CultureInfo.InvariantCulture);
        AuthVerifier? outAuth = null;
        if (bind.Auth is { } token)
        {
            var step = Step(auth, token.AuthValue.Span, out byte[] output);
            if (step is not (SecurityStepResult.ContinueNeeded or SecurityStepResult.Complete))
            {
                await BindNakAsync(bind.CallId, BindNakReason.InvalidChecksum, $"first auth leg failed: {step}").ConfigureAwait(false);
                return;
            }

            if (step == SecurityStepResult.Complete)
            {
                Finish(auth);
            }

            outAuth = new AuthVerifier(new SecTrailer(auth.Type, auth.Level, 0, auth.ContextId), output);
        }
        else
        {
            auth.Finished = true;
        }

        await SendAsync(new BindAckPdu(bind.CallId, flags, _maxFrag, _maxFrag, group.Id, secondaryAddress, results, outAuth).Encode()).ConfigureAwait(false);
    }

    /// <summary>
    /// alter_context (Samba dcesrv_alter + dcesrv_auth_alter): a plain context change, a leg of an exchange in progress,
    /// or the first leg of a new auth context. Contexts are negotiated before an auth refusal is reported; the
    /// assoc_group_id it carries is ignored (Windows answers with the connection's group).
    /// </summary>
    private async ValueTask HandleAlterContextAsync(byte[] fragment, AuthContext auth)
    {
        RpcHeader.TryRead(fragment, out var header);
        if (!_allowAlter)
        {
            await ProtocolErrorAsync(header.CallId, "alter_context not allowed").ConfigureAwait(false);
            return;
        }

        if (AlterContextPdu.TryParse(fragment, out var alter) is var reject && reject != PduRejectReason.None)
        {
            await ProtocolErrorAsync(header.CallId, $"malformed alter_context: {reject}").ConfigureAwait(false);
            return;
        }

        var trailer = alter!.Auth?.Trailer ?? default;
        bool authOk;
        uint? authFault = null;
        if (alter.Auth is null)
        {
            authOk = auth.Finished;
        }
        else if (auth.Finished)
        {
            (authOk, authFault) = (false, RpcStatus.AccessDenied);
        }
        else if (!AuthPadFits(fragment.Length, header.AuthLength, trailer.PadLength))
        {
            (authOk, authFault) = (false, RpcStatus.ProtocolError);
        }
        else if (!auth.Started)
        {
            authOk = PrepareAuth(auth, trailer) is null;
            authFault = authOk ? null : RpcStatus.AccessDenied;
        }
        else if (trailer.AuthType == RpcAuthType.None)
        {
            (authOk, authFault) = (false, RpcStatus.AccessDenied);
        }
        else
        {
            authOk = !auth.Invalid && auth.Matches(trailer);
        }

        if (!authOk && authFault is { } fault)
        {
            await FaultAndCloseAsync(alter.CallId, fault, "alter_context auth refused").ConfigureAwait(false);
            return;
        }

        var results = NegotiateContexts(alter.Contexts, out string? contextError);
        if (contextError is not null)
        {
            await ProtocolErrorAsync(alter.CallId, contextError).ConfigureAwait(false);
            return;
        }

        if (!authOk)
        {
            // A token for another package is a package error; another level or an abandoned context is access denied.
            uint status = trailer.AuthType != auth.Type ? RpcStatus.SecurityPackageError : RpcStatus.AccessDenied;
            await FaultAndCloseAsync(alter.CallId, status, "alter_context auth trailer does not match its context").ConfigureAwait(false);
            return;
        }

        var flags = PfcFlags.FirstAndLast | (alter.Flags & PfcFlags.PendingCancelOrHeaderSign) | ConcMpxEcho(alter.Flags, _acceptedNewContext);
        _multiplexed |= (flags & PfcFlags.ConcMpx) != 0;
        AuthVerifier? outAuth = null;
        if (!auth.Finished)
        {
            var step = Step(auth, alter.Auth!.AuthValue.Span, out byte[] output);
            if (step is not (SecurityStepResult.ContinueNeeded or SecurityStepResult.Complete))
            {
                // Wrong credentials: access denied (Samba dcesrv_auth.c); a token or level the package cannot handle:
                // RPC_S_SEC_PKG_ERROR (Windows, raw_protocol test_spnego_privacy_bind_*).
                auth.Invalid = true;
                uint status = step == SecurityStepResult.LogonFailure ? RpcStatus.AccessDenied : RpcStatus.SecurityPackageError;
                await FaultAndCloseAsync(alter.CallId, status, $"authentication failed on alter_context: {step}").ConfigureAwait(false);
                return;
            }

            if (step == SecurityStepResult.Complete)
            {
                Finish(auth);
            }

            outAuth = new AuthVerifier(new SecTrailer(auth.Type, auth.Level, 0, auth.ContextId), output);
        }

        // Samba sends sec_addr length 0 in alter_context_resp.
        await SendAsync(new AlterContextRespPdu(alter.CallId, flags, _maxFrag, _maxFrag, _group!.Id, string.Empty, results, outAuth).Encode()).ConfigureAwait(false);
    }

    /// <summary>auth3 never gets a reply; a failure marks the context invalid and its next request is refused (MS-RPCE 2.2.2.10: auth3 has no reply; Samba dcesrv_auth.c).</summary>
    private async ValueTask HandleAuth3Async(byte[] fragment, AuthContext auth)
    {
        RpcHeader.TryRead(fragment, out var header);
        if (!auth.Started || auth.Finished)
        {
            await ProtocolErrorAsync(header.CallId, "auth3 outside an auth exchange").ConfigureAwait(false);
            return;
        }

        if (header.AuthLength == 0 || auth.Invalid)
        {
            auth.Invalid = true;
            Violation("auth3", "auth3 without a token, or for an invalid context");
            return;
        }

        if (Auth3Pdu.TryParse(fragment, out var auth3) != PduRejectReason.None
            || !AuthPadFits(fragment.Length, header.AuthLength, TrailerOf(fragment, header.AuthLength).PadLength))
        {
            // Windows and Samba answer a malformed auth3 with nca_s_fault_remote_no_memory (Samba's raw_protocol tests).
            auth.Invalid = true;
            await FaultAndCloseAsync(header.CallId, RpcStatus.RemoteNoMemory, "malformed auth3").ConfigureAwait(false);
            return;
        }

        if (!auth.Matches(auth3!.Auth.Trailer))
        {
            auth.Invalid = true;
            Violation("auth3", "auth3 trailer does not match its context");
            return;
        }

        var step = Step(auth, auth3.Auth.AuthValue.Span, out byte[] output);
        if (step == SecurityStepResult.Complete)
        {
            // Complete, but with a token still to send (SPNEGO's final leg): an auth3 cannot carry it back, so the
            // context is complete and unusable; requests on it (with or without a trailer, at connect level) get
            // fault 5 (Samba dcesrv_auth_complete, raw_protocol test_spnego_auth3).
            Finish(auth);
            if (output.Length == 0)
            {
                return;
            }
        }

        auth.Invalid = true;
        Violation("auth3", $"authentication failed on auth3: {step}");
    }

    /// <summary>
    /// PFC_CONC_MPX is echoed when the client asked for it and this PDU accepted a new presentation context (Samba,
    /// Windows); from then on the connection is multiplexed, which changes how fragment-order errors are answered.
    /// </summary>
    internal static PfcFlags ConcMpxEcho(PfcFlags requested, bool acceptedNew) =>
        (requested & PfcFlags.ConcMpx) != 0 && acceptedNew ? PfcFlags.ConcMpx : PfcFlags.None;

    /// <summary>Samba's rule: v = max(2048, min(max_xmit, max_recv, cap)) rounded down to 8 (dcesrv_core.c; the same figures in Samba's Windows-derived raw_protocol tests).</summary>
    internal static ushort NegotiateFragmentSize(ushort clientMaxXmit, ushort clientMaxRecv, ushort cap)
    {
        int v = Math.Min(Math.Min(clientMaxXmit, clientMaxRecv), cap);
        return (ushort)(Math.Max(2048, v) & ~7);
    }
}
