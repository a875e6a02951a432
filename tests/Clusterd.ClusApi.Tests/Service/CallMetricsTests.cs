using System.Net;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Tests;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The ClusAPI calls on <c>clusterd.rpc.server.calls</c> (docs/metrics.md): by method and the status the client sees
/// (the method's error_status_t, or the fault), on the pool path and the in-place path alike; connections and
/// authentication failures of the RPC server.
/// </summary>
public sealed class CallMetricsTests : IDisposable
{
    private readonly RpcMetrics _metrics = new();
    private readonly MetricRecorder _recorder;

    public CallMetricsTests() => _recorder = new MetricRecorder(_metrics.Meter);

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
    }

    private double Calls(string method, string result) =>
        _recorder.Sum("clusterd.rpc.server.calls", ("rpc.service", "clusapi"), ("rpc.method", method), ("clusterd.rpc.result", result));

    [Fact]
    public void Every_method_response_carries_the_status_its_calls_are_counted_by()
    {
        var hasStatus = typeof(ClusApiMetrics).GetMethod(nameof(ClusApiMetrics.HasStatus))!;
        var without = ClusApiService.TypedMethods
            .Where(m => !(bool)hasStatus.MakeGenericMethod(m.ResponseType).Invoke(null, null)!)
            .Select(m => m.Opnum.ToString())
            .ToList();
        Assert.Empty(without);
        Assert.True(ClusApiService.TypedMethods.Count() > 100);
    }

    [Fact]
    public async Task Calls_are_counted_by_method_and_the_status_the_client_sees_on_the_pool_and_the_in_place_paths()
    {
        InPlaceFirst? offer = null;
        await using var host = ServiceHost.Start(wrap: s => offer = new InPlaceFirst(s), metrics: _metrics);
        await using (var c = await host.ConnectAsync())
        {
            var disk = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 1"));
            Assert.Equal(Win32Error.ResourceNotFound, (await c.CallAsync(new OpenResourceRequest("No Such Disk"))).Status);
            var inPlace = offer!.InPlace;
            Assert.Equal(Win32Error.Success,
                (await c.CallAsync(new ResourceControlRequest(disk, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 4096))).Result);
            Assert.Equal(inPlace + 1, offer.InPlace); // answered on the socket thread, and counted there too
            Assert.Equal(Win32Error.MoreData,
                (await c.CallAsync(new ResourceControlRequest(disk, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 100))).Result);

            // An opnum the server does not implement: counted under one name, never by the peer's number.
            var outOfRange = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(300, new byte[4]));
            Assert.Equal(Clusterd.Rpc.Pdu.RpcStatus.OpRangeError, outOfRange.Status); // nca_s_op_rng_error (C706 appendix E)
            // A request that does not decode: the fault is the result.
            await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync((ushort)ClusApiOpnum.ApiOpenResource, new byte[2]));
        }

        Assert.Equal(1, Calls("ApiOpenResource", "ERROR_SUCCESS"));
        Assert.Equal(1, Calls("ApiOpenResource", "ERROR_RESOURCE_NOT_FOUND"));
        Assert.Equal(1, Calls("ApiResourceControl", "ERROR_SUCCESS"));
        Assert.Equal(1, Calls("ApiResourceControl", "ERROR_MORE_DATA"));
        Assert.Equal(1, Calls("unknown", "nca_s_op_rng_error"));
        Assert.Equal(1, Calls("ApiOpenResource", "fault"));
        var calls = _recorder.Of("clusterd.rpc.server.calls");
        Assert.All(calls, m => Assert.Equal("{call}", m.Unit));
        // Each answered call has its duration, with the same attributes.
        var durations = _recorder.Of("clusterd.rpc.server.call.duration");
        Assert.Equal(calls.Count, durations.Count);
        Assert.All(durations, d => Assert.True(d.Unit == "s" && d.Value >= 0 && d.Value < 60, $"{d.Value} {d.Unit}"));
        Assert.Single(_recorder.Of("clusterd.rpc.server.call.duration", ("rpc.method", "ApiOpenResource"), ("clusterd.rpc.result", "fault")));

        // The connection: opened once, and no longer active once closed.
        Assert.Equal(1, _recorder.Sum("clusterd.rpc.server.connections.opened"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_recorder.Sum("clusterd.rpc.server.active_connections") != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, _recorder.Sum("clusterd.rpc.server.active_connections"));
    }

    [Fact]
    public async Task A_wrong_password_is_counted_as_a_logon_failure_of_its_auth_type()
    {
        await using var host = ServiceHost.Start(metrics: _metrics);
        await using var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Listener.Port));
        var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword("alice", "DOM", "wrong"))!;
        await Assert.ThrowsAnyAsync<Exception>(() => client.BindAsync(ServiceHost.ClusApi, initiator, RpcAuthLevel.Privacy));
        var failure = Assert.Single(_recorder.Of("clusterd.rpc.server.auth.failures"));
        Assert.Equal((1.0, "spnego", "logon_failure"), (failure.Value, failure.Tags["clusterd.rpc.auth.type"], failure.Tags["error.type"]));
        Assert.Empty(_recorder.Of("clusterd.rpc.server.calls"));
    }
}
