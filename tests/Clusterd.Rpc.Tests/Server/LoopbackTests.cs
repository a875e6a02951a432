using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

public sealed class LoopbackTests
{
    [Fact]
    public async Task Unauthenticated_echo_call_round_trips()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync();
        var stub = new byte[] { 1, 2, 3, 4, 5 };
        Assert.Equal(stub, await client.CallAsync(0, stub));
        Assert.Equal(host.Listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), client.SecondaryAddress);
        Assert.NotEqual(0u, client.AssociationGroupId);
        Assert.Equal(5840, client.MaxTransmitFragment);
    }

    [Fact]
    public async Task Multi_fragment_request_and_response_are_reassembled()
    {
        var trace = new List<string>();
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync(new RpcClientOptions { MaxFragmentSize = 2048, PduTrace = trace.Add });
        Assert.Equal(2048, client.MaxTransmitFragment);
        var big = EchoDispatcher.Pattern(20000);
        Assert.Equal(big, await client.CallAsync(0, big));
        int requests = trace.Count(t => t.StartsWith("RPC << ", StringComparison.Ordinal) && t.Contains("Request", StringComparison.Ordinal));
        int responses = trace.Count(t => t.StartsWith("RPC >> ", StringComparison.Ordinal) && t.Contains("Response", StringComparison.Ordinal));
        Assert.True(requests >= 10, $"{requests} request fragments");
        Assert.True(responses >= 10, $"{responses} response fragments");
    }

    [Fact]
    public async Task Response_fragments_never_exceed_the_negotiated_size()
    {
        var sizes = new List<int>();
        await using var host = TestHost.Start(new RpcServerOptions
        {
            PduTrace = t =>
            {
                if (t.StartsWith("RPC << ", StringComparison.Ordinal))
                {
                    lock (sizes)
                    {
                        sizes.Add(int.Parse(t.Split("frag_len=")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            },
        });
        await using var client = await host.ConnectAsync(new RpcClientOptions { MaxFragmentSize = 3199 });
        var w = new NdrWriter();
        w.WriteUInt32(50000);
        Assert.Equal(EchoDispatcher.Pattern(50000), await client.CallAsync(1, w.ToArray()));
        lock (sizes)
        {
            Assert.All(sizes, s => Assert.True(s <= 3192, $"fragment of {s}"));
        }
    }

    [Fact]
    public async Task Unknown_opnum_faults_with_nca_s_op_rng_error()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync();
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(200, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(0x1C010002u, ex.Status);
        Assert.Equal(new byte[] { 7 }, await client.CallAsync(0, new byte[] { 7 })); // the connection survives
    }

    [Fact]
    public async Task Bad_stub_data_faults_with_rpc_x_bad_stub_data()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync();
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(3, new byte[] { 5, 0, 0, 0, 1, 0, 0, 0 }));
        Assert.Equal(RpcStatus.BadStubData, ex.Status);
    }

    [Fact]
    public async Task Unknown_context_handle_faults_with_context_mismatch()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync();
        var w = new NdrWriter();
        w.WriteContextHandle(new NdrContextHandle(0, Guid.NewGuid()));
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(5, w.ToArray()));
        Assert.Equal(RpcStatus.ContextMismatch, ex.Status);
    }

    [Fact]
    public async Task Context_handles_are_run_down_when_the_connection_drops()
    {
        await using var host = TestHost.Start();
        var client = await host.ConnectAsync();
        var handle = new NdrReader(await client.CallAsync(2, ReadOnlyMemory<byte>.Empty)).ReadContextHandle();
        Assert.False(handle.IsNull);
        var w = new NdrWriter();
        w.WriteContextHandle(handle);
        Assert.Equal("state", new NdrReader(await client.CallAsync(5, w.ToArray())).ReadConformantVaryingString());
        await client.DisposeAsync();
        Assert.Equal("state", await host.Echo.RundownSeen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Bind_with_NDR64_only_is_refused_with_proposed_transfer_syntaxes_not_supported()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr64])]).Encode());
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse((await raw.ReceiveAsync())!, out var ack));
        Assert.Equal(ContextResultKind.ProviderRejection, ack!.Results[0].Result);
        Assert.Equal((ushort)ContextRejectReason.ProposedTransferSyntaxesNotSupported, ack.Results[0].Reason);
        Assert.Equal(default, ack.Results[0].TransferSyntax);
    }

    [Fact]
    public async Task Bind_of_unknown_interface_is_refused_with_abstract_syntax_not_supported()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync(bind: false);
        var ex = await Assert.ThrowsAsync<RpcBindException>(() => client.BindAsync(SyntaxId.ForInterface(Guid.NewGuid(), 1, 0)));
        Assert.Equal((ushort)ContextRejectReason.AbstractSyntaxNotSupported, ex.ContextResult!.Reason);
    }

    [Fact]
    public async Task Windows_style_bind_NDR_NDR64_BTFN_is_answered_accept_reject_negotiate_ack_3()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 0xffff, 0xffff, 0,
        [
            new(0, EchoDispatcher.Id, [SyntaxId.Ndr20]),
            new(1, EchoDispatcher.Id, [SyntaxId.Ndr64]),
            new(2, EchoDispatcher.Id, [SyntaxId.BindTimeFeatures(3)]),
        ]).Encode());
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse((await raw.ReceiveAsync())!, out var ack));
        Assert.Equal(ContextResult.Accept(SyntaxId.Ndr20), ack!.Results[0]);
        Assert.Equal(ContextResult.Reject(ContextRejectReason.ProposedTransferSyntaxesNotSupported), ack.Results[1]);
        Assert.Equal(new ContextResult(ContextResultKind.NegotiateAck, 3, default), ack.Results[2]);
        Assert.Equal((ushort)5840, ack.MaxXmitFrag);
        Assert.Equal((ushort)5840, ack.MaxRecvFrag);
    }

    [Theory]
    [InlineData(0xffff, 0xffff, 5840)]
    [InlineData(0, 0xffff, 2048)]
    [InlineData(3199, 0xffff, 3192)]
    [InlineData(4280, 4280, 4280)]
    [InlineData(5840, 5840, 5840)]
    public void Fragment_size_negotiation_follows_samba(int xmit, int recv, int expected) =>
        Assert.Equal(expected, RpcConnectionProbe.Negotiate((ushort)xmit, (ushort)recv, 5840));

    [Fact]
    public async Task Request_on_unknown_context_id_faults_with_nca_s_unk_if()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.BindAsync(EchoDispatcher.Id);
        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 0, 9, 0, null, ReadOnlyMemory<byte>.Empty).Encode());
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.UnknownInterface, fault.Status);
        Assert.True((fault.Flags & PfcFlags.DidNotExecute) != 0);
        Assert.Equal(2u, fault.CallId);
    }

    [Fact]
    public async Task Interface_minimum_level_refuses_unauthenticated_calls_with_fault_5()
    {
        await using var host = TestHost.Start(echoMinimumLevel: RpcAuthLevel.Privacy);
        await using var client = await host.ConnectAsync();
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(0, new byte[] { 1 }));
        Assert.Equal(RpcStatus.AccessDenied, ex.Status);
    }

    [Fact]
    public async Task Trace_hook_dumps_every_fragment_in_both_directions()
    {
        var lines = new List<string>();
        await using var host = TestHost.Start(new RpcServerOptions { PduTrace = l => { lock (lines) { lines.Add(l); } } });
        await using (var client = await host.ConnectAsync())
        {
            await client.CallAsync(0, new byte[] { 0xAB });
        }

        lock (lines)
        {
            Assert.Contains(lines, l => l.StartsWith("RPC >> ", StringComparison.Ordinal) && l.Contains("Bind ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("RPC << ", StringComparison.Ordinal) && l.Contains("BindAck", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("0000  05 00 00 03", StringComparison.Ordinal));
        }
    }
}

internal static class RpcConnectionProbe
{
    public static int Negotiate(ushort xmit, ushort recv, ushort cap) => RpcConnection.NegotiateFragmentSize(xmit, recv, cap);
}
