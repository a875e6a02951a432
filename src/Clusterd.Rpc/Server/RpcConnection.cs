using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>
/// One TCP connection of an association group (C706 ch. 12 association state machine, as Windows 2012R2 answers the
/// Windows-derived raw_protocol suite). Calls that complete at once are served one after another, in order. A call
/// that waits (its dispatcher did not complete at once, ApiGetNotifyV2) is, on a connection that negotiated
/// PFC_CONC_MPX with an auth context whose directions are independent, answered when it completes while the connection
/// serves the calls after it (TryDetach, up to MaxConcurrentCalls); otherwise it holds the connection, which is still
/// read for a hang-up that cancels the call (AwaitWatchingPeerAsync), bytes arriving meanwhile waiting in the pipe.
/// One send lock orders every write. Several auth contexts may live on one
/// connection, picked per PDU by auth_context_id (MS-RPCE 3.3.1.5.2.2). Runs until the peer closes, a protocol error
/// closes it, the idle timeout fires, or the server stops.
/// </summary>
internal sealed partial class RpcConnection : IDisposable
{
    private readonly RpcServer _server;
    private readonly Socket _socket;
    private readonly RpcListener _listener;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly string _peer;
    private readonly ConnectionSource _source;
    private readonly long _acceptedAt;
    private long _lastFragmentAt;
    private readonly CancellationTokenSource _abort = new();
    private readonly Func<PduType, int> _maxFragmentFor;
    private readonly HashSet<string> _loggedViolations = [];
    private readonly Dictionary<ushort, BoundContext> _contexts = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _detachedLock = new();
    private readonly HashSet<Task> _detached = [];
    private bool _sendClosed;
    private bool _allowBind = true;
    private bool _acceptedNewContext;
    private bool _close;
    private ushort _maxFrag;
    private AssociationGroup? _group;
    private PendingCall? _pending;

    /// <summary>Set when an auth context of this connection completed an authentication (an NTLM logon that succeeded).</summary>
    private bool _authenticated;

    /// <summary>Set when a bound presentation context's interface needs more than RPC_C_AUTHN_LEVEL_NONE.</summary>
    private bool _needsAuthentication;

