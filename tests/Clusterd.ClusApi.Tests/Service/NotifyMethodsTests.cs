using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// ApiCreateNotifyV2, ApiAddNotifyV2, ApiGetNotifyV2, ApiUnblockGetNotifyCall and ApiCloseNotify over the wire (sealed SPNEGO, in-process RpcServer). A waiting ApiGetNotifyV2 owns
/// its connection (one synchronous call per connection, MS-RPCE 3.3.2.4.1.2), so the other calls use another connection:
/// of the same association where they name the port (the handle table is the association's), or of any association
/// where they only trigger the change.
/// </summary>
public sealed class NotifyMethodsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GetNotifyV2_delivers_SET_SHARED_VOLUME_BACKUP_MODE_from_another_connection_as_SHARED_VOLUME_STATE_with_STATE_INFO_EX()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var control = await host.ConnectAsync();
        var port = await NotifyStub.CreateAsync(notify);
        var cluster = (await Stub.OpenClusterAsync(notify)).Value;
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(notify, port, cluster, ClusterObjectType.SharedVolume, (long)SharedVolumeChangeV2.State, key: 42));
        var waiting = NotifyStub.GetAsync(notify, port);

        var disk = await Stub.OpenAsync(control, new OpenResourceRequest("Cluster Disk 1"));
        var input = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 600, "Volume1").ToArray();
        var set = await Stub.ControlAsync(control, new ResourceControlRequest(disk, ControlCodes.SetSharedVolumeBackupMode, input, 0));
        Assert.Equal(Win32Error.Success, set.Result);

        var got = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, got.Result);
        var n = Assert.Single(got.Notifications);
        Assert.Equal(42u, n.NotifyKey);
        Assert.Equal(new NotifyFilterAndType((uint)ClusterObjectType.SharedVolume, (long)SharedVolumeChangeV2.State), n.Data.FilterAndType);
        Assert.Equal("Cluster Disk 1", n.Data.Name);
        Assert.Equal(host.Engine.Queries.FindResource("Cluster Disk 1")!.Id, n.Data.ObjectId);
        Assert.Null(n.Data.ParentId); // MS-CMRP 3.1.4.2.138: NULL for a CSV
        Assert.Null(n.Data.Type);
        var states = NotifyStub.StateInfoEx(n.Data.Buffer);
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.Equal("Volume1", s.VolumeFriendlyName));
    }

    [Fact]
    public async Task Notify_methods_with_unknown_or_wrong_kind_handles_return_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = (await Stub.OpenClusterAsync(c)).Value;
        var port = await NotifyStub.CreateAsync(c);
        var bogus = new NdrContextHandle(0, Guid.NewGuid());

        // hNotify unknown, hNotify of another kind (a cluster handle), hObject unknown, hObject a port (not HGENERIC_RPC).
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.AddAsync(c, bogus, cluster, ClusterObjectType.SharedVolume, 1));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.AddAsync(c, cluster, cluster, ClusterObjectType.SharedVolume, 1));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.AddAsync(c, port, bogus, ClusterObjectType.SharedVolume, 1));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.AddAsync(c, port, port, ClusterObjectType.SharedVolume, 1));
        // A valid pair with a bad version is the port's validation (3.1.4.2.137: dwVersion MUST be 2).
        Assert.Equal(Win32Error.InvalidParameter, await NotifyStub.AddAsync(c, port, cluster, ClusterObjectType.SharedVolume, 1, version: 1));

        var get = await NotifyStub.GetAsync(c, cluster);
        Assert.Equal(Win32Error.InvalidHandle, get.Result);
        Assert.Empty(get.Notifications);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.UnblockAsync(c, bogus));
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.UnblockAsync(c, cluster));

        var (handle, result) = await NotifyStub.CloseAsync(c, cluster);
        Assert.Equal((cluster, Win32Error.InvalidHandle), (handle, result)); // the handle comes back unchanged
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(c, port));
        Assert.Equal((port, Win32Error.InvalidHandle), await NotifyStub.CloseAsync(c, port));
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyStub.GetAsync(c, port)).Result);
    }

    [Fact]
    public async Task UnblockGetNotifyCall_on_a_second_connection_of_the_association_ends_the_wait_with_ERROR_INVALID_FUNCTION()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: notify.AssociationGroupId);
        Assert.Equal(notify.AssociationGroupId, side.AssociationGroupId);
        var port = await NotifyStub.CreateAsync(notify);
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(notify, port, (await Stub.OpenClusterAsync(notify)).Value, ClusterObjectType.SharedVolume, 1));

        var waiting = await NotifyStub.StartWaitingAsync(host, notify, port);
        Assert.Equal(Win32Error.Success, await NotifyStub.UnblockAsync(side, port));
        var ended = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.InvalidFunction, ended.Result); // 3.1.4.2.138: unblocked while it waited
        Assert.Empty(ended.Notifications);

        // Later calls get ERROR_NO_MORE_ITEMS; the handle stays open until ApiCloseNotify.
        Assert.Equal(Win32Error.NoMoreItems, (await NotifyStub.GetAsync(notify, port).WaitAsync(Bound)).Result);
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(notify, port));
    }

    [Fact]
    public async Task CloseNotify_on_a_second_connection_ends_the_wait_and_the_handle_is_gone()
    {
        await using var host = ServiceHost.Start();
        await using var notify = await host.ConnectAsync();
        await using var side = await host.ConnectAsync(associationGroupId: notify.AssociationGroupId);
        var port = await NotifyStub.CreateAsync(notify);
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(notify, port, (await Stub.OpenClusterAsync(notify)).Value, ClusterObjectType.SharedVolume, 1));

        var waiting = await NotifyStub.StartWaitingAsync(host, notify, port);
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(side, port));
        Assert.Equal(Win32Error.InvalidFunction, (await waiting.WaitAsync(Bound)).Result);
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyStub.GetAsync(notify, port)).Result);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.UnblockAsync(side, port));
    }

    [Fact]
    public async Task Notify_port_belongs_to_its_association_another_association_gets_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var owner = await host.ConnectAsync();
        await using var stranger = await host.ConnectAsync();
        var port = await NotifyStub.CreateAsync(owner);
        Assert.Equal(Win32Error.InvalidHandle, await NotifyStub.UnblockAsync(stranger, port));
        Assert.Equal((port, Win32Error.InvalidHandle), await NotifyStub.CloseAsync(stranger, port));
        Assert.Equal(Win32Error.InvalidHandle, (await NotifyStub.GetAsync(stranger, port)).Result);
        Assert.Equal(Win32Error.NoMoreItems, await Unblocked(owner, port));
    }

    [Fact]
    public async Task GetNotifyV2_waiting_longer_than_the_idle_timeout_keeps_its_connection()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        await using var host = ServiceHost.Start(idleTimeout: idle);
        await using var notify = await host.ConnectAsync();
        var port = await NotifyStub.CreateAsync(notify);
        Assert.Equal(Win32Error.Success, await NotifyStub.AddAsync(notify, port, (await Stub.OpenClusterAsync(notify)).Value, ClusterObjectType.SharedVolume, 1));
        var waiting = await NotifyStub.StartWaitingAsync(host, notify, port);

        // Real time has to pass the RPC server's idle timer here; the wait is the call's, not the client's silence.
        await Task.Delay(idle * 3);
        Assert.False(waiting.IsCompleted);
        await using var control = await host.ConnectAsync();
        var disk = await Stub.OpenAsync(control, new OpenResourceRequest("Cluster Disk 2"));
        var input = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume2").ToArray();
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(control, new ResourceControlRequest(disk, ControlCodes.SetSharedVolumeBackupMode, input, 0))).Result);
        Assert.Equal(Win32Error.Success, (await waiting.WaitAsync(Bound)).Result);

        // The same connection still serves calls.
        Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await NotifyStub.CloseAsync(notify, port));
    }

    private static async Task<Win32Error> Unblocked(RpcClient c, NdrContextHandle port)
    {
        Assert.Equal(Win32Error.Success, await NotifyStub.UnblockAsync(c, port));
        return (await NotifyStub.GetAsync(c, port).WaitAsync(Bound)).Result;
    }
}
