using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// PFC_CONC_MPX with a call that waits (ApiGetNotifyV2 style, test opnum 7 behind a gate): the calls after it are
/// served meanwhile and the waiting call is answered when it completes; without PFC_CONC_MPX, calls are answered in order.
/// </summary>
public sealed class MultiplexedCallTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly NtlmAcceptorOptions Acceptor = new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
    };

    private static RpcServerOptions Options(int maxConcurrentCalls = 16) =>
        new() { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor), MaxConcurrentCalls = maxConcurrentCalls };

    private static async Task<RpcClient> ConnectAsync(TestHost host, bool multiplex, NtlmCredential? credential = null, RpcAuthLevel level = RpcAuthLevel.None)
    {
        var client = await host.ConnectAsync(bind: false);
        client.RequestConcurrentMultiplexing = multiplex;
        var initiator = credential is null ? null : RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, credential);
        await client.BindAsync(EchoDispatcher.Id, initiator, level);
        return client;
    }

    /// <summary>Sends a waiting call (7) and then two echo calls; returns the call_ids in the order answered.</summary>
    private static async Task<(uint Waiting, uint[] Order)> WaitingCallThenEchoesAsync(TestHost host, RpcClient client)
    {
        uint waiting = await client.SendRequestOnlyAsync(7, new byte[] { 0x70 });
        await host.Echo.WaitStarted.Task.WaitAsync(Wait);
        uint first = await client.SendRequestOnlyAsync(0, new byte[] { 0x01 });
        uint second = await client.SendRequestOnlyAsync(0, new byte[] { 0x02 });
        var answers = new Dictionary<uint, byte[]>();
        var order = new List<uint>();
        var read = client.ReceiveAnyResponseAsync();
        if (await Task.WhenAny(read, Task.Delay(500)) != read)
        {
            // Served in order, nothing can be answered before the gate opens: open it.
            host.Echo.Gate.TrySetResult();
        }

        for (int i = 0; i < 3; i++)
        {
            var (callId, stub) = await read.WaitAsync(Wait);
            answers[callId] = stub;
            order.Add(callId);
            if (order.Count == 2)
            {
                host.Echo.Gate.TrySetResult();
            }

            if (i < 2)
            {
                read = client.ReceiveAnyResponseAsync();
            }
        }

        Assert.Equal(new byte[] { 0x70 }, answers[waiting]);
        Assert.Equal(new byte[] { 0x01 }, answers[first]);
        Assert.Equal(new byte[] { 0x02 }, answers[second]);
        return (waiting, [.. order]);
    }

    [Fact]
    public async Task With_PFC_CONC_MPX_calls_after_a_waiting_call_are_answered_before_it()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await ConnectAsync(host, multiplex: true);
        var (waiting, order) = await WaitingCallThenEchoesAsync(host, client);
        Assert.Equal(waiting, order[^1]);
    }

    [Fact]
    public async Task With_PFC_CONC_MPX_and_NTLM_extended_session_security_sealed_calls_are_answered_out_of_order()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await ConnectAsync(host, multiplex: true, NtlmCredential.FromPassword("alice", "DOM", "Secret1!"), RpcAuthLevel.Privacy);
        var (waiting, order) = await WaitingCallThenEchoesAsync(host, client);
        Assert.Equal(waiting, order[^1]);

        // Both directions' sequence numbers stayed in step: the connection goes on.
        Assert.Equal(new byte[] { 9 }, await client.CallAsync(0, new byte[] { 9 }));
    }

    [Fact]
    public async Task Without_PFC_CONC_MPX_calls_are_answered_in_request_order()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await ConnectAsync(host, multiplex: false, NtlmCredential.FromPassword("alice", "DOM", "Secret1!"), RpcAuthLevel.Privacy);
        var (waiting, order) = await WaitingCallThenEchoesAsync(host, client);
        Assert.Equal(waiting, order[0]);
    }

    [Fact]
    public async Task Beyond_MaxConcurrentCalls_a_waiting_call_holds_the_connection()
    {
        await using var host = TestHost.Start(Options(maxConcurrentCalls: 0));
        await using var client = await ConnectAsync(host, multiplex: true);
        var (waiting, order) = await WaitingCallThenEchoesAsync(host, client);
        Assert.Equal(waiting, order[0]);
    }

    [Fact]
    public async Task Closing_a_multiplexed_connection_cancels_its_waiting_calls_and_runs_down_its_handles()
    {
        await using var host = TestHost.Start(Options());
        var client = await ConnectAsync(host, multiplex: true);
        Assert.False(new Clusterd.Rpc.Ndr.NdrReader(await client.CallAsync(2, ReadOnlyMemory<byte>.Empty)).ReadContextHandle().IsNull);
        await client.SendRequestOnlyAsync(6, ReadOnlyMemory<byte>.Empty);
        await host.Echo.WaitStarted.Task.WaitAsync(Wait);

        // The waiting call does not hold the connection: a later call is answered.
        Assert.Equal(new byte[] { 5 }, await client.CallAsync(0, new byte[] { 5 }));
        await client.DisposeAsync();

        await host.Echo.WaitCancelled.Task.WaitAsync(Wait);
        Assert.Equal("state", await host.Echo.RundownSeen.Task.WaitAsync(Wait));
    }
}
