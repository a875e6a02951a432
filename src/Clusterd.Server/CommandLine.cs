using System.CommandLine;
using System.Globalization;
using System.Net;
using Clusterd.Cluster.Engine;
using Clusterd.CommandLine;

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

    /// <summary><c>clusterd scenario run FILE...</c>: run <see cref="CommandLineResult.ScenarioFiles"/> (docs/scenarios.md).</summary>
    ScenarioRun,
}

/// <summary>The outcome of parsing the command line.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Options">The options when <paramref name="Action"/> is <see cref="CommandLineAction.Run"/>.</param>
/// <param name="Error">The reason when <paramref name="Action"/> is <see cref="CommandLineAction.Error"/>.</param>
/// <param name="ScenarioFiles">The scenario files (full paths) when <paramref name="Action"/> is <see cref="CommandLineAction.ScenarioRun"/>.</param>
internal sealed record CommandLineResult(CommandLineAction Action, ServerOptions? Options, string? Error, IReadOnlyList<string>? ScenarioFiles = null);

/// <summary>
/// <c>clusterd</c>'s command line on System.CommandLine, with the rules of <see cref="CliRoot"/>: <c>--name value</c> or
/// <c>--name=value</c>, every option at most once, no positional arguments. Every bad input has a message naming the option.
/// </summary>
internal static class CommandLine
{
    /// <summary>Exit code for a bad command line or configuration.</summary>
    public const int UsageExitCode = ExitCodes.Usage;

    /// <summary>The usage text of <c>--help</c>, generated from the options.</summary>
    public static string Usage => new Definition(Environment.CurrentDirectory).Root.HelpText;

