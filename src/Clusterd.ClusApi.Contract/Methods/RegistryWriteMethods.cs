using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The cluster registry writes and batches (MS-CMRP 3.1.4.2.30, 33, 34, 36, 40, 112-115, 141, 145; IDL of
// section 6). Messages whose NDR is their parameter list are one-line declarations; the others (a size that must
// match its array, RPC_SECURITY_ATTRIBUTES, a [size_is(, *n)] out buffer) are written here by hand.

/// <summary>
/// RPC_SECURITY_ATTRIBUTES (MS-CMRP 2.2.3.2): <c>{ DWORD nLength; RPC_SECURITY_DESCRIPTOR RpcSecurityDescriptor; long
/// bInheritHandle; }</c>. On the wire: nLength, the descriptor's buffer referent, cbIn, cbOut, bInheritHandle, then
/// (unless NULL) the descriptor's deferred conformant varying array.
/// </summary>
/// <param name="Length">nLength.</param>
/// <param name="Descriptor">RpcSecurityDescriptor.</param>
/// <param name="InheritHandle">bInheritHandle.</param>
public readonly record struct RpcSecurityAttributes(uint Length, RpcSecurityDescriptor Descriptor, int InheritHandle)
{
    /// <summary>Writes the structure, then its deferred buffer.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(Length);
        writer.WriteReferentId(Descriptor.Buffer is not null);
        writer.WriteUInt32(Descriptor.InSize);
        writer.WriteUInt32(Descriptor.OutSize);
        writer.WriteInt32(InheritHandle);
        if (Descriptor.Buffer is { } buffer)
        {
            writer.WriteVaryingHeader(Descriptor.InSize, buffer.Length);
            writer.WriteBytes(buffer.Span);
        }
    }

    /// <summary>Reads the structure and its deferred buffer (actual_count within max_count and the stub).</summary>
    public static RpcSecurityAttributes Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var length = reader.ReadUInt32();
        var present = reader.ReadReferentId() != 0;
        var inSize = reader.ReadUInt32();
        var outSize = reader.ReadUInt32();
        var inherit = reader.ReadInt32();
        var descriptor = present ? new RpcSecurityDescriptor(reader.ReadConformantVaryingByteArray(), inSize, outSize) : new RpcSecurityDescriptor(null, inSize, outSize);
        return new(length, descriptor, inherit);
    }
}

/// <summary>
/// ApiCreateKey (opnum 29, MS-CMRP 3.1.4.2.30): <c>H hKey, Sin lpSubKey, u32 dwOptions, u32 samDesired, [unique]
/// RPC_SECURITY_ATTRIBUTES* → u32 lpdwDisposition, Status, rpc_status, HKEY_RPC</c>.
/// </summary>
/// <param name="Key">The parent key.</param>
/// <param name="SubKey">lpSubKey: the path of the key to create or open, relative to <paramref name="Key"/>.</param>
/// <param name="Options">dwOptions (ignored by a version 3 server).</param>
/// <param name="DesiredAccess">samDesired (REGSAM).</param>
/// <param name="SecurityAttributes">lpSecurityAttributes; null for a NULL pointer.</param>
public readonly partial record struct CreateKeyRequest(KeyHandle Key, string SubKey, uint Options, uint DesiredAccess, RpcSecurityAttributes? SecurityAttributes)
    : IClusApiRequest<CreateKeyRequest, CreateKeyResponse>;

/// <summary>ApiCreateKey's answer: <c>u32 lpdwDisposition, Status, rpc_status, HKEY_RPC</c>.</summary>
/// <param name="Disposition">REG_CREATED_NEW_KEY (1) or REG_OPENED_EXISTING_KEY (2); 0 on failure.</param>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The key's handle; NULL unless Status is 0.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct CreateKeyResponse(uint Disposition, Win32Error Status, KeyHandle Handle, uint RpcStatus = 0) : IClusApiMessage<CreateKeyResponse>;

