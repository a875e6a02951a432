using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

/// <summary>
/// A change to the cluster, as a value (docs/architecture.md, rule 1). The engine applies commands one at a time, in
/// order, each as one transaction: <c>(state, command) → (state', events)</c>, all of it or nothing. Every input a
/// command needs is in the value; its time is the engine clock's at the moment it runs (<see cref="Tx.Now"/>), and
/// new IDs come from <see cref="ClusterOptions.NewId"/>. What is replicated to the other nodes of a multi-node cluster
/// is the committed result of a command (its batch of writes and its events), so every replica reaches the same
/// state whatever its clock. The set of commands is closed: only this assembly defines them.
/// </summary>
/// <remarks>Run one with <see cref="ClusterEngine.Execute(ClusterCommand)"/>. The answer is a Win32 error code.</remarks>
public abstract record ClusterCommand
{
    private protected ClusterCommand()
    {
    }

    /// <summary>The transition: checks, then changes through <paramref name="tx"/> (undone if the command fails).</summary>
    internal abstract Win32Error Apply(ClusterModel model, Tx tx);
}

/// <summary>A command whose answer carries a value besides the Win32 error code (a new object's ID, a volume name).</summary>
/// <typeparam name="TResult">The value's type; it is null whenever the error is not ERROR_SUCCESS or ERROR_IO_PENDING.</typeparam>
/// <remarks>Run one with <see cref="ClusterEngine.Execute{TResult}(ClusterCommand{TResult})"/>.</remarks>
public abstract record ClusterCommand<TResult>
{
    private protected ClusterCommand()
    {
    }

    /// <summary>The transition: checks, then changes through <paramref name="tx"/> (undone if the command fails).</summary>
    internal abstract (Win32Error Error, TResult? Value) Apply(ClusterModel model, Tx tx);
}
