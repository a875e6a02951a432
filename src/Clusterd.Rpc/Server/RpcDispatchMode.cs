namespace Clusterd.Rpc.Server;

/// <summary>
/// Where a registered interface's calls run once a request is reassembled and verified. It matters only when the
/// process runs socket completions inline (<see cref="SocketCompletions"/>): then the request arrives on the socket
/// engine's event thread, which also serves every other connection of that engine.
/// </summary>
public enum RpcDispatchMode
{
    /// <summary>
    /// The call may block (a store commit, a lock, a long computation): it is moved to a thread-pool worker before the
    /// dispatcher runs, unless it is already on one. The safe default. A dispatcher that implements
    /// <see cref="IRpcInlineDispatcher"/> is first offered the call in place and keeps the ones it can finish without
    /// blocking (ClusAPI: read-only control codes on a free engine lock).
    /// </summary>
    ThreadPool = 0,

    /// <summary>
    /// The dispatcher never blocks and finishes in microseconds (the endpoint mapper, mgmt): it runs on the thread that
    /// read the request, which saves a thread wakeup per call. A dispatcher that awaits still frees that thread.
    /// </summary>
    Inline = 1,
}
