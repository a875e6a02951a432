using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>Version 2 notification calls (ApiCreateNotifyV2, ApiAddNotifyV2, ApiGetNotifyV2, ApiUnblockGetNotifyCall, ApiCloseNotify) through the contract.</summary>
/// <remarks>
/// Handles are plain <see cref="NdrContextHandle"/>s: the tests hand a port where an object is expected and the reverse
/// (a wrong handle must be ERROR_INVALID_HANDLE), so each call wraps the value in the type its request names.
/// </remarks>
internal static class NotifyStub
{
    public static async Task<NdrContextHandle> CreateAsync(RpcClient c)
    {
        var response = await c.CallAsync(new CreateNotifyV2Request());
        Assert.Equal(Win32Error.Success, response.RpcError);
        Assert.Equal(0u, response.RpcStatus);
        Assert.NotEqual(NdrContextHandle.Null, response.Handle.Value);
        return response.Handle.Value;
    }

    public static async Task<Win32Error> AddAsync(
        RpcClient c, NdrContextHandle port, NdrContextHandle obj, ClusterObjectType type, long flags, uint key = 1, uint version = 2, bool targeted = false)
    {
        var response = await c.CallAsync(new AddNotifyV2Request(new NotifyHandle(port), obj, new NotifyFilterAndType((uint)type, flags), key, version, targeted));
        Assert.Equal(0u, response.RpcStatus);
        return response.Result;
    }

    public static Task<GetNotifyV2Response> GetAsync(RpcClient c, NdrContextHandle port) =>
        c.CallAsync(new GetNotifyV2Request(new NotifyHandle(port)));

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
        (await c.CallAsync(new UnblockGetNotifyCallRequest(new NotifyHandle(port)))).Result;

    public static async Task<(NdrContextHandle Handle, Win32Error Result)> CloseAsync(RpcClient c, NdrContextHandle port)
    {
        var response = await c.CallAsync(new CloseNotifyRequest(new NotifyHandle(port)));
        return (response.Handle.Value, response.Result);
    }

    /// <summary>The CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries of a CSV notification buffer (a value list, MS-CMRP 3.1.4.2.138).</summary>
    public static IReadOnlyList<SharedVolumeStateInfoEx> StateInfoEx(ReadOnlyMemory<byte> buffer)
    {
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(buffer.Span, out var states));
        return states;
    }
}
