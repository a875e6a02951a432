using Clusterd.ClusApi.Controls;
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
public sealed partial class ClusApiService : IRpcInlineDispatcher
{
    /// <summary>The clusapi interface UUID (MS-CMRP 1.9).</summary>
    public static readonly Guid InterfaceUuid = new("b97db8b2-4c63-11cf-bff6-08002be23f2f");

    /// <summary>Interface major version (ClusAPI protocol 3.0).</summary>
    public const ushort MajorVersion = 3;

    /// <summary>Interface minor version.</summary>
    public const ushort MinorVersion = 0;

    private readonly IClusterEngineProvider _engines;

    /// <summary>Creates the service over an engine provider.</summary>
    public ClusApiService(IClusterEngineProvider engines) => _engines = engines ?? throw new ArgumentNullException(nameof(engines));

    /// <summary>True when this server implements <paramref name="opnum"/>.</summary>
    public static bool Implements(ushort opnum) => HandlerFor(opnum) is not null;

    /// <inheritdoc />
    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = HandlerFor(opnum);
        if (handler is null)
        {
            return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }
        var reader = new NdrReader(stub);
        var writer = new NdrWriter(StubCapacity);
        var control = ControlCodeOffset(opnum) >= 0 || opnum is 74 or 75;
        var pending = _engines.Use(engine =>
        {
            var call = new ClusApiCall(engine, context, reader, writer) { Aborted = cancellationToken };
            if (control)
            {
                // One control call is one engine command: handle lookup, checks (ControlDispatcher.Admit) and the code.
                using var command = engine.EnterCommand();
                handler(call);
                return null;
            }
            handler(call);
            return call.Pending;
        });
        return pending is null
            ? ValueTask.FromResult(RpcCallResult.Success(writer.WrittenMemory))
            : CompleteAsync(pending, writer);
    }

    /// <summary>
    /// Answers a control call in place, on the thread that read it, when that cannot block: a code that only reads
    /// (<see cref="ControlDispatcher.OnlyReads"/>: never a store commit) and an engine lock that is free at once. A
    /// writer holds the engine lock across its store commit; such a call, and every other method, is declined and runs
    /// on a pool worker through <see cref="InvokeAsync"/> (docs/benchmarks.md, "ClusAPI control path vs mgmt").
    /// </summary>
    public bool TryInvokeInline(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken, out RpcCallResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        result = null!;
        var offset = ControlCodeOffset(opnum);
        if (offset < 0 || stub.Length < offset + 4
            || !ControlDispatcher.OnlyReads(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(stub.Span[offset..])))
        {
            return false;
        }
        var handler = HandlerFor(opnum)!;
        var writer = new NdrWriter(StubCapacity);
        if (!_engines.TryUse(engine =>
            {
                if (!engine.TryEnterCommand())
                {
                    return false;
                }
                try
                {
                    handler(new ClusApiCall(engine, context, new NdrReader(stub), writer) { Aborted = cancellationToken });
                    return true;
                }
                finally
                {
                    engine.ExitCommand();
                }
            }, out var ran) || !ran)
        {
            return false;
        }
        result = RpcCallResult.Success(writer.WrittenMemory);
        return true;
    }

    /// <summary>The first response buffer: a control answer with a small output (GET_SHARED_VOLUME_INFO, 700 bytes) fits.</summary>
    private const int StubCapacity = 1024;

    /// <summary>
    /// Where dwControlCode sits in the stub of a control method (after its one or two 20-byte context handles), or -1
    /// for every other opnum and for the type controls (74, 75), whose type name comes first.
    /// </summary>
    private static int ControlCodeOffset(ushort opnum) => opnum switch
    {
        73 or 77 or 79 or 89 or 98 or 106 => 20,
        72 or 76 or 78 or 88 or 97 or 105 => 40,
        _ => -1,
    };

    /// <summary>Awaits a waiting method (<see cref="ClusApiCall.Pending"/>) outside the engine lock.</summary>
    private static async ValueTask<RpcCallResult> CompleteAsync(Task pending, NdrWriter writer)
    {
        await pending.ConfigureAwait(false);
        return RpcCallResult.Success(writer.WrittenMemory);
    }

    /// <summary>The handler method of <paramref name="opnum"/> (for the parity matrix), or null when not implemented.</summary>
    internal static System.Reflection.MethodInfo? HandlerMethod(ushort opnum) => HandlerFor(opnum)?.Method;

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
        28 => RegistryMethods.GetRootKey,
        30 => RegistryMethods.OpenKey,
        31 => RegistryMethods.EnumKey,
        34 => RegistryMethods.QueryValue,
        36 => RegistryMethods.EnumValue,
        37 => RegistryMethods.CloseKey,
        38 => RegistryMethods.QueryInfoKey,
        40 => RegistryMethods.GetKeySecurity,
        41 => GroupMethods.OpenGroup,
        42 => GroupMethods.CreateGroup,
        43 => GroupMethods.DeleteGroup,
        44 => GroupMethods.CloseGroup,
        45 => GroupMethods.GetGroupState,
        46 => GroupMethods.SetGroupName,
        47 => GroupMethods.GetGroupId,
        48 => NodeMethods.GetNodeId,
        49 => GroupMethods.OnlineGroup,
        50 => GroupMethods.OfflineGroup,
        51 => GroupMethods.MoveGroup,
        52 => GroupMethods.MoveGroupToNode,
        53 => EnumMethods.CreateGroupResourceEnum,
        54 => GroupMethods.SetGroupNodeList,
        56 => NotifyMethods.CloseNotify,
        66 => NodeMethods.OpenNode,
        67 => NodeMethods.CloseNode,
        68 => NodeMethods.GetNodeState,
        69 => NodeMethods.PauseNode,
        70 => NodeMethods.ResumeNode,
        71 => NodeMethods.EvictNode,
        72 => ControlMethods.NodeResourceControl,
        73 => ControlMethods.ResourceControl,
        74 => ControlMethods.NodeResourceTypeControl,
        75 => ControlMethods.ResourceTypeControl,
        76 => ControlMethods.NodeGroupControl,
        77 => ControlMethods.GroupControl,
        78 => ControlMethods.NodeNodeControl,
        79 => ControlMethods.NodeControl,
        81 => NetworkMethods.OpenNetwork,
        82 => NetworkMethods.CloseNetwork,
        83 => NetworkMethods.GetNetworkState,
        86 => NetworkMethods.GetNetworkId,
        88 => ControlMethods.NodeNetworkControl,
        89 => ControlMethods.NetworkControl,
        92 => NetworkMethods.OpenNetInterface,
        93 => NetworkMethods.CloseNetInterface,
        94 => NetworkMethods.GetNetInterfaceState,
        96 => NetworkMethods.GetNetInterfaceId,
        97 => ControlMethods.NodeNetInterfaceControl,
        98 => ControlMethods.NetInterfaceControl,
        102 => ClusterMethods.GetClusterVersion2,
        103 => EnumMethods.CreateResTypeEnum,
        104 => ClusterMethods.BackupClusterDatabase,
        105 => ControlMethods.NodeClusterControl,
        106 => ControlMethods.ClusterControl,
        107 => NotifyMethods.UnblockGetNotifyCall,
        108 => ClusterMethods.SetServiceAccountPassword,
        110 => ResourceMethods.GetResourceDependencyExpression,
        112 => ResourceMethods.GetResourceNetworkName,
        117 => ClusterMethods.OpenClusterEx,
        118 => NodeMethods.OpenNodeEx,
        119 => GroupMethods.OpenGroupEx,
        120 => ResourceMethods.OpenResourceEx,
        121 => NetworkMethods.OpenNetworkEx,
        122 => NetworkMethods.OpenNetInterfaceEx,
        123 => ResourceMethods.ChangeCsvState,
        125 => EnumMethods.CreateEnumEx,
        137 => NotifyMethods.CreateNotifyV2,
        138 => NotifyMethods.AddNotifyV2,
        139 => NotifyMethods.GetNotifyV2,
        143 => EnumMethods.CreateGroupEnum,
        164 => GroupMethods.OpenGroupSet,
        165 => GroupMethods.CloseGroupSet,
        180 => EnumMethods.CreateGroupSetEnum,
        182 => ResourceMethods.ChangeCsvStateEx,
        _ => null,
    };
}
