using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The one place volume names are resolved (docs/architecture.md, rule 7): a CSV is named by its friendly name
/// (VolumeN) or its volume GUID path, case-insensitively, the GUID path with or without its trailing backslash
/// (docs/behaviour.md, "Volume names").
/// </summary>
internal sealed class VolumeIndex
{
    private readonly Dictionary<string, SharedVolume> _byName = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _byName.Count / 2;

    public IEnumerable<SharedVolume> All => _byName.Values.Distinct();

    public void Add(SharedVolume v)
    {
        _byName[v.FriendlyName] = v;
        _byName[Normalize(v.VolumeName)] = v;
    }

    public void Clear() => _byName.Clear();

    public void Remove(SharedVolume v)
    {
        _byName.Remove(v.FriendlyName);
        _byName.Remove(Normalize(v.VolumeName));
    }

    public SharedVolume? Find(string name) =>
        string.IsNullOrEmpty(name) ? null : _byName.GetValueOrDefault(Normalize(name));

    /// <summary>GUID paths are keyed without the trailing backslash; friendly names as they are.</summary>
    public static string Normalize(string name) =>
        name.StartsWith(@"\\?\Volume{", StringComparison.OrdinalIgnoreCase) && name.EndsWith('\\') ? name[..^1] : name;
}
