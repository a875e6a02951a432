using System.Net;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Epm;

/// <summary>
/// The endpoint mapper, e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 (C706 appendix O, dcerpc-ntlm.md §5). Knows every
/// interface registered on the server and the TCP ports serving it. Registrations are static: insert/delete refuse.
/// </summary>
public sealed class EndpointMapperDispatcher : IRpcDispatcher
{
    /// <summary>ept_lookup.</summary>
    public const ushort OpLookup = 2;
    /// <summary>ept_map.</summary>
    public const ushort OpMap = 3;
    /// <summary>ept_lookup_handle_free.</summary>
    public const ushort OpLookupHandleFree = 4;

    /// <summary>EPT_S_NOT_REGISTERED (Samba: EPMAPPER_STATUS_NO_MORE_ENTRIES).</summary>
    public const uint NotRegistered = 0x16C9A0D6;

    private readonly RpcServer _server;

    internal EndpointMapperDispatcher(RpcServer server) => _server = server;

    /// <summary>The endpoint mapper interface id.</summary>
    public static SyntaxId InterfaceId { get; } = SyntaxId.ForInterface(new Guid("e1af8308-5d1f-11c9-91a4-08002b14a0fa"), 3, 0);

    /// <inheritdoc/>
    public ValueTask<RpcCallResult> InvokeAsync(ushort opnum, ReadOnlyMemory<byte> stub, RpcCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new NdrReader(stub);
        var writer = new NdrWriter();
        switch (opnum)
        {
            case 0: // ept_insert
            case 1: // ept_delete
            case 6: // ept_mgmt_delete
                writer.WriteUInt32(RpcStatus.CannotSupport); // as Samba (dcerpc-ntlm.md §5.3)
                break;
            case OpLookup:
                Lookup(reader, writer, context);
                break;
            case OpMap:
                Map(reader, writer, context);
                break;
            case OpLookupHandleFree:
                context.ContextHandles.Close(reader.ReadContextHandle());
                writer.WriteContextHandle(NdrContextHandle.Null);
                writer.WriteUInt32(0);
                break;
            default:
                return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }

        return ValueTask.FromResult(RpcCallResult.Success(writer.ToArray()));
    }

    /// <summary>ept_map (dcerpc-ntlm.md §5.1): answers with the ncacn_ip_tcp tower of the first matching endpoint.</summary>
    private void Map(NdrReader reader, NdrWriter writer, RpcCallContext context)
    {
        if (reader.ReadFullPointer(out _))
        {
            reader.ReadGuid(); // object UUID: objects are not used
        }

        ReadOnlyMemory<byte>? tower = null;
        if (reader.ReadFullPointer(out _))
        {
            tower = ReadTwr(reader);
        }

        reader.ReadContextHandle(); // entry_handle: everything fits in one reply
        uint maxTowers = reader.ReadUInt32();

        byte[]? answer = null;
        if (tower is { } t && maxTowers > 0 && ProtocolTower.TryDecode(t, out var floors) && floors.Count >= 3
            && ProtocolTower.TryGetSyntax(floors[0], out var iface)
            && ProtocolTower.TryGetSyntax(floors[1], out var transfer) && transfer == SyntaxId.Ndr20
            && floors[2].ProtocolId == ProtocolTower.NcacnId)
        {
            var match = FindEndpoint(iface);
            if (match is { } m)
            {
                answer = ProtocolTower.EncodeTcp(m.Interface, SyntaxId.Ndr20, m.EndPoint.Port, LocalAddress(context, m.EndPoint));
            }
        }

        writer.WriteContextHandle(NdrContextHandle.Null);
        writer.WriteUInt32(answer is null ? 0u : 1u);
        writer.WriteConformance((int)Math.Min(maxTowers, int.MaxValue));
        writer.WriteUInt32(0);
        writer.WriteUInt32(answer is null ? 0u : 1u);
        if (answer is not null)
        {
            writer.WriteFullPointer(answer);
            WriteTwr(writer, answer);
        }

        writer.WriteUInt32(answer is null ? NotRegistered : 0);
    }

