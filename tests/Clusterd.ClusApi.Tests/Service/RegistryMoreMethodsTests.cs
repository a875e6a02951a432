using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;
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

    // ---- The batch notification port (MS-CMRP 3.1.4.2.113-115; docs/behaviour.md "Batch notification ports") ----

    private static byte[] Sz(string s) => Encoding.Unicode.GetBytes(s + "\0");

    private static async Task<BatchPortHandle> CreatePortAsync(RpcClient c, KeyHandle key)
    {
        var r = await c.CallAsync(new CreateBatchPortRequest(key));
        Assert.Equal((Win32Error.Success, 0u), (r.Result, r.RpcStatus));
        Assert.False(r.Port.IsNull);
        return r.Port;
    }

    // The commands of the next indication, as (command, value type, name, data hex).
    private static async Task<(uint, uint, string, string)[]> NextAsync(RpcClient c, BatchPortHandle port)
    {
        var r = await c.CallAsync(new GetBatchNotificationRequest(port)).WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.True(RegBatchUpdate.TryParse(r.Data!.Value.Span, out var commands, out _));
        return [.. commands.Select(x => (x.CommandType, x.ValueType, x.Name, Convert.ToHexString(x.Data.Span)))];
    }

    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public async Task GetBatchNotification_reports_the_spec_example_with_VALUE_DELETED_carrying_the_previous_data()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        var app = (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle;
        var port = await CreatePortAsync(c, app);

        // 3.1.4.2.114's example: delete (missing), set "hello world", set "hello universe", delete; as one ApiExecuteBatch.
        var batch = RegBatchUpdate.Build(
        [
            new(RegBatchUpdate.DeleteValue, 0, "NotifyTest", ReadOnlyMemory<byte>.Empty),
            new(RegBatchUpdate.SetValue, 1, "NotifyTest", Sz("hello world")),
            new(RegBatchUpdate.SetValue, 1, "NotifyTest", Sz("hello universe")),
            new(RegBatchUpdate.DeleteValue, 0, "NotifyTest", ReadOnlyMemory<byte>.Empty),
        ]);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ExecuteBatchRequest(app, (uint)batch.Length, batch))).Result);

        // The first delete changed nothing (the value did not exist), so it raised no change to report.
        Assert.Equal([(1u, 1u, "NotifyTest", Hex(Sz("hello world")))], await NextAsync(c, port));
        Assert.Equal([(6u, 1u, "NotifyTest", Hex(Sz("hello world"))), (1u, 1u, "NotifyTest", Hex(Sz("hello universe")))], await NextAsync(c, port));
        Assert.Equal([(6u, 1u, "NotifyTest", Hex(Sz("hello universe"))), (4u, 0u, "NotifyTest", "")], await NextAsync(c, port));
    }

    [Fact]
    public async Task GetBatchNotification_answers_a_CLUSTER_REG_BATCH_UPDATE_on_the_wire()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        var port = await CreatePortAsync(c, root);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(root, "N", 1, Sz("hi")))).Result);
        var r = await c.CallAsync(new GetBatchNotificationRequest(port)).WaitAsync(Bound);
        // 2.2.3.17: dwVersion 1; CLUSREG_SET_VALUE (1), REG_SZ (1), name size 4, L"N\0", data size 6, L"hi\0".
        Assert.Equal("01000000" + "01000000" + "01000000" + "04000000" + "4E000000" + "06000000" + "680069000000", Convert.ToHexString(r.Data!.Value.Span));
    }

    [Fact]
    public async Task A_port_sees_its_key_and_the_keys_below_it_named_relative_to_its_key_and_nothing_else()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        var app = (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle;
        var port = await CreatePortAsync(c, app);

        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateKeyRequest(root, "Other", 0, 0x20006, null))).Status); // outside: not seen
        var sub = (await c.CallAsync(new CreateKeyRequest(app, "Sub", 0, 0x20006, null))).Handle;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(sub, "V", 4, new byte[] { 7, 0, 0, 0 }))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteKeyRequest(app, "Sub"))).Result);

        Assert.Equal([(2u, 0u, "Sub", "")], await NextAsync(c, port)); // CLUSREG_CREATE_KEY
        Assert.Equal([(2u, 0u, "Sub", ""), (1u, 4u, "V", "07000000")], await NextAsync(c, port)); // the key, then the value
        Assert.Equal([(3u, 0u, "Sub", "")], await NextAsync(c, port)); // CLUSREG_DELETE_KEY
    }

    [Fact]
    public async Task GetBatchNotification_waits_and_CloseBatchPort_ends_the_wait_with_ERROR_NO_MORE_ITEMS()
    {
        await using var host = ServiceHost.Start();
        await using var waiter = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: waiter.AssociationGroupId);
        var root = await Stub.OpenAsync(waiter, new GetRootKeyRequest(0x02000000));
        var port = await CreatePortAsync(waiter, root);

        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => waiter.CallAsync(new GetBatchNotificationRequest(port)));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // nothing queued: the call waits (3.1.4.2.114 "MUST NOT complete")
        var closed = await side.CallAsync(new CloseBatchPortRequest(port));
        Assert.Equal(Win32Error.Success, closed.Result);
        Assert.True(closed.Handle.IsNull);
        var ended = await waiting.WaitAsync(Bound);
        Assert.Equal((Win32Error.NoMoreItems, (ReadOnlyMemory<byte>?)null), (ended.Result, ended.Data));

        // Closed: every later use is ERROR_INVALID_HANDLE.
        Assert.Equal(Win32Error.InvalidHandle, (await waiter.CallAsync(new GetBatchNotificationRequest(port))).Result);
        var again = await waiter.CallAsync(new CloseBatchPortRequest(port));
        Assert.Equal((Win32Error.InvalidHandle, port), (again.Result, again.Handle));
    }

    [Fact]
    public async Task A_waiting_GetBatchNotification_is_released_by_a_change_from_another_client()
    {
        await using var host = ServiceHost.Start();
        await using var waiter = await host.ConnectAsync();
        await using var writer = await host.ConnectAsync();
        var port = await CreatePortAsync(waiter, await Stub.OpenAsync(waiter, new GetRootKeyRequest(0x02000000)));
        var waiting = await NotifyV1Stub.StartWaitingAsync(host, () => waiter.CallAsync(new GetBatchNotificationRequest(port)));
        var root = await Stub.OpenAsync(writer, new GetRootKeyRequest(0x02000000));
        Assert.Equal(Win32Error.Success, (await writer.CallAsync(new CreateKeyRequest(root, "Fresh", 0, 0x20006, null))).Status);
        var got = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, got.Result);
        Assert.True(RegBatchUpdate.TryParse(got.Data!.Value.Span, out var commands, out _));
        Assert.Equal((RegBatchUpdate.CreateKey, "Fresh"), (commands.Single().CommandType, commands.Single().Name));
    }

    [Fact]
    public async Task Batch_port_methods_refuse_wrong_closed_and_stale_handles()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenClusterAsync(c);
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        var app = (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle;
        var v2 = await NotifyStub.CreateAsync(c);

        // hKey: a cluster handle, a notification port, an unknown handle: ERROR_INVALID_HANDLE and a NULL port.
        foreach (var wrong in new[] { cluster.Value, v2, new NdrContextHandle(0, Guid.NewGuid()) })
        {
            var r = await c.CallAsync(new CreateBatchPortRequest(new KeyHandle(wrong)));
            Assert.Equal((Win32Error.InvalidHandle, true), (r.Result, r.Port.IsNull));
        }
        // A closed key handle.
        var closedKey = (await c.CallAsync(new CreateKeyRequest(root, "Closed", 0, 0x20006, null))).Handle;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CloseKeyRequest(closedKey))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new CreateBatchPortRequest(closedKey))).Result);
        // A key deleted since its handle was opened.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteKeyRequest(root, "App"))).Result);
        var deleted = await c.CallAsync(new CreateBatchPortRequest(app));
        Assert.Equal((Win32Error.FileNotFound, true), (deleted.Result, deleted.Port.IsNull));

        // hBatchNotify / phBatchPort: a key handle or a notification port is not a batch port.
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new GetBatchNotificationRequest(new BatchPortHandle(root.Value)))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new GetBatchNotificationRequest(new BatchPortHandle(v2)))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new CloseBatchPortRequest(new BatchPortHandle(root.Value)))).Result);
        // A batch port is not a key, nor a notification port.
        var port = await CreatePortAsync(c, root);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new SetValueRequest(new KeyHandle(port.Value), "x", 4, new byte[4]))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyStub.GetAsync(c, port.Value)).Result);
        // Still usable after those refusals.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CloseBatchPortRequest(port))).Result);
    }

    [Fact]
    public async Task CreateBatchPort_needs_a_server_state_that_accepts_reads()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        var port = await CreatePortAsync(c, root); // read-only: accepted (the port only reads)
        host.Engine.SetServerState(ProtocolServerState.None);
        var refused = await c.CallAsync(new CreateBatchPortRequest(root));
        Assert.Equal((Win32Error.SharingPaused, true), (refused.Result, refused.Port.IsNull));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CloseBatchPortRequest(port))).Result); // close: every state
    }

    [Fact]
    public async Task A_port_never_read_keeps_at_most_its_limits_then_answers_ERROR_NOTIFY_ENUM_DIR_once()
    {
        await using var host = ServiceHost.Start();
        using var port = new BatchNotificationPort(host.Engine, "", new BatchPortOptions { QueueLimit = 2 });
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(root, "V" + i, 4, new byte[4]))).Result);
        }
        Assert.Equal((2, 3L), (port.Count, port.DroppedCount));

        Assert.Equal(Win32Error.Success, (await port.WaitAsync(CancellationToken.None).WaitAsync(Bound)).Result);
        Assert.Equal(Win32Error.Success, (await port.WaitAsync(CancellationToken.None).WaitAsync(Bound)).Result);
        Assert.Equal(Win32Error.NotifyEnumDir, (await port.WaitAsync(CancellationToken.None).WaitAsync(Bound)).Result);
        var next = port.WaitAsync(CancellationToken.None); // once: then the port waits for new changes
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(root, "V9", 4, new byte[4]))).Result);
        Assert.Equal(Win32Error.Success, (await next.WaitAsync(Bound)).Result);
    }

    [Fact]
    public async Task A_port_keeps_at_most_its_byte_limit()
    {
        await using var host = ServiceHost.Start();
        using var port = new BatchNotificationPort(host.Engine, "", new BatchPortOptions { ByteLimit = 4096 });
        await using var c = await host.ConnectAsync();
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(root, "Big", 3, new byte[3000]))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(root, "Big2", 3, new byte[3000]))).Result);
        Assert.Equal((1, 1L), (port.Count, port.DroppedCount));
        Assert.InRange(port.QueuedBytes, 3000, 4096);
    }
}
