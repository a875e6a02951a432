using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The CSV namespace (SharedVolumesRoot\VolumeN, e.g. C:\ClusterStorage\Volume1) and the operations that take
/// paths: IS_CSV_FILE, GET_SHARED_VOLUME_ID and the resapi.h functions (ClusterPrepareSharedVolumeForBackup and its family). There is no file system
/// behind the namespace: any well-formed path below an existing CSV's folder is taken to exist on that CSV.
/// </summary>
public sealed partial class ClusterEngine
{
    /// <summary>Longest path accepted (the Win32 extended-length limit).</summary>
    public const int MaxPathLength = 32767;

    private readonly record struct ResolvedPath(string Normalized, SharedVolume? Volume, string Rest, bool UnderRoot);

    /// <summary>
    /// Normalises a path the way Win32 would (separators, "." and "..", a relative path is taken on C:\) and
    /// finds the CSV it lies on. Null for an empty, over-long or malformed path.
    /// </summary>
    private ResolvedPath? Resolve(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > MaxPathLength || path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        var p = path.Replace('/', '\\');
        if (p.StartsWith(@"\\?\", StringComparison.Ordinal) && !p.StartsWith(@"\\?\Volume{", StringComparison.OrdinalIgnoreCase))
        {
            p = p[4..];
        }
        if (p.StartsWith(@"\\?\Volume{", StringComparison.OrdinalIgnoreCase))
        {
            var close = p.IndexOf('}', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }
            var volumeName = p[..(close + 1)] + "\\";
            var rest = p.Length > close + 2 ? p[(close + 2)..] : "";
            var v = _volumes.Find(volumeName);
            return new ResolvedPath(volumeName + rest, v, rest, false);
        }
        string full;
        if (p.Length >= 2 && char.IsAsciiLetter(p[0]) && p[1] == ':')
        {
            full = p.Length == 2 ? p + "\\" : p;
        }
        else if (p.StartsWith('\\'))
        {
            full = p.StartsWith(@"\\", StringComparison.Ordinal) ? p : "C:" + p;
        }
        else
        {
            full = @"C:\" + p;
        }
        if (full.Length >= 3 && full[1] == ':' && full[2] != '\\')
        {
            full = full[..2] + "\\" + full[2..];
        }
        var parts = new List<string>();
        var prefix = full.StartsWith(@"\\", StringComparison.Ordinal) ? @"\\" : full[..3];
        foreach (var seg in full[prefix.Length..].Split('\\'))
        {
            if (seg.Length == 0 || seg == ".")
            {
                continue;
            }
            if (seg == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            if (seg.IndexOfAny(['<', '>', '"', '|', '?', '*', ':']) >= 0)
            {
                return null;
            }
            parts.Add(seg);
        }
        var normalized = prefix + string.Join('\\', parts);
        var root = _db.Root.GetString("SharedVolumesRoot").TrimEnd('\\');
        var rootParts = root.Length >= 3 ? root[3..].Split('\\', StringSplitOptions.RemoveEmptyEntries) : [];
        var underRoot = prefix.Length == 3 && string.Equals(prefix, root[..Math.Min(3, root.Length)] + (root.Length == 2 ? "\\" : ""), StringComparison.OrdinalIgnoreCase)
            && parts.Count > rootParts.Length
            && parts.Take(rootParts.Length).SequenceEqual(rootParts, StringComparer.OrdinalIgnoreCase);
        if (!underRoot)
        {
            return new ResolvedPath(normalized, null, "", false);
        }
        var friendly = parts[rootParts.Length];
        var vol = _volumes.Find(friendly);
        if (vol is not null && !string.Equals(vol.FriendlyName, friendly, StringComparison.OrdinalIgnoreCase))
        {
            vol = null; // a GUID path is not a folder name under the root
        }
        return new ResolvedPath(normalized, vol, string.Join('\\', parts.Skip(rootParts.Length + 1)), true);
    }

    private string VolumePathOf(SharedVolume v) => _db.Root.GetString("SharedVolumesRoot").TrimEnd('\\') + "\\" + v.FriendlyName;

    /// <summary>CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE (MS-CMRP 3.1.4.3.2.31): success on a CSV, else ERROR_CLUSTER_NOT_SHARED_VOLUME.</summary>
    public Win32Error IsCsvFile(string path)
    {
        lock (_gate)
        {
            var r = Resolve(path);
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
        lock (_gate)
        {
            var r = Resolve(path);
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
    /// ClusterPrepareSharedVolumeForBackup (resapi.h; docs/behaviour.md, "ClusterPrepareSharedVolumeForBackup"). Spec profile: as on Windows Server 2008 R2,
    /// backup mode on with the 1800-second self-clear; WS2012Plus: only the two names.
    /// </summary>
    public (Win32Error Error, PreparedVolume? Volume) PrepareSharedVolumeForBackup(string fileName, string? requester = null) => Execute<PreparedVolume>(tx =>
    {
        if (Resolve(fileName) is not { Volume: { } v })
        {
            return (Win32Error.InvalidParameter, null);
        }
        var result = new PreparedVolume(VolumePathOf(v), v.VolumeName);
        if (Options.Profile == CsvProfile.WS2012Plus)
        {
            return (Win32Error.Success, result);
        }
        if (v.Resource.State != ClusterResourceState.Online)
        {
            return (Win32Error.ResourceNotOnline, null);
        }
        var seconds = (uint)Math.Clamp(Options.PrepareForBackupDelay.TotalSeconds, 1, uint.MaxValue);
        var e = ApplyBackupMode(tx, v, SharedVolumeBackupState.InProgress, seconds, requester);
        return (e, e == Win32Error.Success ? result : null);
    });

    /// <summary>
    /// ClusterClearBackupStateForSharedVolume (resapi.h, as the Windows SDK documents it): backup mode off at once, whatever backups
    /// may be running; a path not on a CSV is ERROR_INVALID_PARAMETER.
    /// </summary>
    public Win32Error ClearBackupStateForSharedVolume(string volumePathName) => Execute(tx =>
    {
        if (Resolve(volumePathName) is not { Volume: { } v })
        {
            return Win32Error.InvalidParameter;
        }
        SetBackup(tx, v, BackupStatus.Idle);
        return Win32Error.Success;
    });

    /// <summary>
    /// ClusterGetVolumePathName (resapi.h): the CSV's folder for a path on a CSV, else the drive or share root.
    /// An empty path fails with ERROR_SUCCESS as last error, as documented.
    /// </summary>
    public (bool Ok, Win32Error Error, string? VolumePathName) GetVolumePathName(string fileName)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(fileName))
            {
                return (false, Win32Error.Success, null);
            }
            if (Resolve(fileName) is not { } r)
            {
                return (false, Win32Error.InvalidName, null);
            }
            if (r.Volume is { } v)
            {
                return (true, Win32Error.Success, r.Normalized.StartsWith(@"\\?\Volume{", StringComparison.OrdinalIgnoreCase) ? v.VolumeName : VolumePathOf(v));
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
        lock (_gate)
        {
            if (Resolve(path) is not { Volume: { } v })
            {
                return false;
            }
            return domainAccount || string.Equals(OwnerOf(v.Resource)?.Name, callerNode, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// ClusterGetVolumeNameForVolumeMountPoint (resapi.h): the \\?\Volume{GUID}\ path of a CSV's folder (ending in
    /// a backslash). \\?\ paths → ERROR_INVALID_PARAMETER; anything but a CSV mount point → ERROR_INVALID_NAME;
    /// a CSV not in direct I/O on <paramref name="localNode"/> → ERROR_CSV_VOLUME_NOT_LOCAL.
    /// </summary>
    public (Win32Error Error, string? VolumeName) GetVolumeNameForVolumeMountPoint(string mountPoint, string localNode)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(mountPoint) || mountPoint.StartsWith(@"\\?\", StringComparison.Ordinal))
            {
                return (Win32Error.InvalidParameter, null);
            }
            if (!mountPoint.EndsWith('\\') || Resolve(mountPoint) is not { Volume: { } v, Rest.Length: 0 })
            {
                return (Win32Error.InvalidName, null);
            }
            if (NodeByName(localNode) is not { } n || StateOn(v, n).State != SharedVolumeState.Active)
            {
                return (Win32Error.CsvVolumeNotLocal, null);
            }
            return (Win32Error.Success, v.VolumeName);
        }
    }
}
