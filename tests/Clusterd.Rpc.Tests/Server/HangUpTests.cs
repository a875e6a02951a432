using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// A call that waits (ApiGetNotifyV2 style) while the connection is watched for a hang-up: a peer that goes away is
/// noticed at once (call cancelled, handles run down), and bytes that arrive meanwhile are served after the call.
/// </summary>
public sealed class HangUpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_peer_that_hangs_up_while_its_call_waits_cancels_the_call_and_runs_down_its_handles()
    {
        await using var host = TestHost.Start();
        var client = await host.ConnectAsync();
        Assert.False(new NdrReader(await client.CallAsync(2, ReadOnlyMemory<byte>.Empty)).ReadContextHandle().IsNull);
        var waiting = client.CallAsync(6, ReadOnlyMemory<byte>.Empty);
        await host.Echo.WaitStarted.Task.WaitAsync(Wait);

        await client.DisposeAsync();

        await host.Echo.WaitCancelled.Task.WaitAsync(Wait);
        Assert.Equal("state", await host.Echo.RundownSeen.Task.WaitAsync(Wait));
        await Assert.ThrowsAnyAsync<Exception>(() => waiting);
        var deadline = DateTime.UtcNow + Wait;
        while (host.Server.ConnectionCount != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, host.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_waiting_call_that_completes_leaves_the_connection_usable()
    {
        await using var host = TestHost.Start();
        await using var client = await host.ConnectAsync();
        var waiting = client.CallAsync(7, new byte[] { 7, 7 });
        await host.Echo.WaitStarted.Task.WaitAsync(Wait);
        Assert.False(waiting.IsCompleted);
        host.Echo.Gate.SetResult();
        Assert.Equal(new byte[] { 7, 7 }, await waiting.WaitAsync(Wait));
        Assert.Equal(new byte[] { 1, 2, 3 }, await client.CallAsync(0, new byte[] { 1, 2, 3 }));
        Assert.Equal(new byte[] { 4 }, await client.CallAsync(0, new byte[] { 4 }));
    }

    [Fact]
    public async Task Requests_sent_while_a_call_waits_are_answered_after_it_in_order()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode());
        Assert.Equal((byte)PduType.BindAck, (await raw.ReceiveAsync())![2]);

        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 1, 0, 7, null, new byte[] { 0xA7 }).Encode());
        await host.Echo.WaitStarted.Task.WaitAsync(Wait);

        // Two more requests (one split across two sends) arrive while call 2 waits; the watch must leave them unparsed.
        var third = new RequestPdu(3, PfcFlags.FirstAndLast, 1, 0, 0, null, new byte[] { 0xA3 }).Encode();
        var fourth = new RequestPdu(4, PfcFlags.FirstAndLast, 1, 0, 0, null, new byte[] { 0xA4 }).Encode();
        await raw.SendAsync([.. third, .. fourth[..10]]);
        await Task.Delay(50);
        await raw.SendAsync(fourth[10..]);
        await Task.Delay(50);
        host.Echo.Gate.SetResult();

        foreach (var (callId, value) in new (uint, byte)[] { (2, 0xA7), (3, 0xA3), (4, 0xA4) })
        {
            var response = await raw.ReceiveAsync();
            Assert.NotNull(response);
            Assert.Equal((byte)PduType.Response, response[2]);
            Assert.Equal(callId, BitConverter.ToUInt32(response, 12));
            Assert.Equal(value, response[24]);
        }
    }
}