/// <summary>
/// ApiSetValue (opnum 32, MS-CMRP 3.1.4.2.33): <c>H hKey, Sin lpValueName, u32 dwType, [size_is(cbData)] UCHAR lpData[]
/// (max_count, the bytes), u32 cbData → rpc_status, result</c>. A stub whose cbData differs from the array's max_count is
/// refused (a fault, as the RPC runtime answers a size that contradicts its array).
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="ValueName">lpValueName ("" is the default value).</param>
/// <param name="Type">dwType (REG_*).</param>
/// <param name="Data">lpData.</param>
/// <param name="DataSize">cbData; the length of <paramref name="Data"/> unless a test lies.</param>
public readonly record struct SetValueRequest(KeyHandle Key, string ValueName, uint Type, ReadOnlyMemory<byte> Data, uint DataSize)
    : IClusApiRequest<SetValueRequest, ResultResponse>
{
    /// <summary>A request whose cbData is the data's length.</summary>
    public SetValueRequest(KeyHandle key, string valueName, uint type, ReadOnlyMemory<byte> data)
        : this(key, valueName, type, data, (uint)data.Length)
    {
    }

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetValue;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteInString(ValueName);
        writer.WriteUInt32(Type);
        writer.WriteConformantByteArray(Data.Span);
        writer.WriteUInt32(DataSize);
    }

    /// <inheritdoc />
    public static SetValueRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var name = reader.ReadConformantVaryingString();
        var type = reader.ReadUInt32();
        var data = reader.ReadConformantByteArray();
        var size = reader.ReadUInt32();
        if (size != (uint)data.Length)
        {
            throw new NdrException($"ApiSetValue: cbData {size} differs from the array's max_count {data.Length}.");
        }
        return new(key, name, type, data, size);
    }
}

/// <summary>ApiDeleteValue (opnum 33, MS-CMRP 3.1.4.2.34): <c>H hKey, Sin lpValueName → rpc_status, result</c>.</summary>
/// <param name="Key">The key.</param>
/// <param name="ValueName">lpValueName.</param>
public readonly partial record struct DeleteValueRequest(KeyHandle Key, string ValueName) : IClusApiRequest<DeleteValueRequest, ResultResponse>;

/// <summary>ApiDeleteKey (opnum 35, MS-CMRP 3.1.4.2.36): <c>H hKey, Sin lpSubKey → rpc_status, result</c>.</summary>
/// <param name="Key">The parent key.</param>
/// <param name="SubKey">lpSubKey: the path of the key to delete, relative to <paramref name="Key"/>.</param>
public readonly partial record struct DeleteKeyRequest(KeyHandle Key, string SubKey) : IClusApiRequest<DeleteKeyRequest, ResultResponse>;

/// <summary>
/// ApiSetKeySecurity (opnum 39, MS-CMRP 3.1.4.2.40): <c>H hKey, u32 SecurityInformation, RPC_SECURITY_DESCRIPTOR →
/// rpc_status, result</c>.
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="SecurityInformation">The parts to set (OWNER 1, GROUP 2, DACL 4, SACL 8).</param>
/// <param name="Descriptor">The self-relative descriptor (actual_count = cbOut bytes of it).</param>
public readonly record struct SetKeySecurityRequest(KeyHandle Key, uint SecurityInformation, RpcSecurityDescriptor Descriptor)
    : IClusApiRequest<SetKeySecurityRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetKeySecurity;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(SecurityInformation);
        Descriptor.Write(writer);
    }

    /// <inheritdoc />
    public static SetKeySecurityRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var key = reader.ReadHandle<KeyHandle>();
        var info = reader.ReadUInt32();
        return new(key, info, RpcSecurityDescriptor.ReadRequest(reader));
    }
}

/// <summary>
/// The answer of the methods that return <c>u32 cb, [size_is(, *cb)] UCHAR **buffer, rpc_status, result</c>
/// (ApiExecuteReadBatch, ApiExecuteReadBatchEx): cb, the inner pointer's referent (0 = NULL), then
/// max_count = cb and the bytes. A stub whose cb differs from the array's max_count is refused.
/// </summary>
/// <param name="Data">The buffer; null for a NULL pointer (cb 0).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct BufferResponse(ReadOnlyMemory<byte>? Data, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<BufferResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32((uint)(Data?.Length ?? 0));
        if (writer.WriteReferentId(Data is not null))
        {
            writer.WriteConformantByteArray(Data!.Value.Span);
        }
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static BufferResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var size = reader.ReadUInt32();
        ReadOnlyMemory<byte>? data = null;
        if (reader.ReadReferentId() != 0)
        {
            data = reader.ReadConformantByteArray();
        }
        if (size != (uint)(data?.Length ?? 0))
        {
            throw new NdrException($"buffer size {size} differs from the array's max_count {data?.Length ?? 0}.");
        }
        var rpcStatus = reader.ReadUInt32();
        return new(data, reader.ReadError(), rpcStatus);
    }
}

