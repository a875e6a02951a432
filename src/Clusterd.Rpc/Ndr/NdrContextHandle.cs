using System.Buffers.Binary;

namespace Clusterd.Rpc.Ndr;

/// <summary>ndr_context_handle: u32 attributes + 16-byte UUID, 4-aligned; all zero is NULL (C706 14.3.11).</summary>
public readonly record struct NdrContextHandle(uint Attributes, Guid Uuid)
{
    /// <summary>Wire size.</summary>
    public const int Size = 20;

    /// <summary>The all-zero (NULL / closed) handle.</summary>
    public static NdrContextHandle Null => default;

    /// <summary>True when all 20 bytes are zero.</summary>
    public bool IsNull => Attributes == 0 && Uuid == Guid.Empty;

    internal static NdrContextHandle Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(source), new Guid(source.Slice(4, 16)));

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Attributes);
        Uuid.TryWriteBytes(destination[4..]);
    }
}
