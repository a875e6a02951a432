using System.Buffers.Binary;
using System.Text;
using Clusterd.ClusApi;

namespace Clusterd.Cluster.Database;

/// <summary>A registry value of the cluster database: a REG_* type and its raw bytes, as Windows stores it.</summary>
public sealed class DbValue : IEquatable<DbValue>
{
    private readonly byte[] _data;
    private string? _string;
    private IReadOnlyList<string>? _strings;

    /// <summary>Creates a value from its type and bytes (the bytes are copied).</summary>
    public DbValue(RegistryValueType type, ReadOnlySpan<byte> data)
    {
        Type = type;
        _data = data.ToArray();
    }

    /// <summary>The REG_* type.</summary>
    public RegistryValueType Type { get; }

    /// <summary>The raw bytes (UTF-16LE with terminator for string types).</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>A REG_SZ with its NUL terminator.</summary>
    public static DbValue String(string value) => new(RegistryValueType.String, EncodeZ(value));

    /// <summary>A REG_EXPAND_SZ with its NUL terminator.</summary>
    public static DbValue ExpandString(string value) => new(RegistryValueType.ExpandString, EncodeZ(value));

    /// <summary>A REG_DWORD.</summary>
    public static DbValue DWord(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return new DbValue(RegistryValueType.DWord, b);
    }

    /// <summary>A REG_QWORD.</summary>
    public static DbValue QWord(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return new DbValue(RegistryValueType.QWord, b);
    }

    /// <summary>A REG_BINARY.</summary>
    public static DbValue Binary(ReadOnlySpan<byte> value) => new(RegistryValueType.Binary, value);

    /// <summary>A REG_MULTI_SZ: each string NUL-terminated, then one more NUL.</summary>
    public static DbValue MultiString(IEnumerable<string> values)
    {
        var sb = new StringBuilder();
        foreach (var v in values)
        {
            sb.Append(v).Append('\0');
        }
        sb.Append('\0');
        return new DbValue(RegistryValueType.MultiString, Encoding.Unicode.GetBytes(sb.ToString()));
    }

    /// <summary>The string of a REG_SZ / REG_EXPAND_SZ (up to the first NUL).</summary>
    public string AsString()
    {
        // A value never changes (a change replaces it), so its decoded form is kept.
        if (_string is null)
        {
            var s = Encoding.Unicode.GetString(_data);
            var nul = s.IndexOf('\0', StringComparison.Ordinal);
            _string = nul >= 0 ? s[..nul] : s;
        }
        return _string;
    }

    /// <summary>The number of a REG_DWORD (0 when the value is shorter than 4 bytes).</summary>
    public uint AsDWord() => _data.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(_data) : 0;

    /// <summary>The number of a REG_QWORD (0 when the value is shorter than 8 bytes).</summary>
    public ulong AsQWord() => _data.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(_data) : 0;

    /// <summary>The strings of a REG_MULTI_SZ.</summary>
    public IReadOnlyList<string> AsMultiString() =>
        _strings ??= Encoding.Unicode.GetString(_data).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Serialises as the store keeps it: u32 type, then the bytes.</summary>
    public byte[] ToStoreBytes()
    {
        var b = new byte[checked(4 + _data.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)Type);
        _data.CopyTo(b.AsSpan(4));
        return b;
    }

    /// <summary>Reads the store form; null when shorter than the type field.</summary>
    public static DbValue? FromStoreBytes(ReadOnlySpan<byte> b) =>
        b.Length < 4 ? null : new DbValue((RegistryValueType)BinaryPrimitives.ReadUInt32LittleEndian(b), b[4..]);

    /// <inheritdoc />
    public bool Equals(DbValue? other) => other is not null && other.Type == Type && other._data.AsSpan().SequenceEqual(_data);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DbValue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _data.Length);

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        RegistryValueType.String or RegistryValueType.ExpandString => AsString(),
        RegistryValueType.DWord => AsDWord().ToString(System.Globalization.CultureInfo.InvariantCulture),
        RegistryValueType.QWord => AsQWord().ToString(System.Globalization.CultureInfo.InvariantCulture),
        RegistryValueType.MultiString => string.Join(";", AsMultiString()),
        _ => Convert.ToHexString(_data),
    };

    private static byte[] EncodeZ(string value) => Encoding.Unicode.GetBytes(value + "\0");
}
