using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The registry writes and batches over the wire (MS-CMRP 3.1.4.2.30, 33, 34, 36, 40, 112): what they change is read
/// back through the registry read methods, refusals change nothing (docs/behaviour.md, "Registry writes").
/// </summary>
public sealed class RegistryWriteMethodsTests
{
    private const string NetworkNameId = "9a1e1f00-0000-4000-8000-000000000003";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static Task<KeyHandle> RootAsync(RpcClient c) => Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));

    private static byte[] Sz(string s) => Encoding.Unicode.GetBytes(s + "\0");

    private static byte[] DWord(uint v) => BitConverter.GetBytes(v);

    [Fact]
    public async Task CreateKey_creates_the_keys_on_its_way_then_opens_the_existing_key()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);

        var created = await c.CallAsync(new CreateKeyRequest(root, @"Software\App", 0, 0x20006, null));
        Assert.Equal((1u, Win32Error.Success, 0u), (created.Disposition, created.Status, created.RpcStatus)); // REG_CREATED_NEW_KEY
        Assert.NotEqual(NdrContextHandle.Null, created.Handle.Value);
        var again = await c.CallAsync(new CreateKeyRequest(root, @"software\APP", 0, 0x20006, null));
        Assert.Equal((2u, Win32Error.Success), (again.Disposition, again.Status)); // REG_OPENED_EXISTING_KEY
        Assert.NotNull(host.Engine.Queries.GetRegistryKey(@"Software\App"));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OpenKeyRequest(root, @"Software\App", 0x20019))).Status);

        // The handle it answers designates the key: a value set through it lands there.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(created.Handle, "Level", 4, DWord(3)))).Result);
        Assert.Equal(3u, host.Engine.Queries.GetRegistryValue(@"Software\App", "Level")!.AsDWord());

        // "" opens hKey itself (3.1.4.2.30).
        var self = await c.CallAsync(new CreateKeyRequest(created.Handle, "", 0, 0x20006, null));
        Assert.Equal((2u, Win32Error.Success), (self.Disposition, self.Status));
    }

    [Fact]
    public async Task SetValue_is_read_back_by_QueryValue_EnumValue_QueryInfoKey_and_DeleteValue_removes_it()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var key = (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle;

        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(key, "Path", 1, Sz(@"C:\app")))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(key, "", 3, new byte[] { 1, 2, 3 }))).Result); // the default value
        var q = await c.CallAsync(new QueryValueRequest(key, "Path", 64));
        Assert.Equal((Win32Error.Success, 1u, (uint)Sz(@"C:\app").Length), (q.Result, q.ValueType, q.DataRequired));
        Assert.Equal(Sz(@"C:\app"), q.Data[..(int)q.DataRequired].ToArray());
        var info = await c.CallAsync(new QueryInfoKeyRequest(key));
        Assert.Equal((2u, 0u), (info.Values, info.SubKeys));
        var first = await c.CallAsync(new EnumValueRequest(key, 0, 64));
        Assert.Equal(("", 3u), (first.ValueName, first.ValueType));
        Assert.Equal(new byte[] { 1, 2, 3 }, first.Data.ToArray());

        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteValueRequest(key, "Path"))).Result);
        Assert.Equal(Win32Error.FileNotFound, (await c.CallAsync(new QueryValueRequest(key, "Path", 64))).Result);
        Assert.Equal(Win32Error.FileNotFound, (await c.CallAsync(new DeleteValueRequest(key, "Path"))).Result);
    }

    [Fact]
    public async Task DeleteKey_refuses_a_key_with_subkeys_with_ACCESS_DENIED_and_a_missing_key_with_FILE_NOT_FOUND()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateKeyRequest(root, @"App\Sub", 0, 0x20006, null))).Status);

        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new DeleteKeyRequest(root, "App"))).Result); // MS-CMRP 3.1.4.2.36
        Assert.NotNull(host.Engine.Queries.GetRegistryKey(@"App\Sub"));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteKeyRequest(root, @"App\Sub"))).Result);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new DeleteKeyRequest(root, "App"))).Result);
        Assert.Null(host.Engine.Queries.GetRegistryKey("App"));
        Assert.Equal(Win32Error.FileNotFound, (await c.CallAsync(new DeleteKeyRequest(root, "App"))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new DeleteKeyRequest(root, ""))).Result);
    }

    [Fact]
    public async Task Writes_to_what_the_engine_keeps_for_its_objects_answer_ACCESS_DENIED_and_change_nothing()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var resource = (await c.CallAsync(new OpenKeyRequest(root, @"Resources\" + NetworkNameId, 0x02000000))).Handle;
        var before = EngineState.Of(host.Engine);

        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetValueRequest(resource, "Name", 1, Sz("Renamed")))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetValueRequest(resource, "Group", 1, Sz("x")))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetValueRequest(resource, "PersistentState", 4, DWord(1)))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new DeleteValueRequest(resource, "Type"))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetValueRequest(root, "ClusterName", 1, Sz("OTHER")))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new CreateKeyRequest(root, @"Groups\not-a-group", 0, 0x20006, null))).Status);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new DeleteKeyRequest(root, @"Resources\" + NetworkNameId))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new DeleteKeyRequest(root, @"Nodes\3"))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new CreateKeyRequest(resource, @"SharedVolumes\x", 0, 0x20006, null))).Status);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new ExecuteBatchRequest(root, RegBatchUpdate.Build(
            [new RegBatchCommand(RegBatchUpdate.DeleteKey, 0, "Groups", default)])))).Result);

        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Equal("Network Name", host.Engine.Queries.FindResource(NetworkNameId)!.Name);

        // What is not the engine's stays writable: an object's Parameters, its other values.
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(resource, "Description", 1, Sz("d")))).Result);
        var parameters = await c.CallAsync(new CreateKeyRequest(resource, "Parameters", 0, 0x20006, null));
        Assert.Equal(Win32Error.Success, parameters.Status);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetValueRequest(parameters.Handle, "Name", 1, Sz("param")))).Result);
    }

    [Fact]
    public async Task Malformed_names_paths_and_values_answer_ERROR_INVALID_PARAMETER()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var before = EngineState.Of(host.Engine);

        async Task<Win32Error> Create(string subKey) => (await c.CallAsync(new CreateKeyRequest(root, subKey, 0, 0x20006, null))).Status;
        async Task<Win32Error> Set(string name, uint type, byte[] data) => (await c.CallAsync(new SetValueRequest(root, name, type, data))).Result;

        Assert.Equal(Win32Error.InvalidParameter, await Create(@"\App")); // begins with "\" (3.1.4.2.30)
        Assert.Equal(Win32Error.InvalidParameter, await Create(@"App\\Sub")); // an empty part
        Assert.Equal(Win32Error.InvalidParameter, await Create("App\u001F"));
        Assert.Equal(Win32Error.InvalidParameter, await Create(new string('k', 256))); // a key name over 255 characters
        Assert.Equal(Win32Error.InvalidParameter, await Create(string.Join('\\', Enumerable.Repeat("d", 33)))); // deeper than 32 keys
        Assert.Equal(Win32Error.InvalidParameter, await Set("v", 5, DWord(1))); // REG_DWORD_BIG_ENDIAN is not a type of 3.1.4.2.33
        Assert.Equal(Win32Error.InvalidParameter, await Set("v", 4, new byte[3])); // a REG_DWORD is 4 bytes
        Assert.Equal(Win32Error.InvalidParameter, await Set("v", 11, new byte[4])); // a REG_QWORD is 8
        Assert.Equal(Win32Error.InvalidParameter, await Set(new string('v', 1025), 1, Sz("x")));
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task Writes_need_a_handle_with_All_an_open_handle_and_the_ReadWrite_state()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var readOnly = (await c.CallAsync(new OpenKeyRequest(root, "Nodes", 0x20019))).Handle; // KEY_READ
        var cluster = await Stub.OpenClusterAsync(c);
        var wrongKind = new KeyHandle(cluster.Value);
        var bogus = new KeyHandle(new NdrContextHandle(0, Guid.NewGuid()));
        var before = EngineState.Of(host.Engine);

        foreach (var (key, expected) in new[] { (readOnly, Win32Error.AccessDenied), (wrongKind, Win32Error.InvalidHandle), (bogus, Win32Error.InvalidHandle) })
        {
            Assert.Equal(expected, (await c.CallAsync(new CreateKeyRequest(key, "App", 0, 0x20006, null))).Status);
            Assert.Equal(expected, (await c.CallAsync(new SetValueRequest(key, "v", 4, DWord(1)))).Result);
            Assert.Equal(expected, (await c.CallAsync(new DeleteValueRequest(key, "v"))).Result);
            Assert.Equal(expected, (await c.CallAsync(new DeleteKeyRequest(key, "App"))).Result);
            Assert.Equal(expected, (await c.CallAsync(new SetKeySecurityRequest(key, 4, new RpcSecurityDescriptor(new byte[20], 20, 20)))).Result);
            var batch = await c.CallAsync(new ExecuteBatchRequest(key, RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default)])));
            Assert.Equal((-1, expected), (batch.FailedCommand, batch.Result));
        }
        var closed = (await c.CallAsync(new CreateKeyRequest(root, "", 0, 0x20006, null))).Handle;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CloseKeyRequest(closed))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new SetValueRequest(closed, "v", 4, DWord(1)))).Result);

        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Status);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new SetValueRequest(root, "v", 4, DWord(1)))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new DeleteValueRequest(root, "v"))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new DeleteKeyRequest(root, "App"))).Result);
        Assert.Equal(Win32Error.SharingPaused, (await c.CallAsync(new ExecuteBatchRequest(root, RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default)])))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task A_cbData_that_lies_about_its_array_is_refused_with_a_fault()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var before = EngineState.Of(host.Engine);
        await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(new SetValueRequest(root, "v", 3, new byte[] { 1, 2 }, 5)));
        await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(new ExecuteBatchRequest(root, 3, RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default)]))));
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task SetKeySecurity_answers_ERROR_NOT_SUPPORTED_and_the_descriptor_stays()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        GetKeySecurityRequest Get() => new(root, 7, new RpcSecurityDescriptor(ReadOnlyMemory<byte>.Empty, 1024, 0));
        var sd = (await c.CallAsync(Get())).Descriptor.Buffer!.Value.ToArray();
        var set = await c.CallAsync(new SetKeySecurityRequest(root, 4, new RpcSecurityDescriptor(sd, (uint)sd.Length, (uint)sd.Length)));
        Assert.Equal(Win32Error.NotSupported, set.Result);
        Assert.Equal(sd, (await c.CallAsync(Get())).Descriptor.Buffer!.Value.ToArray());
    }

    [Fact]
    public async Task ExecuteBatch_applies_every_command_and_answers_minus_one()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new CreateKeyRequest(root, @"Old\Sub", 0, 0x20006, null))).Status);
        var r = await c.CallAsync(new ExecuteBatchRequest(root, RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.SetValue, 4, "AtRoot", DWord(1)), // the current key starts at the designated key
            new RegBatchCommand(RegBatchUpdate.CreateKey, 0, @"App\Config", default),
            new RegBatchCommand(RegBatchUpdate.SetValue, 1, "Path", Sz(@"C:\app")),
            new RegBatchCommand(RegBatchUpdate.DeleteValue, 0, "Missing", default), // a missing value does not fail (3.1.4.2.112)
            new RegBatchCommand(RegBatchUpdate.DeleteKey, 0, "Old", default), // with its subkeys
            new RegBatchCommand(RegBatchUpdate.DeleteKey, 0, "NotThere", default), // a missing key does not fail
            new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default), // relative to the designated key, existing
            new RegBatchCommand(RegBatchUpdate.SetValue, 4, "Level", DWord(3)),
        ])));
        Assert.Equal((-1, Win32Error.Success, 0u), (r.FailedCommand, r.Result, r.RpcStatus));
        var q = host.Engine.Queries;
        Assert.Equal(1u, q.GetRegistryValue("", "AtRoot")!.AsDWord());
        Assert.Equal(@"C:\app", q.GetRegistryValue(@"App\Config", "Path")!.AsString());
        Assert.Equal(3u, q.GetRegistryValue("App", "Level")!.AsDWord());
        Assert.Null(q.GetRegistryKey("Old"));
    }

    [Fact]
    public async Task ExecuteBatch_that_fails_part_way_changes_nothing_and_names_the_failed_command()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var before = EngineState.Of(host.Engine);
        async Task<(int, Win32Error)> Run(params RegBatchCommand[] commands)
        {
            var r = await c.CallAsync(new ExecuteBatchRequest(root, RegBatchUpdate.Build(commands)));
            return (r.FailedCommand, r.Result);
        }
        var create = new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "App", default);
        var set = new RegBatchCommand(RegBatchUpdate.SetValue, 4, "Level", DWord(3));

        // SET_VALUE after DELETE_KEY and before the next CREATE_KEY (3.1.4.2.112).
        Assert.Equal((3, Win32Error.InvalidParameter), await Run(create, set, new RegBatchCommand(RegBatchUpdate.DeleteKey, 0, "App", default), set));
        Assert.Equal((2, Win32Error.AccessDenied), await Run(create, set, new RegBatchCommand(RegBatchUpdate.CreateKey, 0, @"Groups\new", default)));
        Assert.Equal((1, Win32Error.InvalidParameter), await Run(create, new RegBatchCommand(RegBatchUpdate.SetValue, 4, "Level", new byte[2])));
        Assert.Equal((1, Win32Error.InvalidParameter), await Run(create, new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "Level", default)));
        Assert.Equal(before, EngineState.Of(host.Engine));

        // Malformed CLUSTER_REG_BATCH_UPDATE: a second command cut short, another version, no command at all.
        var good = RegBatchUpdate.Build([create, set]);
        var r = await c.CallAsync(new ExecuteBatchRequest(root, good.AsMemory(0, good.Length - 3)));
        Assert.Equal((1, Win32Error.InvalidParameter), (r.FailedCommand, r.Result));
        var version2 = (byte[])good.Clone();
        version2[0] = 2;
        r = await c.CallAsync(new ExecuteBatchRequest(root, version2));
        Assert.Equal((-1, Win32Error.InvalidParameter), (r.FailedCommand, r.Result));
        r = await c.CallAsync(new ExecuteBatchRequest(root, new byte[] { 1, 0, 0, 0 }));
        Assert.Equal((-1, Win32Error.InvalidParameter), (r.FailedCommand, r.Result));
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task Registry_notifications_report_the_root_key_and_its_subtree_only_with_SUBTREE_V2()
    {
        await using var host = ServiceHost.Start();
        await using var watcher = await host.ConnectAsync();
        await using var writer = await host.ConnectAsync();
        var rootOfWatcher = await RootAsync(watcher);
        var port = await NotifyStub.CreateAsync(watcher);
        var subtreePort = await NotifyStub.CreateAsync(watcher);
        const long nameAndValue = (long)(ClusterChangeRegistryV2.Name | ClusterChangeRegistryV2.Value);
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(watcher, port, rootOfWatcher.Value, ClusterObjectType.Registry, nameAndValue, key: 7, targeted: true));
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(watcher, subtreePort, rootOfWatcher.Value, ClusterObjectType.Registry,
            nameAndValue | (long)ClusterChangeRegistryV2.Subtree, key: 8, targeted: true));

        var root = await RootAsync(writer);
        var app = (await writer.CallAsync(new CreateKeyRequest(root, "App", 0, 0x20006, null))).Handle; // a subkey of the root: NAME_V2 of the root
        Assert.Equal(Win32Error.Success, (await writer.CallAsync(new SetValueRequest(app, "Level", 4, DWord(3)))).Result); // below the root
        Assert.Equal(Win32Error.Success, (await writer.CallAsync(new SetValueRequest(root, "AtRoot", 4, DWord(1)))).Result);

        var got = (await NotifyStub.GetAsync(watcher, port).WaitAsync(Bound)).Notifications;
        Assert.Equal(
            [((long)ClusterChangeRegistryV2.Name, "", "App"), ((long)ClusterChangeRegistryV2.Value, "", "AtRoot")],
            got.Select(n => (n.Data.FilterAndType.FilterFlags, n.Data.ObjectId, n.Data.Name)).ToArray());
        Assert.All(got, n => Assert.Equal(((uint)ClusterObjectType.Registry, 7u), (n.Data.FilterAndType.ObjectType, n.NotifyKey)));
        Assert.All(got, n => Assert.Null(n.Data.ParentId)); // 2.2.2.19: ParentId is not set

        var all = (await NotifyStub.GetAsync(watcher, subtreePort).WaitAsync(Bound)).Notifications;
        Assert.Equal(
            [((long)ClusterChangeRegistryV2.Name, "", "App"), ((long)ClusterChangeRegistryV2.Value, "App", "Level"), ((long)ClusterChangeRegistryV2.Value, "", "AtRoot")],
            all.Select(n => (n.Data.FilterAndType.FilterFlags, n.Data.ObjectId, n.Data.Name)).ToArray());
    }
    [Fact]
    public async Task ExecuteReadBatch_answers_each_command_in_order_with_READ_VALUE_or_READ_ERROR()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new ExecuteBatchRequest(root, RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.CreateKey, 0, @"App\Config", default),
            new RegBatchCommand(RegBatchUpdate.SetValue, 4, "Level", DWord(3)),
        ])))).Result);
        var input = RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "ClusterName", default), // the designated key: the root
            new RegBatchCommand(RegBatchUpdate.ReadKey, 0, "App", default),
            new RegBatchCommand(RegBatchUpdate.ReadKey, 0, "Config", default), // relative to the current key
            new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "Level", default),
            new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "Missing", default),
            new RegBatchCommand(RegBatchUpdate.ReadKey, 0, "Nope", default),
            new RegBatchCommand(RegBatchUpdate.ReadValue, 0, "Level", default), // under a missing key
        ]);
        foreach (var r in new[] { await c.CallAsync(new ExecuteReadBatchRequest(root, input)), await c.CallAsync(new ExecuteReadBatchExRequest(root, input, 2)) })
        {
            Assert.Equal((Win32Error.Success, 0u), (r.Result, r.RpcStatus));
            Assert.True(RegBatchUpdate.TryParse(r.Data!.Value.Span, out var output, out _));
            Assert.Equal(
            [
                (RegBatchUpdate.ReadValue, 1u, "ClusterName", Convert.ToHexString(Sz("CLUSTER1"))),
                (RegBatchUpdate.ReadKey, 0u, "App", ""),
                (RegBatchUpdate.ReadKey, 0u, "Config", ""),
                (RegBatchUpdate.ReadValue, 4u, "Level", Convert.ToHexString(DWord(3))),
                (RegBatchUpdate.ReadError, (uint)Win32Error.FileNotFound, "Missing", ""),
                (RegBatchUpdate.ReadError, (uint)Win32Error.FileNotFound, "Nope", ""),
                (RegBatchUpdate.ReadError, (uint)Win32Error.FileNotFound, "Level", ""),
            ], output.Select(o => (o.CommandType, o.ValueType, o.Name, Convert.ToHexString(o.Data.Span))).ToArray());
        }

        // A write command, a malformed batch, a bad handle: the whole call fails with no buffer.
        var write = await c.CallAsync(new ExecuteReadBatchRequest(root, RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.SetValue, 4, "x", DWord(1))])));
        Assert.Equal((Win32Error.InvalidParameter, (ReadOnlyMemory<byte>?)null), (write.Result, write.Data));
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new ExecuteReadBatchRequest(root, new byte[] { 2, 0, 0, 0 }))).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new ExecuteReadBatchExRequest(new KeyHandle(new NdrContextHandle(0, Guid.NewGuid())), input, 0))).Result);
        Assert.Null(host.Engine.Queries.GetRegistryValue("", "x"));
    }
}
