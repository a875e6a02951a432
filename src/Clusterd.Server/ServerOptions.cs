using System.Net;
using Clusterd.Cluster.Engine;

namespace Clusterd.Server;

/// <summary>Everything the command line decides for one run of the server.</summary>
internal sealed record ServerOptions
{
    /// <summary>The default admin endpoint: loopback only.</summary>
    public const string DefaultAdminUrls = "http://127.0.0.1:8135";

    /// <summary>The default data directory, relative to the working directory.</summary>
    public const string DefaultDataDirectory = "clusterd-data";

    /// <summary>The data directory (absolute); created by the store if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The topology file that seeds an empty database, or null for the embedded default.</summary>
    public string? TopologyFile { get; init; }

    /// <summary>Where the admin HTTP endpoint listens.</summary>
    public required IReadOnlyList<AdminEndpoint> AdminEndpoints { get; init; }

    /// <summary>Whether non-loopback admin addresses were allowed explicitly.</summary>
    public bool AdminAllowRemote { get; init; }

    /// <summary>
    /// --admin-token-file: the file holding the admin API's bearer token (absolute), or null for no token (loopback
    /// only). With a token, every admin route except <c>/health</c> needs <c>Authorization: Bearer TOKEN</c>.
    /// </summary>
    public string? AdminTokenFile { get; init; }

    /// <summary>The CSV profile of the engine.</summary>
    public CsvProfile Profile { get; init; } = CsvProfile.Spec;

    /// <summary>The node this server speaks for, or null for the first node.</summary>
    public string? LocalNode { get; init; }

    /// <summary>Emulator mode: virtual clock and the fault-injection admin routes.</summary>
    public bool Emulator { get; init; }

    /// <summary>Settings of the RPC listeners (endpoint mapper and ClusApi).</summary>
    public RpcListenerOptions Rpc { get; init; } = new();

    /// <summary>--store: where the cluster database lives.</summary>
    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>--etcd-endpoints: the etcd members (with <see cref="StoreKind.Etcd"/>).</summary>
    public IReadOnlyList<Uri> EtcdEndpoints { get; init; } = [];

    /// <summary>--etcd-prefix: the key prefix of this cluster in etcd.</summary>
    public string EtcdPrefix { get; init; } = Clusterd.Store.Etcd.EtcdLayout.DefaultPrefix;

    /// <summary>--same-subnet-delay: the heartbeat period (SameSubnetDelay), the lease keep-alive period.</summary>
    public TimeSpan SameSubnetDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>--same-subnet-threshold: missed heartbeats before a node is Down (SameSubnetThreshold).</summary>
    public int SameSubnetThreshold { get; init; } = 5;

    /// <summary>--otlp-endpoint: where metrics are also pushed over OTLP, or null (off, the default).</summary>
    public Uri? OtlpEndpoint { get; init; }
}

/// <summary>The values of <c>--store</c>.</summary>
internal enum StoreKind
{
    /// <summary>One machine: SQLite in the data directory (the embedded default).</summary>
    Sqlite,

    /// <summary>One clusterd per node sharing the cluster database in etcd (docs/multi-node.md).</summary>
    Etcd,
}

/// <summary>One admin endpoint address.</summary>
/// <param name="Url">The URL as given (normalised: no trailing slash).</param>
/// <param name="Address">The IP address, or null for <c>localhost</c>.</param>
/// <param name="Port">The TCP port; 0 asks the OS for a free one (only with an IP address).</param>
internal sealed record AdminEndpoint(string Url, IPAddress? Address, int Port)
{
    /// <summary>Whether the endpoint is reachable only from this machine.</summary>
    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);
}

/// <summary>
/// Settings of the DCE/RPC listeners (endpoint mapper and the ClusApi endpoint), used by <see cref="RpcEndpoints"/>.
/// </summary>
internal sealed record RpcListenerOptions
{
    /// <summary>Default endpoint mapper port (MS-RPCE 2.1.1.1).</summary>
    public const int DefaultEpmPort = 135;

    /// <summary>The address the RPC listeners bind.</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    /// <summary>The ClusApi endpoint's TCP port; 0 lets the OS choose (clients find it through the endpoint mapper).</summary>
    public int Port { get; init; }

    /// <summary>The endpoint mapper's TCP port.</summary>
    public int EpmPort { get; init; } = DefaultEpmPort;

    /// <summary>The accounts file for NTLM authentication, or null.</summary>
    public string? AccountsFile { get; init; }

    /// <summary>Accept unauthenticated or unsealed connections.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>Hex-dump every fragment to the log.</summary>
    public bool TracePdu { get; init; }

    /// <summary>
    /// --socket-completions: inline (true, default) runs socket completions on the socket engine's event threads, the
    /// endpoint mapper and mgmt there too, and ClusAPI calls on the thread pool (Clusterd.Rpc.Server.SocketCompletions).
    /// </summary>
    public bool InlineSocketCompletions { get; init; } = true;

    /// <summary>The DCE/RPC layer's defaults, which the options below start from.</summary>
    public static readonly Clusterd.Rpc.Server.RpcServerOptions Defaults = new();

    /// <summary>--max-connections: connections over both RPC ports.</summary>
    public int MaxConnections { get; init; } = Defaults.MaxConnections;

    /// <summary>--max-connections-per-source: connections from one IPv4 address or IPv6 /64.</summary>
    public int MaxConnectionsPerSource { get; init; } = Defaults.MaxConnectionsPerSource;

    /// <summary>--handshake-timeout: time from accept to a completed bind and authentication.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = Defaults.HandshakeTimeout;

    /// <summary>--idle-timeout: silence allowed on an authenticated connection.</summary>
    public TimeSpan IdleTimeout { get; init; } = Defaults.IdleTimeout;

    /// <summary>--unauthenticated-idle-timeout: silence allowed on a connection that never authenticated.</summary>
    public TimeSpan UnauthenticatedIdleTimeout { get; init; } = Defaults.UnauthenticatedIdleTimeout;
}
