using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Client;

/// <summary>
/// The cluster registry (the cluster database, MS-CMRP 3.1.1.2) by path: "" is the root (HKLM\Cluster on Windows),
/// "Resources\{id}\Parameters" a resource's parameters. Writes go through ApiCreateKey, ApiSetValue, ApiDeleteValue,
/// ApiDeleteKey and ApiExecuteBatch (MS-CMRP 3.1.4.2.30-36, 112); the server refuses what it keeps for its objects
/// (ERROR_ACCESS_DENIED).
/// </summary>
public sealed partial class ClusterClient
{
    /// <summary>MAXIMUM_ALLOWED: the handle gets "All" where the caller has it.</summary>
    private const uint MaximumAllowed = 0x02000000;

    /// <summary>Creates the key at <paramref name="path"/> and the keys on its way; true when it did not exist before.</summary>
    public Task<bool> CreateRegistryKeyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RunAsync("create registry key", (s, ct) => WithRootKeyAsync(s, async root =>
        {
            var r = await s.CallAsync(new CreateKeyRequest(root, path, 0, MaximumAllowed, null), ct).ConfigureAwait(false);
            Check(r.Status, $"registry key '{path}'");
            await CloseKeyAsync(s, r.Handle).ConfigureAwait(false);
            return r.Disposition == 1;
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>Sets (creates or replaces) the value <paramref name="name"/> of the key at <paramref name="keyPath"/>, creating the key when missing.</summary>
    public Task SetRegistryValueAsync(string keyPath, string name, ClusterRegistryValue value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return RunAsync("set registry value", (s, ct) => WithKeyAsync(s, keyPath, create: true, async key =>
        {
            var r = await s.CallAsync(new SetValueRequest(key, name, (uint)value.Type, value.Data), ct).ConfigureAwait(false);
            Check(r.Result, $"registry value '{name}' of '{keyPath}'");
            return true;
        }, ct), cancellationToken);
    }

    /// <summary>
    /// Sets and deletes (a null value) several values of the key at <paramref name="keyPath"/> at once, with one
    /// ApiExecuteBatch: all of them change or none does. The key is created when missing.
    /// </summary>
    public Task SetRegistryValuesAsync(string keyPath, IEnumerable<KeyValuePair<string, ClusterRegistryValue?>> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(values);
        var commands = new List<RegBatchCommand> { new(RegBatchUpdate.CreateKey, 0, keyPath, default) };
        commands.AddRange(values.Select(v => v.Value is { } set
            ? new RegBatchCommand(RegBatchUpdate.SetValue, (uint)set.Type, v.Key, set.Data)
            : new RegBatchCommand(RegBatchUpdate.DeleteValue, 0, v.Key, default)));
        var batch = RegBatchUpdate.Build(commands);
        return RunAsync("set registry values", (s, ct) => WithRootKeyAsync(s, async root =>
        {
            var r = await s.CallAsync(new ExecuteBatchRequest(root, batch), ct).ConfigureAwait(false);
            Check(r.Result, r.FailedCommand >= 1 && r.FailedCommand < commands.Count
                ? $"registry value '{commands[r.FailedCommand].Name}' of '{keyPath}'"
                : $"registry key '{keyPath}'");
            return true;
        }, ct), cancellationToken);
    }

    /// <summary>The value <paramref name="name"/> of the key at <paramref name="keyPath"/>, or null when the value does not exist.</summary>
    public Task<ClusterRegistryValue?> GetRegistryValueAsync(string keyPath, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync("read registry value", (s, ct) => WithKeyAsync(s, keyPath, create: false, async key =>
        {
            var q = await s.CallAsync(new QueryValueRequest(key, name, 0), ct).ConfigureAwait(false);
            if (q.Result == Win32Error.FileNotFound)
            {
                return null;
            }
            if (q.Result == Win32Error.MoreData && q.DataRequired <= MaxControlBuffer)
            {
                q = await s.CallAsync(new QueryValueRequest(key, name, q.DataRequired), ct).ConfigureAwait(false);
            }
            Check(q.Result, $"registry value '{name}' of '{keyPath}'");
            return new ClusterRegistryValue((RegistryValueType)q.ValueType, q.Data[..(int)q.DataRequired].ToArray());
        }, ct), cancellationToken);
    }

    /// <summary>Deletes the value <paramref name="name"/> of the key at <paramref name="keyPath"/>.</summary>
    public Task DeleteRegistryValueAsync(string keyPath, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync("delete registry value", (s, ct) => WithKeyAsync(s, keyPath, create: false, async key =>
        {
            Check((await s.CallAsync(new DeleteValueRequest(key, name), ct).ConfigureAwait(false)).Result, $"registry value '{name}' of '{keyPath}'");
            return true;
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>Deletes the key at <paramref name="path"/> with its values; a key with subkeys is refused (ERROR_ACCESS_DENIED).</summary>
    public Task DeleteRegistryKeyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RunAsync("delete registry key", (s, ct) => WithRootKeyAsync(s, async root =>
        {
            Check((await s.CallAsync(new DeleteKeyRequest(root, path), ct).ConfigureAwait(false)).Result, $"registry key '{path}'");
            return true;
        }, ct), cancellationToken, repeatable: false);
    }

    /// <summary>
    /// Sets one parameter (private property) of a resource through the cluster registry: the value
    /// <paramref name="name"/> of the resource's Parameters key (created when missing), as Set-ClusterParameter does.
    /// </summary>
    public Task SetResourceParameterAsync(string resource, string name, ClusterRegistryValue value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return RunAsync("Set-ClusterParameter", async (s, ct) =>
        {
            var id = await s.WithResourceAsync(resource, async h =>
            {
                var r = await s.CallAsync(new GetResourceIdRequest(h), ct).ConfigureAwait(false);
                Check(r.Result, $"ID of resource '{resource}'");
                return r.Value!;
            }, ct).ConfigureAwait(false);
            var keyPath = @"Resources\" + id + @"\Parameters";
            return await WithKeyAsync(s, keyPath, create: true, async key =>
            {
                var r = await s.CallAsync(new SetValueRequest(key, name, (uint)value.Type, value.Data), ct).ConfigureAwait(false);
                Check(r.Result, $"parameter '{name}' of resource '{resource}'");
                return true;
            }, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static async Task<T> WithRootKeyAsync<T>(Session s, Func<KeyHandle, Task<T>> use, CancellationToken ct)
    {
        var root = await s.CallAsync(new GetRootKeyRequest(MaximumAllowed), ct).ConfigureAwait(false);
        Check(root.Status, "the cluster registry");
        try
        {
            return await use(root.Handle).ConfigureAwait(false);
        }
        finally
        {
            await CloseKeyAsync(s, root.Handle).ConfigureAwait(false);
        }
    }

    private static Task<T> WithKeyAsync<T>(Session s, string path, bool create, Func<KeyHandle, Task<T>> use, CancellationToken ct) =>
        WithRootKeyAsync(s, async root =>
        {
            if (path.Length == 0)
            {
                return await use(root).ConfigureAwait(false);
            }
            KeyHandle key;
            if (create)
            {
                var r = await s.CallAsync(new CreateKeyRequest(root, path, 0, MaximumAllowed, null), ct).ConfigureAwait(false);
                Check(r.Status, $"registry key '{path}'");
                key = r.Handle;
            }
            else
            {
                var r = await s.CallAsync(new OpenKeyRequest(root, path, MaximumAllowed), ct).ConfigureAwait(false);
                Check(r.Status, $"registry key '{path}'");
                key = r.Handle;
            }
            try
            {
                return await use(key).ConfigureAwait(false);
            }
            finally
            {
                await CloseKeyAsync(s, key).ConfigureAwait(false);
            }
        }, ct);

    // Only the answer is ignored (the handle is run down with the connection anyway); a lost connection still surfaces.
    private static async Task CloseKeyAsync(Session s, KeyHandle key)
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        _ = await s.Rpc.InvokeAsync(new CloseKeyRequest(key), quick.Token).ConfigureAwait(false);
    }
}
