using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Tests;

/// <summary>
/// MS-CMRP calls over a raw <see cref="RpcClient"/> through the typed contract (Clusterd.ClusApi.Contract): the request
/// encodes itself and names its opnum, the response decodes itself. Linked into the test projects that talk to the
/// ClusAPI service over the wire, so no test writes a method's NDR by hand (the golden bytes of each method are pinned
/// in tests/Clusterd.ClusApi.Contract.Tests). A raw RpcClient, not ClusApiClient: tests need special binds (no
/// authentication, a joined association group).
/// </summary>
internal static class ClusApiCallExtensions
{
    /// <summary>The request stub of <paramref name="request"/>.</summary>
    public static byte[] Encode<TResponse>(IClusApiCall<TResponse> request) where TResponse : IClusApiMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var writer = new NdrWriter(128);
        request.Write(writer);
        return writer.ToArray();
    }

    /// <summary>Calls the request's method and answers the response stub as it arrived (for golden-byte checks).</summary>
    public static Task<byte[]> CallRawAsync<TResponse>(this RpcClient client, IClusApiCall<TResponse> request)
        where TResponse : IClusApiMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return client.CallAsync((ushort)request.CallOpnum, Encode(request));
    }

    /// <summary>Calls the request's method and decodes its typed response.</summary>
    public static async Task<TResponse> CallAsync<TResponse>(this RpcClient client, IClusApiCall<TResponse> request)
        where TResponse : IClusApiMessage<TResponse> =>
        ClusApiCodec.Decode<TResponse>(await client.CallRawAsync(request).ConfigureAwait(false));
}
