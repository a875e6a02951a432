using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>Settings of a version 2 notification port.</summary>
public sealed record NotificationPortOptions
{
    /// <summary>Default <see cref="QueueLimit"/>.</summary>
    public const int DefaultQueueLimit = 1024;

    /// <summary>
    /// Most notifications held for the client. When the queue is full, new notifications are dropped (the oldest are
    /// kept, so what the client reads stays in order) and the next batch ends with one
    /// CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2 (MS-CMRP 2.2.2.12: "notifications might have been lost") if the
    /// client registered for it; otherwise the loss is only counted in <see cref="NotificationPortV2.DroppedCount"/>.
    /// </summary>
    public int QueueLimit { get; init; } = DefaultQueueLimit;

    /// <summary>Most registrations per port (ApiAddNotifyV2 beyond it returns ERROR_NOT_ENOUGH_MEMORY).</summary>
    public int RegistrationLimit { get; init; } = 4096;
}

/// <summary>The outcome of <see cref="NotificationPortV2.WaitAsync"/>.</summary>
/// <param name="Result">
/// Success (with at least one notification), InvalidHandle (the port was closed before the call), NoMoreItems (the
/// port was unblocked before the call), InvalidFunction (closed or unblocked while the call waited) or
/// <see cref="NotificationPortV2.WaitTimeout"/> (only with a finite timeout).
/// </param>
/// <param name="Notifications">The notifications, oldest first.</param>
public sealed record NotifyWaitResult(Win32Error Result, IReadOnlyList<NotificationRpc> Notifications);

/// <summary>
/// A version 2 notification port (MS-CMRP 3.1.1.8, 3.1.4.2.136-138): the queue behind one HNOTIFY_RPC.
/// <para>Service integration (opnums from the 6.2 IDL):</para>
/// <list type="bullet">
/// <item>137 ApiCreateNotifyV2: <see cref="CreateNotifyV2Request"/>; <c>new NotificationPortV2(engine)</c>; store it in the
/// connection's ContextHandleTable; answer <see cref="CreateNotifyV2Response"/>.</item>
/// <item>138 ApiAddNotifyV2: <see cref="AddNotifyV2Request.Read"/>; look up hNotify (not a port → ERROR_INVALID_HANDLE) and hObject
/// (unknown → ERROR_INVALID_HANDLE); <see cref="Add"/>; answer <see cref="ResultResponse"/>.</item>
/// <item>139 ApiGetNotifyV2: <see cref="GetNotifyV2Request.Read"/>; unknown handle → <c>new GetNotifyV2Response(InvalidHandle, [])</c>;
/// otherwise <c>await port.WaitAsync(Timeout.InfiniteTimeSpan, connectionToken)</c> (the method has no timeout and MUST NOT
/// complete before an event or a close) and answer <see cref="GetNotifyV2Response"/>. The call is asynchronous: other
/// calls on the connection (ApiUnblockGetNotifyCall, ApiCloseNotify) must keep being served while it waits.</item>
/// <item>107 ApiUnblockGetNotifyCall: <see cref="Unblock"/>. 56 ApiCloseNotify: <see cref="Close"/>, remove the handle, return a NULL handle.
/// Connection rundown: <see cref="Dispose"/>.</item>
/// </list>
/// Threading: the engine callback only filters and enqueues under a short private lock, never calls the engine and
/// never completes a waiter inline (continuations run asynchronously). Payloads come from the event's snapshot (the
/// state when the change happened); only those of events without one (deleted objects) are read in
/// <see cref="TryDequeueAll"/>, on the caller's thread, outside both locks.
/// </summary>
public sealed class NotificationPortV2 : IDisposable
{
    /// <summary>WAIT_TIMEOUT (0x102): a finite wait ended without a notification (cf. 3.1.5.4 for version 1).</summary>
    public const Win32Error WaitTimeout = (Win32Error)0x102;

    private readonly ICluster _engine;
    private readonly NotificationPortOptions _options;
    private readonly List<Registration> _registrations = [];
    private readonly PortQueue<(uint Key, NotificationDraft Draft)> _queue;
    private IDisposable? _subscription;

    /// <summary>Creates the port (ApiCreateNotifyV2) and subscribes to the engine.</summary>
    public NotificationPortV2(ICluster engine, NotificationPortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? new NotificationPortOptions();
        _queue = new(_options.QueueLimit);
        _subscription = NotificationHub.For(engine).Add(this);
    }

    /// <summary>Notifications dropped because the queue was full.</summary>
    public long DroppedCount => _queue.DroppedCount;

