using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The CSV namespace (SharedVolumesRoot\VolumeN, e.g. C:\ClusterStorage\Volume1) and the commands that take paths:
/// ClusterPrepareSharedVolumeForBackup and ClusterClearBackupStateForSharedVolume (resapi.h). There is no file system
/// behind the namespace: any well-formed path below an existing CSV's folder is taken to exist on that CSV. The path
/// reads (IS_CSV_FILE, GET_SHARED_VOLUME_ID, ...) are queries and use <see cref="Resolve"/>.
/// </summary>
internal sealed class CsvPaths(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>Longest path accepted (the Win32 extended-length limit).</summary>
    internal const int MaxPathLength = 32767;

    internal readonly record struct ResolvedPath(string Normalized, SharedVolume? Volume, string Rest, bool UnderRoot);

    /// <summary>
    /// Normalises a path the way Win32 would (separators, "." and "..", a relative path is taken on C:\) and
    /// finds the CSV it lies on. Null for an empty, over-long or malformed path.
    /// </summary>
    internal ResolvedPath? Resolve(string? path)
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
            var v = _model.Volumes.Find(volumeName);
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
        var root = _model.Db.Root.GetString("SharedVolumesRoot").TrimEnd('\\');
        var rootParts = root.Length >= 3 ? root[3..].Split('\\', StringSplitOptions.RemoveEmptyEntries) : [];
        var underRoot = prefix.Length == 3 && string.Equals(prefix, root[..Math.Min(3, root.Length)] + (root.Length == 2 ? "\\" : ""), StringComparison.OrdinalIgnoreCase)
            && parts.Count > rootParts.Length
            && parts.Take(rootParts.Length).SequenceEqual(rootParts, StringComparer.OrdinalIgnoreCase);
        if (!underRoot)
        {
            return new ResolvedPath(normalized, null, "", false);
        }
        var friendly = parts[rootParts.Length];
        var vol = _model.Volumes.Find(friendly);
        if (vol is not null && !string.Equals(vol.FriendlyName, friendly, StringComparison.OrdinalIgnoreCase))
        {
            vol = null; // a GUID path is not a folder name under the root
        }
        return new ResolvedPath(normalized, vol, string.Join('\\', parts.Skip(rootParts.Length + 1)), true);
    }

    internal string VolumePathOf(SharedVolume v) => _model.Db.Root.GetString("SharedVolumesRoot").TrimEnd('\\') + "\\" + v.FriendlyName;

    /// <summary>Applies <see cref="Commands.PrepareSharedVolumeForBackup"/>.</summary>
    internal (Win32Error Error, PreparedVolume? Volume) PrepareSharedVolumeForBackup(Tx tx, string fileName, string? requester = null)
    {
        if (Resolve(fileName) is not { Volume: { } v })
        {
            return (Win32Error.InvalidParameter, null);
        }
        var result = new PreparedVolume(VolumePathOf(v), v.VolumeName);
        if (_model.Options.Profile == CsvProfile.WS2012Plus)
        {
            return (Win32Error.Success, result);
        }
        if (v.Resource.State != ClusterResourceState.Online)
        {
            return (Win32Error.ResourceNotOnline, null);
        }
        var seconds = (uint)Math.Clamp(_model.Options.PrepareForBackupDelay.TotalSeconds, 1, uint.MaxValue);
        var e = _model.CsvModes.ApplyBackupMode(tx, v, SharedVolumeBackupState.InProgress, seconds, requester);
        return (e, e == Win32Error.Success ? result : null);
    }

    /// <summary>Applies <see cref="Commands.ClearBackupStateForSharedVolume"/>.</summary>
    internal Win32Error ClearBackupStateForSharedVolume(Tx tx, string volumePathName)
    {
        if (Resolve(volumePathName) is not { Volume: { } v })
        {
            return Win32Error.InvalidParameter;
        }
        CsvModes.SetBackup(tx, v, BackupStatus.Idle);
        return Win32Error.Success;
    }
}
