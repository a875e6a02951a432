using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Client;

public sealed partial class ClusterClient
{
    /// <summary>The cluster's name and the answering node's version (ApiGetClusterName, ApiGetClusterVersion2).</summary>
    public Task<ClusterDetails> GetClusterAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Get-Cluster", static async (s, ct) =>
        {
            var name = await s.CallAsync(new GetClusterNameRequest(), ct).ConfigureAwait(false);
            Check(name.Result, "ApiGetClusterName");
            var version = await s.CallAsync(new GetClusterVersion2Request(), ct).ConfigureAwait(false);
            Check(version.Result, "ApiGetClusterVersion2");
            return new ClusterDetails(name.ClusterName ?? "", name.NodeName ?? "", version.MajorVersion, version.MinorVersion, version.BuildNumber);
        }, cancellationToken);

    /// <summary>Every object of one type, read one by one in the order the cluster lists them.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(string what, ClusterEnumType type, Func<Session, string, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken) =>
        RunAsync(what, async (s, ct) =>
        {
            var result = new List<T>();
            foreach (var name in await s.EnumerateAsync(type, ct).ConfigureAwait(false))
            {
                result.Add(await read(s, name, ct).ConfigureAwait(false));
            }
            return (IReadOnlyList<T>)result;
        }, cancellationToken);

    /// <summary>Every node with its ID and state, in the order the cluster lists them.</summary>
    public Task<IReadOnlyList<ClusterNode>> GetNodesAsync(CancellationToken cancellationToken = default) =>
        ListAsync("Get-ClusterNode", ClusterEnumType.Node, ReadNodeAsync, cancellationToken);

    /// <summary>One node by name (ERROR_CLUSTER_NODE_NOT_FOUND when there is none).</summary>
    public Task<ClusterNode> GetNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Get-ClusterNode", (s, ct) => ReadNodeAsync(s, name, ct), cancellationToken);
    }

    private static Task<ClusterNode> ReadNodeAsync(Session s, string name, CancellationToken ct) => s.WithNodeAsync(name, async h =>
    {
        var state = await s.CallAsync(new GetNodeStateRequest(h), ct).ConfigureAwait(false);
        Check(state.Result, $"state of node '{name}'");
        var id = await s.CallAsync(new GetNodeIdRequest(h), ct).ConfigureAwait(false);
        Check(id.Result, $"ID of node '{name}'");
        return new ClusterNode(name, id.Value ?? "", (ClusterNodeState)state.State);
    }, ct);

    /// <summary>Every group with its owner node and state.</summary>
    public Task<IReadOnlyList<ClusterGroup>> GetGroupsAsync(CancellationToken cancellationToken = default) =>
        ListAsync("Get-ClusterGroup", ClusterEnumType.Group, ReadGroupAsync, cancellationToken);

    /// <summary>One group by name.</summary>
    public Task<ClusterGroup> GetGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Get-ClusterGroup", (s, ct) => ReadGroupAsync(s, name, ct), cancellationToken);
    }

    private static Task<ClusterGroup> ReadGroupAsync(Session s, string name, CancellationToken ct) => s.WithGroupAsync(name, async h =>
    {
        var state = await s.CallAsync(new GetGroupStateRequest(h), ct).ConfigureAwait(false);
        Check(state.Result, $"state of group '{name}'");
        return new ClusterGroup(name, state.NodeName, (ClusterGroupState)state.State);
    }, ct);

    /// <summary>Every resource with its state, group and type.</summary>
    public Task<IReadOnlyList<ClusterResource>> GetResourcesAsync(CancellationToken cancellationToken = default) =>
        ListAsync("Get-ClusterResource", ClusterEnumType.Resource, ReadResourceAsync, cancellationToken);

    /// <summary>One resource by name.</summary>
    public Task<ClusterResource> GetResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Get-ClusterResource", (s, ct) => ReadResourceAsync(s, name, ct), cancellationToken);
    }

    private static Task<ClusterResource> ReadResourceAsync(Session s, string name, CancellationToken ct) => s.WithResourceAsync(name, async h =>
    {
        var state = await s.CallAsync(new GetResourceStateRequest(h), ct).ConfigureAwait(false);
        Check(state.Result, $"state of resource '{name}'");
        var type = await s.CallAsync(new GetResourceTypeRequest(h), ct).ConfigureAwait(false);
        Check(type.Result, $"type of resource '{name}'");
        return new ClusterResource(name, (ClusterResourceState)state.State, state.GroupName, state.NodeName, type.Value ?? "");
    }, ct);

    /// <summary>
    /// The parameters (private properties, read-only ones included) of a resource, as Get-ClusterParameter shows
    /// them: CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES and GET_RO_PRIVATE_PROPERTIES (MS-CMRP 3.1.4.3.1.23, 3.1.4.3.1.21).
    /// </summary>
    public Task<IReadOnlyList<ClusterParameter>> GetResourceParametersAsync(string resource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return RunAsync("Get-ClusterParameter", (s, ct) => s.WithResourceAsync(resource, async h =>
        {
            var result = new List<ClusterParameter>();
            foreach (var code in new[] { ControlCodes.ResourceGetRoPrivateProperties, ControlCodes.ResourceGetPrivateProperties })
            {
                var bytes = await s.ControlAsync(size => new ResourceControlRequest(h, code, ReadOnlyMemory<byte>.Empty, size),
                    $"parameters of '{resource}'", ct).ConfigureAwait(false);
                result.AddRange(Parameters.Read(resource, bytes));
            }
            return (IReadOnlyList<ClusterParameter>)result.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }, ct), cancellationToken);
    }

    /// <summary>Brings a resource online (Start-ClusterResource) and waits until it is online or failed.</summary>
    public Task<ClusterResource> StartResourceAsync(string name, CancellationToken cancellationToken = default) =>
        ChangeResourceAsync(name, "Start-ClusterResource", online: true, cancellationToken);

    /// <summary>Takes a resource offline (Stop-ClusterResource) and waits until it is offline.</summary>
    public Task<ClusterResource> StopResourceAsync(string name, CancellationToken cancellationToken = default) =>
        ChangeResourceAsync(name, "Stop-ClusterResource", online: false, cancellationToken);

    private Task<ClusterResource> ChangeResourceAsync(string name, string what, bool online, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync(what, (s, ct) => s.WithResourceAsync(name, async h =>
        {
            var r = online
                ? await s.CallAsync(new OnlineResourceRequest(h), ct).ConfigureAwait(false)
                : await s.CallAsync(new OfflineResourceRequest(h), ct).ConfigureAwait(false);
            if (r.Result != Win32Error.IoPending)
            {
                Check(r.Result, $"{what} '{name}'");
            }
            // ERROR_IO_PENDING: the change goes on; watch the state settle (MS-CMRP 3.1.4.2.18).
            for (var delay = 20; ; delay = Math.Min(delay * 2, 500))
            {
                var state = await s.CallAsync(new GetResourceStateRequest(h), ct).ConfigureAwait(false);
                Check(state.Result, $"state of resource '{name}'");
                var st = (ClusterResourceState)state.State;
                if (st < ClusterResourceState.Pending)
                {
                    var type = await s.CallAsync(new GetResourceTypeRequest(h), ct).ConfigureAwait(false);
                    return new ClusterResource(name, st, state.GroupName, state.NodeName, type.Value ?? "");
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }, ct), cancellationToken);
    }

    /// <summary>Moves a group to <paramref name="node"/>, or to the best other node when null (Move-ClusterGroup).</summary>
    public Task<ClusterGroup> MoveGroupAsync(string name, string? node = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Move-ClusterGroup", (s, ct) => MoveGroupCoreAsync(s, name, node, ct), cancellationToken);
    }

    private static Task<ClusterGroup> MoveGroupCoreAsync(Session s, string name, string? node, CancellationToken ct) => s.WithGroupAsync(name, async g =>
    {
        var r = node is null
            ? await s.CallAsync(new MoveGroupRequest(g), ct).ConfigureAwait(false)
            : await s.WithNodeAsync(node, n => s.CallAsync(new MoveGroupToNodeRequest(g, n), ct), ct).ConfigureAwait(false);
        if (r.Result != Win32Error.IoPending)
        {
            Check(r.Result, node is null ? $"move group '{name}'" : $"move group '{name}' to '{node}'");
        }
        for (var delay = 20; ; delay = Math.Min(delay * 2, 500))
        {
            var state = await s.CallAsync(new GetGroupStateRequest(g), ct).ConfigureAwait(false);
            Check(state.Result, $"state of group '{name}'");
            if ((ClusterGroupState)state.State != ClusterGroupState.Pending)
            {
                return new ClusterGroup(name, state.NodeName, (ClusterGroupState)state.State);
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }, ct);

    /// <summary>Pauses a node (Suspend-ClusterNode): it keeps running but takes no groups.</summary>
    public Task<ClusterNode> SuspendNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Suspend-ClusterNode", (s, ct) => s.WithNodeAsync(name, async h =>
        {
            var r = await s.CallAsync(new PauseNodeRequest(h), ct).ConfigureAwait(false);
            Check(r.Result, $"pause node '{name}'");
            return await ReadNodeAsync(s, name, ct).ConfigureAwait(false);
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>Resumes a paused node (Resume-ClusterNode).</summary>
    public Task<ClusterNode> ResumeNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Resume-ClusterNode", (s, ct) => s.WithNodeAsync(name, async h =>
        {
            var r = await s.CallAsync(new ResumeNodeRequest(h), ct).ConfigureAwait(false);
            Check(r.Result, $"resume node '{name}'");
            return await ReadNodeAsync(s, name, ct).ConfigureAwait(false);
        }, ct), cancellationToken, repeatable: false);
    }
}
