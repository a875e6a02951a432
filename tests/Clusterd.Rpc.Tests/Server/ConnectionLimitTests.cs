using System.Net;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>
/// What one peer can hold: connection slots per source, the handshake deadline, idle timeouts by authentication,
/// reassembly and auth-context allowances before authentication, and the rate-limited warnings about all of it.
/// </summary>
public sealed class ConnectionLimitTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    private static readonly NtlmAcceptorOptions Acceptor = new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
    };

    private static RpcServerOptions WithAccounts(RpcServerOptions options) =>
        options with { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor) };

    private static IRpcSecurityContext Initiator() =>
        RpcSecurityProviders.CreateInitiator(RpcAuthType.Ntlmssp, NtlmCredential.FromPassword("alice", "DOM", "Secret1!"))!;

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        // Waits for the server's own connection tasks (real sockets), never for a clock.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in 10 s");
            await Task.Delay(10);
        }
    }

    private static byte[] Request(uint callId, PfcFlags flags, int stubLength, uint allocHint = 0) =>
        new RequestPdu(callId, flags, allocHint, 0, 0, null, new byte[stubLength]).Encode();

    [Fact]
    public async Task MaxConnectionsPerSource_refuses_one_source_beyond_its_share_and_serves_every_other_source()
    {
        await using var host = TestHost.Start(new RpcServerOptions { MaxConnectionsPerSource = 4 });
        var held = new List<RawConnection>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var raw = await host.ConnectRawAsync(Attacker);
                await raw.SendAsync([5]);
                held.Add(raw);
            }

            await EventuallyAsync(() => host.Server.ConnectionsFrom(Attacker) == 4);
            using (var fifth = await host.ConnectRawAsync(Attacker))
            {
                Assert.True(await fifth.IsClosedByServerAsync());
            }

            Assert.Equal(1, host.Server.RefusedConnections);
            Assert.Equal(4, host.Server.ConnectionsFrom(Attacker));

            // Another source is served while the first one holds its whole share.
            await using (var client = await host.ConnectAsync())
            {
                Assert.Equal(new byte[] { 9 }, await client.CallAsync(0, new byte[] { 9 }));
            }

            // A slot given back can be taken again.
            held[0].Dispose();
            held.RemoveAt(0);
            await EventuallyAsync(() => host.Server.ConnectionsFrom(Attacker) == 3);
            using var again = await host.ConnectRawAsync(Attacker);
            Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse(await again.BindAsync(EchoDispatcher.Id), out _));
        }
        finally
        {
            held.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public void A_source_is_an_IPv4_address_its_mapped_IPv6_form_or_an_IPv6_64_prefix()
    {
        static ConnectionSource Of(string address) => ConnectionSource.Of(new IPEndPoint(IPAddress.Parse(address), 40000));

        Assert.Equal(Of("192.0.2.7"), Of("::ffff:192.0.2.7"));
        Assert.NotEqual(Of("192.0.2.7"), Of("192.0.2.8"));
        Assert.Equal("192.0.2.7", Of("::ffff:192.0.2.7").ToString());

        // One IPv6 host usually holds a whole /64: every address in it is one source.
        Assert.Equal(Of("2001:db8:1:2::1"), Of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2:abcd::9").ToString());

        // An IPv4 address and the IPv6 prefix with the same bits are different sources.
        Assert.NotEqual(Of("0.0.0.1"), Of("0:0:0:1::"));
    }

    [Fact]
    public async Task MaxConnections_is_shared_by_every_listener_and_refusals_do_not_count_as_connections()
    {
        await using var host = TestHost.Start(new RpcServerOptions { MaxConnections = 2 });
        using var a = await host.ConnectRawAsync();
        using var b = await host.ConnectRawAsync(Attacker);
        await EventuallyAsync(() => host.Server.ConnectionCount == 2);
        using var c = await RawConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        Assert.True(await c.IsClosedByServerAsync());
        Assert.Equal(2, host.Server.ConnectionCount);
    }

    [Fact]
    public async Task Connection_without_a_bind_is_closed_at_the_handshake_deadline()
    {
        var time = new FakeTimeProvider();
        await using var host = TestHost.Start(new RpcServerOptions { Time = time, HandshakeTimeout = TimeSpan.FromSeconds(10) });
        using var raw = await host.ConnectRawAsync(Attacker);
        await raw.SendAsync([5]);
        await EventuallyAsync(() => host.Server.ConnectionCount == 1);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        Assert.Equal(1, host.Server.ConnectionCount);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await raw.IsClosedByServerAsync());
        await EventuallyAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Handshake_deadline_is_not_extended_by_PDUs_while_the_interface_still_needs_authentication()
    {
        var time = new FakeTimeProvider();
        await using var host = TestHost.Start(
            WithAccounts(new RpcServerOptions { Time = time, HandshakeTimeout = TimeSpan.FromSeconds(10) }), RpcAuthLevel.Privacy);
        using var raw = await host.ConnectRawAsync(Attacker);
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse(await raw.BindAsync(EchoDispatcher.Id), out _));
        for (uint i = 0; i < 3; i++)
        {
            // A plain alter_context is answered, but answers do not buy time.
            time.Advance(TimeSpan.FromSeconds(3));
            await raw.SendAsync(new AlterContextPdu(10 + i, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode());
            Assert.Equal(PduRejectReason.None, AlterContextRespPdu.TryParse((await raw.ReceiveAsync())!, out _));
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Authenticated_connection_leaves_the_handshake_deadline_and_gets_the_long_idle_timeout()
    {
        var time = new FakeTimeProvider();
        await using var host = TestHost.Start(
            WithAccounts(new RpcServerOptions
            {
                Time = time,
                HandshakeTimeout = TimeSpan.FromSeconds(10),
                UnauthenticatedIdleTimeout = TimeSpan.FromSeconds(60),
                IdleTimeout = TimeSpan.FromMinutes(15),
            }),
            RpcAuthLevel.Privacy);
        await using var client = await host.ConnectAsync(bind: false);
        await client.BindAsync(EchoDispatcher.Id, Initiator(), RpcAuthLevel.Privacy);
        Assert.Equal(new byte[] { 1 }, await client.CallAsync(0, new byte[] { 1 }));

        // Past the handshake deadline and the unauthenticated idle timeout: still served.
        time.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(50);
        Assert.Equal(new byte[] { 2 }, await client.CallAsync(0, new byte[] { 2 }));
        Assert.Equal(1, host.Server.ConnectionCount);

        // Silent for the authenticated idle timeout: closed. The server re-arms the idle timer after it has sent the
        // answer, so give it the moment the first advance got before moving the fake clock again.
        await Task.Delay(50);
        time.Advance(TimeSpan.FromMinutes(15));
        await EventuallyAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Unauthenticated_connection_that_sends_a_PDU_now_and_then_is_closed_after_its_short_idle_timeout()
    {
        var time = new FakeTimeProvider();
        await using var host = TestHost.Start(new RpcServerOptions { Time = time, UnauthenticatedIdleTimeout = TimeSpan.FromSeconds(60) });
        await using var client = await host.ConnectAsync();
        Assert.Equal(new byte[] { 1 }, await client.CallAsync(0, new byte[] { 1 }));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(new byte[] { 2 }, await client.CallAsync(0, new byte[] { 2 }));
        time.Advance(TimeSpan.FromSeconds(60));
        await EventuallyAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Reassembly_of_a_call_below_its_interface_level_keeps_no_stub_and_is_refused_as_before()
    {
        await using var host = TestHost.Start(WithAccounts(new RpcServerOptions()), RpcAuthLevel.Privacy);
        using var raw = await host.ConnectRawAsync(Attacker);
        await raw.BindAsync(EchoDispatcher.Id);
        const int chunk = 5816;
        await raw.SendAsync(Request(7, PfcFlags.FirstFrag, chunk));
        for (int i = 0; i < 700; i++)
        {
            await raw.SendAsync(Request(7, PfcFlags.None, chunk));
        }

        // Four MB arrived; none of it is held, since the call can never run.
        await raw.SendAsync(Request(7, PfcFlags.None, 8));
        await EventuallyAsync(() => host.Server.Statistics.PacketsIn >= 703);
        Assert.Equal(0, host.Server.ReassemblyBytes);

        await raw.SendAsync(Request(7, PfcFlags.LastFrag, 8));
        var fault = await raw.ExpectFaultAsync();
        Assert.Equal(RpcStatus.AccessDenied, fault.Status);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Reassembly_of_a_call_that_will_run_is_held_and_released_when_the_connection_goes()
    {
        await using var host = TestHost.Start(new RpcServerOptions());
        using (var raw = await host.ConnectRawAsync())
        {
            await raw.BindAsync(EchoDispatcher.Id);
            await raw.SendAsync(Request(7, PfcFlags.FirstFrag, 4000));
            await raw.SendAsync(Request(7, PfcFlags.None, 4000));
            await EventuallyAsync(() => host.Server.ReassemblyBytes == 8000);
        }

        await EventuallyAsync(() => host.Server.ReassemblyBytes == 0 && host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Unauthenticated_request_above_its_interface_allowance_faults_access_denied_and_disconnects()
    {
        await using var host = TestHost.Start(WithAccounts(new RpcServerOptions { MaxUnauthenticatedRequestSize = 16 * 1024 }));
        using (var raw = await host.ConnectRawAsync(Attacker))
        {
            await raw.BindAsync(EchoDispatcher.Id);
            await raw.SendAsync(Request(7, PfcFlags.FirstFrag, 5000));
            await raw.SendAsync(Request(7, PfcFlags.None, 5000));
            await raw.SendAsync(Request(7, PfcFlags.None, 5000));
            await raw.SendAsync(Request(7, PfcFlags.None, 5000));
            var fault = await raw.ExpectFaultAsync();
            Assert.Equal(RpcStatus.AccessDenied, fault.Status);
            Assert.True(await raw.IsClosedByServerAsync());
        }

        // An alloc_hint above the allowance is refused on the first fragment.
        using (var raw = await host.ConnectRawAsync(Attacker))
        {
            await raw.BindAsync(EchoDispatcher.Id);
            await raw.SendAsync(Request(8, PfcFlags.FirstFrag, 100, allocHint: 16 * 1024 + 1));
            Assert.Equal(RpcStatus.AccessDenied, (await raw.ExpectFaultAsync()).Status);
        }

        // The same interface takes a large request once the caller has authenticated.
        await using var client = await host.ConnectAsync(bind: false);
        await client.BindAsync(EchoDispatcher.Id, Initiator(), RpcAuthLevel.Privacy);
        var big = EchoDispatcher.Pattern(100_000);
        Assert.Equal(big, await client.CallAsync(0, big));
        Assert.Equal(0, host.Server.ReassemblyBytes);
    }

    [Fact]
    public async Task Auth_contexts_that_never_authenticate_are_capped_at_MaxAuthContextsBeforeAuthentication()
    {
        await using var host = TestHost.Start(WithAccounts(new RpcServerOptions { MaxAuthContextsBeforeAuthentication = 8 }));
        using var raw = await host.ConnectRawAsync(Attacker);
        await raw.BindAsync(EchoDispatcher.Id);
        for (uint id = 1; id <= 9; id++)
        {
            // An NTLM NEGOTIATE alone starts a context and is answered with a CHALLENGE.
            Initiator().Step([], out byte[] negotiate);
            var trailer = new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, id);
            await raw.SendAsync(new AlterContextPdu(id, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])], new AuthVerifier(trailer, negotiate)).Encode());
            var reply = await raw.ReceiveAsync();
            if (id <= 8)
            {
                Assert.Equal(PduRejectReason.None, AlterContextRespPdu.TryParse(reply!, out _));
            }
            else
            {
                Assert.Equal(PduRejectReason.None, FaultPdu.TryParse(reply!, out var fault));
                Assert.Equal(RpcStatus.ProtocolError, fault!.Status);
                Assert.True(await raw.IsClosedByServerAsync());
            }
        }
    }

    [Fact]
    public async Task Context_handles_opened_without_authentication_are_capped_and_authenticated_calls_keep_the_full_limit()
    {
        await using var host = TestHost.Start(WithAccounts(new RpcServerOptions { MaxContextHandlesBeforeAuthentication = 3 }));
        await using var plain = await host.ConnectAsync();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(20, (await plain.CallAsync(2, ReadOnlyMemory<byte>.Empty)).Length);
        }

        // Echo opnum 2 opens a handle: the fourth without authentication faults nca_s_fault_remote_no_memory.
        var fault = await Assert.ThrowsAsync<RpcFaultException>(async () => await plain.CallAsync(2, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(RpcStatus.RemoteNoMemory, fault.Status);

        await using var sealedClient = await host.ConnectAsync(bind: false);
        await sealedClient.BindAsync(EchoDispatcher.Id, Initiator(), RpcAuthLevel.Privacy);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(20, (await sealedClient.CallAsync(2, ReadOnlyMemory<byte>.Empty)).Length);
        }
    }

    [Fact]
    public async Task Peer_that_stops_reading_its_responses_is_closed_after_the_send_timeout()
    {
        var time = new FakeTimeProvider();
        await using var host = TestHost.Start(new RpcServerOptions { Time = time, SendTimeout = TimeSpan.FromSeconds(60) });
        using var raw = await host.ConnectRawAsync(Attacker);
        await raw.BindAsync(EchoDispatcher.Id);

        // Echo opnum 1 answers N patterned bytes: two 8 MB answers fill every socket buffer between us.
        var stub = BitConverter.GetBytes(8 * 1024 * 1024);
        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 4, 0, 1, null, stub).Encode());
        await raw.SendAsync(new RequestPdu(3, PfcFlags.FirstAndLast, 4, 0, 1, null, stub).Encode());
        await Task.Delay(200);
        Assert.Equal(1, host.Server.ConnectionCount);

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (host.Server.ConnectionCount != 0)
        {
            Assert.True(DateTime.UtcNow < until, "the stalled writer was not closed");
            time.Advance(TimeSpan.FromSeconds(61));
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Association_group_ids_are_unpredictable_so_no_peer_can_join_another_association()
    {
        await using var host = TestHost.Start();
        var ids = new List<uint>();
        for (int i = 0; i < 8; i++)
        {
            using var raw = await host.ConnectRawAsync();
            Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse(await raw.BindAsync(EchoDispatcher.Id), out var ack));
            ids.Add(ack!.AssocGroupId);
        }

        Assert.DoesNotContain(0u, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(ids.Zip(ids.Skip(1)).All(p => p.Second - p.First == 1), "association group ids are sequential");

        // Guessing the next id of a sequence finds no association: bind_nak.
        using var guess = await host.ConnectRawAsync(Attacker);
        await guess.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, ids[^1] + 1, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])]).Encode());
        Assert.Equal(PduRejectReason.None, BindNakPdu.TryParse((await guess.ReceiveAsync())!, out _));
    }

    [Fact]
    public void Unauthenticated_view_of_a_table_shares_its_handles_and_frees_its_allowance_on_close()
    {
        var table = new ContextHandleTable(maxHandles: 4, maxUnauthenticatedHandles: 2);
        var anonymous = table.ForCaller(authenticated: false);
        Assert.Same(anonymous, table.ForCaller(authenticated: false));
        Assert.Same(table, anonymous.ForCaller(authenticated: true));
        Assert.True(anonymous.TryCreate("a", null, out var a));
        Assert.True(anonymous.TryCreate("b", null, out _));
        Assert.False(anonymous.TryCreate("c", null, out _));
        Assert.Equal("a", table.Get<string>(a));
        Assert.True(table.TryCreate("d", null, out _));
        Assert.True(table.TryCreate("e", null, out _));
        Assert.False(table.TryCreate("f", null, out _));
        Assert.True(table.Close(a));
        Assert.True(anonymous.TryCreate("g", null, out _));
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public async Task A_flood_of_refused_connections_logs_a_few_lines_then_one_summary_with_counts()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        await using var host = TestHost.Start(new RpcServerOptions
        {
            Time = time,
            Logger = logger,
            MaxConnectionsPerSource = 1,
            HandshakeTimeout = TimeSpan.FromHours(1),
            WarningsPerInterval = 3,
            WarningInterval = TimeSpan.FromSeconds(10),
        });
        using var holder = await host.ConnectRawAsync(Attacker);
        await EventuallyAsync(() => host.Server.ConnectionsFrom(Attacker) == 1);
        for (int i = 0; i < 20; i++)
        {
            using var refused = await host.ConnectRawAsync(Attacker);
            Assert.True(await refused.IsClosedByServerAsync());
        }

        await EventuallyAsync(() => host.Server.RefusedConnections == 20);
        Assert.Equal(3, logger.Lines.Count(l => l.Contains("connection refused", StringComparison.Ordinal)));
        time.Advance(TimeSpan.FromSeconds(10));
        await EventuallyAsync(() => logger.Lines.Any(l => l.Contains("more warning", StringComparison.Ordinal)));
        var summary = Assert.Single(logger.Lines, l => l.Contains("more warning", StringComparison.Ordinal));
        Assert.Contains("17 more warning(s)", summary, StringComparison.Ordinal);
        Assert.Contains("most from 127.0.0.2: 17", summary, StringComparison.Ordinal);
        Assert.Equal(4, logger.Lines.Count);
    }

    private sealed class ListLogger : ILogger
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (_lock)
                {
                    _lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
