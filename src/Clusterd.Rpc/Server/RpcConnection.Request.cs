using System.Buffers;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>request: per-fragment verification, reassembly, dispatch, fragmented response (dcerpc-ntlm.md §1.8, §1.9, §3.8).</summary>
internal sealed partial class RpcConnection
{
    private async ValueTask HandleRequestAsync(RpcHeader header, byte[] fragment)
    {
        if (!_bound)
        {
            await ProtocolErrorAsync(header.CallId, "request before bind").ConfigureAwait(false);
            return;
        }

        if (_auth?.Phase == AuthPhase.InProgress)
        {
            await ProtocolErrorAsync(header.CallId, "request before the auth exchange completed").ConfigureAwait(false);
            return;
        }

        if (RequestPdu.TryParse(fragment, out var request) is var reject && reject != PduRejectReason.None)
        {
            await ProtocolErrorAsync(header.CallId, $"malformed request: {reject}").ConfigureAwait(false);
            return;
        }

        bool first = (request!.Flags & PfcFlags.FirstFrag) != 0;
        bool last = (request.Flags & PfcFlags.LastFrag) != 0;
        if (first)
        {
            if (_pending is { } busy)
            {
                // Samba/Windows: without PFC_CONC_MPX only one call is reassembled at a time; the fault names the
                // call already in progress (its call_id and context), without DID_NOT_EXECUTE, and the connection closes.
                _pending = null;
                await FaultAndCloseAsync(busy.First.CallId, RpcStatus.ProtocolError, "new first fragment while another call is being reassembled", didNotExecute: false, busy.First.ContextId).ConfigureAwait(false);
                return;
            }

            if ((request.Flags & PfcFlags.PendingCancelOrHeaderSign) != 0)
            {
                // dcerpc-ntlm.md §1.11: PFC_PENDING_CANCEL on a first fragment → "no call active" and disconnect (Samba/Windows).
                await FaultAndCloseAsync(request.CallId, RpcStatus.NoCallActive, "PFC_PENDING_CANCEL on a first fragment").ConfigureAwait(false);
                return;
            }

            if (!_contexts.ContainsKey(request.ContextId))
            {
                // dcerpc-ntlm.md §1.10: unknown context id → nca_s_unk_if with DID_NOT_EXECUTE; checked before the auth
                // trailer. The fault's p_cont_id is 0: there is no context to name (Samba, Windows).
                await SendFaultAsync(request.CallId, 0, RpcStatus.UnknownInterface, didNotExecute: true).ConfigureAwait(false);
                return;
            }
        }
        else if (_pending is null || _pending.First.CallId != request.CallId)
        {
            var inProgress = _pending?.First ?? request;
            _pending = null;
            await FaultAndCloseAsync(inProgress.CallId, RpcStatus.ProtocolError, "continuation fragment without its first fragment", didNotExecute: false, inProgress.ContextId).ConfigureAwait(false);
            return;
        }

        // Verify or unseal every fragment before concatenating (dcerpc-ntlm.md §1.9); Stub aliases the buffer.
        if (!await UnprotectAsync(request, fragment, checkTrailerFields: first).ConfigureAwait(false))
        {
            return;
        }

        if (first)
        {
            // alloc_hint is only a hint (0xffffffff is common); Samba caps it only while more fragments follow (MS-RPCE 3.3.3.5.4).
            if (!last && request.AllocHint > Options.MaxRequestSize)
            {
                await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, $"request alloc_hint {request.AllocHint} above MaxRequestSize", didNotExecute: false, request.ContextId).ConfigureAwait(false);
                return;
            }

            if (last)
            {
                await DispatchAsync(request, request.Stub).ConfigureAwait(false);
                return;
            }

            _pending = new PendingCall(request, Math.Clamp((int)Math.Min(request.AllocHint, int.MaxValue), Math.Max(1, request.Stub.Length), 1 << 16));
            _pending.Stub.Write(request.Stub.Span);
            return;
        }

        // MS-RPCE 3.3.3.5.4: cap the reassembled request (alloc_hint of later fragments too); Samba answers fault 5 and disconnects.
        long available = Options.MaxRequestSize - (long)_pending!.Stub.WrittenCount;
        if (request.AllocHint > available || request.Stub.Length > available)
        {
            var call = _pending.First;
            _pending = null;
            await FaultAndCloseAsync(call.CallId, RpcStatus.AccessDenied, $"reassembled request above MaxRequestSize {Options.MaxRequestSize}", didNotExecute: false, call.ContextId).ConfigureAwait(false);
            return;
        }

        _pending.Stub.Write(request.Stub.Span);
        if (last)
        {
            var call = _pending;
            _pending = null;
            await DispatchAsync(call.First, call.Stub.WrittenMemory).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks the request trailer against the context and verifies/unseals in place (dcerpc-ntlm.md §3.8, §3.9).
    /// Trailer fields are checked on the first fragment only; later fragments use the first one's context (Samba).
    /// Every failure here is a fault without DID_NOT_EXECUTE and a disconnect (Samba's dcesrv_fault_disconnect0).
    /// </summary>
    private async ValueTask<bool> UnprotectAsync(RequestPdu request, byte[] fragment, bool checkTrailerFields)
    {
        var auth = request.Auth;
        if (_auth is null || _auth.Phase == AuthPhase.Failed)
        {
            if (auth is null && _auth is null)
            {
                return true;
            }

            // A trailer on a connection without (valid) authentication names no usable auth context: access denied.
            await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, "request auth trailer without an established auth context", didNotExecute: false, request.ContextId).ConfigureAwait(false);
            return false;
        }

        if (auth is null ? _auth.Level != RpcAuthLevel.Connect : checkTrailerFields && !_auth.Matches(auth.Trailer))
        {
            // Level 2 (connect) requests may omit the trailer; otherwise type, level and context id must match.
            await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, "request auth trailer does not match the context", didNotExecute: false, request.ContextId).ConfigureAwait(false);
            return false;
        }

