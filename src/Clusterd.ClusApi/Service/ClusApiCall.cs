using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;

namespace Clusterd.ClusApi.Service;

/// <summary>One call in progress: the engine it runs on (under its lock) and the association's handles.</summary>
internal sealed class ClusApiCall(ICluster engine, RpcCallContext context)
{
    private ControlDispatcher? _controls;

    public ICluster Engine { get; } = engine;

    public RpcCallContext Context { get; } = context;

    public ControlDispatcher Controls => _controls ??= new ControlDispatcher(Engine);

    /// <summary>Cancelled when the connection is gone (or the server stops).</summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>Who asks, for diagnostics (backup-mode requester).</summary>
    public string Requester =>
        (string.IsNullOrEmpty(Context.UserName) ? "anonymous" : Context.UserName) + "@" + (Context.RemoteEndPoint?.ToString() ?? "?");

    /// <summary>The cluster's accounts, whose SIDs the cluster security descriptor names (docs/authorization.md).</summary>
    public ClusterAccounts Accounts { get; init; } = ClusterAccounts.None;

    /// <summary>
    /// The level the caller holds on the cluster (MS-CMRP 3.1.1.3, 3.1.4), evaluated once per call against the
    /// descriptor stored in the engine state at that moment: none stored (an engine the server did not seed) is the
    /// rule of a server without one, every admitted caller holds "All"; a stored descriptor that does not parse (it
    /// cannot be written so, SetClusterSecurity parses it) grants nothing. A handle keeps the level it was opened with
    /// (docs/authorization.md, "Open handles").
    /// </summary>
    public ClusterAccessLevel CallerLevel => _callerLevel ??= EvaluateCaller();

    private ClusterAccessLevel? _callerLevel;

    private ClusterAccessLevel EvaluateCaller()
    {
        if (Engine.Queries.GetClusterSecurityDescriptor() is not { } stored)
        {
            return ClusterAccessLevel.All;
        }
        return Accounts.LevelOf(stored, Context.UserName);
    }

    /// <summary>
    /// The access a handle the caller opens or creates without asking for a level gets: its own level on the cluster
    /// (MS-CMRP 3.1.4: the server determines it). Only called once the caller is known to hold at least "Read".
    /// </summary>
    public ClusApiAccess CallerAccess => CallerLevel == ClusterAccessLevel.All ? ClusApiAccess.All : ClusApiAccess.Read;

    /// <summary>What the method being called requires (<see cref="ClusApiMethodAccess"/>).</summary>
    public MethodAccess Access { get; init; } = new(AccessRule.Read, "");

    /// <summary>The object the call acts on, for the audit trail: the first handle resolved, or the object a create made.</summary>
    public (ClusApiObjectKind Kind, string Id)? Subject { get; private set; }

    /// <summary>
    /// True when the method needs "All" (<see cref="AccessRule.All"/>, <see cref="AccessRule.Open"/>): of every handle it
    /// resolves, and of the caller when it resolves none (<see cref="CheckCaller"/>).
    /// </summary>
    private bool NeedsAll => Access.Rule is AccessRule.All or AccessRule.Open;

    /// <summary>
    /// The level an open grants when it asks for <paramref name="wanted"/>: never more than the caller holds (MS-CMRP
    /// 3.1.4: the server determines the level the client is granted).
    /// </summary>
    public ClusApiAccess Grant(ClusApiAccess wanted) => CallerAccess == ClusApiAccess.All ? wanted : ClusApiAccess.Read;

    /// <summary>Opens a handle to an object; it is run down with the association.</summary>
    public NdrContextHandle Open(ClusApiObjectKind kind, string id, ClusApiAccess access) =>
        Context.ContextHandles.Create(new ClusApiHandle(kind, id, access, Engine));

    /// <summary>
    /// Reserves the handle a creating method answers with, before its engine command runs: the slot is taken now, with
    /// a placeholder no lookup resolves, so nothing after the command can fail for want of a handle. A full table (or
    /// the unauthenticated allowance) answers ERROR_NOT_ENOUGH_MEMORY before anything is created (MS-CMRP 3.1.4.2.10,
    /// 3.1.4.2.43: the method fails and returns a NULL handle; docs/engine-rules.md, "The ClusAPI layer").
    /// </summary>
    public Win32Error TryReserveHandle(out NdrContextHandle handle) =>
        Context.ContextHandles.TryCreate(ReservedHandle.Instance, null, out handle) ? Win32Error.Success : Win32Error.NotEnoughMemory;

    /// <summary>
    /// Ends a reservation: with <paramref name="result"/> success the reserved handle now refers to the object (which
    /// cannot fail: a table run down meanwhile has no client left to answer); otherwise it is released and the answer
    /// is a NULL handle.
    /// </summary>
    public NdrContextHandle CompleteReservation(NdrContextHandle reserved, Win32Error result, ClusApiObjectKind kind, string? id, ClusApiAccess access)
    {
        if (result == Win32Error.Success && id is not null)
        {
            Subject = (kind, id);
            _ = Context.ContextHandles.TrySetState(reserved, new ClusApiHandle(kind, id, access, Engine));
            return reserved;
        }
        _ = Context.ContextHandles.Close(reserved);
        return NdrContextHandle.Null;
    }

