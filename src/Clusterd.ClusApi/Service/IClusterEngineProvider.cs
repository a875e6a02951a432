using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// Gives the ClusApi service the current engine for the duration of one call. The host may replace the engine (admin
/// reset); a handle opened on an earlier engine is then no longer valid (ERROR_INVALID_HANDLE).
/// </summary>
public interface IClusterEngineProvider
{
    /// <summary>Runs <paramref name="action"/> with the current engine; the engine is not replaced meanwhile.</summary>
    T Use<T>(Func<ClusterEngine, T> action);
}

/// <summary>A provider over one fixed engine (tests, embedding).</summary>
public sealed class FixedEngineProvider(ClusterEngine engine) : IClusterEngineProvider
{
    private readonly ClusterEngine _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc />
    public T Use<T>(Func<ClusterEngine, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action(_engine);
    }
}
