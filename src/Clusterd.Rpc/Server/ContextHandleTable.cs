using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Server;

/// <summary>
/// The context handles of one association (C706 ch. 6 context rundown, MS-RPCE 3.3.1.5.2.2 association groups). Every
/// handle has a state object and an optional rundown callback that runs when the association ends with the handle still
/// open. A dispatcher sees the table through its call: calls without authentication share a smaller allowance
/// (<see cref="MaxUnauthenticatedHandles"/>) than the association's whole limit, so a peer that never authenticates
/// cannot fill memory with, say, endpoint-mapper lookup handles. Thread-safe.
/// </summary>
public sealed class ContextHandleTable
{
    private readonly Store _store;
    private readonly bool _unauthenticated;

    /// <summary>Creates a table holding at most <paramref name="maxHandles"/> handles, whoever opens them.</summary>
    public ContextHandleTable(int maxHandles)
        : this(maxHandles, maxHandles)
    {
    }

    /// <summary>
    /// Creates a table holding at most <paramref name="maxHandles"/> handles, of which at most
    /// <paramref name="maxUnauthenticatedHandles"/> opened by calls without authentication.
    /// </summary>
    public ContextHandleTable(int maxHandles, int maxUnauthenticatedHandles)
        : this(new Store(maxHandles, Math.Min(maxHandles, maxUnauthenticatedHandles)), unauthenticated: false)
    {
    }

    private ContextHandleTable(Store store, bool unauthenticated)
    {
        _store = store;
        _unauthenticated = unauthenticated;
        if (unauthenticated)
        {
            store.Unauthenticated = this;
        }
        else
        {
            store.Authenticated = this;
            _ = new ContextHandleTable(store, unauthenticated: true);
        }
    }

    /// <summary>The limit on open handles.</summary>
    public int MaxHandles => _store.MaxHandles;

    /// <summary>The limit on handles opened by calls without authentication.</summary>
    public int MaxUnauthenticatedHandles => _store.MaxUnauthenticatedHandles;

    /// <summary>Open handles.</summary>
    public int Count
    {
        get
        {
            lock (_store.Lock)
            {
                return _store.Entries.Count;
            }
        }
    }

    /// <summary>The same handles, seen by a call with or without authentication (which decides the limit on new ones).</summary>
    internal ContextHandleTable ForCaller(bool authenticated) => authenticated ? _store.Authenticated! : _store.Unauthenticated!;

    /// <summary>Opens a handle; false when the table (or the unauthenticated allowance) is full or already run down.</summary>
    public bool TryCreate(object state, Action<object>? rundown, out NdrContextHandle handle)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = _store;
        lock (store.Lock)
        {
            if (store.RunDown || store.Entries.Count >= store.MaxHandles
                || (_unauthenticated && store.UnauthenticatedCount >= store.MaxUnauthenticatedHandles))
            {
                handle = default;
                return false;
            }

            Guid id;
            do
            {
                id = Guid.NewGuid(); // cryptographically random (v4)
            }
            while (store.Entries.ContainsKey(id));

            store.Entries.Add(id, new Entry(state, rundown, _unauthenticated));
            store.UnauthenticatedCount += _unauthenticated ? 1 : 0;
            handle = new NdrContextHandle(0, id);
            return true;
        }
    }

    /// <summary>Opens a handle; a full table faults the call with nca_s_fault_remote_no_memory.</summary>
    public NdrContextHandle Create(object state, Action<object>? rundown = null) =>
        TryCreate(state, rundown, out var handle) ? handle : throw new RpcFaultException(RpcStatus.RemoteNoMemory);

    /// <summary>
    /// Replaces the state of an open handle, keeping its rundown: a method that must not fail after its work is done
    /// opens the handle first with a placeholder state (<see cref="TryCreate"/>), does the work, then fills the handle
    /// in here. False (and nothing changes) when the handle is not open, for example after a rundown.
    /// </summary>
    public bool TrySetState(NdrContextHandle handle, object state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_store.Lock)
        {
            if (handle.Attributes != 0 || !_store.Entries.TryGetValue(handle.Uuid, out var e))
            {
                return false;
            }

            _store.Entries[handle.Uuid] = e with { State = state };
            return true;
        }
    }

    /// <summary>Looks a handle up; false for NULL, unknown, closed, or a state of another type.</summary>
    public bool TryGet<T>(NdrContextHandle handle, out T state)
        where T : class
    {
        lock (_store.Lock)
        {
            if (handle.Attributes == 0 && _store.Entries.TryGetValue(handle.Uuid, out var e) && e.State is T t)
            {
                state = t;
                return true;
            }
        }

        state = null!;
        return false;
    }

    /// <summary>Looks a handle up, or faults with nca_s_fault_context_mismatch (0x1C00001A) as the Windows runtime does.</summary>
    public T Get<T>(NdrContextHandle handle)
        where T : class =>
        TryGet<T>(handle, out var state) ? state : throw new RpcFaultException(RpcStatus.ContextMismatch);

    /// <summary>Closes a handle without running its rundown; false if it was not open.</summary>
    public bool Close(NdrContextHandle handle)
    {
        lock (_store.Lock)
        {
            if (handle.Attributes != 0 || !_store.Entries.Remove(handle.Uuid, out var removed))
            {
                return false;
            }

            _store.UnauthenticatedCount -= removed.Unauthenticated ? 1 : 0;
            return true;
        }
    }

    /// <summary>Runs down every open handle (connection dropped). Exceptions from callbacks go to <paramref name="onError"/>.</summary>
    public void RunDown(Action<Exception>? onError = null)
    {
        List<Entry> entries;
        lock (_store.Lock)
        {
            _store.RunDown = true;
            entries = [.. _store.Entries.Values];
            _store.Entries.Clear();
            _store.UnauthenticatedCount = 0;
        }

        foreach (var e in entries)
        {
            try
            {
                e.Rundown?.Invoke(e.State);
            }
#pragma warning disable CA1031 // a rundown callback must never take the server down
            catch (Exception ex)
#pragma warning restore CA1031
            {
                onError?.Invoke(ex);
            }
        }
    }

    private sealed record Entry(object State, Action<object>? Rundown, bool Unauthenticated);

    /// <summary>What the table and its unauthenticated view share.</summary>
    private sealed class Store(int maxHandles, int maxUnauthenticatedHandles)
    {
        public Lock Lock { get; } = new();

        public Dictionary<Guid, Entry> Entries { get; } = [];

        public int MaxHandles { get; } = maxHandles;

        public int MaxUnauthenticatedHandles { get; } = maxUnauthenticatedHandles;

        public int UnauthenticatedCount { get; set; }

        public bool RunDown { get; set; }

        /// <summary>The table as calls with authentication see it (the one the association created).</summary>
        public ContextHandleTable? Authenticated { get; set; }

        /// <summary>The table as calls without authentication see it: same handles, the smaller allowance for new ones.</summary>
        public ContextHandleTable? Unauthenticated { get; set; }
    }
}
