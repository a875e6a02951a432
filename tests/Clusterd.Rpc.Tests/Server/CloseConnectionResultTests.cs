using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// <see cref="RpcCallResult.CloseConnection"/>: the call gets no answer, its connection is closed and its association's
/// handles run down, and the server goes on serving other connections.
/// </summary>
public sealed class CloseConnectionResultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CloseConnection_result_closes_the_connection_without_any_answer()
    {
        await using var host = TestHost.Start();
        using var raw = await host.ConnectRawAsync();
        Assert.Equal((byte)PduType.BindAck, (await raw.BindAsync(EchoDispatcher.Id))[2]);

        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 0, 0, 8, null, new byte[] { 0x01 }).Encode());

        // No response and no fault: the next thing the client sees is the end of the stream.
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task CloseConnection_result_runs_down_the_handles_and_leaves_the_server_serving()
    {
        await using var host = TestHost.Start();
        var client = await host.ConnectAsync();
        Assert.False(new NdrReader(await client.CallAsync(2, ReadOnlyMemory<byte>.Empty)).ReadContextHandle().IsNull);

        var closed = await Assert.ThrowsAsync<IOException>(() => client.CallAsync(8, ReadOnlyMemory<byte>.Empty).WaitAsync(Wait));
        Assert.EndsWith("closed the connection.", closed.Message, StringComparison.Ordinal);

        Assert.Equal("state", await host.Echo.RundownSeen.Task.WaitAsync(Wait));
        await client.DisposeAsync();
        await using var next = await host.ConnectAsync();
        Assert.Equal(new byte[] { 1, 2, 3 }, await next.CallAsync(0, new byte[] { 1, 2, 3 }));
    }
}
