using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

public sealed partial class ClusterQueries
{
    /// <summary>
    /// The checks every CSV resource control makes first, in spec order (docs/behaviour.md, "Check order"): not a CSV resource →
    /// ERROR_INVALID_FUNCTION; not ClusterResourceOnline → ERROR_RESOURCE_NOT_ONLINE.
    /// </summary>
    public Win32Error CheckSharedVolumeResource(string resource)
    {
        lock (_model.Gate)
        {
            return ClusterModel.CheckCsv(_model.ResourceByName(resource));
        }
    }

    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO (MS-CMRP 3.1.4.3.1.48): one entry per CSV of the resource.</summary>
    public (Win32Error Error, IReadOnlyList<SharedVolumeInfo>? Volumes) GetSharedVolumeInfo(string resource)
    {
        lock (_model.Gate)
        {
            var r = _model.ResourceByName(resource);
            var e = ClusterModel.CheckCsv(r);
            return e != Win32Error.Success ? (e, null) : (e, [.. r!.Volumes.Select(v => _model.ToInfo(v))]);
        }
    }

    /// <summary>Every CSV of the cluster, for diagnostics and the admin API (no checks).</summary>
    public IReadOnlyList<SharedVolumeInfo> GetAllSharedVolumes()
    {
        lock (_model.Gate)
        {
            return [.. _model.Resources.Values.SelectMany(r => r.Volumes).OrderBy(v => v.FriendlyName, StringComparer.OrdinalIgnoreCase).Select(v => _model.ToInfo(v))];
        }
    }

    /// <summary>One CSV by friendly name or GUID path, or null.</summary>
    public SharedVolumeInfo? FindSharedVolume(string name)
    {
        lock (_model.Gate)
        {
            return _model.Volumes.Find(name) is { } v ? _model.ToInfo(v) : null;
        }
    }

