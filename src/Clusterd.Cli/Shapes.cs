using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusterd.Client;
using Clusterd.ClusApi;

namespace Clusterd.Cli;

/// <summary>How one kind of object prints: its columns (PowerShell's default ones), its cells and its JSON.</summary>
/// <param name="Headers">The column headers, as PowerShell names them.</param>
/// <param name="Row">The cells of one object, one per header.</param>
/// <param name="Json">The JSON of the objects (an array, or one object for Get-Cluster).</param>
/// <param name="DefaultFormat">The format without <c>--output</c>.</param>
internal sealed record Shape<T>(string[] Headers, Func<T, IReadOnlyList<string>> Row, Func<IReadOnlyList<T>, string> Json,
    OutputFormat DefaultFormat = OutputFormat.Table);

/// <summary>The shapes of the SDK's views.</summary>
internal static class Shapes
{
    public static readonly Shape<ClusterDetails> Cluster = new(["Name"], c => [c.Name],
        all => JsonSerializer.Serialize(all.Select(c => new ClusterJson(c.Name, c.NodeName, c.MajorVersion, c.MinorVersion, c.BuildNumber)).Single(),
            ClusctlJson.Default.ClusterJson));

    public static readonly Shape<ClusterGroupSet> GroupSet = new(["Name", "GroupNames", "ProviderNames"],
        s => [s.Name, string.Join(", ", s.GroupNames), string.Join(", ", s.ProviderNames)],
        all => JsonSerializer.Serialize<IReadOnlyList<GroupSetJson>>([.. all.Select(s => new GroupSetJson(s.Name, s.GroupNames, s.ProviderNames))],
            ClusctlJson.Default.IReadOnlyListGroupSetJson));

    public static readonly Shape<ClusterNode> Node = new(["Name", "ID", "State"], n => [n.Name, n.Id, n.State.ToString()],
        all => JsonSerializer.Serialize<IReadOnlyList<NodeJson>>([.. all.Select(n => new NodeJson(n.Name, n.Id, n.State))],
            ClusctlJson.Default.IReadOnlyListNodeJson));

    public static readonly Shape<ClusterGroup> Group = new(["Name", "OwnerNode", "State"], g => [g.Name, g.OwnerNode ?? "", g.State.ToString()],
        all => JsonSerializer.Serialize<IReadOnlyList<GroupJson>>([.. all.Select(g => new GroupJson(g.Name, g.OwnerNode, g.State))],
            ClusctlJson.Default.IReadOnlyListGroupJson));

    public static readonly Shape<ClusterResource> Resource = new(["Name", "State", "OwnerGroup", "ResourceType"],
        r => [r.Name, r.State.ToString(), r.OwnerGroup ?? "", r.ResourceType],
        all => JsonSerializer.Serialize<IReadOnlyList<ResourceJson>>(
            [.. all.Select(r => new ResourceJson(r.Name, r.State, r.OwnerGroup, r.OwnerNode, r.ResourceType))], ClusctlJson.Default.IReadOnlyListResourceJson));

    public static readonly Shape<ClusterParameter> Parameter = new(["Object", "Name", "Value", "Type"],
        p => [p.Object, p.Name, FormatValue(p.Value), p.Type],
        all => JsonSerializer.Serialize<IReadOnlyList<ParameterJson>>(
            [.. all.Select(p => new ParameterJson(p.Object, p.Name, JsonValueOf(p.Value), p.Type))], ClusctlJson.Default.IReadOnlyListParameterJson));

    public static readonly Shape<ClusterSharedVolume> SharedVolume = new(["Name", "State", "Node"], v => [v.Name, v.State.ToString(), v.OwnerNode ?? ""],
        all => JsonSerializer.Serialize<IReadOnlyList<SharedVolumeJson>>(
            [.. all.Select(v => new SharedVolumeJson(v.Name, v.State, v.OwnerNode,
                [.. v.Volumes.Select(p => new VolumeJson(p.FriendlyName, p.VolumeName, p.BackupState, p.FaultState, p.VolumeOffset, p.PartitionNumber))]))],
            ClusctlJson.Default.IReadOnlyListSharedVolumeJson));

