using System.Net;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>An engine provider whose engine a test can replace (the admin reset).</summary>
internal sealed class SwappableProvider(ClusterEngine engine) : IClusterEngineProvider
{
    public ClusterEngine Engine { get; set; } = engine;

    /// <summary>Runs after each call's handler (under the provider), so a test can tell a call reached the engine.</summary>
    public Action? AfterUse { get; set; }

    public T Use<T>(Func<ICluster, T> action)
    {
        var result = action(Engine);
        AfterUse?.Invoke();
        return result;
    }
}

/// <summary>
/// Serves every call as the connection does on the socket thread with inline completions: offered to
/// <see cref="ClusApiService.TryInvokeInline"/> first, and through InvokeAsync only when declined. Counts both.
/// </summary>
internal sealed class InPlaceFirst(ClusApiService service) : IRpcDispatcher
{
    private int _inPlace;
    private int _declined;

    public int InPlace => Volatile.Read(ref _inPlace);

    public int Declined => Volatile.Read(ref _declined);

    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        if (service.TryInvokeInline(opnum, stub, context, cancellationToken, out var result))
        {
            Interlocked.Increment(ref _inPlace);
            return ValueTask.FromResult(result);
        }
        Interlocked.Increment(ref _declined);
        return service.InvokeAsync(opnum, stub, context, cancellationToken);
    }
}

/// <summary>An in-process RpcServer serving the ClusAPI service on a loopback port, sealed NTLM/SPNEGO by default.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public static readonly SyntaxId ClusApi = SyntaxId.ForInterface(ClusApiService.InterfaceUuid, 3, 0);

    private static readonly NtlmAcceptorOptions Acceptor = new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
    };

    private readonly RpcServer _server;

    private ServiceHost(RpcServer server, RpcListener listener, SwappableProvider provider)
    {
        _server = server;
        Listener = listener;
        Provider = provider;
    }

    public RpcListener Listener { get; }

    public SwappableProvider Provider { get; }

    public ClusterEngine Engine => Provider.Engine;

    public static ClusterEngine NewEngine() => ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(),
        new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <remarks><paramref name="wrap"/>: serve the service through a wrapper (e.g. <see cref="InPlaceFirst"/>).</remarks>
    /// <remarks><paramref name="guard"/>: the caller-access policy and audit trail (default: every caller "All", no audit).</remarks>
    /// <remarks><paramref name="configure"/>: changes the server options (e.g. the audit logger).</remarks>
    /// <remarks><paramref name="metrics"/>: where the server and the service count (default: <see cref="RpcMetrics.Shared"/>).</remarks>
    public static ServiceHost Start(RpcAuthLevel minimum = RpcAuthLevel.Privacy, TimeSpan? idleTimeout = null, Func<ClusApiService, IRpcDispatcher>? wrap = null,
        ClusApiGuard? guard = null, Func<RpcServerOptions, RpcServerOptions>? configure = null, RpcMetrics? metrics = null)
    {
        var provider = new SwappableProvider(NewEngine());
        var options = new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor), Metrics = metrics ?? RpcMetrics.Shared };
        options = idleTimeout is { } idle ? options with { IdleTimeout = idle } : options;
        var server = new RpcServer(configure is null ? options : configure(options));
        var service = new ClusApiService(provider, guard ?? ClusApiGuard.Default, metrics);
        server.RegisterInterface(ClusApiService.InterfaceUuid, 3, 0, wrap is null ? service : wrap(service), minimum);
        var listener = server.Listen(IPAddress.Loopback, 0);
        return new ServiceHost(server, listener, provider);
    }

    /// <summary>A client bound to clusapi: sealed SPNEGO (as MS-CMRP 2.1 asks), or with <paramref name="level"/>.</summary>
    /// <remarks><paramref name="associationGroupId"/>: join that association (shared context handles) instead of a new one.</remarks>
    public async Task<RpcClient> ConnectAsync(RpcAuthLevel level = RpcAuthLevel.Privacy, RpcAuthType type = RpcAuthType.Spnego, uint associationGroupId = 0)
    {
        var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Listener.Port), new RpcClientOptions { AssociationGroupId = associationGroupId });
        if (level == RpcAuthLevel.None)
        {
            await client.BindAsync(ClusApi);
        }
        else
        {
            var initiator = RpcSecurityProviders.CreateInitiator(type, NtlmCredential.FromPassword("alice", "DOM", "Secret1!"))!;
            await client.BindAsync(ClusApi, initiator, level);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Provider.Engine.Dispose();
    }
}

/// <summary>
/// Opening and control calls through the typed contract (<see cref="ClusApiCallExtensions"/>), with the checks every
/// test makes of them: no test writes a method's NDR by hand.
/// </summary>
internal static class Stub
{
    /// <summary>Opens (or creates) an object with an ApiOpenX/ApiCreateX request, asserts success, and returns the handle.</summary>
    public static async Task<THandle> OpenAsync<THandle>(RpcClient c, IClusApiCall<OpenResponse<THandle>> request)
        where THandle : struct, IClusApiHandle<THandle>
    {
        var response = await c.CallAsync(request);
        Assert.Equal(Win32Error.Success, response.Status);
        Assert.Equal(0u, response.RpcStatus);
        return response.Handle;
    }

    /// <summary>ApiOpenCluster, asserting success.</summary>
    public static async Task<ClusterHandle> OpenClusterAsync(RpcClient c)
    {
        var response = await c.CallAsync(new OpenClusterRequest());
        Assert.Equal(Win32Error.Success, response.Status);
        return response.Handle;
    }

    /// <summary>Opens an object with an ApiOpenXEx request, asserts success, and returns the handle.</summary>
    public static async Task<THandle> OpenExAsync<THandle>(RpcClient c, IClusApiCall<OpenExResponse<THandle>> request)
        where THandle : struct, IClusApiHandle<THandle>
    {
        var response = await c.CallAsync(request);
        Assert.Equal(Win32Error.Success, response.Status);
        Assert.Equal(0u, response.RpcStatus);
        return response.Handle;
    }

    /// <summary>ApiOpenClusterEx with <paramref name="desired"/>, asserting success.</summary>
    public static async Task<ClusterHandle> OpenClusterExAsync(RpcClient c, uint desired)
    {
        var response = await c.CallAsync(new OpenClusterExRequest(desired));
        Assert.Equal(Win32Error.Success, response.Status);
        return response.Handle;
    }

    /// <summary>A control method's call; the response's rpc_status is 0 (its output array's offset is checked by the decoder).</summary>
    public static async Task<ControlResponse> ControlAsync(RpcClient c, IClusApiCall<ControlResponse> request)
    {
        var response = await c.CallAsync(request);
        Assert.Equal(0u, response.RpcStatus);
        return response;
    }
}
