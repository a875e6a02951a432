using System.Reflection;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;

namespace Clusterd.Server.Faults;

/// <summary>
/// What wire faults need to know of one ClusAPI method, from its contract types (<see cref="IClusApiRequest{TSelf, TResponse}"/>):
/// how to decode its request, whether it carries a control code (the control methods, MS-CMRP 3.1.4.2.73-80, 88-89,
/// 97-98, 105-106: <c>dwControlCode</c>), and how to answer it with a Win32 error in the method's own response shape.
/// </summary>
internal abstract class ClusApiWireMethod
{
    /// <summary>The method's opnum.</summary>
    public abstract ClusApiOpnum Opnum { get; }

    /// <summary>True for the control methods, whose requests carry <c>dwControlCode</c>.</summary>
    public abstract bool HasControlCode { get; }

    /// <summary>The contract's request type.</summary>
    public abstract Type RequestType { get; }

    /// <summary>Decodes the request stub (a malformed one throws <see cref="NdrException"/>).</summary>
    public abstract object Decode(ReadOnlyMemory<byte> stub);

    /// <summary>The request's <c>dwControlCode</c>, or null for a method without one.</summary>
    public abstract uint? ControlCodeOf(object request);

    /// <summary>
    /// The method's response to <paramref name="request"/> failing with <paramref name="error"/>, as its handler answers a
    /// failure: the error in the function result (or in <c>Status</c> for the open and create methods, MS-CMRP 3.1.4.2),
    /// rpc_status 0, NULL pointers and handles, zero counts, state -1 (unknown); a close method hands the handle back
    /// unclosed, a control method keeps the request's nOutBufferSize as the array's max_count with no bytes returned.
    /// </summary>
    public abstract RpcCallResult Fail(object request, Win32Error error);

    /// <summary>Decodes <paramref name="stub"/> as the method's response (tests: what a client would read).</summary>
    public abstract object DecodeResponse(ReadOnlyMemory<byte> stub);
}

/// <summary>The <see cref="ClusApiWireMethod"/> of every method of the contract, by opnum.</summary>
internal static class ClusApiWireMethods
{
    private static readonly Dictionary<ClusApiOpnum, ClusApiWireMethod> s_methods = Build();

    /// <summary>The method of <paramref name="opnum"/>, or null when the contract has no typed request for it.</summary>
    public static ClusApiWireMethod? For(ushort opnum) => s_methods.GetValueOrDefault((ClusApiOpnum)opnum);

    /// <summary>Every method of the contract.</summary>
    public static IEnumerable<ClusApiWireMethod> All => s_methods.Values;

    private static Dictionary<ClusApiOpnum, ClusApiWireMethod> Build()
    {
        var create = typeof(ClusApiWireMethods).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;
        var methods = new Dictionary<ClusApiOpnum, ClusApiWireMethod>();
        foreach (var type in typeof(ClusApiOpnum).Assembly.GetExportedTypes())
        {
            var contract = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClusApiRequest<,>));
            if (contract is null || type.IsGenericTypeDefinition)
            {
                continue;
            }
            var method = (ClusApiWireMethod)create.MakeGenericMethod(type, contract.GetGenericArguments()[1]).Invoke(null, null)!;
            methods.Add(method.Opnum, method);
        }
        return methods;
    }

    private static Typed<TRequest, TResponse> Create<TRequest, TResponse>()
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse> => new Typed<TRequest, TResponse>();

    private sealed class Typed<TRequest, TResponse> : ClusApiWireMethod
        where TRequest : IClusApiRequest<TRequest, TResponse>
        where TResponse : IClusApiMessage<TResponse>
    {
        private static readonly PropertyInfo? s_controlCode = typeof(TRequest).GetProperty("ControlCode") is { } p && p.PropertyType == typeof(uint) ? p : null;
        private static readonly PropertyInfo? s_outBufferSize = typeof(TRequest).GetProperty("OutBufferSize") is { } p && p.PropertyType == typeof(uint) ? p : null;
        private static readonly ConstructorInfo s_constructor = typeof(TResponse).GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

        public override ClusApiOpnum Opnum => TRequest.Opnum;

        public override bool HasControlCode => s_controlCode is not null;

        public override Type RequestType => typeof(TRequest);

        public override object Decode(ReadOnlyMemory<byte> stub) => TRequest.Read(new NdrReader(stub));

        public override uint? ControlCodeOf(object request) => (uint?)s_controlCode?.GetValue(request);

        public override object DecodeResponse(ReadOnlyMemory<byte> stub) => TResponse.Read(new NdrReader(stub));

        public override RpcCallResult Fail(object request, Win32Error error)
        {
            var parameters = s_constructor.GetParameters();
            var args = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                args[i] = ValueFor(parameters[i], request, error);
            }
            var response = (TResponse)s_constructor.Invoke(args);
            var writer = new NdrWriter(256);
            response.Write(writer);
            return RpcCallResult.Success(writer.ToArray());
        }

        private static object? ValueFor(ParameterInfo parameter, object request, Win32Error error)
        {
            var type = parameter.ParameterType;
            if (type == typeof(Win32Error))
            {
                return error;
            }
            if (parameter.Name == "OutBufferSize" && s_outBufferSize is not null)
            {
                return s_outBufferSize.GetValue(request);
            }
            if (parameter.Name == "State" && type == typeof(int))
            {
                return -1;
            }
            if (IsHandle(type))
            {
                // A failed close hands the caller's handle back (ApiCloseX: NULL only when closed); every other handle is NULL.
                return typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(CloseResponse<>)
                    ? typeof(TRequest).GetProperties().First(p => p.PropertyType == type).GetValue(request)
                    : Activator.CreateInstance(type);
            }
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        private static bool IsHandle(Type type) =>
            type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClusApiHandle<>));
    }
}
