using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// Version 2 notifications (MS-CMRP 3.1.4.2.136-138) and the two methods they share with version 1 (3.1.4.2.57,
// 3.1.4.2.107), with the structures their stubs carry (MS-CMRP 2.2.3.22-24).

/// <summary>NOTIFY_FILTER_AND_TYPE_RPC (MS-CMRP 2.2.3.22): {DWORD dwObjectType; LONGLONG FilterFlags}, NDR-aligned to 8.</summary>
/// <param name="ObjectType">CLUSTER_OBJECT_TYPE value (MS-CMRP 2.2.2.11).</param>
/// <param name="FilterFlags">Flags of the object type's CLUSTER_CHANGE_*_V2 enumeration.</param>
public readonly record struct NotifyFilterAndType(uint ObjectType, long FilterFlags)
{
    /// <summary>Reads the struct: align 8, u32, pad, hyper.</summary>
    public static NotifyFilterAndType Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.Align(8);
        uint type = reader.ReadUInt32();
        long flags = unchecked((long)reader.ReadUInt64());
        return new NotifyFilterAndType(type, flags);
    }

    /// <summary>Writes the struct: align 8, u32, pad, hyper.</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Align(8);
        writer.WriteUInt32(ObjectType);
        writer.WriteUInt64(unchecked((ulong)FilterFlags));
    }
}

/// <summary>
/// NOTIFICATION_DATA_RPC (MS-CMRP 2.2.3.23). A null string is a NULL pointer on the wire; an empty string is the
/// empty [string] (max 1, offset 0, actual 1, 0x0000). The spec asks for NULL in some places (CSV: ParentId, Type) and
/// for "an empty Unicode string" in others (3.1.4.2.138), so both are kept distinct. An empty buffer is sent as a
/// NULL pointer with dwBufferSize 0.
/// </summary>
/// <param name="FilterAndType">Object type and the one flag that fired.</param>
/// <param name="Buffer">The payload (format per 3.1.4.2.138).</param>
/// <param name="ObjectId">ObjectId.</param>
/// <param name="ParentId">ParentId.</param>
/// <param name="Name">Name.</param>
/// <param name="Type">Type.</param>
public sealed record NotificationDataRpc(
    NotifyFilterAndType FilterAndType,
    ReadOnlyMemory<byte> Buffer,
    string? ObjectId,
    string? ParentId,
    string? Name,
    string? Type);

/// <summary>
/// NOTIFICATION_RPC (MS-CMRP 2.2.3.24): {DWORD_PTR dwNotifyKey; NOTIFICATION_DATA_RPC NotificationData}. DWORD_PTR is
/// ULONG_PTR = unsigned __int3264, 4 bytes in NDR32; with the 8-aligned FilterAndType the element is 48 bytes:
/// key@0, pad@4, dwObjectType@8, pad@12, FilterFlags@16, buffer ptr@24, dwBufferSize@28, ObjectId@32, ParentId@36,
/// Name@40, Type@44. Pointees follow the whole array, element by element (C706 14.3.12.3).
/// </summary>
/// <param name="NotifyKey">The dwNotifyKey the client gave ApiAddNotifyV2.</param>
/// <param name="Data">The notification.</param>
public sealed record NotificationRpc(uint NotifyKey, NotificationDataRpc Data)
{
    /// <summary>Size of one array element in NDR32.</summary>
    public const int WireSize = 48;

    /// <summary>Writes the element's scalars and queues its pointees (flushed after the array).</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Align(8);
        writer.WriteUInt32(NotifyKey);
        Data.FilterAndType.Write(writer);
        var buffer = Data.Buffer;
        if (writer.WriteReferentId(!buffer.IsEmpty))
        {
            writer.Defer(w => w.WriteConformantByteArray(buffer.Span));
        }
        writer.WriteUInt32(checked((uint)buffer.Length));
        WriteString(writer, Data.ObjectId);
        WriteString(writer, Data.ParentId);
        WriteString(writer, Data.Name);
        WriteString(writer, Data.Type);
    }

    /// <summary>
    /// Reads one element's scalars and queues its pointees on <paramref name="reader"/>; call the returned function
    /// after the reader has flushed the deferred pointees (i.e. after the whole array).
    /// </summary>
    public static Func<NotificationRpc> ReadDeferred(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.Align(8);
        uint key = reader.ReadUInt32();
        var filter = NotifyFilterAndType.Read(reader);
        var box = new Builder();
        bool hasBuffer = reader.ReadReferentId() != 0;
        uint size = reader.ReadUInt32();
        if (hasBuffer)
        {
            reader.Defer(r =>
            {
                box.Buffer = r.ReadConformantByteArray();
                if (box.Buffer.Length != size)
                {
                    throw new NdrException($"dwBufferSize {size} does not match the conformance {box.Buffer.Length}.");
                }
            });
        }
        else if (size != 0)
        {
            throw new NdrException("NULL buffer with a non-zero dwBufferSize.");
        }
        ReadString(reader, s => box.ObjectId = s);
        ReadString(reader, s => box.ParentId = s);
        ReadString(reader, s => box.Name = s);
        ReadString(reader, s => box.Type = s);
        return () => new NotificationRpc(key, new NotificationDataRpc(filter, box.Buffer, box.ObjectId, box.ParentId, box.Name, box.Type));
    }

    private static void WriteString(NdrWriter writer, string? value) =>
        writer.WriteEmbeddedPointer(value, static (w, s) => w.WriteConformantVaryingString(s));

    private static void ReadString(NdrReader reader, Action<string> set)
    {
        if (reader.ReadReferentId() != 0)
        {
            reader.Defer(r => set(r.ReadConformantVaryingString()));
        }
    }

    private sealed class Builder
    {
        public ReadOnlyMemory<byte> Buffer;
        public string? ObjectId;
        public string? ParentId;
        public string? Name;
        public string? Type;
    }
}