        if (!PduProtection.CarriesSignature(_auth.Level))
        {
            return true;
        }

        bool ok = auth!.AuthValue.Length == _auth.Context.SignatureLength;
        if (ok)
        {
            try
            {
                ok = PduProtection.Unprotect(fragment, request.StubOffset, auth.AuthValue.Length, _auth.Context, _auth.Level);
            }
#pragma warning disable CA1031 // a provider bug on hostile input is a bad signature, not a crash
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ProviderThrew(Logger, ex, _peer);
                ok = false;
            }
        }

        if (!ok)
        {
            await FaultAndCloseAsync(request.CallId, RpcStatus.SecurityPackageError, "request signature check or decryption failed", didNotExecute: false, request.ContextId).ConfigureAwait(false);
        }

        return ok;
    }

    private async ValueTask DispatchAsync(RequestPdu request, ReadOnlyMemory<byte> stub)
    {
        _server.CountCall();
        if (!_contexts.TryGetValue(request.ContextId, out var bound))
        {
            // dcerpc-ntlm.md §1.10: unknown context id → nca_s_unk_if with DID_NOT_EXECUTE.
            await SendFaultAsync(request.CallId, request.ContextId, RpcStatus.UnknownInterface, didNotExecute: true).ConfigureAwait(false);
            return;
        }

        var level = _auth?.Level ?? RpcAuthLevel.None;
        if (level < bound.Registration.MinimumLevel)
        {
            // dcerpc-ntlm.md §3.10: Samba accepts the bind, then faults the request with 5.
            // Samba's dcesrv_fault: no DID_NOT_EXECUTE; without any level above connect the connection closes too.
            Violation("level", $"auth level {level} below {bound.Registration.MinimumLevel} for {bound.AbstractSyntax}");
            if (level <= RpcAuthLevel.Connect)
            {
                await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, "auth level below the interface minimum", didNotExecute: false, request.ContextId).ConfigureAwait(false);
                return;
            }

            await SendFaultAsync(request.CallId, request.ContextId, RpcStatus.AccessDenied, didNotExecute: false).ConfigureAwait(false);
            return;
        }

        var context = new RpcCallContext(
            Handles, _assocGroup, bound.AbstractSyntax, request.CallId, request.ContextId, request.ObjectUuid,
            _auth?.Context.UserName, _auth?.WireType ?? RpcAuthType.None, level, LocalEndPoint, RemoteEndPoint);
        RpcCallResult result;
        try
        {
            result = await bound.Registration.Dispatcher.InvokeAsync(request.Opnum, stub, context, _abort.Token).ConfigureAwait(false);
        }
        catch (NdrException ex)
        {
            Log.BadStub(Logger, ex, request.Opnum, _peer);
            result = RpcCallResult.Fault(ex.Status);
        }
        catch (RpcFaultException ex)
        {
            result = RpcCallResult.Fault(ex.Status);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested || _server.Stopping.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a dispatcher bug faults one call, never the server
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DispatcherThrew(Logger, ex, bound.AbstractSyntax.ToString(), request.Opnum);
            result = RpcCallResult.Fault(RpcStatus.Unspecified);
        }

        if (result.FaultStatus is { } status)
        {
            await SendFaultAsync(request.CallId, request.ContextId, status, result.DidNotExecute).ConfigureAwait(false);
            return;
        }

        await SendResponseAsync(request.CallId, request.ContextId, result.Stub).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits the stub into fragments of at most the negotiated size (Samba dcesrv_reply): chunk =
    /// v − 24 − (8 + sig_len), rounded down to 16, so only the last fragment needs auth padding (dcerpc-ntlm.md §1.9).
    /// </summary>
    private async ValueTask SendResponseAsync(uint callId, ushort contextId, ReadOnlyMemory<byte> stub)
    {
        var auth = _auth is { } a && PduProtection.CarriesSignature(a.Level) ? a : null;
        int sigLength = auth?.Context.SignatureLength ?? 0;
        int overhead = checked(ResponsePdu.HeaderLength + (auth is null ? 0 : SecTrailer.Size + sigLength));
        int chunk = (_maxFrag - overhead) & ~15;
        int offset = 0;
        do
        {
            int n = Math.Min(chunk, stub.Length - offset);
            var flags = (offset == 0 ? PfcFlags.FirstFrag : PfcFlags.None) | (offset + n == stub.Length ? PfcFlags.LastFrag : PfcFlags.None);
            var verifier = auth is null ? null : new AuthVerifier(new SecTrailer(auth.WireType, auth.Level, 0, auth.ContextId), new byte[sigLength]);

            // p_cont_id masked with 0xFF as Windows does (dcerpc-ntlm.md §1.8).
            var pdu = new ResponsePdu(callId, flags, (uint)(stub.Length - offset), (ushort)(contextId & 0xFF), 0, stub.Slice(offset, n), verifier).Encode();
            if (auth is not null)
            {
                PduProtection.Protect(pdu, ResponsePdu.HeaderLength, auth.Context, auth.Level);
            }

            await SendAsync(pdu).ConfigureAwait(false);
            offset += n;
        }
        while (offset < stub.Length);
    }
}