/// <summary>
/// ApiExecuteBatch (opnum 113, MS-CMRP 3.1.4.2.112): <c>H hKey, u32 cbData, [size_is(cbData)] UCHAR lpData[] →
/// int pdwFailedCommand, rpc_status, result</c>. lpData is a CLUSTER_REG_BATCH_UPDATE (2.2.3.17). A stub whose cbData
/// differs from the array's max_count is refused.
/// </summary>
/// <param name="Key">The designated key.</param>
/// <param name="DataSize">cbData; the length of <paramref name="Data"/> unless a test lies.</param>
/// <param name="Data">lpData.</param>
public readonly record struct ExecuteBatchRequest(KeyHandle Key, uint DataSize, ReadOnlyMemory<byte> Data) : IClusApiRequest<ExecuteBatchRequest, ExecuteBatchResponse>
{
    /// <summary>A request whose cbData is the data's length.</summary>
    public ExecuteBatchRequest(KeyHandle key, ReadOnlyMemory<byte> data)
        : this(key, (uint)data.Length, data)
    {
    }

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiExecuteBatch;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(DataSize);
        writer.WriteConformantByteArray(Data.Span);
    }

    /// <inheritdoc />
    public static ExecuteBatchRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (key, size, data) = ReadBatchInput(reader, "ApiExecuteBatch");
        return new(key, size, data);
    }

    internal static (KeyHandle Key, uint Size, ReadOnlyMemory<byte> Data) ReadBatchInput(NdrReader reader, string method)
    {
        var key = reader.ReadHandle<KeyHandle>();
        var size = reader.ReadUInt32();
        var data = reader.ReadConformantByteArray();
        if (size != (uint)data.Length)
        {
            throw new NdrException($"{method}: cbData {size} differs from the array's max_count {data.Length}.");
        }
        return (key, size, data);
    }
}

/// <summary>ApiExecuteBatch's answer: <c>int pdwFailedCommand, rpc_status, result</c>.</summary>
/// <param name="FailedCommand">The index of the command that failed; -1 when the failure is not one command's; 0 on success.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct ExecuteBatchResponse(int FailedCommand, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<ExecuteBatchResponse>;

/// <summary>
/// ApiExecuteReadBatch (opnum 145, MS-CMRP 3.1.4.2.141): <c>H hKey, u32 cbInData, [size_is(cbInData)] UCHAR lpInData[]
/// → u32 cbOutData, [size_is(, *cbOutData)] UCHAR **lpOutData, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The designated key.</param>
/// <param name="DataSize">cbInData; the length of <paramref name="Data"/> unless a test lies.</param>
/// <param name="Data">lpInData: a CLUSTER_REG_BATCH_UPDATE of CLUSREG_READ_KEY / CLUSREG_READ_VALUE commands.</param>
public readonly record struct ExecuteReadBatchRequest(KeyHandle Key, uint DataSize, ReadOnlyMemory<byte> Data) : IClusApiRequest<ExecuteReadBatchRequest, BufferResponse>
{
    /// <summary>A request whose cbInData is the data's length.</summary>
    public ExecuteReadBatchRequest(KeyHandle key, ReadOnlyMemory<byte> data)
        : this(key, (uint)data.Length, data)
    {
    }

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiExecuteReadBatch;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(DataSize);
        writer.WriteConformantByteArray(Data.Span);
    }

    /// <inheritdoc />
    public static ExecuteReadBatchRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (key, size, data) = ExecuteBatchRequest.ReadBatchInput(reader, "ApiExecuteReadBatch");
        return new(key, size, data);
    }
}

