using System.Buffers.Binary;
using Clusterd.ClusApi;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>What a deadline ends.</summary>
internal enum DeadlineKind
{
    BackupTimer,
    ResourcePending,
    NodeJoin,
}

/// <summary>One wake-up in the deadline queue: the object's own state holds the deadline itself.</summary>
internal readonly record struct DeadlineEntry(DeadlineKind Kind, string Id, DateTimeOffset Due);

/// <summary>
/// The deadline queue (timers are data, docs/architecture.md): each running timer is a deadline kept in the state of
/// its object; the queue only says when to wake up. An entry whose object no longer carries that deadline is stale and
/// ignored, so a deadline takes effect at most once.
/// </summary>
internal sealed class Deadlines(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    /// <summary>The deadline queue, rebuilt from the deadlines the state holds (timers are data).</summary>
    internal void RebuildDeadlines()
    {
        Queue.Clear();
        foreach (var v in _model.Volumes.All)
        {
            if (v.Backup.Deadline is { } d)
            {
                Schedule(DeadlineKind.BackupTimer, VolumeIndex.Normalize(v.VolumeName), d);
            }
        }
        foreach (var (id, due) in _model.PendingDue)
        {
            Schedule(DeadlineKind.ResourcePending, id, due);
        }
        foreach (var (id, due) in _model.JoinDue)
        {
            Schedule(DeadlineKind.NodeJoin, id, due);
        }
    }

    internal readonly PriorityQueue<DeadlineEntry, DateTimeOffset> Queue = new();

    /// <summary>True when the earliest queued deadline is due at <paramref name="now"/> (it may be stale: applying it is then a no-op).</summary>
    internal bool AnyDue(DateTimeOffset now) => Queue.TryPeek(out _, out var due) && due <= now;

    /// <summary>
    /// Queues a deadline. The object's own state holds the deadline; the queue entry only wakes the engine. A
    /// rolled-back command leaves a stale entry behind, which is ignored when it comes due. <paramref name="tx"/>, the
    /// command that sets the deadline (null when the queue is rebuilt from the state), counts it for the metrics.
    /// </summary>
    internal void Schedule(DeadlineKind kind, string id, DateTimeOffset due, Tx? tx = null)
    {
        Queue.Enqueue(new DeadlineEntry(kind, id, due), due);
        tx?.NoteTimerArmed(kind);
    }

    /// <summary>
    /// The absolute deadline <paramref name="delay"/> after <paramref name="now"/>, or null when it is past
    /// <see cref="DateTimeOffset.MaxValue"/> and cannot be represented. Checked before anything changes.
    /// </summary>
    internal static DateTimeOffset? DeadlineAfter(DateTimeOffset now, TimeSpan delay) =>
        delay <= DateTimeOffset.MaxValue - now ? now + delay : null;

    internal bool ApplyDeadline(Tx tx, DeadlineEntry entry) => entry.Kind switch
    {
        DeadlineKind.BackupTimer => _model.CsvModes.ExpireBackupTimer(tx, entry),
        DeadlineKind.ResourcePending => _model.ResourceLifecycle.CompletePendingResource(tx, entry),
        DeadlineKind.NodeJoin => _model.NodeLifecycle.CompleteNodeJoin(tx, entry),
        _ => false,
    };

    internal bool IsStale(DeadlineEntry e) => e.Kind switch
    {
        DeadlineKind.BackupTimer => _model.Volumes.Find(e.Id) is not { } v || v.Backup.Deadline != e.Due,
        DeadlineKind.ResourcePending => !_model.Resources.TryGetValue(e.Id, out var r) || !_model.PendingDue.TryGetValue(r.Id, out var d) || d != e.Due,
        DeadlineKind.NodeJoin => !_model.Nodes.TryGetValue(e.Id, out var n) || !n.IsJoining || !_model.JoinDue.TryGetValue(n.Id, out var j) || j != e.Due,
        _ => true,
    };
}
