using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Server;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The ClusAPI protocol 3.0 server (MS-CMRP, interface b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0): decodes each
/// request into its typed form, runs it against the current engine (<see cref="IClusterEngineProvider"/>) and encodes
/// the typed response. Context handles live in the association's <see cref="ContextHandleTable"/>; an opnum this
/// server does not implement gets nca_s_op_rng_error, which clients see as RPC_S_PROCNUM_OUT_OF_RANGE (MS-CMRP 3.1.4:
/// the method table; Samba's client maps the fault to NT_STATUS_RPC_PROCNUM_OUT_OF_RANGE).
/// </summary>
public sealed partial class ClusApiService : IRpcDispatcher
{
    /// <summary>The clusapi interface UUID (MS-CMRP 1.9).</summary>
    public static readonly Guid InterfaceUuid = ClusApiInterface.Uuid;

    /// <summary>Interface major version (ClusAPI protocol 3.0).</summary>
    public const ushort MajorVersion = ClusApiInterface.MajorVersion;

    /// <summary>Interface minor version.</summary>
    public const ushort MinorVersion = ClusApiInterface.MinorVersion;

    /// <summary>The typed methods by opnum (<see cref="ClusApiMethod"/>): each method group lists its own.</summary>
    private static readonly ClusApiMethod?[] s_methods = BuildTable(
        NodeMethods.Methods, ControlMethods.Methods, ClusterMethods.Methods, GroupMethods.Methods, ResourceMethods.Methods,
        EnumMethods.Methods, RegistryMethods.Methods, NetworkMethods.Methods, NotifyMethods.Methods);

    private readonly IClusterEngineProvider _engines;

    /// <summary>Creates the service over an engine provider.</summary>
    public ClusApiService(IClusterEngineProvider engines) => _engines = engines ?? throw new ArgumentNullException(nameof(engines));

    /// <summary>True when this server implements <paramref name="opnum"/>.</summary>
    public static bool Implements(ushort opnum) => MethodFor(opnum) is not null || HandlerFor(opnum) is not null;

    private static ClusApiMethod? MethodFor(ushort opnum) => opnum < s_methods.Length ? s_methods[opnum] : null;

    /// <summary>The typed method of <paramref name="opnum"/> (parity matrix, fuzzing), or null.</summary>
    internal static ClusApiMethod? TypedMethod(ushort opnum) => MethodFor(opnum);

    /// <summary>Every typed method (fuzzing: each request and response decoder).</summary>
    internal static IEnumerable<ClusApiMethod> TypedMethods => s_methods.OfType<ClusApiMethod>();

