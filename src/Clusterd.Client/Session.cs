using System.Net;
using System.Net.Sockets;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc;
using Microsoft.Extensions.Logging;

namespace Clusterd.Client;

/// <summary>
/// One connected, bound ClusAPI connection with its open cluster handle, and the call shapes the operations share:
/// open-use-close of object handles, enumeration, and controls with the ERROR_MORE_DATA retry.
/// </summary>
internal sealed class Session
{
    /// <summary>MAXIMUM_ALLOWED (MS-DTYP 2.4.3): the caller's highest level.</summary>
    private const uint MaximumAllowed = 0x0200_0000;

    private Session(ClusApiClient rpc, ClusterHandle cluster, bool readOnly)
    {
        Rpc = rpc;
        Cluster = cluster;
        ReadOnly = readOnly;
    }

    /// <summary>
    /// True when the cluster granted this account only "Read": ApiOpenCluster was refused, so the plain opens are too
    /// (they require "All", MS-CMRP 3.1.4.2.9, .42, .67), and objects are opened with the Ex methods and MAXIMUM_ALLOWED.
    /// </summary>
    public bool ReadOnly { get; }

    public ClusApiClient Rpc { get; }

    public ClusterHandle Cluster { get; }

    /// <summary>Resolves the host, connects (through the endpoint mapper unless a port is given), binds and opens the cluster.</summary>
    public static async Task<Session> OpenAsync(ClusterConnectionOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(options.Host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            ClusApiClient? rpc = null;
            try
            {
                rpc = options.Port is { } port
                    ? await ClusApiClient.ConnectAsync(new IPEndPoint(address, port), options.Credential, options.AuthLevel, cancellationToken: cancellationToken)
                        .ConfigureAwait(false)
                    : await ClusApiClient.ConnectViaEndpointMapperAsync(new IPEndPoint(address, options.EndpointMapperPort), options.Credential,
                        options.AuthLevel, cancellationToken: cancellationToken).ConfigureAwait(false);
                var open = await rpc.InvokeAsync(new OpenClusterRequest(), cancellationToken).ConfigureAwait(false);
                var cluster = open.Handle;
                var readOnly = open.Status == Win32Error.AccessDenied;
                if (readOnly)
                {
                    // ApiOpenCluster requires "All" (MS-CMRP 3.1.4.2.1); an account the cluster security descriptor grants
                    // "Read" opens with ApiOpenClusterEx and MAXIMUM_ALLOWED (3.1.4.2.116) and gets a read-only handle.
                    var ex = await rpc.InvokeAsync(new OpenClusterExRequest(MaximumAllowed), cancellationToken).ConfigureAwait(false);
                    ClusterClient.Check(ex.Status, "ApiOpenClusterEx");
                    cluster = ex.Handle;
                }
                else
                {
                    ClusterClient.Check(open.Status, "ApiOpenCluster");
                }
                if (log.IsEnabled(LogLevel.Debug))
                {
                    log.LogDebug("Connected to {Endpoint} as {User}.", rpc.Rpc.RemoteEndPoint, options.Credential.UserName);
                }
                return new Session(rpc, cluster, readOnly);
            }
            catch (Exception ex) when (ConnectError(ex, address, options) is { } error)
            {
                if (rpc is not null)
                {
                    await rpc.DisposeAsync().ConfigureAwait(false);
                }
                last = error;
                if (error.Error != Win32Error.RpcServerUnavailable)
                {
                    throw error; // the server answered: another address of the same name will answer the same
                }
            }
        }
        throw last ?? new ClusterException(Win32Error.RpcServerUnavailable, $"{options.Host} has no address");
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }
        try
        {
            var found = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return found.Length > 0 ? found : throw new ClusterException(Win32Error.RpcServerUnavailable, $"{host} has no address");
        }
        catch (SocketException ex)
        {
            throw new ClusterException(Win32Error.RpcServerUnavailable, $"{host} cannot be resolved: {ex.Message}", ex);
        }
    }

    /// <summary>What a failure while connecting means to the user; null lets it through (cancellation).</summary>
    private static ClusterException? ConnectError(Exception ex, IPAddress address, ClusterConnectionOptions options)
    {
        var where = options.Port is { } p ? $"{Format(address)}:{p}" : $"{Format(address)} (endpoint mapper port {options.EndpointMapperPort})";
        return ex switch
        {
            ClusterException c => c,
            OperationCanceledException => null,
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                new ClusterException(Win32Error.RpcServerUnavailable, $"connection refused by {where}", ex),
            SocketException s => new ClusterException(Win32Error.RpcServerUnavailable, $"{where}: {s.Message}", ex),
            RpcBindException b when b.Message.StartsWith("Authentication failed", StringComparison.Ordinal) || b.NakReason is not null =>
                new ClusterException(Win32Error.LogonFailure, $"{where} refused the credentials of {options.Credential.UserName}: {b.Message}", ex),
            RpcBindException b => new ClusterException(Win32Error.RpcUnknownInterface, $"{where}: {b.Message}", ex),
            RpcFaultException { Status: Clusterd.Rpc.Pdu.RpcStatus.AccessDenied } =>
                new ClusterException(Win32Error.LogonFailure, $"{where} refused the credentials of {options.Credential.UserName}", ex),
            RpcFaultException { Status: Clusterd.Rpc.Pdu.RpcStatus.SecurityPackageError } =>
                new ClusterException(Win32Error.RpcSecurityPackageError, $"{where}: the sealed session could not be verified", ex),
            RpcFaultException f => new ClusterException(Win32Error.RpcCallFailed, $"{where}: DCE/RPC fault 0x{f.Status:x8}", ex),
            Clusterd.Rpc.Ndr.NdrException or InvalidDataException =>
                new ClusterException(Win32Error.RpcProtocolError, $"{where} does not answer as a DCE/RPC server: {ex.Message}", ex),
            IOException => new ClusterException(Win32Error.RpcProtocolError, $"{where} does not answer as a DCE/RPC server: {ex.Message}", ex),
            _ => null,
        };
    }

    private static string Format(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>Closes the cluster handle (when asked and still possible) and the connection.</summary>
    public async ValueTask DisposeAsync(bool closeHandles)
    {
        if (closeHandles)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                _ = await Rpc.InvokeAsync(new CloseClusterRequest(Cluster), quick.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or RpcFaultException or ObjectDisposedException)
            {
                // The connection is going anyway; the server runs the handle down with it.
            }
        }
        await Rpc.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Calls one method.</summary>
    public Task<T> CallAsync<T>(IClusApiCall<T> request, CancellationToken cancellationToken) where T : IClusApiMessage<T> =>
        Rpc.InvokeAsync(request, cancellationToken);

    /// <summary>The names of the objects of one CLUSTER_ENUM_* type (ApiCreateEnum).</summary>
    public async Task<IReadOnlyList<string>> EnumerateAsync(ClusterEnumType type, CancellationToken cancellationToken)
    {
        var r = await CallAsync(new CreateEnumRequest((uint)type), cancellationToken).ConfigureAwait(false);
        ClusterClient.Check(r.Result, $"ApiCreateEnum({type})");
        return (r.Entries ?? []).Where(e => e.Name is not null).Select(e => e.Name!).ToList();
    }

    /// <summary>Opens a resource by name, runs <paramref name="use"/>, and closes it.</summary>
    public Task<T> WithResourceAsync<T>(string name, Func<ResourceHandle, Task<T>> use, CancellationToken cancellationToken) => ReadOnly
        ? WithAsync(new OpenResourceExRequest(name, MaximumAllowed), static h => new CloseResourceRequest(h), $"resource '{name}'", use, cancellationToken)
        : WithAsync(new OpenResourceRequest(name), static h => new CloseResourceRequest(h), $"resource '{name}'", use, cancellationToken);

    /// <summary>Opens a group by name, runs <paramref name="use"/>, and closes it.</summary>
    public Task<T> WithGroupAsync<T>(string name, Func<GroupHandle, Task<T>> use, CancellationToken cancellationToken) => ReadOnly
        ? WithAsync(new OpenGroupExRequest(name, MaximumAllowed), static h => new CloseGroupRequest(h), $"group '{name}'", use, cancellationToken)
        : WithAsync(new OpenGroupRequest(name), static h => new CloseGroupRequest(h), $"group '{name}'", use, cancellationToken);

    /// <summary>Opens a node by name, runs <paramref name="use"/>, and closes it.</summary>
    public Task<T> WithNodeAsync<T>(string name, Func<NodeHandle, Task<T>> use, CancellationToken cancellationToken) => ReadOnly
        ? WithAsync(new OpenNodeExRequest(name, MaximumAllowed), static h => new CloseNodeRequest(h), $"node '{name}'", use, cancellationToken)
        : WithAsync(new OpenNodeRequest(name), static h => new CloseNodeRequest(h), $"node '{name}'", use, cancellationToken);

    /// <summary>As the plain-open overload, with an Ex open (its granted access is the caller's level).</summary>
    private async Task<T> WithAsync<THandle, T>(IClusApiCall<OpenExResponse<THandle>> open, Func<THandle, IClusApiCall<CloseResponse<THandle>>> close,
        string what, Func<THandle, Task<T>> use, CancellationToken cancellationToken) where THandle : struct, IClusApiHandle<THandle>
    {
        var opened = await CallAsync(open, cancellationToken).ConfigureAwait(false);
        return await UseAndCloseAsync(opened.Status, opened.Handle, close, what, use).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="open"/>, runs <paramref name="use"/> on the handle, and closes it whatever happens.</summary>
    private async Task<T> WithAsync<THandle, T>(IClusApiCall<OpenResponse<THandle>> open, Func<THandle, IClusApiCall<CloseResponse<THandle>>> close,
        string what, Func<THandle, Task<T>> use, CancellationToken cancellationToken) where THandle : struct, IClusApiHandle<THandle>
    {
        var opened = await CallAsync(open, cancellationToken).ConfigureAwait(false);
        return await UseAndCloseAsync(opened.Status, opened.Handle, close, what, use).ConfigureAwait(false);
    }

    /// <summary>Checks an open's answer, runs <paramref name="use"/> on the handle, and closes it whatever happens.</summary>
    private async Task<T> UseAndCloseAsync<THandle, T>(Win32Error status, THandle handle, Func<THandle, IClusApiCall<CloseResponse<THandle>>> close,
        string what, Func<THandle, Task<T>> use) where THandle : struct, IClusApiHandle<THandle>
    {
        ClusterClient.Check(status, what);
        try
        {
            return await use(handle).ConfigureAwait(false);
        }
        finally
        {
            await CloseQuietlyAsync(close(handle)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Closes a handle after use. Only the answer is ignored (the handle is run down with the connection anyway); a
    /// connection failure still surfaces so the operation is retried on a new one.
    /// </summary>
    private async Task CloseQuietlyAsync<T>(IClusApiCall<T> close) where T : IClusApiMessage<T>
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        _ = await Rpc.InvokeAsync(close, quick.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a control: first with a 4 KiB output buffer, then, on ERROR_MORE_DATA, with the size the server names (up
    /// to 4 MiB). The answer is checked against the buffer asked for: max_count must be nOutBufferSize and
    /// BytesReturned the bytes received (MS-CMRP 3.1.4.2.74).
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ControlAsync(Func<uint, IClusApiCall<ControlResponse>> request, string what, CancellationToken cancellationToken)
    {
        var size = ClusterClient.InitialControlBuffer;
        for (var attempt = 0; ; attempt++)
        {
            var r = await CallAsync(request(size), cancellationToken).ConfigureAwait(false);
            if (r.OutBufferSize != size || r.BytesReturned != (uint)r.Output.Length)
            {
                throw new ClusterException(Win32Error.RpcProtocolError,
                    $"{what}: the answer's buffer ({r.OutBufferSize} bytes, {r.BytesReturned} returned, {r.Output.Length} sent) is not the {size} bytes asked for");
            }
            if (r.Result == Win32Error.MoreData && attempt == 0 && r.BytesRequired > size && r.BytesRequired <= ClusterClient.MaxControlBuffer)
            {
                size = r.BytesRequired;
                continue;
            }
            ClusterClient.Check(r.Result, what);
            return r.Output;
        }
    }
}
