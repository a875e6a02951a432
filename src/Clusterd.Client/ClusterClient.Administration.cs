using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Client;

// Issue 11 ("Clients that exercise them"): node drain and failback, resource types, possible owners, moving a
// resource between groups, dependency expressions and the quorum resource.

/// <summary>Which groups go back to a node when it resumes (dwResumeFailbackType of ApiResumeNodeEx, MS-CMRP 3.1.4.2.127).</summary>
public enum ClusterFailbackType
{
    /// <summary>DoNotFailbackGroups: no group moves.</summary>
    None = 0,

    /// <summary>FailbackGroupsImmediately: every group whose most preferred owner is the node moves back.</summary>
    Immediate = 1,

    /// <summary>FailbackGroupsPerPolicy: those of them whose failback policy allows it.</summary>
    Policy = 2,
}

/// <summary>A resource type (Get-ClusterResourceType: Name, DisplayName; DllName as a property).</summary>
/// <param name="Name">The type name, e.g. "Physical Disk".</param>
/// <param name="DisplayName">Its display name (the common property Name).</param>
/// <param name="DllName">The resource DLL that implements it.</param>
public sealed record ClusterResourceType(string Name, string DisplayName, string DllName);

/// <summary>The possible owners of a resource, or the preferred owners of a group (Get-ClusterOwnerNode: ClusterObject, OwnerNodes).</summary>
/// <param name="ClusterObject">The resource's or group's name.</param>
/// <param name="OwnerNodes">The nodes that can own the resource; the group's preferred owners, most preferred first.</param>
public sealed record ClusterOwnerNodes(string ClusterObject, IReadOnlyList<string> OwnerNodes);

/// <summary>The dependency expression of a resource (Get-ClusterResourceDependency: Resource, DependencyExpression).</summary>
/// <param name="Resource">The resource's name.</param>
/// <param name="DependencyExpression">"[A] and ([B] or [C])"; empty when it depends on nothing.</param>
public sealed record ClusterResourceDependency(string Resource, string DependencyExpression);

/// <summary>The quorum resource (Get-ClusterQuorum: Cluster, QuorumResource; ApiGetQuorumResource, MS-CMRP 3.1.4.2.6).</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="QuorumResource">The quorum (witness) resource's name; empty when there is none.</param>
/// <param name="DeviceName">The path of the quorum log on it (lpszDeviceName).</param>
/// <param name="MaxQuorumLogSize">The quorum log's maximum size, in bytes.</param>
public sealed record ClusterQuorum(string Cluster, string QuorumResource, string DeviceName, uint MaxQuorumLogSize);

public sealed partial class ClusterClient
{
    /// <summary>CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR (MS-CMRP 3.1.4.2.125).</summary>
    private const uint RemainOnPausedNodeOnMoveError = 1;

    /// <summary>NodeDrainStatus InProgress (the NODE_DRAIN_STATUS of clusapi.h).</summary>
    private const uint NodeDrainInProgress = 1;

    /// <summary>CLUSTER_RESOURCE_ENUM_NODES: the possible owners (MS-CMRP 3.1.4.2.23).</summary>
    private const uint ResourceEnumNodes = 4;

    /// <summary>The LooksAlive and IsAlive poll intervals a new resource type gets, in milliseconds (Windows' defaults).</summary>
    private const uint DefaultLooksAlive = 5000, DefaultIsAlive = 60000;

