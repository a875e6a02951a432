using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clusterd.Client;

namespace Clusterd.Cli;

// Issue 11 ("Clients that exercise them"): resource types, possible owners, Move-ClusterResource, dependency
// expressions and the quorum. Node drain and failback extend Suspend-/Resume-ClusterNode (Clusctl.Commands.cs).
internal sealed partial class Clusctl
{
    private Command GetClusterResourceType(string name)
    {
        var command = NewCommand(name, "Gets the resource types, or one type (Get-ClusterResourceType): Name, DisplayName, DllName.",
            "clusctl Get-ClusterResourceType", "clusctl Get-ClusterResourceType 'Physical Disk'", "clusctl resourcetype list --output json");
        var target = new NameInput(command, "TYPE", "The resource type; all types when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var one = target.Value(parse);
            Print(parse, one is null ? await client.GetResourceTypesAsync(ct).ConfigureAwait(false) : [await client.GetResourceTypeAsync(one, ct).ConfigureAwait(false)],
                AdminShapes.ResourceType);
        });
        return command;
    }

    private Command AddClusterResourceType(string name)
    {
        var command = NewCommand(name, "Registers a resource type implemented by a resource DLL (Add-ClusterResourceType, ApiCreateResourceType). "
            + "The display name is the type name unless -DisplayName is given. Prints the type.",
            "clusctl Add-ClusterResourceType 'Contoso App' -Dll contosores.dll -DisplayName 'Contoso Application'",
            "clusctl resourcetype add -Name 'Contoso App' --dll contosores.dll --output json");
        var target = new NameInput(command, "TYPE", "The new type's name.", required: true);
        var dll = new Option<string?>("--dll", "-Dll") { Description = "The resource DLL that implements the type.", HelpName = "DLL", Required = true };
        var display = new Option<string?>("--display-name", "-DisplayName") { Description = "The display name. Default: the type name.", HelpName = "NAME" };
        command.Options.Add(dll);
        command.Options.Add(display);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var dllName = parse.GetValue(dll) is { Length: > 0 } d ? d : throw new UsageException("-Dll is empty");
            Print(parse, [await client.AddResourceTypeAsync(target.Required(parse), dllName, parse.GetValue(display), ct).ConfigureAwait(false)],
                AdminShapes.ResourceType);
        });
        return command;
    }

    private Command RemoveClusterResourceType(string name)
    {
        var command = NewCommand(name, "Deletes a resource type no resource uses (Remove-ClusterResourceType, ApiDeleteResourceType); "
            + "a type that still has resources is ERROR_DIR_NOT_EMPTY. Prints nothing.",
            "clusctl Remove-ClusterResourceType 'Contoso App'", "clusctl resourcetype remove -Name 'Contoso App'");
        var target = new NameInput(command, "TYPE", "The type.", required: true);
        SetClientAction(command, (parse, client, ct) => client.RemoveResourceTypeAsync(target.Required(parse), ct));
        return command;
    }

    /// <summary>-Resource RESOURCE or -Group GROUP (exactly one), as Get-/Set-ClusterOwnerNode take them.</summary>
    private sealed class OwnerTarget
    {
        private readonly Option<string?> _resource = new("--resource", "-Resource")
        {
            Description = "The resource: its possible owners.",
            HelpName = "RESOURCE",
        };

        private readonly Option<string?> _group = new("--group", "-Group")
        {
            Description = "The group: its preferred owners, most preferred first.",
            HelpName = "GROUP",
        };

        public OwnerTarget(Command command)
        {
            command.Options.Add(_resource);
            command.Options.Add(_group);
            command.Validators.Add(r =>
            {
                var resource = r.GetValue(_resource);
                var group = r.GetValue(_group);
                if ((resource is null) == (group is null))
                {
                    r.AddError("give one of -Resource RESOURCE or -Group GROUP");
                }
                else if ((resource ?? group) is { Length: 0 })
                {
                    r.AddError(resource is not null ? "-Resource is empty" : "-Group is empty");
                }
            });
        }

        public (string? Resource, string? Group) Value(ParseResult parse) => (parse.GetValue(_resource), parse.GetValue(_group));
    }

    private Command GetClusterOwnerNode(string name)
    {
        var command = NewCommand(name, "Gets the possible owners of a resource (Get-ClusterOwnerNode -Resource; ApiCreateResEnum, "
            + "CLUSTER_RESOURCE_ENUM_NODES) or the preferred owners of a group (-Group; ApiCreateGroupResourceEnum, CLUSTER_GROUP_ENUM_NODES): "
            + "ClusterObject, OwnerNodes.",
            "clusctl Get-ClusterOwnerNode -Resource 'Cluster Disk 3'", "clusctl Get-ClusterOwnerNode -Group 'Available Storage'",
            "clusctl resource owners --resource 'Cluster Disk 3' --output json");
        var target = new OwnerTarget(command);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var (resource, group) = target.Value(parse);
            Print(parse, [resource is not null
                ? await client.GetResourceOwnerNodesAsync(resource, ct).ConfigureAwait(false)
                : await client.GetGroupOwnerNodesAsync(group!, ct).ConfigureAwait(false)], AdminShapes.OwnerNodes);
        });
        return command;
    }

    private Command SetClusterOwnerNode(string name)
    {
        var command = NewCommand(name, "Makes the given nodes exactly the possible owners of a resource (Set-ClusterOwnerNode -Resource; "
            + "ApiAddResourceNode for the nodes missing, then ApiRemoveResourceNode for the others), or the preferred owners of a group in "
            + "that order (-Group; ApiSetGroupNodeList). Prints the owners afterwards.",
            "clusctl Set-ClusterOwnerNode -Resource 'Cluster Disk 3' -Owners node1,node2",
            "clusctl Set-ClusterOwnerNode -Group 'Available Storage' -Owners node2,node1",
            "clusctl resource set-owners --resource 'Cluster Disk 3' --owners node1 node2 node3");
        var target = new OwnerTarget(command);
        var owners = new Option<string[]>("--owners", "-Owners")
        {
            Description = "The nodes, comma-separated or one per argument (for a group, most preferred first).",
            HelpName = "NODE,...",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        command.Options.Add(owners);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var nodes = (parse.GetValue(owners) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries)).ToList();
            if (nodes.Count == 0 || nodes.Any(n => n.Length == 0))
            {
                throw new UsageException("-Owners: give one or more node names (an empty name is not one)");
            }
            var (resource, group) = target.Value(parse);
            Print(parse, [resource is not null
                ? await client.SetResourceOwnerNodesAsync(resource, nodes, ct).ConfigureAwait(false)
                : await client.SetGroupOwnerNodesAsync(group!, nodes, ct).ConfigureAwait(false)], AdminShapes.OwnerNodes);
        });
        return command;
    }

    private Command MoveClusterResource(string name)
    {
        var command = NewCommand(name, "Moves a resource to another group (Move-ClusterResource -Group; ApiChangeResourceGroupEx), with "
            + "the resources it depends on and those depending on it. Prints the resource.",
            "clusctl Move-ClusterResource 'Cluster Disk 3' -Group 'App Group'", "clusctl resource move -Name 'Cluster Disk 3' --group 'App Group'");
        var target = new NameInput(command, "RESOURCE", "The resource.", required: true);
        var group = new Option<string?>("--group", "-Group") { Description = "The group it moves to.", HelpName = "GROUP", Required = true };
        command.Options.Add(group);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var to = parse.GetValue(group) is { Length: > 0 } g ? g : throw new UsageException("-Group is empty");
            Print(parse, [await client.MoveResourceAsync(target.Required(parse), to, ct).ConfigureAwait(false)], Shapes.Resource);
        });
        return command;
    }

    private Command GetClusterResourceDependency(string name)
    {
        var command = NewCommand(name, "Gets the dependency expression of a resource (Get-ClusterResourceDependency; "
            + "ApiGetResourceDependencyExpression): Resource, DependencyExpression.",
            "clusctl Get-ClusterResourceDependency 'Cluster Name'", "clusctl resource dependency -Name 'Cluster Name' --output json");
        var target = new NameInput(command, "RESOURCE", "The resource.", required: true);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.GetResourceDependencyAsync(target.Required(parse), ct).ConfigureAwait(false)], AdminShapes.Dependency));
        return command;
    }

    private Command SetClusterResourceDependency(string name)
    {
        var command = NewCommand(name, "Replaces the dependencies of a resource with an expression such as \"[A] and ([B] or [C])\"; "
            + "an empty one removes them all (Set-ClusterResourceDependency; ApiSetResourceDependencyExpression). Prints the expression afterwards.",
            "clusctl Set-ClusterResourceDependency 'Network Name' -Dependency '[Cluster IP Address] and [Cluster Disk 3]'",
            "clusctl resource set-dependency -Name 'Network Name' --dependency ''");
        var target = new NameInput(command, "RESOURCE", "The resource.", required: true);
        var dependency = new Option<string?>("--dependency", "-Dependency")
        {
            Description = "The expression: [resource] names joined with and/or, with parentheses; '' for none.",
            HelpName = "EXPRESSION",
            Required = true,
        };
        command.Options.Add(dependency);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.SetResourceDependencyAsync(target.Required(parse), parse.GetValue(dependency) ?? "", ct).ConfigureAwait(false)],
                AdminShapes.Dependency));
        return command;
    }

    private Command GetClusterQuorum(string name)
    {
        var command = NewCommand(name, "Gets the quorum resource (Get-ClusterQuorum; ApiGetQuorumResource): Cluster, QuorumResource.",
            "clusctl Get-ClusterQuorum", "clusctl quorum get --output json");
        SetClientAction(command, async (parse, client, ct) => Print(parse, [await client.GetQuorumAsync(ct).ConfigureAwait(false)], AdminShapes.Quorum));
        return command;
    }

    private Command SetClusterQuorum(string name)
    {
        var command = NewCommand(name, "Makes a disk the witness (Set-ClusterQuorum -DiskWitness; ApiSetQuorumResource). A resource that "
            + "cannot be quorum (not storage, or a Cluster Shared Volume) is ERROR_NOT_QUORUM_CLASS. Prints the quorum afterwards.",
            "clusctl Set-ClusterQuorum -DiskWitness 'Cluster Disk 3'", "clusctl quorum set --disk-witness 'Cluster Disk 3' --output json");
        var disk = new Option<string?>("--disk-witness", "-DiskWitness") { Description = "The disk resource.", HelpName = "RESOURCE", Required = true };
        command.Options.Add(disk);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var resource = parse.GetValue(disk) is { Length: > 0 } r ? r : throw new UsageException("-DiskWitness is empty");
            Print(parse, [await client.SetQuorumDiskWitnessAsync(resource, ct).ConfigureAwait(false)], AdminShapes.Quorum);
        });
        return command;
    }
}

