using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;
using Clusterd.Rpc.Tests.Pdu;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>Malformed corpus: each input with the answer C706 chapter 12 and Samba dcesrv_core.c give it, and the server keeps serving.</summary>
public sealed class MalformedInputTests
{
    private static byte[] Request(uint callId, PfcFlags flags, int stubLength, ushort opnum = 0) =>
        new RequestPdu(callId, flags, (uint)stubLength, 0, opnum, null, new byte[stubLength]).Encode();

    private static async Task AssertServerStillServesAsync(TestHost host)
    {
        await using var client = await host.ConnectAsync();
        Assert.Equal(new byte[] { 1 }, await client.CallAsync(0, new byte[] { 1 }));
    }

    [Fact]
    public async Task Truncated_header_then_close_is_dropped_quietly()
    {
        await using var host = TestHost.Start();
        using (var raw = await host.ConnectRawAsync())
        {
            await raw.SendAsync([5, 0, 11]);
        }

        await AssertServerStillServesAsync(host);
    }

    [Fact]
    public async Task Client_that_stops_mid_pdu_is_closed_by_the_unauthenticated_idle_timeout()
    {
        await using var host = TestHost.Start(new RpcServerOptions { UnauthenticatedIdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var raw = await host.ConnectRawAsync();
        var bind = new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode();
        await raw.SendAsync(bind[..40]);
        Assert.True(await raw.IsClosedByServerAsync());
        await AssertServerStillServesAsync(host);
    }

    [Fact]
    public async Task Frag_length_below_16_faults_with_proto_error_and_disconnects()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        var bytes = new RpcHeader(PduType.Bind, PfcFlags.FirstAndLast, 8, 0, 3).ToBytes();
        await raw.SendAsync(bytes);
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Auth_length_larger_than_the_fragment_faults_with_proto_error()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var req = Request(2, PfcFlags.FirstAndLast, 8);
        req[10] = 200; // auth_length lies
        await raw.SendAsync(req);
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Auth_length_that_leaves_no_room_for_the_request_header_faults_with_proto_error()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var req = Request(2, PfcFlags.FirstAndLast, 8);
        req[10] = 8; // trailer would start inside the request header
        await raw.SendAsync(req);
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
    }

    [Fact]
    public async Task Bind_with_wrong_version_gets_bind_nak_protocol_version_not_supported()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        var bind = new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode();
        bind[0] = 4;
        await raw.SendAsync(bind);
        var reply = await raw.ReceiveAsync();
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse(reply!, out var nak));
        Assert.Equal(BindNakReason.ProtocolVersionNotSupported, nak!.Reason);
        Assert.Equal(24, reply!.Length);
    }

    [Fact]
    public async Task Bind_with_no_contexts_gets_bind_nak_not_specified_as_windows()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        var bind = new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode();
        bind[24] = 0;
        await raw.SendAsync(bind);
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await raw.ReceiveAsync())!, out var nak));

        // raw_protocol test_no_auth_no_ctx (Windows 2012R2): reason 0, not 4.
        Assert.Equal(BindNakReason.NotSpecified, nak!.Reason);
    }

    [Fact]
    public async Task Request_with_wrong_version_faults_with_proto_error_and_disconnects()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var req = Request(2, PfcFlags.FirstAndLast, 4);
        req[0] = 6;
        await raw.SendAsync(req);
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Theory]
    [InlineData((byte)1)]
    [InlineData((byte)2)]
    [InlineData((byte)12)]
    [InlineData((byte)17)]
    [InlineData((byte)20)]
    [InlineData((byte)99)]
    public async Task Unexpected_ptype_faults_with_proto_error_and_disconnects(byte ptype)
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var bytes = new RpcHeader((PduType)ptype, PfcFlags.FirstAndLast, 16, 0, 5).ToBytes();
        await raw.SendAsync(bytes);
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.Equal(5u, fault.CallId);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task First_PDU_that_is_not_a_bind_gets_bind_nak_4_and_disconnect()
    {
        // Samba dcesrv_process_ncacn_packet: the first PDU of a connection is always handled as the bind.
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(Request(1, PfcFlags.FirstAndLast, 4));
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await raw.ReceiveAsync())!, out var nak));
        Assert.Equal(BindNakReason.ProtocolVersionNotSupported, nak!.Reason);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Second_bind_gets_bind_nak_0_and_disconnect()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var reply = await raw.BindAsync(EchoDispatcher.Id, 2);
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse(reply, out var nak));
        Assert.Equal(BindNakReason.NotSpecified, nak!.Reason);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Auth_pad_longer_than_the_stub_faults_with_proto_error()
    {
        await using var host = TestHost.Start(new RpcServerOptions());
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var req = new RequestPdu(2, PfcFlags.FirstAndLast, 4, 0, 0, null, new byte[4],
            new AuthVerifier(new SecTrailer(Clusterd.Rpc.Security.RpcAuthType.Ntlmssp, Clusterd.Rpc.Security.RpcAuthLevel.Integrity, 0, 0), new byte[16])).Encode();
        req[24 + 16 + 2] = 200; // auth_pad_length beyond the stub
        await raw.SendAsync(req);
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
    }

    [Fact]
    public async Task Oversized_request_fragment_faults_with_proto_error_and_disconnects()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast, 6000));
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Oversized_reassembly_faults_with_access_denied_and_disconnects()
    {
        await using var host = TestHost.Start(new RpcServerOptions { MaxRequestSize = 10000 });
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstFrag, 4000));
        await raw.SendAsync(Request(2, PfcFlags.None, 4000));
        await raw.SendAsync(Request(2, PfcFlags.None, 4000));
        Assert.Equal(RpcStatus.AccessDenied, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task New_first_fragment_while_reassembling_faults_with_proto_error()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstFrag, 16));
        await raw.SendAsync(Request(3, PfcFlags.FirstFrag, 16));
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Max_connections_refuses_extra_connections_only()
    {
        await using var host = TestHost.Start(new RpcServerOptions { MaxConnections = 1 });
        await using var client = await host.ConnectAsync();
        using var extra = await host.ConnectRawAsync();
        Assert.True(await extra.IsClosedByServerAsync());
        Assert.Equal(new byte[] { 9 }, await client.CallAsync(0, new byte[] { 9 }));
    }

    [Fact]
    public async Task A_misbehaving_connection_does_not_disturb_a_concurrent_good_one()
    {
        await using var host = TestHost.Start();
        await using var good = await host.ConnectAsync();
        using var bad = await host.ConnectRawAsync();
        await bad.BindAsync(EchoDispatcher.Id);
        await bad.SendAsync(Request(2, PfcFlags.FirstFrag, 16)); // a half-sent call stays open on the bad connection
        var big = EchoDispatcher.Pattern(30000);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(big, await good.CallAsync(0, big));
        }

        await bad.SendAsync([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0]);
        Assert.NotNull(await bad.ReceiveAsync());
        Assert.Equal(new byte[] { 3 }, await good.CallAsync(0, new byte[] { 3 }));
    }

    [Fact]
    public async Task Handle_table_limit_faults_with_remote_no_memory()
    {
        await using var host = TestHost.Start(new RpcServerOptions { MaxContextHandlesPerConnection = 2 });
        await using var client = await host.ConnectAsync();
        await client.CallAsync(2, ReadOnlyMemory<byte>.Empty);
        await client.CallAsync(2, ReadOnlyMemory<byte>.Empty);
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(2, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(RpcStatus.RemoteNoMemory, ex.Status);
    }

    [Fact]
    public async Task Pending_cancel_on_a_first_fragment_faults_with_no_call_active_and_disconnects()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast | PfcFlags.PendingCancelOrHeaderSign, 4));
        Assert.Equal(RpcStatus.NoCallActive, (await raw.ExpectFaultAsync()).Status);

        // raw_protocol test_first_cancel_requests (Windows 2012R2): the connection is closed after the fault.
        Assert.True(await raw.IsClosedByServerAsync());
    }
}