    /// <summary>CLUSCTL_RESOURCE_STORAGE_IS_SHARED_VOLUME (MSCS only; docs/behaviour.md, "MSCS-only codes").</summary>
    public Win32Error IsSharedVolume(string resource)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(resource) switch
            {
                null => Win32Error.ResourceNotFound,
                { SharedVolumes: true } => Win32Error.Success,
                _ => Win32Error.ClusterNotSharedVolume,
            };
        }
    }

    /// <summary>
    /// CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_STATES (MSCS only; docs/behaviour.md, "MSCS-only codes"): one entry per (volume, node),
    /// optionally for one volume.
    /// </summary>
    public (Win32Error Error, IReadOnlyList<SharedVolumeNodeState>? States) GetSharedVolumeStates(string resource, string? volumeName)
    {
        lock (_model.Gate)
        {
            var r = _model.ResourceByName(resource);
            var e = ClusterModel.CheckCsv(r);
            if (e != Win32Error.Success)
            {
                return (e, null);
            }
            IEnumerable<SharedVolume> vols = r!.Volumes;
            if (!string.IsNullOrEmpty(volumeName))
            {
                if (_model.VolumeOf(r, volumeName) is not { } one)
                {
                    return (Win32Error.InvalidParameter, null);
                }
                vols = [one];
            }
            return (Win32Error.Success, [.. vols.SelectMany(_model.VolumeStatesOnAllNodes)]);
        }
    }

    /// <summary>The per-node view of every CSV (Get-ClusterSharedVolumeState).</summary>
    public IReadOnlyList<SharedVolumeNodeState> GetAllVolumeStates()
    {
        lock (_model.Gate)
        {
            return [.. _model.Resources.Values.SelectMany(r => r.Volumes).SelectMany(_model.VolumeStatesOnAllNodes)];
        }
    }

    /// <summary>CLUSCTL_RESOURCE_QUERY_MAINTENANCE_MODE (3.1.4.3.1.42): disk-level maintenance; non-storage → ERROR_INVALID_FUNCTION.</summary>
    public (Win32Error Error, bool InMaintenance) GetDiskMaintenance(string resource)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(resource) switch
            {
                null => (Win32Error.ResourceNotFound, false),
                { } r when !_model.CsvMembership.IsStorage(r) => (Win32Error.InvalidFunction, false),
                { } r => (Win32Error.Success, r.Key.GetDWord(CsvMembership.DiskMaintenanceValue) != 0),
            };
        }
    }

    /// <summary>CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE (MS-CMRP 3.1.4.3.2.31): success on a CSV, else ERROR_CLUSTER_NOT_SHARED_VOLUME.</summary>
    public Win32Error IsCsvFile(string path)
    {
        lock (_model.Gate)
        {
            var r = _model.CsvPaths.Resolve(path);
            return r is null ? Win32Error.InvalidParameter
                : r.Value.Volume is not null ? Win32Error.Success
                : Win32Error.ClusterNotSharedVolume;
        }
    }

    /// <summary>
    /// CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID (MS-CMRP 3.1.4.3.7.17): "RESOURCE-ID:PARTITIONOFFSET" (decimal offset).
    /// A missing VolumeN folder under the root is ERROR_PATH_NOT_FOUND; a path elsewhere is ERROR_CLUSTER_NOT_SHARED_VOLUME.
    /// </summary>
    public (Win32Error Error, string? Id) GetSharedVolumeId(string path)
    {
        lock (_model.Gate)
        {
            var r = _model.CsvPaths.Resolve(path);
            if (r is null)
            {
                return (Win32Error.InvalidParameter, null);
            }
            if (r.Value.Volume is { } v)
            {
                return (Win32Error.Success, v.Resource.Id + ":" + v.VolumeOffset.ToString(CultureInfo.InvariantCulture));
            }
            return (r.Value.UnderRoot ? Win32Error.PathNotFound : Win32Error.ClusterNotSharedVolume, null);
        }
    }

    /// <summary>
    /// ClusterGetVolumePathName (resapi.h): the CSV's folder for a path on a CSV, else the drive or share root.
    /// An empty path fails with ERROR_SUCCESS as last error, as documented.
    /// </summary>
    public (bool Ok, Win32Error Error, string? VolumePathName) GetVolumePathName(string fileName)
    {
        lock (_model.Gate)
        {
            if (string.IsNullOrEmpty(fileName))
            {
                return (false, Win32Error.Success, null);
            }
            if (_model.CsvPaths.Resolve(fileName) is not { } r)
            {
                return (false, Win32Error.InvalidName, null);
            }
            if (r.Volume is { } v)
            {
                return (true, Win32Error.Success, r.Normalized.StartsWith(@"\\?\Volume{", StringComparison.OrdinalIgnoreCase) ? v.VolumeName : _model.CsvPaths.VolumePathOf(v));
            }
            var n = r.Normalized;
            if (n.StartsWith(@"\\", StringComparison.Ordinal))
            {
                var parts = n[2..].Split('\\');
                return parts.Length >= 2 ? (true, Win32Error.Success, @"\\" + parts[0] + "\\" + parts[1] + "\\") : (false, Win32Error.InvalidName, null);
            }
            return (true, Win32Error.Success, n[..3]);
        }
    }

    /// <summary>
    /// ClusterIsPathOnSharedVolume (resapi.h): on a CSV, and the caller is a domain account or the CSV is owned
    /// by the caller's node.
    /// </summary>
    public bool IsPathOnSharedVolume(string path, string callerNode, bool domainAccount)
    {
        lock (_model.Gate)
        {
            if (_model.CsvPaths.Resolve(path) is not { Volume: { } v })
            {
                return false;
            }
            return domainAccount || string.Equals(_model.OwnerOf(v.Resource)?.Name, callerNode, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// ClusterGetVolumeNameForVolumeMountPoint (resapi.h): the \\?\Volume{GUID}\ path of a CSV's folder (ending in
    /// a backslash). \\?\ paths → ERROR_INVALID_PARAMETER; anything but a CSV mount point → ERROR_INVALID_NAME;
    /// a CSV not in direct I/O on <paramref name="localNode"/> → ERROR_CSV_VOLUME_NOT_LOCAL.
    /// </summary>
    public (Win32Error Error, string? VolumeName) GetVolumeNameForVolumeMountPoint(string mountPoint, string localNode)
    {
        lock (_model.Gate)
        {
            if (string.IsNullOrEmpty(mountPoint) || mountPoint.StartsWith(@"\\?\", StringComparison.Ordinal))
            {
                return (Win32Error.InvalidParameter, null);
            }
            if (!mountPoint.EndsWith('\\') || _model.CsvPaths.Resolve(mountPoint) is not { Volume: { } v, Rest.Length: 0 })
            {
                return (Win32Error.InvalidName, null);
            }
            if (_model.NodeByName(localNode) is not { } n || _model.StateOn(v, n).State != SharedVolumeState.Active)
            {
                return (Win32Error.CsvVolumeNotLocal, null);
            }
            return (Win32Error.Success, v.VolumeName);
        }
    }
}
