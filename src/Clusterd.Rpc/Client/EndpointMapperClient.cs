using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Client;

/// <summary>Client side of the endpoint mapper (dcerpc-ntlm.md §5.1).</summary>
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
        int actual = r.ReadCount();
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
}
