using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>The state behind an HNOTIFY_RPC of ApiCreateNotify: the version 1 port and the engine it joined.</summary>
internal sealed record NotifyPortV1Handle(NotificationPortV1 Port, ICluster Engine);

/// <summary>
/// Version 1 notification ports (MS-CMRP 3.1.4.2.56, 58-66, 90, 91, 99, 100, 143) and ApiAddNotifyResourceTypeV2
/// (3.1.4.2.144). A version 1 port lives in the association's handle table like a version 2 port; ApiCloseNotify and
/// ApiUnblockGetNotifyCall (<see cref="NotifyMethods"/>) serve both. A handle of the other version is not a valid
/// hNotify for a method of this version (ERROR_INVALID_HANDLE): 3.1.4.2.137 and 3.1.4.2.144 require a port of
/// ApiCreateNotifyV2, 3.1.4.2.58-66 one of ApiCreateNotify.
/// </summary>
internal static class NotifyV1Methods
{
    /// <summary>Opnum 55: – → Status, rpc_status, H. The port is the association's.</summary>
    [ParityNote("A version 1 port holds at most NotificationPortOptions.QueueLimit indications; past it they are dropped and the client reads one CLUSTER_CHANGE_CLUSTER_RECONNECT (MS-CMRP 3.1.4.2.66, SHOULD).")]
    public static OpenResponse<NotifyHandle> CreateNotify(ClusApiCall c, CreateNotifyRequest r)
    {
        var e = c.CheckRead(); // a port is a handle: a caller with no access gets none (docs/authorization.md)
        if (e != Win32Error.Success)
        {
            return new(e, NotifyHandle.Null);
        }
        var port = new NotificationPortV1(c.Engine);
        if (!c.Context.ContextHandles.TryCreate(new NotifyPortV1Handle(port, c.Engine), static s => ((NotifyPortV1Handle)s).Port.Dispose(), out var handle))
        {
            port.Dispose();
            return new(Win32Error.NotEnoughMemory, NotifyHandle.Null);
        }
        return new(Win32Error.Success, new NotifyHandle(handle));
    }

    /// <summary>Opnum 57: every CLUSTER_CHANGE value, for every object; the REGISTRY values watch the root key (3.1.4.2.58).</summary>
    public static ResultResponse AddNotifyCluster(ClusApiCall c, AddNotifyClusterRequest r) =>
        new(Register(c, r.Notify, r.Cluster.Value, ClusApiObjectKind.Cluster, r.Filter, r.NotifyKey, null, false, out _));

    /// <summary>Opnum 58 (3.1.4.2.59): NODE_* values for one node; answers the node's state sequence.</summary>
    public static StateSequenceResponse AddNotifyNode(ClusApiCall c, AddNotifyNodeRequest r) =>
        Sequenced(Register(c, r.Notify, r.Node.Value, ClusApiObjectKind.Node, r.Filter, r.NotifyKey, null, false, out var s), s);

    /// <summary>Opnum 59 (3.1.4.2.60): GROUP_* values for one group; answers the group's state sequence.</summary>
    public static StateSequenceResponse AddNotifyGroup(ClusApiCall c, AddNotifyGroupRequest r) =>
        Sequenced(Register(c, r.Notify, r.Group.Value, ClusApiObjectKind.Group, r.Filter, r.NotifyKey, null, false, out var s), s);

    /// <summary>Opnum 60 (3.1.4.2.61): RESOURCE_* values for one resource; answers the resource's state sequence.</summary>
    public static StateSequenceResponse AddNotifyResource(ClusApiCall c, AddNotifyResourceRequest r) =>
        Sequenced(Register(c, r.Notify, r.Resource.Value, ClusApiObjectKind.Resource, r.Filter, r.NotifyKey, null, false, out var s), s);

    /// <summary>
    /// Opnum 61 (3.1.4.2.62): REGISTRY_* values for the key of hKey, and its subkeys with WatchSubTree (or the
    /// REGISTRY_SUBTREE value). What raises them is in docs/behaviour.md ("Version 1 notification ports").
    /// </summary>
    [ParityNote("Registry indications come from the engine's object events: a property write is REGISTRY_VALUE on the object's key, an object created or deleted is REGISTRY_NAME; a key deleted since hKey was opened is ERROR_FILE_NOT_FOUND.")]
    public static ResultResponse AddNotifyKey(ClusApiCall c, AddNotifyKeyRequest r) =>
        new(Register(c, r.Notify, r.Key.Value, ClusApiObjectKind.Key, r.Filter, r.NotifyKey, null, r.WatchSubTree, out _));

