using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Clusterd.ClusApi;
using Clusterd.Cluster.Database;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The events of one committed batch as bytes, carried with the batch to every replica so each node notifies its
/// own clients of changes other nodes made (docs/multi-node.md, "Events"). Encoded once per command, however many
/// nodes and notification ports there are. Layout (little-endian): version byte 2 (version 1 had no registry value
/// changes; a node that only knows version 1 refuses these batches' events rather than misreading them), u32 count, then per event: u32
/// object type, u32 change, strings id, name, parent, type name (i32 byte length, -1 for null, then UTF-8), a
/// snapshot flag byte (bit 0 present, bit 1 state, bit 2 owner, bit 3 group type; bit 4: a registry value change
/// follows) with its fields, then (bit 4) a byte (bit 0 previous, bit 1 current) and each value present as its store
/// bytes (i32 length, u32 type, data), u32 CSV state count and per state: volume name, node name, u32 state, friendly
/// name, u64 redirected reason, u64 block reason.
/// </summary>
public static class ClusterEventCodec
{
    private const byte Version = 2;

    /// <summary>Most events one batch may carry when decoded (a seeded 10,000-CSV cluster raises far fewer per command).</summary>
    public const int MaxEvents = 1 << 20;

    /// <summary>Encodes <paramref name="events"/> (their sequence numbers are not carried: each node numbers its own).</summary>
    public static byte[] Encode(IReadOnlyList<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }
        var w = new ArrayBufferWriter<byte>(64 * events.Count);
        w.Write([Version]);
        U32(w, (uint)events.Count);
        foreach (var e in events)
        {
            U32(w, (uint)e.ObjectType);
            U32(w, (uint)e.Change);
            Str(w, e.ObjectId);
            Str(w, e.Name);
            Str(w, e.ParentId);
            Str(w, e.TypeName);
            var s = e.Snapshot;
            byte flags = s is null ? (byte)0 : (byte)(1 | (s.State is null ? 0 : 2) | (s.OwnerNodeId is null ? 0 : 4) | (s.GroupType is null ? 0 : 8));
            var rv = e.RegistryValue;
            if (rv is not null)
            {
                flags |= 16;
            }
            w.Write([flags]);
            if (s?.State is { } st)
            {
                U32(w, st);
            }
            if (s?.OwnerNodeId is { } owner)
            {
                Str(w, owner);
            }
            if (s?.GroupType is { } gt)
            {
                U32(w, gt);
            }
            if (rv is not null)
            {
                w.Write([(byte)((rv.Previous is null ? 0 : 1) | (rv.Current is null ? 0 : 2))]);
                Value(w, rv.Previous);
                Value(w, rv.Current);
            }
            U32(w, (uint)e.SharedVolumeStates.Count);
            foreach (var v in e.SharedVolumeStates)
            {
                Str(w, v.VolumeName);
                Str(w, v.NodeName);
                U32(w, (uint)v.State);
                Str(w, v.FriendlyName);
                U64(w, (ulong)v.RedirectedIOReason);
                U64(w, (ulong)v.BlockRedirectedIOReason);
            }
        }
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote; <see cref="InvalidDataException"/> on anything else.</summary>
    public static IReadOnlyList<ClusterEvent> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }
        var r = new Reader(bytes);
        if (r.Byte() != Version)
        {
            throw new InvalidDataException("unknown event encoding version");
        }
        var count = r.U32();
        if (count > MaxEvents)
        {
            throw new InvalidDataException("too many events in one batch");
        }
        var list = new List<ClusterEvent>((int)Math.Min(count, 1024));
        for (var i = 0u; i < count; i++)
        {
            var type = (ClusterObjectType)r.U32();
            var change = (ClusterChange)r.U32();
            var id = r.Str() ?? throw new InvalidDataException("an event without an object id");
            var name = r.Str() ?? "";
            var parent = r.Str();
            var typeName = r.Str();
            var flags = r.Byte();
            EventSnapshot? snapshot = null;
            if ((flags & 1) != 0)
            {
                uint? state = (flags & 2) != 0 ? r.U32() : null;
                var owner = (flags & 4) != 0 ? r.Str() : null;
                uint? groupType = (flags & 8) != 0 ? r.U32() : null;
                snapshot = new EventSnapshot(state, owner, groupType);
            }
            RegistryValueChange? registryValue = null;
            if ((flags & 16) != 0)
            {
                var which = r.Byte();
                var previous = (which & 1) != 0 ? r.Value() : null;
                var current = (which & 2) != 0 ? r.Value() : null;
                registryValue = new RegistryValueChange(previous, current);
            }
            var n = r.U32();
            if (n > r.Remaining / 24)
            {
                throw new InvalidDataException("an event's CSV state count is larger than its bytes");
            }
            var states = new SharedVolumeNodeState[n];
            for (var k = 0; k < n; k++)
            {
                states[k] = new SharedVolumeNodeState(r.Str() ?? "", r.Str() ?? "", (SharedVolumeState)r.U32(), r.Str() ?? "",
                    (RedirectedIOReason)r.U64(), (BlockRedirectedIOReason)r.U64());
            }
            list.Add(new ClusterEvent(0, type, change, id, name, parent, typeName, states) { Snapshot = snapshot, RegistryValue = registryValue });
        }
        if (r.Remaining != 0)
        {
            throw new InvalidDataException("bytes after the last event");
        }
        return list;
    }

    private static void U32(ArrayBufferWriter<byte> w, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(w.GetSpan(4), v);
        w.Advance(4);
    }

    private static void U64(ArrayBufferWriter<byte> w, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(w.GetSpan(8), v);
        w.Advance(8);
    }

    private static void Value(ArrayBufferWriter<byte> w, DbValue? v)
    {
        if (v is null)
        {
            return;
        }
        var bytes = v.ToStoreBytes();
        BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), bytes.Length);
        w.Advance(4);
        w.Write(bytes);
    }

    private static void Str(ArrayBufferWriter<byte> w, string? s)
    {
        if (s is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), -1);
            w.Advance(4);
            return;
        }
        var n = Encoding.UTF8.GetByteCount(s);
        BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), n);
        w.Advance(4);
        Encoding.UTF8.GetBytes(s, w.GetSpan(n));
        w.Advance(n);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly int Remaining => _rest.Length;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > _rest.Length)
            {
                throw new InvalidDataException("the event bytes end early");
            }
            var s = _rest[..n];
            _rest = _rest[n..];
            return s;
        }

        public byte Byte() => Take(1)[0];

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public DbValue Value() =>
            DbValue.FromStoreBytes(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))) ?? throw new InvalidDataException("a registry value without its type");

        public string? Str()
        {
            var n = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
            return n == -1 ? null : Encoding.UTF8.GetString(Take(n));
        }
    }
}
