using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// Several auth contexts per connection, association groups across connections, presentation-context and auth-pad
/// rules (MS-RPCE 3.3.1.5.x, as the Windows-recorded raw_protocol suite and Samba's dcesrv_core.c encode them).
/// </summary>
public sealed class MultipleAuthContextTests
{
    private static readonly NtlmAcceptorOptions Acceptor = new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
    };

    private static RpcServerOptions Options(RpcServerOptions? baseOptions = null) =>
        (baseOptions ?? new RpcServerOptions()) with { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor) };

    private static IRpcSecurityContext Spnego() =>
        RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("alice", "DOM", "Secret1!"))!;

    private static PresentationContext Echo(ushort id, params SyntaxId[] transfers) =>
        new(id, EchoDispatcher.Id, transfers.Length == 0 ? [SyntaxId.Ndr20] : transfers);

    private static byte[] Alter(uint callId, PresentationContext context, AuthVerifier? auth = null, PfcFlags flags = PfcFlags.FirstAndLast) =>
        new AlterContextPdu(callId, flags, 5840, 5840, 0, [context], auth).Encode();

    /// <summary>Starts an SPNEGO auth context with alter_context legs only (raw_protocol "start_with_alter").</summary>
    private static async Task<IRpcSecurityContext> AlterAuthAsync(RawConnection raw, RpcAuthLevel level, uint authContextId, uint callId)
    {
        var initiator = Spnego();
        initiator.Step([], out byte[] token);
        while (true)
        {
            await raw.SendAsync(Alter(callId, Echo(0), new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, level, 0, authContextId), token)));
            var reply = await raw.ReceiveAsync();
            Assert.Equal(PduRejectReason.None, AlterContextRespPdu.TryParse(reply!, out var resp));
            Assert.Equal(authContextId, resp!.Auth!.Trailer.ContextId);
            if (initiator.Step(resp.Auth.AuthValue.Span, out token) == SecurityStepResult.Complete && initiator.IsComplete)
            {
                return initiator;
            }
        }
    }

    private static byte[] SignedRequest(uint callId, byte[] stub, IRpcSecurityContext security, RpcAuthLevel level, uint authContextId)
    {
        var auth = new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, level, 0, authContextId), new byte[security.SignatureLength]);
        var pdu = new RequestPdu(callId, PfcFlags.FirstAndLast, (uint)stub.Length, 0, 0, null, stub, auth).Encode();
        PduProtection.Protect(pdu, RequestPdu.HeaderLength, security, level);
        return pdu;
    }

    [Fact]
    public async Task Requests_pick_their_auth_context_by_auth_context_id_each_with_its_own_level()
    {
        await using var host = TestHost.Start(Options());
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var first = await AlterAuthAsync(raw, RpcAuthLevel.Integrity, 1, 2);
        var second = await AlterAuthAsync(raw, RpcAuthLevel.Privacy, 2, 3);

        await raw.SendAsync(SignedRequest(4, [1, 2, 3], first, RpcAuthLevel.Integrity, 1));
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await raw.ReceiveAsync())!, out var r1));
        Assert.Equal(RpcAuthLevel.Integrity, r1!.Auth!.Trailer.AuthLevel);
        Assert.Equal(1u, r1.Auth.Trailer.ContextId);

        await raw.SendAsync(SignedRequest(5, [4, 5, 6], second, RpcAuthLevel.Privacy, 2));
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await raw.ReceiveAsync())!, out var r2));
        Assert.Equal(RpcAuthLevel.Privacy, r2!.Auth!.Trailer.AuthLevel);
        Assert.Equal(2u, r2.Auth.Trailer.ContextId);

        // No trailer: the default context (auth type none) of a connection bound without auth.
        await raw.SendAsync(new RequestPdu(6, PfcFlags.FirstAndLast, 1, 0, 0, null, new byte[] { 7 }).Encode());
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await raw.ReceiveAsync())!, out var r3));
        Assert.Null(r3!.Auth);
    }

    [Fact]
    public async Task One_auth_context_more_than_MaxAuthContexts_is_a_protocol_error_and_disconnect()
    {
        await using var host = TestHost.Start(Options(new RpcServerOptions { MaxAuthContexts = 2 }));
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await AlterAuthAsync(raw, RpcAuthLevel.Integrity, 1, 2);
        await AlterAuthAsync(raw, RpcAuthLevel.Integrity, 2, 3);
        Spnego().Step([], out byte[] token);
        await raw.SendAsync(Alter(4, Echo(0), new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Integrity, 0, 3), token)));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Request_naming_an_unknown_auth_context_id_is_access_denied_and_disconnect()
    {
        await using var host = TestHost.Start(Options());
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var first = await AlterAuthAsync(raw, RpcAuthLevel.Integrity, 1, 2);
        await raw.SendAsync(SignedRequest(3, [1], first, RpcAuthLevel.Integrity, 111));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.AccessDenied, fault.Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Bind_time_feature_negotiation_acks_security_context_multiplexing_and_keep_on_orphan()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [Echo(0), new(1, EchoDispatcher.Id, [SyntaxId.BindTimeFeatures(0xff)])]).Encode());
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse((await raw.ReceiveAsync())!, out var ack));
        Assert.Equal(new ContextResult(ContextResultKind.NegotiateAck, 3, default), ack!.Results[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Existing_context_reproposed_naming_NDR64_is_a_protocol_error(bool withNdr20)
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var transfers = withNdr20 ? new[] { SyntaxId.Ndr20, SyntaxId.Ndr64 } : [SyntaxId.Ndr64];
        await raw.SendAsync(Alter(2, Echo(0, transfers)));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task After_one_acceptance_the_other_contexts_are_only_validated_even_existing_ones()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(new AlterContextPdu(2, PfcFlags.FirstAndLast, 5840, 5840, 0, [Echo(4), Echo(0)]).Encode());
        Assert.Equal(PduRejectReason.None, AlterContextRespPdu.TryParse((await raw.ReceiveAsync())!, out var resp));
        Assert.Equal(ContextResult.Accept(SyntaxId.Ndr20), resp!.Results[0]);
        Assert.Equal(ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported), resp.Results[1]);
    }

    [Fact]
    public async Task Bind_auth_pad_longer_than_the_body_gets_bind_nak_4()
    {
        await using var host = TestHost.Start(Options());
        using var raw = await host.ConnectRawAsync();
        Spnego().Step([], out byte[] token);
        var bind = new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [Echo(0)],
            new AuthVerifier(new SecTrailer(RpcAuthType.Spnego, RpcAuthLevel.Integrity, 0, 1), token)).Encode();
        int trailer = bind.Length - token.Length - SecTrailer.Size;
        bind[trailer + 2] = (byte)(trailer - RequestPdu.HeaderLength + 1);
        await raw.SendAsync(bind);
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await raw.ReceiveAsync())!, out var nak));
        Assert.Equal(BindNakReason.ProtocolVersionNotSupported, nak!.Reason);
    }

    [Fact]
    public async Task Orphaned_partial_call_is_still_completed_by_its_last_fragment()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstFrag, 0, 0, 0, null, new byte[] { 1 }).Encode());
        await raw.SendAsync(new OrphanedPdu(2).Encode());
        await raw.SendAsync(new RequestPdu(2, PfcFlags.LastFrag, 0, 0, 0, null, new byte[] { 2 }).Encode());
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await raw.ReceiveAsync())!, out var response));
        Assert.Equal(new byte[] { 1, 2 }, response!.Stub.ToArray());
    }

    [Fact]
    public async Task New_call_while_an_orphaned_call_is_reassembled_faults_the_orphaned_call_without_CONC_MPX()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstFrag, 0, 0, 0, null, new byte[] { 1 }).Encode());
        await raw.SendAsync(new OrphanedPdu(2).Encode());
        await raw.SendAsync(new RequestPdu(3, PfcFlags.FirstAndLast, 0, 0, 0, null, new byte[] { 1 }).Encode());
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(2u, fault.CallId);
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Continuation_fragment_without_a_first_is_a_protocol_error_naming_context_0()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [Echo(1)]).Encode());
        await raw.ReceiveAsync();
        await raw.SendAsync(new RequestPdu(2, PfcFlags.None, 0, 1, 0, null, new byte[] { 1 }).Encode());
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.Equal(0, fault.ContextId);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Association_group_shares_context_handles_across_its_connections_until_the_last_leaves()
    {
        await using var host = TestHost.Start();
        using var a = await host.ConnectRawAsync();
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse(await a.BindAsync(EchoDispatcher.Id), out var ackA));
        await a.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 0, 0, 2, null, ReadOnlyMemory<byte>.Empty).Encode());
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await a.ReceiveAsync())!, out var opened));
        var handle = new NdrReader(opened!.Stub).ReadContextHandle();

        using var b = await host.ConnectRawAsync();
        await b.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, ackA!.AssocGroupId, [Echo(0)]).Encode());
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse((await b.ReceiveAsync())!, out var ackB));
        Assert.Equal(ackA.AssocGroupId, ackB!.AssocGroupId);
        var w = new NdrWriter();
        w.WriteContextHandle(handle);
        await b.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 0, 0, 5, null, w.ToArray()).Encode());
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await b.ReceiveAsync())!, out var used));
        Assert.Equal("state", new NdrReader(used!.Stub).ReadConformantVaryingString());

        a.Dispose();
        await Task.Delay(200);
        Assert.False(host.Echo.RundownSeen.Task.IsCompleted);
        b.Dispose();
        Assert.Equal("state", await host.Echo.RundownSeen.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
