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
    public void Bad_input_is_refused_with_a_reason(string expected, params string[] args) =>
        Assert.Contains(expected, Error(args), StringComparison.Ordinal);

    [Fact]
    public void Non_loopback_admin_needs_admin_allow_remote()
    {
        var o = Run("--admin-urls", "http://0.0.0.0:8135", "--admin-allow-remote");
        Assert.False(Assert.Single(o.AdminEndpoints).IsLoopback);
        Assert.True(o.AdminAllowRemote);
    }

    [Fact]
    public void Usage_documents_every_option()
    {
        foreach (var shown in new[]
        {
            "--data-dir", "--config", "--admin-urls", "--admin-allow-remote", "--profile", "--local-node", "--emulator", "--help", "--version",
            "--listen", "--port", "--epm-port", "--accounts", "--allow-insecure", "--trace-pdu", "--socket-completions",
        })
        {
            Assert.Contains(shown, CommandLine.Usage, StringComparison.Ordinal);
        }
    }
}
