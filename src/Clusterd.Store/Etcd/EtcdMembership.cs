using System.Globalization;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Clusterd.Store.Etcd;

/// <summary>
/// Liveness and leadership on etcd (docs/architecture.md, "Multi-node"): a node's member key lives under its lease,
/// which a background loop keeps alive; a second lease carries its election key, and the candidate whose key was
/// created first leads. A leader that has not had its leadership lease renewed for longer than
/// <see cref="MembershipTiming.LeaseTtl"/> minus <see cref="MembershipTiming.KeepAlivePeriod"/> steps down by its own
/// clock, before the lease (and with it its fence) can lapse on etcd, and campaigns again with a new key.
/// </summary>
public sealed class EtcdMembership : IClusterMembership
{
    private readonly EtcdConnection _connection;
    private readonly EtcdLayout _layout;
    private readonly MembershipTiming _timing;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly long _ttlSeconds;
    private readonly TimeSpan _stepDownAfter;

    private readonly Lock _gate = new();
    private readonly Lock _leadershipGate = new();
    private readonly Lock _membersGate = new();
    private readonly CancellationTokenSource _stop = new();

    private string? _node;
    private bool _disposed;
    private bool _crashed;

    // The node's own lease and when the last renewal that etcd acknowledged was sent.
    private long _memberLease;
    private DateTimeOffset _lastMemberAck;

    // The current campaign: its lease, key and create revision, and when its lease was last renewed.
    private long _leaderLease;
    private long _lastLeaderAckTicks; // UTC ticks; read without the gate when becoming leader
    private CancellationTokenSource? _campaign;
    private volatile StoreFence? _leadership;

    private string[] _members = [];
    private CancellationTokenSource _reconnect = new();
    private DateTimeOffset _frozenUntil = DateTimeOffset.MinValue;

    private Task[] _loops = [];
    private ITimer? _stepDownTimer;