    /// <summary>Parses <paramref name="args"/>; relative paths are taken from <paramref name="workingDirectory"/>.</summary>
    public static CommandLineResult Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        var definition = new Definition(workingDirectory);
        var parsed = definition.Root.Parse(args);
        if (parsed.Action == CliAction.Run && definition.Scenario(parsed.Result!, args) is { } scenario)
        {
            return scenario;
        }
        return parsed.Action switch
        {
            CliAction.Run => Checked(definition.Bind(parsed.Result!)),
            CliAction.Help => new CommandLineResult(CommandLineAction.Help, null, null),
            CliAction.Version => new CommandLineResult(CommandLineAction.Version, null, null),
            _ => new CommandLineResult(CommandLineAction.Error, null, parsed.Error),
        };
    }

    /// <summary>The rules between options: --store etcd needs its endpoints and the node's name, and no emulator.</summary>
    private static CommandLineResult Checked(ServerOptions options)
    {
        string? error = null;
        if (options.Store == StoreKind.Etcd)
        {
            if (options.EtcdEndpoints.Count == 0)
            {
                error = "--store etcd needs --etcd-endpoints";
            }
            else if (options.LocalNode is null)
            {
                error = "--store etcd needs --local-node: the node this clusterd runs as";
            }
            else if (options.Emulator)
            {
                error = "--emulator runs a one-process cluster on a virtual clock; it cannot be combined with --store etcd";
            }
        }
        else if (options.EtcdEndpoints.Count != 0)
        {
            error = "--etcd-endpoints is used only with --store etcd";
        }
        return error is null
            ? new CommandLineResult(CommandLineAction.Run, options, null)
            : new CommandLineResult(CommandLineAction.Error, null, error);
    }

    /// <summary>The options, in help-text order; relative paths resolve against the working directory given.</summary>
    private sealed class Definition
    {
        public readonly CliRoot Root = new(
            "clusterd",
            "Clusterd: a Windows Server Failover Cluster management service (MS-CMRP) centred on Cluster Shared Volumes " +
            "and their backup state.",
            "Exit codes: 0 stopped cleanly, 1 runtime failure (e.g. data directory in use), 2 bad command line or configuration.");

        private readonly Command _scenarioCommand = new(
            "scenario",
            "'clusterd scenario run FILE...' runs scenario files, each on a fresh in-memory cluster, and reports every step " +
            "(docs/scenarios.md). Exit codes: 0 all passed, 1 a scenario failed, 2 a malformed file.");
        private readonly Command _scenarioRun = new("run", "Run scenario files, each on a fresh in-memory cluster.");
        private readonly Argument<string[]> _scenarioFiles = new("FILE") { Arity = ArgumentArity.OneOrMore };
        private readonly string _workingDirectory;

        private readonly Option<string> _dataDir;
        private readonly Option<string?> _config;
        private readonly Option<IReadOnlyList<AdminEndpoint>> _adminUrls;
        private readonly Option<bool> _adminAllowRemote;
        private readonly Option<string?> _adminTokenFile;
        private readonly Option<CsvProfile> _profile;
        private readonly Option<string?> _localNode;
        private readonly Option<bool> _emulator;
        private readonly Option<IPAddress> _listen;
        private readonly Option<int> _port;
        private readonly Option<int> _epmPort;
        private readonly Option<string?> _accounts;
        private readonly Option<bool> _allowInsecure;
        private readonly Option<bool> _tracePdu;
        private readonly Option<SocketCompletionMode> _socketCompletions;
        private readonly Option<int> _maxConnections;
        private readonly Option<int> _maxConnectionsPerSource;
        private readonly Option<TimeSpan> _handshakeTimeout;
        private readonly Option<TimeSpan> _idleTimeout;
        private readonly Option<TimeSpan> _unauthenticatedIdleTimeout;
        private readonly Option<StoreKind> _store;
        private readonly Option<IReadOnlyList<Uri>> _etcdEndpoints;
        private readonly Option<string> _etcdPrefix;
        private readonly Option<TimeSpan> _sameSubnetDelay;
        private readonly Option<int> _sameSubnetThreshold;
        private readonly Option<Uri?> _otlpEndpoint;

        public Definition(string workingDirectory)
        {
            _workingDirectory = workingDirectory;
            _scenarioRun.Arguments.Add(_scenarioFiles);
            _scenarioCommand.Subcommands.Add(_scenarioRun);
            Root.Command.Subcommands.Add(_scenarioCommand);
            // Nothing is invoked (CliRoot), but a command with subcommands and no action makes System.CommandLine
            // require a subcommand: plain 'clusterd' runs the server, and 'clusterd scenario' gets its own message.
            Root.Command.SetAction(_ => { });
            _scenarioCommand.SetAction(_ => { });
            _dataDir = Root.Add(CliOptions.Value(
                "--data-dir", "DIR",
                $"Data directory (default: ./{ServerOptions.DefaultDataDirectory}; created if missing). One server at a time may use a data directory.",
                v => FullPath("--data-dir", v, workingDirectory),
                () => FullPath("--data-dir", ServerOptions.DefaultDataDirectory, workingDirectory)));
            _config = Root.Add(CliOptions.Value<string?>(
                "--config", "FILE",
                "Topology JSON that seeds an empty database (default: the embedded lab topology: CLUSTER1, node1..node3, two CSVs).",
                v => ExistingFile("--config", v, workingDirectory)));
            _adminAllowRemote = CliOptions.Flag("--admin-allow-remote", "Allow non-loopback admin addresses (with --admin-token-file).");
            _adminTokenFile = CliOptions.Value<string?>(
                "--admin-token-file", "FILE",
                "Bearer token of the admin API (one line, owner-only file): every route but /health needs it. " +
                "Required for non-loopback --admin-urls.",
                v => ExistingFile("--admin-token-file", v, workingDirectory));
            _adminUrls = Root.Add(CliOptions.Value(
                "--admin-urls", "URLS",
                $"Admin HTTP endpoint(s), separated by ';' (default: {ServerOptions.DefaultAdminUrls}). Port 0 picks a free port.",
                (result, v) => ParseAdminUrls(v, result.GetValue(_adminAllowRemote), result.GetResult(_adminTokenFile) is not null),
                () => ParseAdminUrls(ServerOptions.DefaultAdminUrls, allowRemote: false, hasToken: false)));
            Root.Add(_adminAllowRemote);
            Root.Add(_adminTokenFile);
            _profile = Root.Add(CliOptions.Value(
                "--profile", "NAME",
                "CSV behaviour: Spec (MS-CMRP as written, default) or WS2012Plus (Windows Server 2012 and later).",
                ParseProfile, () => CsvProfile.Spec));
            _localNode = Root.Add(CliOptions.Value<string?>(
                "--local-node", "NAME", "The node this server speaks for (default: the first node).", v => NonEmpty("--local-node", v)));
            _emulator = Root.Add(CliOptions.Flag(
                "--emulator", "Emulator mode: virtual clock, fault injection and the /admin routes (never on a production server)."));
            _listen = Root.Add(CliOptions.Value(
                "--listen", "ADDR", "Address of the RPC listeners (default: 127.0.0.1).", ParseAddress, () => IPAddress.Loopback));
            _port = Root.Add(CliOptions.Value(
                "--port", "N", "ClusAPI TCP port (default: 0, any free port).", v => ParsePort("--port", v), () => 0));
            _epmPort = Root.Add(CliOptions.Value(
                "--epm-port", "N", $"Endpoint mapper TCP port (default: {RpcListenerOptions.DefaultEpmPort}).",
                v => ParsePort("--epm-port", v), () => RpcListenerOptions.DefaultEpmPort));
            _accounts = Root.Add(CliOptions.Value<string?>(
                "--accounts", "FILE", "NTLM accounts, one user:password or user:NT-hash per line.",
                v => ExistingFile("--accounts", v, workingDirectory)));
            _allowInsecure = Root.Add(CliOptions.Flag(
                "--allow-insecure", "Accept unauthenticated and unsealed ClusAPI calls (local experiments only)."));
            _tracePdu = Root.Add(CliOptions.Flag("--trace-pdu", "Hex-dump every DCE/RPC fragment to the log."));
            _socketCompletions = Root.Add(CliOptions.Value(
                "--socket-completions", "inline|pool",
                "Run socket completions on the socket engine's event threads (default: inline; ClusAPI calls still run on the " +
                "thread pool) or hand each to the thread pool.",
                ParseCompletions, () => SocketCompletionMode.Inline));
            _maxConnections = Root.Add(CliOptions.Value(
                "--max-connections", "N", $"RPC connections over both ports (default: {RpcListenerOptions.Defaults.MaxConnections}).",
                v => ParseCount("--max-connections", v), () => RpcListenerOptions.Defaults.MaxConnections));
            _maxConnectionsPerSource = Root.Add(CliOptions.Value(
                "--max-connections-per-source", "N",
                $"RPC connections from one IPv4 address or IPv6 /64 (default: {RpcListenerOptions.Defaults.MaxConnectionsPerSource}).",
                v => ParseCount("--max-connections-per-source", v), () => RpcListenerOptions.Defaults.MaxConnectionsPerSource));
            _handshakeTimeout = Root.Add(CliOptions.Value(
                "--handshake-timeout", "S",
                "Seconds a new RPC connection has to bind and, where its interface needs it, authenticate " +
                $"(default: {Seconds(RpcListenerOptions.Defaults.HandshakeTimeout)}).",
                v => ParseSeconds("--handshake-timeout", v), () => RpcListenerOptions.Defaults.HandshakeTimeout));
            _idleTimeout = Root.Add(CliOptions.Value(
                "--idle-timeout", "S",
                $"Seconds of silence before an authenticated RPC connection is closed (default: {Seconds(RpcListenerOptions.Defaults.IdleTimeout)}).",
                v => ParseSeconds("--idle-timeout", v), () => RpcListenerOptions.Defaults.IdleTimeout));
            _unauthenticatedIdleTimeout = Root.Add(CliOptions.Value(
                "--unauthenticated-idle-timeout", "S",
                "The same for a connection that never authenticated, e.g. an endpoint mapper client " +
                $"(default: {Seconds(RpcListenerOptions.Defaults.UnauthenticatedIdleTimeout)}).",
                v => ParseSeconds("--unauthenticated-idle-timeout", v), () => RpcListenerOptions.Defaults.UnauthenticatedIdleTimeout));
            _store = Root.Add(CliOptions.Value(
                "--store", "sqlite|etcd",
                "Where the cluster database lives: sqlite (one machine, in --data-dir; default) or etcd (one clusterd per node, " +
                "sharing the cluster through --etcd-endpoints; needs --local-node).",
                ParseStore, () => StoreKind.Sqlite));
            _etcdEndpoints = Root.Add(CliOptions.Value<IReadOnlyList<Uri>>(
                "--etcd-endpoints", "URLS", "The etcd members, comma-separated (e.g. http://127.0.0.1:2379); with --store etcd.",
                ParseEndpoints, () => []));
            _etcdPrefix = Root.Add(CliOptions.Value(
                "--etcd-prefix", "PREFIX", $"The cluster's key prefix in etcd, ending with '/' (default: {Clusterd.Store.Etcd.EtcdLayout.DefaultPrefix}).",
                v => v.EndsWith('/') && v.Length > 1 ? v : throw new FormatException($"--etcd-prefix: '{v}' must end with '/'"),
                () => Clusterd.Store.Etcd.EtcdLayout.DefaultPrefix));
            _sameSubnetDelay = Root.Add(CliOptions.Value(
                "--same-subnet-delay", "MS",
                "Heartbeat period in milliseconds (SameSubnetDelay, 250-4000; default 1000): the node's lease is renewed this often.",
                v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 250 and <= 4000
                    ? TimeSpan.FromMilliseconds(ms)
                    : throw new FormatException($"--same-subnet-delay: '{v}' is not 250-4000 milliseconds"),
                () => TimeSpan.FromSeconds(1)));
            _sameSubnetThreshold = Root.Add(CliOptions.Value(
                "--same-subnet-threshold", "N",
                "Missed heartbeats before a node is Down (SameSubnetThreshold, 2-120; default 5): the lease TTL is delay x threshold.",
                v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 120
                    ? n
                    : throw new FormatException($"--same-subnet-threshold: '{v}' is not 2-120"),
                () => 5));
            _otlpEndpoint = Root.Add(CliOptions.Value<Uri?>(
                "--otlp-endpoint", "URL",
                "Also push metrics over OTLP to this collector URL (e.g. http://127.0.0.1:4317; default: off). /metrics on the admin endpoint is always there.",
                ParseOtlpEndpoint));
        }

        public ServerOptions Bind(ParseResult result) => new()
        {
            DataDirectory = result.GetValue(_dataDir)!,
            TopologyFile = result.GetValue(_config),
            AdminEndpoints = result.GetValue(_adminUrls)!,
            AdminAllowRemote = result.GetValue(_adminAllowRemote),
            AdminTokenFile = result.GetValue(_adminTokenFile),
            Profile = result.GetValue(_profile),
            LocalNode = result.GetValue(_localNode),
            Emulator = result.GetValue(_emulator),
            Store = result.GetValue(_store),
            EtcdEndpoints = result.GetValue(_etcdEndpoints)!,
            EtcdPrefix = result.GetValue(_etcdPrefix)!,
            SameSubnetDelay = result.GetValue(_sameSubnetDelay),
            SameSubnetThreshold = result.GetValue(_sameSubnetThreshold),
            OtlpEndpoint = result.GetValue(_otlpEndpoint),
            Rpc = new RpcListenerOptions
            {
                Listen = result.GetValue(_listen)!,
                Port = result.GetValue(_port),
                EpmPort = result.GetValue(_epmPort),
                AccountsFile = result.GetValue(_accounts),
                AllowInsecure = result.GetValue(_allowInsecure),
                TracePdu = result.GetValue(_tracePdu),
                InlineSocketCompletions = result.GetValue(_socketCompletions) == SocketCompletionMode.Inline,
                MaxConnections = result.GetValue(_maxConnections),
                MaxConnectionsPerSource = result.GetValue(_maxConnectionsPerSource),
                HandshakeTimeout = result.GetValue(_handshakeTimeout),
                IdleTimeout = result.GetValue(_idleTimeout),
                UnauthenticatedIdleTimeout = result.GetValue(_unauthenticatedIdleTimeout),
            },
        };

        /// <summary>
        /// The outcome of a <c>scenario</c> command line, or null when the command line runs the server. The command comes
        /// first: server options do not apply to it.
        /// </summary>
        public CommandLineResult? Scenario(ParseResult result, IReadOnlyList<string> args)
        {
            var command = result.CommandResult.Command;
            if (command != _scenarioRun && command != _scenarioCommand)
            {
                return null;
            }
            if (args[0] != "scenario")
            {
                return new CommandLineResult(CommandLineAction.Error, null, "the scenario command comes first and takes no server options");
            }
            if (command == _scenarioCommand)
            {
                return new CommandLineResult(CommandLineAction.Error, null, "scenario: missing command (run FILE...)");
            }
            var files = new List<string>();
            foreach (var file in result.GetValue(_scenarioFiles)!)
            {
                if (file.StartsWith('-'))
                {
                    return new CommandLineResult(CommandLineAction.Error, null, $"scenario run: unknown option '{file}' (it takes only files)");
                }
                try
                {
                    files.Add(FullPath("scenario run", file, _workingDirectory));
                }
                catch (FormatException e)
                {
                    return new CommandLineResult(CommandLineAction.Error, null, e.Message);
                }
            }
            return new CommandLineResult(CommandLineAction.ScenarioRun, null, null, files);
        }

        private static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>The values of <c>--socket-completions</c>.</summary>
    private enum SocketCompletionMode
    {
        Inline,
        Pool,
    }

    private static SocketCompletionMode ParseCompletions(string value) => value switch
    {
        "inline" => SocketCompletionMode.Inline,
        "pool" => SocketCompletionMode.Pool,
        _ => throw new FormatException($"--socket-completions: '{value}' is not inline or pool"),
    };

    /// <summary>An absolute http or https URL with a host: an OTLP collector (gRPC by default, OTLP/HTTP per its own settings).</summary>
    private static Uri ParseOtlpEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : throw new FormatException($"--otlp-endpoint: '{value}' is not an absolute http:// or https:// URL");

    private static StoreKind ParseStore(string value) => value switch
    {
        "sqlite" => StoreKind.Sqlite,
        "etcd" => StoreKind.Etcd,
        _ => throw new FormatException($"--store: '{value}' is not sqlite or etcd"),
    };

    private static IReadOnlyList<Uri> ParseEndpoints(string value)
    {
        IReadOnlyList<Uri> list;
        try
        {
            list = Clusterd.Store.Etcd.EtcdConnection.ParseEndpoints(value);
        }
        catch (FormatException e)
        {
            throw new FormatException("--etcd-endpoints: " + e.Message, e);
        }
        foreach (var uri in list)
        {
            if (uri.AbsolutePath != "/" || uri.Query.Length != 0)
            {
                throw new FormatException($"--etcd-endpoints: '{uri}': give only scheme, host and port");
            }
        }
        return list;
    }

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
    public static IReadOnlyList<AdminEndpoint> ParseAdminUrls(string value, bool allowRemote, bool hasToken)
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
                    $"--admin-urls: '{part}' is not a loopback address; to expose the admin API add --admin-allow-remote " +
                    "and --admin-token-file FILE");
            }
            if (!endpoint.IsLoopback && !hasToken)
            {
                throw new FormatException(
                    $"--admin-urls: '{part}' is not a loopback address; --admin-token-file FILE is required " +
                    "(every admin route except /health then needs that bearer token)");
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
