using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The control methods over RPC: the check order of MS-CMRP 3.1.4.2.74 through real handles, and the calls a
/// read-only control code answers in place (ClusApiService.TryInvokeInline) byte for byte as on the pool path.
/// </summary>
public sealed class ControlPathTests
{
    private static readonly uint InternalModify = ControlCode.Internal(ControlObject.Resource, 0x21, ControlAccess.Write, modify: true).Value;

    private static async Task<NdrContextHandle> OpenReadAsync(RpcClient c, string resource)
    {
        var r = new NdrReader(await c.CallAsync(120, Stub.Build(w =>
        {
            w.WriteConformantVaryingString(resource);
            w.WriteUInt32(0x80000000); // GENERIC_READ
        })));
        Assert.Equal(0x80000000u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        return r.ReadContextHandle();
    }

    [Fact]
    public async Task Check_order_a_Read_handle_with_an_internal_code_answers_ERROR_INVALID_FUNCTION_not_ERROR_ACCESS_DENIED()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var read = await OpenReadAsync(c, "Cluster Disk 1");
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);

        Assert.Equal((uint)Win32Error.InvalidFunction, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(read, InternalModify, 0))).Result);
        // A modify-bit code on the Read handle in the Read-Only state: ERROR_ACCESS_DENIED before ERROR_SHARING_PAUSED.
        Assert.Equal((uint)Win32Error.AccessDenied, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(read, ControlCodes.GetSharedVolumeStates, 4096))).Result);
        // The handle before everything: a closed one is ERROR_INVALID_HANDLE whatever the code.
        var closed = new NdrReader(await c.CallAsync(11, Stub.Handle(read)));
        Assert.Equal(NdrContextHandle.Null, closed.ReadContextHandle());
        Assert.Equal(0u, closed.ReadUInt32());
        Assert.Equal((uint)Win32Error.InvalidHandle, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(read, InternalModify, 0))).Result);
    }

    /// <summary>The calls compared: success, ERROR_MORE_DATA, every common check, a write code, a node variant.</summary>
    private static async Task<List<byte[]>> ScriptAsync(ServiceHost host)
    {
        await using var c = await host.ConnectAsync();
        var disk = await Stub.OpenAsync(c, 8, "Cluster Disk 1");
        var disk3 = await Stub.OpenAsync(c, 8, "Cluster Disk 3");
        var read = await OpenReadAsync(c, "Cluster Disk 1");
        var group = await Stub.OpenAsync(c, 41, "Cluster Group");
        var node2 = await Stub.OpenAsync(c, 66, "node2");
        var answers = new List<byte[]>();
        foreach (var (h, code, size) in new (NdrContextHandle, uint, uint)[]
        {
            (disk, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk, ControlCodes.GetSharedVolumeInfo, 100),
            (read, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk3, ControlCodes.GetSharedVolumeInfo, 4096),
            (disk, InternalModify, 0),
            (read, ControlCodes.GetSharedVolumeStates, 4096),
            (disk, ControlCodes.GetSharedVolumeStates, 4096),
            (disk, 0x01000059, 4096), // GET_COMMON_PROPERTIES
            (group, 0x03000059, 4096),
            (NdrContextHandle.Null, ControlCodes.GetSharedVolumeInfo, 4096),
        })
        {
            answers.Add(await c.CallAsync(73, Stub.Control(h, code, size)));
        }
        answers.Add(await c.CallAsync(72, Stub.Build(w =>
        {
            w.WriteContextHandle(disk);
            w.WriteContextHandle(node2);
            w.WriteUInt32(ControlCodes.GetSharedVolumeInfo);
            w.WriteReferentId(false);
            w.WriteUInt32(0);
            w.WriteUInt32(4096);
        })));
        host.Engine.SetServerState(ProtocolServerState.None);
        answers.Add(await c.CallAsync(73, Stub.Control(disk, ControlCodes.GetSharedVolumeInfo, 4096)));
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
        var disk = await Stub.OpenAsync(c, 8, "Cluster Disk 1");
        var before = offer!.InPlace;
        Assert.Equal(0u, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(disk, ControlCodes.GetSharedVolumeInfo, 4096))).Result);
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
        var call = c.CallAsync(73, Stub.Control(disk, ControlCodes.GetSharedVolumeInfo, 4096));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (offer.Declined == declined && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(declined + 1, offer.Declined);
        Assert.False(call.IsCompleted);
        release.Set();
        writer.Join();
        Assert.Equal(0u, Stub.ControlResponse(await call).Result);
        Assert.Equal(before + 1, offer.InPlace);
    }
}
