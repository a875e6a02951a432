using System.Buffers.Binary;
using Clusterd.Cluster.Database;

namespace Clusterd.Cluster.Model;

/// <summary>
/// One CSV (MS-CMRP 3.1.1.4). Nonvolatile: maintenance and redirected mode, in the database key
/// Resources\{id}\SharedVolumes\{n}. Volatile: backup mode, the volume backup timer deadline, the snapshot
/// sets seen and who asked for backup mode, kept as one volatile store record.
/// </summary>
internal sealed class SharedVolume(Resource resource, DbKey key)
{
    public const string FriendlyNameValue = "FriendlyName";
    public const string VolumeNameValue = "VolumeName";
    public const string OffsetValue = "VolumeOffset";
    public const string PartitionValue = "PartitionNumber";
    public const string MaintenanceValue = "MaintenanceMode";
    public const string RedirectedValue = "RedirectedMode";

    public Resource Resource { get; } = resource;
    public DbKey Key { get; } = key;
    public string FriendlyName => Key.GetString(FriendlyNameValue);
    public string VolumeName => Key.GetString(VolumeNameValue);
    public ulong VolumeOffset => Key.GetQWord(OffsetValue);
    public uint PartitionNumber => Key.GetDWord(PartitionValue);
    public bool Maintenance => Key.GetDWord(MaintenanceValue) != 0;
    public bool Redirected => Key.GetDWord(RedirectedValue) != 0;

    public BackupStatus Backup { get; set; } = BackupStatus.Idle;

    /// <summary>
    /// When the volume entered backup mode, on the engine's clock, as this node saw it commit (for the backup duration
    /// metric only; null when backup mode was entered before this engine started or through another node).
    /// </summary>
    public DateTimeOffset? BackupSince { get; set; }

    public string VolatileStoreKey => "X\u001FBackup\u001F" + VolumeName;
}

/// <summary>
/// The volatile backup state of one CSV (MS-CMRP 3.1.1.4, 3.1.4.3.1.54, 3.1.5.1): Idle (BM false), Armed (BM true, timer running),
/// InBackup (BM true, a backup was detected, no timer).
/// </summary>
/// <param name="Mode">Backup mode (BM).</param>
/// <param name="Deadline">The volume backup timer deadline when armed.</param>
/// <param name="SnapshotSets">Snapshot sets in progress on this volume.</param>
/// <param name="Requester">Who asked for backup mode (connection / user / node), for diagnostics.</param>
internal sealed record BackupStatus(bool Mode, DateTimeOffset? Deadline, IReadOnlyList<Guid> SnapshotSets, string? Requester)
{
    public static readonly BackupStatus Idle = new(false, null, [], null);

    public bool IsArmed => Mode && Deadline is not null;

    public byte[] Serialize()
    {
        var req = System.Text.Encoding.UTF8.GetBytes(Requester ?? "");
        var b = new byte[checked(1 + 8 + 4 + (16 * SnapshotSets.Count) + req.Length)];
        b[0] = Mode ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(1), Deadline?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(9), SnapshotSets.Count);
        var o = 13;
        foreach (var g in SnapshotSets)
        {
            g.TryWriteBytes(b.AsSpan(o));
            o += 16;
        }
        req.CopyTo(b.AsSpan(o));
        return b;
    }
}
