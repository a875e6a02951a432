using System.Globalization;
using Clusterd.ClusApi;

namespace Clusterd.Server.Scenarios;

/// <summary>The expectations: on a CSV, its per-node state, a group, a resource, a node, and the notifications.</summary>
internal static partial class ScenarioSteps
{
    private static ScenarioStep ExpectVolume(StepFields f)
    {
        var volume = f.String("volume");
        var backupState = f.OptionalEnum<SharedVolumeBackupState>("backupState");
        var faultState = f.OptionalEnum<CsvVolumeFaultState>("faultState");
        var maintenance = f.OptionalBool("maintenance");
        var redirected = f.OptionalBool("redirected");
        var coordinator = f.OptionalString("coordinator");
        var snapshotSets = f.OptionalInteger("snapshotSets", int.MaxValue);
        // A number: the backup timer is armed and its deadline is exactly that far ahead; null: no timer armed.
        var deadlineNode = f.Node("backupDeadlineInSeconds");
        TimeSpan? deadline = deadlineNode is null or JsonNullAt ? null : StepFields.SecondsOf("backupDeadlineInSeconds", deadlineNode, VirtualTimeProvider.MaxAdvance);
        f.EnsureNoOthers();
        RequireSomething(f, backupState, faultState, maintenance, redirected, coordinator, snapshotSets, deadlineNode);
        return new ScenarioStep(f.Line, "expect " + f.Kind, $"CSV {volume}", ctx => ctx.Target.Use(c =>
        {
            var v = c.Queries.FindSharedVolume(volume) ?? throw new ScenarioStepException($"no CSV named '{volume}'");
            var check = new Comparison();
            check.Check("backupState", backupState, v.BackupState);
            check.Check("faultState", faultState, v.FaultState);
            check.Check("maintenance", maintenance, v.Maintenance);
            check.Check("redirected", redirected, v.Redirected);
            check.CheckName("coordinator", coordinator, v.CoordinatorNodeName);
            check.Check("snapshotSets", snapshotSets, v.SnapshotSetsInProgress);
            if (deadlineNode is not null)
            {
                var left = v.BackupDeadline is { } d ? d - ctx.Target.Now : (TimeSpan?)null;
                check.Add("backupDeadlineInSeconds", SecondsText(deadline), SecondsText(left), deadline == left);
            }
            return check.Outcome();
        }));
    }

    private static ScenarioStep ExpectVolumeState(StepFields f)
    {
        var volume = f.String("volume");
        var node = f.String("node");
        var state = f.OptionalEnum<SharedVolumeState>("state");
        var redirectedReason = f.OptionalEnum<RedirectedIOReason>("redirectedReason");
        var blockRedirectedReason = f.OptionalEnum<BlockRedirectedIOReason>("blockRedirectedReason");
        f.EnsureNoOthers();
        RequireSomething(f, state, redirectedReason, blockRedirectedReason);
        return new ScenarioStep(f.Line, "expect " + f.Kind, $"CSV {volume} on {node}", ctx => ctx.Target.Use(c =>
        {
            var s = c.Queries.GetAllVolumeStates().FirstOrDefault(s =>
                    (string.Equals(s.FriendlyName, volume, StringComparison.OrdinalIgnoreCase) || string.Equals(s.VolumeName, volume, StringComparison.OrdinalIgnoreCase))
                    && string.Equals(s.NodeName, node, StringComparison.OrdinalIgnoreCase))
                ?? throw new ScenarioStepException($"no state of CSV '{volume}' on node '{node}'");
            var check = new Comparison();
            check.Check("state", state, s.State);
            check.Check("redirectedReason", redirectedReason, s.RedirectedIOReason);
            check.Check("blockRedirectedReason", blockRedirectedReason, s.BlockRedirectedIOReason);
            return check.Outcome();
        }));
    }

