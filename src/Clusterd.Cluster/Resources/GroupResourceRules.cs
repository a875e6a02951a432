using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// Possible owners (MS-CMRP 3.1.1.1.1, 3.1.4.2.24-25), moving a resource and its dependency tree to another group
/// (3.1.4.2.26, 3.1.4.2.166), restarting a resource (3.1.4.2.142), cancelling a group's pending operation
/// (3.1.4.2.133), groups of a client's type (3.1.4.2.128) and the dependency check of 3.1.4.2.22.
/// </summary>
/// <remarks>
/// The possible owners are the value <c>PossibleOwners</c> (REG_MULTI_SZ of node IDs) of the resource's key, as the
/// Windows cluster database keeps them. Without the value every node is a possible owner (a new resource); once
/// edited, the value is the set, possibly empty (docs/behaviour.md, "GroupResource: possible owners").
/// </remarks>
internal sealed class GroupResourceRules(ClusterModel model)
{
    /// <summary>The value name of the possible owners in a resource's key.</summary>
    internal const string PossibleOwnersValue = "PossibleOwners";

    /// <summary>
    /// The value name of a complex dependency (MS-CMRP 3.1.4.2.109) in a resource's key: the canonical expression over
    /// resource IDs. Without it the dependencies are the AND of DependsOn. DependsOn always holds every resource the
    /// expression names, so the rules that look at providers and dependents (delete, cycles, moving trees, offline
    /// order) see them all.
    /// </summary>
    internal const string DependencyExpressionValue = "DependencyExpression";

    /// <summary>The depth MS-CMRP 3.1.4.2.20 sets as the limit of a dependency tree.</summary>
    internal const int MaxDependencyDepth = 100;
    private readonly ClusterModel _model = model;

    /// <summary>The explicit possible owners of a resource, or null when every node is one.</summary>
    internal static IReadOnlyList<string>? StoredPossibleOwners(Resource r) =>
        r.Key.Get(PossibleOwnersValue) is null ? null : r.Key.GetMultiString(PossibleOwnersValue);