    /// <summary>Membership of <paramref name="layout"/>'s cluster over <paramref name="connection"/>; nothing is sent before <see cref="Join"/>.</summary>
    public EtcdMembership(EtcdConnection connection, EtcdLayout layout, MembershipTiming timing, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(time);
        if (timing.KeepAlivePeriod <= TimeSpan.Zero || timing.KeepAlivePeriod >= timing.LeaseTtl)
        {
            throw new ArgumentException("the keep-alive period must be positive and below the lease TTL", nameof(timing));
        }
        _connection = connection;
        _layout = layout;
        _timing = timing;
        _time = time;
        _logger = logger;
        _ttlSeconds = Math.Max(2, (long)Math.Ceiling(timing.LeaseTtl.TotalSeconds));
        _stepDownAfter = timing.LeaseTtl - timing.KeepAlivePeriod;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> LiveMembers
    {
        get
        {
            lock (_membersGate)
            {
                return _members;
            }
        }
    }

    /// <inheritdoc />
    public event Action<IReadOnlyCollection<string>>? MembersChanged;

    /// <inheritdoc />
    public StoreFence? Leadership => _leadership;

    /// <inheritdoc />
    public event Action<StoreFence?>? LeadershipChanged;

    /// <inheritdoc />
    public bool IsAlive
    {
        get
        {
            lock (_gate)
            {
                return _node is not null && !_crashed && !_disposed && _time.GetUtcNow() - _lastMemberAck < _timing.LeaseTtl;
            }
        }
    }

    /// <summary>The member key of <paramref name="node"/>.</summary>
    private string MemberKey(string node) => _layout.Members + node;

    /// <inheritdoc />
    public bool Join(string node)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        if (node.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("a node name cannot contain '/'", nameof(node));
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_node is not null)
            {
                throw new InvalidOperationException("this membership has already joined as " + _node);
            }
            _node = node;
        }
        bool clusterStart;
        try
        {
            var sent = _time.GetUtcNow();
            var lease = Grant();
            lock (_gate)
            {
                _memberLease = lease;
                _lastMemberAck = sent;
            }
            var key = EtcdLayout.Key(MemberKey(node));
            // A previous incarnation of this node (killed, restarted before its lease lapsed) does not count as alive.
            Unary((i, d) => EtcdConnection.Kv(i).DeleteRange(new DeleteRangeRequest { Key = key }, deadline: d));
            var put = new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFromUtf8(node), Lease = lease } };
            var txn = new TxnRequest();
            // Over a range, etcd compares every key in it, and an all-zero key when it is empty: "no member key at all".
            txn.Compare.Add(new Compare
            {
                Key = EtcdLayout.Key(_layout.Members),
                RangeEnd = EtcdLayout.RangeEnd(_layout.Members),
                Target = Compare.Types.CompareTarget.Create,
                Result = Compare.Types.CompareResult.Equal,
                CreateRevision = 0,
            });
            txn.Success.Add(new RequestOp
            {
                RequestDeleteRange = new DeleteRangeRequest { Key = EtcdLayout.Key(_layout.Volatile), RangeEnd = EtcdLayout.RangeEnd(_layout.Volatile) },
            });
            txn.Success.Add(put);
            txn.Failure.Add(put);
            clusterStart = Unary((i, d) => EtcdConnection.Kv(i).Txn(txn, deadline: d)).Succeeded;
        }
        catch
        {
            long granted;
            lock (_gate)
            {
                _node = null;
                granted = _memberLease;
                _memberLease = 0;
            }
            RevokeQuietly(granted);
            throw;
        }
        if (_logger is not null)
        {
            MembershipLog.Joined(_logger, _layout.Prefix, node, clusterStart);
        }
        var token = _stop.Token;
        _loops =
        [
            Task.Run(() => KeepAliveLoop(token), token),
            Task.Run(() => MembersLoop(token), token),
            Task.Run(() => ElectionLoop(token), token),
        ];
        var check = _timing.KeepAlivePeriod / 2;
        _stepDownTimer = _time.CreateTimer(_ => CheckLeadershipLease(), null, check, check);
        return clusterStart;
    }

    // ---- unary calls --------------------------------------------------------------------------------------------

    /// <summary>One unary call with failover; any failure becomes a <see cref="StoreException"/>.</summary>
    private T Unary<T>(Func<CallInvoker, DateTime, T> call)
    {
        try
        {
            return _connection.Call(call);
        }
        catch (RpcException ex)
        {
            throw new StoreException("etcd refused a membership request: " + ex.Status.Detail, ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new StoreException("the etcd connection is closed", ex);
        }
    }

    /// <summary>
    /// The asynchronous form of <see cref="EtcdConnection.Call{T}"/> for the background loops, so that a slow etcd
    /// (an election in progress) never holds thread-pool threads the keep-alive loop and the step-down timer need.
    /// </summary>
    private async Task<T> UnaryAsync<T>(Func<CallInvoker, DateTime, CancellationToken, AsyncUnaryCall<T>> call, CancellationToken stop)
    {
        RpcException? last = null;
        for (var attempt = 0; attempt < _connection.Endpoints.Count; attempt++)
        {
            var channel = _connection.Channel;
            try
            {
                using var pending = call(channel.CreateCallInvoker(), _connection.Deadline(), stop);
                return await pending.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (EtcdConnection.IsUnreachable(ex) && !stop.IsCancellationRequested)
            {
                last = ex;
                _connection.Failover(channel);
            }
            catch (RpcException ex) when (!stop.IsCancellationRequested)
            {
                throw new StoreException("etcd refused a membership request: " + ex.Status.Detail, ex);
            }
        }
        throw new StoreException("etcd is unreachable (" + string.Join(", ", _connection.Endpoints) + "): " + last?.Status.Detail, last!);
    }

    private async Task<long> GrantAsync(CancellationToken stop)
    {
        var response = await UnaryAsync((i, d, c) => EtcdConnection.Leases(i).LeaseGrantAsync(new LeaseGrantRequest { TTL = _ttlSeconds }, deadline: d, cancellationToken: c), stop).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error) || response.ID == 0)
        {
            throw new StoreException("etcd did not grant a lease: " + response.Error);
        }
        return response.ID;
    }

    private async Task RevokeQuietlyAsync(long lease)
    {
        if (lease == 0)
        {
            return;
        }
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
            await EtcdConnection.Leases(_connection.Channel.CreateCallInvoker()).LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: deadline);
        }
        catch (Exception ex) when (ex is RpcException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the lease lapses by itself.
        }
    }

    private long Grant()
    {
        var response = Unary((i, d) => EtcdConnection.Leases(i).LeaseGrant(new LeaseGrantRequest { TTL = _ttlSeconds }, deadline: d));
        if (!string.IsNullOrEmpty(response.Error) || response.ID == 0)
        {
            throw new StoreException("etcd did not grant a lease: " + response.Error);
        }
        return response.ID;
    }

    private void RevokeQuietly(long lease)
    {
        if (lease == 0)
        {
            return;
        }
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
            EtcdConnection.Leases(_connection.Channel.CreateCallInvoker()).LeaseRevoke(new LeaseRevokeRequest { ID = lease }, deadline: deadline);
        }
        catch (Exception ex) when (ex is RpcException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the lease lapses by itself.
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is RpcException or StoreException or IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException;

    /// <summary>Moves to the next endpoint after a stream failed, and restarts the other streams there too.</summary>
    private void Reconnect(Grpc.Net.Client.GrpcChannel failed)
    {
        _connection.Failover(failed);
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _reconnect;
            _reconnect = new CancellationTokenSource();
        }
        old.Cancel(); // not disposed: a watch may be linking to its token right now
    }

    private CancellationToken ReconnectToken()
    {
        lock (_gate)
        {
            return _reconnect.Token;
        }
    }

    private async Task Pause(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits while the test hook holds this node frozen (as if its process were stopped).</summary>
    private async Task WaitUnfrozen(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset until;
            lock (_gate)
            {
                until = _frozenUntil;
            }
            var left = until - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            await Pause(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50), stop).ConfigureAwait(false);
        }
    }

    // ---- keep-alive -----------------------------------------------------------------------------------------------

    private async Task KeepAliveLoop(CancellationToken stop)
    {
        var replyTimeout = TimeSpan.FromTicks(Math.Min(_connection.CallTimeout.Ticks, Math.Max(_timing.KeepAlivePeriod.Ticks * 2, TimeSpan.FromMilliseconds(300).Ticks)));
        while (!stop.IsCancellationRequested)
        {
            Grpc.Net.Client.GrpcChannel? channel = null;
            try
            {
                channel = _connection.Channel;
                using var call = EtcdConnection.Leases(channel.CreateCallInvoker()).LeaseKeepAlive(cancellationToken: stop);
                while (!stop.IsCancellationRequested)
                {
                    await WaitUnfrozen(stop).ConfigureAwait(false);
                    long member, leader;
                    lock (_gate)
                    {
                        member = _memberLease;
                        leader = _leaderLease;
                    }
                    long[] leases = leader == 0 ? [member] : [member, leader];
                    foreach (var lease in leases)
                    {
                        var sent = _time.GetUtcNow();
                        await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, stop).ConfigureAwait(false);
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
                        wait.CancelAfter(replyTimeout);
                        if (!await call.ResponseStream.MoveNext(wait.Token).ConfigureAwait(false))
                        {
                            throw new IOException("etcd closed the keep-alive stream");
                        }
                        await OnKeepAliveAsync(call.ResponseStream.Current, sent, stop).ConfigureAwait(false);
                    }
                    await Pause(_timing.KeepAlivePeriod, stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsTransient(ex) && !stop.IsCancellationRequested)
            {
                if (_logger is not null)
                {
                    MembershipLog.KeepAliveFailed(_logger, ex.Message);
                }
                if (channel is not null)
                {
                    Reconnect(channel);
                }
                await Pause(TimeSpan.FromMilliseconds(100), stop).ConfigureAwait(false);
            }
        }
    }

    private async Task OnKeepAliveAsync(LeaseKeepAliveResponse response, DateTimeOffset sent, CancellationToken stop)
    {
        bool memberLost = false, leaderLost = false;
        lock (_gate)
        {
            if (response.ID == _memberLease)
            {
                if (response.TTL > 0)
                {
                    _lastMemberAck = sent;
                }
                else
                {
                    memberLost = true;
                }
            }
            else if (response.ID == _leaderLease)
            {
                if (response.TTL > 0)
                {
                    Volatile.Write(ref _lastLeaderAckTicks, sent.UtcTicks);
                }
                else
                {
                    leaderLost = true;
                }
            }
        }
        if (leaderLost)
        {
            Abandon(response.ID, "the leadership lease expired");
        }
        if (memberLost)
        {
            await RejoinAsync(response.ID, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The member lease expired (this node was stopped too long): a new lease and the member key again.</summary>
    private async Task RejoinAsync(long expired, CancellationToken stop)
    {
        string node;
        lock (_gate)
        {
            node = _node!;
        }
        if (_logger is not null)
        {
            MembershipLog.Rejoining(_logger, node);
        }
        // Any leadership lapsed with the lease's era: drop it first.
        long leader;
        lock (_gate)
        {
            leader = _leaderLease;
        }
        if (leader != 0)
        {
            Abandon(leader, "the member lease expired");
        }
        var sent = _time.GetUtcNow();
        var lease = await GrantAsync(stop).ConfigureAwait(false);
        var key = EtcdLayout.Key(MemberKey(node));
        await UnaryAsync((i, d, c) => EtcdConnection.Kv(i).PutAsync(new PutRequest { Key = key, Value = ByteString.CopyFromUtf8(node), Lease = lease }, deadline: d, cancellationToken: c), stop).ConfigureAwait(false);
        lock (_gate)
        {
            if (_memberLease == expired)
            {
                _memberLease = lease;
                _lastMemberAck = sent;
                return;
            }
        }
        await RevokeQuietlyAsync(lease).ConfigureAwait(false);
    }

    // ---- leadership -------------------------------------------------------------------------------------------------

    /// <summary>The local clock check: no renewal acknowledged for TTL - keep-alive means the key may be gone soon.</summary>
    private void CheckLeadershipLease()
    {
        long lease;
        lock (_gate)
        {
            // Only a leader must step down by its own clock. A candidate keeps its key through a slow stretch (an etcd
            // election): its campaign checks the lease is fresh before it leads, and a lease etcd let lapse takes the
            // key with it, which the campaign sees.
            if (_leaderLease == 0 || _leadership is null || !LeaderLeaseStale())
            {
                return;
            }
            lease = _leaderLease;
        }
        Abandon(lease, "the leadership lease was not renewed in time");
    }

    /// <summary>Gives up the campaign of <paramref name="lease"/>: steps down if leader, and campaigns again with a new lease.</summary>
    private void Abandon(long lease, string reason)
    {
        CancellationTokenSource? campaign;
        lock (_gate)
        {
            if (_leaderLease != lease || lease == 0)
            {
                return;
            }
            _leaderLease = 0;
            campaign = _campaign;
        }
        SetLeadership(null, reason);
        try
        {
            campaign?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>True when no renewal of the leadership lease was acknowledged for longer than TTL - keep-alive.</summary>
    private bool LeaderLeaseStale() =>
        _time.GetUtcNow() - new DateTimeOffset(Volatile.Read(ref _lastLeaderAckTicks), TimeSpan.Zero) > _stepDownAfter;

    /// <summary>
    /// Sets and announces the leadership. Becoming leader requires <paramref name="lease"/> to still be the campaign's
    /// lease and fresh, checked under the same lock as the announcement, so a concurrent step-down always comes after.
    /// </summary>
    private bool SetLeadership(StoreFence? fence, string reason, long lease = 0)
    {
        lock (_leadershipGate)
        {
            if (fence is not null && (Volatile.Read(ref _leaderLease) != lease || LeaderLeaseStale()))
            {
                return false;
            }
            if (Equals(_leadership, fence))
            {
                return true;
            }
            _leadership = fence;
            if (fence is null)
            {
                if (_logger is not null)
                {
                    MembershipLog.SteppedDown(_logger, reason);
                }
            }
            else
            {
                if (_logger is not null)
                {
                    MembershipLog.BecameLeader(_logger, fence.Key, fence.CreateRevision);
                }
            }
            LeadershipChanged?.Invoke(fence);
            return true;
        }
    }

    private async Task ElectionLoop(CancellationToken stop)
    {
        long previous = 0;
        while (!stop.IsCancellationRequested)
        {
            await WaitUnfrozen(stop).ConfigureAwait(false);
            if (previous != 0)
            {
                await RevokeQuietlyAsync(previous).ConfigureAwait(false);
                previous = 0;
            }
            using var campaign = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                var sent = _time.GetUtcNow();
                var lease = await GrantAsync(stop).ConfigureAwait(false);
                previous = lease;
                var key = _layout.Leader + lease.ToString("x16", CultureInfo.InvariantCulture);
                var keyBytes = EtcdLayout.Key(key);
                var txn = new TxnRequest();
                txn.Compare.Add(new Compare
                {
                    Key = keyBytes,
                    Target = Compare.Types.CompareTarget.Create,
                    Result = Compare.Types.CompareResult.Equal,
                    CreateRevision = 0,
                });
                txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = keyBytes, Lease = lease } });
                txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = keyBytes } });
                var created = await UnaryAsync((i, d, c) => EtcdConnection.Kv(i).TxnAsync(txn, deadline: d, cancellationToken: c), stop).ConfigureAwait(false);
                var createRevision = created.Succeeded ? created.Header.Revision : created.Responses[0].ResponseRange.Kvs[0].CreateRevision;
                bool over, revoke;
                lock (_gate)
                {
                    over = _disposed || _crashed;
                    revoke = over && !_crashed;
                    if (!over)
                    {
                        _leaderLease = lease;
                        Volatile.Write(ref _lastLeaderAckTicks, sent.UtcTicks);
                        _campaign = campaign;
                    }
                }
                if (over)
                {
                    if (revoke)
                    {
                        await RevokeQuietlyAsync(lease).ConfigureAwait(false);
                    }
                    return;
                }
                await Campaign(lease, key, createRevision, campaign.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && !stop.IsCancellationRequested)
            {
                if (!campaign.IsCancellationRequested)
                {
                    if (_logger is not null)
                    {
                        MembershipLog.ElectionFailed(_logger, ex.Message);
                    }
                    await Pause(_timing.KeepAlivePeriod, stop).ConfigureAwait(false);
                }
            }
            finally
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_campaign, campaign))
                    {
                        _campaign = null;
                    }
                }
            }
            // Whatever ended the campaign, its lease is given up: a new one (and key) next time round.
            lock (_gate)
            {
                if (_leaderLease == previous && previous != 0)
                {
                    _leaderLease = 0;
                }
            }
            SetLeadership(null, "the campaign ended");
        }
    }

    /// <summary>Waits until <paramref name="key"/> is the oldest candidate, leads, and returns when the campaign is over.</summary>
    private async Task Campaign(long lease, string key, long createRevision, CancellationToken campaign)
    {
        var prefix = EtcdLayout.Key(_layout.Leader);
        var end = EtcdLayout.RangeEnd(_layout.Leader);
        while (!campaign.IsCancellationRequested)
        {
            try
            {
                if (await CampaignStep(lease, key, createRevision, prefix, end, campaign).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (IsTransient(ex) && !campaign.IsCancellationRequested)
            {
                // etcd unreachable or a watch broke: look again (the lease check ends the campaign if this lasts).
                await Pause(TimeSpan.FromMilliseconds(200), campaign).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One look at the candidates: true when the campaign is over (led and lost, or my key is gone).</summary>
    private async Task<bool> CampaignStep(long lease, string key, long createRevision, ByteString prefix, ByteString end, CancellationToken campaign)
    {
        var first = await UnaryAsync((i, d, c) => EtcdConnection.Kv(i).RangeAsync(new RangeRequest
        {
            Key = prefix,
            RangeEnd = end,
            SortTarget = RangeRequest.Types.SortTarget.Create,
            SortOrder = RangeRequest.Types.SortOrder.Ascend,
            Limit = 1,
            KeysOnly = true,
        }, deadline: d, cancellationToken: c), campaign).ConfigureAwait(false);
        if (first.Kvs.Count == 0)
        {
            return true; // not even my own key: it lapsed
        }
        if (first.Kvs[0].Key.ToStringUtf8() == key)
        {
            if (first.Kvs[0].CreateRevision != createRevision)
            {
                return true;
            }
            if (!SetLeadership(new StoreFence(key, createRevision), "", lease))
            {
                // The lease is not fresh enough to be sure the key outlives the next instant (an etcd election is going
                // on, say). Keep the key and look again after the next keep-alive: giving it up would send this node
                // to the back of the queue while every other candidate may be doing the same, and nobody would lead.
                await Pause(_timing.KeepAlivePeriod / 2, campaign).ConfigureAwait(false);
                return false;
            }
            // Lead until the campaign ends (step-down, lease lost) or the key goes some other way (deleted by hand).
            await WatchUntil(EtcdLayout.Key(key), ByteString.Empty, first.Header.Revision + 1,
                r => r.Events.Any(e => e.Type == Mvccpb.Event.Types.EventType.Delete), campaign).ConfigureAwait(false);
            Abandon(lease, "the election key was deleted");
            return true;
        }
        // Someone older leads: wait for a candidate to go, then look again (my own key going ends the campaign).
        var mine = await UnaryAsync((i, d, c) => EtcdConnection.Kv(i).RangeAsync(new RangeRequest { Key = EtcdLayout.Key(key), CountOnly = true }, deadline: d, cancellationToken: c), campaign).ConfigureAwait(false);
        if (mine.Count == 0)
        {
            return true;
        }
        // Bounded: a watch can miss its event when its stream moves between etcd members, so a candidate also looks
        // again every two heartbeats whatever the watch says (the election never waits on one lost event).
        using var recheck = CancellationTokenSource.CreateLinkedTokenSource(campaign);
        recheck.CancelAfter(_timing.KeepAlivePeriod * 2);
        try
        {
            await WatchUntil(prefix, end, first.Header.Revision + 1,
                r => r.Events.Any(e => e.Type == Mvccpb.Event.Types.EventType.Delete), recheck.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!campaign.IsCancellationRequested)
        {
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !campaign.IsCancellationRequested)
        {
        }
        return false;
    }

    // ---- watches ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Watches [<paramref name="key"/>, <paramref name="end"/>) from <paramref name="fromRevision"/> until
    /// <paramref name="done"/> says so; throws when the watch breaks (the caller reads again and re-watches).
    /// </summary>
    private async Task WatchUntil(ByteString key, ByteString end, long fromRevision, Func<WatchResponse, bool> done, CancellationToken stop)
    {
        var channel = _connection.Channel;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, ReconnectToken());
        try
        {
            using var call = new Etcdserverpb.Watch.WatchClient(channel.CreateCallInvoker()).Watch(cancellationToken: linked.Token);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest { Key = key, RangeEnd = end, StartRevision = fromRevision },
            }, linked.Token).ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(linked.Token).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.Canceled || response.CompactRevision != 0)
                {
                    throw new IOException("etcd cancelled the watch: " + response.CancelReason);
                }
                if (done(response))
                {
                    return;
                }
            }
            throw new IOException("etcd closed the watch stream");
        }
        catch (RpcException ex) when (!stop.IsCancellationRequested && ex.StatusCode != StatusCode.Cancelled)
        {
            Reconnect(channel);
            throw;
        }
    }

    private async Task MembersLoop(CancellationToken stop)
    {
        var prefix = EtcdLayout.Key(_layout.Members);
        var end = EtcdLayout.RangeEnd(_layout.Members);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var range = await UnaryAsync((i, d, c) => EtcdConnection.Kv(i).RangeAsync(new RangeRequest { Key = prefix, RangeEnd = end }, deadline: d, cancellationToken: c), stop).ConfigureAwait(false);
                var set = new HashSet<string>(range.Kvs.Select(kv => kv.Value.ToStringUtf8()), StringComparer.Ordinal);
                PublishMembers(set);
                await WatchUntil(prefix, end, range.Header.Revision + 1, response =>
                {
                    foreach (var e in response.Events)
                    {
                        if (e.Type == Mvccpb.Event.Types.EventType.Put)
                        {
                            set.Add(e.Kv.Value.ToStringUtf8());
                        }
                        else
                        {
                            set.Remove(e.Kv.Key.ToStringUtf8()[_layout.Members.Length..]);
                        }
                    }
                    PublishMembers(set);
                    return false;
                }, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && !stop.IsCancellationRequested)
            {
                await Pause(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
            }
        }
    }

    private void PublishMembers(HashSet<string> set)
    {
        lock (_membersGate)
        {
            if (_members.Length == set.Count && _members.All(set.Contains))
            {
                return;
            }
            var copy = set.Order(StringComparer.Ordinal).ToArray();
            _members = copy;
            MembersChanged?.Invoke(copy);
        }
    }

    // ---- test hooks and shutdown --------------------------------------------------------------------------------

    /// <summary>Test hook: stops this node as a kill -9 would (no revoke, no events); its leases lapse on etcd.</summary>
    internal void SimulateCrash()
    {
        lock (_gate)
        {
            _crashed = true;
        }
        StopLoops();
        _leadership = null;
    }

    /// <summary>Test hook: as if the process were stopped (SIGSTOP) for <paramref name="duration"/>: no keep-alives, no campaigning.</summary>
    internal void FreezeKeepAlives(TimeSpan duration)
    {
        lock (_gate)
        {
            _frozenUntil = _time.GetUtcNow() + duration;
        }
    }

    private void StopLoops()
    {
        _stop.Cancel();
        _stepDownTimer?.Dispose();
        try
        {
            Task.WaitAll(_loops, TimeSpan.FromSeconds(3));
        }
        catch (AggregateException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        long member, leader;
        bool crashed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            crashed = _crashed;
            member = _memberLease;
            leader = _leaderLease;
        }
        StopLoops();
        if (!crashed)
        {
            SetLeadership(null, "shutting down"); // before the revoke lets another node win
            RevokeQuietly(leader);
            RevokeQuietly(member);
        }
        lock (_gate)
        {
            _reconnect.Dispose();
        }
        _stop.Dispose();
    }
}

/// <summary>The membership's log messages.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(LogLevel.Information, "Joined the cluster under {Prefix} as {Node} (cluster start: {ClusterStart}).")]
    public static partial void Joined(ILogger logger, string prefix, string node, bool clusterStart);

    [LoggerMessage(LogLevel.Warning, "The lease keep-alive stream failed ({Reason}); reconnecting.")]
    public static partial void KeepAliveFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "The lease of {Node} expired; joining again.")]
    public static partial void Rejoining(ILogger logger, string node);

    [LoggerMessage(LogLevel.Warning, "Stepped down as leader: {Reason}.")]
    public static partial void SteppedDown(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Became leader ({Key}, create revision {Revision}).")]
    public static partial void BecameLeader(ILogger logger, string key, long revision);

    [LoggerMessage(LogLevel.Warning, "The election failed ({Reason}); campaigning again.")]
    public static partial void ElectionFailed(ILogger logger, string reason);
}
