using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Mgmt;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Microsoft.Extensions.Logging;

namespace Clusterd.Rpc.Server;

/// <summary>
/// A connection-oriented DCE/RPC server over TCP (ncacn_ip_tcp). Interfaces are registered once and served on every
/// listener, except endpoint-mapper-only listeners (port 135), which serve only the endpoint mapper and mgmt.
/// A bad client never affects other connections: each connection runs on its own task and faults are contained.
/// </summary>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(Guid Uuid, ushort Major), InterfaceRegistration> _interfaces = new();
    private readonly List<RpcListener> _listeners = [];
    private readonly ConcurrentDictionary<RpcConnection, Task> _connections = new();
    private readonly Dictionary<uint, AssociationGroup> _assocGroups = [];
    private readonly Dictionary<ConnectionSource, int> _perSource = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private int _connectionCount;
    private long _refused;
    private long _reassemblyBytes;
    private int _interfaceVersion;
    private InterfaceSnapshot? _interfaceSnapshot;
    private long _callsIn;
    private long _packetsIn;
    private long _packetsOut;

    /// <summary>Creates a server; registers the endpoint mapper and mgmt when the options say so.</summary>
    public RpcServer(RpcServerOptions? options = null)
    {
        Options = options ?? new RpcServerOptions();
        if (Options.MaxFragmentSize < 2048)
        {
            // MS-RPCE 3.3.1.5.2.1 / C706 12.6.3.1: every implementation accepts fragments of at least 2048 bytes.
            throw new ArgumentException("MaxFragmentSize must be at least 2048 (C706 12.6.3.1).", nameof(options));
        }

        if (Options.MaxConnections < 1 || Options.MaxConnectionsPerSource < 1 || Options.MaxAuthContexts < 1
            || Options.MaxAuthContextsBeforeAuthentication < 1 || Options.MaxRequestSize < 1 || Options.MaxUnauthenticatedRequestSize < 1
            || Options.MaxContextHandlesPerConnection < 1 || Options.MaxContextHandlesBeforeAuthentication < 1
            || Options.HandshakeTimeout <= TimeSpan.Zero || Options.IdleTimeout <= TimeSpan.Zero || Options.UnauthenticatedIdleTimeout <= TimeSpan.Zero
            || Options.SendTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("connection limits and timeouts must be positive", nameof(options));
        }

        Warnings = new WarningLimiter(Options.Logger, Options.Time, Options.WarningsPerInterval, Options.WarningInterval);
        AuthFailures = new AuthFailureLog(Options.AuditLogger ?? Options.Logger, Options.Time, Options.WarningsPerInterval, Options.WarningInterval);

        if (Options.EnableEndpointMapper)
        {
            Register(EndpointMapperDispatcher.InterfaceId, new EndpointMapperDispatcher(this), RpcAuthLevel.None, endpointMapperListener: true, RpcDispatchMode.Inline);
        }

        if (Options.EnableManagement)
        {
            Register(ManagementDispatcher.InterfaceId, new ManagementDispatcher(this), RpcAuthLevel.None, endpointMapperListener: true, RpcDispatchMode.Inline);
        }
    }

    /// <summary>The options the server runs with.</summary>
    public RpcServerOptions Options { get; }

    /// <summary>Open connections.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Connections refused at accept since the server started (either connection limit).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refused);

    /// <summary>Open connections from the source of <paramref name="address"/> (its IPv6 /64 for IPv6).</summary>
    public int ConnectionsFrom(IPAddress address)
    {
        lock (_lock)
        {
            return _perSource.GetValueOrDefault(ConnectionSource.Of(new IPEndPoint(address, 0)));
        }
    }

    /// <summary>Request stub bytes held by calls still being reassembled, over every connection.</summary>
    public long ReassemblyBytes => Interlocked.Read(ref _reassemblyBytes);

    internal WarningLimiter Warnings { get; }

    /// <summary>The rate-limited audit of failed logons.</summary>
    internal AuthFailureLog AuthFailures { get; }

    internal void CountReassembly(long delta) => Interlocked.Add(ref _reassemblyBytes, delta);

    /// <summary>The listeners started so far.</summary>
    public IReadOnlyList<RpcListener> Listeners
    {
        get
        {
            lock (_lock)
            {
                return [.. _listeners];
            }
        }
    }

    internal ILogger Logger => Options.Logger;

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Serves <paramref name="uuid"/> v<paramref name="major"/>.<paramref name="minor"/>. Requests on a connection whose
    /// auth level is below <paramref name="minimumLevel"/> get fault 5 (MS-CMRP 2.1; refused as Samba dcesrv_core.c refuses). <paramref name="mode"/>
    /// says whether the dispatcher may run on the socket event thread (<see cref="RpcDispatchMode"/>).
    /// </summary>
    /// <remarks>
    /// <paramref name="maxUnauthenticatedRequestSize"/> bounds a reassembled request that arrives without authentication
    /// on an interface that allows that (<paramref name="minimumLevel"/> <see cref="RpcAuthLevel.None"/>); null means
    /// <see cref="RpcServerOptions.MaxUnauthenticatedRequestSize"/>. It never exceeds <see cref="RpcServerOptions.MaxRequestSize"/>.
    /// </remarks>
    public void RegisterInterface(
        Guid uuid, ushort major, ushort minor, IRpcDispatcher dispatcher, RpcAuthLevel minimumLevel, RpcDispatchMode mode = RpcDispatchMode.ThreadPool,
        int? maxUnauthenticatedRequestSize = null)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown dispatch mode");
        }

        if (maxUnauthenticatedRequestSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxUnauthenticatedRequestSize), maxUnauthenticatedRequestSize, "must be positive");
        }

        Register(SyntaxId.ForInterface(uuid, major, minor), dispatcher, minimumLevel, endpointMapperListener: false, mode, maxUnauthenticatedRequestSize);
    }

    /// <summary>
    /// Starts listening on <paramref name="address"/>:<paramref name="port"/> (0 picks a free port; see
    /// <see cref="RpcListener.Port"/>). An endpoint-mapper-only listener serves only the endpoint mapper and mgmt.
    /// </summary>
    public RpcListener Listen(IPAddress address, int port, bool endpointMapperOnly = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new RpcListener(socket, endpointMapperOnly);
        lock (_lock)
        {
            _listeners.Add(listener);
        }

        listener.AcceptLoop = Task.Run(() => AcceptLoopAsync(listener));
        Log.Listening(Logger, listener.LocalEndPoint, endpointMapperOnly ? " (endpoint mapper)" : string.Empty);
        return listener;
    }

    /// <summary>Stops the listeners, closes every connection (running down their context handles) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var l in Listeners)
        {
            l.Socket.Dispose();
            if (l.AcceptLoop is { } t)
            {
                await t.ConfigureAwait(false);
            }
        }

        foreach (var c in _connections.Keys)
        {
            c.Abort();
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        Warnings.Flush();
        Warnings.Dispose();
        AuthFailures.Flush();
        AuthFailures.Dispose();
        _stopping.Dispose();
    }

    internal bool TryGetInterface(SyntaxId abstractSyntax, bool endpointMapperOnly, out InterfaceRegistration registration)
    {
        if (_interfaces.TryGetValue((abstractSyntax.Uuid, abstractSyntax.MajorVersion), out registration!)
            && abstractSyntax.MinorVersion <= registration.Interface.MinorVersion
            && (!endpointMapperOnly || registration.ServedOnEndpointMapperListener))
        {
            return true;
        }

        registration = null!;
        return false;
    }

    /// <summary>Every registered interface, with the TCP ports that serve it.</summary>
    internal IEnumerable<(SyntaxId Interface, IPEndPoint EndPoint)> GetEndpoints()
    {
        var listeners = Listeners;
        foreach (var reg in _interfaces.Values.OrderBy(r => r.Order))
        {
            foreach (var l in listeners)
            {
                if (!l.EndpointMapperOnly || reg.ServedOnEndpointMapperListener)
                {
                    yield return (reg.Interface, l.LocalEndPoint);
                }
            }
        }
    }

    internal IEnumerable<SyntaxId> GetInterfaces(bool endpointMapperOnly) =>
        _interfaces.Values.Where(r => !endpointMapperOnly || r.ServedOnEndpointMapperListener).OrderBy(r => r.Order).Select(r => r.Interface);

    /// <summary>
    /// <see cref="GetInterfaces"/> as an array kept until the next registration: mgmt inq_if_ids asks on every call, and
    /// sorting the registrations each time was a visible share of that call (docs/benchmarks.md, "DCE/RPC layer").
    /// </summary>
    internal SyntaxId[] GetInterfaceArray(bool endpointMapperOnly)
    {
        int version = Volatile.Read(ref _interfaceVersion);
        var snapshot = Volatile.Read(ref _interfaceSnapshot);
        if (snapshot is null || snapshot.Version != version)
        {
            // A registration racing with this rebuild bumps the version again, so the next call rebuilds once more.
            snapshot = new InterfaceSnapshot(version, [.. GetInterfaces(false)], [.. GetInterfaces(true)]);
            Volatile.Write(ref _interfaceSnapshot, snapshot);
        }

        return endpointMapperOnly ? snapshot.EndpointMapperOnly : snapshot.All;
    }

    /// <summary>True when <paramref name="port"/> is an endpoint-mapper-only listener of this server.</summary>
    internal bool IsEndpointMapperPort(int port)
    {
        lock (_lock)
        {
            foreach (var l in _listeners)
            {
                if (l.EndpointMapperOnly && l.Port == port)
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal (long CallsIn, long CallsOut, long PacketsIn, long PacketsOut) Statistics =>
        (Interlocked.Read(ref _callsIn), Interlocked.Read(ref _callsIn), Interlocked.Read(ref _packetsIn), Interlocked.Read(ref _packetsOut));

    internal void CountCall() => Interlocked.Increment(ref _callsIn);

    internal void CountPacketIn() => Interlocked.Increment(ref _packetsIn);

    internal void CountPacketOut() => Interlocked.Increment(ref _packetsOut);

    /// <summary>
    /// Joins a known association group, or allocates a new non-zero one for 0. Unknown non-zero: null (bind_nak 0, Samba).
    /// The group's context handles are shared by every connection of the group and run down when the last one leaves
    /// (C706 ch. 6 association groups, MS-RPCE 3.3.1.5.2.2).
    /// </summary>
    internal AssociationGroup? JoinAssociationGroup(uint requested)
    {
        lock (_lock)
        {
            if (requested != 0)
            {
                if (!_assocGroups.TryGetValue(requested, out var known))
                {
                    return null;
                }

                known.Connections++;
                return known;
            }

            // Unpredictable, as Samba's: a peer that cannot guess another association's id cannot join it and keep its
            // context handles from being run down after their owner left (C706 ch. 6 rundown).
            uint id;
            do
            {
                id = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
            }
            while (_assocGroups.ContainsKey(id));

            var group = new AssociationGroup(id, new ContextHandleTable(Options.MaxContextHandlesPerConnection, Options.MaxContextHandlesBeforeAuthentication)) { Connections = 1 };
            _assocGroups.Add(id, group);
            return group;
        }
    }

    /// <summary>Leaves a group; the last connection out runs its context handles down.</summary>
    internal void LeaveAssociationGroup(AssociationGroup group, Action<Exception>? onRundownError)
    {
        lock (_lock)
        {
            if (--group.Connections > 0)
            {
                return;
            }

            _assocGroups.Remove(group.Id);
        }

        group.Handles.RunDown(onRundownError);
    }

    internal void Trace(string direction, string peer, ReadOnlySpan<byte> fragment)
    {
        if (Options.PduTrace is { } hook)
        {
            hook(PduTrace.Format(direction, peer, fragment));
        }
        else if (Logger.IsEnabled(LogLevel.Trace))
        {
            Log.Trace(Logger, PduTrace.Format(direction, peer, fragment));
        }
    }

    internal bool TraceEnabled => Options.PduTrace is not null || Logger.IsEnabled(LogLevel.Trace);

    private void Register(
        SyntaxId id, IRpcDispatcher dispatcher, RpcAuthLevel minimumLevel, bool endpointMapperListener, RpcDispatchMode mode, int? maxUnauthenticatedRequestSize = null)
    {
        int unauthenticatedLimit = Math.Min(maxUnauthenticatedRequestSize ?? Options.MaxUnauthenticatedRequestSize, Options.MaxRequestSize);
        var reg = new InterfaceRegistration(id, dispatcher, minimumLevel, endpointMapperListener, _interfaces.Count, mode, unauthenticatedLimit);
        if (!_interfaces.TryAdd((id.Uuid, id.MajorVersion), reg))
        {
            throw new InvalidOperationException($"Interface {id} is already registered.");
        }

        Interlocked.Increment(ref _interfaceVersion);
    }

    /// <summary>Counts a new connection against both limits, or names the one it would break.</summary>
    private string? TryAdmit(ConnectionSource source)
    {
        lock (_lock)
        {
            if (_connectionCount >= Options.MaxConnections)
            {
                Options.Metrics.ConnectionRefused(perSource: false);
                return $"MaxConnections {Options.MaxConnections} reached";
            }

            int fromSource = _perSource.GetValueOrDefault(source);
            if (fromSource >= Options.MaxConnectionsPerSource)
            {
                Options.Metrics.ConnectionRefused(perSource: true);
                return $"MaxConnectionsPerSource {Options.MaxConnectionsPerSource} reached";
            }

            _perSource[source] = fromSource + 1;
            _connectionCount++;
            return null;
        }
    }

    private void Release(ConnectionSource source)
    {
        lock (_lock)
        {
            _connectionCount--;
            if (_perSource.TryGetValue(source, out int n) && n > 1)
            {
                _perSource[source] = n - 1;
            }
            else
            {
                _perSource.Remove(source);
            }
        }
    }

    private async Task AcceptLoopAsync(RpcListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.Socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                Log.AcceptFailed(Logger, ex, listener.LocalEndPoint);
                continue;
            }

            var source = ConnectionSource.Of(socket.RemoteEndPoint);
            if (TryAdmit(source) is { } refusal)
            {
                // Refused before anything is read: no PDU is parsed and nothing is allocated for the peer. The warning
                // goes through the limiter, so a flood of refusals is a few lines with counts, not one line each.
                Interlocked.Increment(ref _refused);
                Warnings.Warn(refusal, source.ToString(), socket.RemoteEndPoint?.ToString() ?? "?", $"connection refused: {refusal}");
                socket.Dispose();
                continue;
            }

            RpcConnection connection;
            try
            {
                connection = new RpcConnection(this, socket, listener, source);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                // The peer went away between accept and setup (e.g. a reset): nothing to serve.
                Release(source);
                socket.Dispose();
                continue;
            }


            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = tcs.Task;
            Options.Metrics.ConnectionOpened();
            _ = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    Options.Metrics.ConnectionClosed();
                    Release(source);
                    _connections.TryRemove(connection, out _);
                    tcs.TrySetResult();
                }
            });
        }
    }
}

