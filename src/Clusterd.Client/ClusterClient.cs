using System.Net;
using System.Net.Sockets;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.Client;

/// <summary>
/// A cluster, managed over MS-CMRP (ClusAPI 3.0): nodes, groups, resources, their parameters, and Cluster Shared
/// Volumes with their backup mode, maintenance and redirected access. Every call is sealed (SPNEGO/NTLM, packet
/// privacy) unless <see cref="ClusterConnectionOptions.AuthLevel"/> says otherwise; handles are opened and closed
/// inside each operation; ERROR_MORE_DATA is retried with the size the server names; a lost connection is
/// re-established once and the operation retried. Every failure is a <see cref="ClusterException"/>.
/// Operations run one at a time per client (a DCE/RPC connection carries one call at a time).
/// </summary>
public sealed partial class ClusterClient : IAsyncDisposable
{
    /// <summary>The first output buffer a control is given; a larger answer comes back as ERROR_MORE_DATA with the size.</summary>
    internal const uint InitialControlBuffer = 4096;

    /// <summary>The largest output buffer asked for after ERROR_MORE_DATA (a server naming more is not believed).</summary>
    internal const uint MaxControlBuffer = 4 * 1024 * 1024;

    private readonly ClusterConnectionOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Session? _session;
    private bool _disposed;

    private ClusterClient(ClusterConnectionOptions options)
    {
        _options = options;
        _log = options.Logger ?? NullLogger.Instance;
    }

    /// <summary>The options the client connects with.</summary>
    public ClusterConnectionOptions Options => _options;

    /// <summary>Connects, binds and opens the cluster; a failure is a <see cref="ClusterException"/>.</summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new ClusterClient(options);
        try
        {
            await client.RunAsync("connect", static (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the cluster handle and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await DropSessionAsync(closeHandles: true).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the session, one operation at a time. A connection lost before the answer
    /// is re-established once and, when <paramref name="repeatable"/> (the operation names its objects and its target
    /// state, so running it twice ends the same), the operation is run again; a second loss, and every other failure,
    /// is a <see cref="ClusterException"/>.
    /// </summary>
    internal async Task<T> RunAsync<T>(string what, Func<Session, CancellationToken, Task<T>> operation, CancellationToken cancellationToken,
        bool repeatable = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var session = await EnsureSessionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await operation(session, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (attempt == 1 && repeatable && IsConnectionLoss(ex) && !cancellationToken.IsCancellationRequested)
                {
                    _log.LogWarning("The connection to {Host} was lost during {Operation} ({Reason}); reconnecting once.", _options.Host, what, ex.Message);
                    await DropSessionAsync(closeHandles: false).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsConnectionLoss(ex) && !cancellationToken.IsCancellationRequested)
                {
                    await DropSessionAsync(closeHandles: false).ConfigureAwait(false);
                    throw new ClusterException(Win32Error.RpcCallFailed, $"{what}: {ex.Message}", ex);
                }
            }
        }
        catch (Exception ex) when (Translate(ex, what) is { } translated)
        {
            if (IsConnectionLoss(ex))
            {
                await DropSessionAsync(closeHandles: false).ConfigureAwait(false);
            }
            throw translated;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsConnectionLoss(Exception ex) => ex is IOException or SocketException or ObjectDisposedException;

    /// <summary>The <see cref="ClusterException"/> for a failure that is not one already; null to let it through (cancellation).</summary>
    private static ClusterException? Translate(Exception ex, string what) => ex switch
    {
        ClusterException => null,
        OperationCanceledException => null,
        NdrException => new ClusterException(Win32Error.RpcProtocolError, $"{what}: the server's answer does not decode: {ex.Message}", ex),
        RpcFaultException fault => new ClusterException(FaultToError(fault.Status), $"{what}: DCE/RPC fault 0x{fault.Status:x8}", ex),
        IOException or SocketException or ObjectDisposedException => new ClusterException(Win32Error.RpcCallFailed, $"{what}: {ex.Message}", ex),
        _ => null,
    };

    /// <summary>The Win32 meaning of a DCE/RPC fault status (MS-RPCE 2.2.2.8; nca_s_* to RPC_S_*).</summary>
    private static Win32Error FaultToError(uint status) => status switch
    {
        RpcStatus.OpRangeError => Win32Error.RpcProcnumOutOfRange,
        RpcStatus.UnknownInterface => Win32Error.RpcUnknownInterface,
        RpcStatus.AccessDenied => Win32Error.AccessDenied,
        RpcStatus.UnsupportedAuthnLevel => Win32Error.RpcUnsupportedAuthnLevel,
        RpcStatus.ProtocolError => Win32Error.RpcProtocolError,
        < 0x10000 => (Win32Error)status,
        _ => Win32Error.RpcCallFailed,
    };

    private async Task<Session> EnsureSessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { } live)
        {
            return live;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            _session = await Session.OpenAsync(_options, _log, timeout.Token).ConfigureAwait(false);
            return _session;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterException(Win32Error.RpcServerUnavailable,
                $"no answer from {_options.Host} within {_options.ConnectTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task DropSessionAsync(bool closeHandles)
    {
        if (_session is not { } s)
        {
            return;
        }
        _session = null;
        await s.DisposeAsync(closeHandles).ConfigureAwait(false);
    }

    /// <summary>Throws a <see cref="ClusterException"/> unless <paramref name="result"/> is ERROR_SUCCESS.</summary>
    internal static void Check(Win32Error result, string what)
    {
        if (result != Win32Error.Success)
        {
            throw new ClusterException(result, what);
        }
    }
}
