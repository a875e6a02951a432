using System.Reflection;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// One entry of the opnum table: decodes the method's typed request (<see cref="IClusApiRequest{TSelf, TResponse}"/>),
/// runs its handler on the call and encodes the typed response. The opnum is the request type's, so the table cannot
/// put a handler under the wrong opnum.
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
    /// Decodes the request from <paramref name="reader"/> and runs the handler under the engine lock. A synchronous
    /// handler's response is written to <paramref name="writer"/> before this returns null; a waiting one returns the
    /// task that writes it, to be awaited after the lock is released.
    /// </summary>
    public abstract Task? Run(ClusApiCall call, NdrReader reader, NdrWriter writer);

    /// <summary>Decodes <paramref name="reader"/> as the method's request and returns it (fuzzing, diagnostics).</summary>
    public abstract object DecodeRequest(NdrReader reader);

    /// <summary>Decodes <paramref name="reader"/> as the method's response, as a client would (fuzzing, diagnostics).</summary>
    public abstract object DecodeResponse(NdrReader reader);

    /// <summary>A method answered at once.</summary>
    public static ClusApiMethod Of<TRequest, TResponse>(Func<ClusApiCall, TRequest, TResponse> handler)
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse> => new Sync<TRequest, TResponse>(handler);

    /// <summary>A method that may wait (ApiGetNotifyV2): the handler starts under the lock and its task ends outside it.</summary>
    public static ClusApiMethod Waiting<TRequest, TResponse>(Func<ClusApiCall, TRequest, ValueTask<TResponse>> handler)
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse> => new Async<TRequest, TResponse>(handler);

    private sealed class Sync<TRequest, TResponse>(Func<ClusApiCall, TRequest, TResponse> handler) : ClusApiMethod
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        public override ClusApiOpnum Opnum => TRequest.Opnum;

        public override MethodInfo Handler => handler.Method;

        public override Type RequestType => typeof(TRequest);

        public override Type ResponseType => typeof(TResponse);

        public override Task? Run(ClusApiCall call, NdrReader reader, NdrWriter writer)
        {
            handler(call, TRequest.Read(reader)).Write(writer);
            return null;
        }

        public override object DecodeRequest(NdrReader reader) => TRequest.Read(reader);

        public override object DecodeResponse(NdrReader reader) => TResponse.Read(reader);
    }

    private sealed class Async<TRequest, TResponse>(Func<ClusApiCall, TRequest, ValueTask<TResponse>> handler) : ClusApiMethod
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        public override ClusApiOpnum Opnum => TRequest.Opnum;

        public override MethodInfo Handler => handler.Method;

        public override Type RequestType => typeof(TRequest);

        public override Type ResponseType => typeof(TResponse);

        public override Task? Run(ClusApiCall call, NdrReader reader, NdrWriter writer)
        {
            var pending = handler(call, TRequest.Read(reader));
            if (pending.IsCompletedSuccessfully)
            {
                pending.Result.Write(writer);
                return null;
            }
            return CompleteAsync(pending, writer);
        }

        public override object DecodeRequest(NdrReader reader) => TRequest.Read(reader);

        public override object DecodeResponse(NdrReader reader) => TResponse.Read(reader);

        private static async Task CompleteAsync(ValueTask<TResponse> pending, NdrWriter writer) =>
            (await pending.ConfigureAwait(false)).Write(writer);
    }
}
