using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// Issue 11, area RegistryMore, over the wire: ApiClusterNativeUpdateControl (MS-CMRP 3.1.4.2.167) and opnum 140
/// (docs/behaviour.md "Opnums 140, 141, 142 and 185").
/// </summary>
public sealed class RegistryMoreMethodsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // Reads the port with ApiGetNotifyAsync (which waits for a first indication) until every expected one arrived.
    private static async Task<List<NotificationDataAsyncRpc>> CollectAsync(RpcClient c, NdrContextHandle port, IReadOnlyCollection<NotificationDataAsyncRpc> expected)
    {
        var got = new List<NotificationDataAsyncRpc>();
        while (!expected.All(got.Contains))
        {
            var batch = await NotifyV1Stub.GetBatchAsync(c, port).WaitAsync(Bound);
            Assert.Equal(Win32Error.Success, batch.Result);
            got.AddRange(batch.Notifications);
        }
        return got;
    }

    [Fact]
    public async Task A_version_1_key_registration_sees_the_registry_writes_as_REGISTRY_VALUE_and_REGISTRY_NAME_relative_to_its_key()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        var app = (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle;
        var port = await NotifyV1Stub.CreateAsync(c);
        const ClusterChangeV1 both = ClusterChangeV1.RegistryValue | ClusterChangeV1.RegistryName;
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, app.Value, both, subtree: false, notifyKey: 1));
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, app.Value, both, subtree: true, notifyKey: 2));
        Assert.Equal(Win32Error.Success, await NotifyV1Stub.AddKeyAsync(c, port, app.Value, ClusterChangeV1.RegistryName, subtree: false, notifyKey: 3));

        var data = Encoding.Unicode.GetBytes("x\0");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(app, "Path", 1, data))).Result);
        var sub = (await c.CallAsync(new CreateKeyRequest(app, @"Sub\Deep", 0, 0x20006, null))).Handle;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(sub, "Level", 3, new byte[] { 1 }))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteValueRequest(app, "Path"))).Result);

        var v = (uint)ClusterChangeV1.RegistryValue;
        var n = (uint)ClusterChangeV1.RegistryName;
        NotificationDataAsyncRpc[] expected =
        [
            new(1, v, ""), new(2, v, ""), // ApiSetValue and ApiDeleteValue on the key itself
            new(1, n, "Sub"), new(2, n, "Sub"), new(3, n, "Sub"), // a subkey created right under it
            new(2, n, @"Sub\Deep"), new(2, v, @"Sub\Deep"), // deeper changes only with WatchSubTree
        ];
        var got = await CollectAsync(c, port, expected);
        Assert.Equal(2, got.Count(x => x == new NotificationDataAsyncRpc(1, v, ""))); // set, then delete
        Assert.DoesNotContain(got, x => x.NotifyKey != 2 && (x.Name ?? "").Contains('\\', StringComparison.Ordinal));
        Assert.DoesNotContain(got, x => x.NotifyKey == 3 && x.Filter == v);

        // ApiDeleteKey is REGISTRY_NAME of the deleted key.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteKeyRequest(app, @"Sub\Deep"))).Result);
        await CollectAsync(c, port, [new(2, n, @"Sub\Deep")]);
    }

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