    private static ScenarioStep ExpectGroup(StepFields f)
    {
        var group = f.String("group");
        var owner = f.OptionalString("owner");
        var state = f.OptionalEnum<ClusterGroupState>("state");
        f.EnsureNoOthers();
        RequireSomething(f, owner, state);
        return new ScenarioStep(f.Line, "expect " + f.Kind, $"group '{group}'", ctx => ctx.Target.Use(c =>
        {
            var g = c.Queries.FindGroup(group) ?? throw new ScenarioStepException($"no group named '{group}'");
            var check = new Comparison();
            check.CheckName("owner", owner, g.OwnerNodeName);
            check.Check("state", state, g.State);
            return check.Outcome();
        }));
    }

    private static ScenarioStep ExpectResource(StepFields f)
    {
        var resource = f.String("resource");
        var owner = f.OptionalString("owner");
        var state = f.OptionalEnum<ClusterResourceState>("state");
        f.EnsureNoOthers();
        RequireSomething(f, owner, state);
        return new ScenarioStep(f.Line, "expect " + f.Kind, $"resource '{resource}'", ctx => ctx.Target.Use(c =>
        {
            var r = c.Queries.FindResource(resource) ?? throw new ScenarioStepException($"no resource named '{resource}'");
            var check = new Comparison();
            check.CheckName("owner", owner, r.OwnerNodeName);
            check.Check("state", state, r.State);
            return check.Outcome();
        }));
    }

    private static ScenarioStep ExpectNode(StepFields f)
    {
        var node = f.String("node");
        var state = f.OptionalEnum<ClusterNodeState>("state");
        f.EnsureNoOthers();
        RequireSomething(f, state);
        return new ScenarioStep(f.Line, "expect " + f.Kind, $"node {node}", ctx => ctx.Target.Use(c =>
        {
            var n = c.Queries.FindNode(node) ?? throw new ScenarioStepException($"no node named '{node}'");
            var check = new Comparison();
            check.Check("state", state, n.State);
            return check.Outcome();
        }));
    }

    /// <summary>
    /// The notifications since the previous "notifications" expectation (or the start): each "include" matcher must
    /// match at least one, no "exclude" matcher may match any. The window then starts again.
    /// </summary>
    private static ScenarioStep ExpectNotifications(StepFields f)
    {
        var include = Matchers(f, "include");
        var exclude = Matchers(f, "exclude");
        f.EnsureNoOthers();
        if (include.Count + exclude.Count == 0)
        {
            throw new ScenarioFormatException(f.Line, "a 'notifications' expectation needs a non-empty 'include' or 'exclude'");
        }
        var summary = "notifications" + (include.Count > 0 ? " include " + string.Join(", ", include) : "")
            + (exclude.Count > 0 ? " exclude " + string.Join(", ", exclude) : "");
        return new ScenarioStep(f.Line, "expect " + f.Kind, summary, ctx =>
        {
            var (seen, overflowed) = ctx.Notifications.TakeWindow();
            if (overflowed)
            {
                return new StepOutcome(false, "a checkable window", $"more than {NotificationLog.MaxPerWindow} notifications since the last check");
            }
            var missing = include.Where(m => !seen.Any(m.Matches)).ToList();
            var unwanted = exclude.SelectMany(m => seen.Where(m.Matches)).Distinct().ToList();
            if (missing.Count == 0 && unwanted.Count == 0)
            {
                return new StepOutcome(true, Actual: $"{seen.Count} notification(s) since the last check");
            }
            var expected = string.Join("; ", missing.Select(m => "a " + m).Concat(unwanted.Count > 0 ? exclude.Select(m => "no " + m) : []));
            var actual = seen.Count == 0 ? "no notifications" : string.Join("; ", seen.Select(n => n.ToString()));
            return new StepOutcome(false, expected, actual);
        });
    }

