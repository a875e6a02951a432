using System.Buffers;
using System.Buffers.Binary;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>request: per-fragment verification, reassembly, dispatch, fragmented response (C706 12.6.4.9, 12.6.4.10; MS-RPCE 3.3.1.5.2.2; Samba dcesrv_core.c).</summary>
internal sealed partial class RpcConnection
{
    /// <summary>
    /// One request fragment, checked in Samba's (Windows-recorded) order: auth exchange state, fragment order, context,
    /// auth trailer and signature, size limits, reassembly. Without PFC_CONC_MPX a fragment-order error is reported on
    /// the call being reassembled; with it, on the new fragment's call (raw_protocol test_*_auth_*middle*, multi_auth).
    /// </summary>
    private async ValueTask HandleRequestAsync(RpcHeader header, byte[] fragment, AuthContext auth, bool authInvalid)
    {
        if (auth.Started && !auth.Finished && !auth.Invalid)
        {
            // A context whose auth3 failed is invalid rather than in progress: its requests get fault 5 (Samba dcesrv_auth.c).
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
        PendingCall? existing = null;
        BoundContext? context;
        if (first)
        {
            if (_pending is { } busy)
            {
                await FirstFragmentWhileReassemblingAsync(request, header, auth, busy).ConfigureAwait(false);
                return;
            }

            if ((request.Flags & PfcFlags.PendingCancelOrHeaderSign) != 0)
            {
                // Samba dcesrv_core.c: PFC_PENDING_CANCEL on a first fragment → "no call active" and disconnect (Samba/Windows).
                await FaultAndCloseAsync(request.CallId, RpcStatus.NoCallActive, "PFC_PENDING_CANCEL on a first fragment").ConfigureAwait(false);
                return;
            }

            if (!_contexts.TryGetValue(request.ContextId, out context))
            {
                // Samba dcesrv_core.c: unknown context id → nca_s_unk_if with DID_NOT_EXECUTE, connection kept; the fault
                // names context 0: there is no context to name (Samba, Windows).
                await SendFaultAsync(request.CallId, 0, RpcStatus.UnknownInterface, didNotExecute: true).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            existing = _pending is { } p && p.First.CallId == request.CallId ? p : null;
            if (existing is null)
            {
                await OrphanFragmentAsync(request, authInvalid).ConfigureAwait(false);
                return;
            }

            // Later fragments use the first fragment's auth context and presentation context; their own trailer
            // fields and p_cont_id are ignored (Samba dcesrv_auth_pkt_pull, Windows).
            auth = existing.Auth;
            context = existing.Context;
        }

        // Verify or unseal every fragment before concatenating (MS-RPCE 3.3.1.5.2.2: each fragment carries its own verifier); Stub aliases the buffer.
        if (Unprotect(request, fragment, auth, checkTrailerFields: first) is { } fault)
        {
            DropPending();
            await FaultAndCloseAsync(request.CallId, fault, "request auth trailer refused", didNotExecute: false, context.Id).ConfigureAwait(false);
            return;
        }

        if (existing is null)
        {
            if (last)
            {
                await DispatchAsync(request, request.Stub, auth, context).ConfigureAwait(false);
                return;
            }

            // A call refused when complete keeps no stub (its size is still checked, so the wire answers stay the same);
            // an unauthenticated call on an interface that allows it gets that interface's small allowance.
            bool refused = LevelRefused(auth.Level, context.Registration.MinimumLevel);
            int limit = refused || auth.Security is not null ? Options.MaxRequestSize : context.Registration.MaxUnauthenticatedRequestSize;

            // alloc_hint is only a hint (0xffffffff is common); Samba caps it only while more fragments follow (MS-RPCE 3.3.3.5.4).
            if (request.AllocHint > limit)
            {
                await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, $"request alloc_hint {request.AllocHint} above the request size limit {limit}", didNotExecute: false, context.Id).ConfigureAwait(false);
                return;
            }

            int capacity = Math.Clamp((int)Math.Min(request.AllocHint, int.MaxValue), Math.Max(1, request.Stub.Length), Math.Min(limit, 1 << 16));
            _pending = new PendingCall(_server, request, auth, context, capacity, keepStub: !refused, limit);
            _pending.Append(request.Stub.Span);
            return;
        }

        // MS-RPCE 3.3.3.5.4: cap the reassembled request (alloc_hint of later fragments too); Samba answers fault 5 and disconnects.
        long available = existing.Limit - existing.Received;
        if (request.AllocHint > available || request.Stub.Length > available)
        {
            DropPending();
            await FaultAndCloseAsync(existing.First.CallId, RpcStatus.AccessDenied, $"reassembled request above the request size limit {existing.Limit}", didNotExecute: false, context.Id).ConfigureAwait(false);
            return;
        }

        existing.Append(request.Stub.Span);
        if (last)
        {
            DropPending();
            // A call without a kept stub is refused by DispatchAsync's level check before the stub is looked at.
            var stub = existing.Stub is { } kept ? kept.WrittenMemory : ReadOnlyMemory<byte>.Empty;
            await DispatchAsync(existing.First, stub, existing.Auth, existing.Context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A new first fragment while another call is being reassembled: a protocol error, or a package error when the same
    /// call and presentation context arrive with another auth context's trailer. Without PFC_CONC_MPX the fault names the
    /// call in progress (its call_id and context), with it the new call. No DID_NOT_EXECUTE; the connection closes.
    /// </summary>
    private ValueTask FirstFragmentWhileReassemblingAsync(RequestPdu request, RpcHeader header, AuthContext auth, PendingCall busy)
    {
        DropPending();
        uint status = RpcStatus.ProtocolError;
        var sameCall = busy.First.CallId == request.CallId ? busy : null;
        _contexts.TryGetValue(request.ContextId, out var context);
        if (sameCall is not null && auth != sameCall.Auth && header.AuthLength != 0 && sameCall.Context == context)
        {
            status = RpcStatus.SecurityPackageError;
        }

        uint callId = _multiplexed ? request.CallId : busy.First.CallId;
        var named = sameCall?.Context ?? (_multiplexed ? null : busy.Context);
        return FaultAndCloseAsync(callId, status, "new first fragment while another call is being reassembled", didNotExecute: false, named?.Id ?? 0);
    }

    /// <summary>A continuation fragment whose first fragment never came (or was for another call_id).</summary>
    private async ValueTask OrphanFragmentAsync(RequestPdu request, bool authInvalid)
    {
        if (!_multiplexed)
        {
            // The fault names the call being reassembled, if any; else this call, with no context (Samba, Windows).
            var busy = _pending;
            DropPending();
            await FaultAndCloseAsync(busy?.First.CallId ?? request.CallId, RpcStatus.ProtocolError, "continuation fragment without its first fragment", didNotExecute: false, busy?.Context.Id ?? 0).ConfigureAwait(false);
            return;
        }

        if (_pending is not null)
        {
            DropPending();
            await FaultAndCloseAsync(request.CallId, RpcStatus.ProtocolError, "continuation fragment of another call", didNotExecute: false).ConfigureAwait(false);
            return;
        }

        if (!_contexts.TryGetValue(request.ContextId, out var context))
        {
            await SendFaultAsync(request.CallId, 0, RpcStatus.UnknownInterface, didNotExecute: true).ConfigureAwait(false);
            return;
        }

        uint status = authInvalid ? RpcStatus.AccessDenied : RpcStatus.ProtocolError;
        await FaultAndCloseAsync(request.CallId, status, "continuation fragment without its first fragment", didNotExecute: false, context.Id).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the request against its auth context and verifies/unseals in place (Samba dcesrv_auth_pkt_pull and
    /// dcerpc_ncacn_pull_pkt_auth; MS-RPCE 3.3.1.5.2.2). Returns the fault status on failure. Trailer fields are
    /// checked on the first fragment only.
    /// </summary>
    private uint? Unprotect(RequestPdu request, byte[] fragment, AuthContext auth, bool checkTrailerFields)
    {
        if (!auth.Started || auth.Invalid)
        {
            return RpcStatus.AccessDenied;
        }

        if (!auth.Finished)
        {
            return RpcStatus.ProtocolError;
        }

        var verifier = request.Auth;
        switch (auth.Level)
        {
            case RpcAuthLevel.Packet or RpcAuthLevel.Integrity or RpcAuthLevel.Privacy:
                break;
            case RpcAuthLevel.Connect:
                if (verifier is null)
                {
                    return null;
                }

                break;
            case RpcAuthLevel.None:
                return verifier is null ? null : RpcStatus.AccessDenied;
            default:
                return RpcStatus.UnsupportedAuthnLevel;
        }

        if (verifier is null)
        {
            return RpcStatus.ProtocolError;
        }

        if (checkTrailerFields && !auth.Matches(verifier.Trailer))
        {
            return RpcStatus.AccessDenied;
        }

        if (auth.Level == RpcAuthLevel.Connect)
        {
            // Level 2 carries no signature; a trailer is accepted and its value ignored (Samba, Windows).
            return null;
        }

        var security = auth.Security!;
        bool ok = verifier.AuthValue.Length == security.SignatureLength;
        if (ok)
        {
            try
            {
                ok = PduProtection.Unprotect(fragment, request.StubOffset, verifier.AuthValue.Length, security, auth.Level);
            }
#pragma warning disable CA1031 // a provider bug on hostile input is a bad signature, not a crash
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ProviderThrew(Logger, ex, _peer);
                ok = false;
            }
        }

        return ok ? null : RpcStatus.SecurityPackageError;
    }

    /// <summary>
    /// True when a call at <paramref name="level"/> is refused by an interface that needs <paramref name="minimum"/>: below
    /// it, or connect level where the interface needs more (a connect-level context protects nothing).
    /// </summary>
    private static bool LevelRefused(RpcAuthLevel level, RpcAuthLevel minimum) =>
        level < minimum || (level is RpcAuthLevel.Connect or RpcAuthLevel.Call && minimum > RpcAuthLevel.Connect);

    /// <summary>
    /// Runs a complete call (Samba dcesrv_request): the auth context must be valid and complete, and its level allowed
    /// by the interface. A connect-level context is refused where the interface needs more; then, and for any level
    /// below the interface minimum, the call gets fault 5, and the connection closes unless some request named a
    /// context above connect level (MS-CMRP 2.1 asks for privacy; the way to refuse is Samba's).
    /// </summary>
    private async ValueTask DispatchAsync(RequestPdu request, ReadOnlyMemory<byte> stub, AuthContext auth, BoundContext bound)
    {
        _server.CountCall();
        if (auth.Invalid || !auth.Finished)
        {
            await ProtocolErrorAsync(request.CallId, "request on an invalid auth context").ConfigureAwait(false);
            return;
        }

        var level = auth.Level;
        var minimum = bound.Registration.MinimumLevel;
        if (LevelRefused(level, minimum))
        {
            Violation("level", $"auth level {level} below {minimum} for {bound.AbstractSyntax}");
            if (!_gotExplicitNonConnect)
            {
                await FaultAndCloseAsync(request.CallId, RpcStatus.AccessDenied, "auth level below the interface minimum", didNotExecute: false, bound.Id).ConfigureAwait(false);
                return;
            }

            await SendFaultAsync(request.CallId, bound.Id, RpcStatus.AccessDenied, didNotExecute: false).ConfigureAwait(false);
            return;
        }

        var context = new RpcCallContext(
            _group!.Handles.ForCaller(authenticated: auth.Security is not null), _group.Id, bound.AbstractSyntax, request.CallId, request.ContextId, request.ObjectUuid,
            auth.Security?.UserName, auth.Type, level, LocalEndPoint, RemoteEndPoint);
        // The invocation is consumed exactly once: awaited below, or handed to one waiter (AwaitWatchingPeerAsync or
        // CompleteDetachedAsync); IsCompleted is only inspected first.
#pragma warning disable CA2012
        ValueTask<RpcCallResult> invocation;
        try
        {
            RpcCallResult? inline = null;
            if (bound.Registration.Mode == RpcDispatchMode.ThreadPool && !Thread.CurrentThread.IsThreadPoolThread)
            {
                // With inline socket completions this is the socket engine's event thread, which every other connection
                // of the engine waits on: a dispatcher that may block runs on a pool worker instead (RpcDispatchMode),
                // unless it can answer this call at once without blocking (IRpcInlineDispatcher).
                if (bound.Registration.Dispatcher is not IRpcInlineDispatcher offer
                    || !offer.TryInvokeInline(request.Opnum, stub, context, _abort.Token, out inline))
                {
                    await Task.Yield();
                }
            }

            invocation = inline is not null
                ? ValueTask.FromResult(inline)
                : bound.Registration.Dispatcher.InvokeAsync(request.Opnum, stub, context, _abort.Token);
        }
#pragma warning disable CA1031 // a dispatcher bug faults one call, never the server (AsFault rethrows cancellation)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (AsFault(ex, request.Opnum, bound) is not { } fault)
            {
                throw;
            }

            invocation = ValueTask.FromResult(fault);
        }
#pragma warning restore CA2012

        if (!invocation.IsCompleted && TryDetach(invocation, request, auth, bound))
        {
            return;
        }

        RpcCallResult result;
        try
        {
            result = invocation.IsCompleted ? await invocation.ConfigureAwait(false) : await AwaitWatchingPeerAsync(invocation).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // as above
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (AsFault(ex, request.Opnum, bound) is not { } fault)
            {
                throw;
            }

            result = fault;
        }

        await SendResultAsync(request.CallId, request.ContextId, result, auth).ConfigureAwait(false);
    }

    /// <summary>
    /// The fault a dispatcher's exception becomes: a bad stub its NDR status, an <see cref="RpcFaultException"/> its
    /// status, anything else nca_s_fault_unspec (logged). Null for the cancellation of a closing connection or a
    /// stopping server, which must propagate.
    /// </summary>
    private RpcCallResult? AsFault(Exception ex, ushort opnum, BoundContext bound)
    {
        switch (ex)
        {
            case OperationCanceledException when _abort.IsCancellationRequested || _server.Stopping.IsCancellationRequested:
                return null;
            case NdrException ndr:
                Log.BadStub(Logger, ndr, opnum, _peer);
                return RpcCallResult.Fault(ndr.Status);
            case RpcFaultException fault:
                return RpcCallResult.Fault(fault.Status);
            default:
                Log.DispatcherThrew(Logger, ex, bound.AbstractSyntax.ToString(), opnum);
                return RpcCallResult.Fault(RpcStatus.Unspecified);
        }
    }

    private ValueTask SendResultAsync(uint callId, ushort contextId, RpcCallResult result, AuthContext auth)
    {
        if (result.ClosesConnection)
        {
            // The dispatcher asked for no answer: the read loop stops and CloseAsync closes the socket.
            Log.ClosedByDispatcher(Logger, callId, _peer);
            _close = true;
            Abort();
            return ValueTask.CompletedTask;
        }

        return result.FaultStatus is { } status
            ? SendFaultAsync(callId, contextId, status, result.DidNotExecute)
            : SendResponseAsync(callId, contextId, result.Stub, auth);
    }

    /// <summary>
    /// On a connection that negotiated PFC_CONC_MPX, lets a call that waits be answered when it completes while the
    /// connection goes on serving the calls after it (ApiUnblockGetNotifyCall behind ApiGetNotifyV2). Only where the
    /// auth context protects each direction with its own state: the NTLMv1-style session security shares one RC4
    /// state between both directions, whose position depends on the order of every seal and unseal on both sides,
    /// so no client can pipeline calls over it, and the server never touches that state from two threads. At most
    /// <see cref="RpcServerOptions.MaxConcurrentCalls"/> wait at once; false means: serve it in place.
    /// </summary>
    private bool TryDetach(ValueTask<RpcCallResult> invocation, RequestPdu request, AuthContext auth, BoundContext bound)
    {
        if (!_multiplexed
            || (PduProtection.CarriesSignature(auth.Level) && auth.Security is not ISecurityCapabilities { IndependentDirections: true }))
        {
            return false;
        }

        lock (_detachedLock)
        {
            if (_detached.Count >= Options.MaxConcurrentCalls)
            {
                return false;
            }

            var call = CompleteDetachedAsync(invocation, request.CallId, request.ContextId, request.Opnum, auth, bound);
            _detached.Add(call);
            _ = call.ContinueWith(
                done =>
                {
                    lock (_detachedLock)
                    {
                        _detached.Remove(done);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        return true;
    }

    private async Task CompleteDetachedAsync(
        ValueTask<RpcCallResult> invocation, uint callId, ushort contextId, ushort opnum, AuthContext auth, BoundContext bound)
    {
        try
        {
            RpcCallResult result;
            try
            {
                result = await invocation.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // as in DispatchAsync
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (AsFault(ex, opnum, bound) is not { } fault)
                {
                    return; // the connection is closing; CloseAsync waits for this call
                }

                result = fault;
            }

            await SendResultAsync(callId, contextId, result, auth).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection failed under the answer: close it (the read loop notices the abort).
            Log.Dropped(Logger, ex, _peer);
            Abort();
        }
    }

    /// <summary>
    /// Awaits a call that did not complete at once (ApiGetNotifyV2 waiting for an event may wait for hours) while
    /// reading the connection for a hang-up: a peer that closes its side while its call waits has gone, so the
    /// connection is aborted, the dispatcher's token cancelled and the association's context handles run down at once
    /// rather than when the call would have ended (Samba does the same: it keeps reading and terminates the
    /// connection at end of stream). Bytes that arrive meanwhile are left in the pipe, unparsed, for the connection loop;
    /// at most <see cref="HangUpWatchLimit"/> of them are buffered, then reading stops (TCP flow control holds the rest).
    /// </summary>
    private async ValueTask<RpcCallResult> AwaitWatchingPeerAsync(ValueTask<RpcCallResult> invocation)
    {
        var watch = WatchForHangUpAsync();
        try
        {
            return await invocation.ConfigureAwait(false);
        }
        finally
        {
            // Ends the watch's pending read (it returns IsCanceled and leaves the bytes unexamined). Should the watch have
            // stopped already, the cancellation stays pending and the connection loop's next read returns early once;
            // FragmentReader then simply reads again.
            _reader.CancelPendingRead();
            await watch.ConfigureAwait(false);
        }
    }

    /// <summary>How much a hang-up watch buffers before it stops reading.</summary>
    internal const int HangUpWatchLimit = 64 * 1024;

    private async Task WatchForHangUpAsync()
    {
        try
        {
            while (true)
            {
                var read = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                if (read.IsCanceled || buffer.Length >= HangUpWatchLimit)
                {
                    // Nothing examined: the connection loop's next read returns these bytes at once.
                    _reader.AdvanceTo(buffer.Start, buffer.Start);
                    return;
                }

                if (read.IsCompleted)
                {
                    _reader.AdvanceTo(buffer.Start, buffer.Start);
                    Log.HungUp(Logger, _peer);
                    Abort();
                    return;
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // A reset connection: the peer is gone as surely as with a clean close. (InvalidOperationException: the
            // reader was completed by a server stop.)
            Log.Dropped(Logger, ex, _peer);
            Abort();
        }
    }

    /// <summary>
    /// Writes the response fragments straight into the pipe and flushes once per call. Split as Samba dcesrv_reply:
    /// chunk = v − 24 − (8 + sig_len), rounded down to 16, so only the last fragment needs auth padding
    /// (Samba dcesrv_reply.c). Each fragment is signed or sealed in place with the call's auth context (MS-RPCE 3.3.1.5.2.2).
    /// </summary>
    private async ValueTask SendResponseAsync(uint callId, ushort contextId, ReadOnlyMemory<byte> stub, AuthContext auth)
    {
        // One writer at a time: the read loop and calls answered after they waited (TryDetach) share the pipe, and the
        // fragments of one response, sealed in sequence-number order, must not interleave with another's.
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_sendClosed)
            {
                return;
            }

            WriteResponseFragments(callId, contextId, stub, auth);
            var flush = await FlushWithDeadlineAsync(_writer.FlushAsync(_abort.Token)).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                _close = true;
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void WriteResponseFragments(uint callId, ushort contextId, ReadOnlyMemory<byte> stub, AuthContext auth)
    {
        var security = PduProtection.CarriesSignature(auth.Level) ? auth.Security : null;
        int sigLength = security?.SignatureLength ?? 0;
        int authBytes = security is null ? 0 : SecTrailer.Size + sigLength;
        int chunk = (_maxFrag - ResponsePdu.HeaderLength - authBytes) & ~15;
        int offset = 0;
        do
        {
            int n = Math.Min(chunk, stub.Length - offset);
            int pad = security is null ? 0 : SecTrailer.PadFor(n);
            int total = checked(ResponsePdu.HeaderLength + n + pad + authBytes);
            var flags = (offset == 0 ? PfcFlags.FirstFrag : PfcFlags.None) | (offset + n == stub.Length ? PfcFlags.LastFrag : PfcFlags.None);
            var pdu = _writer.GetSpan(total)[..total];
            new RpcHeader(PduType.Response, flags, (ushort)total, (ushort)sigLength, callId).Write(pdu);
            BinaryPrimitives.WriteUInt32LittleEndian(pdu[16..], (uint)(stub.Length - offset));

            // p_cont_id masked with 0xFF as Windows does (Samba dcesrv_reply.c); cancel_count and reserved are 0.
            BinaryPrimitives.WriteUInt16LittleEndian(pdu[20..], (ushort)(contextId & 0xFF));
            pdu[22] = 0;
            pdu[23] = 0;
            stub.Span.Slice(offset, n).CopyTo(pdu[ResponsePdu.HeaderLength..]);
            if (security is not null)
            {
                int trailer = ResponsePdu.HeaderLength + n + pad;
                pdu.Slice(ResponsePdu.HeaderLength + n, pad).Clear();
                new SecTrailer(auth.Type, auth.Level, (byte)pad, auth.ContextId).Write(pdu[trailer..]);
                PduProtection.Protect(pdu, ResponsePdu.HeaderLength, security, auth.Level);
            }

            if (_server.TraceEnabled)
            {
                _server.Trace("<<", _peer, pdu);
            }

            _writer.Advance(total);
            _server.CountPacketOut();
            offset += n;
        }
        while (offset < stub.Length);
    }
}
