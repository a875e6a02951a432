using Clusterd.ClusApi;

namespace Clusterd.Cluster.Engine;

// Reads of the GroupResource area (issue 11).
public sealed partial class ClusterQueries
{
    /// <summary>
    /// ApiCanResourceBeDependent (MS-CMRP 3.1.4.2.22): whether <paramref name="resource"/> can depend on
    /// <paramref name="dependsOn"/> (both by name or ID); success or the spec's error for the first rule broken.
    /// </summary>
    /// <param name="resource">The resource that would depend.</param>
    /// <param name="dependsOn">The resource it would depend on.</param>
    public Win32Error CanResourceBeDependent(string resource, string dependsOn)
    {
        lock (_model.Gate)
        {
            return _model.GroupResourceRules.CanBeDependent(resource, dependsOn);
        }
    }

    /// <summary>
    /// The dependency expression of a resource with resource names (MS-CMRP 3.1.4.2.110): <c>[a] and ([b] or [c])</c>,
    /// "" without dependencies; null for a missing resource.
    /// </summary>
    /// <param name="resource">The resource, by name or ID.</param>
    public string? GetDependencyExpression(string resource)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(resource) is { } r ? _model.GroupResourceRules.ExpressionText(r) : null;
        }
    }

    /// <summary>The names of the possible owners of a resource (MS-CMRP 3.1.1.1.1), in node order; null for a missing resource.</summary>
    /// <param name="resource">The resource, by name or ID.</param>
    public IReadOnlyList<string>? GetPossibleOwnerNames(string resource)
    {
        lock (_model.Gate)
        {
            return _model.ResourceByName(resource) is { } r
                ? [.. _model.GroupResourceRules.PossibleOwners(r).Select(id => _model.Nodes[id].Name)]
                : null;
        }
    }
}
