using System.Reflection;
using Clusterd.ClusApi.Contract;
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
    public abstract ValueTask<RpcCallResult> InvokeAsync(IClusterEngineProvider engines, ClusterAccounts accounts, RpcCallContext context, ReadOnlyMemory<byte> stub,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs the call on the calling (socket) thread when that cannot block: the method says the request only reads
    /// (its inline predicate, e.g. a read-only control code: never a store commit), and the host and the engine lock
    /// are free at once. Otherwise false, nothing run: the call goes to <see cref="InvokeAsync"/> on a pool worker. A
    /// request that does not decode is declined too, so the pool path answers its fault.
    /// </summary>
    public abstract bool TryInvokeInline(IClusterEngineProvider engines, ClusterAccounts accounts, RpcCallContext context, ReadOnlyMemory<byte> stub,
        CancellationToken cancellationToken, out RpcCallResult result);

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
        public override ClusApiOpnum Opnum => TRequest.Opnum;

        public override MethodInfo Handler => method;

        public override Type RequestType => typeof(TRequest);

        public override Type ResponseType => typeof(TResponse);

        public override object DecodeRequest(NdrReader reader) => TRequest.Read(reader);

        public override object DecodeResponse(NdrReader reader) => TResponse.Read(reader);

        public override ValueTask<RpcCallResult> InvokeAsync(IClusterEngineProvider engines, ClusterAccounts accounts, RpcCallContext context, ReadOnlyMemory<byte> stub,
            CancellationToken cancellationToken)
        {
            var request = TRequest.Read(new NdrReader(stub));
            // One call is one engine command: the handle lookups, the checks and the action see one state, and the
            // engine's own methods re-enter the lock this thread holds. A wait starts under the lock (so it is registered
            // before any later call is served) and ends outside it.
            var pending = engines.Use(engine =>
            {
                using var command = engine.EnterCommand();
                return handler(new ClusApiCall(engine, context) { Aborted = cancellationToken, Accounts = accounts }, request);
            });
            return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Encode(pending.Result)) : CompleteAsync(pending);
        }

        public override bool TryInvokeInline(IClusterEngineProvider engines, ClusterAccounts accounts, RpcCallContext context, ReadOnlyMemory<byte> stub,
            CancellationToken cancellationToken, out RpcCallResult result)
        {
            result = null!;
            if (inline is null)
            {
                return false;
            }
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
                    return (true, inline.Handler(new ClusApiCall(engine, context) { Aborted = cancellationToken, Accounts = accounts }, request));
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
            return true;
        }

        private static async ValueTask<RpcCallResult> CompleteAsync(ValueTask<TResponse> pending) => Encode(await pending.ConfigureAwait(false));
    }
}