    /// <summary>Opnum 62 (3.1.4.2.63): as ApiAddNotifyNode, and a NODE_STATE is queued at once when StateSequence is not the node's.</summary>
    public static ResultResponse ReAddNotifyNode(ClusApiCall c, ReAddNotifyNodeRequest r) =>
        new(Register(c, r.Notify, r.Node.Value, ClusApiObjectKind.Node, r.Filter, r.NotifyKey, r.StateSequence, false, out _));

    /// <summary>Opnum 63 (3.1.4.2.64): as ApiAddNotifyGroup, and a GROUP_STATE is queued at once when StateSequence is not the group's.</summary>
    public static ResultResponse ReAddNotifyGroup(ClusApiCall c, ReAddNotifyGroupRequest r) =>
        new(Register(c, r.Notify, r.Group.Value, ClusApiObjectKind.Group, r.Filter, r.NotifyKey, r.StateSequence, false, out _));

    /// <summary>Opnum 64 (3.1.4.2.65): as ApiAddNotifyResource, and a RESOURCE_STATE is queued at once when StateSequence is not the resource's.</summary>
    public static ResultResponse ReAddNotifyResource(ClusApiCall c, ReAddNotifyResourceRequest r) =>
        new(Register(c, r.Notify, r.Resource.Value, ClusApiObjectKind.Resource, r.Filter, r.NotifyKey, r.StateSequence, false, out _));

    /// <summary>Opnum 90 (3.1.4.2.90): NETWORK_* values for one network; answers the network's state sequence.</summary>
    public static StateSequenceResponse AddNotifyNetwork(ClusApiCall c, AddNotifyNetworkRequest r) =>
        Sequenced(Register(c, r.Notify, r.Network.Value, ClusApiObjectKind.Network, r.Filter, r.NotifyKey, null, false, out var s), s);

    /// <summary>Opnum 91 (3.1.4.2.91): as ApiAddNotifyNetwork, and a NETWORK_STATE is queued at once when StateSequence is not the network's.</summary>
    public static ResultResponse ReAddNotifyNetwork(ClusApiCall c, ReAddNotifyNetworkRequest r) =>
        new(Register(c, r.Notify, r.Network.Value, ClusApiObjectKind.Network, r.Filter, r.NotifyKey, r.StateSequence, false, out _));

    /// <summary>Opnum 99 (3.1.4.2.99): NETINTERFACE_* values for one interface; answers its state sequence.</summary>
    public static StateSequenceResponse AddNotifyNetInterface(ClusApiCall c, AddNotifyNetInterfaceRequest r) =>
        Sequenced(Register(c, r.Notify, r.NetInterface.Value, ClusApiObjectKind.NetInterface, r.Filter, r.NotifyKey, null, false, out var s), s);

    /// <summary>Opnum 100 (3.1.4.2.100): as ApiAddNotifyNetInterface, and a NETINTERFACE_STATE is queued at once when StateSequence is not the interface's.</summary>
    public static ResultResponse ReAddNotifyNetInterface(ClusApiCall c, ReAddNotifyNetInterfaceRequest r) =>
        new(Register(c, r.Notify, r.NetInterface.Value, ClusApiObjectKind.NetInterface, r.Filter, r.NotifyKey, r.StateSequence, false, out _));

