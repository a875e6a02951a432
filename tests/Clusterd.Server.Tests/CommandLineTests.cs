using System.Net;
using Clusterd.Cluster.Engine;

namespace Clusterd.Server.Tests;

public sealed class CommandLineTests
{
    private const string Cwd = "/srv/work";

    private static ServerOptions Run(params string[] args)
    {
        var r = CommandLine.Parse(args, Cwd);
        Assert.True(r.Action == CommandLineAction.Run, r.Error);
        return r.Options!;
    }

    private static string Error(params string[] args)
    {
        var r = CommandLine.Parse(args, Cwd);
        Assert.Equal(CommandLineAction.Error, r.Action);
        return r.Error!;
    }

    [Fact]
    public void Defaults_are_loopback_admin_spec_profile_and_clusterd_data_in_the_working_directory()
    {
        var o = Run();
        Assert.Equal("/srv/work/clusterd-data", o.DataDirectory);
        Assert.Null(o.TopologyFile);
        var admin = Assert.Single(o.AdminEndpoints);
        Assert.Equal(IPAddress.Loopback, admin.Address);
        Assert.Equal(8135, admin.Port);
        Assert.Equal(CsvProfile.Spec, o.Profile);
        Assert.False(o.Emulator);
        Assert.Null(o.LocalNode);
        Assert.Equal(IPAddress.Loopback, o.Rpc.Listen);
        Assert.Equal(135, o.Rpc.EpmPort);
        Assert.Equal(0, o.Rpc.Port);
        Assert.False(o.Rpc.AllowInsecure);
        Assert.False(o.Rpc.TracePdu);
        Assert.True(o.Rpc.InlineSocketCompletions);
    }

