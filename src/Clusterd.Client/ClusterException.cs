using Clusterd.ClusApi;

namespace Clusterd.Client;

/// <summary>
/// Every failure of <see cref="ClusterClient"/>: the Win32 code the cluster (or the connection) answered, its winerror.h
/// name and its meaning. <see cref="Exception.Message"/> reads
/// <c>ERROR_CLUSTER_BACKUP_IN_PROGRESS (5949): the operation cannot be completed while a backup is in progress</c>,
/// followed by what was being done when there is more to say.
/// </summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates an exception for <see cref="Win32Error.InvalidParameter"/>.</summary>
    public ClusterException()
        : this(Win32Error.InvalidParameter, null)
    {
    }

    /// <summary>Creates an exception with a message and <see cref="Win32Error.InvalidParameter"/>.</summary>
    public ClusterException(string message)
        : this(Win32Error.InvalidParameter, message)
    {
    }

    /// <summary>Creates an exception with a message, an inner exception and <see cref="Win32Error.RpcCallFailed"/>.</summary>
    public ClusterException(string message, Exception innerException)
        : this(Win32Error.RpcCallFailed, message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="error"/>, with what was being done.</summary>
    public ClusterException(Win32Error error, string? context, Exception? innerException = null)
        : base(Win32ErrorInfo.Describe(error) + (string.IsNullOrEmpty(context) ? "" : " (" + context + ")"), innerException)
    {
        Error = error;
        Context = context;
    }

    /// <summary>The Win32 error.</summary>
    public Win32Error Error { get; }

    /// <summary>The Win32 error as a number.</summary>
    public int Code => (int)Error;

    /// <summary>The winerror.h name, e.g. ERROR_CLUSTER_BACKUP_IN_PROGRESS.</summary>
    public string SymbolicName => Win32ErrorInfo.NameOf(Error);

    /// <summary>What the error means, in one line.</summary>
    public string Meaning => Win32ErrorInfo.MeaningOf(Error);

    /// <summary>What was being done (the operation and the object), when known.</summary>
    public string? Context { get; }
}
