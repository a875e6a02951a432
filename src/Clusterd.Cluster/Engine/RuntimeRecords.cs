using System.Buffers.Binary;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Runtime state as records. What a node knows beyond the database (node up/joining, a resource's state and pending
/// transition, which nodes lost a disk, a CSV's backup state) is written as volatile records by the command that
/// changes it, so a replica that only sees the committed batches rebuilds exactly the state of the node that ran the
/// command (docs/multi-node.md, "Replication: one state machine on every node"). Volatile: a cluster start drops them, as MS-CMRP 3.1.1.4 drops
/// backup mode, and every object comes back in its persisted state.
/// </summary>
internal sealed class RuntimeRecords(ClusterModel model)
{
    private readonly ClusterModel _model = model;
    internal const string NodeRecordPrefix = "X\u001FNode\u001F";
    internal const string ResourceRecordPrefix = "X\u001FRes\u001F";
    internal const string DiskRecordPrefix = "X\u001FDisk\u001F";
    internal const string BackupRecordPrefix = "X\u001FBackup\u001F";

    /// <summary>Every volatile record this replica holds, by store key: the runtime state a rebuild starts from.</summary>
    internal readonly Dictionary<string, byte[]> Records = new(StringComparer.Ordinal);

    /// <summary>Adds the runtime records of what the command touched to its batch (before the commit).</summary>
    internal void WriteRuntime(Tx tx)
    {
        foreach (var id in tx.NodesTouched)
        {
            tx.SetVolatile(NodeRecordPrefix + id, _model.Nodes.TryGetValue(id, out var n) ? EncodeNode(n) : null);
        }
        foreach (var id in tx.ResourcesTouched)
        {
            tx.SetVolatile(ResourceRecordPrefix + id, _model.Resources.TryGetValue(id, out var r) ? EncodeResource(r) : null);
        }
        foreach (var nodeId in tx.DisksTouched)
        {
            var lost = _model.Resources.Values.Where(r => r.DisconnectedNodeIds.Contains(nodeId)).Select(r => r.Id).Order(StringComparer.Ordinal).ToArray();
            tx.SetVolatile(DiskRecordPrefix + nodeId, lost.Length == 0 ? null : System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lost)));
        }
    }

    /// <summary>Keeps <see cref="Records"/> in step with a committed batch.</summary>
    internal void RememberRuntime(IEnumerable<Store.StoreWrite> writes)
    {
        foreach (var w in writes)
        {
            if (w.Durability != Store.Durability.Volatile)
            {
                continue;
            }
            if (w.Value is { } v)
            {
                Records[w.Key] = v.ToArray();
            }
            else
            {
                Records.Remove(w.Key);
            }
        }
    }

    internal byte[] EncodeNode(Node n)
    {
        var b = new byte[9];
        b[0] = (byte)((n.IsUp ? 1 : 0) | (n.IsJoining ? 2 : 0));
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(1), _model.JoinDue.TryGetValue(n.Id, out var due) ? due.UtcTicks : 0);
        return b;
    }

    internal byte[] EncodeResource(Resource r)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)r.State);
        if (_model.PendingDue.TryGetValue(r.Id, out var due) && _model.PendingTarget.TryGetValue(r.Id, out var target))
        {
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(4), due.UtcTicks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)target);
        }
        return b;
    }

    internal static BackupStatus? DecodeBackup(ReadOnlySpan<byte> b)
    {
        if (b.Length < 13)
        {
            return null;
        }
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(b[1..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(b[9..]);
        if (count < 0 || count > (b.Length - 13) / 16)
        {
            return null;
        }
        var sets = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            sets[i] = new Guid(b.Slice(13 + (16 * i), 16));
        }
        var requester = System.Text.Encoding.UTF8.GetString(b[(13 + (16 * count))..]);
        return new BackupStatus(b[0] != 0, ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero), sets, requester.Length == 0 ? null : requester);
    }

    /// <summary>
    /// Puts the runtime records onto the objects just rebuilt from the database, and queues every deadline they
    /// hold. Malformed records are ignored (the object keeps its persisted state) and reported.
    /// </summary>
    internal void ApplyRuntime()
    {
        _model.PendingDue.Clear();
        _model.PendingTarget.Clear();
        _model.JoinDue.Clear();
        foreach (var (key, value) in Records)
        {
            ApplyRuntimeRecord(key, value);
        }
        _model.Deadlines.RebuildDeadlines();
    }

    /// <summary>
    /// Applies the runtime records a batch of another node changed to the objects as they are (no rebuild): each
    /// object the record belongs to goes back to its default runtime state and takes the record's, if it still exists.
    /// For batches that change no object's identity (docs/multi-node.md: the common case, a mode or state change).
    /// </summary>
    internal void ApplyRuntimeChanges(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (key.StartsWith(NodeRecordPrefix, StringComparison.Ordinal))
            {
                if (_model.Nodes.TryGetValue(key[NodeRecordPrefix.Length..], out var n))
                {
                    n.IsUp = true;
                    n.IsJoining = false;
                    _model.JoinDue.Remove(n.Id);
                }
            }
            else if (key.StartsWith(ResourceRecordPrefix, StringComparison.Ordinal))
            {
                if (_model.Resources.TryGetValue(key[ResourceRecordPrefix.Length..], out var r))
                {
                    r.State = PersistedState(r);
                    _model.PendingDue.Remove(r.Id);
                    _model.PendingTarget.Remove(r.Id);
                }
            }
            else if (key.StartsWith(DiskRecordPrefix, StringComparison.Ordinal))
            {
                var nodeId = key[DiskRecordPrefix.Length..];
                foreach (var r in _model.Resources.Values)
                {
                    r.DisconnectedNodeIds.Remove(nodeId);
                }
            }
            else if (key.StartsWith(BackupRecordPrefix, StringComparison.Ordinal))
            {
                if (_model.Volumes.Find(key[BackupRecordPrefix.Length..]) is { } v)
                {
                    v.Backup = BackupStatus.Idle;
                }
            }
            if (Records.TryGetValue(key, out var value))
            {
                ApplyRuntimeRecord(key, value);
            }
        }
        _model.Deadlines.RebuildDeadlines();
    }

    /// <summary>A resource's state when no runtime record says otherwise: its persistent state (a cluster start).</summary>
    internal static ClusterResourceState PersistedState(Resource r) =>
        r.Key.GetDWord(V.PersistentState) != 0 ? ClusterResourceState.Online : ClusterResourceState.Offline;

    /// <summary>Puts one runtime record onto its object; a malformed record leaves the object as it is.</summary>
    internal void ApplyRuntimeRecord(string key, byte[] value)
    {
        if (key.StartsWith(NodeRecordPrefix, StringComparison.Ordinal))
        {
            if (_model.Nodes.TryGetValue(key[NodeRecordPrefix.Length..], out var n) && value.Length >= 9)
            {
                n.IsUp = (value[0] & 1) != 0;
                n.IsJoining = (value[0] & 2) != 0;
                var due = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(1));
                if (n.IsJoining && due != 0)
                {
                    _model.JoinDue[n.Id] = new DateTimeOffset(due, TimeSpan.Zero);
                }
            }
        }
        else if (key.StartsWith(ResourceRecordPrefix, StringComparison.Ordinal))
        {
            if (_model.Resources.TryGetValue(key[ResourceRecordPrefix.Length..], out var r) && value.Length >= 16)
            {
                r.State = (ClusterResourceState)BinaryPrimitives.ReadUInt32LittleEndian(value);
                var due = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(4));
                if (due != 0)
                {
                    _model.PendingDue[r.Id] = new DateTimeOffset(due, TimeSpan.Zero);
                    _model.PendingTarget[r.Id] = (ClusterResourceState)BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(12));
                }
            }
        }
        else if (key.StartsWith(DiskRecordPrefix, StringComparison.Ordinal))
        {
            var nodeId = key[DiskRecordPrefix.Length..];
            foreach (var id in System.Text.Encoding.UTF8.GetString(value).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (_model.Resources.TryGetValue(id, out var r))
                {
                    r.DisconnectedNodeIds.Add(nodeId);
                }
            }
        }
        else if (key.StartsWith(BackupRecordPrefix, StringComparison.Ordinal))
        {
            if (_model.Volumes.Find(key[BackupRecordPrefix.Length..]) is { } v && DecodeBackup(value) is { } status)
            {
                v.Backup = status;
            }
        }
    }
}