    public static readonly Shape<ClusterSharedVolumeState> VolumeState = new(
        ["Name", "VolumeName", "VolumeFriendlyName", "Node", "StateInfo", "FileSystemRedirectedIOReason", "BlockRedirectedIOReason"],
        s => [s.Name, s.VolumeName, s.VolumeFriendlyName, s.Node, StateInfo(s.StateInfo), Reason(s.FileSystemRedirectedIOReason), Reason(s.BlockRedirectedIOReason)],
        all => JsonSerializer.Serialize<IReadOnlyList<VolumeStateJson>>(
            [.. all.Select(s => new VolumeStateJson(s.Name, s.VolumeName, s.VolumeFriendlyName, s.Node, StateInfo(s.StateInfo),
                Reason(s.FileSystemRedirectedIOReason), Reason(s.BlockRedirectedIOReason)))], ClusctlJson.Default.IReadOnlyListVolumeStateJson),
        OutputFormat.List);

    public static readonly Shape<ClusterSharedVolumeBackupState> BackupState = new(["Name", "VolumeFriendlyName", "BackupState", "Node"],
        b => [b.Name, b.VolumeFriendlyName, b.BackupState.ToString(), b.Node ?? ""],
        all => JsonSerializer.Serialize<IReadOnlyList<BackupStateJson>>(
            [.. all.Select(b => new BackupStateJson(b.Name, b.VolumeFriendlyName, b.VolumeName, b.BackupState, b.Node))],
            ClusctlJson.Default.IReadOnlyListBackupStateJson));

    /// <summary>Watch-Cluster's line: UTC time, object type, change, object name.</summary>
    public static string ChangeLine(DateTimeOffset time, ClusterChange c) =>
        $"{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} {c.ObjectType} {ChangeName(c)} {c.ObjectName}".TrimEnd();

    /// <summary>Watch-Cluster's JSON line.</summary>
    public static string ChangeJsonLine(DateTimeOffset time, ClusterChange c) =>
        JsonSerializer.Serialize(new ChangeJson(time.UtcDateTime, c.ObjectType, ChangeName(c), c.ObjectName, c.ObjectId, c.ParentId),
            ClusctlJsonLines.Default.ChangeJson);

    /// <summary>The change without its object-type prefix ("Resource.State" is "State" on a Resource line).</summary>
    private static string ChangeName(ClusterChange c)
    {
        var prefix = c.ObjectType + ".";
        return c.Change.StartsWith(prefix, StringComparison.Ordinal) ? c.Change[prefix.Length..] : c.Change;
    }

    /// <summary>PowerShell's ClusterSharedVolumeStateInfo names.</summary>
    internal static string StateInfo(SharedVolumeState state) => state switch
    {
        SharedVolumeState.Active => "Direct",
        SharedVolumeState.ActiveRedirected => "FileSystemRedirected",
        SharedVolumeState.ActiveBlockRedirected => "BlockRedirected",
        _ => state.ToString(),
    };

    /// <summary>PowerShell's names: NotFileSystemRedirected when there is no reason, else the reasons.</summary>
    internal static string Reason(RedirectedIOReason reason) =>
        reason == RedirectedIOReason.NotRedirected ? "NotFileSystemRedirected" : reason.ToString();

    /// <summary>PowerShell's names: NotBlockRedirected when there is no reason, else the reasons.</summary>
    internal static string Reason(BlockRedirectedIOReason reason) =>
        reason == BlockRedirectedIOReason.NotRedirected ? "NotBlockRedirected" : reason.ToString();

    /// <summary>A parameter value as PowerShell shows it: numbers and strings as they are, lists as <c>{a, b}</c>.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "",
        string s => s,
        string[] list => "{" + string.Join(", ", list) + "}",
        byte[] bytes => "{" + string.Join(", ", bytes.Select(b => b.ToString(CultureInfo.InvariantCulture))) + "}",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A parameter value in JSON: numbers, strings, string arrays, base64 for bytes, ISO 8601 for times.</summary>
    internal static JsonNode? JsonValueOf(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        uint u => JsonValue.Create(u),
        int i => JsonValue.Create(i),
        ulong u => JsonValue.Create(u),
        long l => JsonValue.Create(l),
        ushort u => JsonValue.Create(u),
        string[] list => new JsonArray([.. list.Select(s => (JsonNode?)JsonValue.Create(s))]),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        DateTimeOffset t => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(FormatValue(value)),
    };
}
