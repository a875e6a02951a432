using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The cluster as a front end (the ClusAPI server, the admin API) sees it: read it through <see cref="Queries"/>,
/// change it only by applying command values (<see cref="Execute(ClusterCommand)"/>), hold one composite command
/// across several reads and commands (<see cref="EnterCommand"/>), and listen to its events. No database keys, no
/// objects: what the engine keeps and how is its own business. <see cref="ClusterEngine"/> implements it.
/// </summary>
public interface ICluster
{
    /// <summary>The engine's settings (the CSV profile among them).</summary>
    ClusterOptions Options { get; }

    /// <summary>The cluster's clock (virtual in the emulator).</summary>
    TimeProvider Time { get; }

    /// <summary>Which requests the server accepts (MS-CMRP 3.1.1).</summary>
    ProtocolServerState ServerState { get; }

    /// <summary>Every read of the cluster's state.</summary>
    ClusterQueries Queries { get; }

    /// <summary>Applies one command; see <see cref="ClusterEngine.Execute(ClusterCommand)"/>.</summary>
    Win32Error Execute(ClusterCommand command);

    /// <summary>Applies one command whose answer carries a value; see <see cref="ClusterEngine.Execute{TResult}(ClusterCommand{TResult})"/>.</summary>
    (Win32Error Error, TResult? Value) Execute<TResult>(ClusterCommand<TResult> command);

    /// <summary>Starts one composite command; see <see cref="ClusterEngine.EnterCommand"/>.</summary>
    CommandScope EnterCommand();

    /// <summary>As <see cref="EnterCommand"/> without waiting; see <see cref="ClusterEngine.TryEnterCommand"/>.</summary>
    bool TryEnterCommand();

    /// <summary>Ends a command started by a successful <see cref="TryEnterCommand"/>.</summary>
    void ExitCommand();

    /// <summary>Subscribes to the cluster's events; see <see cref="ClusterEngine.Subscribe"/>.</summary>
    IDisposable Subscribe(Action<ClusterEvent> onEvent);
}
