using System.Net;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
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

    public T Use<T>(Func<ClusterEngine, T> action)
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
    public static ServiceHost Start(RpcAuthLevel minimum = RpcAuthLevel.Privacy, TimeSpan? idleTimeout = null, Func<ClusApiService, IRpcDispatcher>? wrap = null)
    {
        var provider = new SwappableProvider(NewEngine());
        var options = new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, Acceptor) };
        var server = new RpcServer(idleTimeout is { } idle ? options with { IdleTimeout = idle } : options);
        var service = new ClusApiService(provider);
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

/// <summary>Request stubs in the MS-CMRP wire notation that ClusApiNdr describes.</summary>
internal static class Stub
{
    public static byte[] Build(Action<NdrWriter> write)
    {
        var w = new NdrWriter();
        write(w);
        return w.ToArray();
    }

    public static byte[] Name(string name) => Build(w => w.WriteConformantVaryingString(name));

    public static byte[] Handle(NdrContextHandle h) => Build(w => w.WriteContextHandle(h));

    public static byte[] Control(NdrContextHandle h, uint code, uint outSize, byte[]? input = null) => Build(w =>
    {
        w.WriteContextHandle(h);
        w.WriteUInt32(code);
        if (w.WriteReferentId(input is not null))
        {
            w.WriteConformantByteArray(input);
        }
        w.WriteUInt32((uint)(input?.Length ?? 0));
        w.WriteUInt32(outSize);
    });

    /// <summary>Opens an object by name (OpenCluster when <paramref name="opnum"/> is 0) and returns the handle.</summary>
    public static async Task<NdrContextHandle> OpenAsync(RpcClient c, ushort opnum, string? name = null)
    {
        var r = new NdrReader(await c.CallAsync(opnum, name is null ? Array.Empty<byte>() : Name(name)));
        var status = r.ReadUInt32();
        Assert.Equal(0u, status);
        if (opnum != 0)
        {
            Assert.Equal(0u, r.ReadUInt32()); // rpc_status
        }
        return r.ReadContextHandle();
    }

    /// <summary>Decodes a control response: (result, bytes returned, bytes required, data, max_count).</summary>
    public static (uint Result, uint Returned, uint Required, byte[] Data, uint Max) ControlResponse(byte[] stub)
    {
        var r = new NdrReader(stub);
        var max = r.ReadUInt32();
        Assert.Equal(0u, r.ReadUInt32()); // offset
        var actual = r.ReadUInt32();
        var data = r.ReadBytes((int)actual).ToArray();
        var returned = r.ReadUInt32();
        var required = r.ReadUInt32();
        Assert.Equal(0u, r.ReadUInt32()); // rpc_status
        return (r.ReadUInt32(), returned, required, data, max);
    }
}
