using System.Diagnostics;
using System.Reflection;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// One entry of the opnum table: decodes the method's typed request (<see cref="IClusApiRequest{TSelf, TResponse}"/>),
/// runs its handler under the engine lock and encodes the typed response. Decoding and encoding happen outside the
/// lock; the opnum is the request type's, so the table cannot put a handler under the wrong opnum.
/// </summary>
internal abstract class ClusApiMethod
{
    /// <summary>The opnum the method answers.</summary>
    public abstract ClusApiOpnum Opnum { get; }

    /// <summary>The handler (for the parity matrix: its <see cref="ParityNoteAttribute"/>).</summary>
    public abstract MethodInfo Handler { get; }

    /// <summary>The contract's request type.</summary>
    public abstract Type RequestType { get; }

    /// <summary>The contract's response type.</summary>
    public abstract Type ResponseType { get; }

    /// <summary>
    /// Decodes the request (a malformed one throws <see cref="NdrException"/>, which the RPC layer answers with a
    /// fault), runs the handler on the current engine and encodes the response. A handler that waits
    /// (ApiGetNotifyV2) starts its wait under the lock and completes outside it.
    /// </summary>
    /// <remarks>The call is counted in <paramref name="metrics"/> with the status its response carries (docs/metrics.md).</remarks>
    public abstract ValueTask<RpcCallResult> InvokeAsync(ClusApiGuard guard, IClusterEngineProvider engines, RpcCallContext context, ReadOnlyMemory<byte> stub,
        RpcMetrics metrics, CancellationToken cancellationToken);

    /// <summary>What the method requires of its caller (<see cref="ClusApiMethodAccess"/>).</summary>
    public abstract MethodAccess Access { get; }

    /// <summary>
    /// Runs the call on the calling (socket) thread when that cannot block: the method says the request only reads
    /// (its inline predicate, e.g. a read-only control code: never a store commit), and the host and the engine lock
    /// are free at once. Otherwise false, nothing run: the call goes to <see cref="InvokeAsync"/> on a pool worker. A
    /// request that does not decode is declined too, so the pool path answers its fault.
    /// </summary>
    public abstract bool TryInvokeInline(ClusApiGuard guard, IClusterEngineProvider engines, RpcCallContext context, ReadOnlyMemory<byte> stub,
        RpcMetrics metrics, CancellationToken cancellationToken, out RpcCallResult result);

    /// <summary>Decodes <paramref name="reader"/> as the method's request and returns it (fuzzing, diagnostics).</summary>
    public abstract object DecodeRequest(NdrReader reader);

    /// <summary>Decodes <paramref name="reader"/> as the method's response, as a client would (fuzzing, diagnostics).</summary>
    public abstract object DecodeResponse(NdrReader reader);

