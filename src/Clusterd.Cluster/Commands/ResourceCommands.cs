using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Commands;

// Resource commands.

/// <summary>ApiCreateResource: a new offline resource in a group (MS-CMRP 3.1.4.2.10).</summary>
/// <param name="Group">The group, by name or ID.</param>
/// <param name="Name">The new object's name.</param>
/// <param name="TypeName">The resource type's name.</param>
/// <param name="Flags">ApiCreateResource's dwResourceType flags (CLUSTER_RESOURCE_SEPARATE_MONITOR is the only one defined).</param>
public sealed record CreateResource(string Group, string Name, string TypeName, uint Flags = 0) : ClusterCommand<string>
{
    internal override (Win32Error Error, string? Value) Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.CreateResource(tx, Group, Name, TypeName, Flags);
}

/// <summary>ApiDeleteResource: only an offline, non-core resource without dependents.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
public sealed record DeleteResource(string Resource) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.DeleteResource(tx, Resource);
}

/// <summary>ApiSetResourceName: renaming to the current name succeeds; another resource's name is refused.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="NewName">The new name.</param>
public sealed record RenameResource(string Resource, string NewName) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.RenameResource(tx, Resource, NewName);
}

/// <summary>ApiAddResourceDependency: both in one group, no duplicates, no cycles.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="DependsOn">The resource it depends on, by name or ID.</param>
public sealed record AddDependency(string Resource, string DependsOn) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.AddDependency(tx, Resource, DependsOn);
}

/// <summary>ApiRemoveResourceDependency.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="DependsOn">The resource it depends on, by name or ID.</param>
public sealed record RemoveDependency(string Resource, string DependsOn) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.RemoveDependency(tx, Resource, DependsOn);
}

/// <summary>
/// ApiOnlineResource / ApiOnlineResourceEx: dependencies first; ERROR_IO_PENDING while the type's pending time runs.
/// Without <c>Persist</c> (CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE, MS-CMRP 3.1.4.2.134) the persistent
/// state is left as it is.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Persist">Record online as the persistent state (the default).</param>
public sealed record OnlineResource(string Resource, bool Persist = true) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.OnlineResource(tx, Resource, Persist);
}

/// <summary>
/// ApiOfflineResource / ApiOfflineResourceEx: dependents first. Without <c>Persist</c>
/// (CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE) the persistent state is left as it is; with
/// <c>Terminate</c> (CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION, MS-CMRP 3.1.4.2.135) the resource and its
/// dependents are offline at once, a pending transition cancelled, without an offline-pending time.
/// </summary>
/// <param name="Resource">The resource, by name or ID.</param>
/// <param name="Persist">Record offline as the persistent state (the default).</param>
/// <param name="Terminate">Go offline at once, without a pending state.</param>
public sealed record OfflineResource(string Resource, bool Persist = true, bool Terminate = false) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.OfflineResource(tx, Resource, Persist, Terminate);
}

/// <summary>ApiFailResource: the resource fails; online dependents go offline.</summary>
/// <param name="Resource">The resource, by name or ID.</param>
public sealed record FailResource(string Resource) : ClusterCommand
{
    internal override Win32Error Apply(ClusterModel model, Tx tx) => model.ResourceLifecycle.FailResource(tx, Resource);
}
