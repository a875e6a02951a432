using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Mgmt;

/// <summary>
/// The remote management interface, afa8bd80-7d8a-11c9-bef4-08002b102989 v1.0 (C706 appendix Q), served on every
/// endpoint as Windows does (as recorded by Samba's raw_protocol tests).
/// </summary>
public sealed class ManagementDispatcher : IRpcDispatcher
{
    /// <summary>inq_if_ids.</summary>
    public const ushort OpInqIfIds = 0;
    /// <summary>inq_stats.</summary>
    public const ushort OpInqStats = 1;
    /// <summary>is_server_listening.</summary>
    public const ushort OpIsServerListening = 2;
    /// <summary>stop_server_listening.</summary>
    public const ushort OpStopServerListening = 3;
    /// <summary>inq_princ_name.</summary>
    public const ushort OpInqPrincName = 4;

    private const uint StatisticsCount = 4;
    private const uint WerrNotSupported = 50;

    private readonly RpcServer _server;

    internal ManagementDispatcher(RpcServer server) => _server = server;

    /// <summary>The mgmt interface id.</summary>
    public static SyntaxId InterfaceId { get; } = SyntaxId.ForInterface(new Guid("afa8bd80-7d8a-11c9-bef4-08002b102989"), 1, 0);

    /// <inheritdoc/>
    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new NdrReader(stub);
        var writer = new NdrWriter();
        switch (opnum)
        {
            case OpInqIfIds:
                InqIfIds(writer, context);
                break;
            case OpInqStats:
                InqStats(reader, writer);
                break;
            case OpIsServerListening:
                writer.WriteUInt32(0); // [out] status
                writer.WriteUInt32(1); // boolean32 result
                break;
            case OpStopServerListening:
                writer.WriteUInt32(RpcStatus.AccessDenied); // remote stop is never allowed
                break;
            case OpInqPrincName:
                InqPrincName(reader, writer);
                break;
            default:
                return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }

        return ValueTask.FromResult(RpcCallResult.Success(writer.ToArray()));
    }

    /// <summary>
    /// [out] rpc_if_id_vector_p_t *: unique pointer to the conformant struct {u32 count; [size_is(count)] rpc_if_id_t *if_id[]};
    /// max_count hoisted, then count, the element referent ids, then each {UUID, u16 major, u16 minor}; then status.
    /// </summary>
    private void InqIfIds(NdrWriter writer, RpcCallContext context)
    {
        bool epmOnly = context.LocalEndPoint is { } ep && _server.IsEndpointMapperPort(ep.Port);
        var ids = _server.GetInterfaceArray(epmOnly);
        writer.WriteReferentId(true);
        writer.WriteConformance(ids.Length);
        writer.WriteUInt32((uint)ids.Length);
        foreach (var id in ids)
        {
            writer.WriteReferentId(true);
        }

        foreach (var id in ids)
        {
            writer.WriteGuid(id.Uuid);
            writer.WriteUInt16(id.MajorVersion);
            writer.WriteUInt16(id.MinorVersion);
        }

        writer.WriteUInt32(0);
    }

    /// <summary>
    /// inq_stats (Samba mgmt.idl): [in] u32 max_count, [in] u32 unknown → [out, ref] {u32 count; [size_is(count)] u32
    /// statistics[]} (a conformant struct: max_count hoisted first), then WERROR. Windows and Samba answer only
    /// max_count = 4 (calls in, calls out, packets in, packets out); any other gives count 0 and WERR_NOT_SUPPORTED.
    /// </summary>
    private void InqStats(NdrReader reader, NdrWriter writer)
    {
        uint max = reader.ReadUInt32();
        var (callsIn, callsOut, pktsIn, pktsOut) = _server.Statistics;
        uint[] stats = max == StatisticsCount ? [(uint)callsIn, (uint)callsOut, (uint)pktsIn, (uint)pktsOut] : [];
        writer.WriteConformance(stats.Length);
        writer.WriteUInt32((uint)stats.Length);
        foreach (uint v in stats)
        {
            writer.WriteUInt32(v);
        }

        writer.WriteUInt32(stats.Length == 0 ? WerrNotSupported : 0);
    }

    /// <summary>[in] authn_proto, [in] princ_name_size → [out, string, size_is(princ_name_size)] char princ_name[], status.</summary>
    private void InqPrincName(NdrReader reader, NdrWriter writer)
    {
        reader.ReadUInt32();
        uint size = reader.ReadUInt32();
        string name = _server.Options.PrincipalName;
        if (size == 0)
        {
            writer.WriteConformance(0);
            writer.WriteUInt32(0);
            writer.WriteUInt32(0);
            writer.WriteUInt32(RpcStatus.BadStubData);
            return;
        }

        int maxChars = (int)Math.Min(size - 1, 4096);
        writer.WriteConformantVaryingAnsiString(name.Length > maxChars ? name[..maxChars] : name, (int)Math.Min(size, int.MaxValue));
        writer.WriteUInt32(0);
    }
}