    /// <summary>
    /// A method answered at once. <paramref name="inline"/>, when given, tells which requests only read and may be
    /// answered on the socket thread (<see cref="TryInvokeInline"/>).
    /// </summary>
    public static ClusApiMethod Of<TRequest, TResponse>(Func<ClusApiCall, TRequest, TResponse> handler, Func<TRequest, bool>? inline = null)
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Typed<TRequest, TResponse>(handler.Method, (c, r) => ValueTask.FromResult(handler(c, r)),
            inline is null ? null : new InlineHandler<TRequest, TResponse>(inline, handler));
    }

    /// <summary>A method that may wait (ApiGetNotifyV2): the handler starts under the lock and its task ends outside it.</summary>
    public static ClusApiMethod Waiting<TRequest, TResponse>(Func<ClusApiCall, TRequest, ValueTask<TResponse>> handler)
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Typed<TRequest, TResponse>(handler.Method, handler, inline: null);
    }

    /// <summary>The response stub: the writer's bytes as they are, no copy.</summary>
    private static RpcCallResult Encode<TResponse>(in TResponse response) where TResponse : IClusApiMessage<TResponse>
    {
        // 1 KiB: a control answer with a small output (GET_SHARED_VOLUME_INFO, about 700 bytes) fits without regrowing.
        var writer = new NdrWriter(1024);
        response.Write(writer);
        return RpcCallResult.Success(writer.WrittenMemory);
    }

    /// <summary>One method: a handler answered at once completes its task at once, and is encoded without an await.</summary>
    /// <summary>A method's in-place path: which requests only read, and the synchronous handler that answers them.</summary>
    private sealed record InlineHandler<TRequest, TResponse>(Func<TRequest, bool> OnlyReads, Func<ClusApiCall, TRequest, TResponse> Handler);

    private sealed class Typed<TRequest, TResponse>(MethodInfo method, Func<ClusApiCall, TRequest, ValueTask<TResponse>> handler,
        InlineHandler<TRequest, TResponse>? inline) : ClusApiMethod
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        // The access rule is looked up when the table is built: a method without one stops the server from starting.
        private readonly MethodAccess _access = Checked(ClusApiMethodAccess.For(TRequest.Opnum));

        /// <summary>The rpc.method attribute: the IDL name, cached so that counting a call allocates nothing.</summary>
        private readonly string _name = TRequest.Opnum.ToString();

        public override ClusApiOpnum Opnum => TRequest.Opnum;

        public override MethodAccess Access => _access;

        /// <summary>A control method must carry its code (the code decides its access); every response must carry its answer.</summary>
        private static MethodAccess Checked(MethodAccess access) =>
            access.Rule == AccessRule.Control && !AuditFields<TRequest, TResponse>.HasControlCode
                ? throw new InvalidOperationException($"{TRequest.Opnum} is a control method but {typeof(TRequest).Name} has no ControlCode.")
                : access;

        /// <summary>A call for <paramref name="engine"/> with the method's access rule and the caller's level.</summary>
        private ClusApiCall NewCall(ClusApiGuard guard, ICluster engine, RpcCallContext context, CancellationToken cancellationToken) =>
            new(engine, context) { Aborted = cancellationToken, Access = _access, Accounts = guard.Accounts };

        /// <summary>Records a call that changes state (or tried to) once, under the lock, with its answer (<see cref="ClusApiAudit"/>).</summary>
        private void Audit(ClusApiGuard guard, ClusApiCall call, in TRequest request, in TResponse response)
        {
            if (!guard.Audit.Enabled)
            {
                return;
            }
            var code = AuditFields<TRequest, TResponse>.ControlCode(request);
            if (_access.ChangesState(code))
            {
                guard.Audit.Record(call.Engine, call.Context, TRequest.Opnum, code, call.Subject, AuditFields<TRequest, TResponse>.Result(response));
            }
        }

        public override MethodInfo Handler => method;

        public override Type RequestType => typeof(TRequest);

        public override Type ResponseType => typeof(TResponse);

        public override object DecodeRequest(NdrReader reader) => TRequest.Read(reader);

        public override object DecodeResponse(NdrReader reader) => TResponse.Read(reader);

        public override ValueTask<RpcCallResult> InvokeAsync(ClusApiGuard guard, IClusterEngineProvider engines, RpcCallContext context, ReadOnlyMemory<byte> stub,
            RpcMetrics metrics, CancellationToken cancellationToken)
        {
            var metered = metrics.CallsEnabled;
            var start = metered ? Stopwatch.GetTimestamp() : 0;
            ValueTask<TResponse> pending;
            try
            {
                var request = TRequest.Read(new NdrReader(stub));
                // One call is one engine command: the handle lookups, the checks and the action see one state, and the
                // engine's own methods re-enter the lock this thread holds. A wait starts under the lock (so it is registered
                // before any later call is served) and ends outside it.
                pending = engines.Use(engine =>
                {
                    using var command = engine.EnterCommand();
                    var call = NewCall(guard, engine, context, cancellationToken);
                    var answer = handler(call, request);
                    // The methods that wait only read (every one is AccessRule.Read), so an answer not yet there is never audited.
                    if (answer.IsCompletedSuccessfully)
                    {
                        Audit(guard, call, request, answer.Result);
                    }
                    return answer;
                });
                if (pending.IsCompletedSuccessfully)
                {
                    var response = pending.Result;
                    var encoded = Encode(response);
                    if (metered)
                    {
                        metrics.RecordCall(ClusApiMetrics.Service, _name, ClusApiMetrics.ResultOf(response), start);
                    }
                    return ValueTask.FromResult(encoded);
                }
            }
            catch when (metered)
            {
                metrics.RecordCall(ClusApiMetrics.Service, _name, ClusApiMetrics.Fault, start);
                throw;
            }
            return CompleteAsync(pending, metered ? metrics : null, start);
        }

        public override bool TryInvokeInline(ClusApiGuard guard, IClusterEngineProvider engines, RpcCallContext context, ReadOnlyMemory<byte> stub,
            RpcMetrics metrics, CancellationToken cancellationToken, out RpcCallResult result)
        {
            result = null!;
            if (inline is null)
            {
                return false;
            }
            var start = metrics.CallsEnabled ? Stopwatch.GetTimestamp() : 0;
            TRequest request;
            try
            {
                request = TRequest.Read(new NdrReader(stub));
            }
            catch (NdrException)
            {
                return false;
            }
            if (!inline.OnlyReads(request))
            {
                return false;
            }
            var ran = engines.TryUse(engine =>
            {
                if (!engine.TryEnterCommand())
                {
                    return (false, default(TResponse)!);
                }
                try
                {
                    // Only requests that read come here (inline.OnlyReads): nothing to audit.
                    return (true, inline.Handler(NewCall(guard, engine, context, cancellationToken), request));
                }
                finally
                {
                    engine.ExitCommand();
                }
            }, out var outcome);
            // Declined when the host or the engine lock was busy.
            if (!ran || !outcome.Item1)
            {
                return false;
            }
            result = Encode(outcome.Item2);
            if (start != 0)
            {
                metrics.RecordCall(ClusApiMetrics.Service, _name, ClusApiMetrics.ResultOf(outcome.Item2), start);
            }
            return true;
        }

        private async ValueTask<RpcCallResult> CompleteAsync(ValueTask<TResponse> pending, RpcMetrics? metrics, long start)
        {
            TResponse response;
            RpcCallResult encoded;
            try
            {
                response = await pending.ConfigureAwait(false);
                encoded = Encode(response);
            }
            catch when (metrics is not null)
            {
                metrics.RecordCall(ClusApiMetrics.Service, _name, ClusApiMetrics.Fault, start);
                throw;
            }
            metrics?.RecordCall(ClusApiMetrics.Service, _name, ClusApiMetrics.ResultOf(response), start);
            return encoded;
        }
    }
}

