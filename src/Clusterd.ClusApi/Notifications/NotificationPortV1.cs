using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>One indication as ApiGetNotify / ApiGetNotifyAsync return it (MS-CMRP 3.1.4.2.66, 2.2.3.30).</summary>
/// <param name="NotifyKey">dwNotifyKey of the registration that queued it.</param>
/// <param name="Filter">The one CLUSTER_CHANGE value.</param>
/// <param name="StateSequence">The object's state sequence at the event (0 for objects without one).</param>
/// <param name="Name">The object's name, or the changed key's name relative to the registered key.</param>
public sealed record NotificationV1(uint NotifyKey, uint Filter, uint StateSequence, string Name);

/// <summary>The outcome of <see cref="NotificationPortV1.WaitAsync"/>.</summary>
/// <param name="Result">
/// Success (at least one indication), InvalidHandle (closed before the call), NoMoreItems (unblocked before the call)
/// or InvalidFunction (closed or unblocked while the call waited), as for version 2 (3.1.4.2.66, 3.1.4.2.143).
/// </param>
/// <param name="Notifications">The indications, oldest first.</param>
public sealed record NotifyV1WaitResult(Win32Error Result, IReadOnlyList<NotificationV1> Notifications);

/// <summary>
/// A version 1 notification port (MS-CMRP 3.1.1.8, 3.1.4.2.56-66, 90, 91, 99, 100, 143): the registrations of one
/// HNOTIFY_RPC made by ApiCreateNotify, and its queue. The queue has the limits of a version 2 port
/// (<see cref="NotificationPortOptions"/>): past <see cref="NotificationPortOptions.QueueLimit"/> new indications are
/// dropped and counted, and the client reads one CLUSTER_CHANGE_CLUSTER_RECONNECT after what was kept (3.1.4.2.66:
/// the server SHOULD return it where it fails to return indications); registrations past
/// <see cref="NotificationPortOptions.RegistrationLimit"/> are ERROR_NOT_ENOUGH_MEMORY. Threading as for
/// <see cref="NotificationPortV2"/>: the hub offers under a short private lock and never completes a waiter inline.
/// </summary>
public sealed class NotificationPortV1 : IDisposable
{
    private readonly ICluster _engine;
    private readonly NotificationPortOptions _options;
    private readonly List<Registration> _registrations = [];
    private readonly PortQueue<NotificationV1> _queue;
    private IDisposable? _subscription;

    /// <summary>Creates the port (ApiCreateNotify) and joins the engine's hub.</summary>
    public NotificationPortV1(ICluster engine, NotificationPortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? new NotificationPortOptions();
        _queue = new(_options.QueueLimit);
        Hub = NotificationHub.For(engine);
        _subscription = Hub.Add(this);
    }

    /// <summary>The hub of the port's engine (state sequences).</summary>
    internal NotificationHub Hub { get; }

    /// <summary>Indications dropped because the queue was full.</summary>
    public long DroppedCount => _queue.DroppedCount;

    /// <summary>Indications waiting.</summary>
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
    /// Registers <paramref name="filter"/> (already validated, <see cref="NotifyFilterRulesV1"/>) with
    /// <paramref name="notifyKey"/>: for the object <paramref name="targetId"/> (null: every object), or for the
    /// registry key <paramref name="keyScope"/> (and its subkeys with <paramref name="subtree"/>). With
    /// <paramref name="immediate"/> (ApiReAddNotify* when the state sequence moved on), that indication is queued at
    /// once. ERROR_INVALID_HANDLE once the port is closed, ERROR_NOT_ENOUGH_MEMORY past the registration limit.
    /// </summary>
    public Win32Error Add(ClusterChangeV1 filter, string? targetId, string? keyScope, bool subtree, uint notifyKey, NotificationDraftV1? immediate = null)
    {
        bool signal = false;
        lock (_queue.Gate)
        {
            if (_queue.Closed)
            {
                return Win32Error.InvalidHandle;
            }
            if (_registrations.Count >= _options.RegistrationLimit)
            {
                return Win32Error.NotEnoughMemory;
            }
            var registration = new Registration(filter, targetId, keyScope, subtree, notifyKey);
            _registrations.Add(registration);
            if (immediate is not null && !_queue.Unblocked)
            {
                // Queued whatever the registration's filter (3.1.4.2.63-65: "MUST queue a ..._STATE event indication").
                signal = Enqueue(registration.Key, immediate, immediate.Name);
            }
            if (signal)
            {
                _queue.Signal();
            }
            return Win32Error.Success;
        }
    }