    /// <summary>
    /// Looks a handle up: unknown, closed, NULL, of another association, of another object kind, or opened on an
    /// engine that has been replaced since (admin reset) → ERROR_INVALID_HANDLE (MS-CMRP 3.1.4.2). In a method that
    /// requires "All", a handle that carries only "Read" → ERROR_ACCESS_DENIED (MS-CMRP 3.1.4: the level associated
    /// with the context handle), before anything is looked at or changed.
    /// </summary>
    public Win32Error Resolve(NdrContextHandle handle, ClusApiObjectKind kind, out ClusApiHandle state)
    {
        if (Context.ContextHandles.TryGet(handle, out ClusApiHandle h) && h.Kind == kind && ReferenceEquals(h.Engine, Engine))
        {
            Subject ??= (h.Kind, h.Id);
            _resolvedHandle = true;
            state = h;
            return NeedsAll && h.Access != ClusApiAccess.All ? Win32Error.AccessDenied : Win32Error.Success;
        }
        state = null!;
        return Win32Error.InvalidHandle;
    }

    /// <summary>Looks a typed handle up (<see cref="Resolve(NdrContextHandle, ClusApiObjectKind, out ClusApiHandle)"/>).</summary>
    public Win32Error Resolve<T>(T handle, ClusApiObjectKind kind, out ClusApiHandle state) where T : struct, IClusApiHandle<T> =>
        Resolve(handle.Value, kind, out state);

    /// <summary>Closes a handle of <paramref name="kind"/>: 0 and a NULL handle, or ERROR_INVALID_HANDLE and the handle back.</summary>
    public CloseResponse<T> Close<T>(T handle, ClusApiObjectKind kind) where T : struct, IClusApiHandle<T>
    {
        // A handle of a replaced engine may still be closed (the client cleans up after a reset).
        if (Context.ContextHandles.TryGet(handle.Value, out ClusApiHandle h) && h.Kind == kind && Context.ContextHandles.Close(handle.Value))
        {
            return new(default, Win32Error.Success);
        }
        return new(handle, Win32Error.InvalidHandle);
    }

    /// <summary>
    /// The caller rule (MS-CMRP 3.1.4), part of the state checks every handler makes. Once the call has resolved a
    /// handle, that handle's level governs (<see cref="Resolve(NdrContextHandle, ClusApiObjectKind, out ClusApiHandle)"/>):
    /// the level was granted at open and stays with the context (docs/authorization.md, "Open handles after a change").
    /// Before any handle, the caller's level on the cluster now decides: a method that requires "All" needs "All", any
    /// other needs at least "Read" (an account the descriptor grants nothing calls nothing).
    /// </summary>
    private Win32Error CheckCaller()
    {
        if (_resolvedHandle)
        {
            return Win32Error.Success;
        }
        var level = CallerLevel;
        return (NeedsAll ? level != ClusterAccessLevel.All : level == ClusterAccessLevel.None) ? Win32Error.AccessDenied : Win32Error.Success;
    }

    private bool _resolvedHandle;

    /// <summary>
    /// The protocol server state rule for methods that only read (MS-CMRP 3.1.1: nothing in the None state), after the
    /// caller rule (<see cref="CheckCaller"/>).
    /// </summary>
    public Win32Error CheckRead()
    {
        var e = CheckCaller();
        if (e != Win32Error.Success)
        {
            return e;
        }
        return Engine.ServerState == ProtocolServerState.None ? Win32Error.SharingPaused : Win32Error.Success;
    }

    /// <summary>
    /// The rules for a method that changes state and takes no handle: the caller needs "All" (else ERROR_ACCESS_DENIED)
    /// and the server the Read/Write state (else ERROR_SHARING_PAUSED), MS-CMRP 3.1.4 and 3.1.1.
    /// </summary>
    public Win32Error CheckWrite()
    {
        var e = CheckCaller();
        if (e != Win32Error.Success)
        {
            return e;
        }
        return Engine.ServerState == ProtocolServerState.ReadWrite ? Win32Error.Success : Win32Error.SharingPaused;
    }

    /// <summary>
    /// The rules for methods that change state: the handle needs "All" (else ERROR_ACCESS_DENIED), as does the caller,
    /// and the server the Read/Write state (else ERROR_SHARING_PAUSED), MS-CMRP 3.1.4 and 3.1.1.
    /// </summary>
    public Win32Error CheckWrite(ClusApiHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.Access != ClusApiAccess.All ? Win32Error.AccessDenied : CheckWrite();
    }

    /// <summary>The control context of a handle (modify-bit codes need "All" of the handle, whose level was granted at open).</summary>
    public ControlContext ControlContextFor(ClusApiHandle handle, string? nodeName = null) =>
        new(handle.Access == ClusApiAccess.All, nodeName, Requester, Accounts);
}

/// <summary>The state of a handle reserved by <see cref="ClusApiCall.TryReserveHandle"/> and not yet filled in: no lookup resolves it.</summary>
internal sealed class ReservedHandle
{
    public static readonly ReservedHandle Instance = new();

    private ReservedHandle()
    {
    }
}