/// <summary>
/// ApiExecuteReadBatchEx (opnum 157, MS-CMRP 3.1.4.2.145): ApiExecuteReadBatch with <c>u32 flags</c> after the input
/// buffer: <c>H, u32 cbInData, UCHAR lpInData[], u32 flags → u32 cbOutData, UCHAR **lpOutData, rpc_status, result</c>.
/// </summary>
/// <param name="Key">The designated key.</param>
/// <param name="DataSize">cbInData; the length of <paramref name="Data"/> unless a test lies.</param>
/// <param name="Data">lpInData.</param>
/// <param name="Flags">flags.</param>
public readonly record struct ExecuteReadBatchExRequest(KeyHandle Key, uint DataSize, ReadOnlyMemory<byte> Data, uint Flags) : IClusApiRequest<ExecuteReadBatchExRequest, BufferResponse>
{
    /// <summary>A request whose cbInData is the data's length.</summary>
    public ExecuteReadBatchExRequest(KeyHandle key, ReadOnlyMemory<byte> data, uint flags)
        : this(key, (uint)data.Length, data, flags)
    {
    }

    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiExecuteReadBatchEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Key);
        writer.WriteUInt32(DataSize);
        writer.WriteConformantByteArray(Data.Span);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc />
    public static ExecuteReadBatchExRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (key, size, data) = ExecuteBatchRequest.ReadBatchInput(reader, "ApiExecuteReadBatchEx");
        return new(key, size, data, reader.ReadUInt32());
    }
}

/// <summary>ApiCreateBatchPort (opnum 114, MS-CMRP 3.1.4.2.113): <c>H hKey → HBATCH_PORT_RPC, rpc_status, result</c>.</summary>
/// <param name="Key">The key whose subtree the port watches.</param>
public readonly partial record struct CreateBatchPortRequest(KeyHandle Key) : IClusApiRequest<CreateBatchPortRequest, CreateBatchPortResponse>;

/// <summary>ApiCreateBatchPort's answer: <c>HBATCH_PORT_RPC, rpc_status, result</c>.</summary>
/// <param name="Port">The port; NULL on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct CreateBatchPortResponse(BatchPortHandle Port, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<CreateBatchPortResponse>;

/// <summary>
/// ApiGetBatchNotification (opnum 115, MS-CMRP 3.1.4.2.114): <c>HBATCH_PORT_RPC → u32 cbData, [size_is(, *cbData)]
/// UCHAR **lpData, result</c> (no rpc_status).
/// </summary>
/// <param name="Port">The port.</param>
public readonly partial record struct GetBatchNotificationRequest(BatchPortHandle Port) : IClusApiRequest<GetBatchNotificationRequest, BatchNotificationResponse>;

/// <summary>ApiGetBatchNotification's answer: <c>u32 cbData, referent, max_count, the bytes, result</c>.</summary>
/// <param name="Data">The CLUSTER_REG_BATCH_UPDATE; null for a NULL pointer (cbData 0).</param>
/// <param name="Result">The method result.</param>
public readonly record struct BatchNotificationResponse(ReadOnlyMemory<byte>? Data, Win32Error Result) : IClusApiMessage<BatchNotificationResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32((uint)(Data?.Length ?? 0));
        if (writer.WriteReferentId(Data is not null))
        {
            writer.WriteConformantByteArray(Data!.Value.Span);
        }
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static BatchNotificationResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var size = reader.ReadUInt32();
        ReadOnlyMemory<byte>? data = null;
        if (reader.ReadReferentId() != 0)
        {
            data = reader.ReadConformantByteArray();
        }
        if (size != (uint)(data?.Length ?? 0))
        {
            throw new NdrException($"ApiGetBatchNotification: cbData {size} differs from the array's max_count {data?.Length ?? 0}.");
        }
        return new(data, reader.ReadError());
    }
}

/// <summary>ApiCloseBatchPort (opnum 116, MS-CMRP 3.1.4.2.115): <c>[in, out] HBATCH_PORT_RPC → NULL, result</c>.</summary>
/// <param name="Port">The port to close.</param>
public readonly partial record struct CloseBatchPortRequest(BatchPortHandle Port) : IClusApiRequest<CloseBatchPortRequest, CloseResponse<BatchPortHandle>>;
