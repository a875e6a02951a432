using System.Reflection;
using Clusterd.ClusApi.Contract;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The attribute values of a ClusAPI call on <c>clusterd.rpc.server.calls</c> (docs/metrics.md): the interface, and the
/// status a client sees, which is the method's own error_status_t (its function result, the <c>Status</c>
/// out-parameter of the Open methods, or ApiCreateNotifyV2's <c>rpc_error</c>, MS-CMRP 3.1.4.2) named as winerror.h
/// names it.
/// </summary>
internal static class ClusApiMetrics
{
    /// <summary>rpc.service of every ClusAPI call (the IDL interface name, MS-CMRP 6).</summary>
    public const string Service = "clusapi";

    /// <summary>The result of a call that ended in a fault PDU (a request that did not decode, a handler that threw).</summary>
    public const string Fault = "fault";

    /// <summary>rpc.method of an opnum this server does not implement.</summary>
    public const string UnknownMethod = "unknown";

    /// <summary>The result of an opnum this server does not implement (the fault nca_s_op_rng_error).</summary>
    public const string OpnumOutOfRange = "nca_s_op_rng_error";

    /// <summary>The result of a response type that carries no status (none today: a test checks every method).</summary>
    public const string NoStatus = "none";

    /// <summary>The status <paramref name="response"/> carries, as a winerror.h name (a constant string for a named error).</summary>
    public static string ResultOf<TResponse>(TResponse response) where TResponse : IClusApiMessage<TResponse> =>
        StatusOf<TResponse>.Getter is { } get ? Win32ErrorInfo.NameOf(get(ref response)) : NoStatus;

    /// <summary>True when the responses of <typeparamref name="TResponse"/> carry a status the calls are counted by.</summary>
    public static bool HasStatus<TResponse>() where TResponse : IClusApiMessage<TResponse> => StatusOf<TResponse>.Getter is not null;

    private delegate Win32Error StatusGetter<T>(ref T response);

    /// <summary>
    /// The response's status property (<c>Result</c>; else <c>Status</c>: the Open methods; else <c>RpcError</c>:
    /// ApiCreateNotifyV2, MS-CMRP 3.1.4.2.136), found once per type; a
    /// delegate to the property getter, so reading it costs a call, not reflection.
    /// </summary>
    private static class StatusOf<TResponse>
    {
        public static readonly StatusGetter<TResponse>? Getter = Find();

        private static StatusGetter<TResponse>? Find()
        {
            foreach (var name in (ReadOnlySpan<string>)["Result", "Status", "RpcError"])
            {
                if (typeof(TResponse).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t, GetMethod: { } getter }
                    && t == typeof(Win32Error) && typeof(TResponse).IsValueType)
                {
                    return getter.CreateDelegate<StatusGetter<TResponse>>();
                }
            }
            return null;
        }
    }
}