/// <summary>The shapes of the issue 11 views (resource types, owners, dependencies, quorum).</summary>
internal static class AdminShapes
{
    public static readonly Shape<ClusterResourceType> ResourceType = new(["Name", "DisplayName", "DllName"], t => [t.Name, t.DisplayName, t.DllName],
        all => JsonSerializer.Serialize<IReadOnlyList<ResourceTypeJson>>([.. all.Select(t => new ResourceTypeJson(t.Name, t.DisplayName, t.DllName))],
            ClusctlAdminJson.Default.IReadOnlyListResourceTypeJson));

    public static readonly Shape<ClusterOwnerNodes> OwnerNodes = new(["ClusterObject", "OwnerNodes"], o => [o.ClusterObject, string.Join(", ", o.OwnerNodes)],
        all => JsonSerializer.Serialize<IReadOnlyList<OwnerNodesJson>>([.. all.Select(o => new OwnerNodesJson(o.ClusterObject, o.OwnerNodes))],
            ClusctlAdminJson.Default.IReadOnlyListOwnerNodesJson));

    public static readonly Shape<ClusterResourceDependency> Dependency = new(["Resource", "DependencyExpression"], d => [d.Resource, d.DependencyExpression],
        all => JsonSerializer.Serialize<IReadOnlyList<DependencyJson>>([.. all.Select(d => new DependencyJson(d.Resource, d.DependencyExpression))],
            ClusctlAdminJson.Default.IReadOnlyListDependencyJson));

