using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;

namespace Clusterd.Client;

public sealed partial class ClusterClient
{
    /// <summary>
    /// The Cluster Shared Volumes (ApiCreateEnum with CLUSTER_ENUM_SHARED_VOLUME_RESOURCE) with their state, coordinator
    /// and volumes (CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO, MS-CMRP 3.1.4.3.1.48). <paramref name="name"/>
    /// selects one by resource name, volume friendly name or volume GUID path.
    /// </summary>
    public Task<IReadOnlyList<ClusterSharedVolume>> GetSharedVolumesAsync(string? name = null, CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterSharedVolume", async (s, ct) =>
        {
            var all = await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false);
            return name is null ? all : [.. all.Where(v => Matches(v, name)).DefaultIfEmpty(null).Select(v => v ?? throw NotFound(name))];
        }, cancellationToken);

    /// <summary>
    /// How each node sees each volume (CLUSCTL_RESOURCE_GET_SHARED_VOLUME_STATES: CLUSTER_SHARED_VOLUME_STATE_INFO_EX,
    /// MS-CMRP 2.2.3.32), optionally for one CSV (<paramref name="name"/>, as in <see cref="GetSharedVolumesAsync"/>)
    /// and one node. The code carries the modify bit, so the account needs full access.
    /// </summary>
    public Task<IReadOnlyList<ClusterSharedVolumeState>> GetSharedVolumeStatesAsync(string? name = null, string? node = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterSharedVolumeState", async (s, ct) =>
        {
            var volumes = await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false);
            var selected = name is null ? volumes : volumes.Where(v => Matches(v, name)).ToList();
            if (name is not null && selected.Count == 0)
            {
                throw NotFound(name);
            }
            var result = new List<ClusterSharedVolumeState>();
            foreach (var csv in selected)
            {
                var bytes = await s.WithResourceAsync(csv.Name, h => s.ControlAsync(size =>
                    new ResourceControlRequest(h, ControlCodes.GetSharedVolumeStates, ReadOnlyMemory<byte>.Empty, size),
                    $"volume states of '{csv.Name}'", ct), ct).ConfigureAwait(false);
                if (SharedVolumeStateInfoExList.TryRead(bytes.Span, out var states) != Win32Error.Success)
                {
                    throw new ClusterException(Win32Error.RpcProtocolError, $"the volume states of '{csv.Name}' do not parse");
                }
                var wanted = name is null || string.Equals(csv.Name, name, StringComparison.OrdinalIgnoreCase)
                    ? states
                    : states.Where(x => VolumeIs(x.VolumeName, x.VolumeFriendlyName, name)).ToList();
                result.AddRange(wanted
                    .Where(x => node is null || string.Equals(x.NodeName, node, StringComparison.OrdinalIgnoreCase))
                    .Select(x => new ClusterSharedVolumeState(csv.Name, x.VolumeName, x.VolumeFriendlyName, x.NodeName, x.VolumeState,
                        x.RedirectedIOReason, x.BlockRedirectedIOReason)));
            }
            return (IReadOnlyList<ClusterSharedVolumeState>)result;
        }, cancellationToken);

    /// <summary>The backup state of every CSV volume, or of those <paramref name="name"/> selects.</summary>
    public Task<IReadOnlyList<ClusterSharedVolumeBackupState>> GetSharedVolumeBackupStateAsync(string? name = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterSharedVolumeBackupState", async (s, ct) =>
            (IReadOnlyList<ClusterSharedVolumeBackupState>)Backups(await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false), name), cancellationToken);

    /// <summary>
    /// Sets a volume's backup mode (CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE with CLUS_SHARED_VOLUME_BACKUP_MODE,
    /// MS-CMRP 3.1.4.3.1.54 and 2.2.3.20). <see cref="SharedVolumeBackupState.InProgress"/> needs
    /// <paramref name="delaySeconds"/> &gt; 0: if no backup starts within it, the cluster clears backup mode itself.
    /// <paramref name="volume"/> is a volume friendly name or GUID path, or a CSV resource name to set every volume of it.
    /// Returns the volumes' backup state afterwards.
    /// </summary>
    public Task<IReadOnlyList<ClusterSharedVolumeBackupState>> SetSharedVolumeBackupModeAsync(string volume, SharedVolumeBackupState state,
        uint delaySeconds = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(volume);
        return RunAsync("Set-ClusterSharedVolumeBackupMode", async (s, ct) =>
        {
            foreach (var (csv, partition) in await ResolveVolumesAsync(s, volume, ct).ConfigureAwait(false))
            {
                var input = new SharedVolumeBackupMode(state, delaySeconds, partition.FriendlyName).ToArray();
                await s.WithResourceAsync(csv, h => s.ControlAsync(size =>
                    new ResourceControlRequest(h, ControlCodes.SetSharedVolumeBackupMode, input, size), $"backup mode of '{partition.FriendlyName}'", ct), ct)
                    .ConfigureAwait(false);
            }
            return (IReadOnlyList<ClusterSharedVolumeBackupState>)Backups(await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false), volume);
        }, cancellationToken);
    }

    /// <summary>
    /// Turns maintenance on or off for a CSV volume (CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE, MS-CMRP 3.1.4.3.1.51) —
    /// <paramref name="volume"/> as in <see cref="SetSharedVolumeBackupModeAsync"/> — or, for a disk that is not a
    /// CSV, disk maintenance (CLUSCTL_RESOURCE_SET_MAINTENANCE_MODE, MS-CMRP 3.1.4.3.1.43). Suspend-/Resume-ClusterResource.
    /// </summary>
    public Task SetMaintenanceAsync(string volume, bool on, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(volume);
        return RunAsync(on ? "Suspend-ClusterResource" : "Resume-ClusterResource", async (s, ct) =>
        {
            var volumes = await ResolveVolumesAsync(s, volume, ct, allowPlainDisk: true).ConfigureAwait(false);
            if (volumes.Count == 0)
            {
                var input = new MaintenanceModeInfo(on).ToArray();
                await s.WithResourceAsync(volume, h => s.ControlAsync(size =>
                    new ResourceControlRequest(h, ControlCodes.SetMaintenanceMode, input, size), $"maintenance of '{volume}'", ct), ct).ConfigureAwait(false);
                return true;
            }
            foreach (var (csv, partition) in volumes)
            {
                var input = new CsvMaintenanceModeInfo(on, partition.FriendlyName).ToArray();
                await s.WithResourceAsync(csv, h => s.ControlAsync(size =>
                    new ResourceControlRequest(h, ControlCodes.SetCsvMaintenanceMode, input, size), $"maintenance of '{partition.FriendlyName}'", ct), ct)
                    .ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Turns redirected access on (CLUSCTL_RESOURCE_DISABLE_SHARED_VOLUME_DIRECTIO) or off (ENABLE_SHARED_VOLUME_DIRECTIO)
    /// for a CSV volume (MS-CMRP 3.1.4.3.1.52, 3.1.4.3.1.53); Suspend-ClusterResource -RedirectedAccess.
    /// </summary>
    public Task SetRedirectedAccessAsync(string volume, bool on, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(volume);
        return RunAsync(on ? "Suspend-ClusterResource -RedirectedAccess" : "Resume-ClusterResource", async (s, ct) =>
        {
            var code = on ? ControlCodes.DisableSharedVolumeDirectIO : ControlCodes.EnableSharedVolumeDirectIO;
            foreach (var (csv, partition) in await ResolveVolumesAsync(s, volume, ct).ConfigureAwait(false))
            {
                var input = Utf16Field.ToNulTerminatedBytes(partition.FriendlyName);
                await s.WithResourceAsync(csv, h => s.ControlAsync(size => new ResourceControlRequest(h, code, input, size),
                    $"redirected access of '{partition.FriendlyName}'", ct), ct).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>Moves a CSV's coordinator to <paramref name="node"/>, or to the best other node (Move-ClusterSharedVolume): its group moves.</summary>
    public Task<ClusterSharedVolume> MoveSharedVolumeAsync(string name, string? node = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync("Move-ClusterSharedVolume", async (s, ct) =>
        {
            var csv = (await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false)).FirstOrDefault(v => Matches(v, name)) ?? throw NotFound(name);
            var group = await s.WithResourceAsync(csv.Name, async h =>
            {
                var state = await s.CallAsync(new GetResourceStateRequest(h), ct).ConfigureAwait(false);
                Check(state.Result, $"state of '{csv.Name}'");
                return state.GroupName ?? csv.Name;
            }, ct).ConfigureAwait(false);
            _ = await MoveGroupCoreAsync(s, group, node, ct).ConfigureAwait(false);
            return (await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false)).First(v => v.Name == csv.Name);
        }, cancellationToken);
    }

    private static async Task<IReadOnlyList<ClusterSharedVolume>> ReadSharedVolumesAsync(Session s, CancellationToken ct)
    {
        var result = new List<ClusterSharedVolume>();
        foreach (var name in await s.EnumerateAsync(ClusterEnumType.SharedVolumeResource, ct).ConfigureAwait(false))
        {
            result.Add(await s.WithResourceAsync(name, async h =>
            {
                var state = await s.CallAsync(new GetResourceStateRequest(h), ct).ConfigureAwait(false);
                Check(state.Result, $"state of '{name}'");
                var bytes = await s.ControlAsync(size => new ResourceControlRequest(h, ControlCodes.GetSharedVolumeInfo, ReadOnlyMemory<byte>.Empty, size),
                    $"volumes of '{name}'", ct).ConfigureAwait(false);
                if (CsvVolumeInfoList.TryRead(bytes.Span, out var infos) != Win32Error.Success)
                {
                    throw new ClusterException(Win32Error.RpcProtocolError, $"the volume list of '{name}' does not parse");
                }
                return new ClusterSharedVolume(name, (ClusterResourceState)state.State, state.NodeName,
                    infos.Select(i => new SharedVolumePartition(i.VolumeFriendlyName, i.VolumeName, i.BackupState, i.FaultState, i.VolumeOffset,
                        i.PartitionNumber)).ToList());
            }, ct).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>The (CSV resource, volume) pairs a name selects: a resource name selects all its volumes.</summary>
    private static async Task<IReadOnlyList<(string Csv, SharedVolumePartition Volume)>> ResolveVolumesAsync(Session s, string name, CancellationToken ct,
        bool allowPlainDisk = false)
    {
        var volumes = await ReadSharedVolumesAsync(s, ct).ConfigureAwait(false);
        var byResource = volumes.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
        if (byResource is not null)
        {
            return byResource.Volumes.Select(p => (byResource.Name, p)).ToList();
        }
        var found = volumes.SelectMany(v => v.Volumes.Where(p => VolumeIs(p.VolumeName, p.FriendlyName, name)).Select(p => (v.Name, p))).ToList();
        return found.Count > 0 || allowPlainDisk ? found : throw NotFound(name);
    }

    private static List<ClusterSharedVolumeBackupState> Backups(IReadOnlyList<ClusterSharedVolume> volumes, string? name)
    {
        var rows = volumes
            .Where(v => name is null || string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase) || v.Volumes.Any(p => VolumeIs(p.VolumeName, p.FriendlyName, name)))
            .SelectMany(v => v.Volumes
                .Where(p => name is null || string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase) || VolumeIs(p.VolumeName, p.FriendlyName, name))
                .Select(p => new ClusterSharedVolumeBackupState(v.Name, p.FriendlyName, p.VolumeName, p.BackupState, v.OwnerNode)))
            .ToList();
        return name is not null && rows.Count == 0 ? throw NotFound(name) : rows;
    }

    private static bool Matches(ClusterSharedVolume v, string name) =>
        string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase) || v.Volumes.Any(p => VolumeIs(p.VolumeName, p.FriendlyName, name));

    private static bool VolumeIs(string volumeName, string friendlyName, string name) =>
        string.Equals(friendlyName, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(volumeName.TrimEnd('\\'), name.TrimEnd('\\'), StringComparison.OrdinalIgnoreCase);

    private static ClusterException NotFound(string name) =>
        new(Win32Error.ResourceNotFound, $"no Cluster Shared Volume, volume name or volume path '{name}'");
}
