using System.Buffers.Binary;

namespace Clusterd.Rpc.Pdu;

/// <summary>p_syntax_id_t: an interface or transfer syntax UUID plus a u32 version (C706 12.6.3.1).</summary>
/// <param name="Uuid">The syntax UUID.</param>
/// <param name="Version">Major version in the low 16 bits, minor version in the high 16 bits.</param>
public readonly record struct SyntaxId(Guid Uuid, uint Version)
{
    /// <summary>Wire size: 16-byte UUID + u32 version.</summary>
    public const int Size = 20;

    /// <summary>NDR 2.0 transfer syntax 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.</summary>
    public static readonly SyntaxId Ndr20 = new(new Guid("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2);

    /// <summary>NDR64 transfer syntax 71710533-beba-4937-8319-b5dbef9ccc36 v1 (MS-RPCE; refused at bind).</summary>
    public static readonly SyntaxId Ndr64 = new(new Guid("71710533-beba-4937-8319-b5dbef9ccc36"), 1);

    /// <summary>Builds an interface syntax id from major and minor versions.</summary>
    public static SyntaxId ForInterface(Guid uuid, ushort major, ushort minor) => new(uuid, (uint)(major | (minor << 16)));

    /// <summary>Bind-time feature negotiation syntax carrying <paramref name="features"/> (MS-RPCE 3.3.1.5.3).</summary>
    public static SyntaxId BindTimeFeatures(ulong features)
    {
        Span<byte> b = stackalloc byte[16];
        BindTimeFeaturePrefix.CopyTo(b);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], features);
        return new SyntaxId(new Guid(b), 1);
    }

    // 6cb71c2c-9812-4540 in GUID wire layout.
    private static ReadOnlySpan<byte> BindTimeFeaturePrefix => [0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45];

    /// <summary>Major version (low 16 bits).</summary>
    public ushort MajorVersion => (ushort)(Version & 0xFFFF);

    /// <summary>Minor version (high 16 bits).</summary>
    public ushort MinorVersion => (ushort)(Version >> 16);

    /// <summary>True for the BTFN pseudo transfer syntax 6cb71c2c-9812-4540-xxxx v1 (MS-RPCE 3.3.1.5.3).</summary>
    public bool IsBindTimeFeatureNegotiation(out ulong features)
    {
        Span<byte> b = stackalloc byte[16];
        Uuid.TryWriteBytes(b);
        features = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
        return Version == 1 && b[..8].SequenceEqual(BindTimeFeaturePrefix);
    }

    /// <summary>Reads 20 bytes.</summary>
    public static SyntaxId Read(ReadOnlySpan<byte> source) =>
        new(new Guid(source[..16]), BinaryPrimitives.ReadUInt32LittleEndian(source[16..]));

    /// <summary>Writes 20 bytes.</summary>
    public void Write(Span<byte> destination)
    {
        Uuid.TryWriteBytes(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Version);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Uuid} v{MajorVersion}.{MinorVersion}";
}
