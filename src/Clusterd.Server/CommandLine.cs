using System.Globalization;
using System.Net;
using Clusterd.Cluster.Engine;

namespace Clusterd.Server;

/// <summary>What the command line asks for.</summary>
internal enum CommandLineAction
{
    /// <summary>Run the server with <see cref="CommandLineResult.Options"/>.</summary>
    Run,

    /// <summary>Print the usage and exit 0.</summary>
    Help,

    /// <summary>Print the version and exit 0.</summary>
    Version,

    /// <summary>Print <see cref="CommandLineResult.Error"/> and exit <see cref="CommandLine.UsageExitCode"/>.</summary>
    Error,
}

/// <summary>The outcome of parsing the command line.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Options">The options when <paramref name="Action"/> is <see cref="CommandLineAction.Run"/>.</param>
/// <param name="Error">The reason when <paramref name="Action"/> is <see cref="CommandLineAction.Error"/>.</param>
internal sealed record CommandLineResult(CommandLineAction Action, ServerOptions? Options, string? Error);

/// <summary>
/// The hand-written command-line parser: <c>--name value</c> or <c>--name=value</c>, every option at most once,
/// no positional arguments. Every bad input has a message naming the option.
/// </summary>
internal static class CommandLine
{
    /// <summary>Exit code for a bad command line (as sysexits' EX_USAGE is too exotic, the common 2).</summary>
    public const int UsageExitCode = 2;

    private static readonly HashSet<string> s_flags = new(StringComparer.Ordinal)
    {
        "--emulator", "--admin-allow-remote", "--trace-pdu", "--allow-insecure", "--help", "-h", "--version",
    };

    private static readonly HashSet<string> s_valued = new(StringComparer.Ordinal)
    {
        "--data-dir", "--config", "--admin-urls", "--profile", "--local-node",
        "--listen", "--port", "--epm-port", "--accounts", "--socket-completions",
        "--max-connections", "--max-connections-per-source", "--handshake-timeout", "--idle-timeout", "--unauthenticated-idle-timeout",
    };

    /// <summary>The usage text of <c>--help</c>.</summary>
    public const string Usage = """
        Usage: clusterd [options]

        Clusterd: a Windows Server Failover Cluster management service (MS-CMRP) centred on
        Cluster Shared Volumes and their backup state.

        Options:
          --data-dir DIR        Data directory (default: ./clusterd-data; created if missing).
                                One server at a time may use a data directory.
          --config FILE         Topology JSON that seeds an empty database (default: the
                                embedded lab topology: CLUSTER1, node1..node3, two CSVs).
          --admin-urls URLS     Admin HTTP endpoint(s), separated by ';' (default:
                                http://127.0.0.1:8135). Port 0 picks a free port.
          --admin-allow-remote  Allow non-loopback admin addresses.
          --profile NAME        CSV behaviour: Spec (MS-CMRP as written, default) or
                                WS2012Plus (Windows Server 2012 and later).
          --local-node NAME     The node this server speaks for (default: the first node).
          --emulator            Emulator mode: virtual clock, fault injection and the
                                /admin routes (never on a production server).
          --listen ADDR         Address of the RPC listeners (default: 127.0.0.1).
          --port N              ClusAPI TCP port (default: 0, any free port).
          --epm-port N          Endpoint mapper TCP port (default: 135).
          --accounts FILE       NTLM accounts, one user:password or user:NT-hash per line.
          --allow-insecure      Accept unauthenticated and unsealed ClusAPI calls (local
                                experiments only).
          --trace-pdu           Hex-dump every DCE/RPC fragment to the log.
          --socket-completions inline|pool
                                Run socket completions on the socket engine's event
                                threads (default: inline; ClusAPI calls still run on
                                the thread pool) or hand each to the thread pool.
          --max-connections N   RPC connections over both ports (default: 1024).
          --max-connections-per-source N
                                RPC connections from one IPv4 address or IPv6 /64
                                (default: 64).
          --handshake-timeout S Seconds a new RPC connection has to bind and, where its
                                interface needs it, authenticate (default: 10).
          --idle-timeout S      Seconds of silence before an authenticated RPC
                                connection is closed (default: 900).
          --unauthenticated-idle-timeout S
                                The same for a connection that never authenticated,
                                e.g. an endpoint mapper client (default: 60).
          --help, -h            Show this text.
          --version             Show the version.

        Exit codes: 0 stopped cleanly, 1 runtime failure (e.g. data directory in use),
        2 bad command line or configuration.
        """;