    /// <summary>
    /// Opnum 65 (3.1.4.2.66): the first queued indication. Waits until one is queued, or ends with
    /// ERROR_INVALID_FUNCTION when the port is unblocked or closed meanwhile; ERROR_NO_MORE_ITEMS after an unblock.
    /// Protocol version 3 has no Timeout parameter: the wait has no end of its own.
    /// </summary>
    [ParityNote("Protocol version 3 ApiGetNotify has no Timeout: the GetNotify timer (3.1.2.4, 3.1.6.x) belongs to the version 2.0 form; the call waits for an indication, ApiUnblockGetNotifyCall or ApiCloseNotify.")]
    public static ValueTask<GetNotifyResponse> GetNotify(ClusApiCall c, GetNotifyRequest r)
    {
        if (!TryGetPort(c, r.Notify.Value, out var port))
        {
            return ValueTask.FromResult(new GetNotifyResponse(0, 0, 0, null, Win32Error.InvalidHandle));
        }
        return new(EndGetNotifyAsync(port.WaitAsync(1, c.Aborted)));
    }

    /// <summary>Opnum 147 (3.1.4.2.143): every queued indication as NOTIFICATION_DATA_ASYNC_RPC; waits as ApiGetNotify.</summary>
    public static ValueTask<GetNotifyAsyncResponse> GetNotifyAsync(ClusApiCall c, GetNotifyAsyncRequest r)
    {
        if (!TryGetPort(c, r.Notify.Value, out var port))
        {
            return ValueTask.FromResult(new GetNotifyAsyncResponse(Win32Error.InvalidHandle, []));
        }
        return new(EndGetNotifyAsyncAsync(port.WaitAsync(int.MaxValue, c.Aborted)));
    }

    /// <summary>
    /// Opnum 155 (3.1.4.2.144): CLUSTER_CHANGE_RESOURCE_TYPE_V2 flags for one resource type, on a version 2 port. A
    /// version 1 port or any other handle is ERROR_INVALID_HANDLE; dwVersion ≠ 2 or flags outside 2.2.2.15 are
    /// ERROR_INVALID_PARAMETER (as ApiAddNotifyV2); an unknown type is ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND.
    /// </summary>
    [ParityNote("An unknown resTypeName answers ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND (the spec lists no code for it).")]
    public static ResultResponse AddNotifyResourceTypeV2(ClusApiCall c, AddNotifyResourceTypeV2Request r)
    {
        if (!c.Context.ContextHandles.TryGet(r.Notify.Value, out NotifyPortHandle state) || !ReferenceEquals(state.Engine, c.Engine))
        {
            return new(Win32Error.InvalidHandle);
        }
        var e = c.CheckRead();
        if (e != Win32Error.Success)
        {
            return new(e);
        }
        // The registration names the type as the engine spells it: events carry that name.
        return c.Engine.Queries.FindResourceType(r.ResTypeName) is { } type
            ? new(state.Port.AddResourceType(unchecked((long)r.Filter), type.Name, r.NotifyKey, r.Version))
            : new(Win32Error.ClusterResourceTypeNotFound);
    }

    private static StateSequenceResponse Sequenced(Win32Error e, uint sequence) => new(e == Win32Error.Success ? sequence : 0, e);

    // One registration: hNotify (a version 1 port of this engine), hObject of the method's kind, the server state, the
    // object still there, the filter; then the port. reAdd: the client's StateSequence (ApiReAddNotify*).
    private static Win32Error Register(ClusApiCall c, NotifyHandle notify, NdrContextHandle obj, ClusApiObjectKind kind, uint filter,
        uint notifyKey, uint? reAdd, bool watchSubtree, out uint sequence)
    {
        sequence = 0;
        if (!TryGetPort(c, notify.Value, out var port))
        {
            return Win32Error.InvalidHandle;
        }
        var e = c.Resolve(obj, kind, out var target);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        string? name = null;
        if (e == Win32Error.Success)
        {
            (e, name) = Current(c.Engine, kind, target.Id);
        }
        if (e == Win32Error.Success)
        {
            e = NotifyFilterRulesV1.Validate(kind, filter);
        }
        if (e != Win32Error.Success)
        {
            return e;
        }
        var filters = (ClusterChangeV1)filter;
        var queued = filters & ~NotifyFilterRulesV1.NeverQueued;
        string? targetId = kind is ClusApiObjectKind.Cluster or ClusApiObjectKind.Key ? null : target.Id;
        string? keyScope = kind switch
        {
            ClusApiObjectKind.Key => target.Id,
            ClusApiObjectKind.Cluster when (queued & NotifyFilterRulesV1.Registry) != 0 => "", // the root key (3.1.4.2.58)
            _ => null,
        };
        bool subtree = watchSubtree || (filters & ClusterChangeV1.RegistrySubtree) != 0;
        NotificationDraftV1? immediate = null;
        if (targetId is not null)
        {
            sequence = port.Hub.StateSequenceOf(targetId);
            if (reAdd is uint seen && seen != sequence)
            {
                // 3.1.4.2.63-65, 91, 100: the client missed a state change; the indication is queued whatever dwFilter says.
                immediate = new NotificationDraftV1(StateOf(kind), name ?? "", targetId, null, sequence);
            }
        }
        return port.Add(queued, targetId, keyScope, subtree, notifyKey, immediate);
    }

