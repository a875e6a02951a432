using Clusterd.ClusApi.Contract;
using Clusterd.Rpc;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// Issue 11, area RegistryMore, over the wire: ApiClusterNativeUpdateControl (MS-CMRP 3.1.4.2.167) and opnum 140
/// (docs/behaviour.md "Opnums 140, 141, 142 and 185").
/// </summary>
public sealed class RegistryMoreMethodsTests
{
    [Theory]
    [InlineData(0, 0u)]
    [InlineData(3, 64u)]
    public async Task ClusterNativeUpdateControl_is_reserved_so_every_input_is_ERROR_NOT_SUPPORTED_with_nothing_written(int inputLength, uint outSize)
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var r = await c.CallAsync(new ClusterNativeUpdateControlRequest(new byte[inputLength], outSize));
        Assert.Equal((Win32Error.NotSupported, 0u, 0u, 0u, 0), (r.Result, r.BytesReturned, r.BytesRequired, r.RpcStatus, r.Output.Length));
        Assert.Equal(outSize, r.OutBufferSize); // the varying array's max_count is the client's outBufferSize
    }

    [Fact]
    public async Task ClusterNativeUpdateControl_answers_the_same_when_the_server_is_read_only()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        host.Engine.SetServerState(Clusterd.Cluster.Engine.ProtocolServerState.ReadOnly);
        var r = await c.CallAsync(new ClusterNativeUpdateControlRequest(new byte[] { 1 }, 8));
        Assert.Equal((Win32Error.NotSupported, 0u, 0u), (r.Result, r.BytesReturned, r.BytesRequired));
    }

    [Fact]
    public async Task Opnum_140_is_a_placeholder_of_the_MS_CMRP_IDL_and_faults_with_nca_op_rng_error()
    {
        Assert.True(ClusApiOpnums.IsPlaceholder(140));
        Assert.Equal("Opnum140NotUsedOnWire", ClusApiOpnums.NameOf(140));
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        // Hand-made on purpose: a placeholder has no request type. Samba's QueryAllValues stub (a key handle).
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(140, new byte[20]));
        Assert.Equal(0x1C010002u, e.Status);
    }
}
