using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Client;

/// <summary>Client side of the endpoint mapper: ept_map, ept_lookup and ept_lookup_handle_free (C706 appendix O, MS-RPCE 2.2.1.2).</summary>
public static class EndpointMapperClient
{
    /// <summary>Encodes an ept_map request stub for an ncacn_ip_tcp tower of <paramref name="interfaceId"/> (object NULL, max_towers 1).</summary>
    public static byte[] EncodeMapRequest(SyntaxId interfaceId)
    {
        var tower = ProtocolTower.EncodeTcp(interfaceId, SyntaxId.Ndr20, 0, System.Net.IPAddress.Any);
        var w = new NdrWriter();
        w.WriteFullPointer(null); // object
        w.WriteFullPointer(tower);
        EndpointMapperDispatcher.WriteTwr(w, tower);
        w.WriteContextHandle(NdrContextHandle.Null);
        w.WriteUInt32(1);
        return w.ToArray();
    }

    /// <summary>Decodes an ept_map response stub into its towers and status.</summary>
    public static (IReadOnlyList<ReadOnlyMemory<byte>> Towers, uint Status) DecodeMapResponse(ReadOnlyMemory<byte> stub)
    {
        var r = new NdrReader(stub);
        r.ReadContextHandle();
        uint num = r.ReadUInt32();
        int max = r.ReadCount();
        uint offset = r.ReadUInt32();
        int actual = r.ReadCount(minElementSize: 4); // each tower is a 4-byte pointer: refuse a count the stub cannot hold
        if (offset != 0 || actual > max || actual != num)
        {
            throw new NdrException("Bad ept_map tower array.");
        }

        var present = new bool[actual];
        for (int i = 0; i < actual; i++)
        {
            present[i] = r.ReadFullPointer(out _);
        }

        var towers = new List<ReadOnlyMemory<byte>>();
        foreach (bool p in present)
        {
            if (p)
            {
                towers.Add(EndpointMapperDispatcher.ReadTwr(r));
            }
        }

        return (towers, r.ReadUInt32());
    }

    /// <summary>Runs ept_map on a client bound to the endpoint mapper and returns the TCP port; faults with the status if not found.</summary>
    public static async Task<int> MapAsync(RpcClient client, SyntaxId interfaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.CallAsync(EndpointMapperDispatcher.OpMap, EncodeMapRequest(interfaceId), cancellationToken: cancellationToken).ConfigureAwait(false);
        var (towers, status) = DecodeMapResponse(response);
        foreach (var t in towers)
        {
            if (ProtocolTower.TryDecode(t, out var floors) && ProtocolTower.TryGetTcpPort(floors, out int port))
            {
                return port;
            }
        }

        throw new RpcFaultException(status == 0 ? EndpointMapperDispatcher.NotRegistered : status);
    }

    /// <summary>
    /// Lists the endpoint map with ept_lookup (RPC_C_EP_ALL_ELTS), <paramref name="maxEntries"/> entries per call. Pages
    /// until the server ends the search: a NULL entry_handle with status 0 (Windows' last page), or EPT_S_NOT_REGISTERED
    /// (nothing registered; the call after a max_ents ≤ 1 search ran out; Samba's mapper, which ends every search with
    /// it). Any other status faults with it. A page without entries that keeps a handle open ends the listing too: the
    /// handle is freed with ept_lookup_handle_free rather than asked again forever.
    /// </summary>
    public static async Task<IReadOnlyList<EptEntry>> LookupAsync(RpcClient client, uint maxEntries = EptLookupRequest.MaxEntriesLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfZero(maxEntries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxEntries, EptLookupRequest.MaxEntriesLimit); // range(0,500), MS-RPCE 2.2.1.2.4
        var entries = new List<EptEntry>();
        var handle = NdrContextHandle.Null;
        while (true)
        {
            var page = await LookupPageAsync(client, EptLookupRequest.All(handle, maxEntries), cancellationToken).ConfigureAwait(false);
            entries.AddRange(page.Entries);
            if (page.Status == EndpointMapperDispatcher.NotRegistered || (page.Status == 0 && page.EntryHandle.IsNull))
            {
                return entries;
            }

            if (page.Status != 0)
            {
                throw new RpcFaultException(page.Status);
            }

            if (page.Entries.Count == 0)
            {
                await LookupHandleFreeAsync(client, page.EntryHandle, cancellationToken).ConfigureAwait(false);
                return entries;
            }

            handle = page.EntryHandle;
        }
    }

    /// <summary>One ept_lookup call.</summary>
    public static async Task<EptLookupResponse> LookupPageAsync(RpcClient client, EptLookupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var stub = await client.CallAsync(EndpointMapperDispatcher.OpLookup, request.Encode(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return EptLookupResponse.Decode(stub);
    }

    /// <summary>
    /// ept_lookup_handle_free: ends a search the client stops before its last page (MS-RPCE 2.2.1.2.4: a client that
    /// terminates the search in between calls closes the handle). Returns the status; the handle comes back NULL.
    /// </summary>
    public static async Task<uint> LookupHandleFreeAsync(RpcClient client, NdrContextHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var w = new NdrWriter();
        w.WriteContextHandle(handle);
        var r = new NdrReader(await client.CallAsync(EndpointMapperDispatcher.OpLookupHandleFree, w.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false));
        if (!r.ReadContextHandle().IsNull)
        {
            throw new NdrException("ept_lookup_handle_free returned a handle that is not NULL.");
        }

        return r.ReadUInt32();
    }
}
