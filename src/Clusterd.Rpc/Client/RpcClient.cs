using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Client;

/// <summary>
/// A connection-oriented DCE/RPC client over TCP: one connection, one presentation context, calls one at a time.
/// Requests and responses are fragmented and reassembled; faults surface as <see cref="RpcFaultException"/>.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    private const ushort PresentationContextId = 0;

    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly RpcClientOptions _options;
    private readonly string _peer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private uint _nextCallId = 1;
    private IRpcSecurityContext? _security;
    private RpcAuthType _authType;
    private RpcAuthLevel _authLevel = RpcAuthLevel.None;

    private RpcClient(Socket socket, RpcClientOptions options)
    {
        socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _options = options;
        _peer = socket.RemoteEndPoint?.ToString() ?? "?";
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    /// <summary>The server end point.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>True after a successful bind.</summary>
    public bool IsBound { get; private set; }

    /// <summary>Negotiated fragment size for requests (the server's max_recv_frag).</summary>
    public ushort MaxTransmitFragment { get; private set; }

    /// <summary>Negotiated fragment size for responses (the server's max_xmit_frag).</summary>
    public ushort MaxReceiveFragment { get; private set; }

    /// <summary>The association group the server returned.</summary>
    public uint AssociationGroupId { get; private set; }

    /// <summary>The bind_ack's secondary address (the server's port for ncacn_ip_tcp).</summary>
    public string SecondaryAddress { get; private set; } = string.Empty;

    /// <summary>The bind_ack results, in the order the contexts were proposed.</summary>
    public IReadOnlyList<ContextResult> BindResults { get; private set; } = [];

    /// <summary>Connects to an explicit port.</summary>
    public static async Task<RpcClient> ConnectAsync(IPEndPoint endPoint, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RpcClient(socket, options ?? new RpcClientOptions());
    }

    /// <summary>
    /// Asks the endpoint mapper at <paramref name="endpointMapper"/> for the TCP port of <paramref name="interfaceId"/> (ept_map),
    /// then connects to it. The caller still has to <see cref="BindAsync"/>.
    /// </summary>
    public static async Task<RpcClient> ConnectViaEndpointMapperAsync(
        IPEndPoint endpointMapper, SyntaxId interfaceId, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointMapper);
        int port;
        var epm = await ConnectAsync(endpointMapper, options, cancellationToken).ConfigureAwait(false);
        await using (epm.ConfigureAwait(false))
        {
            await epm.BindAsync(EndpointMapperDispatcher.InterfaceId, cancellationToken: cancellationToken).ConfigureAwait(false);
            port = await EndpointMapperClient.MapAsync(epm, interfaceId, cancellationToken).ConfigureAwait(false);
        }

        return await ConnectAsync(new IPEndPoint(endpointMapper.Address, port), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Binds the interface over NDR 2.0. With an <paramref name="initiator"/>, runs its token legs at
    /// <paramref name="level"/>: auth3 when the initiator completes with a token left (NTLMSSP), alter_context while it
    /// needs more (SPNEGO) (MS-RPCE 2.2.1.1.7).
    /// </summary>
    public async Task BindAsync(
        SyntaxId interfaceId, IRpcSecurityContext? initiator = null, RpcAuthLevel level = RpcAuthLevel.None, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await BindCoreAsync(interfaceId, initiator, level, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Calls <paramref name="opnum"/> with an NDR stub and returns the reassembled (verified/unsealed) response stub.</summary>
    public async Task<byte[]> CallAsync(ushort opnum, ReadOnlyMemory<byte> stub, Guid? objectUuid = null, CancellationToken cancellationToken = default)
    {
        if (!IsBound)
        {
            throw new InvalidOperationException("Bind first.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            uint callId = _nextCallId++;
            await SendRequestAsync(callId, opnum, stub, objectUuid, cancellationToken).ConfigureAwait(false);
            return (await ReceiveResponseAsync(callId, cancellationToken).ConfigureAwait(false)).Stub;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>Sends raw bytes (tests and diagnostics).</summary>
    internal async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        Trace("<<", bytes.Span);
        await _writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next fragment (tests and diagnostics); null at end of stream.</summary>
    internal async Task<byte[]?> ReceiveRawAsync(CancellationToken cancellationToken = default)
    {
        var (status, header, fragment) = await FragmentReader.ReadAsync(_reader, static _ => FragmentReader.AbsoluteMaxFragment, cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case FrameStatus.Fragment:
                Trace(">>", fragment);
                return fragment;
            case FrameStatus.EndOfStream:
                return null;
            default:
                throw new IOException($"Bad fragment from the server: {status} (frag_length {header.FragLength}).");
        }
    }

    private async Task BindCoreAsync(SyntaxId interfaceId, IRpcSecurityContext? initiator, RpcAuthLevel level, CancellationToken cancellationToken)
    {
        uint callId = _nextCallId++;
        AuthVerifier? auth = null;
        if (initiator is not null)
        {
            _authType = initiator.AuthType;
            _authLevel = level;
            var first = initiator.Step(ReadOnlySpan<byte>.Empty, out byte[] token);
            if (first is not (SecurityStepResult.ContinueNeeded or SecurityStepResult.Complete))
            {
                throw new RpcBindException($"The security initiator failed: {first}.");
            }

            auth = Verifier(token);
        }

        List<PresentationContext> contexts = [new(PresentationContextId, interfaceId, [SyntaxId.Ndr20])];
        if (_options.ProposeBindTimeFeatures)
        {
            contexts.Add(new PresentationContext(PresentationContextId + 1, interfaceId, [SyntaxId.BindTimeFeatures(0x03)]));
        }

        var flags = PfcFlags.FirstAndLast | (initiator is null ? PfcFlags.None : PfcFlags.PendingCancelOrHeaderSign)
            | (RequestConcurrentMultiplexing ? PfcFlags.ConcMpx : PfcFlags.None);
        var bind = new BindPdu(callId, flags, _options.MaxFragmentSize, _options.MaxFragmentSize, _options.AssociationGroupId, contexts, auth);
        await SendRawAsync(bind.Encode(), cancellationToken).ConfigureAwait(false);
        var reply = await ReceiveOrThrowAsync(cancellationToken).ConfigureAwait(false);
        if (BindNakPdu.TryParse(reply, out var nak) == PduRejectReason.None)
        {
            throw new RpcBindException($"bind_nak: {nak!.Reason}.") { NakReason = nak.Reason };
        }

        if (BindAckPdu.TryParse(reply, out var ack) != PduRejectReason.None || ack!.CallId != callId)
        {
            throw new RpcBindException("The server did not answer the bind with a bind_ack.");
        }

        BindResults = ack.Results;
        if (ack.Results.Count == 0 || ack.Results[0].Result != ContextResultKind.Acceptance)
        {
            var r = ack.Results.Count > 0 ? ack.Results[0] : null;
            throw new RpcBindException($"The interface was not accepted: {r?.Result} reason {r?.Reason}.") { ContextResult = r };
        }

        MaxTransmitFragment = ack.MaxRecvFrag;
        MaxReceiveFragment = ack.MaxXmitFrag;
        AssociationGroupId = ack.AssocGroupId;
        SecondaryAddress = ack.SecondaryAddress;
        if (initiator is not null)
        {
            await AuthenticateAsync(initiator, interfaceId, callId, ack.Auth, cancellationToken).ConfigureAwait(false);
            _security = initiator;
        }

        IsBound = true;
    }

    private async Task AuthenticateAsync(IRpcSecurityContext initiator, SyntaxId interfaceId, uint callId, AuthVerifier? serverAuth, CancellationToken cancellationToken)
    {
        while (!initiator.IsComplete)
        {
            if (serverAuth is null)
            {
                throw new RpcBindException("The server sent no auth token.");
            }

            var step = initiator.Step(serverAuth.AuthValue.Span, out byte[] token);
            if (step == SecurityStepResult.Complete)
            {
                if (token.Length > 0)
                {
                    // Three-leg NTLMSSP ends with auth3, which gets no reply (MS-RPCE 2.2.1.1.7, 2.2.2.10).
                    await SendRawAsync(new Auth3Pdu(callId, PfcFlags.FirstAndLast, Verifier(token)).Encode(), cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (step != SecurityStepResult.ContinueNeeded)
            {
                throw new RpcBindException($"Authentication failed: {step}.");
            }

            // SPNEGO: more legs go in alter_context, repeating the presentation context (MS-RPCE 2.2.1.1.7; Samba's client does the same).
            var alter = new AlterContextPdu(
                callId, PfcFlags.FirstAndLast | PfcFlags.PendingCancelOrHeaderSign, _options.MaxFragmentSize, _options.MaxFragmentSize,
                AssociationGroupId, [new PresentationContext(PresentationContextId, interfaceId, [SyntaxId.Ndr20])], Verifier(token));
            await SendRawAsync(alter.Encode(), cancellationToken).ConfigureAwait(false);
            var reply = await ReceiveOrThrowAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfFault(reply);
            if (AlterContextRespPdu.TryParse(reply, out var resp) != PduRejectReason.None)
            {
                throw new RpcBindException("The server did not answer the alter_context with an alter_context_resp.");
            }

            serverAuth = resp!.Auth;
            if (serverAuth is null && !initiator.IsComplete)
            {
                throw new RpcBindException("The alter_context_resp carried no auth token.");
            }
        }
    }

    /// <summary>
    /// Encodes each request fragment straight into the pipe, signs or seals it in place and flushes it (no RequestPdu,
    /// verifier or fragment array per fragment, one copy of the stub). Byte for byte what
    /// <see cref="RequestPdu.Encode"/> produces: stub padded to 16 only with a verifier.
    /// </summary>
    private async Task SendRequestAsync(uint callId, ushort opnum, ReadOnlyMemory<byte> stub, Guid? objectUuid, CancellationToken cancellationToken)
    {
        var security = _security is not null && PduProtection.CarriesSignature(_authLevel) ? _security : null;
        int header = RequestPdu.HeaderLength + (objectUuid is null ? 0 : 16);
        int sigLength = security?.SignatureLength ?? 0;
        int authBytes = security is null ? 0 : SecTrailer.Size + sigLength;
        int chunk = (MaxTransmitFragment - header - authBytes) & ~15;
        var baseFlags = objectUuid is null ? PfcFlags.None : PfcFlags.ObjectUuid;
        int offset = 0;
        do
        {
            int n = Math.Min(chunk, stub.Length - offset);
            int pad = security is null ? 0 : SecTrailer.PadFor(n);
            int total = checked(header + n + pad + authBytes);
            var flags = baseFlags | (offset == 0 ? PfcFlags.FirstFrag : PfcFlags.None) | (offset + n == stub.Length ? PfcFlags.LastFrag : PfcFlags.None);
            var pdu = _writer.GetSpan(total)[..total];
            new RpcHeader(PduType.Request, flags, checked((ushort)total), (ushort)sigLength, callId).Write(pdu);
            BinaryPrimitives.WriteUInt32LittleEndian(pdu[16..], (uint)(stub.Length - offset));
            BinaryPrimitives.WriteUInt16LittleEndian(pdu[20..], PresentationContextId);
            BinaryPrimitives.WriteUInt16LittleEndian(pdu[22..], opnum);
            objectUuid?.TryWriteBytes(pdu[RequestPdu.HeaderLength..]);
            stub.Span.Slice(offset, n).CopyTo(pdu[header..]);
            if (security is not null)
            {
                int trailer = header + n + pad;
                pdu.Slice(header + n, pad).Clear();
                new SecTrailer(_authType, _authLevel, (byte)pad, _options.AuthContextId).Write(pdu[trailer..]);
                pdu[(trailer + SecTrailer.Size)..].Clear();
                PduProtection.Protect(pdu, header, security, _authLevel);
            }

            Trace("<<", pdu);
            _writer.Advance(total);
            offset += n;

            // Each fragment goes out as it is ready, so a large request is never buffered whole.
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        while (offset < stub.Length);
    }

    /// <summary>Test hook: propose PFC_CONC_MPX in binds (this client itself still runs one call at a time).</summary>
    internal bool RequestConcurrentMultiplexing { get; set; }

    /// <summary>Test hook: sends a request without waiting for its answer; returns its call_id.</summary>
    internal async Task<uint> SendRequestOnlyAsync(ushort opnum, ReadOnlyMemory<byte> stub)
    {
        uint callId = _nextCallId++;
        await SendRequestAsync(callId, opnum, stub, null, CancellationToken.None).ConfigureAwait(false);
        return callId;
    }

    /// <summary>Test hook: receives the next response, whichever call it answers (verified or unsealed in arrival order).</summary>
    internal Task<(uint CallId, byte[] Stub)> ReceiveAnyResponseAsync() => ReceiveResponseAsync(null, CancellationToken.None);

    /// <summary>Receives one response; <paramref name="callId"/> null accepts the call its first fragment names.</summary>
    private async Task<(uint CallId, byte[] Stub)> ReceiveResponseAsync(uint? callId, CancellationToken cancellationToken)
    {
        var security = _security is not null && PduProtection.CarriesSignature(_authLevel) ? _security : null;
        var stub = new ArrayBufferWriter<byte>();
        bool first = true;
        while (true)
        {
            var fragment = await ReceiveOrThrowAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfFault(fragment);
            if (ResponsePdu.TryParse(fragment, out var response) is var reject && reject != PduRejectReason.None)
            {
                throw new IOException($"Malformed response from {_peer}: {reject}.");
            }

            callId ??= response!.CallId;
            if (response!.CallId != callId || first != ((response.Flags & PfcFlags.FirstFrag) != 0))
            {
                throw new IOException($"Response fragment out of order from {_peer} (call_id {response.CallId}, expected {callId}).");
            }

            if (security is not null
                && (response.Auth is null || !PduProtection.Unprotect(fragment, ResponsePdu.HeaderLength, response.Auth.AuthValue.Length, security, _authLevel)))
            {
                throw new RpcFaultException(RpcStatus.SecurityPackageError);
            }

            if (checked(stub.WrittenCount + response.Stub.Length) > _options.MaxResponseSize)
            {
                throw new IOException($"Response from {_peer} exceeds {_options.MaxResponseSize} bytes.");
            }

            stub.Write(response.Stub.Span);
            first = false;
            if ((response.Flags & PfcFlags.LastFrag) != 0)
            {
                return (callId.Value, stub.WrittenSpan.ToArray());
            }
        }
    }

    private async Task<byte[]> ReceiveOrThrowAsync(CancellationToken cancellationToken) =>
        await ReceiveRawAsync(cancellationToken).ConfigureAwait(false) ?? throw new IOException($"{_peer} closed the connection.");

    private static void ThrowIfFault(byte[] fragment)
    {
        if (FaultPdu.TryParse(fragment, out var fault) == PduRejectReason.None)
        {
            throw new RpcFaultException(fault!.Status);
        }
    }

    private AuthVerifier Verifier(byte[] token) => new(new SecTrailer(_authType, _authLevel, 0, _options.AuthContextId), token);

    private void Trace(string direction, ReadOnlySpan<byte> fragment) => _options.PduTrace?.Invoke(PduTrace.Format(direction, _peer, fragment));
}
