using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>Version 1 notification calls (ApiCreateNotify, ApiAddNotify*, ApiReAddNotify*, ApiGetNotify, ApiGetNotifyAsync) through the contract.</summary>
/// <remarks>Handles are plain <see cref="NdrContextHandle"/>s so a test can hand one kind where another is expected.</remarks>
internal static class NotifyV1Stub
{
    public static async Task<NdrContextHandle> CreateAsync(RpcClient c)
    {
        var response = await c.CallAsync(new CreateNotifyRequest());
        Assert.Equal(Win32Error.Success, response.Status);
        Assert.Equal(0u, response.RpcStatus);
        Assert.NotEqual(NdrContextHandle.Null, response.Handle.Value);
        return response.Handle.Value;
    }

    public static async Task<Win32Error> AddClusterAsync(RpcClient c, NdrContextHandle port, NdrContextHandle cluster, ClusterChangeV1 filter, uint key = 1) =>
        (await c.CallAsync(new AddNotifyClusterRequest(new NotifyHandle(port), new ClusterHandle(cluster), (uint)filter, key))).Result;

    public static async Task<(Win32Error Result, uint Sequence)> AddGroupAsync(RpcClient c, NdrContextHandle port, NdrContextHandle group, ClusterChangeV1 filter, uint key = 1) =>
        Split(await c.CallAsync(new AddNotifyGroupRequest(new NotifyHandle(port), new GroupHandle(group), (uint)filter, key)));

    public static async Task<(Win32Error Result, uint Sequence)> AddResourceAsync(RpcClient c, NdrContextHandle port, NdrContextHandle resource, ClusterChangeV1 filter, uint key = 1) =>
        Split(await c.CallAsync(new AddNotifyResourceRequest(new NotifyHandle(port), new ResourceHandle(resource), (uint)filter, key)));

    public static async Task<(Win32Error Result, uint Sequence)> AddNodeAsync(RpcClient c, NdrContextHandle port, NdrContextHandle node, ClusterChangeV1 filter, uint key = 1) =>
        Split(await c.CallAsync(new AddNotifyNodeRequest(new NotifyHandle(port), new NodeHandle(node), (uint)filter, key)));

    public static async Task<(Win32Error Result, uint Sequence)> AddNetworkAsync(RpcClient c, NdrContextHandle port, NdrContextHandle network, ClusterChangeV1 filter, uint key = 1) =>
        Split(await c.CallAsync(new AddNotifyNetworkRequest(new NotifyHandle(port), new NetworkHandle(network), (uint)filter, key)));

    public static async Task<(Win32Error Result, uint Sequence)> AddNetInterfaceAsync(RpcClient c, NdrContextHandle port, NdrContextHandle netInterface, ClusterChangeV1 filter, uint key = 1) =>
        Split(await c.CallAsync(new AddNotifyNetInterfaceRequest(new NotifyHandle(port), new NetInterfaceHandle(netInterface), (uint)filter, key)));

    public static async Task<Win32Error> AddKeyAsync(RpcClient c, NdrContextHandle port, NdrContextHandle key, ClusterChangeV1 filter, bool subtree, uint notifyKey = 1)
    {
        var response = await c.CallAsync(new AddNotifyKeyRequest(new NotifyHandle(port), new KeyHandle(key), notifyKey, (uint)filter, subtree));
        Assert.Equal(0u, response.RpcStatus);
        return response.Result;
    }

    public static Task<GetNotifyResponse> GetAsync(RpcClient c, NdrContextHandle port) => c.CallAsync(new GetNotifyRequest(new NotifyHandle(port)));

    public static Task<GetNotifyAsyncResponse> GetBatchAsync(RpcClient c, NdrContextHandle port) => c.CallAsync(new GetNotifyAsyncRequest(new NotifyHandle(port)));

    /// <summary>Starts a waiting call and returns once the server has run its handler (the call is then waiting).</summary>
    public static async Task<Task<T>> StartWaitingAsync<T>(ServiceHost host, Func<Task<T>> call)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Provider.AfterUse = () => reached.TrySetResult();
        var waiting = call();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        host.Provider.AfterUse = null;
        Assert.False(waiting.IsCompleted);
        return waiting;
    }

    private static (Win32Error, uint) Split(StateSequenceResponse r)
    {
        Assert.Equal(0u, r.RpcStatus);
        return (r.Result, r.StateSequence);
    }
}
