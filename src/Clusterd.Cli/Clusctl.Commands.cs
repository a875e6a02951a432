using System.CommandLine;
using Clusterd.Client;
using Clusterd.ClusApi;
using Clusterd.CommandLine;

namespace Clusterd.Cli;

internal sealed partial class Clusctl
{
    private Command GetCluster(string name)
    {
        var command = NewCommand(name, "Gets the cluster: its name (Get-Cluster). JSON: one object with name, nodeName, majorVersion, minorVersion, buildNumber.",
            "clusctl Get-Cluster", "clusctl Get-Cluster --output json");
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.GetClusterAsync(ct).ConfigureAwait(false)], Shapes.Cluster));
        return command;
    }

    private Command GetClusterNode(string name)
    {
        var command = NewCommand(name, "Gets the nodes, or one node (Get-ClusterNode): Name, ID, State (Up, Down, Paused, Joining).",
            "clusctl Get-ClusterNode", "clusctl Get-ClusterNode node2", "clusctl node list --output json");
        var target = new NameInput(command, "NODE", "The node; all nodes when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var one = target.Value(parse);
            Print(parse, one is null ? await client.GetNodesAsync(ct).ConfigureAwait(false) : [await client.GetNodeAsync(one, ct).ConfigureAwait(false)],
                Shapes.Node);
        });
        return command;
    }

    private Command GetClusterGroup(string name)
    {
        var command = NewCommand(name, "Gets the groups, or one group (Get-ClusterGroup): Name, OwnerNode, State.",
            "clusctl Get-ClusterGroup", "clusctl Get-ClusterGroup 'Available Storage'", "clusctl group list --output list");
        var target = new NameInput(command, "GROUP", "The group; all groups when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var one = target.Value(parse);
            Print(parse, one is null ? await client.GetGroupsAsync(ct).ConfigureAwait(false) : [await client.GetGroupAsync(one, ct).ConfigureAwait(false)],
                Shapes.Group);
        });
        return command;
    }

    private Command GetClusterResource(string name)
    {
        var command = NewCommand(name, "Gets the resources, or one resource (Get-ClusterResource): Name, State, OwnerGroup, ResourceType.",
            "clusctl Get-ClusterResource", "clusctl Get-ClusterResource 'Cluster Disk 1'", "clusctl resource list --output json");
        var target = new NameInput(command, "RESOURCE", "The resource; all resources when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var one = target.Value(parse);
            Print(parse, one is null ? await client.GetResourcesAsync(ct).ConfigureAwait(false) : [await client.GetResourceAsync(one, ct).ConfigureAwait(false)],
                Shapes.Resource);
        });
        return command;
    }

    private Command GetClusterParameter(string name)
    {
        var command = NewCommand(name, "Gets a resource's parameters, its private properties (Get-ClusterParameter): Object, Name, Value, Type.",
            "clusctl Get-ClusterParameter 'Cluster Disk 1'", "clusctl Get-ClusterParameter -Name 'Cluster Disk 1' --output json",
            "clusctl resource params 'Cluster Name'");
        var target = new NameInput(command, "RESOURCE", "The resource.", required: true);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, await client.GetResourceParametersAsync(target.Required(parse), ct).ConfigureAwait(false), Shapes.Parameter));
        return command;
    }

    private Command GetClusterSharedVolume(string name)
    {
        var command = NewCommand(name, "Gets the Cluster Shared Volumes, or one (Get-ClusterSharedVolume): Name, State, Node (the coordinator). "
            + "The JSON has each CSV's volumes too.",
            "clusctl Get-ClusterSharedVolume", "clusctl Get-ClusterSharedVolume 'Cluster Disk 1'", "clusctl csv list --output json");
        var target = new NameInput(command, "CSV", "A CSV resource name, volume friendly name or volume path; all CSVs when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, await client.GetSharedVolumesAsync(target.Value(parse), ct).ConfigureAwait(false), Shapes.SharedVolume));
        return command;
    }

    private Command GetClusterSharedVolumeState(string name)
    {
        var command = NewCommand(name, "Gets how each node sees each CSV volume (Get-ClusterSharedVolumeState), one block per volume and node: "
            + "Name, VolumeName, VolumeFriendlyName, Node, StateInfo (Direct, FileSystemRedirected, BlockRedirected, Paused, Unavailable), "
            + "FileSystemRedirectedIOReason, BlockRedirectedIOReason. List format by default.",
            "clusctl Get-ClusterSharedVolumeState", "clusctl Get-ClusterSharedVolumeState -Name 'Cluster Disk 1' -Node node2",
            "clusctl csv state --output table");
        var target = new NameInput(command, "CSV", "A CSV resource name, volume friendly name or volume path; all when absent.", required: false);
        var node = NodeOption("Only as this node sees them.");
        command.Options.Add(node);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, await client.GetSharedVolumeStatesAsync(target.Value(parse), parse.GetValue(node), ct).ConfigureAwait(false), Shapes.VolumeState));
        return command;
    }

    private Command GetClusterSharedVolumeBackupState(string name)
    {
        var command = NewCommand(name, "Gets the backup state of the CSV volumes (not in PowerShell): Name, VolumeFriendlyName, BackupState (None, InProgress), Node.",
            "clusctl Get-ClusterSharedVolumeBackupState", "clusctl Get-ClusterSharedVolumeBackupState Volume1", "clusctl csv backup-state --output json");
        var target = new NameInput(command, "VOLUME", "A volume friendly name, volume path or CSV resource name; all volumes when absent.", required: false);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, await client.GetSharedVolumeBackupStateAsync(target.Value(parse), ct).ConfigureAwait(false), Shapes.BackupState));
        return command;
    }

    private Command SetClusterSharedVolumeBackupMode(string name)
    {
        var command = NewCommand(name, "Puts a CSV volume in backup mode or takes it out (not in PowerShell; CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE). "
            + "InProgress needs -DelaySeconds > 0: if no backup starts within it, the cluster ends backup mode itself. "
            + "A CSV resource name sets all its volumes. Prints the backup state afterwards.",
            "clusctl Set-ClusterSharedVolumeBackupMode Volume1 -State InProgress -DelaySeconds 600",
            "clusctl Set-ClusterSharedVolumeBackupMode Volume1 -State None",
            "clusctl csv backup 'Cluster Disk 2' --state InProgress --delay 300");
        var target = new NameInput(command, "VOLUME", "A volume friendly name, volume path or CSV resource name.", required: true);
        var state = WithAliases(CliOptions.Value<SharedVolumeBackupState?>("--state", "InProgress|None", "InProgress (enter backup mode) or None (leave it).",
            v => v.ToUpperInvariant() switch
            {
                "INPROGRESS" or "VOLUMEBACKUPINPROGRESS" => SharedVolumeBackupState.InProgress,
                "NONE" or "VOLUMEBACKUPNONE" => SharedVolumeBackupState.None,
                _ => throw new FormatException($"-State: '{v}' is not InProgress or None"),
            }), "-State");
        state.Required = true;
        var delay = WithAliases(CliOptions.Value("--delay-seconds", "N",
            "With InProgress: seconds until the cluster ends backup mode unless a backup starts (> 0).",
            v => uint.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                : throw new FormatException($"-DelaySeconds: '{v}' is not a number of seconds")), "-DelaySeconds", "--delay");
        command.Options.Add(state);
        command.Options.Add(delay);
        command.Validators.Add(r =>
        {
            try
            {
                if (r.GetValue(state) == SharedVolumeBackupState.InProgress && r.GetValue(delay) == 0)
                {
                    r.AddError("-State InProgress needs -DelaySeconds N with N > 0 (if no backup starts within N seconds, the cluster ends backup mode)");
                }
            }
            catch (InvalidOperationException)
            {
                // A bad value of -State or -DelaySeconds: that is the error, already reported.
            }
        });
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, await client.SetSharedVolumeBackupModeAsync(target.Required(parse), parse.GetValue(state)!.Value, parse.GetValue(delay), ct)
                .ConfigureAwait(false), Shapes.BackupState));
        return command;
    }

    private Command StartStopClusterResource(string name, bool start)
    {
        var command = start
            ? NewCommand(name, "Brings a resource online and waits until it is online or failed (Start-ClusterResource). Prints the resource.",
                "clusctl Start-ClusterResource 'Cluster Disk 1'", "clusctl resource start -Name 'Cluster Name'")
            : NewCommand(name, "Takes a resource offline and waits until it is offline (Stop-ClusterResource). Prints the resource.",
                "clusctl Stop-ClusterResource 'Cluster Disk 1'", "clusctl resource stop -Name 'Cluster Name' --output json");
        var target = new NameInput(command, "RESOURCE", "The resource.", required: true);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var resource = start
                ? await client.StartResourceAsync(target.Required(parse), ct).ConfigureAwait(false)
                : await client.StopResourceAsync(target.Required(parse), ct).ConfigureAwait(false);
            Print(parse, [resource], Shapes.Resource);
        });
        return command;
    }

    private Command SuspendResumeClusterResource(string name, bool suspend)
    {
        var command = suspend
            ? NewCommand(name, "Turns maintenance on for a CSV volume or disk (Suspend-ClusterResource), or with -RedirectedAccess turns "
                + "redirected access on. -VolumeName picks one volume of the CSV; else every volume of RESOURCE. Prints the resource.",
                "clusctl Suspend-ClusterResource 'Cluster Disk 1'", "clusctl Suspend-ClusterResource 'Cluster Disk 1' -VolumeName Volume1 -RedirectedAccess",
                "clusctl resource suspend 'Cluster Disk 2' --volume-name Volume2")
            : NewCommand(name, "Turns maintenance off for a CSV volume or disk (Resume-ClusterResource), or with -RedirectedAccess turns "
                + "redirected access off. -VolumeName picks one volume of the CSV; else every volume of RESOURCE. Prints the resource.",
                "clusctl Resume-ClusterResource 'Cluster Disk 1'", "clusctl Resume-ClusterResource 'Cluster Disk 1' -VolumeName Volume1 -RedirectedAccess",
                "clusctl resource resume 'Cluster Disk 2' --volume-name Volume2");
        var target = new NameInput(command, "RESOURCE", "The CSV or disk resource.", required: true);
        var volume = new Option<string?>("--volume-name", "-VolumeName") { Description = "One volume of the CSV (friendly name or path).", HelpName = "VOLUME" };
        var redirected = WithAliases(CliOptions.Flag("--redirected-access",
            suspend ? "Redirected access (I/O through the coordinator) instead of maintenance." : "End redirected access instead of maintenance."),
            "-RedirectedAccess");
        command.Options.Add(volume);
        command.Options.Add(redirected);
        SetClientAction(command, async (parse, client, ct) =>
        {
            var resource = target.Required(parse);
            var what = parse.GetValue(volume) ?? resource;
            if (parse.GetValue(redirected))
            {
                await client.SetRedirectedAccessAsync(what, suspend, ct).ConfigureAwait(false);
            }
            else
            {
                await client.SetMaintenanceAsync(what, suspend, ct).ConfigureAwait(false);
            }
            Print(parse, [await client.GetResourceAsync(resource, ct).ConfigureAwait(false)], Shapes.Resource);
        });
        return command;
    }

    private Command MoveClusterSharedVolume(string name)
    {
        var command = NewCommand(name, "Moves a CSV's coordinator (its group) to a node, or to the best other node (Move-ClusterSharedVolume). Prints the CSV.",
            "clusctl Move-ClusterSharedVolume 'Cluster Disk 1' -Node node2", "clusctl csv move 'Cluster Disk 1'");
        var target = new NameInput(command, "CSV", "The CSV resource (or one of its volumes).", required: true);
        var node = NodeOption("The node to move to; the best other node when absent.");
        command.Options.Add(node);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.MoveSharedVolumeAsync(target.Required(parse), parse.GetValue(node), ct).ConfigureAwait(false)], Shapes.SharedVolume));
        return command;
    }

    private Command MoveClusterGroup(string name)
    {
        var command = NewCommand(name, "Moves a group to a node, or to the best other node (Move-ClusterGroup). Prints the group.",
            "clusctl Move-ClusterGroup 'Available Storage' -Node node3", "clusctl group move 'Cluster Group'");
        var target = new NameInput(command, "GROUP", "The group.", required: true);
        var node = NodeOption("The node to move to; the best other node when absent.");
        command.Options.Add(node);
        SetClientAction(command, async (parse, client, ct) =>
            Print(parse, [await client.MoveGroupAsync(target.Required(parse), parse.GetValue(node), ct).ConfigureAwait(false)], Shapes.Group));
        return command;
    }

    private Command SuspendResumeClusterNode(string name, bool suspend)
    {
        var command = suspend
            ? NewCommand(name, "Pauses a node: it keeps running but takes no groups (Suspend-ClusterNode). With -Drain its groups move to other "
                + "nodes, or to -TargetNode (ApiPauseNodeEx, ApiPauseNodeWithDrainTarget); a group that cannot move stays on the paused node "
                + "unless -ForceDrain. Prints the node.",
                "clusctl Suspend-ClusterNode node3", "clusctl Suspend-ClusterNode node3 -Drain", "clusctl Suspend-ClusterNode node1 -Drain -TargetNode node2",
                "clusctl node suspend -Name node3 --drain --force-drain")
            : NewCommand(name, "Resumes a paused node (Resume-ClusterNode). -Failback Immediate moves back the groups whose preferred owner "
                + "it is, -Failback Policy those whose failback policy allows it (ApiResumeNodeEx). Prints the node.",
                "clusctl Resume-ClusterNode node3", "clusctl Resume-ClusterNode node3 -Failback Immediate", "clusctl node resume -Name node3 --failback Policy");
        var target = new NameInput(command, "NODE", "The node.", required: true);
        // Issue 11: drain (ApiPauseNodeEx / ApiPauseNodeWithDrainTarget) and failback (ApiResumeNodeEx).
        var drain = WithAliases(CliOptions.Flag("--drain", "Move the node's groups to other nodes (ApiPauseNodeEx)."), "-Drain");
        var drainTarget = new Option<string?>("--target-node", "-TargetNode") { Description = "With -Drain: the node the groups move to.", HelpName = "NODE" };
        var force = WithAliases(CliOptions.Flag("--force-drain", "With -Drain: move a group even when it cannot come online there."), "-ForceDrain");
        var failback = WithAliases(CliOptions.Value<ClusterFailbackType?>("--failback", "Immediate|Policy|NoFailback",
            "Immediate, Policy or NoFailback (ApiResumeNodeEx). Default: as ApiResumeNode, no failback.", v => v.ToUpperInvariant() switch
            {
                "IMMEDIATE" => ClusterFailbackType.Immediate,
                "POLICY" => ClusterFailbackType.Policy,
                "NOFAILBACK" or "NONE" => ClusterFailbackType.None,
                _ => throw new FormatException($"-Failback: '{v}' is not Immediate, Policy or NoFailback"),
            }), "-Failback");
        if (suspend)
        {
            command.Options.Add(drain);
            command.Options.Add(drainTarget);
            command.Options.Add(force);
            command.Validators.Add(r =>
            {
                if (!r.GetValue(drain) && (r.GetValue(drainTarget) is not null || r.GetValue(force)))
                {
                    r.AddError("-TargetNode and -ForceDrain need -Drain");
                }
                else if (r.GetValue(drainTarget) is { Length: 0 })
                {
                    r.AddError("-TargetNode is empty");
                }
            });
        }
        else
        {
            command.Options.Add(failback);
        }
        SetClientAction(command, async (parse, client, ct) =>
        {
            var nodeName = target.Required(parse);
            var node = suspend
                ? parse.GetValue(drain)
                    ? await client.DrainNodeAsync(nodeName, parse.GetValue(drainTarget), parse.GetValue(force), ct).ConfigureAwait(false)
                    : await client.SuspendNodeAsync(nodeName, ct).ConfigureAwait(false)
                : parse.GetValue(failback) is { } type
                    ? await client.ResumeNodeAsync(nodeName, type, ct).ConfigureAwait(false)
                    : await client.ResumeNodeAsync(nodeName, ct).ConfigureAwait(false);
            Print(parse, [node], Shapes.Node);
        });
        return command;
    }

    private Command WatchCluster(string name)
    {
        var command = NewCommand(name, "Prints the cluster's changes as they happen, one line each: UTC time, object type, change, object name "
            + "(not in PowerShell). Runs until Ctrl-C (exit code 130). --output json prints one JSON object per line "
            + "(time, objectType, change, objectName, objectId, parentId).",
            "clusctl Watch-Cluster", "clusctl watch --output json | jq -c 'select(.objectType == \"SharedVolume\")'");
        SetClientAction(command, async (parse, client, ct) =>
        {
            var json = parse.GetValue(_output) == OutputFormat.Json;
            await foreach (var change in client.GetChangesAsync(ct).ConfigureAwait(false))
            {
                var now = DateTimeOffset.UtcNow;
                await _stdout.WriteLineAsync(json ? Shapes.ChangeJsonLine(now, change) : Shapes.ChangeLine(now, change)).ConfigureAwait(false);
                await _stdout.FlushAsync(ct).ConfigureAwait(false);
            }
        });
        return command;
    }
}
