using System.Net;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Server;

namespace Clusterd.Rpc.Epm;

/// <summary>
/// The endpoint mapper, e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 (C706 appendix O, MS-RPCE 2.2.1.2). Knows every
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
                writer.WriteUInt32(RpcStatus.CannotSupport); // EPT_S_CANT_PERFORM_OP, as Samba answers
                break;
            case OpLookup:
                return ValueTask.FromResult(RpcCallResult.Success(Lookup(stub, context).Encode()));
            case OpMap:
                Map(reader, writer, context);
                break;
            case OpLookupHandleFree:
                // Closes the search of a client that stops early; always a NULL handle and status 0 (C706 appendix O).
                context.ContextHandles.Close(reader.ReadContextHandle());
                writer.WriteContextHandle(NdrContextHandle.Null);
                writer.WriteUInt32(0);
                break;
            default:
                return ValueTask.FromResult(RpcCallResult.OpnumOutOfRange);
        }

        return ValueTask.FromResult(RpcCallResult.Success(writer.ToArray()));
    }

    /// <summary>ept_map (MS-RPCE 2.2.1.2.5): answers with the ncacn_ip_tcp tower of the first matching endpoint.</summary>
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

    /// <summary>
    /// ept_lookup (MS-RPCE 2.2.1.2.4, C706 appendix O), paged as the Windows endpoint mapper pages it:
    /// <list type="bullet">
    /// <item>A NULL entry_handle starts a search: the matching entries are taken as a snapshot. None: status
    /// EPT_S_NOT_REGISTERED, NULL handle, no entries.</item>
    /// <item>Each call returns the next min(max_ents, remaining) entries with status 0. While entries remain, the
    /// handle stays open; the call that returns the last entries closes it and answers a NULL handle, status 0.</item>
    /// <item>With max_ents ≤ 1 the last entry comes with an open handle instead, and the next call on it answers
    /// EPT_S_NOT_REGISTERED with a NULL handle: the down-level rule of Windows' mapper, which is what lets clients that
    /// page one entry at a time until "not registered" stop (Samba rpcclient's epmlookup does).</item>
    /// <item>ept_lookup_handle_free closes a handle of a client that stops early; a closed or unknown handle faults with
    /// nca_s_fault_context_mismatch, as the Windows runtime answers a stale context handle.</item>
    /// </list>
    /// </summary>
    private EptLookupResponse Lookup(ReadOnlyMemory<byte> stub, RpcCallContext context)
    {
        var request = EptLookupRequest.Decode(stub);
        if (request.MaxEntries > EptLookupRequest.MaxEntriesLimit)
        {
            throw new RpcFaultException(RpcStatus.InvalidBound); // [in, range(0,500)] max_ents (MS-RPCE 2.2.1.2.4)
        }

        var handle = request.EntryHandle;
        LookupState state;
        if (handle.IsNull)
        {
            var matches = MatchingEntries(request, context);
            if (matches.Count == 0)
            {
                return new EptLookupResponse(NdrContextHandle.Null, request.MaxEntries, [], NotRegistered);
            }

            state = new LookupState(matches);
        }
        else
        {
            state = context.ContextHandles.Get<LookupState>(handle);
        }

        List<EptEntry> page;
        lock (state) // calls of one association may run concurrently (multiplexed); one search moves in order
        {
            if (state.Exhausted)
            {
                context.ContextHandles.Close(handle);
                return new EptLookupResponse(NdrContextHandle.Null, request.MaxEntries, [], NotRegistered);
            }

            page = state.Take((int)request.MaxEntries);
            state.Exhausted = state.Remaining == 0 && request.MaxEntries <= 1;
        }

        if (state.Remaining == 0 && !state.Exhausted)
        {
            // The last page: status 0 and a NULL handle, the search is over.
            context.ContextHandles.Close(handle);
            handle = NdrContextHandle.Null;
        }
        else if (handle.IsNull)
        {
            handle = context.ContextHandles.Create(state);
        }

        return new EptLookupResponse(handle, request.MaxEntries, page, 0);
    }

    private List<EptEntry> MatchingEntries(EptLookupRequest request, RpcCallContext context)
    {
        // RPC_C_EP_MATCH_BY_IF (1) and MATCH_BY_BOTH (3) filter on the interface UUID; registrations carry no objects.
        bool byInterface = request.InquiryType is 1 or 3 && request.InterfaceId is not null;
        var entries = new List<EptEntry>();
        foreach (var (iface, endPoint) in _server.GetEndpoints())
        {
            if (!byInterface || iface.Uuid == request.InterfaceId!.Value.Uuid)
            {
                var tower = ProtocolTower.EncodeTcp(iface, SyntaxId.Ndr20, endPoint.Port, LocalAddress(context, endPoint));
                entries.Add(new EptEntry(Guid.Empty, tower, string.Empty));
            }
        }

        return entries;
    }

    private (SyntaxId Interface, IPEndPoint EndPoint)? FindEndpoint(SyntaxId iface)
    {
        foreach (var e in _server.GetEndpoints())
        {
            // Floor 1 matches on UUID + major; minor must not exceed the registered one (C706 appendix L).
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

    /// <summary>The entries a search has still to return (a snapshot taken by its first call, as Windows keeps one).</summary>
    private sealed class LookupState(List<EptEntry> entries)
    {
        private int _next;

        public int Remaining => entries.Count - _next;

        /// <summary>Every entry was returned, and the handle was kept open for the max_ents ≤ 1 rule.</summary>
        public bool Exhausted { get; set; }

        public List<EptEntry> Take(int max)
        {
            int count = Math.Min(max, Remaining);
            var page = entries.GetRange(_next, count);
            _next += count;
            return page;
        }
    }
}
