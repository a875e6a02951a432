using Clusterd.Cluster.Model;

namespace Clusterd.Cluster.Engine;

/// <summary>A group set with its members and providers (MS-CMRP 3.1.4.3.8).</summary>
/// <param name="Id">The set's ID.</param>
/// <param name="Name">The set's name.</param>
/// <param name="GroupIds">Its member groups, by ID, in the order they joined.</param>
/// <param name="GroupNames">Its member groups, by name, in the same order.</param>
/// <param name="ProviderSetIds">The sets it depends on, by ID.</param>
/// <param name="ProviderSetNames">The sets it depends on, by name.</param>
public sealed record GroupSetDetails(string Id, string Name, IReadOnlyList<string> GroupIds, IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> ProviderSetIds, IReadOnlyList<string> ProviderSetNames);

/// <summary>The dependencies of one group.</summary>
/// <param name="GroupId">The group's ID.</param>
/// <param name="ProviderGroupNames">The groups it depends on, by name.</param>
/// <param name="ProviderSetNames">The sets it depends on, by name.</param>
/// <param name="GroupSetName">The set it is a member of, or null.</param>
public sealed record GroupDependencies(string GroupId, IReadOnlyList<string> ProviderGroupNames, IReadOnlyList<string> ProviderSetNames, string? GroupSetName);

public sealed partial class ClusterQueries
{
    /// <summary>A group set with its members and providers, by name or ID, or null.</summary>
    public GroupSetDetails? GetGroupSetDetails(string nameOrId)
    {
        lock (_model.Gate)
        {
            if (_model.GroupSetRules.SetByName(nameOrId) is not { } s)
            {
                return null;
            }
            var members = GroupSetRules.Members(s);
            var providers = s.Key.GetMultiString(GV.SetDependsOn);
            return new GroupSetDetails(s.Id, s.Name, [.. members], [.. members.Select(id => _model.Groups.GetValueOrDefault(id)?.Name ?? id)],
                [.. providers], [.. providers.Select(id => _model.GroupSets.GetValueOrDefault(id)?.Name ?? id)]);
        }
    }

    /// <summary>The dependencies of a group, by name or ID, or null.</summary>
    public GroupDependencies? GetGroupDependencies(string nameOrId)
    {
        lock (_model.Gate)
        {
            if (_model.GroupByName(nameOrId) is not { } g)
            {
                return null;
            }
            return new GroupDependencies(g.Id,
                [.. g.Key.GetMultiString(GV.GroupDependsOn).Select(id => _model.Groups.GetValueOrDefault(id)?.Name ?? id)],
                [.. g.Key.GetMultiString(GV.GroupSetDependsOn).Select(id => _model.GroupSets.GetValueOrDefault(id)?.Name ?? id)],
                _model.GroupSetRules.SetOf(g)?.Name);
        }
    }
}
