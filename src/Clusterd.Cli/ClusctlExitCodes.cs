using Clusterd.ClusApi;
using Clusterd.CommandLine;

namespace Clusterd.Cli;

/// <summary>clusctl's exit codes (README.md, "Exit codes"; <c>clusctl --help</c>): the shared <see cref="ExitCodes"/> and its own.</summary>
internal static class ClusctlExitCodes
{
    public const int Success = ExitCodes.Success;

    /// <summary>Any other Win32 error the cluster answered, or an unexpected failure.</summary>
    public const int Failure = ExitCodes.Failure;

    /// <summary>A bad command line (System.CommandLine's parse errors too), or missing connection settings.</summary>
    public const int Usage = ExitCodes.Usage;

    /// <summary>No such node, group, resource, volume ...</summary>
    public const int NotFound = 3;

    /// <summary>Access denied, or the credentials were refused.</summary>
    public const int AccessDenied = 4;

    /// <summary>Nothing answers there, or what answers is not a cluster service.</summary>
    public const int Unreachable = 5;

    /// <summary>Ctrl-C (SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM.</summary>
    public const int Terminated = 143;

    /// <summary>The exit code documented for <paramref name="error"/>.</summary>
    public static int Of(Win32Error error) => error switch
    {
        Win32Error.ResourceNotFound or Win32Error.GroupNotFound or Win32Error.ClusterNodeNotFound or Win32Error.ClusterResNameNotFound
            or Win32Error.ClusterNetworkNotFound or Win32Error.ClusterNetInterfaceNotFound or Win32Error.ClusterResourceTypeNotFound
            or Win32Error.GroupsetNotFound or Win32Error.DependencyNotFound => NotFound,
        Win32Error.AccessDenied or Win32Error.LogonFailure => AccessDenied,
        Win32Error.RpcServerUnavailable or Win32Error.RpcProtocolError or Win32Error.RpcUnknownInterface or Win32Error.RpcCallFailed
            or Win32Error.RpcUnsupportedAuthnLevel or Win32Error.RpcSecurityPackageError or Win32Error.RpcProcnumOutOfRange
            or Win32Error.ConnectionRefused => Unreachable,
        _ => Failure,
    };

    /// <summary>The table in <c>--help</c> and README.md.</summary>
    public const string Help = """
        Exit codes:
          0    success
          1    any other error the cluster answered (e.g. ERROR_CLUSTER_BACKUP_IN_PROGRESS), or an unexpected failure
          2    usage: a bad command line, or no cluster, user or password given
          3    not found: ERROR_RESOURCE_NOT_FOUND, ERROR_GROUP_NOT_FOUND, ERROR_CLUSTER_NODE_NOT_FOUND,
               ERROR_CLUSTER_RESNAME_NOT_FOUND, ...
          4    access denied: ERROR_ACCESS_DENIED, ERROR_LOGON_FAILURE (wrong user or password)
          5    unreachable or not a cluster service: RPC_S_SERVER_UNAVAILABLE, RPC_S_PROTOCOL_ERROR, RPC_S_UNKNOWN_IF,
               RPC_S_CALL_FAILED, RPC_S_UNSUPPORTED_AUTHN_LEVEL, RPC_S_SEC_PKG_ERROR
          130  interrupted (Ctrl-C); 143 on SIGTERM
        An error is one line on stderr: "clusctl: NAME (CODE): meaning (context)"; --debug adds the stack trace.
        """;
}