    /// <summary>
    /// Pauses a node and drains it (Suspend-ClusterNode -Drain): every group it owns moves to another node, or to
    /// <paramref name="targetNode"/> (ApiPauseNodeEx, ApiPauseNodeWithDrainTarget; MS-CMRP 3.1.4.2.125-126). Without
    /// <paramref name="forceDrain"/> a group that cannot move stays on the paused node
    /// (CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR); with it, it moves anyway. ERROR_IO_PENDING is the
    /// spec's answer for a drain that started and is not an error.
    /// </summary>
    public Task<ClusterNode> DrainNodeAsync(string name, string? targetNode = null, bool forceDrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (targetNode is { Length: 0 })
        {
            throw new ArgumentException("The drain target is empty.", nameof(targetNode));
        }
        var flags = forceDrain ? 0u : RemainOnPausedNodeOnMoveError;
        return RunAsync("Suspend-ClusterNode -Drain", (s, ct) => s.WithNodeAsync(name, async h =>
        {
            var r = targetNode is null
                ? await s.CallAsync(new PauseNodeExRequest(h, true, flags), ct).ConfigureAwait(false)
                : await s.WithNodeAsync(targetNode, t => s.CallAsync(new PauseNodeWithDrainTargetRequest(h, flags, t), ct), ct).ConfigureAwait(false);
            if (r.Result != Win32Error.IoPending)
            {
                Check(r.Result, targetNode is null ? $"drain node '{name}'" : $"drain node '{name}' to '{targetNode}'");
            }
            await WaitForDrainAsync(s, h, name, ct).ConfigureAwait(false);
            return await ReadNodeAsync(s, name, ct).ConfigureAwait(false);
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>
    /// Waits while the node's read-only common property NodeDrainStatus says the drain is in progress (1), as
    /// Suspend-ClusterNode -Drain does: on Windows the groups move after the ERROR_IO_PENDING answer. A drain that
    /// ends Failed (3) leaves the node paused with the groups that did not move; the caller sees them with the groups.
    /// </summary>
    private static async Task WaitForDrainAsync(Session s, NodeHandle h, string name, CancellationToken ct)
    {
        for (var delay = 20; ; delay = Math.Min(delay * 2, 500))
        {
            var bytes = await s.ControlAsync(size => new NodeControlRequest(h, ControlCodes.NodeGetRoCommonProperties, ReadOnlyMemory<byte>.Empty, size),
                $"drain status of node '{name}'", ct).ConfigureAwait(false);
            var status = Parameters.Read(name, bytes).FirstOrDefault(p => string.Equals(p.Name, "NodeDrainStatus", StringComparison.OrdinalIgnoreCase));
            if (status?.Value is not NodeDrainInProgress)
            {
                return;
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Resumes a paused node and fails groups back to it as <paramref name="failback"/> says (Resume-ClusterNode
    /// -Failback; ApiResumeNodeEx, MS-CMRP 3.1.4.2.127).
    /// </summary>
    public Task<ClusterNode> ResumeNodeAsync(string name, ClusterFailbackType failback, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Resume-ClusterNode", (s, ct) => s.WithNodeAsync(name, async h =>
        {
            var r = await s.CallAsync(new ResumeNodeExRequest(h, (uint)failback, 0), ct).ConfigureAwait(false);
            if (r.Result != Win32Error.IoPending)
            {
                Check(r.Result, $"resume node '{name}'");
            }
            return await ReadNodeAsync(s, name, ct).ConfigureAwait(false);
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>Every resource type with its display name and DLL (ApiCreateEnum with CLUSTER_ENUM_RESTYPE, then CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES).</summary>
    public Task<IReadOnlyList<ClusterResourceType>> GetResourceTypesAsync(CancellationToken cancellationToken = default) =>
        ListAsync("Get-ClusterResourceType", ClusterEnumType.ResourceType, ReadResourceTypeAsync, cancellationToken);

    /// <summary>One resource type by name (ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND when there is none).</summary>
    public Task<ClusterResourceType> GetResourceTypeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Get-ClusterResourceType", (s, ct) => ReadResourceTypeAsync(s, name, ct), cancellationToken);
    }

    /// <summary>
    /// Registers a resource type (Add-ClusterResourceType; ApiCreateResourceType, MS-CMRP 3.1.4.2.27) implemented by
    /// <paramref name="dllName"/>; the display name is the type name when none is given. A name in use is
    /// ERROR_ALREADY_EXISTS.
    /// </summary>
    public Task<ClusterResourceType> AddResourceTypeAsync(string name, string dllName, string? displayName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(dllName);
        return RunAsync("Add-ClusterResourceType", async (s, ct) =>
        {
            var r = await s.CallAsync(new CreateResourceTypeRequest(name, string.IsNullOrEmpty(displayName) ? name : displayName, dllName,
                DefaultLooksAlive, DefaultIsAlive), ct).ConfigureAwait(false);
            Check(r.Result, $"create resource type '{name}'");
            return await ReadResourceTypeAsync(s, name, ct).ConfigureAwait(false);
        }, cancellationToken, repeatable: false);
    }

    /// <summary>
    /// Deletes a resource type (Remove-ClusterResourceType; ApiDeleteResourceType, MS-CMRP 3.1.4.2.28):
    /// ERROR_DIR_NOT_EMPTY while resources of the type exist.
    /// </summary>
    public Task RemoveResourceTypeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Remove-ClusterResourceType", async (s, ct) =>
        {
            var r = await s.CallAsync(new DeleteResourceTypeRequest(name), ct).ConfigureAwait(false);
            Check(r.Result, $"delete resource type '{name}'");
            return true;
        }, cancellationToken, repeatable: false);
    }

    private static async Task<ClusterResourceType> ReadResourceTypeAsync(Session s, string name, CancellationToken ct)
    {
        var bytes = await s.ControlAsync(size => new ResourceTypeControlRequest(s.Cluster, name, ControlCodes.ResourceTypeGetCommonProperties,
            ReadOnlyMemory<byte>.Empty, size), $"resource type '{name}'", ct).ConfigureAwait(false);
        var properties = Parameters.Read(name, bytes).ToList();
        string Text(string property) =>
            properties.FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))?.Value as string ?? "";
        return new ClusterResourceType(name, Text("Name") is { Length: > 0 } display ? display : name, Text("DllName"));
    }

    /// <summary>The possible owners of a resource (Get-ClusterOwnerNode -Resource; ApiCreateResEnum with CLUSTER_RESOURCE_ENUM_NODES).</summary>
    public Task<ClusterOwnerNodes> GetResourceOwnerNodesAsync(string resource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return RunAsync("Get-ClusterOwnerNode", (s, ct) => s.WithResourceAsync(resource, h => ReadOwnersAsync(s, resource, h, ct), ct), cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="owners"/> exactly the possible owners of a resource (Set-ClusterOwnerNode -Resource):
    /// ApiAddResourceNode for each node missing, then ApiRemoveResourceNode for each node not named (MS-CMRP
    /// 3.1.4.2.24-25), so the resource never has fewer owners than it ends with. Unknown node names are
    /// ERROR_CLUSTER_NODE_NOT_FOUND before anything changes; otherwise not atomic: when a call fails (e.g.
    /// ERROR_INVALID_STATE for removing the node an online resource runs on), the calls before it stay done.
    /// </summary>
    public Task<ClusterOwnerNodes> SetResourceOwnerNodesAsync(string resource, IEnumerable<string> owners, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(owners);
        var wanted = owners.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0 || wanted.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("The owner list is empty or names an empty node.", nameof(owners));
        }
        return RunAsync("Set-ClusterOwnerNode", (s, ct) => s.WithResourceAsync(resource, async h =>
        {
            // Every name is checked before anything changes: an unknown node is ERROR_CLUSTER_NODE_NOT_FOUND with no change made.
            var nodes = await s.EnumerateAsync(ClusterEnumType.Node, ct).ConfigureAwait(false);
            if (wanted.FirstOrDefault(n => !nodes.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                throw new ClusterException(Win32Error.ClusterNodeNotFound, $"node '{unknown}'");
            }
            var current = (await ReadOwnersAsync(s, resource, h, ct).ConfigureAwait(false)).OwnerNodes;
            foreach (var node in wanted.Where(n => !current.Contains(n, StringComparer.OrdinalIgnoreCase)))
            {
                await s.WithNodeAsync(node, async n =>
                {
                    Check((await s.CallAsync(new AddResourceNodeRequest(h, n), ct).ConfigureAwait(false)).Result, $"add owner '{node}' to resource '{resource}'");
                    return true;
                }, ct).ConfigureAwait(false);
            }
            foreach (var node in current.Where(n => !wanted.Contains(n, StringComparer.OrdinalIgnoreCase)))
            {
                await s.WithNodeAsync(node, async n =>
                {
                    Check((await s.CallAsync(new RemoveResourceNodeRequest(h, n), ct).ConfigureAwait(false)).Result, $"remove owner '{node}' from resource '{resource}'");
                    return true;
                }, ct).ConfigureAwait(false);
            }
            return await ReadOwnersAsync(s, resource, h, ct).ConfigureAwait(false);
        }, ct), cancellationToken);
    }

    /// <summary>CLUSTER_GROUP_ENUM_NODES: the preferred owners, most preferred first (MS-CMRP 3.1.4.2.54).</summary>
    private const uint GroupEnumNodes = 2;

    /// <summary>The preferred owners of a group, most preferred first (Get-ClusterOwnerNode -Group; ApiCreateGroupResourceEnum with CLUSTER_GROUP_ENUM_NODES).</summary>
    public Task<ClusterOwnerNodes> GetGroupOwnerNodesAsync(string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        return RunAsync("Get-ClusterOwnerNode", (s, ct) => s.WithGroupAsync(group, g => ReadGroupOwnersAsync(s, group, g, ct), ct), cancellationToken);
    }

    /// <summary>
    /// Sets the preferred owners of a group, most preferred first; an empty list clears them (Set-ClusterOwnerNode
    /// -Group; ApiSetGroupNodeList, MS-CMRP 3.1.4.2.55, with the nodes' IDs). One call: all of it changes or nothing.
    /// </summary>
    public Task<ClusterOwnerNodes> SetGroupOwnerNodesAsync(string group, IEnumerable<string> owners, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(owners);
        var wanted = owners.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("The owner list names an empty node.", nameof(owners));
        }
        return RunAsync("Set-ClusterOwnerNode", (s, ct) => s.WithGroupAsync(group, async g =>
        {
            var list = new StringBuilder();
            foreach (var node in wanted)
            {
                var id = await s.WithNodeAsync(node, async n =>
                {
                    var r = await s.CallAsync(new GetNodeIdRequest(n), ct).ConfigureAwait(false);
                    Check(r.Result, $"ID of node '{node}'");
                    return r.Value ?? "";
                }, ct).ConfigureAwait(false);
                list.Append(id).Append('\0');
            }
            var bytes = wanted.Count == 0 ? ReadOnlyMemory<byte>.Empty : Encoding.Unicode.GetBytes(list.Append('\0').ToString());
            Check((await s.CallAsync(new SetGroupNodeListRequest(g, bytes), ct).ConfigureAwait(false)).Result, $"preferred owners of group '{group}'");
            return await ReadGroupOwnersAsync(s, group, g, ct).ConfigureAwait(false);
        }, ct), cancellationToken);
    }

    private static async Task<ClusterOwnerNodes> ReadGroupOwnersAsync(Session s, string group, GroupHandle g, CancellationToken ct)
    {
        var r = await s.CallAsync(new CreateGroupResourceEnumRequest(g, GroupEnumNodes), ct).ConfigureAwait(false);
        Check(r.Result, $"preferred owners of group '{group}'");
        return new ClusterOwnerNodes(group, [.. (r.Entries ?? []).Where(e => e.Name is not null).Select(e => e.Name!)]);
    }

    private static async Task<ClusterOwnerNodes> ReadOwnersAsync(Session s, string resource, ResourceHandle h, CancellationToken ct)
    {
        var r = await s.CallAsync(new CreateResEnumRequest(h, ResourceEnumNodes), ct).ConfigureAwait(false);
        Check(r.Result, $"possible owners of resource '{resource}'");
        return new ClusterOwnerNodes(resource, [.. (r.Entries ?? []).Where(e => e.Name is not null).Select(e => e.Name!)]);
    }

    /// <summary>
    /// Moves a resource, with the resources it depends on and those depending on it, to another group
    /// (Move-ClusterResource -Group; ApiChangeResourceGroupEx, MS-CMRP 3.1.4.2.166, no flags).
    /// </summary>
    public Task<ClusterResource> MoveResourceAsync(string resource, string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(group);
        return RunAsync("Move-ClusterResource", (s, ct) => s.WithResourceAsync(resource, async h =>
        {
            var r = await s.WithGroupAsync(group, g => s.CallAsync(new ChangeResourceGroupExRequest(h, g, 0), ct), ct).ConfigureAwait(false);
            Check(r.Result, $"move resource '{resource}' to group '{group}'");
            return await ReadResourceAsync(s, resource, ct).ConfigureAwait(false);
        }, ct), cancellationToken);
    }

    /// <summary>The dependency expression of a resource (Get-ClusterResourceDependency; ApiGetResourceDependencyExpression, MS-CMRP 3.1.4.2.110).</summary>
    public Task<ClusterResourceDependency> GetResourceDependencyAsync(string resource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return RunAsync("Get-ClusterResourceDependency", (s, ct) => s.WithResourceAsync(resource, h => ReadDependencyAsync(s, resource, h, ct), ct),
            cancellationToken);
    }

    /// <summary>
    /// Replaces the dependencies of a resource with <paramref name="expression"/>, e.g. "[A] and ([B] or [C])"; empty
    /// removes them all (Set-ClusterResourceDependency; ApiSetResourceDependencyExpression, MS-CMRP 3.1.4.2.109). An
    /// expression that does not parse is ERROR_INVALID_PARAMETER, an unknown resource in it ERROR_RESOURCE_NOT_FOUND.
    /// </summary>
    public Task<ClusterResourceDependency> SetResourceDependencyAsync(string resource, string expression, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(expression);
        return RunAsync("Set-ClusterResourceDependency", (s, ct) => s.WithResourceAsync(resource, async h =>
        {
            var r = await s.CallAsync(new SetResourceDependencyExpressionRequest(h, expression), ct).ConfigureAwait(false);
            Check(r.Result, $"dependencies of resource '{resource}'");
            return await ReadDependencyAsync(s, resource, h, ct).ConfigureAwait(false);
        }, ct), cancellationToken);
    }

    private static async Task<ClusterResourceDependency> ReadDependencyAsync(Session s, string resource, ResourceHandle h, CancellationToken ct)
    {
        var r = await s.CallAsync(new GetResourceDependencyExpressionRequest(h), ct).ConfigureAwait(false);
        Check(r.Result, $"dependencies of resource '{resource}'");
        return new ClusterResourceDependency(resource, r.Value ?? "");
    }

    /// <summary>The quorum resource (Get-ClusterQuorum; ApiGetQuorumResource, MS-CMRP 3.1.4.2.6).</summary>
    public Task<ClusterQuorum> GetQuorumAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterQuorum", ReadQuorumAsync, cancellationToken);

    /// <summary>
    /// Makes a disk the witness (Set-ClusterQuorum -DiskWitness; ApiSetQuorumResource, MS-CMRP 3.1.4.2.7). The
    /// quorum log path is left empty (the disk's root) and the log size kept. A resource that cannot be quorum is
    /// ERROR_NOT_QUORUM_CLASS.
    /// </summary>
    public Task<ClusterQuorum> SetQuorumDiskWitnessAsync(string resource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return RunAsync("Set-ClusterQuorum", async (s, ct) =>
        {
            var before = await ReadQuorumAsync(s, ct).ConfigureAwait(false);
            await s.WithResourceAsync(resource, async h =>
            {
                var r = await s.CallAsync(new SetQuorumResourceRequest(h, "", before.MaxQuorumLogSize), ct).ConfigureAwait(false);
                Check(r.Result, $"make resource '{resource}' the disk witness");
                return true;
            }, ct).ConfigureAwait(false);
            return await ReadQuorumAsync(s, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static async Task<ClusterQuorum> ReadQuorumAsync(Session s, CancellationToken ct)
    {
        var name = await s.CallAsync(new GetClusterNameRequest(), ct).ConfigureAwait(false);
        Check(name.Result, "ApiGetClusterName");
        var q = await s.CallAsync(new GetQuorumResourceRequest(), ct).ConfigureAwait(false);
        Check(q.Result, "ApiGetQuorumResource");
        return new ClusterQuorum(name.ClusterName ?? "", q.ResourceName ?? "", q.DeviceName ?? "", q.MaxQuorumLogSize);
    }
}
