using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>
/// The transport-independent control-code entry point: <c>(object, code, input bytes, output size) →
/// (Win32 error, output bytes, bytes required)</c>, with the common rules of MS-CMRP 3.1.4.2.74 applied
/// once here: unknown or internal codes, codes for another object type, the access check for modify-bit codes, the
/// protocol server state, the node-variant owner check, and ERROR_MORE_DATA. The codes themselves are handled in
/// the partial files by object type; the decisions are the engine's.
/// </summary>
public sealed partial class ControlDispatcher(ClusterEngine engine)
{
    private readonly ClusterEngine _engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The engine behind the dispatcher.</summary>
    public ClusterEngine Engine => _engine;

    /// <summary>
    /// The checks every control makes before its own: an internal code (only the cluster service may send it)
    /// or a code of another object type is ERROR_INVALID_FUNCTION; a modify-bit code on a handle without "All"
    /// access is ERROR_ACCESS_DENIED (MS-CMRP 3.1.4.2.74); a code that changes state while the server is not in
    /// the Read/Write state is ERROR_SHARING_PAUSED (MS-CMRP 3.1.4.2); in the None state nothing is served.
    /// </summary>
    private Win32Error CommonChecks(ControlCode code, ControlObject expected, ControlContext ctx)
    {
        if (code.IsInternal || code.ObjectType != expected)
        {
            return Win32Error.InvalidFunction;
        }
        if (code.IsModify && !ctx.FullAccess)
        {
            return Win32Error.AccessDenied;
        }
        var state = _engine.ServerState;
        if (state == ProtocolServerState.None)
        {
            return Win32Error.SharingPaused;
        }
        if (state == ProtocolServerState.ReadOnly && (code.IsModify || code.Access == ControlAccess.Write))
        {
            return Win32Error.SharingPaused;
        }
        return Win32Error.Success;
    }

    private static ControlOutput Fail(Win32Error e) => ControlOutput.Failure(e);

    private static ControlOutput Result(Win32Error e) => e == Win32Error.Success ? ControlOutput.Empty : Fail(e);

    private static ControlOutput Output(ReadOnlyMemory<byte> produced, uint outSize) => ControlOutput.FromProduced(produced, outSize);

    /// <summary>A NUL-terminated UTF-16 string as control output.</summary>
    private static byte[] StringBytes(string value) => Utf16Field.ToNulTerminatedBytes(value);
}