    [Fact]
    public void Connection_limits_default_to_the_rpc_layer_and_are_parsed_with_their_ranges()
    {
        var d = Run().Rpc;
        Assert.Equal(1024, d.MaxConnections);
        Assert.Equal(64, d.MaxConnectionsPerSource);
        Assert.Equal(TimeSpan.FromSeconds(10), d.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), d.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), d.UnauthenticatedIdleTimeout);

        var o = Run("--max-connections", "10", "--max-connections-per-source=2", "--handshake-timeout", "3", "--idle-timeout", "120",
            "--unauthenticated-idle-timeout", "5").Rpc;
        Assert.Equal(10, o.MaxConnections);
        Assert.Equal(2, o.MaxConnectionsPerSource);
        Assert.Equal(TimeSpan.FromSeconds(3), o.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), o.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), o.UnauthenticatedIdleTimeout);

        Assert.Contains("--max-connections", Error("--max-connections", "0"), StringComparison.Ordinal);
        Assert.Contains("--max-connections-per-source", Error("--max-connections-per-source", "-1"), StringComparison.Ordinal);
        Assert.Contains("--handshake-timeout", Error("--handshake-timeout", "86401"), StringComparison.Ordinal);
        Assert.Contains("--idle-timeout", Error("--idle-timeout", "1.5"), StringComparison.Ordinal);
        Assert.Contains("--unauthenticated-idle-timeout", Error("--unauthenticated-idle-timeout", "x"), StringComparison.Ordinal);
    }

    [Fact]
    public void IPv4_mapped_addresses_are_taken_as_their_IPv4_address_for_listen_and_admin()
    {
        var o = Run("--listen", "::ffff:127.0.0.1", "--admin-urls", "http://[::ffff:127.0.0.1]:0");
        Assert.Equal(IPAddress.Loopback, o.Rpc.Listen);
        Assert.Equal(IPAddress.Loopback, Assert.Single(o.AdminEndpoints).Address);
    }

    [Fact]
    public void Every_option_is_parsed_in_both_spellings()
    {
        var accounts = Path.GetTempFileName();
        try
        {
            var o = Run("--data-dir=d", "--admin-urls", "http://127.0.0.1:0;http://[::1]:9000,http://localhost:9001", "--profile", "ws2012plus",
                "--local-node", "node2", "--emulator", "--trace-pdu", "--listen", "::1", "--port=4000", "--epm-port", "1135",
                "--accounts", accounts, "--allow-insecure", "--socket-completions=pool");
            Assert.Equal("/srv/work/d", o.DataDirectory);
            Assert.Equal([0, 9000, 9001], o.AdminEndpoints.Select(e => e.Port));
            Assert.Equal(IPAddress.IPv6Loopback, o.AdminEndpoints[1].Address);
            Assert.Null(o.AdminEndpoints[2].Address);
            Assert.All(o.AdminEndpoints, e => Assert.True(e.IsLoopback));
            Assert.Equal(CsvProfile.WS2012Plus, o.Profile);
            Assert.Equal("node2", o.LocalNode);
            Assert.True(o.Emulator);
            Assert.Equal(IPAddress.IPv6Loopback, o.Rpc.Listen);
            Assert.Equal(4000, o.Rpc.Port);
            Assert.Equal(1135, o.Rpc.EpmPort);
            Assert.Equal(accounts, o.Rpc.AccountsFile);
            Assert.True(o.Rpc.AllowInsecure);
            Assert.True(o.Rpc.TracePdu);
            Assert.False(o.Rpc.InlineSocketCompletions);
        }
        finally
        {
            File.Delete(accounts);
        }
    }

    [Fact]
    public void Help_and_version_win_over_everything_else()
    {
        Assert.Equal(CommandLineAction.Help, CommandLine.Parse(["--emulator", "-h"], Cwd).Action);
        Assert.Equal(CommandLineAction.Help, CommandLine.Parse(["--help", "--version"], Cwd).Action);
        Assert.Equal(CommandLineAction.Version, CommandLine.Parse(["--version"], Cwd).Action);
    }

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unexpected argument 'serve'", "serve")]
    [InlineData("option --data-dir needs a value", "--data-dir")]
    [InlineData("option --emulator takes no value", "--emulator=1")]
    [InlineData("option --profile given more than once", "--profile", "Spec", "--profile=Spec")]
    [InlineData("--profile: 'Windows' is not a profile", "--profile", "Windows")]
    [InlineData("--port: '65536' is not a TCP port", "--port", "65536")]
    [InlineData("--epm-port: '-1' is not a TCP port", "--epm-port", "-1")]
    [InlineData("--listen: 'example.com' is not an IP address", "--listen", "example.com")]
    [InlineData("--config: file not found", "--config", "/nonexistent/topology.json")]
    [InlineData("--accounts: file not found", "--accounts", "/nonexistent/accounts")]
    [InlineData("--local-node: the value is empty", "--local-node", "")]
    [InlineData("is not a loopback address", "--admin-urls", "http://0.0.0.0:8135")]
    [InlineData("is not a loopback address", "--admin-urls", "http://127.0.0.1:1;http://192.0.2.7:2")]
    [InlineData("only http:// is supported", "--admin-urls", "https://127.0.0.1:8135")]
    [InlineData("the host must be an IP address or localhost", "--admin-urls", "http://example.com:8135")]
    [InlineData("give only scheme, host and port", "--admin-urls", "http://127.0.0.1:8135/admin")]
    [InlineData("port 0 needs an IP address", "--admin-urls", "http://localhost:0")]
    [InlineData("is not a URL", "--admin-urls", "127.0.0.1:8135")]
    [InlineData("no URL given", "--admin-urls", ";")]
    [InlineData("--socket-completions: 'fast' is not inline or pool", "--socket-completions", "fast")]
    [InlineData("--store: 'postgres' is not sqlite or etcd", "--store", "postgres")]
    [InlineData("--store etcd needs --etcd-endpoints", "--store", "etcd", "--local-node", "node1")]
    [InlineData("--store etcd needs --local-node", "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379")]
    [InlineData("cannot be combined with --store etcd", "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379", "--local-node", "n", "--emulator")]
    [InlineData("--etcd-endpoints is used only with --store etcd", "--etcd-endpoints", "http://127.0.0.1:2379")]
    [InlineData("is not an etcd endpoint URL", "--store", "etcd", "--etcd-endpoints", "ftp://127.0.0.1:2379", "--local-node", "n")]
    [InlineData("no etcd endpoint given", "--store", "etcd", "--etcd-endpoints", ",", "--local-node", "n")]
    [InlineData("give only scheme, host and port", "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379/v3", "--local-node", "n")]
    [InlineData("--etcd-prefix: 'x' must end with '/'", "--etcd-prefix", "x")]
    [InlineData("--same-subnet-delay: '100' is not 250-4000 milliseconds", "--same-subnet-delay", "100")]
    [InlineData("--same-subnet-threshold: '1' is not 2-120", "--same-subnet-threshold", "1")]
    [InlineData("--otlp-endpoint: '127.0.0.1:4317' is not an absolute http:// or https:// URL", "--otlp-endpoint", "127.0.0.1:4317")]
    [InlineData("--otlp-endpoint: 'ftp://127.0.0.1:4317' is not an absolute http:// or https:// URL", "--otlp-endpoint", "ftp://127.0.0.1:4317")]
    [InlineData("--otlp-endpoint: 'http://u:p@127.0.0.1:4317' is not an absolute http:// or https:// URL", "--otlp-endpoint", "http://u:p@127.0.0.1:4317")]
    [InlineData("option --otlp-endpoint needs a value", "--otlp-endpoint")]
    public void Bad_input_is_refused_with_a_reason(string expected, params string[] args) =>
        Assert.Contains(expected, Error(args), StringComparison.Ordinal);

    [Fact]
    public void Otlp_export_is_off_by_default_and_on_with_an_endpoint_URL()
    {
        Assert.Null(Run().OtlpEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4317"), Run("--otlp-endpoint", "http://127.0.0.1:4317").OtlpEndpoint);
        Assert.Equal(new Uri("https://collector.example:4318"), Run("--otlp-endpoint=https://collector.example:4318").OtlpEndpoint);
    }

    [Fact]
    public void Store_etcd_takes_its_endpoints_prefix_node_and_heartbeat()
    {
        var o = Run("--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379, http://127.0.0.1:22379", "--etcd-prefix", "/c1/",
            "--local-node", "node2", "--same-subnet-delay", "500", "--same-subnet-threshold", "4");
        Assert.Equal(StoreKind.Etcd, o.Store);
        Assert.Equal(["http://127.0.0.1:2379/", "http://127.0.0.1:22379/"], o.EtcdEndpoints.Select(u => u.ToString()));
        Assert.Equal(("/c1/", "node2", TimeSpan.FromMilliseconds(500), 4), (o.EtcdPrefix, o.LocalNode, o.SameSubnetDelay, o.SameSubnetThreshold));
        var defaults = Run();
        Assert.Equal((StoreKind.Sqlite, 0, "/clusterd/", TimeSpan.FromSeconds(1), 5),
            (defaults.Store, defaults.EtcdEndpoints.Count, defaults.EtcdPrefix, defaults.SameSubnetDelay, defaults.SameSubnetThreshold));
    }

    [Fact]
    public void Non_loopback_admin_needs_admin_allow_remote_and_a_token_file()
    {
        using var token = new TempFile();
        var o = Run("--admin-urls", "http://0.0.0.0:8135", "--admin-allow-remote", "--admin-token-file", token.Path);
        Assert.False(Assert.Single(o.AdminEndpoints).IsLoopback);
        Assert.True(o.AdminAllowRemote);
        Assert.Equal(token.Path, o.AdminTokenFile);

        Assert.Equal("--admin-urls: 'http://0.0.0.0:8135' is not a loopback address; to expose the admin API add --admin-allow-remote " +
            "and --admin-token-file FILE", Error("--admin-urls", "http://0.0.0.0:8135"));
        Assert.Equal("--admin-urls: 'http://0.0.0.0:8135' is not a loopback address; --admin-token-file FILE is required " +
            "(every admin route except /health then needs that bearer token)", Error("--admin-urls", "http://0.0.0.0:8135", "--admin-allow-remote"));
        Assert.StartsWith("--admin-token-file: file not found: ", Error("--admin-token-file", "/nonexistent/token"), StringComparison.Ordinal);
        Assert.Null(Run().AdminTokenFile);
        // A token also guards a loopback-only admin API.
        Assert.Equal(token.Path, Run("--admin-token-file", token.Path).AdminTokenFile);
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }

    /// <summary>Every option clusterd takes (README.md documents the same list).</summary>
    public static readonly TheoryData<string> Options = new(
        "--data-dir", "--config", "--admin-urls", "--admin-allow-remote", "--admin-token-file", "--profile", "--local-node", "--emulator", "--listen", "--port",
        "--epm-port", "--accounts", "--allow-insecure", "--trace-pdu", "--socket-completions", "--max-connections",
        "--max-connections-per-source", "--handshake-timeout", "--idle-timeout", "--unauthenticated-idle-timeout", "--store",
        "--etcd-endpoints", "--etcd-prefix", "--same-subnet-delay", "--same-subnet-threshold", "--help", "--version");

    [Fact]
    public void Usage_documents_every_option_with_a_description_and_the_defaults()
    {
        var usage = CommandLine.Usage;
        foreach (var option in Options)
        {
            // The option starts a line of the options table ("  --port N   ClusAPI TCP port ..."), and a description follows.
            var line = usage.Split('\n').SingleOrDefault(l => l.StartsWith("  " + option + " ", StringComparison.Ordinal)
                || l == "  " + option || l.StartsWith("  " + option + ",", StringComparison.Ordinal));
            Assert.True(line is not null, $"{option} is not in the usage:\n{usage}");
        }
        foreach (var shown in new[]
        {
            "Usage: clusterd [command] [options]", "--help, -h", "scenario", "clusterd scenario run FILE...", "--port N", "(default: ./clusterd-data;", "http://127.0.0.1:8135)",
            "(default: 135)", "(default: 1024)", "(default: 64)", "(default: 10)", "(default: 900)", "(default: 60)", "(default: inline;",
            "Exit codes: 0 stopped cleanly, 1 runtime failure",
        })
        {
            Assert.Contains(shown, usage, StringComparison.Ordinal);
        }
        Assert.All(usage.Split('\n'), l => Assert.True(l.Length <= 88, $"longer than 88 columns: {l}"));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_option_is_refused_when_given_twice(string option)
    {
        string[] once = option switch
        {
            "--help" or "--version" or "--emulator" or "--admin-allow-remote" or "--allow-insecure" or "--trace-pdu" => [option],
            "--admin-urls" => [option, "http://127.0.0.1:0"],
            "--profile" => [option, "Spec"],
            "--listen" => [option, "127.0.0.1"],
            "--socket-completions" => [option, "pool"],
            "--config" or "--accounts" or "--admin-token-file" => [option, "/nonexistent"],
            _ => [option, "7"],
        };
        Assert.Equal($"option {option} given more than once", Error([.. once, .. once]));
        // Also when the second one is spelled --name=value, and not only one after the other.
        if (once.Length == 2)
        {
            Assert.Equal($"option {option} given more than once", Error([.. once, "--trace-pdu", $"{option}={once[1]}"]));
        }
    }

    [Fact]
    public void A_repeated_alias_is_refused_too() =>
        Assert.Equal("option -h given more than once", Error("--help", "-h"));

    [Theory]
    [InlineData("--port=0", 0)]
    [InlineData("--port=65535", 65535)]
    [InlineData("--port=4000", 4000)]
    public void Port_in_the_equals_form(string arg, int port) => Assert.Equal(port, Run(arg).Rpc.Port);

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--port", "+80")]
    [InlineData("--port", " 80")]
    [InlineData("--port", "")]
    [InlineData("--port=abc")]
    [InlineData("--port=70000")]
    public void A_bad_port_is_refused_naming_port(params string[] args) =>
        Assert.StartsWith("--port: ", Error(args), StringComparison.Ordinal);

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus=1")]
    [InlineData("unknown option '-x'", "--emulator", "-x")]
    [InlineData("unknown option '-?'", "-?")]
    [InlineData("unknown option '-hh'", "-hh")]
    [InlineData("unknown option '--'", "--", "--emulator")]
    [InlineData("unexpected argument '@args.rsp'", "@args.rsp")]
    [InlineData("unexpected argument '[diagram]'", "[diagram]")]
    [InlineData("unexpected argument '1'", "--emulator", "1")]
    [InlineData("option --port needs a value", "--port")]
    [InlineData("option --data-dir needs a value", "--data-dir=")]
    [InlineData("option --emulator takes no value", "--emulator:1")]
    [InlineData("option --version takes no value", "--version=yes")]
    [InlineData("option -h takes no value", "-h=1")]
    public void The_command_line_is_strict(string expected, params string[] args) => Assert.Equal(expected, Error(args));

    [Fact]
    public void A_value_may_look_like_an_option()
    {
        Assert.Equal("/srv/work/--emulator", Run("--data-dir", "--emulator").DataDirectory);
        Assert.False(Run("--data-dir", "--emulator").Emulator);
    }

    [Fact]
    public void A_malformed_command_line_wins_over_help_and_help_over_bad_values()
    {
        Assert.Equal("unknown option '--bogus'", Error("--help", "--bogus"));
        Assert.Equal(CommandLineAction.Help, CommandLine.Parse(["--port", "abc", "--help"], Cwd).Action);
        Assert.Equal(CommandLineAction.Version, CommandLine.Parse(["--port=abc", "--version"], Cwd).Action);
    }

    [Fact]
    public void Admin_allow_remote_and_the_token_file_apply_wherever_they_stand()
    {
        using var token = new TempFile();
        Assert.False(Assert.Single(Run("--admin-allow-remote", "--admin-token-file", token.Path, "--admin-urls=http://0.0.0.0:1").AdminEndpoints).IsLoopback);
        Assert.False(Assert.Single(Run("--admin-urls=http://0.0.0.0:1", "--admin-allow-remote", $"--admin-token-file={token.Path}").AdminEndpoints).IsLoopback);
    }
}
