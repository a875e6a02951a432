using System.Net.Sockets;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Security;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Server.Faults;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server;

/// <summary>
/// The DCE/RPC side of clusterd: the ClusAPI endpoint (MS-CMRP over ncacn_ip_tcp) on --listen:--port and the endpoint
/// mapper on --listen:--epm-port. MS-CMRP 2.1: ClusAPI 3.0 clients use RPC_C_AUTHN_LEVEL_PKT_PRIVACY, and the server
/// refuses lower levels (fault 5 on the request); --allow-insecure lowers the requirement to none for local experiments.
/// </summary>
internal static class RpcEndpoints
{
    /// <summary>Starts the RPC server; null (after logging why) when the ClusAPI endpoint cannot be opened.</summary>
    public static RpcServer? Start(ServerOptions options, ClusterHost host, ILoggerFactory loggers, ILogger log)
    {
        var rpc = options.Rpc;
        NtlmAccountStore? accounts = null;
        if (rpc.AccountsFile is { } file)
        {
            try
            {
                accounts = NtlmAccountStore.Load(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or UnauthorizedAccessException)
            {
                Log.BadConfiguration(log, $"--accounts {file}: {e.Message}");
                return null;
            }
        }
        var level = rpc.AllowInsecure ? RpcAuthLevel.None : RpcAuthLevel.Privacy;
        if (accounts is null)
        {
            Log.NoAccounts(log);
        }
        else
        {
            Log.Accounts(log, accounts.Count, rpc.AccountsFile!, rpc.AllowInsecure ? "no authentication (--allow-insecure)" : "packet privacy (sealed)");
        }
        if (rpc.AllowInsecure)
        {
            Log.Insecure(log);
        }
        // The cluster security descriptor names these accounts (docs/authorization.md); the database gets the initial
        // one (every account "All", and the unauthenticated caller under --allow-insecure) unless it holds one already.
        var clusterAccounts = new ClusterAccounts(accounts?.AccountNames ?? [], rpc.AllowInsecure);
        var initial = clusterAccounts.DefaultDescriptor();
        if (host.Topology.Access.Count > 0)
        {
            // The topology's access list replaces the default, checked as a change over the wire is: every user an
            // account or a well-known SID (ERROR_NONE_MAPPED), someone left with "All" (ERROR_LAST_ADMIN).
            initial = new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem, [.. host.Topology.Access.Select(a => new ClusterAce(
                a.Type == "Deny" ? ClusterAceType.Deny : ClusterAceType.Allow, a.Rights == "Read" ? ClusterAccessRights.Read : ClusterAccessRights.All,
                Sid.Resolve(a.User)))]);
            var valid = clusterAccounts.Validate(initial.Encode(), out _);
            if (valid != Win32Error.Success)
            {
                Log.BadConfiguration(log, $"the topology's access list: {Win32ErrorInfo.Describe(valid)}");
                return null;
            }
        }
        var seeded = host.SeedSecurity(initial.Encode(), clusterAccounts.AccountNamesOf(initial));
        if (seeded != Win32Error.Success)
        {
            Log.BadConfiguration(log, $"cannot store the initial cluster security descriptor: {Win32ErrorInfo.Describe(seeded)}");
            return null;
        }
        var clusterName = host.Use(e => e.Queries.GetClusterInfo().Name);
        var acceptorOptions = accounts is null ? null : new NtlmAcceptorOptions
        {
            Accounts = accounts,
            NetBiosComputerName = clusterName.Length is > 0 and <= 15 ? clusterName.ToUpperInvariant() : "CLUSTERD",
        };
        var server = new RpcServer(new RpcServerOptions
        {
            AcceptorFactory = acceptorOptions is null ? null : type => RpcSecurityProviders.CreateAcceptor(type, acceptorOptions),
            Logger = loggers.CreateLogger("Clusterd.Rpc"),
            AuditLogger = loggers.CreateLogger(ClusApiService.AuditCategory),
            PduTrace = rpc.TracePdu ? dump => Log.Pdu(log, dump) : null,
            MaxConnections = rpc.MaxConnections,
            MaxConnectionsPerSource = rpc.MaxConnectionsPerSource,
            HandshakeTimeout = rpc.HandshakeTimeout,
            IdleTimeout = rpc.IdleTimeout,
            UnauthenticatedIdleTimeout = rpc.UnauthenticatedIdleTimeout,

            // --allow-insecure serves ClusAPI without authentication, so its callers get what authenticated ones get.
            MaxContextHandlesBeforeAuthentication = rpc.AllowInsecure
                ? RpcListenerOptions.Defaults.MaxContextHandlesPerConnection : RpcListenerOptions.Defaults.MaxContextHandlesBeforeAuthentication,
        });
        // Emulator mode: the wire fault rules of the admin API sit in front of the service (Faults/WireFaultDispatcher).
        IRpcInlineDispatcher clusApi = new ClusApiService(host, clusterAccounts, loggers.CreateLogger(ClusApiService.AuditCategory));
        if (host.WireFaults is { } faults)
        {
            clusApi = new WireFaultDispatcher(clusApi, faults, TimeProvider.System, log);
        }
        server.RegisterInterface(
            ClusApiService.InterfaceUuid, ClusApiService.MajorVersion, ClusApiService.MinorVersion, clusApi, level,
            maxUnauthenticatedRequestSize: rpc.AllowInsecure ? server.Options.MaxRequestSize : null);
        try
        {
            var listener = server.Listen(rpc.Listen, rpc.Port);
            Log.ClusApiListening(log, rpc.Listen.ToString(), listener.Port);
            Log.SocketCompletions(log, SocketCompletions.Describe());
            var o = server.Options;
            Log.RpcLimits(
                log, o.MaxConnections, o.MaxConnectionsPerSource, o.HandshakeTimeout.TotalSeconds, o.IdleTimeout.TotalSeconds,
                o.UnauthenticatedIdleTimeout.TotalSeconds, o.MaxRequestSize / 1024, o.MaxUnauthenticatedRequestSize / 1024,
                o.MaxAuthContexts, o.MaxAuthContextsBeforeAuthentication, o.MaxContextHandlesPerConnection, o.MaxContextHandlesBeforeAuthentication);
        }
        catch (SocketException e)
        {
            Log.ClusApiListenFailed(log, rpc.Listen.ToString(), rpc.Port, e.Message);
            _ = server.DisposeAsync().AsTask();
            return null;
        }
        try
        {
            var epm = server.Listen(rpc.Listen, rpc.EpmPort, endpointMapperOnly: true);
            Log.EndpointMapperListening(log, rpc.Listen.ToString(), epm.Port);
        }
        catch (SocketException e)
        {
            // Port 135 needs privilege and may be taken: serve ClusAPI anyway.
            Log.EndpointMapperUnavailable(log, rpc.Listen.ToString(), rpc.EpmPort, e.Message);
        }
        return server;
    }
}
