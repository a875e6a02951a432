using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Tests.Server;

/// <summary>Our client ↔ our server with the NTLMSSP/SPNEGO providers of Security/ (MS-RPCE 2.2.1.1.7, 3.3.1.5.2.2).</summary>
public sealed class AuthenticatedLoopbackTests
{
    private static readonly NtlmAcceptorOptions Acceptor = new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
    };

    private static RpcServerOptions Options(RpcServerOptions? baseOptions = null) =>
        (baseOptions ?? new RpcServerOptions()) with { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor) };

    private static IRpcSecurityContext Initiator(RpcAuthType type, string password = "Secret1!") =>
        RpcSecurityProviders.CreateInitiator(type, NtlmCredential.FromPassword("alice", "DOM", password))!;

    [Theory]
    [InlineData(RpcAuthType.Ntlmssp, RpcAuthLevel.Connect)]
    [InlineData(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity)]
    [InlineData(RpcAuthType.Ntlmssp, RpcAuthLevel.Privacy)]
    [InlineData(RpcAuthType.Spnego, RpcAuthLevel.Connect)]
    [InlineData(RpcAuthType.Spnego, RpcAuthLevel.Integrity)]
    [InlineData(RpcAuthType.Spnego, RpcAuthLevel.Privacy)]
    public async Task Authenticated_calls_round_trip_with_multi_fragment_requests_and_responses(RpcAuthType type, RpcAuthLevel level)
    {
        await using var host = TestHost.Start(Options());
        await using var client = await host.ConnectAsync(new RpcClientOptions { MaxFragmentSize = 2048 }, bind: false);
        await client.BindAsync(EchoDispatcher.Id, Initiator(type), level);

        var who = new NdrReader(await client.CallAsync(4, ReadOnlyMemory<byte>.Empty));
        Assert.Equal("DOM\\alice", who.ReadUniqueString(), ignoreCase: true);
        Assert.Equal((uint)level, who.ReadUInt32());

        var big = EchoDispatcher.Pattern(9000);
        Assert.Equal(big, await client.CallAsync(0, big));
        Assert.Equal(new byte[] { 1, 2, 3 }, await client.CallAsync(0, new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public async Task Privacy_interface_accepts_sealed_calls_and_refuses_integrity_with_fault_5()
    {
        await using var host = TestHost.Start(Options(), echoMinimumLevel: RpcAuthLevel.Privacy);
        await using (var sealedClient = await host.ConnectAsync(bind: false))
        {
            await sealedClient.BindAsync(EchoDispatcher.Id, Initiator(RpcAuthType.Spnego), RpcAuthLevel.Privacy);
            Assert.Equal(new byte[] { 7 }, await sealedClient.CallAsync(0, new byte[] { 7 }));
        }

        await using var signedClient = await host.ConnectAsync(bind: false);
        await signedClient.BindAsync(EchoDispatcher.Id, Initiator(RpcAuthType.Spnego), RpcAuthLevel.Integrity);
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => signedClient.CallAsync(0, new byte[] { 7 }));
        Assert.Equal(RpcStatus.AccessDenied, ex.Status);
    }

    [Fact]
    public async Task Ntlmssp_wrong_password_fails_auth3_silently_and_the_first_request_gets_fault_5()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await host.ConnectAsync(bind: false);
        await client.BindAsync(EchoDispatcher.Id, Initiator(RpcAuthType.Ntlmssp, "wrong"), RpcAuthLevel.Integrity);
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(0, new byte[] { 1 }));
        Assert.Equal(RpcStatus.AccessDenied, ex.Status);
    }

    [Fact]
    public async Task Spnego_wrong_password_gets_fault_5_on_the_alter_context()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await host.ConnectAsync(bind: false);
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.BindAsync(EchoDispatcher.Id, Initiator(RpcAuthType.Spnego, "wrong"), RpcAuthLevel.Privacy));
        Assert.Equal(RpcStatus.AccessDenied, ex.Status);
    }

    [Theory]
    [InlineData(RpcAuthLevel.Integrity)]
    [InlineData(RpcAuthLevel.Privacy)]
    public async Task Tampered_request_signature_faults_with_0x721(RpcAuthLevel level)
    {
        await using var host = TestHost.Start(Options());
        await using var client = await host.ConnectAsync(bind: false);
        var tampering = new TamperingContext(Initiator(RpcAuthType.Ntlmssp));
        await client.BindAsync(EchoDispatcher.Id, tampering, level);
        Assert.Equal(new byte[] { 1 }, await client.CallAsync(0, new byte[] { 1 }));
        tampering.Tamper = true;
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => client.CallAsync(0, new byte[] { 1 }));
        Assert.Equal(RpcStatus.SecurityPackageError, ex.Status);
    }

    [Fact]
    public async Task Unsupported_auth_type_gets_bind_nak_8()
    {
        await using var host = TestHost.Start(Options());
        await using var client = await host.ConnectAsync(bind: false);
        var ex = await Assert.ThrowsAsync<RpcBindException>(() =>
            client.BindAsync(EchoDispatcher.Id, new TamperingContext(Initiator(RpcAuthType.Ntlmssp)) { Type = RpcAuthType.Kerberos }, RpcAuthLevel.Integrity));
        Assert.Equal(BindNakReason.AuthenticationTypeNotRecognized, ex.NakReason);
    }

    [Fact]
    public async Task Request_before_auth3_faults_with_proto_error()
    {
        await using var host = TestHost.Start(Options());
        using var raw = await host.ConnectRawAsync();
        var initiator = Initiator(RpcAuthType.Ntlmssp);
        initiator.Step(ReadOnlySpan<byte>.Empty, out byte[] negotiate);
        await raw.SendAsync(new BindPdu(1, PfcFlags.FirstAndLast, 5840, 5840, 0, [new(0, EchoDispatcher.Id, [SyntaxId.Ndr20])],
            new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, 1), negotiate)).Encode());
        Assert.Equal(PduRejectReason.None, BindAckPdu.TryParse((await raw.ReceiveAsync())!, out var ack));
        Assert.NotNull(ack!.Auth);
        var trailer = new AuthVerifier(new SecTrailer(RpcAuthType.Ntlmssp, RpcAuthLevel.Integrity, 0, 1), new byte[16]);
        await raw.SendAsync(new RequestPdu(2, PfcFlags.FirstAndLast, 0, 0, 0, null, new byte[4], trailer).Encode());
        Assert.Equal(RpcStatus.ProtocolError, (await raw.ExpectFaultAsync()).Status);
    }

    /// <summary>Wraps an initiator; can corrupt outgoing signatures or pretend to be another auth_type.</summary>
    private sealed class TamperingContext(IRpcSecurityContext inner) : IRpcSecurityContext
    {
        public bool Tamper { get; set; }

        public RpcAuthType? Type { get; init; }

        public RpcAuthType AuthType => Type ?? inner.AuthType;

        public bool IsComplete => inner.IsComplete;

        public string? UserName => inner.UserName;

        public int SignatureLength => inner.SignatureLength;

        public SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output) => inner.Step(input, out output);

        public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
        {
            inner.Sign(message, signature);
            if (Tamper)
            {
                signature[^1] ^= 0x55;
            }
        }

        public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => inner.Verify(message, signature);

        public void Seal(Span<byte> message, Range sealedRegion, Span<byte> signature)
        {
            inner.Seal(message, sealedRegion, signature);
            if (Tamper)
            {
                signature[^1] ^= 0x55;
            }
        }

        public bool Unseal(Span<byte> message, Range sealedRegion, ReadOnlySpan<byte> signature) => inner.Unseal(message, sealedRegion, signature);
    }
}
