using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The control methods over RPC: the check order of MS-CMRP 3.1.4.2.74 through real handles, and the calls a
/// read-only control code answers in place (ClusApiService.TryInvokeInline) byte for byte as on the pool path.
/// </summary>
public sealed class ControlPathTests
{
    private static readonly uint InternalModify = ControlCode.Internal(ControlObject.Resource, 0x21, ControlAccess.Write, modify: true).Value;

    private static async Task<ResourceHandle> OpenReadAsync(RpcClient c, string resource)
    {
        var r = await c.CallAsync(new OpenResourceExRequest(resource, 0x80000000)); // GENERIC_READ
        Assert.Equal((0x80000000u, Win32Error.Success, 0u), (r.GrantedAccess, r.Status, r.RpcStatus));
        return r.Handle;
    }

    private static ResourceControlRequest Control(ResourceHandle h, uint code, uint outSize) => new(h, code, ReadOnlyMemory<byte>.Empty, outSize);

    [Fact]
    public async Task Check_order_a_Read_handle_with_an_internal_code_answers_ERROR_INVALID_FUNCTION_not_ERROR_ACCESS_DENIED()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var read = await OpenReadAsync(c, "Cluster Disk 1");
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);

        Assert.Equal(Win32Error.InvalidFunction, (await c.CallAsync(Control(read, InternalModify, 0))).Result);
        // A modify-bit code on the Read handle in the Read-Only state: ERROR_ACCESS_DENIED before ERROR_SHARING_PAUSED.
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(Control(read, ControlCodes.GetSharedVolumeStates, 4096))).Result);
        // The handle before everything: a closed one is ERROR_INVALID_HANDLE whatever the code.
        var closed = await c.CallAsync(new CloseResourceRequest(read));
        Assert.Equal((ResourceHandle.Null, Win32Error.Success), (closed.Handle, closed.Result));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(Control(read, InternalModify, 0))).Result);
    }

    /// <summary>The calls compared: success, ERROR_MORE_DATA, every common check, a write code, a node variant.</summary>
    private static async Task<List<byte[]>> ScriptAsync(ServiceHost host)
    {
        await using var c = await host.ConnectAsync();
        var disk = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 1"));
        var disk3 = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 3"));
        var read = await OpenReadAsync(c, "Cluster Disk 1");
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"));
        var node2 = await Stub.OpenAsync(c, new OpenNodeRequest("node2"));
        var answers = new List<byte[]>();
        foreach (var (h, code, size) in new (ResourceHandle, uint, uint)[]
        {
            (disk, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk, ControlCodes.GetSharedVolumeInfo, 100),
            (read, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk3, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk, InternalModify, 0),
            (read, ControlCodes.GetSharedVolumeStates, 4096),
            (disk, ControlCodes.GetSharedVolumeStates, 4096),
            (disk, 0x01000059, 4096), // GET_COMMON_PROPERTIES
            (ResourceHandle.Null, ControlCodes.GetSharedVolumeInfo, 4096),
        })
        {
            answers.Add(await c.CallRawAsync(Control(h, code, size)));
        }
        answers.Add(await c.CallRawAsync(new GroupControlRequest(group, 0x03000059, ReadOnlyMemory<byte>.Empty, 4096)));
        answers.Add(await c.CallRawAsync(new NodeResourceControlRequest(disk, node2, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, 4096)));
        host.Engine.SetServerState(ProtocolServerState.None);
        answers.Add(await c.CallRawAsync(Control(disk, ControlCodes.GetSharedVolumeInfo, 4096)));
        return answers;
    }

    [Fact]
    public async Task Read_only_controls_answered_in_place_are_byte_identical_to_the_pool_path_and_the_rest_is_declined()
    {
        await using var pool = ServiceHost.Start();
        InPlaceFirst? offer = null;
        await using var inPlace = ServiceHost.Start(wrap: s => offer = new InPlaceFirst(s));
        var expected = await ScriptAsync(pool);
        var actual = await ScriptAsync(inPlace);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Convert.ToHexString(expected[i]), Convert.ToHexString(actual[i]));
        }
        // In place: the read codes on resources and the group (GET_SHARED_VOLUME_INFO x5 incl. the NULL handle and the
        // None state, GET_COMMON_PROPERTIES x2, the node variant); declined: the opens, the internal and the modify codes.
        Assert.Equal(9, offer!.InPlace);
        Assert.True(offer.Declined >= 8, $"declined {offer.Declined}");
    }

    [Fact]
    public async Task A_read_only_control_is_declined_in_place_while_another_thread_holds_the_engine_lock()
    {
        InPlaceFirst? offer = null;
        await using var host = ServiceHost.Start(wrap: s => offer = new InPlaceFirst(s));
        await using var c = await host.ConnectAsync();
        var disk = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Disk 1"));
        var before = offer!.InPlace;
        Assert.Equal(Win32Error.Success, (await c.CallAsync(Control(disk, ControlCodes.GetSharedVolumeInfo, 4096))).Result);
        Assert.Equal(before + 1, offer.InPlace);

        // A writer holding the lock (as across a store commit): the call is not answered in place but waits on the pool.
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using (host.Engine.EnterCommand())
            {
                held.Set();
                release.Wait();
            }
        });
        writer.Start();
        held.Wait();
        var declined = offer.Declined;
        var call = c.CallAsync(Control(disk, ControlCodes.GetSharedVolumeInfo, 4096));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (offer.Declined == declined && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(declined + 1, offer.Declined);
        Assert.False(call.IsCompleted);
        release.Set();
        writer.Join();
        Assert.Equal(Win32Error.Success, (await call).Result);
        Assert.Equal(before + 1, offer.InPlace);
    }
}
