using System.Net;
using Clusterd.ClusApi;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using static Clusterd.Client.ClusApiRequests;

namespace Clusterd.Client;

/// <summary>
/// A typed MS-CMRP (ClusAPI 3.0) client over one DCE/RPC connection: bound to clusapi
/// b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0 with SPNEGO (NTLM) at packet privacy, as MS-CMRP 2.1 asks. Written against
/// the protocol only, so it talks to a Windows cluster as well as to clusterd. Calls are sent one at a time; open one
/// client per concurrent caller.
/// </summary>
public sealed class ClusApiClient : IAsyncDisposable
{
    /// <summary>The clusapi 3.0 abstract syntax.</summary>
    public static readonly SyntaxId Interface = SyntaxId.ForInterface(new Guid("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    private readonly RpcClient _rpc;

    private ClusApiClient(RpcClient rpc) => _rpc = rpc;

    /// <summary>The connection underneath (bind details, remote end point).</summary>
    public RpcClient Rpc => _rpc;

    /// <summary>Connects to the ClusAPI endpoint at <paramref name="endPoint"/> and binds at <paramref name="level"/>.</summary>
    public static async Task<ClusApiClient> ConnectAsync(IPEndPoint endPoint, NtlmCredential credential,
        RpcAuthLevel level = RpcAuthLevel.Privacy, CancellationToken cancellationToken = default)
    {
        var rpc = await RpcClient.ConnectAsync(endPoint, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await BindAsync(rpc, credential, level, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the endpoint mapper at <paramref name="endpointMapper"/> for the ClusAPI port (ept_map), connects and binds.</summary>
    public static async Task<ClusApiClient> ConnectViaEndpointMapperAsync(IPEndPoint endpointMapper, NtlmCredential credential,
        RpcAuthLevel level = RpcAuthLevel.Privacy, CancellationToken cancellationToken = default)
    {
        var rpc = await RpcClient.ConnectViaEndpointMapperAsync(endpointMapper, Interface, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await BindAsync(rpc, credential, level, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ClusApiClient> BindAsync(RpcClient rpc, NtlmCredential credential, RpcAuthLevel level, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        try
        {
            if (level == RpcAuthLevel.None)
            {
                await rpc.BindAsync(Interface, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, credential)
                    ?? throw new InvalidOperationException("No SPNEGO initiator.");
                await rpc.BindAsync(Interface, initiator, level, cancellationToken).ConfigureAwait(false);
            }
            return new ClusApiClient(rpc);
        }
        catch
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>ApiOpenCluster (opnum 0).</summary>
    public async Task<OpenResult<ClusterHandle>> OpenClusterAsync(CancellationToken cancellationToken = default) =>
        ClusApiResponses.OpenCluster(await CallAsync(Opnum.OpenCluster, Empty(), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiCloseCluster (opnum 1).</summary>
    public async Task<Win32Error> CloseClusterAsync(ClusterHandle cluster, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Close(await CallAsync(Opnum.CloseCluster, Handle(cluster.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiGetClusterName (opnum 3).</summary>
    public async Task<ClusterNameResult> GetClusterNameAsync(CancellationToken cancellationToken = default) =>
        ClusApiResponses.GetClusterName(await CallAsync(Opnum.GetClusterName, Empty(), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiCreateEnum (opnum 7) for a CLUSTER_ENUM_* mask (e.g. <see cref="ClusterEnumType.SharedVolumeResource"/>, alone).</summary>
    public async Task<EnumResult> CreateEnumAsync(ClusterEnumType type, CancellationToken cancellationToken = default) =>
        ClusApiResponses.CreateEnum(await CallAsync(Opnum.CreateEnum, CreateEnum((uint)type), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiOpenResource (opnum 8).</summary>
    public async Task<OpenResult<ResourceHandle>> OpenResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        var (status, handle) = ClusApiResponses.Open(await CallAsync(Opnum.OpenResource, Name(name), cancellationToken).ConfigureAwait(false));
        return new(status, new ResourceHandle(handle));
    }

    /// <summary>ApiCloseResource (opnum 11).</summary>
    public async Task<Win32Error> CloseResourceAsync(ResourceHandle resource, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Close(await CallAsync(Opnum.CloseResource, Handle(resource.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiGetResourceState (opnum 12).</summary>
    public async Task<ResourceStateResult> GetResourceStateAsync(ResourceHandle resource, CancellationToken cancellationToken = default) =>
        ClusApiResponses.GetResourceState(await CallAsync(Opnum.GetResourceState, Handle(resource.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiOnlineResource (opnum 17): 0, or ERROR_IO_PENDING while it comes online.</summary>
    public async Task<Win32Error> OnlineResourceAsync(ResourceHandle resource, CancellationToken cancellationToken = default) =>
        ClusApiResponses.StatusAndResult(await CallAsync(Opnum.OnlineResource, Handle(resource.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiOfflineResource (opnum 18).</summary>
    public async Task<Win32Error> OfflineResourceAsync(ResourceHandle resource, CancellationToken cancellationToken = default) =>
        ClusApiResponses.StatusAndResult(await CallAsync(Opnum.OfflineResource, Handle(resource.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiOpenGroup (opnum 41).</summary>
    public async Task<OpenResult<GroupHandle>> OpenGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        var (status, handle) = ClusApiResponses.Open(await CallAsync(Opnum.OpenGroup, Name(name), cancellationToken).ConfigureAwait(false));
        return new(status, new GroupHandle(handle));
    }

    /// <summary>ApiCloseGroup (opnum 44).</summary>
    public async Task<Win32Error> CloseGroupAsync(GroupHandle group, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Close(await CallAsync(Opnum.CloseGroup, Handle(group.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiMoveGroupToNode (opnum 52).</summary>
    public async Task<Win32Error> MoveGroupToNodeAsync(GroupHandle group, NodeHandle node, CancellationToken cancellationToken = default) =>
        ClusApiResponses.StatusAndResult(await CallAsync(Opnum.MoveGroupToNode, MoveGroupToNode(group.Value, node.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiOpenNode (opnum 66).</summary>
    public async Task<OpenResult<NodeHandle>> OpenNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        var (status, handle) = ClusApiResponses.Open(await CallAsync(Opnum.OpenNode, Name(name), cancellationToken).ConfigureAwait(false));
        return new(status, new NodeHandle(handle));
    }

    /// <summary>ApiCloseNode (opnum 67).</summary>
    public async Task<Win32Error> CloseNodeAsync(NodeHandle node, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Close(await CallAsync(Opnum.CloseNode, Handle(node.Value), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiResourceControl (opnum 73) with an explicit nOutBufferSize.</summary>
    public async Task<ControlResult> ResourceControlAsync(ResourceHandle resource, uint code, ReadOnlyMemory<byte> input, uint outSize,
        CancellationToken cancellationToken = default) =>
        ClusApiResponses.Control(await CallAsync(Opnum.ResourceControl, Control(resource.Value, code, input.Span, outSize), cancellationToken)
            .ConfigureAwait(false), outSize);

    /// <summary>ApiNodeResourceControl (opnum 72): the control runs on <paramref name="node"/>.</summary>
    public async Task<ControlResult> NodeResourceControlAsync(ResourceHandle resource, NodeHandle node, uint code, ReadOnlyMemory<byte> input,
        uint outSize, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Control(await CallAsync(Opnum.NodeResourceControl, NodeResourceControl(resource.Value, node.Value, code, input.Span, outSize),
            cancellationToken).ConfigureAwait(false), outSize);

    /// <summary>ApiResourceTypeControl (opnum 75).</summary>
    public async Task<ControlResult> ResourceTypeControlAsync(ClusterHandle cluster, string typeName, uint code, ReadOnlyMemory<byte> input,
        uint outSize, CancellationToken cancellationToken = default) =>
        ClusApiResponses.Control(await CallAsync(Opnum.ResourceTypeControl, ResourceTypeControl(cluster.Value, typeName, code, input.Span, outSize),
            cancellationToken).ConfigureAwait(false), outSize);

    /// <summary>ApiClusterControl (opnum 106).</summary>
    public async Task<ControlResult> ClusterControlAsync(ClusterHandle cluster, uint code, ReadOnlyMemory<byte> input, uint outSize,
        CancellationToken cancellationToken = default) =>
        ClusApiResponses.Control(await CallAsync(Opnum.ClusterControl, Control(cluster.Value, code, input.Span, outSize), cancellationToken)
            .ConfigureAwait(false), outSize);

    /// <summary>
    /// Runs a control with the usual two-step: first with <paramref name="initialSize"/>, and on ERROR_MORE_DATA once
    /// more with the cbRequired the server named. <paramref name="send"/> is one of the control calls above.
    /// </summary>
    public static async Task<ControlResult> WithMoreDataRetryAsync(Func<uint, Task<ControlResult>> send, uint initialSize = 512)
    {
        ArgumentNullException.ThrowIfNull(send);
        var first = await send(initialSize).ConfigureAwait(false);
        return first.Result == Win32Error.MoreData && first.BytesRequired > initialSize
            ? await send(first.BytesRequired).ConfigureAwait(false)
            : first;
    }

    /// <summary>ApiResourceControl with the ERROR_MORE_DATA retry (<see cref="WithMoreDataRetryAsync"/>).</summary>
    public Task<ControlResult> ResourceControlAsync(ResourceHandle resource, uint code, ReadOnlyMemory<byte> input = default,
        CancellationToken cancellationToken = default) =>
        WithMoreDataRetryAsync(size => ResourceControlAsync(resource, code, input, size, cancellationToken));

    /// <summary>ApiNodeResourceControl with the ERROR_MORE_DATA retry.</summary>
    public Task<ControlResult> NodeResourceControlAsync(ResourceHandle resource, NodeHandle node, uint code, ReadOnlyMemory<byte> input = default,
        CancellationToken cancellationToken = default) =>
        WithMoreDataRetryAsync(size => NodeResourceControlAsync(resource, node, code, input, size, cancellationToken));

    /// <summary>ApiChangeCsvState (opnum 123).</summary>
    public async Task<Win32Error> ChangeCsvStateAsync(ResourceHandle resource, uint state, CancellationToken cancellationToken = default) =>
        ClusApiResponses.StatusAndResult(await CallAsync(Opnum.ChangeCsvState, ChangeCsvState(resource.Value, state), cancellationToken).ConfigureAwait(false));

    /// <summary>ApiChangeCsvStateEx (opnum 182): for one volume of the CSV resource.</summary>
    public async Task<Win32Error> ChangeCsvStateExAsync(ResourceHandle resource, uint state, string volumeName, CancellationToken cancellationToken = default) =>
        ClusApiResponses.StatusAndResult(await CallAsync(Opnum.ChangeCsvStateEx, ChangeCsvStateEx(resource.Value, state, volumeName), cancellationToken)
            .ConfigureAwait(false));

    /// <summary>Closes the connection (the server runs the handles down).</summary>
    public ValueTask DisposeAsync() => _rpc.DisposeAsync();

    private Task<byte[]> CallAsync(ushort opnum, byte[] stub, CancellationToken cancellationToken) =>
        _rpc.CallAsync(opnum, stub, cancellationToken: cancellationToken);
}
