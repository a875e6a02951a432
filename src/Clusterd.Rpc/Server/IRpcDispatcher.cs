using System.Net;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>Serves the operations of one registered interface.</summary>
public interface IRpcDispatcher
{
    /// <summary>
    /// Executes <paramref name="opnum"/> on a reassembled, verified/unsealed stub. Throwing <see cref="Ndr.NdrException"/>
    /// or <see cref="RpcFaultException"/> turns into a fault PDU; any other exception into nca_s_fault_unspec.
    /// Trailing stub bytes (verification trailer) must be ignored.
    /// </summary>
    ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A <see cref="RpcDispatchMode.ThreadPool"/> dispatcher that can answer some calls without blocking. Before moving a
/// call off the socket event thread (with inline socket completions) the connection offers it here first: a call the
/// dispatcher can finish at once, without waiting for a lock another thread holds or for I/O, is answered in place and
/// saves the thread wakeup of the hop; anything else is declined and runs on a pool worker through
/// <see cref="IRpcDispatcher.InvokeAsync"/> as before.
/// </summary>
public interface IRpcInlineDispatcher : IRpcDispatcher
{
    /// <summary>
    /// Executes the call if that never blocks, and returns true with its result; returns false, having changed
    /// nothing, to have it run through <see cref="IRpcDispatcher.InvokeAsync"/> on a pool worker. Exceptions are
    /// treated as those of <see cref="IRpcDispatcher.InvokeAsync"/>.
    /// </summary>
    bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken, out RpcCallResult result);
}

/// <summary>
/// What a dispatcher returns: response stub bytes, a fault status (nca_s_* or Win32), or no answer at all and the
/// connection closed (<see cref="CloseConnection"/>).
/// </summary>
public sealed class RpcCallResult
{
    private RpcCallResult(ReadOnlyMemory<byte> stub, uint? faultStatus, bool didNotExecute, bool closesConnection = false)
    {
        Stub = stub;
        FaultStatus = faultStatus;
        DidNotExecute = didNotExecute;
        ClosesConnection = closesConnection;
    }

    /// <summary>The response stub (empty for a fault).</summary>
    public ReadOnlyMemory<byte> Stub { get; }

    /// <summary>The fault status, or null on success.</summary>
    public uint? FaultStatus { get; }

    /// <summary>Set PFC_DID_NOT_EXECUTE on the fault (the manager routine never ran).</summary>
    public bool DidNotExecute { get; }

    /// <summary>
    /// True when the call is not answered and its connection is closed instead (<see cref="CloseConnection"/>); the
    /// other calls of the connection are ended as for a peer that hung up, and its association's context handles run down.
    /// </summary>
    public bool ClosesConnection { get; }

    /// <summary>
    /// No answer: the server closes the call's connection, as when the transport fails under a call (MS-RPCE 3.3.3.5.2:
    /// the client sees the connection closed, not a fault). For fault injection in tests and emulators.
    /// </summary>
    public static RpcCallResult CloseConnection { get; } = new(default, null, false, closesConnection: true);

    /// <summary>nca_s_op_rng_error with DID_NOT_EXECUTE, for an opnum the interface does not implement (C706 appendix E; as Samba and Windows answer).</summary>
    public static RpcCallResult OpnumOutOfRange { get; } = new(default, RpcStatus.OpRangeError, true);

    /// <summary>A successful call with its response stub.</summary>
    public static RpcCallResult Success(ReadOnlyMemory<byte> stub) => new(stub, null, false);

    /// <summary>A fault with <paramref name="status"/>.</summary>
    public static RpcCallResult Fault(uint status, bool didNotExecute = false) => new(default, status, didNotExecute);
}

/// <summary>Per-call facts a dispatcher may need.</summary>
public sealed class RpcCallContext
{
    internal RpcCallContext(
        ContextHandleTable handles, uint associationGroupId, SyntaxId interfaceId, uint callId, ushort contextId, Guid? objectUuid,
        string? userName, RpcAuthType authType, RpcAuthLevel authLevel, IPEndPoint? localEndPoint, IPEndPoint? remoteEndPoint)
    {
        ContextHandles = handles;
        AssociationGroupId = associationGroupId;
        Interface = interfaceId;
        CallId = callId;
        ContextId = contextId;
        ObjectUuid = objectUuid;
        UserName = userName;
        AuthType = authType;
        AuthLevel = authLevel;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Context handles of this association; run down when the connection drops.</summary>
    public ContextHandleTable ContextHandles { get; }

    /// <summary>The association group id returned in bind_ack.</summary>
    public uint AssociationGroupId { get; }

    /// <summary>The interface of the presentation context the call arrived on.</summary>
    public SyntaxId Interface { get; }

    /// <summary>call_id.</summary>
    public uint CallId { get; }

    /// <summary>p_cont_id.</summary>
    public ushort ContextId { get; }

    /// <summary>The request's object UUID, if PFC_OBJECT_UUID was set.</summary>
    public Guid? ObjectUuid { get; }

    /// <summary>The authenticated account ("DOMAIN\user", "" for anonymous), or null without authentication.</summary>
    public string? UserName { get; }

    /// <summary>auth_type of the connection (None without authentication).</summary>
    public RpcAuthType AuthType { get; }

    /// <summary>Effective level: None without authentication.</summary>
    public RpcAuthLevel AuthLevel { get; }

    /// <summary>Local end point of the connection (the address the client reached).</summary>
    public IPEndPoint? LocalEndPoint { get; }

    /// <summary>Remote end point of the connection.</summary>
    public IPEndPoint? RemoteEndPoint { get; }
}
