using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Controls;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Server.Faults;

namespace Clusterd.Server.Scenarios;

/// <summary>
/// The step kinds of the scenario format (docs/scenarios.md): <see cref="Actions"/> (<c>"do"</c>) and
/// <see cref="Assertions"/> (<c>"expect"</c>). Each entry reads its fields (refusing unknown ones) and builds a
/// <see cref="ScenarioStep"/>. A new kind is one entry here and a section in docs/scenarios.md; this is where the
/// emulator's wire faults (the <c>wireFault</c> and <c>clearWireFaults</c> actions) plug in.
/// </summary>
internal static partial class ScenarioSteps
{
    /// <summary>The actions, by the name a step gives in <c>"do"</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<StepFields, ScenarioStep>> Actions =
        new Dictionary<string, Func<StepFields, ScenarioStep>>(StringComparer.Ordinal)
        {
            // ClusAPI-level actions.
            ["setBackupMode"] = SetBackupMode,
            ["setMaintenance"] = SetMaintenance,
            ["setRedirected"] = SetRedirected,
            ["clearBackupState"] = ClearBackupState,
            ["moveGroup"] = MoveGroup,
            ["onlineResource"] = f => ResourceCommand(f, r => new OnlineResource(r)),
            ["offlineResource"] = f => ResourceCommand(f, r => new OfflineResource(r)),
            ["onlineGroup"] = f => GroupCommand(f, g => new OnlineGroup(g)),
            ["offlineGroup"] = f => GroupCommand(f, g => new OfflineGroup(g)),
            // Emulator events.
            ["advanceClock"] = AdvanceClock,
            ["nodeDown"] = f => NodeCommand(f, n => new SetNodeDown(n)),
            ["nodeUp"] = f => NodeCommand(f, n => new SetNodeUp(n)),
            ["diskLost"] = f => DiskCommand(f, connected: false),
            ["diskRestored"] = f => DiskCommand(f, connected: true),
            ["snapshot"] = Snapshot,
            ["storeFault"] = StoreFault,
            ["wireFault"] = WireFault,
            ["clearWireFaults"] = ClearWireFaults,
        };

    /// <summary>The expectations, by the name a step gives in <c>"expect"</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<StepFields, ScenarioStep>> Assertions =
        new Dictionary<string, Func<StepFields, ScenarioStep>>(StringComparer.Ordinal)
        {
            ["volume"] = ExpectVolume,
            ["volumeState"] = ExpectVolumeState,
            ["group"] = ExpectGroup,
            ["resource"] = ExpectResource,
            ["node"] = ExpectNode,
            ["notifications"] = ExpectNotifications,
        };

    // CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 3.1.4.3.1.54) with a CLUS_SHARED_VOLUME_BACKUP_MODE input.
    private static ScenarioStep SetBackupMode(StepFields f)
    {
        var volume = f.String("volume");
        var resource = f.OptionalString("resource");
        var state = f.Enum<SharedVolumeBackupState>("state");
        var delay = (uint)(f.OptionalInteger("delaySeconds", uint.MaxValue) ?? 0);
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var input = new SharedVolumeBackupMode(state, delay, volume).ToArray();
        return ScenarioStep.Action(f, $"SET_SHARED_VOLUME_BACKUP_MODE {volume} {state}" + (state == SharedVolumeBackupState.InProgress ? $" delay {delay} s" : "") + On(resource),
            expected, ctx => ResourceControl(ctx, resource, volume, ControlCodes.SetSharedVolumeBackupMode, input));
    }

    // CLUSCTL_RESOURCE_SET_CSV_MAINTENANCE_MODE (MS-CMRP 3.1.4.3.1.51) with a CLUS_CSV_MAINTENANCE_MODE_INFO input.
    private static ScenarioStep SetMaintenance(StepFields f)
    {
        var volume = f.String("volume");
        var resource = f.OptionalString("resource");
        var on = f.Bool("on");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var input = new CsvMaintenanceModeInfo(on, volume).ToArray();
        return ScenarioStep.Action(f, $"SET_CSV_MAINTENANCE_MODE {volume} {(on ? "on" : "off")}" + On(resource),
            expected, ctx => ResourceControl(ctx, resource, volume, ControlCodes.SetCsvMaintenanceMode, input));
    }