    public RpcConnection(RpcServer server, Socket socket, RpcListener listener, ConnectionSource source)
    {
        _server = server;
        _source = source;
        _acceptedAt = server.Options.Time.GetTimestamp();
        _lastFragmentAt = _acceptedAt;
        _socket = socket;
        _listener = listener;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _maxFragmentFor = MaxFragmentFor;
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 8192, leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _peer = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    /// <summary>The context handles of this connection's association group (empty before the bind).</summary>
    public ContextHandleTable? Handles => _group?.Handles;

    private RpcServerOptions Options => _server.Options;

    private ILogger Logger => _server.Logger;

    /// <summary>Closes the connection from outside (server stop).</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _abort.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>How long a closing connection waits for its cancelled waiting calls.</summary>
    private static readonly TimeSpan DetachedCallGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bound, and either authenticated or bound only to interfaces that ask for no authentication. Until then the
    /// connection runs against <see cref="RpcServerOptions.HandshakeTimeout"/>, counted from accept.
    /// </summary>
    private bool Established => _group is not null && (_authenticated || !_needsAuthentication);

    /// <summary>
    /// How long the connection may now stay silent: what is left of the handshake deadline or of the idle timeout (of
    /// an authenticated or an unauthenticated connection) counted from the last complete fragment, whichever is less.
    /// </summary>
    private TimeSpan CurrentTimeout(out string kind)
    {
        var time = Options.Time;
        var silence = (_authenticated ? Options.IdleTimeout : Options.UnauthenticatedIdleTimeout) - time.GetElapsedTime(_lastFragmentAt);
        kind = _authenticated ? "idle timeout" : "unauthenticated idle timeout";
        if (!Established)
        {
            var left = Options.HandshakeTimeout - time.GetElapsedTime(_acceptedAt);
            if (left <= silence)
            {
                kind = "handshake timeout";
                return left;
            }
        }

        return silence;
    }

    public async Task RunAsync()
    {
        Log.Connected(Logger, _peer, _listener.Port);
        Deadline? deadline = null;
        try
        {
            // One deadline source per connection, its timer re-armed once per PDU: a new linked source and timer per
            // fragment was a measurable share of a sealed call's cost (docs/benchmarks.md, "DCE/RPC layer").
            deadline = new Deadline(this);
            while (!_close)
            {
                var timeout = CurrentTimeout(out string kind);
                if (timeout <= TimeSpan.Zero)
                {
                    TimedOut(kind);
                    return;
                }

                deadline.Arm(timeout);

                // The idle timer measures the client's silence, not a call's run time: a call may wait long (ApiGetNotifyV2
                // waits for an event). The timer keeps running during the call instead of being disarmed and re-armed
                // (two timer updates per call); if it fired before the re-arm above, nothing observed it, and a fresh
                // source replaces it. Checked after the re-arm, so a timer firing in between cannot be missed.
                if (deadline.Token.IsCancellationRequested && !_server.Stopping.IsCancellationRequested && !_abort.IsCancellationRequested)
                {
                    deadline.Dispose();
                    deadline = new Deadline(this);
                    deadline.Arm(timeout);
                }

                (FrameStatus status, RpcHeader header, byte[]? fragment) frame;
                try
                {
                    frame = await FragmentReader.ReadAsync(_reader, _maxFragmentFor, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_server.Stopping.IsCancellationRequested && !_abort.IsCancellationRequested)
                {
                    TimedOut(kind);
                    return;
                }

                switch (frame.status)
                {
                    case FrameStatus.EndOfStream:
                        return;
                    case FrameStatus.Truncated:
                        Violation("truncated", "peer closed the connection in the middle of a PDU");
                        return;
                    case FrameStatus.BadLength:
                        await ProtocolErrorAsync(frame.header.CallId, $"frag_length {frame.header.FragLength} / auth_length {frame.header.AuthLength} inconsistent").ConfigureAwait(false);
                        return;
                    case FrameStatus.TooLarge:
                        // Samba checks request fragments against its transport maximum and faults (dcesrv_core.c).
                        // Samba's dcesrv_fault_disconnect0: no DID_NOT_EXECUTE here (raw_protocol test_neg_xmit_*).
                        await FaultAndCloseAsync(frame.header.CallId, RpcStatus.ProtocolError, $"{frame.header.Type} fragment of {frame.header.FragLength} bytes exceeds {MaxFragmentFor(frame.header.Type)}", didNotExecute: false).ConfigureAwait(false);
                        return;
                }

                _lastFragmentAt = Options.Time.GetTimestamp();
                _server.CountPacketIn();
                if (_server.TraceEnabled)
                {
                    _server.Trace(">>", _peer, frame.fragment);
                }

                await HandleFragmentAsync(frame.header, frame.fragment!).ConfigureAwait(false);

                // A call that ran long (ApiGetNotifyV2 waits for an event) was not the client's silence: the idle timer
                // counts from its end.
                _lastFragmentAt = Options.Time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (_server.Stopping.IsCancellationRequested || _abort.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Log.Dropped(Logger, ex, _peer);
        }
#pragma warning disable CA1031 // one connection's bug must never take the server down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Failed(Logger, ex, _peer);
        }
        finally
        {
            deadline?.Dispose();
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the reassembly in progress, if any.</summary>
    private void DropPending()
    {
        _pending?.Release();
        _pending = null;
    }

    private void TimedOut(string kind)
    {
        string detail = kind switch
        {
            "handshake timeout" => $"no bind and authentication within {Options.HandshakeTimeout.TotalSeconds:0.###} s of connecting; closing",
            "idle timeout" => $"no complete PDU for {Options.IdleTimeout.TotalSeconds:0.###} s; closing",
            _ => $"no complete PDU for {Options.UnauthenticatedIdleTimeout.TotalSeconds:0.###} s on an unauthenticated connection; closing",
        };
        Violation(kind, detail);
    }

    /// <summary>
    /// The connection's silence timer on <see cref="RpcServerOptions.Time"/>, linked with the server's stop and the
    /// connection's abort; <see cref="Token"/> is what a read waits on.
    /// </summary>
    private sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        public Deadline(RpcConnection connection)
        {
            _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, connection.Options.Time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(connection._server.Stopping, connection._abort.Token, _timer.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Arm(TimeSpan timeout) => _timer.CancelAfter(timeout);

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }

    private async ValueTask CloseAsync()
    {
        // Calls still waiting on a multiplexed connection (TryDetach) are cancelled and awaited, within reason: a
        // dispatcher that ignores its token must not hold the connection's resources forever.
        Task[] waiting;
        lock (_detachedLock)
        {
            waiting = [.. _detached];
        }

        if (waiting.Length > 0)
        {
            Abort();
            try
            {
                await Task.WhenAll(waiting).WaitAsync(DetachedCallGrace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.Violation(Logger, _peer, $"{waiting.Length} waiting call(s) ignored cancellation for {DetachedCallGrace}; closing anyway");
            }
        }

        await _sendLock.WaitAsync().ConfigureAwait(false);
        _sendClosed = true;
        _sendLock.Release();
        DropPending();

        if (_group is { } group)
        {
            if (!Thread.CurrentThread.IsThreadPoolThread)
            {
                // Rundown callbacks belong to the interfaces (ClusAPI closes notification ports under the engine lock):
                // like a ThreadPool-mode call, they must not run on the socket engine's event thread.
                await Task.Yield();
            }

            _server.LeaveAssociationGroup(group, ex => Log.RundownFailed(Logger, ex, _peer));
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        Dispose();
        Log.Closed(Logger, _peer);
    }

    private int MaxFragmentFor(PduType type) =>
        type is PduType.Bind or PduType.AlterContext or PduType.Auth3 ? FragmentReader.AbsoluteMaxFragment : Options.MaxFragmentSize;

    private ValueTask HandleFragmentAsync(RpcHeader header, byte[] fragment)
    {
        if (!header.HasSupportedVersion || !header.HasSupportedDataRepresentation)
        {
            // Samba dcesrv_core.c: bind_nak 4 on a bind, otherwise a protocol-error fault and disconnect.
            return header.Type == PduType.Bind && _allowBind
                ? BindNakAsync(header.CallId, BindNakReason.ProtocolVersionNotSupported, "unsupported rpc_vers or drep")
                : ProtocolErrorAsync(header.CallId, $"unsupported version {header.Version}.{header.VersionMinor} or drep 0x{header.DataRepresentation:x8}");
        }

        var auth = SelectAuthContext(header, fragment, out bool authInvalid);
        if (auth is null)
        {
            return ProtocolErrorAsync(header.CallId, _authenticated
                ? $"more than {Options.MaxAuthContexts} auth contexts on one connection"
                : $"more than {Options.MaxAuthContextsBeforeAuthentication} auth contexts before an authentication completed");
        }

        if (_allowBind)
        {
            // Only the first PDU of a connection may be a bind, and the first PDU is always treated as one (Samba
            // dcesrv_process_ncacn_packet): anything else there gets bind_nak 4.
            _allowBind = false;
            return HandleBindAsync(header, fragment, auth);
        }

        return header.Type switch
        {
            PduType.Bind => BindNakAsync(header.CallId, BindNakReason.NotSpecified, "second bind on a connection"),
            PduType.AlterContext => HandleAlterContextAsync(fragment, auth),
            PduType.Auth3 => HandleAuth3Async(fragment, auth),
            PduType.Request => HandleRequestAsync(header, fragment, auth, authInvalid),
            PduType.CoCancel => HandleCoCancel(fragment),
            PduType.Orphaned => HandleOrphaned(fragment),
            _ => ProtocolErrorAsync(header.CallId, $"unexpected PTYPE {(byte)header.Type}"),
        };
    }

    private ValueTask HandleCoCancel(byte[] fragment)
    {
        // Samba and Windows only note a cancel; calls here complete synchronously anyway (C706 12.6.4.6).
        if (CoCancelPdu.TryParse(fragment, out var pdu) != PduRejectReason.None)
        {
            return ProtocolErrorAsync(0, "malformed co_cancel");
        }

        Log.CoCancel(Logger, pdu!.CallId, _peer);
        return ValueTask.CompletedTask;
    }

    private ValueTask HandleOrphaned(byte[] fragment)
    {
        if (OrphanedPdu.TryParse(fragment, out _) != PduRejectReason.None)
        {
            return ProtocolErrorAsync(0, "malformed orphaned");
        }

        // Windows only notes an orphaned call that is still being reassembled: its remaining fragments are still
        // accepted and it is still answered (raw_protocol test_orphaned_request_after_first_last); a call that is
        // already running has nothing to cancel here. No reply either way (C706 12.6.4.8).
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendAsync(byte[] pdu)
    {
        if (_server.TraceEnabled)
        {
            _server.Trace("<<", _peer, pdu);
        }

        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_sendClosed)
            {
                return;
            }

            _server.CountPacketOut();
            var flush = await FlushWithDeadlineAsync(_writer.WriteAsync(pdu, _abort.Token)).ConfigureAwait(false);
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

    /// <summary>
    /// A write that the peer does not take within <see cref="RpcServerOptions.SendTimeout"/> (it stopped reading and
    /// the socket buffers are full) closes the connection: a peer that never reads must not hold the connection, and
    /// the call it sits in, forever. Completes at once, without a timer, when the socket took the bytes.
    /// </summary>
    private ValueTask<FlushResult> FlushWithDeadlineAsync(ValueTask<FlushResult> write) =>
        write.IsCompletedSuccessfully ? write : SlowFlushAsync(write);

    private async ValueTask<FlushResult> SlowFlushAsync(ValueTask<FlushResult> write)
    {
        var task = write.AsTask();
        try
        {
            return await task.WaitAsync(Options.SendTimeout, Options.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Violation("send timeout", $"the peer read nothing for {Options.SendTimeout.TotalSeconds:0.###} s; closing");
            Abort();
            try
            {
                // A send blocked in the kernel ends when the socket does.
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }

            return new FlushResult(isCanceled: false, isCompleted: true);
        }
    }

    private ValueTask SendFaultAsync(uint callId, ushort contextId, uint status, bool didNotExecute)
    {
        var flags = PfcFlags.FirstAndLast | (didNotExecute ? PfcFlags.DidNotExecute : PfcFlags.None);
        return SendAsync(new FaultPdu(callId, flags, contextId, status).Encode());
    }

    /// <summary>
    /// Faults the call and closes the connection. Samba has two forms: dcesrv_fault_disconnect sets
    /// PFC_DID_NOT_EXECUTE (protocol errors before any request processing), dcesrv_fault_disconnect0 does not
    /// (request fragment, size and auth-trailer checks); the Windows-derived raw_protocol tests check which.
    /// </summary>
    private async ValueTask FaultAndCloseAsync(uint callId, uint status, string reason, bool didNotExecute = true, ushort contextId = 0)
    {
        Violation(string.Create(CultureInfo.InvariantCulture, $"fault 0x{status:x8}"), reason);
        _close = true;
        await SendFaultAsync(callId, contextId, status, didNotExecute).ConfigureAwait(false);
    }

    private ValueTask ProtocolErrorAsync(uint callId, string reason) => FaultAndCloseAsync(callId, RpcStatus.ProtocolError, reason);

    private async ValueTask BindNakAsync(uint callId, BindNakReason reason, string why)
    {
        Violation("bind_nak", $"bind_nak {reason}: {why}");
        _close = true;
        await SendAsync(new BindNakPdu(callId, reason).Encode()).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports a violation once per kind per connection, through the server's rate limiter: a hostile client, or a
    /// thousand of them, cannot flood the log.
    /// </summary>
    private void Violation(string kind, string detail)
    {
        if (_loggedViolations.Add(kind))
        {
            _server.Warnings.Warn(kind, _source.ToString(), _peer, detail);
        }
    }

    private IPEndPoint? LocalEndPoint => _socket.LocalEndPoint as IPEndPoint;

    private IPEndPoint? RemoteEndPoint => _socket.RemoteEndPoint as IPEndPoint;

    private sealed record BoundContext(ushort Id, InterfaceRegistration Registration, SyntaxId AbstractSyntax, SyntaxId TransferSyntax);

    /// <summary>
    /// A request whose first fragment arrived and whose last has not (one at a time, MS-RPCE 3.3.1.5.6). A call that
    /// will be refused when complete (its auth level is below its interface's minimum) keeps no stub: its fragments are
    /// only counted, so an unauthenticated peer cannot pin memory with a call that can never run.
    /// </summary>
    private sealed class PendingCall(RpcServer server, RequestPdu first, AuthContext auth, BoundContext context, int capacity, bool keepStub, int limit)
    {
        public RequestPdu First { get; } = first;

        public AuthContext Auth { get; } = auth;

        public BoundContext Context { get; } = context;

        /// <summary>The reassembled stub; null for a call that is refused when complete.</summary>
        public System.Buffers.ArrayBufferWriter<byte>? Stub { get; } = keepStub ? new(capacity) : null;

        /// <summary>Stub bytes received so far, kept or not.</summary>
        public long Received { get; private set; }

        /// <summary>The largest reassembled stub this call may reach.</summary>
        public int Limit { get; } = limit;

        public void Append(ReadOnlySpan<byte> data)
        {
            Received += data.Length;
            if (Stub is { } stub)
            {
                stub.Write(data);
                server.CountReassembly(data.Length);
            }
        }

        /// <summary>The call left reassembly (dispatched, refused, or its connection closed).</summary>
        public void Release()
        {
            if (Stub is { } stub)
            {
                server.CountReassembly(-stub.WrittenCount);
            }
        }
    }
}