/// <summary>ApiCloseNotify (opnum 56, MS-CMRP 3.1.4.2.57): <c>[in, out] HNOTIFY_RPC → NULL, result</c> (a version 1 or version 2 port).</summary>
/// <param name="Notify">The port to close.</param>
public readonly record struct CloseNotifyRequest(NotifyHandle Notify) : IClusApiRequest<CloseNotifyRequest, CloseResponse<NotifyHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseNotify;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Notify);

    /// <inheritdoc />
    public static CloseNotifyRequest Read(NdrReader reader) => new(reader.ReadHandle<NotifyHandle>());
}

/// <summary>ApiUnblockGetNotifyCall (opnum 107, MS-CMRP 3.1.4.2.107): <c>H hNotify → result</c>; there is no rpc_status.</summary>
/// <param name="Notify">The port whose waiting ApiGetNotifyV2 (or ApiGetNotify) calls end.</param>
public readonly record struct UnblockGetNotifyCallRequest(NotifyHandle Notify) : IClusApiRequest<UnblockGetNotifyCallRequest, UnblockGetNotifyCallResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiUnblockGetNotifyCall;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Notify);

    /// <inheritdoc />
    public static UnblockGetNotifyCallRequest Read(NdrReader reader) => new(reader.ReadHandle<NotifyHandle>());
}

/// <summary>ApiUnblockGetNotifyCall's answer: <c>→ result</c> alone (the IDL has no rpc_status for it).</summary>
/// <param name="Result">The method result.</param>
public readonly record struct UnblockGetNotifyCallResponse(Win32Error Result) : IClusApiMessage<UnblockGetNotifyCallResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static UnblockGetNotifyCallResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadError());
    }
}

/// <summary>
/// ApiCreateNotifyV2 (opnum 137, MS-CMRP 3.1.4.2.136). The IDL is
/// <c>HNOTIFY_RPC ApiCreateNotifyV2([out] error_status_t *rpc_error, [out] error_status_t *rpc_status)</c>: there is
/// no [in] parameter (in particular no HCLUSTER_RPC), so the stub is empty; trailing bytes are ignored like every
/// other request's. The port belongs to the association.
/// </summary>
public readonly record struct CreateNotifyV2Request : IClusApiRequest<CreateNotifyV2Request, CreateNotifyV2Response>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCreateNotifyV2;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static CreateNotifyV2Request Read(NdrReader reader) => default;
}

/// <summary>
/// ApiCreateNotifyV2's answer: <c>rpc_error, rpc_status, HNOTIFY_RPC</c> (28 bytes). On failure the handle MUST be
/// NULL (3.1.4.2.136); <see cref="Write"/> enforces that.
/// </summary>
/// <param name="RpcError">ERROR_SUCCESS or an ApiCreateNotify (3.1.4.2.56) error.</param>
/// <param name="Handle">The new HNOTIFY_RPC (NULL on failure).</param>
/// <param name="RpcStatus">rpc_status, 0 when the call ran.</param>
public readonly record struct CreateNotifyV2Response(Win32Error RpcError, NotifyHandle Handle, uint RpcStatus = 0) : IClusApiMessage<CreateNotifyV2Response>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteError(RpcError);
        writer.WriteUInt32(RpcStatus);
        writer.WriteHandle(RpcError == Win32Error.Success ? Handle : NotifyHandle.Null);
    }

    /// <inheritdoc />
    public static CreateNotifyV2Response Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var error = reader.ReadError();
        uint status = reader.ReadUInt32();
        return new(error, reader.ReadHandle<NotifyHandle>(), status);
    }
}

