using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>Value names of group sets and group dependencies (kept in the object keys, so durable and replicated).</summary>
internal static class GV
{
    /// <summary>Groups\{id}: the provider groups of the group (MS-CMRP 3.1.4.2.157), by ID.</summary>
    public const string GroupDependsOn = "GroupDependsOn";

    /// <summary>Groups\{id}: the provider group set of the group (MS-CMRP 3.1.4.2.154), by ID; at most one.</summary>
    public const string GroupSetDependsOn = "GroupSetDependsOn";

    /// <summary>GroupSets\{id}: the provider sets of the set (MS-CMRP 3.1.4.2.153), by ID.</summary>
    public const string SetDependsOn = "DependsOn";

    /// <summary>Groups\{id}: the fault domain given by ApiAddGroupToGroupSetEx.</summary>
    public const string FaultDomain = "FaultDomain";

    /// <summary>Groups\{id}: the update domain given by ApiAddGroupToGroupSetEx.</summary>
    public const string UpdateDomain = "UpdateDomain";
}

/// <summary>
/// Group sets and group dependencies (MS-CMRP 3.1.4.2.146-161, 165): membership (a group is in at most one set),
/// group → group, group → set and set → set dependencies, cycle checks, and the provider order that onlining,
/// offlining and failover follow (docs/behaviour.md, "Group sets and group dependencies").
/// </summary>
internal sealed class GroupSetRules(ClusterModel model)
{
    private readonly ClusterModel _model = model;

    internal GroupSet? SetByName(string nameOrId) =>
        _model.GroupSets.GetValueOrDefault(nameOrId) ?? _model.GroupSets.Values.FirstOrDefault(s => ClusterModel.NameIs(s.Name, nameOrId));

    internal static IReadOnlyList<string> Members(GroupSet s) => s.Key.GetMultiString(V.Groups);

    internal GroupSet? SetOf(Group g) => _model.GroupSets.Values.FirstOrDefault(s => Contains(Members(s), g.Id));

