using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// Version 1 notification ports (MS-CMRP 3.1.4.2.56-66, 90, 91, 99, 100, 143) and ApiAddNotifyResourceTypeV2
// (3.1.4.2.144). The IDL of section 6 (protocol version 3): every [in] DWORD dwFilter is a CLUSTER_CHANGE value
// (2.2.2.7); ApiCloseNotify (56) and ApiUnblockGetNotifyCall (107) are shared with version 2 (Methods.cs).

/// <summary>ApiCreateNotify (opnum 55, MS-CMRP 3.1.4.2.56): <c>– → Status, rpc_status, HNOTIFY_RPC</c>; no [in] parameters.</summary>
public readonly partial record struct CreateNotifyRequest : IClusApiRequest<CreateNotifyRequest, OpenResponse<NotifyHandle>>;

/// <summary>ApiAddNotifyCluster (opnum 57, MS-CMRP 3.1.4.2.58): <c>H hNotify, H hCluster, u32 dwFilter, u32 dwNotifyKey → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify: a version 1 port.</param>
/// <param name="Cluster">hCluster.</param>
/// <param name="Filter">dwFilter: CLUSTER_CHANGE values.</param>
/// <param name="NotifyKey">dwNotifyKey: returned with each indication of this registration.</param>
public readonly partial record struct AddNotifyClusterRequest(NotifyHandle Notify, ClusterHandle Cluster, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyClusterRequest, ResultResponse>;

/// <summary>The answer of the ApiAddNotify{Node,Group,Resource,Network,NetInterface} methods: <c>→ u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="StateSequence">dwStateSequence: the object's internal state sequence (0 on failure).</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct StateSequenceResponse(uint StateSequence, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<StateSequenceResponse>;

/// <summary>ApiAddNotifyNode (opnum 58, MS-CMRP 3.1.4.2.59): <c>H hNotify, H hNode, u32 dwFilter, u32 dwNotifyKey → u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Node">hNode.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
public readonly partial record struct AddNotifyNodeRequest(NotifyHandle Notify, NodeHandle Node, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyNodeRequest, StateSequenceResponse>;

/// <summary>ApiAddNotifyGroup (opnum 59, MS-CMRP 3.1.4.2.60): <c>H hNotify, H hGroup, u32 dwFilter, u32 dwNotifyKey → u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Group">hGroup.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
public readonly partial record struct AddNotifyGroupRequest(NotifyHandle Notify, GroupHandle Group, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyGroupRequest, StateSequenceResponse>;

/// <summary>ApiAddNotifyResource (opnum 60, MS-CMRP 3.1.4.2.61): <c>H hNotify, H hResource, u32 dwFilter, u32 dwNotifyKey → u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Resource">hResource.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
public readonly partial record struct AddNotifyResourceRequest(NotifyHandle Notify, ResourceHandle Resource, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyResourceRequest, StateSequenceResponse>;

/// <summary>ApiAddNotifyKey (opnum 61, MS-CMRP 3.1.4.2.62): <c>H hNotify, H hKey, u32 dwNotifyKey, u32 Filter, BOOL WatchSubTree → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Key">hKey.</param>
/// <param name="NotifyKey">dwNotifyKey (before Filter in this method's IDL).</param>
/// <param name="Filter">Filter: CLUSTER_CHANGE_REGISTRY_* values.</param>
/// <param name="WatchSubTree">WatchSubTree: also the subkeys.</param>
public readonly partial record struct AddNotifyKeyRequest(NotifyHandle Notify, KeyHandle Key, uint NotifyKey, uint Filter, bool WatchSubTree) : IClusApiRequest<AddNotifyKeyRequest, ResultResponse>;

/// <summary>ApiReAddNotifyNode (opnum 62, MS-CMRP 3.1.4.2.63): <c>H hNotify, H hNode, u32 dwFilter, u32 dwNotifyKey, u32 StateSequence → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Node">hNode.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="StateSequence">The state sequence the client last saw.</param>
public readonly partial record struct ReAddNotifyNodeRequest(NotifyHandle Notify, NodeHandle Node, uint Filter, uint NotifyKey, uint StateSequence) : IClusApiRequest<ReAddNotifyNodeRequest, ResultResponse>;

/// <summary>ApiReAddNotifyGroup (opnum 63, MS-CMRP 3.1.4.2.64): <c>H hNotify, H hGroup, u32 dwFilter, u32 dwNotifyKey, u32 StateSequence → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Group">hGroup.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="StateSequence">The state sequence the client last saw.</param>
public readonly partial record struct ReAddNotifyGroupRequest(NotifyHandle Notify, GroupHandle Group, uint Filter, uint NotifyKey, uint StateSequence) : IClusApiRequest<ReAddNotifyGroupRequest, ResultResponse>;

/// <summary>ApiReAddNotifyResource (opnum 64, MS-CMRP 3.1.4.2.65): <c>H hNotify, H hResource, u32 dwFilter, u32 dwNotifyKey, u32 StateSequence → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Resource">hResource.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="StateSequence">The state sequence the client last saw.</param>
public readonly partial record struct ReAddNotifyResourceRequest(NotifyHandle Notify, ResourceHandle Resource, uint Filter, uint NotifyKey, uint StateSequence) : IClusApiRequest<ReAddNotifyResourceRequest, ResultResponse>;

/// <summary>ApiGetNotify (opnum 65, MS-CMRP 3.1.4.2.66): <c>H hNotify → u32 dwNotifyKey, u32 dwFilter, u32 dwStateSequence, Sout Name, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
public readonly partial record struct GetNotifyRequest(NotifyHandle Notify) : IClusApiRequest<GetNotifyRequest, GetNotifyResponse>;

/// <summary>ApiGetNotify's answer: <c>u32 dwNotifyKey, u32 dwFilter, u32 dwStateSequence, Sout Name, rpc_status, result</c>.</summary>
/// <param name="NotifyKey">dwNotifyKey of the registration that queued the indication (0 on failure).</param>
/// <param name="Filter">dwFilter: the one CLUSTER_CHANGE value of the indication.</param>
/// <param name="StateSequence">dwStateSequence: the object's state sequence when the indication was queued.</param>
/// <param name="Name">Name: the object's name (relative key name for registry indications); NULL on failure.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly partial record struct GetNotifyResponse(uint NotifyKey, uint Filter, uint StateSequence, string? Name, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetNotifyResponse>;

/// <summary>ApiAddNotifyNetwork (opnum 90, MS-CMRP 3.1.4.2.90): <c>H hNotify, H hNetwork, u32 dwFilter, u32 dwNotifyKey → u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Network">hNetwork.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
public readonly partial record struct AddNotifyNetworkRequest(NotifyHandle Notify, NetworkHandle Network, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyNetworkRequest, StateSequenceResponse>;

/// <summary>ApiReAddNotifyNetwork (opnum 91, MS-CMRP 3.1.4.2.91): <c>H hNotify, H hNetwork, u32 dwFilter, u32 dwNotifyKey, u32 StateSequence → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="Network">hNetwork.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="StateSequence">The state sequence the client last saw.</param>
public readonly partial record struct ReAddNotifyNetworkRequest(NotifyHandle Notify, NetworkHandle Network, uint Filter, uint NotifyKey, uint StateSequence) : IClusApiRequest<ReAddNotifyNetworkRequest, ResultResponse>;

/// <summary>ApiAddNotifyNetInterface (opnum 99, MS-CMRP 3.1.4.2.99): <c>H hNotify, H hNetInterface, u32 dwFilter, u32 dwNotifyKey → u32 dwStateSequence, rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="NetInterface">hNetInterface.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
public readonly partial record struct AddNotifyNetInterfaceRequest(NotifyHandle Notify, NetInterfaceHandle NetInterface, uint Filter, uint NotifyKey) : IClusApiRequest<AddNotifyNetInterfaceRequest, StateSequenceResponse>;

/// <summary>ApiReAddNotifyNetInterface (opnum 100, MS-CMRP 3.1.4.2.100): <c>H hNotify, H hNetInterface, u32 dwFilter, u32 dwNotifyKey, u32 StateSequence → rpc_status, result</c>.</summary>
/// <param name="Notify">hNotify.</param>
/// <param name="NetInterface">hNetInterface.</param>
/// <param name="Filter">dwFilter.</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="StateSequence">The state sequence the client last saw.</param>
public readonly partial record struct ReAddNotifyNetInterfaceRequest(NotifyHandle Notify, NetInterfaceHandle NetInterface, uint Filter, uint NotifyKey, uint StateSequence) : IClusApiRequest<ReAddNotifyNetInterfaceRequest, ResultResponse>;

/// <summary>ApiGetNotifyAsync (opnum 147, MS-CMRP 3.1.4.2.143): <c>H hNotify → PNOTIFICATION_DATA_ASYNC_RPC*, DWORD dwNumNotifications, result</c>.</summary>
/// <param name="Notify">hNotify: a version 1 port.</param>
public readonly partial record struct GetNotifyAsyncRequest(NotifyHandle Notify) : IClusApiRequest<GetNotifyAsyncRequest, GetNotifyAsyncResponse>;

/// <summary>
/// ApiAddNotifyResourceTypeV2 (opnum 155, MS-CMRP 3.1.4.2.144): <c>H hNotify, LONGLONG filter, u32 dwNotifyKey,
/// Sin resTypeName, u32 dwVersion → rpc_status, result</c>. hNotify@0, filter 8-aligned @24, dwNotifyKey@32, the
/// string from @36 (LPCWSTR is a [string] pointer, top-level and so [ref]: no referent id), then dwVersion.
/// </summary>
/// <param name="Notify">hNotify: a version 2 port.</param>
/// <param name="Filter">filter: CLUSTER_CHANGE_RESOURCE_TYPE_V2 flags (2.2.2.15).</param>
/// <param name="NotifyKey">dwNotifyKey.</param>
/// <param name="ResTypeName">resTypeName: the resource type.</param>
/// <param name="Version">dwVersion: MUST be 2.</param>
public readonly partial record struct AddNotifyResourceTypeV2Request(NotifyHandle Notify, ulong Filter, uint NotifyKey, string ResTypeName, uint Version) : IClusApiRequest<AddNotifyResourceTypeV2Request, ResultResponse>;

/// <summary>
/// NOTIFICATION_DATA_ASYNC_RPC (MS-CMRP 2.2.3.30): <c>{DWORD dwNotifyKey; DWORD dwFilter; [string] LPWSTR Name}</c>,
/// 12 bytes in NDR32 (key@0, filter@4, Name referent@8); the Name strings follow the whole array, element by element
/// (C706 14.3.12.3).
/// </summary>
/// <param name="NotifyKey">dwNotifyKey of the registration.</param>
/// <param name="Filter">dwFilter: one CLUSTER_CHANGE value.</param>
/// <param name="Name">Name (a NULL pointer when null).</param>
public sealed record NotificationDataAsyncRpc(uint NotifyKey, uint Filter, string? Name)
{
    /// <summary>Size of one array element in NDR32.</summary>
    public const int WireSize = 12;

    /// <summary>Writes the element's scalars and queues its Name (flushed after the array).</summary>
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(NotifyKey);
        writer.WriteUInt32(Filter);
        writer.WriteEmbeddedPointer(Name, static (w, s) => w.WriteConformantVaryingString(s));
    }

    /// <summary>Reads one element's scalars and queues its Name; call the result after the reader flushed the pointees.</summary>
    public static Func<NotificationDataAsyncRpc> ReadDeferred(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        uint key = reader.ReadUInt32();
        uint filter = reader.ReadUInt32();
        string? name = null;
        if (reader.ReadReferentId() != 0)
        {
            reader.Defer(r => name = r.ReadConformantVaryingString());
        }
        return () => new NotificationDataAsyncRpc(key, filter, name);
    }
}

/// <summary>
/// ApiGetNotifyAsync's answer (IDL 6.2): <c>[out, size_is(,*dwNumNotifications)] PNOTIFICATION_DATA_ASYNC_RPC*
/// Notifications</c>, <c>[out] DWORD *dwNumNotifications</c>, then the result; there is no rpc_status. The same shape
/// as <see cref="GetNotifyV2Response"/>: referent id (0 when there is nothing), max_count, the 12-byte elements, their
/// Name strings, dwNumNotifications, result. Reading checks dwNumNotifications against max_count.
/// </summary>
/// <param name="Result">ERROR_SUCCESS, ERROR_INVALID_HANDLE, ERROR_NO_MORE_ITEMS or ERROR_INVALID_FUNCTION.</param>
/// <param name="Notifications">The indications (sent only when Result is Success).</param>
public readonly record struct GetNotifyAsyncResponse(Win32Error Result, IReadOnlyList<NotificationDataAsyncRpc> Notifications) : IClusApiMessage<GetNotifyAsyncResponse>
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
    public static GetNotifyAsyncResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var factories = reader.ReadUniquePointer(static r => r.ReadConformantArray(NotificationDataAsyncRpc.ReadDeferred, NotificationDataAsyncRpc.WireSize));
        uint count = reader.ReadUInt32();
        var result = reader.ReadError();
        int actual = factories?.Count ?? 0;
        if (count != actual)
        {
            throw new NdrException($"dwNumNotifications {count} does not match the array size {actual}.");
        }
        NotificationDataAsyncRpc[] items = factories is null ? [] : [.. factories.Select(f => f())];
        return new(result, items);
    }
}