/// <summary>One listening TCP socket.</summary>
public sealed class RpcListener
{
    internal RpcListener(Socket socket, bool endpointMapperOnly)
    {
        Socket = socket;
        EndpointMapperOnly = endpointMapperOnly;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The bound port (the one picked when 0 was asked).</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>True when only the endpoint mapper and mgmt are served here.</summary>
    public bool EndpointMapperOnly { get; }

    internal Socket Socket { get; }

    internal Task? AcceptLoop { get; set; }
}

/// <summary>An association group: the connections that share context handles (MS-RPCE 3.3.1.5.2.2).</summary>
internal sealed class AssociationGroup(uint id, ContextHandleTable handles)
{
    public uint Id { get; } = id;

    public ContextHandleTable Handles { get; } = handles;

    /// <summary>Connections in the group; guarded by the server lock.</summary>
    public int Connections { get; set; }
}

internal sealed record InterfaceSnapshot(int Version, SyntaxId[] All, SyntaxId[] EndpointMapperOnly);

internal sealed record InterfaceRegistration(
    SyntaxId Interface, IRpcDispatcher Dispatcher, RpcAuthLevel MinimumLevel, bool ServedOnEndpointMapperListener, int Order, RpcDispatchMode Mode,
    int MaxUnauthenticatedRequestSize);