    /// <summary>True when <paramref name="nodeId"/> may host <paramref name="r"/>.</summary>
    internal static bool IsPossibleOwner(Resource r, string nodeId) =>
        StoredPossibleOwners(r) is not { } set || set.Contains(nodeId, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="nodeId"/> is a possible owner of every resource of <paramref name="g"/>.</summary>
    internal static bool CanHost(Group g, string nodeId) => g.Resources.All(r => IsPossibleOwner(r, nodeId));

    /// <summary>The possible owners of a resource, as node IDs in node order.</summary>
    internal IReadOnlyList<string> PossibleOwners(Resource r) =>
        _model.Nodes.Values.Where(n => IsPossibleOwner(r, n.Id)).OrderBy(n => ClusterModel.NodeOrder(n.Id)).Select(n => n.Id).ToList();

    /// <summary>Applies <see cref="Commands.CreateGroupOfType"/>.</summary>
    internal (Win32Error Error, string? Id) CreateGroupOfType(Tx tx, string name, uint groupType)
    {
        // The engine's own group types carry rules (the core group, Available Storage, the CSV special group);
        // a client cannot make one (docs/behaviour.md, "GroupResource: flags and group types").
        if (groupType is >= (uint)ClusterGroupType.CoreCluster and <= (uint)ClusterGroupType.SharedVolume)
        {
            return (Win32Error.InvalidParameter, null);
        }
        var (e, id) = _model.GroupLifecycle.CreateGroup(tx, name);
        if (e != Win32Error.Success || id is null)
        {
            return (e, null);
        }
        if (groupType != (uint)ClusterGroupType.Unknown)
        {
            tx.SetDWord(_model.Groups[id].Key, V.GroupType, groupType);
        }
        return (Win32Error.Success, id);
    }

    /// <summary>Applies <see cref="Commands.AddResourceNode"/> (MS-CMRP 3.1.4.2.24).</summary>
    internal Win32Error AddResourceNode(Tx tx, string resource, string node)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        var effective = PossibleOwners(r);
        if (effective.Count > 0 && effective.Contains(n.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.ObjectAlreadyExists;
        }
        SetPossibleOwners(tx, r, [.. effective, n.Id]);
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.RemoveResourceNode"/> (MS-CMRP 3.1.4.2.25).</summary>
    internal Win32Error RemoveResourceNode(Tx tx, string resource, string node)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (_model.NodeByName(node) is not { } n)
        {
            return Win32Error.ClusterNodeNotFound;
        }
        if (_model.OwnerOf(r)?.Id == n.Id
            && r.State is ClusterResourceState.Online or ClusterResourceState.OnlinePending or ClusterResourceState.OfflinePending)
        {
            return Win32Error.InvalidState;
        }
        var effective = PossibleOwners(r);
        if (effective.Count == 0)
        {
            return Win32Error.Success; // an empty set: nothing to remove (the spec's error is for a non-empty set)
        }
        if (!effective.Contains(n.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.ClusterNodeNotFound;
        }
        SetPossibleOwners(tx, r, effective.Where(id => !string.Equals(id, n.Id, StringComparison.OrdinalIgnoreCase)).ToList());
        return Win32Error.Success;
    }

    private void SetPossibleOwners(Tx tx, Resource r, IReadOnlyList<string> ids)
    {
        tx.SetMultiString(r.Key, PossibleOwnersValue, ids);
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
    }

    /// <summary>
    /// Applies <see cref="Commands.ChangeResourceGroup"/>: the resource and its dependency tree (every resource linked
    /// to it by dependencies, either way) move to <paramref name="group"/>. Both groups are owned by the same node
    /// (ERROR_HOST_NODE_NOT_GROUP_OWNER otherwise); core and CSV resources stay (ERROR_CORE_RESOURCE,
    /// ERROR_CLUSTER_USE_SHARED_VOLUMES_API); the CSV special group takes resources only with ForceMoveToCsv.
    /// </summary>
    internal Win32Error ChangeResourceGroup(Tx tx, string resource, string group, bool forceMoveToCsv)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (_model.GroupByName(group) is not { } to)
        {
            return Win32Error.GroupNotFound;
        }
        if (!_model.Groups.TryGetValue(r.GroupId, out var from))
        {
            return Win32Error.GroupNotFound;
        }
        if (from == to)
        {
            return Win32Error.Success;
        }
        if (to.IsSpecial && !forceMoveToCsv)
        {
            return Win32Error.ClusterUseSharedVolumesApi;
        }
        if (!string.Equals(from.OwnerNodeId, to.OwnerNodeId, StringComparison.OrdinalIgnoreCase))
        {
            return Win32Error.HostNodeNotGroupOwner;
        }
        var tree = DependencyTree(r, from);
        foreach (var x in tree)
        {
            if (x.IsCore)
            {
                return Win32Error.CoreResource;
            }
            if (x.SharedVolumes)
            {
                return Win32Error.ClusterUseSharedVolumesApi;
            }
            if (!IsPossibleOwner(x, to.OwnerNodeId) && x.State != ClusterResourceState.Offline)
            {
                return Win32Error.NodeCantHostResource;
            }
        }
        foreach (var x in tree)
        {
            _model.CsvMembership.MoveResource(tx, x, from, to);
        }
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.PropertiesChanged, from.Id, from.Name));
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.PropertiesChanged, to.Id, to.Name));
        return Win32Error.Success;
    }

    /// <summary>The resources of <paramref name="g"/> linked to <paramref name="r"/> by dependencies in either direction, <paramref name="r"/> first.</summary>
    private static List<Resource> DependencyTree(Resource r, Group g)
    {
        var tree = new List<Resource> { r };
        var seen = new HashSet<Resource> { r };
        for (var i = 0; i < tree.Count; i++)
        {
            var x = tree[i];
            foreach (var y in g.Resources)
            {
                var linked = x.DependsOn.Contains(y.Id, StringComparer.OrdinalIgnoreCase) || y.DependsOn.Contains(x.Id, StringComparer.OrdinalIgnoreCase);
                if (linked && seen.Add(y))
                {
                    tree.Add(y);
                }
            }
        }
        return tree;
    }

    /// <summary>
    /// Applies <see cref="Commands.RestartResource"/> (MS-CMRP 3.1.4.2.142): the resource (and its online dependents)
    /// go offline at once, then come back to their persistent state, in one transaction. A resource whose persistent
    /// state is offline stays offline. The persistent state is not changed.
    /// </summary>
    internal Win32Error RestartResource(Tx tx, string resource)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (ResourceLifecycle.IsPending(r))
        {
            return Win32Error.InvalidState;
        }
        var affected = new List<Resource> { r };
        foreach (var d in _model.Groups.TryGetValue(r.GroupId, out var g) ? g.Resources : [])
        {
            if (d != r && _model.ResourceLifecycle.DependsTransitively(d, r) && d.State == ClusterResourceState.Online)
            {
                affected.Add(d);
            }
        }
        _model.ResourceLifecycle.TakeOffline(tx, r, persist: false, terminate: true);
        var pending = false;
        foreach (var x in affected)
        {
            if (x.Key.GetDWord(V.PersistentState) == 0)
            {
                continue;
            }
            var e = _model.ResourceLifecycle.BringOnline(tx, x, persist: false);
            if (e == Win32Error.IoPending)
            {
                pending = true;
            }
            else if (e != Win32Error.Success)
            {
                return e;
            }
        }
        return pending ? Win32Error.IoPending : Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.CancelGroupOperation"/> (MS-CMRP 3.1.4.2.133).</summary>
    internal Win32Error CancelGroupOperation(Tx tx, string group)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotFound;
        }
        var pending = g.Resources.Where(ResourceLifecycle.IsPending).ToList();
        if (pending.Count == 0)
        {
            return Win32Error.InvalidState; // nothing to cancel (docs/behaviour.md, "GroupResource: restart and cancel")
        }
        foreach (var r in pending)
        {
            _model.ResourceLifecycle.CancelPending(tx, r);
            var persistent = r.Key.GetDWord(V.PersistentState) != 0 ? ClusterResourceState.Online : ClusterResourceState.Offline;
            _model.ResourceLifecycle.SetResourceState(tx, r, persistent);
        }
        return Win32Error.Success;
    }

    /// <summary>The dependencies of <paramref name="r"/> as clauses of resource IDs: an AND of ORs.</summary>
    internal static List<List<string>> Clauses(Resource r) =>
        r.Key.Get(DependencyExpressionValue) is not null && DependencyExpression.Parse(r.Key.GetString(DependencyExpressionValue)) is { } clauses
            ? clauses
            : [.. r.DependsOn.Select(id => new List<string> { id })];

    /// <summary>The dependency expression of <paramref name="r"/> with resource names (MS-CMRP 3.1.4.2.110).</summary>
    internal string ExpressionText(Resource r) =>
        DependencyExpression.Format(Clauses(r).Select(c => (IReadOnlyList<string>)[.. c.Select(id => _model.Resources.GetValueOrDefault(id)?.Name ?? id)]));

    /// <summary>
    /// Applies <see cref="Commands.SetDependencyExpression"/> (MS-CMRP 3.1.4.2.109): replaces every dependency of the
    /// resource. Malformed: ERROR_INVALID_PARAMETER; an unknown resource: ERROR_RESOURCE_NOT_FOUND; the resource itself
    /// or one of another group: ERROR_INVALID_PARAMETER; a cycle: ERROR_CIRCULAR_DEPENDENCY; a tree deeper than 100:
    /// ERROR_DEPENDENCY_TREE_TOO_COMPLEX; an online resource with a clause none of whose resources is online:
    /// ERROR_RESOURCE_ONLINE. Nothing changes on any of them.
    /// </summary>
    internal Win32Error SetDependencyExpression(Tx tx, string resource, string expression)
    {
        if (_model.ResourceByName(resource) is not { } r)
        {
            return Win32Error.ResourceNotFound;
        }
        if (DependencyExpression.Parse(expression) is not { } parsed)
        {
            return Win32Error.InvalidParameter;
        }
        var clauses = new List<List<string>>();
        var providers = new List<Resource>();
        foreach (var clause in parsed)
        {
            var ids = new List<string>();
            foreach (var name in clause)
            {
                if (_model.ResourceByName(name) is not { } d)
                {
                    return Win32Error.ResourceNotFound;
                }
                if (d == r || !string.Equals(d.GroupId, r.GroupId, StringComparison.OrdinalIgnoreCase))
                {
                    return Win32Error.InvalidParameter;
                }
                if (_model.ResourceLifecycle.DependsTransitively(d, r))
                {
                    return Win32Error.CircularDependency;
                }
                if (Depth(d, 0) + 1 >= MaxDependencyDepth)
                {
                    return Win32Error.DependencyTreeTooComplex;
                }
                if (!ids.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
                {
                    ids.Add(d.Id);
                }
                if (!providers.Contains(d))
                {
                    providers.Add(d);
                }
            }
            clauses.Add(ids);
        }
        if (r.State == ClusterResourceState.Online
            && clauses.Any(c => !c.Any(id => _model.Resources[id].State == ClusterResourceState.Online)))
        {
            return Win32Error.ResourceOnline;
        }
        tx.SetMultiString(r.Key, V.DependsOn, providers.Select(p => p.Id));
        if (clauses.All(c => c.Count == 1))
        {
            tx.DeleteValue(r.Key, DependencyExpressionValue); // a plain AND: DependsOn says it all
        }
        else
        {
            tx.SetString(r.Key, DependencyExpressionValue, DependencyExpression.Format(clauses));
        }
        tx.Raise(_model.Event(ClusterObjectType.Resource, ClusterChange.PropertiesChanged, r.Id, r.Name, r.GroupId, r.TypeName));
        return Win32Error.Success;
    }

    /// <summary>After ApiAddResourceDependency: an expression gains the clause <c>and [d]</c>.</summary>
    internal static void DependencyAdded(Tx tx, Resource r, Resource d)
    {
        if (r.Key.Get(DependencyExpressionValue) is not null)
        {
            tx.SetString(r.Key, DependencyExpressionValue, DependencyExpression.Format([.. Clauses(r), [d.Id]]));
        }
    }

    /// <summary>After ApiRemoveResourceDependency: <paramref name="d"/> leaves every clause of an expression; empty clauses go.</summary>
    internal static void DependencyRemoved(Tx tx, Resource r, Resource d)
    {
        if (r.Key.Get(DependencyExpressionValue) is null)
        {
            return;
        }
        var clauses = Clauses(r)
            .Select(c => c.Where(id => !string.Equals(id, d.Id, StringComparison.OrdinalIgnoreCase)).ToList())
            .Where(c => c.Count > 0)
            .ToList();
        if (clauses.All(c => c.Count == 1))
        {
            tx.DeleteValue(r.Key, DependencyExpressionValue);
        }
        else
        {
            tx.SetString(r.Key, DependencyExpressionValue, DependencyExpression.Format(clauses));
        }
    }

    /// <summary>
    /// The check of ApiCanResourceBeDependent (MS-CMRP 3.1.4.2.22): can <paramref name="resource"/> depend on
    /// <paramref name="dependsOn"/>? Success, or the spec's error for the first rule broken, in the spec's order.
    /// </summary>
    internal Win32Error CanBeDependent(string resource, string dependsOn)
    {
        if (_model.ResourceByName(resource) is not { } r || _model.ResourceByName(dependsOn) is not { } d)
        {
            return Win32Error.ResourceNotFound;
        }
        if (r == d || !string.Equals(r.GroupId, d.GroupId, StringComparison.OrdinalIgnoreCase))
        {
            return Win32Error.InvalidParameter;
        }
        if (r.DependsOn.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
        {
            return Win32Error.DependencyAlreadyExists;
        }
        if (_model.ResourceLifecycle.DependsTransitively(d, r))
        {
            return Win32Error.CircularDependency;
        }
        if (r.State == ClusterResourceState.OnlinePending
            || (r.State == ClusterResourceState.Online && d.State == ClusterResourceState.Online))
        {
            return Win32Error.ResourceOnline;
        }
        if (Depth(d, 0) + 1 >= MaxDependencyDepth)
        {
            return Win32Error.DependencyTreeTooComplex;
        }
        return Win32Error.Success;
    }

    /// <summary>The length of the longest dependency chain below <paramref name="r"/> (0 without dependencies).</summary>
    private int Depth(Resource r, int level)
    {
        if (level > MaxDependencyDepth)
        {
            return level;
        }
        var max = 0;
        foreach (var id in r.DependsOn)
        {
            if (_model.Resources.TryGetValue(id, out var d))
            {
                max = Math.Max(max, 1 + Depth(d, level + 1));
            }
        }
        return max;
    }
}
