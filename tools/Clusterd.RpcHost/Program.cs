using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.RpcHost;
using Microsoft.Extensions.Logging;

// Clusterd.RpcHost: the DCE/RPC layer alone (endpoint mapper, mgmt, a test echo interface), for interop tests with
// real clients (Samba raw_protocol, rpcclient, impacket, tshark) and for the load tool. See tests/interop/.
HostArguments args0;
try
{
    args0 = HostArguments.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(HostArguments.Usage);
    return 2;
}

if (args0.ShowHelp)
{
    Console.WriteLine(HostArguments.Usage);
    return 0;
}

// Before the first socket of the process: the socket engine reads the choice once (SocketCompletions).
SocketCompletions.Choose(args0.InlineCompletions);

NtlmAccountStore accounts;
try
{
    accounts = args0.AccountsFile is { } path ? NtlmAccountStore.Load(path) : NtlmAccountStore.Empty;
}
catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"cannot read accounts: {ex.Message}");
    return 2;
}

var ntlm = new NtlmAcceptorOptions
{
    Accounts = accounts,
    AllowAnonymous = args0.AllowAnonymous,
    NetBiosDomainName = args0.Domain,
    NetBiosComputerName = args0.ComputerName,
};

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext ctx)
{
    ctx.Cancel = true;
    stop.Cancel();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

var options = new RpcServerOptions
{
    AcceptorFactory = type => RpcSecurityProviders.CreateAcceptor(type, ntlm),
    PduTrace = args0.TracePdu ? line => Console.Error.WriteLine(line) : null,
    Logger = new StderrLogger(args0.LogLevel),
    PrincipalName = args0.ComputerName,
};

var server = new RpcServer(options);
await using (server.ConfigureAwait(false))
{
    server.RegisterInterface(EchoDispatcher.InterfaceUuid, 1, 0, args0.EchoOffers ? new OfferingEchoDispatcher() : new EchoDispatcher(),
        args0.EchoMinimumLevel, args0.EchoDispatchMode);
    if (args0.NetlogonChallenge)
    {
        // Test-only vehicle for raw_protocol's fragmentation/cancel tests; see NetlogonChallengeDispatcher. Windows'
        // netlogon takes unauthenticated requests up to the full 4 MiB reassembly limit (test_fragmented_requests01-05),
        // so this interface asks for that allowance instead of the small default one.
        server.RegisterInterface(
            NetlogonChallengeDispatcher.InterfaceUuid, 1, 0, new NetlogonChallengeDispatcher(), RpcAuthLevel.None,
            maxUnauthenticatedRequestSize: options.MaxRequestSize);
    }

    RpcListener epm;
    RpcListener main;
    try
    {
        epm = server.Listen(args0.Address, args0.EndpointMapperPort, endpointMapperOnly: true);
        main = server.Listen(args0.Address, args0.Port);
    }
    catch (System.Net.Sockets.SocketException ex)
    {
        Console.Error.WriteLine($"cannot listen on {args0.Address}: {ex.Message}");
        return 1;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening epm={epm.Port} port={main.Port} completions={(SocketCompletions.InlineActive switch { true => "inline", false => "pool", null => "unknown" })}"));
    Console.Out.Flush();
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
    }

    Console.Error.WriteLine("stopping");
}

return 0;

/// <summary>Command line of the host.</summary>
internal sealed class HostArguments
{
    public const string Usage = """
        usage: Clusterd.RpcHost [--listen ADDRESS] [--epm-port N] [--port N] [--accounts FILE] [--allow-anonymous]
                                [--trace-pdu] [--netlogon-challenge] [--domain NAME] [--computer NAME] [--echo-min-level none|connect|integrity|privacy]
                                [--echo-dispatch inline|pool|offer] [--completions inline|pool] [--log-level trace|debug|information|warning|error|none]
          --listen ADDRESS   address of both listeners (default 127.0.0.1)
          --epm-port N       endpoint mapper + mgmt listener (default 135)
          --port N           listener serving every interface, 0 = any free port (default 0)
          --accounts FILE    user:password lines (DOMAIN\user or user; a 32-hex password is an NT hash)
          --allow-anonymous  accept anonymous NTLM logons
          --trace-pdu        hex dump of every fragment to stderr
          --netlogon-challenge
                             TEST ONLY: also serve netlogon 12345678-1234-abcd-ef00-01234567cffb v1.0 with the single
                             opnum 4 NetrServerReqChallenge (random 8-byte server challenge, STATUS_SUCCESS), the
                             vehicle of raw_protocol's fragmentation/cancel tests. Not a cluster feature; clusterd
                             never registers it.
          --echo-dispatch inline|pool|offer
                             RpcDispatchMode of the echo interface (default inline); offer: ThreadPool, and the
                             dispatcher answers in place (IRpcInlineDispatcher) the opnum 1 calls with an empty stub
          --completions inline|pool
                             socket completions on the socket engine's event thread or on the thread pool (default
                             inline; DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS in the environment wins)
        prints "listening epm=N port=M completions=inline|pool|unknown" once both listeners are bound (the completion
        mode the socket engine took); stops on SIGTERM/SIGINT.
        echo interface: 0a6bd5c2-7f3e-4a51-9c3d-5e2b1f8a9d40 v1.0, opnum 0 returns its request stub, opnum 1 names
        the kind of thread it ran on ("pool" or "thread:NAME").
        """;

    public IPAddress Address { get; private set; } = IPAddress.Loopback;

    public int EndpointMapperPort { get; private set; } = 135;

    public int Port { get; private set; }

    public string? AccountsFile { get; private set; }

    public bool AllowAnonymous { get; private set; }

    public bool TracePdu { get; private set; }

    public bool NetlogonChallenge { get; private set; }

    public bool ShowHelp { get; private set; }

    public string Domain { get; private set; } = "WORKGROUP";

    public string ComputerName { get; private set; } = "CLUSTERD";

    public RpcAuthLevel EchoMinimumLevel { get; private set; } = RpcAuthLevel.None;

    public RpcDispatchMode EchoDispatchMode { get; private set; } = RpcDispatchMode.Inline;

    /// <summary>--echo-dispatch offer: ThreadPool mode, the echo dispatcher an <see cref="IRpcInlineDispatcher"/>.</summary>
    public bool EchoOffers { get; private set; }

    public bool InlineCompletions { get; private set; } = true;

    public LogLevel LogLevel { get; private set; } = LogLevel.Warning;

    public static HostArguments Parse(string[] args)
    {
        var a = new HostArguments();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--listen":
                    a.Address = IPAddress.TryParse(Next(), out var ip) ? ip : throw new FormatException($"bad address {args[i]}");
                    break;
                case "--epm-port":
                    a.EndpointMapperPort = ParsePort(Next());
                    break;
                case "--port":
                    a.Port = ParsePort(Next());
                    break;
                case "--accounts":
                    a.AccountsFile = Next();
                    break;
                case "--allow-anonymous":
                    a.AllowAnonymous = true;
                    break;
                case "--trace-pdu":
                    a.TracePdu = true;
                    break;
                case "--netlogon-challenge":
                    a.NetlogonChallenge = true;
                    break;
                case "--domain":
                    a.Domain = Next();
                    break;
                case "--computer":
                    a.ComputerName = Next();
                    break;
                case "--echo-min-level":
                    a.EchoMinimumLevel = Enum.TryParse<RpcAuthLevel>(Next(), ignoreCase: true, out var level)
                        ? level : throw new FormatException($"bad level {args[i]}");
                    break;
                case "--echo-dispatch":
                {
                    var mode = Next();
                    a.EchoOffers = mode == "offer";
                    a.EchoDispatchMode = !a.EchoOffers && ParseMode(mode, args[i - 1]) ? RpcDispatchMode.Inline : RpcDispatchMode.ThreadPool;
                    break;
                }
                case "--completions":
                    a.InlineCompletions = ParseMode(Next(), args[i - 1]);
                    break;
                case "--log-level":
                    a.LogLevel = Enum.TryParse<LogLevel>(Next(), ignoreCase: true, out var ll) ? ll : throw new FormatException($"bad log level {args[i]}");
                    break;
                case "-h" or "--help":
                    a.ShowHelp = true;
                    break;
                default:
                    throw new FormatException($"unknown argument {args[i]}");
            }
        }

        return a;
    }

    /// <summary>"inline" → true, "pool" → false.</summary>
    private static bool ParseMode(string s, string option) => s switch
    {
        "inline" => true,
        "pool" => false,
        _ => throw new FormatException($"{option}: expected inline or pool, not {s}"),
    };

    private static int ParsePort(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p <= 65535 ? p : throw new FormatException($"bad port {s}");
}
