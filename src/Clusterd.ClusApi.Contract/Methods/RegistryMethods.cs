using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The read side of the cluster registry methods (MS-CMRP 3.1.4.2.29-41). Key handles are HKEY_RPC (KeyHandle).

/// <summary>ApiGetRootKey (opnum 28, MS-CMRP 3.1.4.2.29): <c>u32 samDesired → Status, rpc_status, HKEY_RPC</c>.</summary>
/// <param name="DesiredAccess">samDesired: the registry access mask the client asks for (KEY_READ, KEY_WRITE, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct GetRootKeyRequest(uint DesiredAccess) : IClusApiRequest<GetRootKeyRequest, OpenResponse<KeyHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetRootKey;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static GetRootKeyRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadUInt32());
    }
}

/// <summary>ApiOpenKey (opnum 30, MS-CMRP 3.1.4.2.31): <c>H hKey, Sin lpSubKey, u32 samDesired → Status, rpc_status, HKEY_RPC</c>.</summary>
/// <param name="Key">The parent key.</param>
/// <param name="SubKey">lpSubKey: the path of the key under <paramref name="Key"/>, backslash-separated.</param>
/// <param name="DesiredAccess">samDesired: the registry access mask the client asks for.</param>
public readonly record struct OpenKeyRequest(KeyHandle Key, string SubKey, uint DesiredAccess) : IClusApiRequest<OpenKeyRequest, OpenResponse<KeyHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenKey;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteInString(SubKey);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenKeyRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var sub = reader.ReadConformantVaryingString();
        return new(key, sub, reader.ReadUInt32());
    }
}

/// <summary>ApiEnumKey (opnum 31, MS-CMRP 3.1.4.2.32): <c>H hKey, u32 dwIndex → Sout KeyName, FILETIME lpftLastWriteTime, rpc_status, result</c>.</summary>
/// <param name="Key">The key whose subkeys are enumerated.</param>
/// <param name="Index">dwIndex: the zero-based index of the subkey.</param>
public readonly record struct EnumKeyRequest(KeyHandle Key, uint Index) : IClusApiRequest<EnumKeyRequest, EnumKeyResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiEnumKey;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(Index);
    }

    /// <inheritdoc />
    public static EnumKeyRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        return new(key, reader.ReadUInt32());
    }
}

/// <summary>ApiEnumKey's answer: <c>Sout KeyName, FILETIME lpftLastWriteTime, rpc_status, result</c>.</summary>
/// <param name="KeyName">The subkey's name; null (a NULL pointer) on failure.</param>
/// <param name="LastWriteTime">The subkey's last write time (FILETIME 0 on failure).</param>
/// <param name="Result">The method result (ERROR_NO_MORE_ITEMS past the last subkey).</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct EnumKeyResponse(string? KeyName, DateTimeOffset LastWriteTime, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<EnumKeyResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOutString(KeyName);
        writer.WriteFileTime(LastWriteTime);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static EnumKeyResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadOutString();
        var time = reader.ReadFileTime();
        var rpcStatus = reader.ReadUInt32();
        return new(name, time, reader.ReadError(), rpcStatus);
    }
}

/// <summary>
/// ApiQueryValue (opnum 34, MS-CMRP 3.1.4.2.35): <c>H hKey, Sin lpValueName, u32 cbData → u32 lpValueType,
/// UCHAR lpData[size_is(cbData)], u32 lpcbRequired, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key holding the value.</param>
/// <param name="ValueName">lpValueName.</param>
/// <param name="DataSize">cbData: the size of the client's buffer; the answer's array has exactly this many bytes.</param>
public readonly record struct QueryValueRequest(KeyHandle Key, string ValueName, uint DataSize) : IClusApiRequest<QueryValueRequest, QueryValueResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiQueryValue;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteInString(ValueName);
        writer.WriteUInt32(DataSize);
    }

    /// <inheritdoc />
    public static QueryValueRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var name = reader.ReadConformantVaryingString();
        return new(key, name, reader.ReadUInt32());
    }
}

/// <summary>
/// ApiQueryValue's answer: <c>u32 lpValueType, UCHAR lpData[size_is(cbData)] (max_count cbData, then the bytes),
/// u32 lpcbRequired, rpc_status, result</c>. The array always has the request's cbData bytes (zeros unless the value
/// fitted); a buffer smaller than the data is ERROR_MORE_DATA with lpcbRequired the size needed.
/// </summary>
/// <param name="ValueType">lpValueType (REG_*; 0 when there is no value).</param>
/// <param name="Data">lpData: exactly cbData bytes.</param>
/// <param name="DataRequired">lpcbRequired: the value's size in bytes (0 when there is no value).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct QueryValueResponse(uint ValueType, ReadOnlyMemory<byte> Data, uint DataRequired, Win32Error Result, uint RpcStatus = 0)
    : IClusApiMessage<QueryValueResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(ValueType);
        writer.WriteConformantByteArray(Data.Span);
        writer.WriteUInt32(DataRequired);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static QueryValueResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = reader.ReadUInt32();
        var data = reader.ReadConformantByteArray();
        var required = reader.ReadUInt32();
        var rpcStatus = reader.ReadUInt32();
        return new(type, data, required, reader.ReadError(), rpcStatus);
    }
}

