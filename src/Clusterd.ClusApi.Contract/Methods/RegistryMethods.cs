using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The cluster registry messages whose NDR is more than their parameter list (MS-CMRP 3.1.4.2.37, 41): a size that must
// match its array, and RPC_SECURITY_DESCRIPTOR. The others are declared in Methods.cs.

/// <summary>
/// ApiEnumValue's answer: <c>Sout lpValueName, u32 lpType, UCHAR lpData[size_is(*lpcbData)] (max_count, then the
/// bytes), u32 lpcbData, u32 TotalSize, rpc_status, result</c>. lpcbData out is the array's size: the data's length,
/// or 0 when it did not fit (ERROR_MORE_DATA, TotalSize the size needed); a stub whose lpcbData differs from the
/// array's max_count is refused.
/// </summary>
/// <param name="ValueName">The value's name; null (a NULL pointer) when there is none.</param>
/// <param name="ValueType">lpType (REG_*; 0 when there is no value).</param>
/// <param name="Data">lpData; its length is lpcbData out.</param>
/// <param name="TotalSize">TotalSize: the value's size in bytes (0 when there is no value).</param>
/// <param name="Result">The method result (ERROR_NO_MORE_ITEMS past the last value).</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct EnumValueResponse(string? ValueName, uint ValueType, ReadOnlyMemory<byte> Data, uint TotalSize, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<EnumValueResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOutString(ValueName);
        writer.WriteUInt32(ValueType);
        writer.WriteConformantByteArray(Data.Span);
        writer.WriteUInt32((uint)Data.Length);
        writer.WriteUInt32(TotalSize);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static EnumValueResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadOutString();
        var type = reader.ReadUInt32();
        var data = reader.ReadConformantByteArray();
        var size = reader.ReadUInt32();
        if (size != (uint)data.Length)
        {
            throw new NdrException($"ApiEnumValue: lpcbData {size} differs from the array's max_count {data.Length}.");
        }
        var total = reader.ReadUInt32();
        var rpcStatus = reader.ReadUInt32();
        return new(name, type, data, total, reader.ReadError(), rpcStatus);
    }
}

/// <summary>
/// RPC_SECURITY_DESCRIPTOR (MS-CMRP 2.2.3.1): <c>{ [size_is(cbInSecurityDescriptor), length_is(cbOutSecurityDescriptor)]
/// UCHAR *lpSecurityDescriptor; DWORD cbInSecurityDescriptor; DWORD cbOutSecurityDescriptor; }</c>. On the wire: the
/// buffer's referent id (0 = NULL), cbIn, cbOut, then (unless NULL) the deferred conformant varying array: max_count
/// cbIn, offset 0, actual_count the buffer's length, the bytes.
/// </summary>
/// <param name="Buffer">lpSecurityDescriptor: the bytes (actual_count of them); null for a NULL pointer.</param>
/// <param name="InSize">cbInSecurityDescriptor: the buffer's capacity (the array's max_count), or after ERROR_INSUFFICIENT_BUFFER the size needed.</param>
/// <param name="OutSize">cbOutSecurityDescriptor: the bytes the descriptor takes.</param>
public readonly record struct RpcSecurityDescriptor(ReadOnlyMemory<byte>? Buffer, uint InSize, uint OutSize)
{
    /// <summary>Writes the structure and its deferred buffer.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteReferentId(Buffer is not null);
        writer.WriteUInt32(InSize);
        writer.WriteUInt32(OutSize);
        if (Buffer is { } buffer)
        {
            // max_count is cbIn as it is, which may exceed int.MaxValue (the server answers the client's value back).
            writer.WriteVaryingHeader(InSize, buffer.Length);
            writer.WriteBytes(buffer.Span);
        }
    }

    /// <summary>
    /// Reads the structure as a request carries it: the array's max_count is checked against the reader's element
    /// limit and otherwise ignored (cbInSecurityDescriptor is what counts), actual_count must not exceed it.
    /// </summary>
    internal static RpcSecurityDescriptor ReadRequest(NdrReader reader)
    {
        var present = reader.ReadReferentId() != 0;
        var inSize = reader.ReadUInt32();
        var outSize = reader.ReadUInt32();
        // Not "present ? array : null": null would convert to a byte[] and then to an empty, non-NULL buffer.
        return present ? new(reader.ReadConformantVaryingByteArray(), inSize, outSize) : new(null, inSize, outSize);
    }

    /// <summary>
    /// Reads the structure as a response carries it: max_count may be any u32 (the client's cbIn back); offset 0 and
    /// an actual_count within max_count and the stub.
    /// </summary>
    internal static RpcSecurityDescriptor ReadResponse(NdrReader reader)
    {
        var present = reader.ReadReferentId() != 0;
        var inSize = reader.ReadUInt32();
        var outSize = reader.ReadUInt32();
        if (!present)
        {
            return new(null, inSize, outSize);
        }
        var (_, actual) = reader.ReadVaryingHeader(1, "RPC_SECURITY_DESCRIPTOR array");
        return new(reader.ReadBytes(actual), inSize, outSize);
    }
}

/// <summary>
/// ApiGetKeySecurity (opnum 40, MS-CMRP 3.1.4.2.41): <c>H hKey, u32 SecurityInformation, [in, out]
/// RPC_SECURITY_DESCRIPTOR → RPC_SECURITY_DESCRIPTOR, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="SecurityInformation">The parts asked for (OWNER 1, GROUP 2, DACL 4, SACL 8).</param>
/// <param name="Descriptor">The client's buffer: its capacity is cbInSecurityDescriptor.</param>
public readonly record struct GetKeySecurityRequest(KeyHandle Key, uint SecurityInformation, RpcSecurityDescriptor Descriptor)
    : IClusApiRequest<GetKeySecurityRequest, GetKeySecurityResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetKeySecurity;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(SecurityInformation);
        Descriptor.Write(writer);
    }

    /// <inheritdoc />
    public static GetKeySecurityRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var info = reader.ReadUInt32();
        return new(key, info, RpcSecurityDescriptor.ReadRequest(reader));
    }
}

/// <summary>
/// ApiGetKeySecurity's answer: <c>RPC_SECURITY_DESCRIPTOR, rpc_status, result</c>. On success the self-relative
/// descriptor (max_count cbIn, actual_count = cbOut = its size); on failure a NULL buffer, cbOut 0, and after
/// ERROR_INSUFFICIENT_BUFFER cbIn the size needed.
/// </summary>
/// <param name="Descriptor">The descriptor.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct GetKeySecurityResponse(RpcSecurityDescriptor Descriptor, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<GetKeySecurityResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Descriptor.Write(writer);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetKeySecurityResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var descriptor = RpcSecurityDescriptor.ReadResponse(reader);
        var rpcStatus = reader.ReadUInt32();
        return new(descriptor, reader.ReadError(), rpcStatus);
    }
}
