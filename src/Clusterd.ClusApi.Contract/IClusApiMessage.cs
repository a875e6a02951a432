using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

/// <summary>
/// One direction of one MS-CMRP method in NDR 2.0 (C706 chapter 14): the request's <c>[in]</c> parameters or the
/// response's <c>[out]</c> parameters and the function result, in IDL order. <see cref="Write"/> and
/// <see cref="Read"/> are exact inverses; <see cref="Read"/> trusts no length it is given (a count the stub cannot
/// hold is refused before allocating: <see cref="NdrException"/>).
/// </summary>
/// <typeparam name="TSelf">The message type.</typeparam>
public interface IClusApiMessage<TSelf> where TSelf : IClusApiMessage<TSelf>
{
    /// <summary>Encodes the message.</summary>
    void Write(NdrWriter writer);

    /// <summary>Decodes the message.</summary>
    static abstract TSelf Read(NdrReader reader);
}

/// <summary>
/// A request seen from the caller: it knows its opnum, encodes itself and names its response type, so
/// <c>client.InvokeAsync(new OpenNodeRequest("node1"))</c> is typed without naming the response.
/// </summary>
/// <typeparam name="TResponse">The response type.</typeparam>
public interface IClusApiCall<TResponse> where TResponse : IClusApiMessage<TResponse>
{
    /// <summary>The method's opnum.</summary>
    ClusApiOpnum CallOpnum { get; }

    /// <summary>Encodes the request.</summary>
    void Write(NdrWriter writer);
}

/// <summary>The request of one MS-CMRP method: its opnum and its response type.</summary>
/// <typeparam name="TSelf">The request type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public interface IClusApiRequest<TSelf, TResponse> : IClusApiMessage<TSelf>, IClusApiCall<TResponse>
    where TSelf : IClusApiRequest<TSelf, TResponse>
    where TResponse : IClusApiMessage<TResponse>
{
    /// <summary>The method's opnum.</summary>
    static abstract ClusApiOpnum Opnum { get; }

    /// <inheritdoc />
    ClusApiOpnum IClusApiCall<TResponse>.CallOpnum => TSelf.Opnum;
}

/// <summary>Encodes and decodes messages as whole stubs.</summary>
public static class ClusApiCodec
{
    /// <summary>The stub bytes of <paramref name="message"/>.</summary>
    public static byte[] Encode<T>(in T message, int capacity = 128) where T : IClusApiMessage<T>
    {
        var w = new NdrWriter(capacity);
        message.Write(w);
        return w.ToArray();
    }

    /// <summary>Decodes a whole stub; bytes left over past the message are ignored, as NDR allows (padding).</summary>
    public static T Decode<T>(ReadOnlyMemory<byte> stub) where T : IClusApiMessage<T> => T.Read(new NdrReader(stub));
}

/// <summary>
/// Names the method of a request whose codec Clusterd.ClusApi.Contract.Generator writes, when it is not
/// <c>Api</c> + the type name without "Request" (the default).
/// </summary>
/// <param name="opnum">The method.</param>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
internal sealed class OpnumAttribute(ClusApiOpnum opnum) : Attribute
{
    /// <summary>The method.</summary>
    public ClusApiOpnum Opnum { get; } = opnum;
}
