using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Notifications;

/// <summary>The limits of a batch notification port (docs/behaviour.md, "Batch notification ports").</summary>
public sealed record BatchPortOptions
{
    /// <summary>The default <see cref="QueueLimit"/>.</summary>
    public const int DefaultQueueLimit = 1024;

    /// <summary>The default <see cref="ByteLimit"/>: 16 MiB.</summary>
    public const long DefaultByteLimit = 16L << 20;

    /// <summary>Most indications a port keeps unread.</summary>
    public int QueueLimit { get; init; } = DefaultQueueLimit;

    /// <summary>Most bytes of CLUSTER_REG_BATCH_UPDATE a port keeps unread (one value may be 1 MiB).</summary>
    public long ByteLimit { get; init; } = DefaultByteLimit;
}

/// <summary>
/// A cluster registry batch update notification port (MS-CMRP 3.1.4.2.113-115): made by ApiCreateBatchPort on a key, it
/// queues one CLUSTER_REG_BATCH_UPDATE (2.2.3.17) per registry change at or below that key, as the engine publishes
/// them, until ApiCloseBatchPort. Each indication is relative to the port's key, as ApiExecuteBatch's commands are to
/// the designated key: CLUSREG_CREATE_KEY of the changed key's relative path first when it is below the port's key,
/// then the command; a value set or deleted is preceded by CLUSREG_VALUE_DELETED with the data the value had, when it
/// had one (3.1.4.2.114). Past <see cref="BatchPortOptions.QueueLimit"/> indications or
/// <see cref="BatchPortOptions.ByteLimit"/> bytes, new indications are dropped; once the kept ones are read the next
/// read answers ERROR_NOTIFY_ENUM_DIR once (docs/behaviour.md, "Batch notification ports").
/// </summary>
public sealed class BatchNotificationPort : IDisposable
{
    private readonly string _scope;
    private readonly PortQueue<byte[]> _queue;
    private IDisposable? _subscription;

    /// <summary>Creates the port for the key at <paramref name="keyPath"/> and subscribes it to the engine's events.</summary>
    public BatchNotificationPort(ICluster engine, string keyPath, BatchPortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(keyPath);
        options ??= new BatchPortOptions();
        _queue = new(options.QueueLimit, options.ByteLimit, static data => data.Length);
        _scope = keyPath;
        _subscription = engine.Subscribe(Offer);
    }

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

    /// <summary>Bytes waiting.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_queue.Gate)
            {
                return _queue.Bytes;
            }
        }
    }

    /// <summary>Indications dropped because the queue was full.</summary>
    public long DroppedCount => _queue.DroppedCount;

    /// <summary>
    /// ApiGetBatchNotification: the first queued indication, waiting until there is one (3.1.4.2.114: the server "MUST
    /// NOT complete this method until an indication has been queued to the port or the port has been closed").
    /// ERROR_NO_MORE_ITEMS when the port is closed (before or during the wait); ERROR_NOTIFY_ENUM_DIR once after
    /// indications were dropped. <paramref name="cancellationToken"/> is the connection's.
    /// </summary>
    public async Task<(Win32Error Result, byte[]? Data)> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_queue.Gate)
            {
                if (_queue.Closed)
                {
                    return (Win32Error.NoMoreItems, null);
                }
                if (_queue.TryDequeue(out var data))
                {
                    return (Win32Error.Success, data);
                }
                if (_queue.Lost)
                {
                    _queue.Lost = false;
                    return (Win32Error.NotifyEnumDir, null);
                }
                signal = _queue.Signalled;
            }
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ApiCloseBatchPort: ends a waiting call (ERROR_NO_MORE_ITEMS), drops the queue and the subscription.</summary>
    public void Close()
    {
        IDisposable? subscription;
        lock (_queue.Gate)
        {
            _queue.Shut(close: true);
            subscription = _subscription;
            _subscription = null;
        }
        subscription?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    /// <summary>The CLUSTER_REG_BATCH_UPDATE of <paramref name="e"/> for a port on <paramref name="scope"/>, or null when the port does not see it.</summary>
    public static byte[]? Indication(ClusterEvent e, string scope)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(scope);
        if (e.ObjectType != ClusterObjectType.Registry || Relative(e.ObjectId, scope) is not { } relative)
        {
            return null;
        }
        var commands = new List<RegBatchCommand>(3);
        switch (e.Change)
        {
            case ClusterChange.Added when relative.Length > 0:
                commands.Add(new(RegBatchUpdate.CreateKey, 0, relative, ReadOnlyMemory<byte>.Empty));
                break;
            case ClusterChange.Deleted when relative.Length > 0:
                commands.Add(new(RegBatchUpdate.DeleteKey, 0, relative, ReadOnlyMemory<byte>.Empty));
                break;
            case ClusterChange.PropertiesChanged when e.RegistryValue is { } change:
                if (relative.Length > 0)
                {
                    commands.Add(new(RegBatchUpdate.CreateKey, 0, relative, ReadOnlyMemory<byte>.Empty));
                }
                if (change.Previous is { } previous)
                {
                    commands.Add(new(RegBatchUpdate.ValueDeleted, (uint)previous.Type, e.Name, previous.Data.ToArray()));
                }
                commands.Add(change.Current is { } current
                    ? new(RegBatchUpdate.SetValue, (uint)current.Type, e.Name, current.Data.ToArray())
                    : new(RegBatchUpdate.DeleteValue, 0, e.Name, ReadOnlyMemory<byte>.Empty));
                break;
            default:
                return null; // the port's own key created or deleted: there is no name relative to it
        }
        return RegBatchUpdate.Build(commands);
    }

    // The path of a key at or below the scope, relative to it ("" for the scope itself); null outside it.
    private static string? Relative(string path, string scope)
    {
        if (string.Equals(path, scope, StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }
        if (scope.Length == 0)
        {
            return path;
        }
        return path.Length > scope.Length + 1 && path[scope.Length] == '\\' && path.StartsWith(scope, StringComparison.OrdinalIgnoreCase)
            ? path[(scope.Length + 1)..]
            : null;
    }

    private void Offer(ClusterEvent e)
    {
        if (Indication(e, _scope) is not { } data)
        {
            return;
        }
        lock (_queue.Gate)
        {
            if (_queue.Closed)
            {
                return;
            }
            _queue.TryEnqueue(data); // a dropped one still wakes a waiter: it answers ERROR_NOTIFY_ENUM_DIR
            _queue.Signal();
        }
    }
}
