namespace Clusterd.Rpc.Client;

/// <summary>Settings of an <see cref="RpcClient"/>.</summary>
public sealed record RpcClientOptions
{
    /// <summary>max_xmit_frag and max_recv_frag proposed in the bind (Samba clients use 5840 or 4280).</summary>
    public ushort MaxFragmentSize { get; init; } = 5840;

    /// <summary>Largest reassembled response stub accepted.</summary>
    public int MaxResponseSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>auth_context_id put in every sec_trailer (Samba uses 1).</summary>
    public uint AuthContextId { get; init; } = 1;

    /// <summary>
    /// assoc_group_id of the bind: 0 asks for a new association; the <see cref="RpcClient.AssociationGroupId"/> of another
    /// connection joins its association, whose context handles this connection then shares (MS-RPCE 3.3.2.4.1.2: a
    /// client opens another connection of the association for a call while one is busy with a synchronous call).
    /// </summary>
    public uint AssociationGroupId { get; init; }

    /// <summary>Propose bind-time feature negotiation (keep-connection-on-orphan) as a second context, as smbtorture does.</summary>
    public bool ProposeBindTimeFeatures { get; init; }

    /// <summary>Receives a hex dump of every fragment in both directions (<c>--trace-pdu</c>).</summary>
    public Action<string>? PduTrace { get; init; }
}
