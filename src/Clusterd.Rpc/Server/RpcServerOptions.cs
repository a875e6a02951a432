using Clusterd.Rpc.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.Rpc.Server;

/// <summary>Limits and collaborators of an <see cref="RpcServer"/>. Every limit violation gets the answer docs/hardening.md gives it.</summary>
public sealed record RpcServerOptions
{
    /// <summary>Concurrent connections over all listeners; more are closed at accept.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// Concurrent connections from one source over all listeners; more are closed at accept. A source is an IPv4
    /// address (an IPv4-mapped IPv6 address counts as its IPv4 address) or an IPv6 /64 prefix, the block one host is
    /// usually given. Together with <see cref="MaxConnections"/> it means one peer can never take every slot.
    /// </summary>
    public int MaxConnectionsPerSource { get; init; } = 64;

    /// <summary>
    /// How long a new connection has, from accept, to bind and, where a bound interface needs more than
    /// RPC_C_AUTHN_LEVEL_NONE, to complete an authentication; a deadline, not an idle timer: PDUs do not extend it.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Transport fragment limit: the cap of the negotiated max_xmit/max_recv (5840 as Samba/Windows, up to 65535)
    /// and the largest request fragment accepted (Samba dcesrv_core.c checks against this, not the negotiated size). bind/alter/auth3 may always be 65535.
    /// </summary>
    public ushort MaxFragmentSize { get; init; } = 5840;

    /// <summary>Largest reassembled request stub (MS-RPCE 3.3.3.5.4, Samba: 4 MiB); above it: fault 5 and disconnect.</summary>
    public int MaxRequestSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Open context handles per association group (the connections that share handles).</summary>
    public int MaxContextHandlesPerConnection { get; init; } = 4096;

    /// <summary>
    /// Of those, handles opened by calls without authentication (endpoint-mapper lookup handles, or any interface served
    /// at RPC_C_AUTHN_LEVEL_NONE); one more faults the call with nca_s_fault_remote_no_memory.
    /// </summary>
    public int MaxContextHandlesBeforeAuthentication { get; init; } = 16;

    /// <summary>Presentation contexts per connection; more get provider rejection local_limit_exceeded.</summary>
    public int MaxPresentationContexts { get; init; } = 64;

    /// <summary>A connection whose peer takes none of a response for this long (it stopped reading) is closed.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An authenticated connection with no complete fragment for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A connection that never authenticated (endpoint mapper and mgmt clients, or any interface served at
    /// RPC_C_AUTHN_LEVEL_NONE) with no complete fragment for this long is closed.
    /// </summary>
    public TimeSpan UnauthenticatedIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bind-time features acked (MS-RPCE 3.3.1.5.3): 0x01 security context multiplexing (several auth contexts per
    /// connection, up to <see cref="MaxAuthContexts"/>) and 0x02 keep-connection-on-orphan, as Windows and Samba.
    /// </summary>
    public ushort BindTimeFeatures { get; init; } = 0x03;

    /// <summary>
    /// Auth contexts one connection may create, each chosen by its auth_context_id (MS-RPCE 3.3.1.5.2.2). Windows 2012R2
    /// allows 2049 (raw_protocol test_multiple_auth_limit); one more is a protocol error and a disconnect.
    /// </summary>
    public int MaxAuthContexts { get; init; } = 2049;

    /// <summary>
    /// Auth contexts a connection may create before one of them has completed an authentication (an NTLM NEGOTIATE
    /// alone starts a context); one more is a protocol error and a disconnect. <see cref="MaxAuthContexts"/> applies once
    /// the peer has authenticated.
    /// </summary>
    public int MaxAuthContextsBeforeAuthentication { get; init; } = 8;

    /// <summary>
    /// Largest reassembled request of an interface that asked for no authentication (the endpoint mapper and mgmt, or
    /// any interface registered with <see cref="RpcAuthLevel.None"/> and no limit of its own): such calls are small,
    /// and anyone may send them. A request whose auth level is below its interface's minimum is refused when complete
    /// and its stub is never kept, whatever its size (only <see cref="MaxRequestSize"/> is checked on it).
    /// </summary>
    public int MaxUnauthenticatedRequestSize { get; init; } = 64 * 1024;

    /// <summary>Rate-limited warnings: at most this many detailed lines per <see cref="WarningInterval"/>, then one summary line with counts.</summary>
    public int WarningsPerInterval { get; init; } = 10;

    /// <summary>The window of <see cref="WarningsPerInterval"/>.</summary>
    public TimeSpan WarningInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of the connection deadlines and the warning windows.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Calls of one connection that may wait at the same time. On a connection that negotiated PFC_CONC_MPX, a call
    /// whose dispatcher does not complete at once (ApiGetNotifyV2 waiting for an event) is answered when it completes
    /// while the connection goes on reading and serving the calls after it (ApiUnblockGetNotifyCall for one), if its
    /// auth context protects each direction independently. With this many calls waiting, the next one holds the
    /// connection until it completes, as calls on a connection without PFC_CONC_MPX always do.
    /// </summary>
    public int MaxConcurrentCalls { get; init; } = 16;

    /// <summary>Creates an acceptor for an auth_type; null (or a null result) means the type is not supported (bind_nak 8).</summary>
    public Func<RpcAuthType, IRpcSecurityContext?>? AcceptorFactory { get; init; }

    /// <summary>Where connections, authentication failures and calls are counted (docs/metrics.md).</summary>
    public RpcMetrics Metrics { get; init; } = RpcMetrics.Shared;

    /// <summary>Logger for connection events and violations.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// Logger of the audit trail: authentication failures, rate-limited with counts per account and source
    /// (<see cref="WarningsPerInterval"/> lines a <see cref="WarningInterval"/>, then one summary). Null: <see cref="Logger"/>.
    /// </summary>
    public ILogger? AuditLogger { get; init; }

    /// <summary>
    /// <c>--trace-pdu</c>: receives a hex dump of every fragment in both directions. When null, dumps go to
    /// <see cref="Logger"/> at Trace level if that level is enabled.
    /// </summary>
    public Action<string>? PduTrace { get; init; }

    /// <summary>Register the endpoint mapper (e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0) on this server.</summary>
    public bool EnableEndpointMapper { get; init; } = true;

    /// <summary>Register the mgmt interface (afa8bd80-7d8a-11c9-bef4-08002b102989 v1.0) on this server.</summary>
    public bool EnableManagement { get; init; } = true;

    /// <summary>Answer of mgmt inq_princ_name.</summary>
    public string PrincipalName { get; init; } = string.Empty;
}
