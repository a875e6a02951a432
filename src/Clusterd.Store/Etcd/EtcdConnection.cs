using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace Clusterd.Store.Etcd;

/// <summary>
/// The gRPC channels to an etcd cluster: one per endpoint (loopback or a private namespace, plain http), used one at a
/// time. A call that cannot reach its endpoint (Unavailable, DeadlineExceeded) moves to the next endpoint and is tried
/// there, each endpoint once per call; every call has a deadline, so a dead member never hangs a command.
/// </summary>
public sealed class EtcdConnection : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly Lock _gate = new();
    private int _current;
    private volatile bool _reachable = true;
    private bool _disposed;

    /// <summary>Opens channels to <paramref name="endpoints"/> (URLs such as http://127.0.0.1:2379); nothing is sent yet.</summary>
    public EtcdConnection(IReadOnlyList<Uri> endpoints, TimeSpan? callTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one etcd endpoint is needed", nameof(endpoints));
        }
        Endpoints = endpoints;
        CallTimeout = callTimeout ?? TimeSpan.FromSeconds(5);
        _channels = [.. endpoints.Select(e => GrpcChannel.ForAddress(e, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 << 20,
            MaxSendMessageSize = 64 << 20,
        }))];
    }

    /// <summary>Parses a comma-separated endpoint list ("http://127.0.0.1:2379,http://127.0.0.1:22379").</summary>
    public static IReadOnlyList<Uri> ParseEndpoints(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<Uri>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException("'" + part + "' is not an etcd endpoint URL (http://host:port)");
            }
            result.Add(uri);
        }
        if (result.Count == 0)
        {
            throw new FormatException("no etcd endpoint given");
        }
        return result;
    }

    /// <summary>The endpoints, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The deadline of every unary call.</summary>
    public TimeSpan CallTimeout { get; }

    /// <summary>False after a call failed on every endpoint, until a call succeeds again.</summary>
    public bool IsReachable => _reachable;

    /// <summary>The deadline for a call starting now.</summary>
    public DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    /// <summary>The channel in use now (for streams: watch, lease keep-alive).</summary>
    public GrpcChannel Channel
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _channels[_current];
            }
        }
    }

    /// <summary>Marks the channel in use as failed: the next call or stream goes to the next endpoint.</summary>
    public void Failover(GrpcChannel failed)
    {
        lock (_gate)
        {
            if (!_disposed && ReferenceEquals(_channels[_current], failed))
            {
                _current = (_current + 1) % _channels.Length;
            }
        }
    }

    /// <summary>
    /// Runs one unary call, moving to the next endpoint when this one is unreachable. Throws
    /// <see cref="StoreException"/> when no endpoint answered; other RPC errors pass through as
    /// <see cref="RpcException"/>.
    /// </summary>
    public T Call<T>(Func<CallInvoker, DateTime, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        RpcException? last = null;
        for (var attempt = 0; attempt < _channels.Length; attempt++)
        {
            var channel = Channel;
            try
            {
                var result = call(channel.CreateCallInvoker(), Deadline());
                _reachable = true;
                return result;
            }
            catch (RpcException ex) when (IsUnreachable(ex))
            {
                last = ex;
                Failover(channel);
            }
        }
        _reachable = false;
        throw new StoreException("etcd is unreachable (" + string.Join(", ", Endpoints) + "): " + last?.Status.Detail, last!);
    }

    /// <summary>A KV client on <paramref name="invoker"/>.</summary>
    public static KV.KVClient Kv(CallInvoker invoker) => new(invoker);

    /// <summary>A lease client on <paramref name="invoker"/>.</summary>
    public static Lease.LeaseClient Leases(CallInvoker invoker) => new(invoker);

    /// <summary>True for the failures that mean "this endpoint cannot answer now".</summary>
    public static bool IsUnreachable(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown;

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        foreach (var c in _channels)
        {
            c.Dispose();
        }
    }
}