    private static ClusApiMethod?[] BuildTable(params IEnumerable<ClusApiMethod>[] groups)
    {
        var table = new ClusApiMethod?[ClusApiOpnums.LastMethod + 1];
        foreach (var method in groups.SelectMany(g => g))
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
            var typedWriter = new NdrWriter(512);
            var typedReader = new NdrReader(stub);
            var waiting = _engines.Use(engine =>
                method.Run(new ClusApiCall(engine, context, typedReader, typedWriter) { Aborted = cancellationToken }, typedReader, typedWriter));
            return waiting is null
                ? ValueTask.FromResult(RpcCallResult.Success(typedWriter.ToArray()))
                : CompleteAsync(waiting, typedWriter);
        }
        var handler = HandlerFor(opnum);
        if (handler is null)
        {
            return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }
        var reader = new NdrReader(stub);
        var writer = new NdrWriter(512);
        var pending = _engines.Use(engine =>
        {
            var call = new ClusApiCall(engine, context, reader, writer) { Aborted = cancellationToken };
            handler(call);
            return call.Pending;
        });
        return pending is null
            ? ValueTask.FromResult(RpcCallResult.Success(writer.ToArray()))
            : CompleteAsync(pending, writer);
    }

    /// <summary>Awaits a waiting method (<see cref="ClusApiCall.Pending"/>) outside the engine lock.</summary>
    private static async ValueTask<RpcCallResult> CompleteAsync(Task pending, NdrWriter writer)
    {
        await pending.ConfigureAwait(false);
        return RpcCallResult.Success(writer.ToArray());
    }

    /// <summary>The handler method of <paramref name="opnum"/> (for the parity matrix), or null when not implemented.</summary>
    internal static System.Reflection.MethodInfo? HandlerMethod(ushort opnum) => MethodFor(opnum)?.Handler ?? HandlerFor(opnum)?.Method;

    /// <summary>The opnum table (MS-CMRP 3.1.4.2, opnums verified against the v3.0 IDL, section 6).</summary>
    private static Action<ClusApiCall>? HandlerFor(ushort opnum) => opnum switch
    {
        0 => ClusterMethods.OpenCluster,
        1 => ClusterMethods.CloseCluster,
        2 => ClusterMethods.SetClusterName,
        3 => ClusterMethods.GetClusterName,
        4 => ClusterMethods.GetClusterVersion,
        5 => ClusterMethods.GetQuorumResource,
        7 => EnumMethods.CreateEnum,
        8 => ResourceMethods.OpenResource,
        9 => ResourceMethods.CreateResource,
        10 => ResourceMethods.DeleteResource,
        11 => ResourceMethods.CloseResource,
        12 => ResourceMethods.GetResourceState,
        13 => ResourceMethods.SetResourceName,
        14 => ResourceMethods.GetResourceId,
        15 => ResourceMethods.GetResourceType,
        16 => ResourceMethods.FailResource,
        17 => ResourceMethods.OnlineResource,
        18 => ResourceMethods.OfflineResource,
        19 => ResourceMethods.AddResourceDependency,
        20 => ResourceMethods.RemoveResourceDependency,
        22 => EnumMethods.CreateResEnum,
        41 => GroupMethods.OpenGroup,
        42 => GroupMethods.CreateGroup,
        43 => GroupMethods.DeleteGroup,
        44 => GroupMethods.CloseGroup,
        45 => GroupMethods.GetGroupState,
        46 => GroupMethods.SetGroupName,
        47 => GroupMethods.GetGroupId,
        49 => GroupMethods.OnlineGroup,
        50 => GroupMethods.OfflineGroup,
        51 => GroupMethods.MoveGroup,
        52 => GroupMethods.MoveGroupToNode,
        53 => EnumMethods.CreateGroupResourceEnum,
        54 => GroupMethods.SetGroupNodeList,
        81 => NetworkMethods.OpenNetwork,
        82 => NetworkMethods.CloseNetwork,
        83 => NetworkMethods.GetNetworkState,
        86 => NetworkMethods.GetNetworkId,
        92 => NetworkMethods.OpenNetInterface,
        93 => NetworkMethods.CloseNetInterface,
        94 => NetworkMethods.GetNetInterfaceState,
        96 => NetworkMethods.GetNetInterfaceId,
        102 => ClusterMethods.GetClusterVersion2,
        103 => EnumMethods.CreateResTypeEnum,
        104 => ClusterMethods.BackupClusterDatabase,
        108 => ClusterMethods.SetServiceAccountPassword,
        110 => ResourceMethods.GetResourceDependencyExpression,
        112 => ResourceMethods.GetResourceNetworkName,
        117 => ClusterMethods.OpenClusterEx,
        119 => GroupMethods.OpenGroupEx,
        120 => ResourceMethods.OpenResourceEx,
        121 => NetworkMethods.OpenNetworkEx,
        122 => NetworkMethods.OpenNetInterfaceEx,
        123 => ResourceMethods.ChangeCsvState,
        125 => EnumMethods.CreateEnumEx,
        143 => EnumMethods.CreateGroupEnum,
        164 => GroupMethods.OpenGroupSet,
        165 => GroupMethods.CloseGroupSet,
        180 => EnumMethods.CreateGroupSetEnum,
        182 => ResourceMethods.ChangeCsvStateEx,
        _ => null,
    };
}
