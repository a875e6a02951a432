using System.Buffers.Binary;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// Behaviours the Windows-derived samba.tests.dcerpc.raw_protocol suite encodes (recorded against Windows 2012R2,
/// matched by Samba's dcesrv_core.c/dcesrv_auth.c), each pinned here by its rule.
/// </summary>
public sealed class WindowsBehaviourTests
{
    private static byte[] Request(uint callId, PfcFlags flags, byte[] stub, uint allocHint, ushort contextId = 0, AuthVerifier? auth = null) =>
        new RequestPdu(callId, flags, allocHint, contextId, 0, null, stub, auth).Encode();

    private static byte[] Bind(PfcFlags flags, AuthVerifier? auth = null) =>
        new BindPdu(1, flags, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])], auth).Encode();

    [Fact]
    public async Task Request_alloc_hint_is_only_a_hint_0xffffffff_on_a_single_fragment_is_served()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast, [1, 2, 3, 4], 0xffffffff));
        var reply = await raw.ReceiveAsync();
        Assert.NotNull(reply);
        Assert.Equal((byte)PduType.Response, reply[2]);
    }

    [Fact]
    public async Task Request_first_fragment_with_empty_stub_and_more_to_come_is_reassembled()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstFrag, [], 0));
        await raw.SendAsync(Request(2, PfcFlags.LastFrag, [9, 8], 0));
        Assert.Equal(PduRejectReason.None, ResponsePdu.TryParse((await raw.ReceiveAsync())!, out var response));
        Assert.Equal(new byte[] { 9, 8 }, response!.Stub.ToArray());
    }

    [Theory]
    [InlineData((byte)RpcAuthType.Ntlmssp, (byte)0, BindNakReason.NotSpecified)]
    [InlineData((byte)RpcAuthType.Ntlmssp, (byte)7, BindNakReason.NotSpecified)]
    [InlineData((byte)RpcAuthType.None, (byte)1, BindNakReason.NotSpecified)]
    [InlineData((byte)RpcAuthType.None, (byte)RpcAuthLevel.Connect, BindNakReason.AuthenticationTypeNotRecognized)]
    public async Task Bind_auth_level_is_checked_before_auth_type(byte authType, byte authLevel, BindNakReason expected)
    {
        var acceptor = new NtlmAcceptorOptions();
        await using var host = TestHost.Start(new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, acceptor) });
        using var raw = await host.ConnectRawAsync();
        var auth = new AuthVerifier(new SecTrailer((RpcAuthType)authType, (RpcAuthLevel)authLevel, 0, 0), "none"u8.ToArray());
        await raw.SendAsync(Bind(PfcFlags.FirstAndLast, auth));
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await raw.ReceiveAsync())!, out var nak));
        Assert.Equal(expected, nak!.Reason);
    }

    [Fact]
    public async Task Bind_with_no_presentation_context_gets_bind_nak_not_specified()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        byte[] bind = Bind(PfcFlags.FirstAndLast)[..28];
        BinaryPrimitives.WriteUInt16LittleEndian(bind.AsSpan(8), 28);
        bind[24] = 0;
        await raw.SendAsync(bind);
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await raw.ReceiveAsync())!, out var nak));
        Assert.Equal(BindNakReason.NotSpecified, nak!.Reason);
    }

    [Fact]
    public async Task Bind_with_conc_mpx_is_echoed_when_a_context_is_accepted()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(Bind(PfcFlags.FirstAndLast | PfcFlags.ConcMpx));
        var ack = (await raw.ReceiveAsync())!;
        Assert.Equal((byte)PduType.BindAck, ack[2]);
        Assert.Equal((byte)(PfcFlags.FirstAndLast | PfcFlags.ConcMpx), ack[3]);
    }

    [Fact]
    public async Task Request_with_auth_trailer_on_unauthenticated_connection_faults_access_denied_without_did_not_execute()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        var auth = new AuthVerifier(new SecTrailer(RpcAuthType.None, RpcAuthLevel.Connect, 0, 0), "none"u8.ToArray());
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast, [], 0, auth: auth));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.AccessDenied, fault.Status);
        Assert.Equal(PfcFlags.FirstAndLast, fault.Flags);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Request_on_unknown_context_faults_unk_if_naming_context_0()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast, [], 0, contextId: 12345));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.UnknownInterface, fault.Status);
        Assert.Equal(0, fault.ContextId);
        Assert.Equal(PfcFlags.FirstAndLast | PfcFlags.DidNotExecute, fault.Flags);
    }

    [Fact]
    public async Task Request_fragment_above_the_transport_maximum_faults_proto_error_without_did_not_execute()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstAndLast, new byte[5840 - 24 + 1], 0xffffffff));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.Equal(PfcFlags.FirstAndLast, fault.Flags);
    }

    [Fact]
    public async Task New_first_fragment_during_reassembly_faults_the_call_in_progress()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(Request(2, PfcFlags.FirstFrag, [1], 0));
        await raw.SendAsync(Request(3, PfcFlags.FirstAndLast, [1], 0));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.ProtocolError, fault.Status);
        Assert.Equal(2u, fault.CallId);
        Assert.Equal(PfcFlags.FirstAndLast, fault.Flags);
        Assert.True(await raw.IsClosedByServerAsync());
    }
}
