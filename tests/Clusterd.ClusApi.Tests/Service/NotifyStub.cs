using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>Version 2 notification calls (opnums 137, 138, 139, 107, 56) with the ClusApi request/response records.</summary>
internal static class NotifyStub
{
    public static async Task<NdrContextHandle> CreateAsync(RpcClient c)
    {
        var response = CreateNotifyV2Response.Read(new NdrReader(await c.CallAsync(NotifyOpnums.ApiCreateNotifyV2, Array.Empty<byte>())));
        Assert.Equal(Win32Error.Success, response.RpcError);
        Assert.Equal(0u, response.RpcStatus);
        Assert.NotEqual(NdrContextHandle.Null, response.Handle.Value);
        return response.Handle.Value;
    }

    public static async Task<Win32Error> AddAsync(
        RpcClient c, NdrContextHandle port, NdrContextHandle obj, ClusterObjectType type, long flags, uint key = 1, uint version = 2, bool targeted = false)
    {
        var request = new AddNotifyV2Request(new NotifyHandle(port), obj, new NotifyFilterAndType((uint)type, flags), key, version, targeted);
        var r = new NdrReader(await c.CallAsync(NotifyOpnums.ApiAddNotifyV2, Stub.Build(request.Write)));
        Assert.Equal(0u, r.ReadUInt32()); // rpc_status
        return (Win32Error)r.ReadUInt32();
    }

    public static async Task<GetNotifyV2Response> GetAsync(RpcClient c, NdrContextHandle port) =>
        GetNotifyV2Response.Read(new NdrReader(await c.CallAsync(NotifyOpnums.ApiGetNotifyV2, Stub.Build(new GetNotifyV2Request(new NotifyHandle(port)).Write))));

    /// <summary>Starts ApiGetNotifyV2 and returns once the server has run its handler (the call is then waiting).</summary>
    public static async Task<Task<GetNotifyV2Response>> StartWaitingAsync(ServiceHost host, RpcClient c, NdrContextHandle port)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Provider.AfterUse = () => reached.TrySetResult();
        var waiting = GetAsync(c, port);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        host.Provider.AfterUse = null;
        Assert.False(waiting.IsCompleted);
        return waiting;
    }

    public static async Task<Win32Error> UnblockAsync(RpcClient c, NdrContextHandle port) =>
        (Win32Error)new NdrReader(await c.CallAsync(NotifyOpnums.ApiUnblockGetNotifyCall, Stub.Handle(port))).ReadUInt32();

    public static async Task<(NdrContextHandle Handle, Win32Error Result)> CloseAsync(RpcClient c, NdrContextHandle port)
    {
        var r = new NdrReader(await c.CallAsync(NotifyOpnums.ApiCloseNotify, Stub.Handle(port)));
        return (r.ReadContextHandle(), (Win32Error)r.ReadUInt32());
    }

    /// <summary>The CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries of a CSV notification buffer (a value list, MS-CMRP 3.1.4.2.138).</summary>
    public static IReadOnlyList<SharedVolumeStateInfoEx> StateInfoEx(ReadOnlyMemory<byte> buffer)
    {
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(buffer.Span, out var states));
        return states;
    }
}