/// <summary>
/// ApiAddNotifyV2 (opnum 138, MS-CMRP 3.1.4.2.137): <c>H hNotify, H hObject, NOTIFY_FILTER_AND_TYPE_RPC filter,
/// u32 dwNotifyKey, u32 dwVersion, BOOL isTargetedAtObject → rpc_status, result</c>. hNotify@0, hObject@20, filter
/// 8-aligned (dwObjectType@40, pad, FilterFlags@48), dwNotifyKey@56, dwVersion@60, isTargetedAtObject@64: 68 bytes.
/// Validation of the values is the server's.
/// </summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Object">hObject: an HGENERIC_RPC, any open object handle (so untyped).</param>
/// <param name="Filter">filter.</param>
/// <param name="NotifyKey">dwNotifyKey: echoed in each NOTIFICATION_RPC of this registration.</param>
/// <param name="Version">dwVersion (MUST be 2).</param>
/// <param name="IsTargetedAtObject">isTargetedAtObject: only the object's own changes (a BOOL: any non-zero is true).</param>
public readonly record struct AddNotifyV2Request(
    NotifyHandle Notify,
    NdrContextHandle Object,
    NotifyFilterAndType Filter,
    uint NotifyKey,
    uint Version,
    bool IsTargetedAtObject) : IClusApiRequest<AddNotifyV2Request, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiAddNotifyV2;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHandle(Notify);
        writer.WriteContextHandle(Object);
        Filter.Write(writer);
        writer.WriteUInt32(NotifyKey);
        writer.WriteUInt32(Version);
        writer.WriteUInt32(IsTargetedAtObject ? 1u : 0u);
    }

    /// <inheritdoc />
    public static AddNotifyV2Request Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var notify = reader.ReadHandle<NotifyHandle>();
        var obj = reader.ReadContextHandle();
        var filter = NotifyFilterAndType.Read(reader);
        uint key = reader.ReadUInt32();
        uint version = reader.ReadUInt32();
        bool targeted = reader.ReadUInt32() != 0;
        return new(notify, obj, filter, key, version, targeted);
    }
}

/// <summary>ApiGetNotifyV2 (opnum 139, MS-CMRP 3.1.4.2.138): <c>H hNotify → PNOTIFICATION_RPC*, DWORD dwNumNotifications, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
public readonly record struct GetNotifyV2Request(NotifyHandle Notify) : IClusApiRequest<GetNotifyV2Request, GetNotifyV2Response>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetNotifyV2;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Notify);

    /// <inheritdoc />
    public static GetNotifyV2Request Read(NdrReader reader) => new(reader.ReadHandle<NotifyHandle>());
}

/// <summary>
/// ApiGetNotifyV2's answer (IDL 6.2): <c>[out, size_is(,*dwNumNotifications)] PNOTIFICATION_RPC* Notifications</c>,
/// <c>[out] DWORD *dwNumNotifications</c>, then the error_status_t result. The IDL has no rpc_status for this method.
/// Wire: the top-level [ref] has no bytes; the unique pointer's referent id (0 when there is nothing), max_count,
/// the 48-byte elements (<see cref="NotificationRpc"/>), then every element's pointees in order (buffer, ObjectId,
/// ParentId, Name, Type), then dwNumNotifications and the result. Reading checks dwNumNotifications against the
/// array's max_count.
/// </summary>
/// <param name="Result">ERROR_SUCCESS, ERROR_INVALID_HANDLE, ERROR_NO_MORE_ITEMS or ERROR_INVALID_FUNCTION.</param>
/// <param name="Notifications">The notifications (sent only when Result is Success).</param>
public readonly record struct GetNotifyV2Response(Win32Error Result, IReadOnlyList<NotificationRpc> Notifications) : IClusApiMessage<GetNotifyV2Response>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var items = Result == Win32Error.Success && Notifications is { Count: > 0 } ? Notifications : null;
        writer.WriteUniquePointer(items, static (w, list) => w.WriteConformantArray(list, static (w2, n) => n.Write(w2)));
        writer.WriteUInt32(checked((uint)(items?.Count ?? 0)));
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetNotifyV2Response Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var factories = reader.ReadUniquePointer(static r => r.ReadConformantArray(NotificationRpc.ReadDeferred, NotificationRpc.WireSize));
        uint count = reader.ReadUInt32();
        var result = reader.ReadError();
        int actual = factories?.Count ?? 0;
        if (count != actual)
        {
            throw new NdrException($"dwNumNotifications {count} does not match the array size {actual}.");
        }
        NotificationRpc[] items = factories is null ? [] : [.. factories.Select(f => f())];
        return new(result, items);
    }
}