    /// <summary>
    /// ApiGetNotify (at most one indication, <paramref name="max"/> = 1) and ApiGetNotifyAsync (all queued): completes
    /// with queued indications, waiting until there is one or the port is closed or unblocked; no timeout in protocol
    /// version 3 (3.1.4.2.66: the GetNotify timer of 3.1.2.4 is protocol version 2.0's). <paramref name="cancellationToken"/>
    /// is the connection's.
    /// </summary>
    public async Task<NotifyV1WaitResult> WaitAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        while (true)
        {
            Task signal;
            lock (_queue.Gate)
            {
                if (_queue.Closed)
                {
                    return new NotifyV1WaitResult(Win32Error.InvalidHandle, []);
                }
                if (_queue.Unblocked)
                {
                    return new NotifyV1WaitResult(Win32Error.NoMoreItems, []);
                }
                signal = _queue.Signalled;
            }
            var items = TryDequeue(max);
            if (items.Count > 0)
            {
                return new NotifyV1WaitResult(Win32Error.Success, items);
            }
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_queue.Gate)
            {
                if (_queue.Unblocked)
                {
                    return new NotifyV1WaitResult(Win32Error.InvalidFunction, []);
                }
            }
        }
    }

    /// <summary>Takes up to <paramref name="max"/> queued indications, oldest first (then the RECONNECT of a loss).</summary>
    public IReadOnlyList<NotificationV1> TryDequeue(int max)
    {
        var result = new List<NotificationV1>();
        lock (_queue.Gate)
        {
            if (_queue.Unblocked)
            {
                return [];
            }
            while (result.Count < max && _queue.TryDequeue(out var n))
            {
                result.Add(n);
            }
            if (result.Count < max && _queue.Lost)
            {
                _queue.Lost = false;
                uint key = _registrations.Count > 0 ? _registrations[0].Key : 0;
                result.Add(new NotificationV1(key, (uint)ClusterChangeV1.ClusterReconnect, 0, ""));
            }
        }
        // CLUSTER_PROPERTY of a property write carries no name in the shared mapping; version 1 names the cluster.
        for (int i = 0; i < result.Count; i++)
        {
            if (result[i] is { Filter: (uint)ClusterChangeV1.ClusterProperty, Name: "" } n)
            {
                result[i] = n with { Name = _engine.Queries.GetClusterInfo().Name };
            }
        }
        return result;
    }

    /// <summary>ApiUnblockGetNotifyCall (3.1.4.2.107): waiting calls end with ERROR_INVALID_FUNCTION, later ones get ERROR_NO_MORE_ITEMS.</summary>
    public void Unblock() => Shut(close: false);

    /// <summary>ApiCloseNotify (3.1.4.2.57): leaves the hub, flushes the queue, wakes waiters; later calls get ERROR_INVALID_HANDLE.</summary>
    public void Close() => Shut(close: true);

    /// <inheritdoc />
    public void Dispose() => Close();

    /// <summary>Queues the indications of one event that match a registration (the hub maps each event once).</summary>
    internal void Offer(IReadOnlyList<NotificationDraftV1> drafts)
    {
        if (drafts.Count == 0)
        {
            return;
        }
        lock (_queue.Gate)
        {
            if (_queue.Unblocked || _registrations.Count == 0)
            {
                return; // 3.1.4.2.56: nothing is queued before the first registration
            }
            bool queued = false;
            foreach (var draft in drafts)
            {
                foreach (var r in _registrations)
                {
                    queued |= Enqueue(r, draft);
                }
            }
            if (queued)
            {
                _queue.Signal();
            }
        }
    }

    // Under the queue's lock. One indication per matching registration (3.1.4.2.58: "a separate event indication ... for every filter").
    private bool Enqueue(Registration r, NotificationDraftV1 draft) =>
        r.NameFor(draft) is { } name && Enqueue(r.Key, draft, name);

    private bool Enqueue(uint key, NotificationDraftV1 draft, string name) =>
        _queue.TryEnqueue(new NotificationV1(key, (uint)draft.Filter, draft.StateSequence, name));

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
        subscription?.Dispose();
    }

    private sealed record Registration(ClusterChangeV1 Filter, string? TargetId, string? KeyScope, bool Subtree, uint Key)
    {
        /// <summary>The Name the indication carries for this registration, or null when it does not match.</summary>
        public string? NameFor(NotificationDraftV1 d)
        {
            if ((Filter & d.Filter) == 0)
            {
                return null;
            }
            if (d.KeyPath is not { } path)
            {
                return TargetId is null || string.Equals(TargetId, d.TargetId, StringComparison.OrdinalIgnoreCase) ? d.Name : null;
            }
            if (KeyScope is not { } scope)
            {
                return null;
            }
            if (string.Equals(path, scope, StringComparison.OrdinalIgnoreCase))
            {
                return "";
            }
            bool below = scope.Length == 0 || (path.Length > scope.Length && path[scope.Length] == '\\'
                && path.StartsWith(scope, StringComparison.OrdinalIgnoreCase));
            if (!below)
            {
                return null;
            }
            string relative = scope.Length == 0 ? path : path[(scope.Length + 1)..];
            // Without WatchSubTree only the key itself is watched; a subkey created or deleted right under it changes
            // its list of names (REGISTRY_NAME), as RegNotifyChangeKeyValue reports it.
            bool direct = !relative.Contains('\\', StringComparison.Ordinal);
            return Subtree || (direct && d.Filter == ClusterChangeV1.RegistryName) ? relative : null;
        }
    }
}
