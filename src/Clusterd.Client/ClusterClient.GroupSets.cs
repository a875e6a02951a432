using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Client;

/// <summary>A group set (Get-ClusterGroupSet: Name, GroupNames, ProviderNames).</summary>
/// <param name="Name">The set name.</param>
/// <param name="GroupNames">Its member groups (CLUSCTL_GROUPSET_GET_GROUPS).</param>
/// <param name="ProviderNames">The sets it depends on (CLUSCTL_GROUPSET_GET_PROVIDER_GROUPSETS).</param>
public sealed record ClusterGroupSet(string Name, IReadOnlyList<string> GroupNames, IReadOnlyList<string> ProviderNames);

public sealed partial class ClusterClient
{
    /// <summary>Every group set with its members and providers (ApiCreateGroupSetEnum, then ApiGroupSetControl per set).</summary>
    public Task<IReadOnlyList<ClusterGroupSet>> GetGroupSetsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterGroupSet", static async (s, ct) =>
        {
            var e = await s.CallAsync(new CreateGroupSetEnumRequest(s.Cluster), ct).ConfigureAwait(false);
            Check(e.Result, "ApiCreateGroupSetEnum");
            var result = new List<ClusterGroupSet>();
            foreach (var name in (e.Entries ?? []).Where(x => x.Name is not null).Select(x => x.Name!))
            {
                result.Add(await ReadGroupSetAsync(s, name, ct).ConfigureAwait(false));
            }
            return (IReadOnlyList<ClusterGroupSet>)result;
        }, cancellationToken);

    /// <summary>One group set by name (ERROR_GROUPSET_NOT_FOUND when there is none).</summary>
    public Task<ClusterGroupSet> GetGroupSetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Get-ClusterGroupSet", (s, ct) => ReadGroupSetAsync(s, name, ct), cancellationToken);
    }

    /// <summary>Creates an empty group set (New-ClusterGroupSet, ApiCreateGroupSet).</summary>
    public Task<ClusterGroupSet> NewGroupSetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("New-ClusterGroupSet", async (s, ct) =>
        {
            var created = await s.CallAsync(new CreateGroupSetRequest(name), ct).ConfigureAwait(false);
            Check(created.Status, $"create group set '{name}'");
            await s.CallAsync(new CloseGroupSetRequest(created.Handle), ct).ConfigureAwait(false);
            return await ReadGroupSetAsync(s, name, ct).ConfigureAwait(false);
        }, cancellationToken, repeatable: false);
    }

    /// <summary>Deletes an empty group set (Remove-ClusterGroupSet, ApiDeleteGroupSet).</summary>
    public Task RemoveGroupSetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Remove-ClusterGroupSet", (s, ct) => WithGroupSetAsync(s, name, async h =>
        {
            var r = await s.CallAsync(new DeleteGroupSetRequest(h), ct).ConfigureAwait(false);
            Check(r.Result, $"delete group set '{name}'");
            return true;
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>Adds a group to a group set (Add-ClusterGroupToSet, ApiAddGroupToGroupSet); a group is in at most one set.</summary>
    public Task<ClusterGroupSet> AddGroupToSetAsync(string groupSet, string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupSet);
        ArgumentException.ThrowIfNullOrEmpty(group);
        return RunAsync("Add-ClusterGroupToSet", (s, ct) => WithGroupSetAsync(s, groupSet, h => s.WithGroupAsync(group, async g =>
        {
            var r = await s.CallAsync(new AddGroupToGroupSetRequest(h, g), ct).ConfigureAwait(false);
            Check(r.Result, $"add group '{group}' to group set '{groupSet}'");
            return await ReadGroupSetAsync(s, groupSet, ct).ConfigureAwait(false);
        }, ct), ct), cancellationToken, repeatable: false);
    }

    /// <summary>Takes a group out of its group set (Remove-ClusterGroupFromSet, ApiRemoveGroupFromGroupSet).</summary>
    public Task RemoveGroupFromSetAsync(string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        return RunAsync("Remove-ClusterGroupFromSet", (s, ct) => s.WithGroupAsync(group, async g =>
        {
            var r = await s.CallAsync(new RemoveGroupFromGroupSetRequest(g), ct).ConfigureAwait(false);
            Check(r.Result, $"remove group '{group}' from its group set");
            return true;
        }, ct), cancellationToken, repeatable: false);
    }

    private static Task<ClusterGroupSet> ReadGroupSetAsync(Session s, string name, CancellationToken ct) => WithGroupSetAsync(s, name, async h =>
    {
        var groups = await s.ControlAsync(size => new GroupSetControlRequest(h, ControlCodes.GroupSetGetGroups, ReadOnlyMemory<byte>.Empty, size),
            $"groups of group set '{name}'", ct).ConfigureAwait(false);
        var providers = await s.ControlAsync(size => new GroupSetControlRequest(h, ControlCodes.GroupSetGetProviderGroupSets, ReadOnlyMemory<byte>.Empty, size),
            $"providers of group set '{name}'", ct).ConfigureAwait(false);
        return new ClusterGroupSet(name, MultiSz(groups), MultiSz(providers));
    }, ct);

    /// <summary>Opens a group set by name, runs <paramref name="use"/>, and closes it whatever happens.</summary>
    private static async Task<T> WithGroupSetAsync<T>(Session s, string name, Func<GroupSetHandle, Task<T>> use, CancellationToken ct)
    {
        var opened = await s.CallAsync(new OpenGroupSetRequest(name), ct).ConfigureAwait(false);
        Check(opened.Status, $"group set '{name}'");
        try
        {
            return await use(opened.Handle).ConfigureAwait(false);
        }
        finally
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _ = await s.CallAsync(new CloseGroupSetRequest(opened.Handle), quick.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A MULTI_SZ (names, each NUL-terminated, then a NUL) as its names.</summary>
    private static List<string> MultiSz(ReadOnlyMemory<byte> bytes) =>
        [.. Encoding.Unicode.GetString(bytes.Span).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