    /// <summary>ept_lookup (dcerpc-ntlm.md §5.3): pages through every endpoint with an entry handle, then EPT_S_NOT_REGISTERED.</summary>
    private void Lookup(NdrReader reader, NdrWriter writer, RpcCallContext context)
    {
        uint inquiryType = reader.ReadUInt32();
        if (reader.ReadFullPointer(out _))
        {
            reader.ReadGuid();
        }

        Guid? ifUuid = null;
        if (reader.ReadFullPointer(out _))
        {
            ifUuid = reader.ReadGuid(); // rpc_if_id_t {UUID, u16 major, u16 minor}
            reader.ReadUInt16();
            reader.ReadUInt16();
        }

        reader.ReadUInt32(); // vers_option
        var handle = reader.ReadContextHandle();
        uint maxEntries = reader.ReadUInt32();

        bool byInterface = inquiryType is 1 or 3 && ifUuid is not null;
        var all = _server.GetEndpoints().Where(e => !byInterface || e.Interface.Uuid == ifUuid).ToList();
        var state = handle.IsNull ? new LookupState() : context.ContextHandles.Get<LookupState>(handle);
        int take = (int)Math.Min(maxEntries, (uint)Math.Max(0, all.Count - state.Next));
        var page = all.Skip(state.Next).Take(take).ToList();
        state.Next += take;

        if (page.Count == 0)
        {
            context.ContextHandles.Close(handle);
            handle = NdrContextHandle.Null;
        }
        else if (handle.IsNull)
        {
            handle = context.ContextHandles.Create(state);
        }

        writer.WriteContextHandle(handle);
        writer.WriteUInt32((uint)page.Count);
        writer.WriteConformance((int)Math.Min(maxEntries, int.MaxValue));
        writer.WriteUInt32(0);
        writer.WriteUInt32((uint)page.Count);
        foreach (var (iface, endPoint) in page)
        {
            // ept_entry_t {UUID object; twr_p_t tower; [string] char annotation[64]}; towers deferred.
            writer.WriteGuid(Guid.Empty);
            var tower = ProtocolTower.EncodeTcp(iface, SyntaxId.Ndr20, endPoint.Port, LocalAddress(context, endPoint));
            if (writer.WriteFullPointer(tower))
            {
                writer.Defer(w => WriteTwr(w, tower));
            }

            writer.WriteVaryingAnsiString(string.Empty);
        }

        writer.FlushDeferred();
        writer.WriteUInt32(page.Count == 0 ? NotRegistered : 0);
    }

    private (SyntaxId Interface, IPEndPoint EndPoint)? FindEndpoint(SyntaxId iface)
    {
        foreach (var e in _server.GetEndpoints())
        {
            // Floor 1 matches on UUID + major; minor must not exceed the registered one (dcerpc-ntlm.md §5.2).
            if (e.Interface.Uuid == iface.Uuid && e.Interface.MajorVersion == iface.MajorVersion && iface.MinorVersion <= e.Interface.MinorVersion)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The IP of the socket the query arrived on, unless the listener is bound to a specific address (Samba).</summary>
    private static IPAddress LocalAddress(RpcCallContext context, IPEndPoint listener) =>
        listener.Address.Equals(IPAddress.Any) || listener.Address.Equals(IPAddress.IPv6Any)
            ? context.LocalEndPoint?.Address ?? IPAddress.Any
            : listener.Address;

    /// <summary>twr_t: conformant struct {u32 tower_length; [size_is(tower_length)] byte octets[]}, max_count hoisted.</summary>
    internal static ReadOnlyMemory<byte> ReadTwr(NdrReader reader)
    {
        int max = reader.ReadCount();
        uint length = reader.ReadUInt32();
        if (length > (uint)max)
        {
            throw new NdrException("twr_t tower_length above its conformance.");
        }

        return reader.ReadBytes((int)length);
    }

    internal static void WriteTwr(NdrWriter writer, ReadOnlySpan<byte> tower)
    {
        writer.WriteConformance(tower.Length);
        writer.WriteUInt32((uint)tower.Length);
        writer.WriteBytes(tower);
    }

    private sealed class LookupState
    {
        public int Next { get; set; }
    }
}
