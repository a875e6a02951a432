using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;
using Microsoft.Extensions.Logging;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The ClusAPI protocol 3.0 server (MS-CMRP, interface b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0): decodes each
/// request into its typed form, runs it against the current engine (<see cref="IClusterEngineProvider"/>) and encodes
/// the typed response. Context handles live in the association's <see cref="ContextHandleTable"/>; an opnum this
/// server does not implement gets nca_s_op_rng_error, which clients see as RPC_S_PROCNUM_OUT_OF_RANGE (MS-CMRP 3.1.4:
/// the method table; Samba's client maps the fault to NT_STATUS_RPC_PROCNUM_OUT_OF_RANGE).
/// </summary>
public sealed partial class ClusApiService : IRpcInlineDispatcher
{
    /// <summary>The clusapi interface UUID (MS-CMRP 1.9).</summary>
    public static readonly Guid InterfaceUuid = ClusApiInterface.Uuid;

    /// <summary>Interface major version (ClusAPI protocol 3.0).</summary>
    public const ushort MajorVersion = ClusApiInterface.MajorVersion;

    /// <summary>Interface minor version.</summary>
    public const ushort MinorVersion = ClusApiInterface.MinorVersion;

    /// <summary>The typed methods by opnum (<see cref="ClusApiMethod"/>), from <see cref="ClusApiMethods.All"/>.</summary>
    private static readonly ClusApiMethod?[] s_methods = BuildTable(ClusApiMethods.All);

    /// <summary>The logger category of the audit trail (docs/authorization.md, "Audit trail").</summary>
    public const string AuditCategory = "Clusterd.Audit";

    private readonly IClusterEngineProvider _engines;
    private readonly RpcMetrics _metrics;

    private readonly ClusApiGuard _guard;

    /// <summary>
    /// Creates the service over an engine provider with no accounts (an embedded engine: a caller's level comes from the
    /// descriptor stored in the engine, and without one every admitted caller holds "All") and no audit trail. Each call
    /// is counted in <paramref name="metrics"/> (<see cref="RpcMetrics.Shared"/> when null) by method and the status its
    /// response carries (docs/metrics.md).
    /// </summary>
    public ClusApiService(IClusterEngineProvider engines, RpcMetrics? metrics = null)
        : this(engines, ClusApiGuard.Default, metrics)
    {
    }

    /// <summary>
    /// Creates the service for a server: callers are evaluated against the cluster security descriptor with
    /// <paramref name="accounts"/> (docs/authorization.md), every state-changing call is recorded to <paramref name="audit"/>
    /// when given (category <c>Clusterd.Audit</c>, docs/authorization.md, "Audit trail"), and calls are counted as with
    /// <see cref="ClusApiService(IClusterEngineProvider, RpcMetrics?)"/>.
    /// </summary>
    public ClusApiService(IClusterEngineProvider engines, ClusterAccounts accounts, ILogger? audit = null, RpcMetrics? metrics = null)
        : this(engines, new ClusApiGuard(accounts ?? throw new ArgumentNullException(nameof(accounts)), audit is null ? ClusApiAudit.None : new ClusApiAudit(audit)), metrics)
    {
    }

    /// <summary>Creates the service with its accounts and audit trail (<see cref="ClusApiGuard"/>).</summary>
    internal ClusApiService(IClusterEngineProvider engines, ClusApiGuard guard, RpcMetrics? metrics = null)
    {
        _engines = engines ?? throw new ArgumentNullException(nameof(engines));
        _metrics = metrics ?? RpcMetrics.Shared;
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
    }

    /// <summary>True when this server implements <paramref name="opnum"/>.</summary>
    public static bool Implements(ushort opnum) => MethodFor(opnum) is not null;

    private static ClusApiMethod? MethodFor(ushort opnum) => opnum < s_methods.Length ? s_methods[opnum] : null;

    /// <summary>The typed method of <paramref name="opnum"/> (parity matrix, fuzzing), or null.</summary>
    internal static ClusApiMethod? TypedMethod(ushort opnum) => MethodFor(opnum);

    /// <summary>Every typed method (fuzzing: each request and response decoder).</summary>
    internal static IEnumerable<ClusApiMethod> TypedMethods => s_methods.OfType<ClusApiMethod>();

    private static ClusApiMethod?[] BuildTable(IEnumerable<ClusApiMethod> methods)
    {
        var table = new ClusApiMethod?[ClusApiOpnums.LastMethod + 1];
        foreach (var method in methods)
        {
            var opnum = (ushort)method.Opnum;
            if (table[opnum] is not null)
            {
                throw new InvalidOperationException($"Two handlers for {method.Opnum}.");
            }
            table[opnum] = method;
        }
        return table;
    }

    /// <inheritdoc />
    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (MethodFor(opnum) is { } method)
        {
            return method.InvokeAsync(_guard, _engines, context, stub, _metrics, cancellationToken);
        }
        if (_metrics.CallsEnabled)
        {
            // The opnum is the peer's to choose: counted under one name, never as its number (bounded attributes).
            _metrics.RecordCall(ClusApiMetrics.Service, ClusApiMetrics.UnknownMethod, ClusApiMetrics.OpnumOutOfRange, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
    }

    /// <summary>
    /// Answers a call in place, on the thread that read it, when that cannot block (<see cref="ClusApiMethod.TryInvokeInline"/>:
    /// the control methods with a read-only code, while the engine lock is free); every other call is declined and
    /// runs on a pool worker through <see cref="InvokeAsync"/> (docs/benchmarks.md, "ClusAPI control path vs mgmt").
    /// </summary>
    public bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken,
        out RpcCallResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        result = null!;
        return MethodFor(opnum) is { } method && method.TryInvokeInline(_guard, _engines, context, stub, _metrics, cancellationToken, out result);
    }

    /// <summary>The handler method of <paramref name="opnum"/> (for the parity matrix), or null when not implemented.</summary>
    internal static System.Reflection.MethodInfo? HandlerMethod(ushort opnum) => MethodFor(opnum)?.Handler;
}
