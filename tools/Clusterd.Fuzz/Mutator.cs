using System.Buffers.Binary;

namespace Clusterd.Fuzz;

/// <summary>
/// Structure-aware mutation, deterministic for a <see cref="Random"/>: the target names its length and count fields
/// (<see cref="FuzzTarget.LocateFields"/>) and most mutations aim at them with boundary values; the rest flip bytes,
/// truncate, extend, insert, delete, duplicate and splice corpus entries.
/// </summary>
internal sealed class Mutator(FuzzTarget target, Random random)
{
    private static readonly uint[] s_boundaries =
    [
        0, 1, 2, 3, 4, 7, 8, 15, 16, 20, 24, 0x7F, 0x80, 0xFF, 0x100, 0x3FF, 0x400, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x10000,
        0x3FFFFF, 0x400000, 0x7FFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF,
    ];

    private readonly List<FuzzField> _fields = [];

    /// <summary>A mutated copy of <paramref name="parent"/>; <paramref name="corpus"/> provides splice partners.</summary>
    public byte[] Mutate(byte[] parent, IReadOnlyList<byte[]> corpus)
    {
        byte[] data = parent;
        int rounds = random.Next(8) switch
        {
            < 4 => 1,
            < 6 => 2,
            < 7 => 3,
            _ => 5,
        };
        for (int round = 0; round < rounds; round++)
        {
            data = MutateOnce(data, corpus);
        }

        if (random.Next(2) == 0)
        {
            // Fixup may write in place: never into the parent, which stays in the corpus.
            data = target.Fixup(ReferenceEquals(data, parent) ? (byte[])data.Clone() : data, random);
        }

        return data.Length > target.MaxInputLength ? data[..target.MaxInputLength] : data;
    }

    private byte[] MutateOnce(byte[] data, IReadOnlyList<byte[]> corpus)
    {
        int op = random.Next(100);
        if (op < 35)
        {
            _fields.Clear();
            target.LocateFields(data, _fields);
            if (_fields.Count > 0)
            {
                return SetField(data, _fields[random.Next(_fields.Count)]);
            }
        }

        return op switch
        {
            < 50 => FlipBytes(data),
            < 58 => OverwriteAligned(data),
            < 66 => Truncate(data),
            < 73 => Extend(data),
            < 80 => Insert(data),
            < 86 => Delete(data),
            < 94 => Splice(data, corpus),
            _ => Duplicate(data),
        };
    }

    private uint FieldValue(uint current, int inputLength)
    {
        return random.Next(6) switch
        {
            0 or 1 => s_boundaries[random.Next(s_boundaries.Length)],
            2 => unchecked(current + (uint)random.Next(1, 17)),
            3 => unchecked(current - (uint)random.Next(1, 17)),
            4 => unchecked((uint)(inputLength - random.Next(0, 33))),
            _ => unchecked((uint)random.Next() ^ (uint)(random.Next() << 1)),
        };
    }

    private byte[] SetField(byte[] data, FuzzField field)
    {
        if (field.Offset < 0 || field.Offset + field.Width > data.Length)
        {
            return data;
        }

        var copy = (byte[])data.Clone();
        var span = copy.AsSpan(field.Offset, field.Width);
        switch (field.Width)
        {
            case 1:
                span[0] = (byte)FieldValue(span[0], data.Length);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)FieldValue(BinaryPrimitives.ReadUInt16LittleEndian(span), data.Length));
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(span, FieldValue(BinaryPrimitives.ReadUInt32LittleEndian(span), data.Length));
                break;
        }

        return copy;
    }

    private byte[] FlipBytes(byte[] data)
    {
        if (data.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var copy = (byte[])data.Clone();
        int count = 1 + random.Next(Math.Min(4, copy.Length));
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(copy.Length);
            copy[at] = random.Next(3) switch
            {
                0 => (byte)(copy[at] ^ (1 << random.Next(8))),
                1 => (byte)random.Next(256),
                _ => (byte)s_boundaries[random.Next(s_boundaries.Length)],
            };
        }

        return copy;
    }

    private byte[] OverwriteAligned(byte[] data)
    {
        int origin = Math.Min(target.AlignmentOrigin, data.Length);
        if (data.Length - origin < 4)
        {
            return FlipBytes(data);
        }

        var copy = (byte[])data.Clone();
        int at = origin + (random.Next((copy.Length - origin) / 4) * 4);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), FieldValue(BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at)), copy.Length));
        return copy;
    }

    private byte[] Truncate(byte[] data) => data.Length == 0 ? data : data[..random.Next(data.Length)];

    private byte[] Extend(byte[] data)
    {
        int extra = random.Next(4) == 0 ? random.Next(1, 4096) : random.Next(1, 33);
        var copy = new byte[data.Length + extra];
        data.CopyTo(copy, 0);
        if (random.Next(2) == 0)
        {
            random.NextBytes(copy.AsSpan(data.Length));
        }

        return copy;
    }

    private byte[] Insert(byte[] data)
    {
        int at = random.Next(data.Length + 1);
        int count = random.Next(3) == 0 ? 4 : random.Next(1, 17);
        var copy = new byte[data.Length + count];
        data.AsSpan(0, at).CopyTo(copy);
        var inserted = copy.AsSpan(at, count);
        if (count == 4 && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(inserted, s_boundaries[random.Next(s_boundaries.Length)]);
        }
        else
        {
            random.NextBytes(inserted);
        }

        data.AsSpan(at).CopyTo(copy.AsSpan(at + count));
        return copy;
    }

    private byte[] Delete(byte[] data)
    {
        if (data.Length < 2)
        {
            return data;
        }

        int at = random.Next(data.Length);
        int count = Math.Min(data.Length - at, random.Next(1, 17));
        return [.. data.AsSpan(0, at), .. data.AsSpan(at + count)];
    }

    private byte[] Duplicate(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }

        int at = random.Next(data.Length);
        int count = Math.Min(data.Length - at, random.Next(1, 65));
        int to = random.Next(data.Length + 1);
        var chunk = data.AsSpan(at, count);
        return [.. data.AsSpan(0, to), .. chunk, .. data.AsSpan(to)];
    }

    private byte[] Splice(byte[] data, IReadOnlyList<byte[]> corpus)
    {
        var other = corpus[random.Next(corpus.Count)];
        int cut = random.Next(data.Length + 1);
        int from = random.Next(other.Length + 1);
        return [.. data.AsSpan(0, cut), .. other.AsSpan(from)];
    }
}
