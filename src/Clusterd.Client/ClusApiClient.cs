using System.Net;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Client;

/// <summary>
/// One DCE/RPC connection bound to clusapi 3.0 (MS-CMRP 2.1: SPNEGO/NTLM at packet privacy unless asked otherwise),
/// on which any MS-CMRP method of the contract is called by its typed request:
/// <c>await client.InvokeAsync(new OpenNodeRequest("node1"))</c>. Written against the protocol only, so it talks to
/// a Windows cluster as well as to clusterd. Calls go one at a time; <see cref="ClusterClient"/> is the domain-level API.
/// </summary>
public sealed class ClusApiClient : IAsyncDisposable
{
    private readonly RpcClient _rpc;

    private ClusApiClient(RpcClient rpc) => _rpc = rpc;

    /// <summary>The connection underneath (bind details, remote end point, association group).</summary>
    public RpcClient Rpc => _rpc;

    /// <summary>Connects to the ClusAPI endpoint at <paramref name="endPoint"/> and binds at <paramref name="level"/>.</summary>
    public static async Task<ClusApiClient> ConnectAsync(IPEndPoint endPoint, NtlmCredential credential,
        RpcAuthLevel level = RpcAuthLevel.Privacy, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var rpc = await RpcClient.ConnectAsync(endPoint, options, cancellationToken).ConfigureAwait(false);
        return await BindAsync(rpc, credential, level, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the endpoint mapper at <paramref name="endpointMapper"/> for the ClusAPI port (ept_map), connects and binds.</summary>
    public static async Task<ClusApiClient> ConnectViaEndpointMapperAsync(IPEndPoint endpointMapper, NtlmCredential credential,
        RpcAuthLevel level = RpcAuthLevel.Privacy, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var rpc = await RpcClient.ConnectViaEndpointMapperAsync(endpointMapper, ClusApiInterface.Syntax, options, cancellationToken).ConfigureAwait(false);
        return await BindAsync(rpc, credential, level, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ClusApiClient> BindAsync(RpcClient rpc, NtlmCredential credential, RpcAuthLevel level, CancellationToken cancellationToken)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(credential);
            if (level == RpcAuthLevel.None)
            {
                await rpc.BindAsync(ClusApiInterface.Syntax, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, credential)
                    ?? throw new InvalidOperationException("No SPNEGO initiator.");
                await rpc.BindAsync(ClusApiInterface.Syntax, initiator, level, cancellationToken).ConfigureAwait(false);
            }
            return new ClusApiClient(rpc);
        }
        catch
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Calls the method of <paramref name="request"/> and decodes its typed response. A response that does not decode
    /// (a length past the stub, a count the stub cannot hold) is an <see cref="Clusterd.Rpc.Ndr.NdrException"/>: no
    /// length the server sends is trusted.
    /// </summary>
    public async Task<TResponse> InvokeAsync<TResponse>(IClusApiCall<TResponse> request, CancellationToken cancellationToken = default)
        where TResponse : IClusApiMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var writer = new Clusterd.Rpc.Ndr.NdrWriter(128);
        request.Write(writer);
        var stub = await _rpc.CallAsync((ushort)request.CallOpnum, writer.WrittenMemory, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ClusApiCodec.Decode<TResponse>(stub);
    }

    /// <summary>Closes the connection (the server runs the handles of this association down).</summary>
    public ValueTask DisposeAsync() => _rpc.DisposeAsync();
}