/// <summary>
/// ApiEnumValue (opnum 36, MS-CMRP 3.1.4.2.37): <c>H hKey, u32 dwIndex, [in, out] u32 lpcbData → Sout lpValueName,
/// u32 lpType, UCHAR lpData[size_is(*lpcbData)], u32 lpcbData, u32 TotalSize, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key whose values are enumerated.</param>
/// <param name="Index">dwIndex: the zero-based index of the value.</param>
/// <param name="DataSize">lpcbData on the way in: the size of the client's buffer.</param>
public readonly record struct EnumValueRequest(KeyHandle Key, uint Index, uint DataSize) : IClusApiRequest<EnumValueRequest, EnumValueResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiEnumValue;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(Index);
        writer.WriteUInt32(DataSize);
    }

    /// <inheritdoc />
    public static EnumValueRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var index = reader.ReadUInt32();
        return new(key, index, reader.ReadUInt32());
    }
}

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

/// <summary>ApiCloseKey (opnum 37, MS-CMRP 3.1.4.2.38): <c>[in, out] HKEY_RPC → NULL, result</c>.</summary>
/// <param name="Key">The handle to close.</param>
public readonly record struct CloseKeyRequest(KeyHandle Key) : IClusApiRequest<CloseKeyRequest, CloseResponse<KeyHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseKey;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Key);

    /// <inheritdoc />
    public static CloseKeyRequest Read(NdrReader reader) => new(reader.ReadHandle<KeyHandle>());
}

/// <summary>
/// ApiQueryInfoKey (opnum 38, MS-CMRP 3.1.4.2.39): <c>H hKey → u32 SubKeys, MaxSubKeyLen, Values, MaxValueNameLen,
/// MaxValueLen, cbSecurityDescriptor, FILETIME LastWriteTime, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key.</param>
public readonly record struct QueryInfoKeyRequest(KeyHandle Key) : IClusApiRequest<QueryInfoKeyRequest, QueryInfoKeyResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiQueryInfoKey;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Key);

    /// <inheritdoc />
    public static QueryInfoKeyRequest Read(NdrReader reader) => new(reader.ReadHandle<KeyHandle>());
}

/// <summary>
/// ApiQueryInfoKey's answer: six u32 (lengths in characters without the NUL, MaxValueLen in bytes), a FILETIME,
/// rpc_status, result. Every field is 0 on failure.
/// </summary>
/// <param name="SubKeys">lpcSubKeys.</param>
/// <param name="MaxSubKeyLen">lpcbMaxSubKeyLen: the longest subkey name, in characters.</param>
/// <param name="Values">lpcValues.</param>
/// <param name="MaxValueNameLen">lpcbMaxValueNameLen: the longest value name, in characters.</param>
/// <param name="MaxValueLen">lpcbMaxValueLen: the largest value, in bytes.</param>
/// <param name="SecurityDescriptorSize">lpcbSecurityDescriptor: the size of the key's security descriptor.</param>
/// <param name="LastWriteTime">lpftLastWriteTime.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct QueryInfoKeyResponse(uint SubKeys, uint MaxSubKeyLen, uint Values, uint MaxValueNameLen, uint MaxValueLen,
    uint SecurityDescriptorSize, DateTimeOffset LastWriteTime, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<QueryInfoKeyResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(SubKeys);
        writer.WriteUInt32(MaxSubKeyLen);
        writer.WriteUInt32(Values);
        writer.WriteUInt32(MaxValueNameLen);
        writer.WriteUInt32(MaxValueLen);
        writer.WriteUInt32(SecurityDescriptorSize);
        writer.WriteFileTime(LastWriteTime);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static QueryInfoKeyResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var subKeys = reader.ReadUInt32();
        var maxSubKeyLen = reader.ReadUInt32();
        var values = reader.ReadUInt32();
        var maxNameLen = reader.ReadUInt32();
        var maxValueLen = reader.ReadUInt32();
        var sdSize = reader.ReadUInt32();
        var time = reader.ReadFileTime();
        var rpcStatus = reader.ReadUInt32();
        return new(subKeys, maxSubKeyLen, values, maxNameLen, maxValueLen, sdSize, time, reader.ReadError(), rpcStatus);
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
            writer.WriteUInt32(InSize);
            writer.WriteUInt32(0);
            writer.WriteUInt32(checked((uint)buffer.Length));
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
        var max = reader.ReadUInt32();
        var offset = reader.ReadUInt32();
        var actual = reader.ReadUInt32();
        if (offset != 0 || actual > max || actual > (uint)reader.Remaining)
        {
            throw new NdrException($"RPC_SECURITY_DESCRIPTOR array: max_count {max}, offset {offset}, actual_count {actual}.");
        }
        return new(reader.ReadBytes((int)actual), inSize, outSize);
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
