using System.Buffers.Binary;
using System.Text;

namespace Clusterd.Rpc.Security;

/// <summary>AvId values of AV_PAIR (MS-NLMP 2.2.2.1).</summary>
internal enum NtlmAvId : ushort
{
    Eol = 0,
    NbComputerName = 1,
    NbDomainName = 2,
    DnsComputerName = 3,
    DnsDomainName = 4,
    DnsTreeName = 5,
    Flags = 6,
    Timestamp = 7,
    SingleHost = 8,
    TargetName = 9,
    ChannelBindings = 10,
}

/// <summary>
/// An ordered AV_PAIR list (MS-NLMP 2.2.2.1) as carried in CHALLENGE.TargetInfo and in the NTLMv2 client blob.
/// Parsing stops at MsvAvEOL (bytes after it, such as the blob's trailing zeros, are not part of the list).
/// </summary>
internal sealed class NtlmAvPairs
{
    /// <summary>MsvAvFlags bit: the AUTHENTICATE message carries a MIC (MS-NLMP 2.2.2.1).</summary>
    public const uint FlagMicPresent = 0x2;

    private const int MaxPairs = 64;

    private readonly List<KeyValuePair<NtlmAvId, byte[]>> _pairs = [];

    public int Count => _pairs.Count;

    public IEnumerable<KeyValuePair<NtlmAvId, byte[]>> Pairs => _pairs;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out NtlmAvPairs pairs)
    {
        pairs = new NtlmAvPairs();
        int offset = 0;
        while (true)
        {
            if (bytes.Length - offset < 4 || pairs._pairs.Count > MaxPairs)
            {
                return false; // MsvAvEOL is mandatory.
            }

            var id = (NtlmAvId)BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 2)..]);
            offset += 4;
            if (id == NtlmAvId.Eol)
            {
                return true;
            }

            if (length > bytes.Length - offset)
            {
                return false;
            }

            if (pairs.Get(id) is null)
            {
                pairs._pairs.Add(new(id, bytes.Slice(offset, length).ToArray()));
            }

            offset += length;
        }
    }

    public byte[]? Get(NtlmAvId id)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == id)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public string? GetString(NtlmAvId id) => Get(id) is { } value ? Encoding.Unicode.GetString(value) : null;

    public uint GetFlags() => Get(NtlmAvId.Flags) is { Length: 4 } value ? BinaryPrimitives.ReadUInt32LittleEndian(value) : 0;

    public NtlmAvPairs Add(NtlmAvId id, byte[] value)
    {
        _pairs.Add(new(id, value));
        return this;
    }

    public NtlmAvPairs AddString(NtlmAvId id, string value) => Add(id, Encoding.Unicode.GetBytes(value));

    public NtlmAvPairs AddUInt32(NtlmAvId id, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Add(id, bytes);
    }

    public NtlmAvPairs AddUInt64(NtlmAvId id, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Add(id, bytes);
    }

    /// <summary>Serialises the pairs in order, followed by MsvAvEOL.</summary>
    public byte[] ToBytes()
    {
        int total = 4;
        foreach (var pair in _pairs)
        {
            total = checked(total + 4 + pair.Value.Length);
        }

        var bytes = new byte[total];
        int offset = 0;
        foreach (var pair in _pairs)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)pair.Key);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset + 2), checked((ushort)pair.Value.Length));
            pair.Value.CopyTo(bytes, offset + 4);
            offset += 4 + pair.Value.Length;
        }

        return bytes; // The last four bytes stay zero: MsvAvEOL.
    }
}
