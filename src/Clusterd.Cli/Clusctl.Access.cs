using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clusterd.Client;
using Clusterd.CommandLine;

namespace Clusterd.Cli;

/// <summary>
/// The cluster security descriptor (issue 13; docs/authorization.md): Get-, Grant-, Block- and Remove-ClusterAccess, over
/// the cluster common property "Security Descriptor" (CLUSCTL_CLUSTER_GET/SET_COMMON_PROPERTIES), as on Windows.
/// </summary>
internal sealed partial class Clusctl
{
    private Command GetClusterAccess(string name)
    {
        var command = NewCommand(name, "Lists the cluster security descriptor's entries (Get-ClusterAccess): Cluster, IdentityReference, "
            + "AccessControlType (Allow or Deny), ClusterRights (Full or Read). An account clusctl cannot name is shown as its SID.",
            "clusctl Get-ClusterAccess", "clusctl access list --output json");
        SetClientAction(command, async (parse, client, ct) => Print(parse, await client.GetClusterAccessAsync(ct).ConfigureAwait(false), AccessShapes.Entry));
        return command;
    }

    private Command GrantClusterAccess(string name)
    {
        var command = NewCommand(name, "Grants an account read-only (-ReadOnly) or full (-Full) access to the cluster (Grant-ClusterAccess); "
            + "the account's other entries, a block included, are replaced. An unknown account is ERROR_NONE_MAPPED. Applies to "
            + "connections opened afterwards. Prints nothing.",
            "clusctl Grant-ClusterAccess -User monitor -ReadOnly", "clusctl access grant --user 'CONTOSO\\ops' --full");
        var user = UserOption(command);
        var readOnly = CliOptions.Flag("--read-only", "Read access only.", "-ReadOnly");
        var full = CliOptions.Flag("--full", "Full access (\"All\").", "-Full");
        command.Options.Add(readOnly);
        command.Options.Add(full);
        SetClientAction(command, (parse, client, ct) =>
        {
            var r = parse.GetValue(readOnly);
            if (r == parse.GetValue(full))
            {
                throw new UsageException("give exactly one of -ReadOnly and -Full");
            }
            return client.GrantClusterAccessAsync(User(parse, user), r, ct);
        });
        return command;
    }

    private Command BlockClusterAccess(string name)
    {
        var command = NewCommand(name, "Denies an account all access to the cluster (Block-ClusterAccess); a deny entry wins over every "
            + "allow entry. Blocking the last account with full access is ERROR_LAST_ADMIN. Prints nothing.",
            "clusctl Block-ClusterAccess -User monitor", "clusctl access block --user monitor");
        var user = UserOption(command);
        SetClientAction(command, (parse, client, ct) => client.BlockClusterAccessAsync(User(parse, user), ct));
        return command;
    }

    private Command RemoveClusterAccess(string name)
    {
        var command = NewCommand(name, "Removes every entry of an account from the cluster security descriptor (Remove-ClusterAccess). "
            + "Removing the last account with full access is ERROR_LAST_ADMIN. Prints nothing.",
            "clusctl Remove-ClusterAccess -User monitor", "clusctl access remove --user monitor");
        var user = UserOption(command);
        SetClientAction(command, (parse, client, ct) => client.RemoveClusterAccessAsync(User(parse, user), ct));
        return command;
    }

    private static Option<string?> UserOption(Command command)
    {
        var user = new Option<string?>("--user", "-User")
        {
            Description = "The account: user or DOMAIN\\user as the server's accounts file has it, a well-known name (Everyone), or a SID (S-1-...).",
            HelpName = "ACCOUNT",
            Required = true,
        };
        command.Options.Add(user);
        return user;
    }

    private static string User(ParseResult parse, Option<string?> user) =>
        parse.GetValue(user) is { Length: > 0 } u ? u : throw new UsageException("-User is empty");
}

/// <summary>The shape of Get-ClusterAccess.</summary>
internal static class AccessShapes
{
    public static readonly Shape<ClusterAccessEntry> Entry = new(["Cluster", "IdentityReference", "AccessControlType", "ClusterRights"],
        e => [e.Cluster, e.IdentityReference, e.AccessControlType, e.ClusterRights],
        all => JsonSerializer.Serialize<IReadOnlyList<AccessEntryJson>>(
            [.. all.Select(e => new AccessEntryJson(e.Cluster, e.IdentityReference, e.AccessControlType, e.ClusterRights, e.Sid))],
            ClusctlAccessJson.Default.IReadOnlyListAccessEntryJson));
}

/// <summary>Get-ClusterAccess.</summary>
internal sealed record AccessEntryJson(string Cluster, string IdentityReference, string AccessControlType, string ClusterRights, string Sid);

/// <summary>The source-generated serializer of the Get-ClusterAccess JSON shape (same options as <see cref="ClusctlJson"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<AccessEntryJson>))]
internal sealed partial class ClusctlAccessJson : JsonSerializerContext;
