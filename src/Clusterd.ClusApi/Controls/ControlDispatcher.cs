using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>
/// The transport-independent control-code entry point: <c>(object, code, input bytes, output size) →
/// (Win32 error, output bytes, bytes required)</c>, with the common rules of MS-CMRP 3.1.4.2.74 applied
/// once here: unknown or internal codes, codes for another object type, the access check for modify-bit codes, the
/// protocol server state, the node-variant owner check, and ERROR_MORE_DATA. The codes themselves are handled in
/// the partial files by object type; the decisions are the engine's.
/// </summary>
public sealed partial class ControlDispatcher(ICluster engine)
{
    private readonly ICluster _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The engine behind the dispatcher.</summary>
    public ICluster Engine => _engine;

    /// <summary>
    /// The checks every control makes before the code's own, in the order of MS-CMRP 3.1.4.2.74 (ApiResourceControl;
    /// the other control methods, 3.1.4.2.73-80, 88-89, 97-98, 105-106, refer to it), written here once for every
    /// control entry point and run inside the control's one engine command (<see cref="ICluster.EnterCommand"/>):
    /// <list type="number">
    /// <item>the handle: unknown, closed or of another object kind is ERROR_INVALID_HANDLE. The dispatcher gets object
    /// names, not handles, so the transport resolves it before calling (ClusApiCall.Resolve, MS-CMRP 3.1.4.2);</item>
    /// <item>the protocol server state None accepts no request at all: ERROR_SHARING_PAUSED (MS-CMRP 3.1.1; every
    /// method checks it right after its handle, ClusApiCall.CheckRead, so this is a no-op on that path);</item>
    /// <item>the object behind the handle is gone (deleted since the open): <paramref name="lookup"/>, the
    /// *_NOT_FOUND error of its kind;</item>
    /// <item>an internal code (only the cluster service may send it) or a code for another object type:
    /// ERROR_INVALID_FUNCTION;</item>
    /// <item>a code with the modify bit on a handle without "All" access: ERROR_ACCESS_DENIED;</item>
    /// <item>a code that changes state (modify bit, or write access) while the server is in the Read-Only state:
    /// ERROR_SHARING_PAUSED (MS-CMRP 3.1.1, 3.1.4.2);</item>
    /// <item>a node variant (ApiNodeResourceControl) on a node that does not own the resource:
    /// ERROR_CLUSTER_NODE_NOT_FOUND for an unknown node, else ERROR_HOST_NODE_NOT_RESOURCE_OWNER (the MSCS pages of the
    /// CSV codes); only where <paramref name="owner"/> is given;</item>
    /// </list>
    /// then the code's own checks, in the engine (docs/behaviour.md, "Check order").
    /// </summary>
    private Win32Error Admit(ControlCode code, ControlObject expected, ControlContext ctx, Win32Error lookup = Win32Error.Success, string? owner = null)
    {
        var state = _engine.ServerState;
        if (state == ProtocolServerState.None)
        {
            return Win32Error.SharingPaused;
        }
        if (lookup != Win32Error.Success)
        {
            return lookup;
        }
        if (code.IsInternal || code.ObjectType != expected)
        {
            return Win32Error.InvalidFunction;
        }
        if (code.IsModify && !ctx.FullAccess)
        {
            return Win32Error.AccessDenied;
        }
        if (state == ProtocolServerState.ReadOnly && (code.IsModify || code.Access == ControlAccess.Write))
        {
            return Win32Error.SharingPaused;
        }
        if (owner is not null && ctx.NodeName is { } node && !string.Equals(node, owner, StringComparison.OrdinalIgnoreCase))
        {
            return _engine.Queries.FindNode(node) is null ? Win32Error.ClusterNodeNotFound : Win32Error.HostNodeNotResourceOwner;
        }
        return Win32Error.Success;
    }

    /// <summary>
    /// True for a code that only reads (read access, no modify bit): it never commits to the store, so on a free engine
    /// lock it finishes in microseconds and may run on the thread that read the request (ClusApiService.TryInvokeInline).
    /// </summary>
    public static bool OnlyReads(uint controlCode)
    {
        var code = new ControlCode(controlCode);
        return code.Access == ControlAccess.Read && !code.IsModify && !code.IsInternal;
    }

    private static ControlOutput Fail(Win32Error e) => ControlOutput.Failure(e);

    private static ControlOutput Result(Win32Error e) => e == Win32Error.Success ? ControlOutput.Empty : Fail(e);

    private static ControlOutput Output(ReadOnlyMemory<byte> produced, uint outSize) => ControlOutput.FromProduced(produced, outSize);

    /// <summary>A NUL-terminated UTF-16 string as control output.</summary>
    private static byte[] StringBytes(string value) => Utf16Field.ToNulTerminatedBytes(value);
}