    private static bool Contains(IReadOnlyList<string> list, string id) => list.Contains(id, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Without(IReadOnlyList<string> list, string id) =>
        list.Where(x => !string.Equals(x, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The groups <paramref name="g"/> needs online first: its provider groups, the members of its provider set, and
    /// the members of every provider set of its own set (a set → set dependency binds every member).
    /// </summary>
    internal IEnumerable<Group> ProvidersOf(Group g)
    {
        var ids = new List<string>(g.Key.GetMultiString(GV.GroupDependsOn));
        foreach (var sid in g.Key.GetMultiString(GV.GroupSetDependsOn))
        {
            if (_model.GroupSets.TryGetValue(sid, out var ps))
            {
                ids.AddRange(Members(ps));
            }
        }
        if (SetOf(g) is { } own)
        {
            foreach (var sid in own.Key.GetMultiString(GV.SetDependsOn))
            {
                if (_model.GroupSets.TryGetValue(sid, out var ps))
                {
                    ids.AddRange(Members(ps));
                }
            }
        }
        return ids.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => _model.Groups.GetValueOrDefault(id)).OfType<Group>();
    }

    /// <summary>The groups that need <paramref name="g"/> (the reverse of <see cref="ProvidersOf"/>).</summary>
    internal IEnumerable<Group> DependentsOf(Group g) =>
        _model.Groups.Values.Where(d => d != g && ProvidersOf(d).Contains(g)).OrderBy(d => d.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the group graph (<see cref="ProvidersOf"/>) or the set graph has a cycle.</summary>
    internal bool HasCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        bool Visit(Group g)
        {
            if (state.TryGetValue(g.Id, out var s))
            {
                return s == 1;
            }
            state[g.Id] = 1;
            foreach (var p in ProvidersOf(g))
            {
                if (Visit(p))
                {
                    return true;
                }
            }
            state[g.Id] = 2;
            return false;
        }
        if (_model.Groups.Values.Any(Visit))
        {
            return true;
        }
        var sets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        bool VisitSet(GroupSet s)
        {
            if (sets.TryGetValue(s.Id, out var st))
            {
                return st == 1;
            }
            sets[s.Id] = 1;
            foreach (var pid in s.Key.GetMultiString(GV.SetDependsOn))
            {
                if (_model.GroupSets.TryGetValue(pid, out var p) && VisitSet(p))
                {
                    return true;
                }
            }
            sets[s.Id] = 2;
            return false;
        }
        return _model.GroupSets.Values.Any(VisitSet);
    }

    /// <summary><paramref name="groups"/> ordered so that every provider comes before its dependents (ties by ID).</summary>
    internal List<Group> InProviderOrder(IEnumerable<Group> groups)
    {
        var wanted = groups.ToList();
        var set = new HashSet<Group>(wanted);
        var done = new HashSet<Group>();
        var order = new List<Group>();
        void Visit(Group g)
        {
            if (!done.Add(g))
            {
                return;
            }
            foreach (var p in ProvidersOf(g).OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
            {
                Visit(p);
            }
            if (set.Contains(g))
            {
                order.Add(g);
            }
        }
        foreach (var g in wanted.OrderBy(g => g.Id, StringComparer.OrdinalIgnoreCase))
        {
            Visit(g);
        }
        return order;
    }

    private void Changed(Tx tx, GroupSet s) =>
        tx.Raise(_model.Event(ClusterObjectType.GroupSet, ClusterChange.PropertiesChanged, s.Id, s.Name));

    private void Changed(Tx tx, Group g) =>
        tx.Raise(_model.Event(ClusterObjectType.Group, ClusterChange.PropertiesChanged, g.Id, g.Name));

    /// <summary>Applies <see cref="Commands.CreateGroupSet"/>.</summary>
    internal (Win32Error Error, string? Id) CreateGroupSet(Tx tx, string name)
    {
        if (name.Length == 0)
        {
            return (Win32Error.InvalidName, null); // MS-CMRP 3.1.4.2.146
        }
        if (name.Length > 255 || !ClusterDatabase.IsValidValueName(name))
        {
            return (Win32Error.InvalidName, null);
        }
        if (SetByName(name) is not null)
        {
            return (Win32Error.ObjectAlreadyExists, null); // MS-CMRP 3.1.4.2.146
        }
        var id = _model.Options.NewId().ToString("D");
        var k = tx.EnsureKey(tx.EnsureKey(_model.Db.Root, "GroupSets"), id);
        tx.SetString(k, V.Name, name);
        tx.SetMultiString(k, V.Groups, []);
        tx.SetMultiString(k, GV.SetDependsOn, []);
        var s = new GroupSet(k);
        _model.GroupSets[id] = s;
        tx.OnUndo(() => _model.GroupSets.Remove(id));
        tx.Raise(_model.Event(ClusterObjectType.GroupSet, ClusterChange.Added, id, name));
        return (Win32Error.Success, id);
    }

    /// <summary>Applies <see cref="Commands.DeleteGroupSet"/>.</summary>
    internal Win32Error DeleteGroupSet(Tx tx, string set)
    {
        if (SetByName(set) is not { } s)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        // MS-CMRP 3.1.4.2.149: ERROR_DIR_NOT_EMPTY when the set has dependents; a set with members, likewise
        // (DeleteClusterGroupSet: "the groupset must contain no groups").
        if (Members(s).Count > 0
            || _model.GroupSets.Values.Any(o => Contains(o.Key.GetMultiString(GV.SetDependsOn), s.Id))
            || _model.Groups.Values.Any(g => Contains(g.Key.GetMultiString(GV.GroupSetDependsOn), s.Id)))
        {
            return Win32Error.DirNotEmpty;
        }
        tx.DeleteKey(s.Key);
        _model.GroupSets.Remove(s.Id);
        tx.OnUndo(() => _model.GroupSets[s.Id] = s);
        tx.Raise(_model.Event(ClusterObjectType.GroupSet, ClusterChange.Deleted, s.Id, s.Name));
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.AddGroupToGroupSet"/>.</summary>
    internal Win32Error AddGroupToGroupSet(Tx tx, string set, string group, bool move, uint? faultDomain, uint? updateDomain)
    {
        if (SetByName(set) is not { } s)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotAvailable;
        }
        if (g.IsSpecial)
        {
            return Win32Error.SpecialGroup;
        }
        var current = SetOf(g);
        if (current is not null && !move)
        {
            return Win32Error.AlreadyExists; // MS-CMRP 3.1.4.2.150; a group is in at most one set
        }
        if (current is not null && current != s)
        {
            tx.SetMultiString(current.Key, V.Groups, Without(Members(current), g.Id));
            Changed(tx, current);
        }
        if (current != s)
        {
            tx.SetMultiString(s.Key, V.Groups, [.. Members(s), g.Id]);
            Changed(tx, s);
        }
        if (faultDomain is { } fd)
        {
            tx.SetDWord(g.Key, GV.FaultDomain, fd);
        }
        if (updateDomain is { } ud)
        {
            tx.SetDWord(g.Key, GV.UpdateDomain, ud);
        }
        return HasCycle() ? Win32Error.InvalidParameter : Win32Error.Success; // a cycle: MS-CMRP 3.1.4.2.153, 157, 159
    }

    /// <summary>Applies <see cref="Commands.RemoveGroupFromGroupSet"/>.</summary>
    internal Win32Error RemoveGroupFromGroupSet(Tx tx, string group)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotAvailable;
        }
        if (SetOf(g) is { } s)
        {
            tx.SetMultiString(s.Key, V.Groups, Without(Members(s), g.Id));
            Changed(tx, s);
        }
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.AddGroupSetDependency"/> (MS-CMRP 3.1.4.2.153: every refusal is ERROR_INVALID_PARAMETER but a duplicate).</summary>
    internal Win32Error AddGroupSetDependency(Tx tx, string dependent, string provider)
    {
        if (SetByName(dependent) is not { } d || SetByName(provider) is not { } p)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        if (d == p || Members(d).Count == 0 || Members(p).Count == 0)
        {
            return Win32Error.InvalidParameter;
        }
        var deps = d.Key.GetMultiString(GV.SetDependsOn);
        if (Contains(deps, p.Id))
        {
            return Win32Error.DependencyAlreadyExists;
        }
        tx.SetMultiString(d.Key, GV.SetDependsOn, [.. deps, p.Id]);
        Changed(tx, d);
        return HasCycle() ? Win32Error.InvalidParameter : Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.AddGroupToGroupSetDependency"/>.</summary>
    internal Win32Error AddGroupToGroupSetDependency(Tx tx, string group, string provider)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotAvailable;
        }
        if (SetByName(provider) is not { } p)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        var deps = g.Key.GetMultiString(GV.GroupSetDependsOn);
        if (Contains(deps, p.Id))
        {
            return Win32Error.DependencyAlreadyExists;
        }
        if (deps.Count > 0)
        {
            return Win32Error.InvalidParameter; // "A cluster group can only be dependent on one cluster group set" (3.1.4.2.154)
        }
        tx.SetMultiString(g.Key, GV.GroupSetDependsOn, [p.Id]);
        Changed(tx, g);
        return HasCycle() ? Win32Error.InvalidParameter : Win32Error.Success; // a cycle: MS-CMRP 3.1.4.2.153, 157, 159
    }

    /// <summary>Applies <see cref="Commands.SetGroupDependencyExpression"/>.</summary>
    internal Win32Error SetGroupDependencyExpression(Tx tx, string group, string expression)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotAvailable;
        }
        var (e, names) = GroupDependencyExpression.Parse(expression);
        if (e != Win32Error.Success)
        {
            return e;
        }
        var ids = new List<string>();
        foreach (var n in names)
        {
            if (_model.GroupByName(n) is not { } p)
            {
                return Win32Error.GroupNotFound;
            }
            if (!Contains(ids, p.Id))
            {
                ids.Add(p.Id);
            }
        }
        tx.SetMultiString(g.Key, GV.GroupDependsOn, ids);
        Changed(tx, g);
        return HasCycle() ? Win32Error.InvalidParameter : Win32Error.Success; // a cycle: MS-CMRP 3.1.4.2.153, 157, 159
    }

    /// <summary>Applies <see cref="Commands.RemoveGroupDependency"/>.</summary>
    internal Win32Error RemoveGroupDependency(Tx tx, string group, string provider)
    {
        if (_model.GroupByName(group) is not { } g || _model.GroupByName(provider) is not { } p)
        {
            return Win32Error.GroupNotAvailable;
        }
        var deps = g.Key.GetMultiString(GV.GroupDependsOn);
        if (!Contains(deps, p.Id))
        {
            return Win32Error.DependencyNotFound;
        }
        tx.SetMultiString(g.Key, GV.GroupDependsOn, Without(deps, p.Id));
        Changed(tx, g);
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.SetGroupSetDependencyExpression"/>.</summary>
    internal Win32Error SetGroupSetDependencyExpression(Tx tx, string set, string expression)
    {
        if (SetByName(set) is not { } s)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        var (e, names) = GroupDependencyExpression.Parse(expression);
        if (e != Win32Error.Success)
        {
            return e;
        }
        var ids = new List<string>();
        foreach (var n in names)
        {
            if (SetByName(n) is not { } p)
            {
                return Win32Error.GroupsetNotFound;
            }
            if (p == s)
            {
                return Win32Error.InvalidParameter;
            }
            if (!Contains(ids, p.Id))
            {
                ids.Add(p.Id);
            }
        }
        tx.SetMultiString(s.Key, GV.SetDependsOn, ids);
        Changed(tx, s);
        return HasCycle() ? Win32Error.InvalidParameter : Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.RemoveGroupSetDependency"/>.</summary>
    internal Win32Error RemoveGroupSetDependency(Tx tx, string set, string provider)
    {
        if (SetByName(set) is not { } s || SetByName(provider) is not { } p)
        {
            return Win32Error.GroupsetNotAvailable; // MS-CMRP 3.1.4.2.160
        }
        var deps = s.Key.GetMultiString(GV.SetDependsOn);
        if (!Contains(deps, p.Id))
        {
            return Win32Error.DependencyNotFound;
        }
        tx.SetMultiString(s.Key, GV.SetDependsOn, Without(deps, p.Id));
        Changed(tx, s);
        return Win32Error.Success;
    }

    /// <summary>Applies <see cref="Commands.RemoveGroupToGroupSetDependency"/>.</summary>
    internal Win32Error RemoveGroupToGroupSetDependency(Tx tx, string group, string provider)
    {
        if (_model.GroupByName(group) is not { } g)
        {
            return Win32Error.GroupNotAvailable; // MS-CMRP 3.1.4.2.161
        }
        if (SetByName(provider) is not { } p)
        {
            return Win32Error.GroupsetNotAvailable;
        }
        var deps = g.Key.GetMultiString(GV.GroupSetDependsOn);
        if (!Contains(deps, p.Id))
        {
            return Win32Error.DependencyNotFound;
        }
        tx.SetMultiString(g.Key, GV.GroupSetDependsOn, Without(deps, p.Id));
        Changed(tx, g);
        return Win32Error.Success;
    }

    /// <summary>A deleted group leaves every set and every dependency list that names it (called by GroupLifecycle.RemoveGroup).</summary>
    internal void ForgetGroup(Tx tx, Group g)
    {
        foreach (var s in _model.GroupSets.Values)
        {
            var members = Members(s);
            if (Contains(members, g.Id))
            {
                tx.SetMultiString(s.Key, V.Groups, Without(members, g.Id));
            }
        }
        foreach (var d in _model.Groups.Values)
        {
            var deps = d.Key.GetMultiString(GV.GroupDependsOn);
            if (d != g && Contains(deps, g.Id))
            {
                tx.SetMultiString(d.Key, GV.GroupDependsOn, Without(deps, g.Id));
            }
        }
    }
}

/// <summary>
/// The AND-only dependency expressions of MS-CMRP 3.1.4.2.157 and 3.1.4.2.159: <c>[x] and [y] ...</c>; "(" ")" and
/// "{" "}" are ignored; "or" is ERROR_INVALID_PARAMETER, as is anything that is not the grammar; an empty (or blank)
/// expression names nothing, which clears the dependencies.
/// </summary>
internal static class GroupDependencyExpression
{
    internal static (Win32Error Error, List<string> Names) Parse(string expression)
    {
        var names = new List<string>();
        var i = 0;
        var expectOperand = true;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c) || c is '(' or ')' or '{' or '}')
            {
                i++;
                continue;
            }
            if (c == '[')
            {
                var end = expression.IndexOf(']', i + 1);
                if (!expectOperand || end < 0 || end == i + 1)
                {
                    return (Win32Error.InvalidParameter, []);
                }
                names.Add(expression[(i + 1)..end]);
                i = end + 1;
                expectOperand = false;
                continue;
            }
            var start = i;
            while (i < expression.Length && char.IsLetter(expression[i]))
            {
                i++;
            }
            var word = expression[start..i];
            if (expectOperand || !string.Equals(word, "and", StringComparison.OrdinalIgnoreCase))
            {
                return (Win32Error.InvalidParameter, []); // "or" (MUST fail, 3.1.4.2.157) or not the grammar
            }
            expectOperand = true;
        }
        if (expectOperand && names.Count > 0)
        {
            return (Win32Error.InvalidParameter, []); // a trailing "and"
        }
        return (Win32Error.Success, names);
    }
}