    /// <summary>Notifications waiting.</summary>
    public int Count
    {
        get
        {
            lock (_queue.Gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// ApiAddNotifyV2 (3.1.4.2.137): registers <paramref name="filterFlags"/> of <paramref name="objectType"/> for the
    /// object behind hObject (<paramref name="handleKind"/>, <paramref name="objectId"/>: its ID, or the key path for
    /// HKEY). Validation per <see cref="NotifyFilterRules.Validate"/>; ERROR_INVALID_HANDLE once the port is closed.
    /// </summary>
    public Win32Error Add(uint objectType, long filterFlags, NotifyObjectKind handleKind, string objectId, uint notifyKey, uint version, bool isTargetedAtObject)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        var error = NotifyFilterRules.Validate(objectType, filterFlags, handleKind, objectId, version, isTargetedAtObject, out var target);
        lock (_queue.Gate)
        {
            if (_queue.Closed)
            {
                return Win32Error.InvalidHandle;
            }
            if (error != Win32Error.Success)
            {
                return error;
            }
            if (_registrations.Count >= _options.RegistrationLimit)
            {
                return Win32Error.NotEnoughMemory;
            }
            _registrations.Add(new Registration(objectType, filterFlags, target, notifyKey));
            return Win32Error.Success;
        }
    }

    /// <summary>
    /// ApiAddNotifyResourceTypeV2 (3.1.4.2.144): registers <paramref name="filterFlags"/> of
    /// CLUSTER_OBJECT_TYPE_RESOURCE_TYPE for the one type <paramref name="typeName"/>. The version and the flags are
    /// checked as for ApiAddNotifyV2 (<see cref="NotifyFilterRules.Validate"/>): ERROR_INVALID_PARAMETER;
    /// ERROR_INVALID_HANDLE once the port is closed, ERROR_NOT_ENOUGH_MEMORY past the registration limit.
    /// </summary>
    public Win32Error AddResourceType(long filterFlags, string typeName, uint notifyKey, uint version)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        const uint type = (uint)ClusterObjectType.ResourceType;
        var error = NotifyFilterRules.Validate(type, filterFlags, NotifyObjectKind.Cluster, "", version, isTargetedAtObject: false, out _);
        lock (_queue.Gate)
        {
            if (_queue.Closed)
            {
                return Win32Error.InvalidHandle;
            }
            if (error != Win32Error.Success)
            {
                return error;
            }
            if (_registrations.Count >= _options.RegistrationLimit)
            {
                return Win32Error.NotEnoughMemory;
            }
            _registrations.Add(new Registration(type, filterFlags, typeName, notifyKey));
            return Win32Error.Success;
        }
    }

    /// <summary>Takes every queued notification, oldest first; empty when there is none or the port is closed/unblocked.</summary>
    public IReadOnlyList<NotificationRpc> TryDequeueAll()
    {
        (uint Key, NotificationDraft Draft)[] taken;
        uint? lostKey = null;
        lock (_queue.Gate)
        {
            if (_queue.Unblocked)
            {
                return [];
            }
            var items = new List<(uint Key, NotificationDraft Draft)>(_queue.Count);
            while (_queue.TryDequeue(out var item))
            {
                items.Add(item);
            }
            taken = [.. items];
            if (_queue.Lost)
            {
                _queue.Lost = false;
                lostKey = _registrations.FirstOrDefault(r => r.ObjectType == (uint)ClusterObjectType.Cluster
                    && (r.Flags & (long)ClusterChangeClusterV2.LostNotifications) != 0)?.Key;
            }
        }
        var result = new List<NotificationRpc>(taken.Length + 1);
        foreach (var (key, draft) in taken)
        {
            result.Add(new NotificationRpc(key, Resolve(draft)));
        }
        if (lostKey is uint k)
        {
            var lost = new NotifyFilterAndType((uint)ClusterObjectType.Cluster, (long)ClusterChangeClusterV2.LostNotifications);
            result.Add(new NotificationRpc(k, new NotificationDataRpc(lost, default, "", "", "", "")));
        }
        return result;
    }

    /// <summary>
    /// ApiGetNotifyV2 (3.1.4.2.138): completes with the queued notifications, waiting until there is one, the port is
    /// closed or unblocked, <paramref name="timeout"/> passes (<see cref="Timeout.InfiniteTimeSpan"/> for the spec's
    /// behaviour) or <paramref name="cancellationToken"/> fires (OperationCanceledException: the connection is gone).
    /// Timeouts use the engine's TimeProvider.
    /// </summary>
    public async Task<NotifyWaitResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? (DateTimeOffset?)null : _engine.Time.GetUtcNow() + timeout;
        while (true)
        {
            Task signal;
            lock (_queue.Gate)
            {
                if (_queue.Closed)
                {
                    return new NotifyWaitResult(Win32Error.InvalidHandle, []);
                }
                if (_queue.Unblocked)
                {
                    return new NotifyWaitResult(Win32Error.NoMoreItems, []);
                }
                signal = _queue.Signalled;
            }
            var items = TryDequeueAll();
            if (items.Count > 0)
            {
                return new NotifyWaitResult(Win32Error.Success, items);
            }
            try
            {
                if (deadline is { } d)
                {
                    var left = d - _engine.Time.GetUtcNow();
                    await signal.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _engine.Time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (TimeoutException)
            {
                return new NotifyWaitResult(WaitTimeout, []);
            }
            lock (_queue.Gate)
            {
                if (_queue.Unblocked)
                {
                    // 3.1.4.2.138: ApiCloseNotify or ApiUnblockGetNotifyCall "has been called in another thread".
                    return new NotifyWaitResult(Win32Error.InvalidFunction, []);
                }
            }
        }
    }

    /// <summary>
    /// ApiUnblockGetNotifyCall (3.1.4.2.107): completes waiting calls with ERROR_INVALID_FUNCTION; later calls get
    /// ERROR_NO_MORE_ITEMS. Queued notifications are discarded and no more are queued; the handle stays valid.
    /// </summary>
    public void Unblock() => Shut(close: false);

    /// <summary>ApiCloseNotify (3.1.4.2.57): unsubscribes, discards the queue, wakes waiters; later calls get ERROR_INVALID_HANDLE.</summary>
    public void Close() => Shut(close: true);

    /// <inheritdoc />
    public void Dispose() => Close();

    /// <summary>Queues the notifications of one event that match a registration (the hub maps each event once).</summary>
    internal void Offer(IReadOnlyList<NotificationDraft> drafts)
    {
        if (drafts.Count == 0)
        {
            return;
        }
        lock (_queue.Gate)
        {
            if (_queue.Unblocked || _registrations.Count == 0)
            {
                return; // 3.1.4.2.136: nothing is queued before the first registration
            }
            bool queued = false;
            foreach (var draft in drafts)
            {
                foreach (var r in _registrations)
                {
                    if (!r.Matches(draft))
                    {
                        continue;
                    }
                    queued |= _queue.TryEnqueue((r.Key, draft));
                }
            }
            if (queued)
            {
                _queue.Signal();
            }
        }
    }

    private void Shut(bool close)
    {
        IDisposable? subscription = null;
        lock (_queue.Gate)
        {
            if (close)
            {
                subscription = _subscription;
                _subscription = null;
                _registrations.Clear();
            }
            _queue.Shut(close);
        }
        // Outside our lock: the hub calls Offer while holding its engine's lock.
        subscription?.Dispose();
    }

    private NotificationDataRpc Resolve(NotificationDraft draft)
    {
        var data = draft.Data;
        if (draft.ParentGroupId is { } groupId)
        {
            data = data with { ParentId = GroupOwnerNodeId(groupId) };
        }
        if (draft.Payload == DeferredPayload.None)
        {
            return data;
        }
        string id = data.ObjectId ?? "";
        byte[] buffer = draft.Payload switch
        {
            DeferredPayload.ResourceState => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindResource(id)?.State ?? ClusterResourceState.Unknown))),
            DeferredPayload.GroupState => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindGroup(id)?.State ?? ClusterGroupState.Unknown))),
            DeferredPayload.GroupOwnerNodeId => NotificationMapper.Utf16Z(GroupOwnerNodeId(id)),
            DeferredPayload.GroupType => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindGroup(id)?.GroupType ?? 0))),
            DeferredPayload.NodeState => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindNode(id)?.State ?? ClusterNodeState.Unknown))),
            DeferredPayload.NetworkState => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindNetwork(id)?.State ?? ClusterNetworkState.Unknown))),
            DeferredPayload.NetInterfaceState => NotificationMapper.Dword(unchecked((uint)(_engine.Queries.FindNetInterface(id)?.State ?? ClusterNetInterfaceState.Unknown))),
            _ => [],
        };
        return data with { Buffer = buffer };
    }

    private string GroupOwnerNodeId(string groupId)
    {
        var owner = _engine.Queries.FindGroup(groupId)?.OwnerNodeName;
        return owner is null ? "" : _engine.Queries.FindNode(owner)?.Id ?? "";
    }

    private sealed record Registration(uint ObjectType, long Flags, string? TargetId, uint Key)
    {
        public bool Matches(NotificationDraft d) =>
            d.Data.FilterAndType.ObjectType == ObjectType
            && (d.Data.FilterAndType.FilterFlags & Flags) != 0
            && (ObjectType == (uint)ClusterObjectType.Registry
                ? NotificationMapper.InRegistryScope(d, Flags) // Registry area: the root key, its subtree with SUBTREE_V2 (3.1.4.2.137)
                : TargetId is null || string.Equals(TargetId, d.TargetId, StringComparison.OrdinalIgnoreCase));
    }
}