    private static List<NotificationMatcher> Matchers(StepFields f, string name)
    {
        var node = f.Node(name);
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArrayAt array)
        {
            throw new ScenarioFormatException(node.Line, $"'{name}' must be an array of notification matchers, not {node.Kind}");
        }
        return [.. array.Items.Select(item => item is JsonObjectAt o
            ? NotificationMatcher.Read(new StepFields(o, name + " matcher", ""))
            : throw new ScenarioFormatException(item.Line, $"a notification matcher must be an object, not {item.Kind}"))];
    }

    /// <summary>An expectation that compares nothing would pass whatever happened: refused.</summary>
    private static void RequireSomething(StepFields f, params object?[] expected)
    {
        if (expected.All(e => e is null))
        {
            throw new ScenarioFormatException(f.Line, $"a '{f.Kind}' expectation must compare at least one field");
        }
    }

    private static string SecondsText(TimeSpan? span) =>
        span is { } s ? ((decimal)s.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + " s" : "none (no timer)";
}

/// <summary>One entry of a "notifications" expectation.</summary>
/// <param name="Type">The clusapi.h name of the change, e.g. CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2.</param>
/// <param name="ObjectName">The object's name (NOTIFICATION_DATA_RPC.Name), or null for any.</param>
/// <param name="Volume">Shared-volume notifications: a volume (friendly name or GUID path) the payload must carry.</param>
/// <param name="Node">With <paramref name="Volume"/>: the node of that entry.</param>
/// <param name="State">With <paramref name="Volume"/>: the VolumeState of that entry.</param>
internal sealed record NotificationMatcher(string Type, string? ObjectName, string? Volume, string? Node, SharedVolumeState? State)
{
    /// <summary>Reads one matcher object.</summary>
    public static NotificationMatcher Read(StepFields f)
    {
        var typeNode = f.Node("type") as JsonStringAt ?? throw new ScenarioFormatException(f.Line, "a notification matcher needs 'type' (a string)");
        if (!NotificationLog.KnownTypes.Contains(typeNode.Value))
        {
            throw new ScenarioFormatException(typeNode.Line, $"'{typeNode.Value}' is not a CLUSTER_CHANGE_*_V2 name (e.g. CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2, CLUSTER_CHANGE_GROUP_OWNER_NODE_V2)");
        }
        var objectName = f.OptionalString("object");
        var volume = f.OptionalString("volume");
        var node = f.OptionalString("node");
        var state = f.OptionalEnum<SharedVolumeState>("state");
        f.EnsureNoOthers();
        if ((volume is not null || node is not null || state is not null)
            && !typeNode.Value.StartsWith("CLUSTER_CHANGE_SHARED_VOLUME_", StringComparison.Ordinal))
        {
            throw new ScenarioFormatException(f.Line, "'volume', 'node' and 'state' describe the payload of a CLUSTER_CHANGE_SHARED_VOLUME_*_V2 notification only");
        }
        if ((node is not null || state is not null) && volume is null)
        {
            throw new ScenarioFormatException(f.Line, "'node' and 'state' need 'volume'");
        }
        return new NotificationMatcher(typeNode.Value, objectName, volume, node, state);
    }

    /// <summary>Whether <paramref name="n"/> is a notification this matcher describes.</summary>
    public bool Matches(SeenNotification n) =>
        n.Type == Type
        && (ObjectName is null || string.Equals(n.ObjectName, ObjectName, StringComparison.OrdinalIgnoreCase))
        && (Volume is null || n.VolumeStates.Any(s =>
            (string.Equals(s.FriendlyName, Volume, StringComparison.OrdinalIgnoreCase) || string.Equals(s.VolumeName, Volume, StringComparison.OrdinalIgnoreCase))
            && (Node is null || string.Equals(s.NodeName, Node, StringComparison.OrdinalIgnoreCase))
            && (State is null || s.State == State)));

    /// <inheritdoc />
    public override string ToString() =>
        Type + (ObjectName is null ? "" : $" '{ObjectName}'") + (Volume is null ? "" : $" [{Volume}" + (Node is null ? "" : "@" + Node) + (State is null ? "" : "=" + State) + "]");
}
