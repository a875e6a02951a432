using System.Globalization;
using System.Text;

namespace Clusterd.Cluster.Engine;

/// <summary>A complete dump of the engine's in-memory state, so tests can prove a refused command changed nothing.</summary>
public sealed partial class ClusterEngine
{
    /// <summary>
    /// Every piece of in-memory state, in a stable order: the database tree (values and write times), the runtime
    /// state of nodes, groups, resources and volumes, the name indexes, the pending transitions and the live
    /// deadlines (stale queue entries, harmless by design, are left out), the local node and the event sequence.
    /// </summary>
    internal string DumpState()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            void Line(string text) => sb.Append(text).Append('\n');
            static string Ticks(DateTimeOffset? t) => t?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
            static IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key) => items.OrderBy(key, StringComparer.Ordinal);

            foreach (var k in Sorted(_model.Db.Root.DescendantsAndSelf(), k => k.Path))
            {
                Line("key " + k.Path + " @" + Ticks(k.LastWriteTime));
                foreach (var (name, value) in Sorted(k.Values, v => v.Key))
                {
                    Line("  " + name + " = " + Convert.ToHexString(value.ToStoreBytes()));
                }
            }
            foreach (var n in Sorted(_model.Nodes.Values, n => n.Id))
            {
                Line(FormattableString.Invariant($"node {n.Id} up={n.IsUp} joining={n.IsJoining} joinDue={Ticks(_model.JoinDue.TryGetValue(n.Id, out var j) ? j : null)}"));
            }
            foreach (var g in Sorted(_model.Groups.Values, g => g.Id))
            {
                Line("group " + g.Id + " resources=" + string.Join(",", g.Resources.Select(r => r.Id)));
            }
            foreach (var r in Sorted(_model.Resources.Values, r => r.Id))
            {
                Line(FormattableString.Invariant($"resource {r.Id} state={r.State} disconnected={string.Join(",", r.DisconnectedNodeIds.Order(StringComparer.Ordinal))}"));
                Line(FormattableString.Invariant($"  pending={Ticks(_model.PendingDue.TryGetValue(r.Id, out var d) ? d : null)} target={(_model.PendingTarget.TryGetValue(r.Id, out var t) ? t.ToString() : "-")}"));
                foreach (var v in r.Volumes)
                {
                    var b = v.Backup;
                    Line(FormattableString.Invariant($"  volume {v.FriendlyName} {v.VolumeName} backup={b.Mode} deadline={Ticks(b.Deadline)} sets={string.Join(",", b.SnapshotSets)} requester={b.Requester}"));
                }
            }
            Line("resourceNames " + string.Join(",", Sorted(_model.ResourceNames, p => p.Key).Select(p => p.Key + "=" + p.Value.Id)));
            Line("groupNames " + string.Join(",", Sorted(_model.GroupNames, p => p.Key).Select(p => p.Key + "=" + p.Value.Id)));
            Line("types " + string.Join(",", Sorted(_model.Types.Keys, k => k)));
            Line("networks " + string.Join(",", Sorted(_model.Networks.Keys, k => k)));
            Line("interfaces " + string.Join(",", Sorted(_model.Interfaces.Keys, k => k)));
            Line("groupSets " + string.Join(",", Sorted(_model.GroupSets.Keys, k => k)));
            Line("volumes " + string.Join(",", Sorted(_model.Volumes.All, v => v.FriendlyName).Select(v => v.FriendlyName + "=" + v.Resource.Id)));
            var live = _model.Deadlines.Queue.UnorderedItems.Select(x => x.Element).Where(e => !_model.Deadlines.IsStale(e))
                .Select(e => e.Kind + " " + e.Id + " " + Ticks(e.Due)).Distinct().Order(StringComparer.Ordinal);
            Line("deadlines " + string.Join(";", live));
            Line("localNode " + _model.LocalNodeId + " events " + _eventSequence.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
