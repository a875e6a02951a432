using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Server;

/// <summary>
/// The context handles of one association (C706 ch. 6 context rundown, dcerpc-ntlm.md §2.5). Every handle has
/// a state object and an optional rundown callback that runs when the connection drops with the handle still open.
/// Thread-safe.
/// </summary>
public sealed class ContextHandleTable
{
    private readonly Dictionary<Guid, Entry> _entries = [];
    private readonly Lock _lock = new();
    private bool _runDown;

    /// <summary>Creates a table holding at most <paramref name="maxHandles"/> handles.</summary>
    public ContextHandleTable(int maxHandles) => MaxHandles = maxHandles;

    /// <summary>The limit on open handles.</summary>
    public int MaxHandles { get; }

    /// <summary>Open handles.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Opens a handle; false when the table is full or already run down.</summary>
    public bool TryCreate(object state, Action<object>? rundown, out NdrContextHandle handle)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_lock)
        {
            if (_runDown || _entries.Count >= MaxHandles)
            {
                handle = default;
                return false;
            }

            Guid id;
            do
            {
                id = Guid.NewGuid(); // cryptographically random (v4)
            }
            while (_entries.ContainsKey(id));

            _entries.Add(id, new Entry(state, rundown));
            handle = new NdrContextHandle(0, id);
            return true;
        }
    }

    /// <summary>Opens a handle; a full table faults the call with nca_s_fault_remote_no_memory.</summary>
    public NdrContextHandle Create(object state, Action<object>? rundown = null) =>
        TryCreate(state, rundown, out var handle) ? handle : throw new RpcFaultException(RpcStatus.RemoteNoMemory);

    /// <summary>Looks a handle up; false for NULL, unknown, closed, or a state of another type.</summary>
    public bool TryGet<T>(NdrContextHandle handle, out T state)
        where T : class
    {
        lock (_lock)
        {
            if (handle.Attributes == 0 && _entries.TryGetValue(handle.Uuid, out var e) && e.State is T t)
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
        lock (_lock)
        {
            return handle.Attributes == 0 && _entries.Remove(handle.Uuid);
        }
    }

    /// <summary>Runs down every open handle (connection dropped). Exceptions from callbacks go to <paramref name="onError"/>.</summary>
    public void RunDown(Action<Exception>? onError = null)
    {
        List<Entry> entries;
        lock (_lock)
        {
            _runDown = true;
            entries = [.. _entries.Values];
            _entries.Clear();
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

    private sealed record Entry(object State, Action<object>? Rundown);
}