/// <summary>
/// The fields the audit trail reads from a method's messages, found once per message type: the control code of a
/// control request, and the Win32 answer of a response (its Win32Error member named Result or Status, else the first).
/// A response without one fails when the opnum table is built.
/// </summary>
internal static class AuditFields<TRequest, TResponse>
{
    private static readonly PropertyInfo? s_controlCode = typeof(TRequest).GetProperty("ControlCode") is { PropertyType: var t } p && t == typeof(uint) ? p : null;

    private static readonly PropertyInfo s_result = FindResult();

    /// <summary>True when the request carries a control code.</summary>
    public static bool HasControlCode => s_controlCode is not null;

    /// <summary>The request's control code, or null for a method that has none.</summary>
    public static uint? ControlCode(in TRequest request) => s_controlCode is null ? null : (uint)s_controlCode.GetValue(request)!;

    /// <summary>The response's Win32 answer.</summary>
    public static Win32Error Result(in TResponse response) => (Win32Error)s_result.GetValue(response)!;

    private static PropertyInfo FindResult()
    {
        var candidates = typeof(TResponse).GetProperties().Where(p => p.PropertyType == typeof(Win32Error)).ToArray();
        return candidates.FirstOrDefault(p => p.Name is "Result" or "Status") ?? candidates.FirstOrDefault()
            ?? throw new InvalidOperationException($"{typeof(TResponse).Name} has no Win32Error answer for the audit trail.");
    }
}

