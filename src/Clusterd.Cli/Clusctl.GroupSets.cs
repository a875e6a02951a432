using System.CommandLine;
using Clusterd.Client;

namespace Clusterd.Cli;

internal sealed partial class Clusctl
{
    private Command GetClusterGroupSet(string name)
    {
        var command = NewCommand(name, "Gets the group sets, or one set (Get-ClusterGroupSet): Name, GroupNames, ProviderNames.",
            "clusctl Get-ClusterGroupSet", "clusctl Get-ClusterGroupSet 'Cluster Group'", "clusctl groupset list --output json");
        var target = new NameInput(command, "SET", "The group set; all sets when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var one = target.Value(parse);
            Print(parse, one is null ? await client.GetGroupSetsAsync(ct).ConfigureAwait(false) : [await client.GetGroupSetAsync(one, ct).ConfigureAwait(false)],
                Shapes.GroupSet);
        });
        return command;
    }

    private Command NewClusterGroupSet(string name)
    {
        var command = NewCommand(name, "Creates an empty group set (New-ClusterGroupSet). Prints the set.",
            "clusctl New-ClusterGroupSet web", "clusctl groupset new -Name web --output json");
        var target = new NameInput(command, "SET", "The new set's name.", required: true);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.NewGroupSetAsync(target.Required(parse), ct).ConfigureAwait(false)], Shapes.GroupSet));
        return command;
    }

    private Command RemoveClusterGroupSet(string name)
    {
        var command = NewCommand(name, "Deletes an empty group set that nothing depends on (Remove-ClusterGroupSet). Prints nothing.",
            "clusctl Remove-ClusterGroupSet web", "clusctl groupset remove -Name web");
        var target = new NameInput(command, "SET", "The set.", required: true);
        SetClientAction(command, (parse, client, ct) => client.RemoveGroupSetAsync(target.Required(parse), ct));
        return command;
    }

    private Command AddClusterGroupToSet(string name)
    {
        var command = NewCommand(name, "Adds a group to a group set (Add-ClusterGroupToSet); a group is in at most one set. Prints the set.",
            "clusctl Add-ClusterGroupToSet web -Group 'Available Storage'", "clusctl groupset add -Name web --group 'Available Storage'");
        var target = new NameInput(command, "SET", "The set.", required: true);
        var group = new Option<string?>("--group", "-Group") { Description = "The group to add.", HelpName = "GROUP", Required = true };
        command.Options.Add(group);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.AddGroupToSetAsync(target.Required(parse), parse.GetValue(group)!, ct).ConfigureAwait(false)], Shapes.GroupSet));
        return command;
    }

    private Command RemoveClusterGroupFromSet(string name)
    {
        var command = NewCommand(name, "Takes a group out of its group set (Remove-ClusterGroupFromSet). Prints nothing.",
            "clusctl Remove-ClusterGroupFromSet 'Available Storage'", "clusctl groupset remove-group -Name 'Available Storage'");
        var target = new NameInput(command, "GROUP", "The group.", required: true);
        SetClientAction(command, (parse, client, ct) => client.RemoveGroupFromSetAsync(target.Required(parse), ct));
        return command;
    }
}