    // Redirected on = DISABLE_SHARED_VOLUME_DIRECTIO, off = ENABLE_SHARED_VOLUME_DIRECTIO (MS-CMRP 3.1.4.3.1.52/53);
    // the input is the NUL-terminated volume name, and no output buffer is given.
    private static ScenarioStep SetRedirected(StepFields f)
    {
        var volume = f.String("volume");
        var resource = f.OptionalString("resource");
        var on = f.Bool("on");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var code = on ? ControlCodes.DisableSharedVolumeDirectIO : ControlCodes.EnableSharedVolumeDirectIO;
        var input = Utf16Field.ToNulTerminatedBytes(volume);
        return ScenarioStep.Action(f, $"{(on ? "DISABLE" : "ENABLE")}_SHARED_VOLUME_DIRECTIO {volume}" + On(resource),
            expected, ctx => ResourceControl(ctx, resource, volume, code, input));
    }

    // ClusterClearBackupStateForSharedVolume (resapi.h) on the volume's path, C:\ClusterStorage\VolumeN\.
    private static ScenarioStep ClearBackupState(StepFields f)
    {
        var volume = f.String("volume");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        return ScenarioStep.Action(f, $"ClusterClearBackupStateForSharedVolume {volume}", expected, ctx => ctx.Target.Use(c =>
        {
            var name = c.Queries.FindSharedVolume(volume)?.FriendlyName ?? volume;
            return c.Execute(new ClearBackupStateForSharedVolume(c.Queries.GetClusterInfo().SharedVolumesRoot.TrimEnd('\\') + "\\" + name + "\\"));
        }));
    }

    // ApiMoveGroup (no node: the best other node) or ApiMoveGroupToNode: the engine command their handlers run.
    private static ScenarioStep MoveGroup(StepFields f)
    {
        var group = f.String("group");
        var node = f.OptionalString("node");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        return ScenarioStep.Action(f, node is null ? $"ApiMoveGroup '{group}'" : $"ApiMoveGroupToNode '{group}' {node}", expected,
            ctx => ctx.Target.Use(c => c.Execute(new MoveGroup(group, node))));
    }

    private static ScenarioStep ResourceCommand(StepFields f, Func<string, ClusterCommand> command)
    {
        var resource = f.String("resource");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var method = f.Kind == "onlineResource" ? "ApiOnlineResource" : "ApiOfflineResource";
        return ScenarioStep.Action(f, $"{method} '{resource}'", expected, ctx => ctx.Target.Use(c => c.Execute(command(resource))));
    }

    private static ScenarioStep GroupCommand(StepFields f, Func<string, ClusterCommand> command)
    {
        var group = f.String("group");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var method = f.Kind == "onlineGroup" ? "ApiOnlineGroup" : "ApiOfflineGroup";
        return ScenarioStep.Action(f, $"{method} '{group}'", expected, ctx => ctx.Target.Use(c => c.Execute(command(group))));
    }

    // The virtual clock, paused for the run: it moves only here, and what became due is applied before the step ends.
    private static ScenarioStep AdvanceClock(StepFields f)
    {
        var by = f.Seconds("seconds", VirtualTimeProvider.MaxAdvance);
        var expectFired = f.OptionalInteger("expectFired", int.MaxValue);
        f.EnsureNoOthers();
        var seconds = ((decimal)by.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        return new ScenarioStep(f.Line, "do " + f.Kind, $"advance the clock {seconds} s", ctx =>
        {
            var fired = ctx.Target.Advance(by);
            return new StepOutcome(expectFired is null || expectFired == fired,
                expectFired is { } n ? $"{n} deadline(s) fired" : "any", $"{fired} deadline(s) fired");
        });
    }

    private static ScenarioStep NodeCommand(StepFields f, Func<string, ClusterCommand> command)
    {
        var node = f.String("node");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        return ScenarioStep.Action(f, $"node {node} {(f.Kind == "nodeDown" ? "lost" : "back")}", expected,
            ctx => ctx.Target.Use(c => c.Execute(command(node))));
    }

    private static ScenarioStep DiskCommand(StepFields f, bool connected)
    {
        var resource = f.String("resource");
        var node = f.String("node");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        return ScenarioStep.Action(f, $"'{resource}' {(connected ? "reconnected on" : "lost by")} {node}", expected,
            ctx => ctx.Target.Use(c => c.Execute(new SetDiskConnectivity(resource, node, connected))));
    }

    // ClusterSharedVolumeSetSnapshotState: the backup detector (docs/behaviour.md, "Backup detection").
    private static ScenarioStep Snapshot(StepFields f)
    {
        var volume = f.String("volume");
        var set = f.String("set");
        var state = f.Enum<SharedVolumeSnapshotState>("state");
        var expected = f.ExpectedError();
        f.EnsureNoOthers();
        var id = SnapshotSetId(set);
        return ScenarioStep.Action(f, $"snapshot set '{set}' {state} on {volume}", expected,
            ctx => ctx.Target.Use(c => c.Execute(new SetSnapshotState(id, volume, state))));
    }

    /// <summary>A snapshot set: a GUID as written, or a label turned into a fixed GUID (the first 16 bytes of its SHA-256).</summary>
    public static Guid SnapshotSetId(string set) =>
        Guid.TryParse(set, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("clusterd scenario snapshot set " + set)).AsSpan(0, 16));

