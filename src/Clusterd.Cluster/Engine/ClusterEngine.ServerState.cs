namespace Clusterd.Cluster.Engine;

/// <summary>The protocol server state of MS-CMRP 3.1.1: which requests the server accepts.</summary>
public enum ProtocolServerState
{
    /// <summary>The server accepts no requests.</summary>
    None,
    /// <summary>The server accepts only requests that change nothing (writes answer ERROR_SHARING_PAUSED).</summary>
    ReadOnly,
    /// <summary>The server accepts every request (the normal state).</summary>
    ReadWrite,
}

/// <summary>The protocol server state (runtime; the emulator can force it to test clients).</summary>
public sealed partial class ClusterEngine
{
    private volatile ProtocolServerState _serverState = ProtocolServerState.ReadWrite;

    /// <summary>The current protocol server state (MS-CMRP 3.1.1).</summary>
    public ProtocolServerState ServerState => _serverState;

    /// <summary>Emulator: forces the protocol server state.</summary>
    public void SetServerState(ProtocolServerState state)
    {
        lock (_gate)
        {
            _serverState = state;
        }
    }
}