    /// <summary>Parses <paramref name="args"/>; relative paths are taken from <paramref name="workingDirectory"/>.</summary>
    public static CommandLineResult Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
            }

            if (s_flags.Contains(name))
            {
                if (value is not null)
                {
                    return Fail($"option {name} takes no value");
                }
            }
            else if (s_valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        return Fail($"option {name} needs a value");
                    }
                    value = args[++i];
                }
            }
            else
            {
                return Fail(name.StartsWith('-') ? $"unknown option '{name}'" : $"unexpected argument '{name}'");
            }

            if (!values.TryAdd(name == "-h" ? "--help" : name, value))
            {
                return Fail($"option {name} given more than once");
            }
        }

        if (values.ContainsKey("--help"))
        {
            return new CommandLineResult(CommandLineAction.Help, null, null);
        }
        if (values.ContainsKey("--version"))
        {
            return new CommandLineResult(CommandLineAction.Version, null, null);
        }

        try
        {
            return new CommandLineResult(CommandLineAction.Run, Build(values, workingDirectory), null);
        }
        catch (FormatException e)
        {
            return Fail(e.Message);
        }
    }

    private static CommandLineResult Fail(string message) => new(CommandLineAction.Error, null, message);

    private static ServerOptions Build(Dictionary<string, string?> values, string workingDirectory)
    {
        string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
        var allowRemote = values.ContainsKey("--admin-allow-remote");
        var endpoints = ParseAdminUrls(Get("--admin-urls") ?? ServerOptions.DefaultAdminUrls, allowRemote);
        return new ServerOptions
        {
            DataDirectory = FullPath("--data-dir", Get("--data-dir") ?? ServerOptions.DefaultDataDirectory, workingDirectory),
            TopologyFile = Get("--config") is { } config ? ExistingFile("--config", config, workingDirectory) : null,
            AdminEndpoints = endpoints,
            AdminAllowRemote = allowRemote,
            Profile = Get("--profile") is { } profile ? ParseProfile(profile) : CsvProfile.Spec,
            LocalNode = Get("--local-node") is { } node ? NonEmpty("--local-node", node) : null,
            Emulator = values.ContainsKey("--emulator"),
            Rpc = new RpcListenerOptions
            {
                Listen = Get("--listen") is { } listen ? ParseAddress(listen) : IPAddress.Loopback,
                Port = Get("--port") is { } port ? ParsePort("--port", port) : 0,
                EpmPort = Get("--epm-port") is { } epm ? ParsePort("--epm-port", epm) : RpcListenerOptions.DefaultEpmPort,
                AccountsFile = Get("--accounts") is { } accounts ? ExistingFile("--accounts", accounts, workingDirectory) : null,
                AllowInsecure = values.ContainsKey("--allow-insecure"),
                TracePdu = values.ContainsKey("--trace-pdu"),
                InlineSocketCompletions = Get("--socket-completions") is not { } completions || ParseCompletions(completions),
                MaxConnections = Get("--max-connections") is { } max ? ParseCount("--max-connections", max) : RpcListenerOptions.Defaults.MaxConnections,
                MaxConnectionsPerSource = Get("--max-connections-per-source") is { } perSource
                    ? ParseCount("--max-connections-per-source", perSource) : RpcListenerOptions.Defaults.MaxConnectionsPerSource,
                HandshakeTimeout = Get("--handshake-timeout") is { } handshake ? ParseSeconds("--handshake-timeout", handshake) : RpcListenerOptions.Defaults.HandshakeTimeout,
                IdleTimeout = Get("--idle-timeout") is { } idle ? ParseSeconds("--idle-timeout", idle) : RpcListenerOptions.Defaults.IdleTimeout,
                UnauthenticatedIdleTimeout = Get("--unauthenticated-idle-timeout") is { } unauthIdle
                    ? ParseSeconds("--unauthenticated-idle-timeout", unauthIdle) : RpcListenerOptions.Defaults.UnauthenticatedIdleTimeout,
            },
        };
    }

    private static string NonEmpty(string option, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{option}: the value is empty") : value;

    private static string FullPath(string option, string path, string workingDirectory)
    {
        NonEmpty(option, path);
        try
        {
            return Path.GetFullPath(path, workingDirectory);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{option}: not a valid path '{path}': {e.Message}", e);
        }
    }

    private static string ExistingFile(string option, string path, string workingDirectory)
    {
        var full = FullPath(option, path, workingDirectory);
        return File.Exists(full) ? full : throw new FormatException($"{option}: file not found: {full}");
    }

    private static bool ParseCompletions(string value) => value switch
    {
        "inline" => true,
        "pool" => false,
        _ => throw new FormatException($"--socket-completions: '{value}' is not inline or pool"),
    };

    private static CsvProfile ParseProfile(string value) => value.ToUpperInvariant() switch
    {
        "SPEC" => CsvProfile.Spec,
        "WS2012PLUS" => CsvProfile.WS2012Plus,
        _ => throw new FormatException($"--profile: '{value}' is not a profile (Spec or WS2012Plus)"),
    };

    /// <summary>A positive count up to 1,000,000.</summary>
    private static int ParseCount(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000
            ? n
            : throw new FormatException($"{option}: '{value}' is not a count (1-1000000)");

    /// <summary>Whole seconds, 1 to 86400 (a day): longer would only hold a peer's resources longer.</summary>
    private static TimeSpan ParseSeconds(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 86_400
            ? TimeSpan.FromSeconds(n)
            : throw new FormatException($"{option}: '{value}' is not a number of seconds (1-86400)");

    private static int ParsePort(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort
            ? port
            : throw new FormatException($"{option}: '{value}' is not a TCP port (0-65535)");

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value, out var address)
            ? Unmapped(address)
            : throw new FormatException($"--listen: '{value}' is not an IP address");

    /// <summary>
    /// ::ffff:a.b.c.d names the IPv4 address a.b.c.d: an IPv6 listening socket cannot bind it (EINVAL), the IPv4 address
    /// itself can, so that is what a listener gets.
    /// </summary>
    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Parses the <c>--admin-urls</c> list: http only, an IP address or <c>localhost</c>, no path.</summary>
    public static IReadOnlyList<AdminEndpoint> ParseAdminUrls(string value, bool allowRemote)
    {
        var parts = value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("--admin-urls: no URL given");
        }
        var endpoints = new List<AdminEndpoint>();
        foreach (var part in parts)
        {
            var endpoint = ParseAdminUrl(part);
            if (!endpoint.IsLoopback && !allowRemote)
            {
                throw new FormatException(
                    $"--admin-urls: '{part}' is not a loopback address; the admin API has no authentication, " +
                    "add --admin-allow-remote to expose it anyway");
            }
            endpoints.Add(endpoint);
        }
        return endpoints;
    }

    private static AdminEndpoint ParseAdminUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"--admin-urls: '{url}' is not a URL (example: http://127.0.0.1:8135)");
        }
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new FormatException($"--admin-urls: '{url}': only http:// is supported");
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length != 0 || uri.Fragment.Length != 0 || uri.UserInfo.Length != 0)
        {
            throw new FormatException($"--admin-urls: '{url}': give only scheme, host and port");
        }
        IPAddress? address = null;
        if (!string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out address))
        {
            throw new FormatException($"--admin-urls: '{url}': the host must be an IP address or localhost");
        }
        if (address is not null)
        {
            address = Unmapped(address);
        }
        if (address is null && uri.Port == 0)
        {
            throw new FormatException($"--admin-urls: '{url}': port 0 needs an IP address (e.g. http://127.0.0.1:0)");
        }
        return new AdminEndpoint(url.TrimEnd('/'), address, uri.Port);
    }
}
