using System.Net;
using Clusterd.Rpc.Server;
using Clusterd.Tests;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>The RPC server's connection instruments (docs/metrics.md): opened, active and refused by the limit broken.</summary>
public sealed class ConnectionMetricsTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("127.0.0.3");

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        // Waits for the server's own connection tasks (real sockets), never for a clock.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in 10 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_connection_beyond_MaxConnectionsPerSource_is_counted_refused_with_its_limit_and_the_others_opened_then_closed()
    {
        using var metrics = new RpcMetrics();
        using var recorder = new MetricRecorder(metrics.Meter);
        await using var host = TestHost.Start(new RpcServerOptions { MaxConnectionsPerSource = 2, Metrics = metrics });
        var held = new List<RawConnection>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var raw = await host.ConnectRawAsync(Peer);
                await raw.SendAsync([5]);
                held.Add(raw);
            }
            await EventuallyAsync(() => host.Server.ConnectionsFrom(Peer) == 2);
            using (var third = await host.ConnectRawAsync(Peer))
            {
                Assert.True(await third.IsClosedByServerAsync());
            }

            var refused = Assert.Single(recorder.Of("clusterd.rpc.server.connections.refused"));
            Assert.Equal(("{connection}", "max_connections_per_source"), (refused.Unit, refused.Tags["error.type"]));
            Assert.Equal(2, recorder.Sum("clusterd.rpc.server.connections.opened"));
            Assert.Equal(2, recorder.Sum("clusterd.rpc.server.active_connections"));
        }
        finally
        {
            foreach (var raw in held)
            {
                raw.Dispose();
            }
        }
        await EventuallyAsync(() => recorder.Sum("clusterd.rpc.server.active_connections") == 0);
    }
}