    public static readonly Shape<ClusterQuorum> Quorum = new(["Cluster", "QuorumResource"], q => [q.Cluster, q.QuorumResource],
        all => JsonSerializer.Serialize<IReadOnlyList<QuorumJson>>(
            [.. all.Select(q => new QuorumJson(q.Cluster, q.QuorumResource, q.DeviceName, q.MaxQuorumLogSize))], ClusctlAdminJson.Default.IReadOnlyListQuorumJson));
}

/// <summary>Get-/Add-ClusterResourceType.</summary>
internal sealed record ResourceTypeJson(string Name, string DisplayName, string DllName);

/// <summary>Get-/Set-ClusterOwnerNode.</summary>
internal sealed record OwnerNodesJson(string ClusterObject, IReadOnlyList<string> OwnerNodes);

/// <summary>Get-/Set-ClusterResourceDependency.</summary>
internal sealed record DependencyJson(string Resource, string DependencyExpression);

/// <summary>Get-/Set-ClusterQuorum.</summary>
internal sealed record QuorumJson(string Cluster, string QuorumResource, string DeviceName, uint MaxQuorumLogSize);

/// <summary>The source-generated serializers of the issue 11 JSON shapes (same options as <see cref="ClusctlJson"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ResourceTypeJson>))]
[JsonSerializable(typeof(IReadOnlyList<OwnerNodesJson>))]
[JsonSerializable(typeof(IReadOnlyList<DependencyJson>))]
[JsonSerializable(typeof(IReadOnlyList<QuorumJson>))]
internal sealed partial class ClusctlAdminJson : JsonSerializerContext;