    // The object behind a handle still exists (its name for a queued state indication), else the kind's not-found error.
    private static (Win32Error, string?) Current(ICluster engine, ClusApiObjectKind kind, string id)
    {
        var q = engine.Queries;
        string? name = kind switch
        {
            ClusApiObjectKind.Cluster => "",
            ClusApiObjectKind.Node => q.FindNode(id)?.Name,
            ClusApiObjectKind.Group => q.FindGroup(id)?.Name,
            ClusApiObjectKind.Resource => q.FindResource(id)?.Name,
            ClusApiObjectKind.Network => q.FindNetwork(id)?.Name,
            ClusApiObjectKind.NetInterface => q.FindNetInterface(id)?.Name,
            ClusApiObjectKind.Key => q.GetRegistryKey(id) is null ? null : id,
            _ => null,
        };
        if (name is not null)
        {
            return (Win32Error.Success, name);
        }
        return (kind switch
        {
            ClusApiObjectKind.Node => Win32Error.ClusterNodeNotFound,
            ClusApiObjectKind.Group => Win32Error.GroupNotFound,
            ClusApiObjectKind.Resource => Win32Error.ResourceNotFound,
            ClusApiObjectKind.Network => Win32Error.ClusterNetworkNotFound,
            ClusApiObjectKind.NetInterface => Win32Error.ClusterNetInterfaceNotFound,
            _ => Win32Error.FileNotFound,
        }, null);
    }

    private static ClusterChangeV1 StateOf(ClusApiObjectKind kind) => kind switch
    {
        ClusApiObjectKind.Node => ClusterChangeV1.NodeState,
        ClusApiObjectKind.Group => ClusterChangeV1.GroupState,
        ClusApiObjectKind.Resource => ClusterChangeV1.ResourceState,
        ClusApiObjectKind.Network => ClusterChangeV1.NetworkState,
        _ => ClusterChangeV1.NetInterfaceState,
    };

    private static async Task<GetNotifyResponse> EndGetNotifyAsync(Task<NotifyV1WaitResult> waiting)
    {
        var wait = await Ended(waiting).ConfigureAwait(false);
        return wait.Result == Win32Error.Success && wait.Notifications is [var n, ..]
            ? new GetNotifyResponse(n.NotifyKey, n.Filter, n.StateSequence, n.Name, Win32Error.Success)
            : new GetNotifyResponse(0, 0, 0, null, wait.Result);
    }

    private static async Task<GetNotifyAsyncResponse> EndGetNotifyAsyncAsync(Task<NotifyV1WaitResult> waiting)
    {
        var wait = await Ended(waiting).ConfigureAwait(false);
        return new GetNotifyAsyncResponse(wait.Result, [.. wait.Notifications.Select(n => new NotificationDataAsyncRpc(n.NotifyKey, n.Filter, n.Name))]);
    }

    private static async Task<NotifyV1WaitResult> Ended(Task<NotifyV1WaitResult> waiting)
    {
        try
        {
            return await waiting.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The engine was replaced (admin reset) while a name was read: the handle is stale.
            return new NotifyV1WaitResult(Win32Error.InvalidHandle, []);
        }
    }

    private static bool TryGetPort(ClusApiCall c, NdrContextHandle handle, out NotificationPortV1 port)
    {
        if (c.Context.ContextHandles.TryGet(handle, out NotifyPortV1Handle state) && ReferenceEquals(state.Engine, c.Engine))
        {
            port = state.Port;
            return true;
        }
        port = null!;
        return false;
    }
}