    private static ScenarioStep StoreFault(StepFields f)
    {
        f.EnsureNoOthers();
        return new ScenarioStep(f.Line, "do " + f.Kind, "the next store commit fails", ctx =>
        {
            ctx.Target.FailNextCommit();
            return new StepOutcome(true);
        });
    }

    /// <summary>
    /// Arms a wire fault rule on the running emulator (the fields of <c>POST /admin/faults/wire</c>, docs/wire-faults.md):
    /// the next matching ClusAPI calls of the client under test fail, wait or lose their connection. The rule is checked
    /// when the file is read, so a bad rule is a malformed scenario with its line.
    /// </summary>
    private static ScenarioStep WireFault(StepFields f)
    {
        var request = new WireFaultRequest
        {
            Opnum = Element(f.Node("opnum")) ?? throw new ScenarioFormatException(f.Line, "a 'wireFault' step needs 'opnum' (a method name or number)"),
            ControlCode = Element(f.Node("controlCode")),
            Count = (int?)f.OptionalInteger("count", WireFaultRules.MaxCount),
            Error = Element(f.Node("error")),
            DceFault = Element(f.Node("dceFault")),
            DelayMs = (int?)f.OptionalInteger("delayMs", (long)WireFaultRules.MaxDelay.TotalMilliseconds),
            Drop = f.OptionalBool("drop"),
        };
        f.EnsureNoOthers();
        if (!request.TryValidate(out var spec, out var reason))
        {
            throw new ScenarioFormatException(f.Line, "wireFault: " + reason);
        }
        return new ScenarioStep(f.Line, "do " + f.Kind, "arm wire fault: " + Describe(spec), ctx =>
        {
            var rule = ctx.Target.AddWireFault(spec);
            return rule is null
                ? new StepOutcome(false, "the rule armed", $"refused: {WireFaultRules.MaxRules} rules are armed already")
                : new StepOutcome(true);
        });
    }

    private static ScenarioStep ClearWireFaults(StepFields f)
    {
        f.EnsureNoOthers();
        return new ScenarioStep(f.Line, "do " + f.Kind, "clear every wire fault rule", ctx =>
        {
            ctx.Target.ClearWireFaults();
            return new StepOutcome(true);
        });
    }

    private static string Describe(WireFaultSpec spec) =>
        $"next {spec.Count} {spec.Opnum}" + (spec.ControlCode is { } c ? " " + (ControlCodes.NameOf(c) ?? $"0x{c:X8}") : "") + ": " + WireFaultDispatcher.Describe(spec);

    /// <summary>A scenario value as the JSON element the admin route's rule reader takes.</summary>
    private static System.Text.Json.JsonElement? Element(JsonNodeAt? node) => node switch
    {
        null => null,
        JsonStringAt s => System.Text.Json.JsonSerializer.SerializeToElement(s.Value),
        JsonNumberAt n => System.Text.Json.JsonDocument.Parse(n.Text).RootElement.Clone(),
        JsonBoolAt b => System.Text.Json.JsonSerializer.SerializeToElement(b.Value),
        JsonNullAt => null,
        _ => throw new ScenarioFormatException(node.Line, $"a wire fault field must be a string or a number, not {node.Kind}"),
    };

    /// <summary>
    /// Runs a resource control through the ClusAPI layer's control dispatcher, as ApiResourceControl does once the
    /// handle is resolved (MS-CMRP 3.1.4.2.74): the common checks, then the code's own, then the engine command.
    /// Without <paramref name="resource"/> the control goes to the resource that holds <paramref name="volume"/>.
    /// </summary>
    private static Win32Error ResourceControl(ScenarioContext ctx, string? resource, string volume, uint code, byte[] input) => ctx.Target.Use(c =>
    {
        var target = resource ?? c.Queries.FindSharedVolume(volume)?.ResourceName
            ?? throw new ScenarioStepException($"no CSV named '{volume}' to take the resource from; name the resource with 'resource'");
        return new ControlDispatcher(c).ResourceControl(target, code, input, 0, new ControlContext(FullAccess: true, Requester: ctx.Requester)).Error;
    });

    private static string On(string? resource) => resource is null ? "" : $" on '{resource}'";
}
