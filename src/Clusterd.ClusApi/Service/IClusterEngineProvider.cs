using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// Gives the ClusApi service the current engine for the duration of one call. The host may replace the engine (admin
/// reset); a handle opened on an earlier engine is then no longer valid (ERROR_INVALID_HANDLE).
/// </summary>
public interface IClusterEngineProvider
{
    /// <summary>Runs <paramref name="action"/> with the current engine; the engine is not replaced meanwhile.</summary>
    T Use<T>(Func<ICluster, T> action);

    /// <summary>
    /// As <see cref="Use{T}"/> if that does not have to wait (the engine is being replaced): true with the result, or
    /// false without running <paramref name="action"/>. For callers that must not block (a call answered on the socket
    /// thread, ClusApiService.TryInvokeInline).
    /// </summary>
    bool TryUse<T>(Func<ICluster, T> action, out T result)
    {
        result = Use(action);
        return true;
    }
}

/// <summary>A provider over one fixed engine (tests, embedding).</summary>
public sealed class FixedEngineProvider(ICluster engine) : IClusterEngineProvider
{
    private readonly ICluster _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc />
    public T Use<T>(Func<ICluster, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action(_engine);
    }
}
