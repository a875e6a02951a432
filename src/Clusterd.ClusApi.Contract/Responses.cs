using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The response shapes several methods share. A method's request type names its response type; methods whose [out]
// parameters are the same in the IDL share one of these.

/// <summary><c>→ rpc_status, result</c>: the methods that only report an outcome.</summary>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter (0 unless the server's RPC layer failed).</param>
public readonly record struct ResultResponse(Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<ResultResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static ResultResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rpcStatus = reader.ReadUInt32();
        return new(reader.ReadError(), rpcStatus);
    }
}

/// <summary>ApiOpenX / ApiCreateX: <c>→ Status, rpc_status, handle</c> (the handle is the function result; NULL unless Status is 0).</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The handle.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct OpenResponse<THandle>(Win32Error Status, THandle Handle, uint RpcStatus = 0) : IClusApiMessage<OpenResponse<THandle>>
    where THandle : struct, IClusApiHandle<THandle>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteError(Status);
        writer.WriteUInt32(RpcStatus);
        writer.WriteHandle(Handle);
    }

    /// <inheritdoc />
    public static OpenResponse<THandle> Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var status = reader.ReadError();
        var rpcStatus = reader.ReadUInt32();
        return new(status, reader.ReadHandle<THandle>(), rpcStatus);
    }
}

/// <summary>ApiOpenXEx: <c>→ u32 lpdwGrantedAccess, Status, rpc_status, handle</c>.</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="GrantedAccess">The access granted (0 on failure).</param>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The handle.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct OpenExResponse<THandle>(uint GrantedAccess, Win32Error Status, THandle Handle, uint RpcStatus = 0)
    : IClusApiMessage<OpenExResponse<THandle>>
    where THandle : struct, IClusApiHandle<THandle>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(GrantedAccess);
        writer.WriteError(Status);
        writer.WriteUInt32(RpcStatus);
        writer.WriteHandle(Handle);
    }

    /// <inheritdoc />
    public static OpenExResponse<THandle> Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var granted = reader.ReadUInt32();
        var status = reader.ReadError();
        var rpcStatus = reader.ReadUInt32();
        return new(granted, status, reader.ReadHandle<THandle>(), rpcStatus);
    }
}

/// <summary>ApiCloseX: <c>[in, out] handle → handle (NULL on success), result</c>; there is no rpc_status.</summary>
/// <typeparam name="THandle">The handle type.</typeparam>
/// <param name="Handle">The handle as the server left it: NULL when closed, the handle back when not.</param>
/// <param name="Result">The method result.</param>
public readonly record struct CloseResponse<THandle>(THandle Handle, Win32Error Result) : IClusApiMessage<CloseResponse<THandle>>
    where THandle : struct, IClusApiHandle<THandle>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Handle);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static CloseResponse<THandle> Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var handle = reader.ReadHandle<THandle>();
        return new(handle, reader.ReadError());
    }
}

/// <summary><c>→ Sout, rpc_status, result</c>: one string about an object (its ID, its type, ...).</summary>
/// <param name="Value">The string; null (a NULL pointer) on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct StringResponse(string? Value, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<StringResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOutString(Value);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static StringResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var value = reader.ReadOutString();
        var rpcStatus = reader.ReadUInt32();
        return new(value, reader.ReadError(), rpcStatus);
    }
}

/// <summary><c>→ u32 State, rpc_status, result</c>: the state of a node, network or interface (-1, unknown, on failure).</summary>
/// <param name="State">The state value of the object's enumeration.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct StateResponse(int State, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<StateResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(State);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static StateResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var state = reader.ReadInt32();
        var rpcStatus = reader.ReadUInt32();
        return new(state, reader.ReadError(), rpcStatus);
    }
}

/// <summary><c>→ EL, rpc_status, result</c>: an ENUM_LIST (MS-CMRP 2.2.3.5), NULL when the call failed.</summary>
/// <param name="Entries">The entries; null for a NULL list.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct EnumResponse(IReadOnlyList<EnumEntry>? Entries, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<EnumResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteEnumList(Entries);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static EnumResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = reader.ReadEnumList();
        var rpcStatus = reader.ReadUInt32();
        return new(entries, reader.ReadError(), rpcStatus);
    }
}
