using System.Buffers.Binary;
using System.Text;

namespace Clusterd.ClusApi;

/// <summary>
/// One BATCH_UPDATE_COMMAND (MS-CMRP 2.2.3.17.1): <c>u32 CommandType, u32 ValueType, u32 NameLength, Name (NameLength
/// bytes: a NUL-terminated UTF-16LE string, at least the NUL), u32 DataLength, Data (DataLength bytes), padding to a
/// 16-bit boundary</c>. Fields are packed (no alignment besides the final padding).
/// </summary>
/// <param name="CommandType">CLUSTER_REG_BATCH_COMMAND (2.2.2.8).</param>
/// <param name="ValueType">The REG_* type (SET_VALUE, READ_VALUE) or a status code (READ_ERROR); ignored otherwise.</param>
/// <param name="Name">The key path or value name, without its NUL.</param>
/// <param name="Data">The data.</param>
public readonly record struct RegBatchCommand(uint CommandType, uint ValueType, string Name, ReadOnlyMemory<byte> Data);

/// <summary>
/// CLUSTER_REG_BATCH_UPDATE (MS-CMRP 2.2.3.17): <c>u32 VersionNumber (1), then one or more BATCH_UPDATE_COMMAND</c>. The
/// input of ApiExecuteBatch and ApiExecuteReadBatch(Ex), the output of the read batches and of ApiGetBatchNotification.
/// </summary>
public static class RegBatchUpdate
{
    /// <summary>The only VersionNumber (2.2.3.17).</summary>
    public const uint Version = 1;

    /// <summary>CLUSREG_SET_VALUE.</summary>
    public const uint SetValue = 1;

    /// <summary>CLUSREG_CREATE_KEY.</summary>
    public const uint CreateKey = 2;

    /// <summary>CLUSREG_DELETE_KEY.</summary>
    public const uint DeleteKey = 3;

    /// <summary>CLUSREG_DELETE_VALUE.</summary>
    public const uint DeleteValue = 4;

    /// <summary>CLUSREG_VALUE_DELETED (batch notifications only).</summary>
    public const uint ValueDeleted = 6;

    /// <summary>CLUSREG_READ_KEY.</summary>
    public const uint ReadKey = 7;

    /// <summary>CLUSREG_READ_VALUE.</summary>
    public const uint ReadValue = 8;

    /// <summary>CLUSREG_READ_ERROR.</summary>
    public const uint ReadError = 9;

    /// <summary>
    /// Decodes a batch. Returns false when it is malformed: <paramref name="failedCommand"/> is then the index of the
    /// command that does not decode (a field cut short, a NameLength that is odd, below 2 or without the final NUL, a
    /// NUL inside the name), or -1 when the version is wrong, the buffer too short for it, or it holds no command.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out IReadOnlyList<RegBatchCommand> commands, out int failedCommand)
    {
        var list = new List<RegBatchCommand>();
        commands = list;
        failedCommand = -1;
        if (buffer.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(buffer) != Version)
        {
            return false;
        }
        var p = 4;
        while (p < buffer.Length)
        {
            failedCommand = list.Count;
            if (buffer.Length - p < 12)
            {
                return false;
            }
            var type = BinaryPrimitives.ReadUInt32LittleEndian(buffer[p..]);
            var valueType = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(p + 4)..]);
            var nameLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(p + 8)..]);
            p += 12;
            if (nameLength < 2 || nameLength % 2 != 0 || nameLength > (uint)(buffer.Length - p))
            {
                return false;
            }
            var nameBytes = buffer.Slice(p, (int)nameLength);
            p += (int)nameLength;
            var name = Encoding.Unicode.GetString(nameBytes[..^2]);
            if (nameBytes[^1] != 0 || nameBytes[^2] != 0 || name.Contains('\0', StringComparison.Ordinal) || buffer.Length - p < 4)
            {
                return false;
            }
            var dataLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer[p..]);
            p += 4;
            if (dataLength > (uint)(buffer.Length - p))
            {
                return false;
            }
            var data = buffer.Slice(p, (int)dataLength).ToArray();
            p += (int)dataLength;
            if (p % 2 != 0)
            {
                p++; // the padding to a 16-bit boundary (counted from the start of the buffer)
            }
            list.Add(new RegBatchCommand(type, valueType, name, data));
        }
        failedCommand = -1;
        return list.Count > 0;
    }

    /// <summary>Encodes a batch: the version, then each command with its padding.</summary>
    public static byte[] Build(IEnumerable<RegBatchCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        using var ms = new MemoryStream();
        var u32 = new byte[4];
        void Put(uint v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(u32, v);
            ms.Write(u32);
        }
        Put(Version);
        foreach (var c in commands)
        {
            var name = Encoding.Unicode.GetBytes((c.Name ?? "") + "\0");
            Put(c.CommandType);
            Put(c.ValueType);
            Put((uint)name.Length);
            ms.Write(name);
            Put((uint)c.Data.Length);
            ms.Write(c.Data.Span);
            if (ms.Length % 2 != 0)
            {
                ms.WriteByte(0);
            }
        }
        return ms.ToArray();
    }
}
