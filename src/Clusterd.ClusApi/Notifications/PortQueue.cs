namespace Clusterd.ClusApi.Notifications;

/// <summary>
/// The queue and the wait every notification port has (version 1 and version 2 ports, batch ports): a bounded queue
/// that drops what does not fit and remembers the loss, one signal that wakes waiting calls, and the closed and
/// unblocked states. The port owns its registrations and what its items mean; this owns the mechanics, in one place.
/// </summary>
/// <typeparam name="T">What the port queues.</typeparam>
/// <remarks>
/// Threading: the engine's event callback enqueues under <see cref="Gate"/> and never completes a waiter inline (the
/// signal's continuations run asynchronously). Every member except <see cref="DroppedCount"/> is called under
/// <see cref="Gate"/>.
/// </remarks>
internal sealed class PortQueue<T>
{
    private readonly Queue<T> _items = new();
    private readonly int _itemLimit;
    private readonly long _byteLimit;
    private readonly Func<T, long>? _size;
    private TaskCompletionSource _signal = NewSignal();
    private long _bytes;
    private long _dropped;

    /// <summary>A queue of at most <paramref name="itemLimit"/> items and, when <paramref name="size"/> is given, at most <paramref name="byteLimit"/> bytes.</summary>
    public PortQueue(int itemLimit, long byteLimit = long.MaxValue, Func<T, long>? size = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteLimit, 1);
        _itemLimit = itemLimit;
        _byteLimit = byteLimit;
        _size = size;
    }

    /// <summary>The port's lock.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Closed (ApiCloseNotify, ApiCloseBatchPort): every later call answers as for a closed handle.</summary>
    public bool Closed { get; private set; }

    /// <summary>Unblocked (ApiUnblockGetNotifyCall) or closed: nothing more is queued.</summary>
    public bool Unblocked { get; private set; }

    /// <summary>Items were dropped since the port last reported a loss; the port clears it when it reports it.</summary>
    public bool Lost { get; set; }

    /// <summary>Items waiting.</summary>
    public int Count => _items.Count;

    /// <summary>Bytes waiting (0 without a size function).</summary>
    public long Bytes => _bytes;

    /// <summary>Items dropped because the queue was full (any thread).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="item"/>, or, when it does not fit, drops it, counts it and remembers the loss.</summary>
    public bool TryEnqueue(T item)
    {
        var size = _size?.Invoke(item) ?? 0;
        if (_items.Count >= _itemLimit || _bytes + size > _byteLimit)
        {
            Lost = true;
            _dropped++;
            return false;
        }
        _items.Enqueue(item);
        _bytes += size;
        return true;
    }

    /// <summary>Takes the oldest item.</summary>
    public bool TryDequeue(out T item)
    {
        if (!_items.TryDequeue(out item!))
        {
            return false;
        }
        _bytes -= _size?.Invoke(item) ?? 0;
        return true;
    }

    /// <summary>Wakes every waiting call.</summary>
    public void Signal()
    {
        _signal.TrySetResult();
        _signal = NewSignal();
    }

    /// <summary>The signal a call waits on until something is queued or the port shuts.</summary>
    public Task Signalled => _signal.Task;

    /// <summary>Closes (<paramref name="close"/>) or unblocks the port: drops the queue and the loss, wakes waiters.</summary>
    public void Shut(bool close)
    {
        Closed |= close;
        Unblocked = true;
        Lost = false;
        _items.Clear();
        _bytes = 0;
        Signal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
