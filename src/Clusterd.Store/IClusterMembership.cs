namespace Clusterd.Store;

/// <summary>Liveness settings of a node: how long its lease lives and how often it renews it.</summary>
/// <param name="LeaseTtl">The lease TTL: a node that stops renewing is Down for everyone after at most this long.</param>
/// <param name="KeepAlivePeriod">How often the lease is renewed; well below <paramref name="LeaseTtl"/>.</param>
public sealed record MembershipTiming(TimeSpan LeaseTtl, TimeSpan KeepAlivePeriod)
{
    /// <summary>
    /// The cluster heartbeat settings of Windows mapped onto a lease: a node is declared down after
    /// <paramref name="threshold"/> missed heartbeats <paramref name="delay"/> apart (SameSubnetThreshold x
    /// SameSubnetDelay), so the TTL is their product; the lease is renewed every heartbeat.
    /// </summary>
    public static MembershipTiming FromHeartbeat(TimeSpan delay, int threshold)
    {
        if (delay <= TimeSpan.Zero || threshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), "the heartbeat delay must be positive and the threshold at least 1");
        }
        var ttl = delay * threshold;
        // etcd leases have whole-second TTLs and a minimum of about 2 s (its election timeout).
        var seconds = Math.Max(2, (int)Math.Ceiling(ttl.TotalSeconds));
        var keepAlive = delay < TimeSpan.FromSeconds(seconds) / 2 ? delay : TimeSpan.FromSeconds(seconds) / 3;
        return new MembershipTiming(TimeSpan.FromSeconds(seconds), keepAlive);
    }
}

/// <summary>
/// Which nodes are alive and which one leads (docs/architecture.md, "Multi-node"): each node keeps a lease alive and
/// a member key under it; one node at a time is leader through an election with its own lease, and steps down itself
/// when it cannot renew in time.
/// </summary>
public interface IClusterMembership : IDisposable
{
    /// <summary>
    /// Joins the cluster as <paramref name="node"/>: grants the lease, writes the member key and keeps it alive. When
    /// no member was alive (the whole cluster was down: a cluster start, MS-CMRP 3.1.1.4), every volatile record is
    /// dropped in the same transaction, and the result is true.
    /// </summary>
    bool Join(string node);

    /// <summary>The nodes whose member key exists now, as this node last saw them.</summary>
    IReadOnlyCollection<string> LiveMembers { get; }

    /// <summary>Raised (on a background thread) with the new set whenever a member key appears or disappears.</summary>
    event Action<IReadOnlyCollection<string>>? MembersChanged;

    /// <summary>The fence of this node's leadership while it is leader; null otherwise.</summary>
    StoreFence? Leadership { get; }

    /// <summary>Raised (on a background thread) when this node becomes leader (a fence) or stops being leader (null).</summary>
    event Action<StoreFence?>? LeadershipChanged;

    /// <summary>True while this node's own lease is alive as far as it can tell (renewed within the TTL).</summary>
    bool IsAlive { get; }
}
