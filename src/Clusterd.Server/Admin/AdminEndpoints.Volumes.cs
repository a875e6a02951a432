using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Admin;

/// <summary>The CSV routes: views, backup mode and snapshot states, maintenance and redirected mode.</summary>
internal static partial class AdminEndpoints
{
    private const string Requester = "admin API";

    private static void MapVolumes(RouteGroupBuilder admin, ClusterHost host, ILogger log)
    {
        admin.MapGet("/volumes", () => AdminJson.Ok(host.Use(e => e.Queries.GetAllSharedVolumes().Select(ToView).ToList())))
            .Produces<List<VolumeView>>();
        admin.MapGet("/volumes/states", () => AdminJson.Ok(host.Use(e => e.Queries.GetAllVolumeStates())))
            .Produces<List<SharedVolumeNodeState>>();
        admin.MapGet("/volumes/{name}", (string name) => host.Use(e => e.Queries.FindSharedVolume(name) is { } v
            ? AdminJson.Ok(ToView(v))
            : NoSuchVolume(name))).Produces<VolumeView>();

        admin.MapPost("/volumes/{name}/snapshot", async (string name, HttpRequest request) =>
        {
            var (body, bad) = await AdminJson.ReadBodyAsync<SnapshotRequest>(request).ConfigureAwait(false);
            if (body is null)
            {
                return bad!;
            }
            if (body.State is not (SharedVolumeSnapshotState.PrepareForFreeze or SharedVolumeSnapshotState.PrepareForHWSnapshot
                or SharedVolumeSnapshotState.HWSnapshotCompleted))
            {
                return AdminJson.BadRequest("state must be PrepareForFreeze, PrepareForHWSnapshot or HWSnapshotCompleted");
            }
            if (body.SnapshotSet == Guid.Empty)
            {
                return AdminJson.BadRequest("snapshotSet must not be the empty GUID");
            }
            return VolumeCommand(host, log, name, $"snapshot set {body.SnapshotSet:D} {body.State}",
                (e, v) => e.Execute(new SetSnapshotState(body.SnapshotSet, v.FriendlyName, body.State)));
        }).Accepts<SnapshotRequest>("application/json").Produces<VolumeView>();

        admin.MapPost("/volumes/{name}/backup", async (string name, HttpRequest request) =>
        {
            var (body, bad) = await AdminJson.ReadBodyAsync<BackupRequest>(request).ConfigureAwait(false);
            if (body is null)
            {
                return bad!;
            }
            var delay = body.State == SharedVolumeBackupState.InProgress ? body.DelaySeconds : 0;
            return VolumeCommand(host, log, name, $"backup mode {body.State} delay {delay} s",
                (e, v) => e.Execute(new SetBackupMode(v.ResourceName, v.FriendlyName, body.State, delay, Requester)));
        }).Accepts<BackupRequest>("application/json").Produces<VolumeView>();

        admin.MapPost("/volumes/{name}/maintenance", async (string name, HttpRequest request) =>
        {
            var (body, bad) = await AdminJson.ReadBodyAsync<SwitchRequest>(request).ConfigureAwait(false);
            return body is null
                ? bad!
                : VolumeCommand(host, log, name, "maintenance " + (body.On ? "on" : "off"),
                    (e, v) => e.Execute(new SetCsvMaintenanceMode(v.ResourceName, v.FriendlyName, body.On)));
        }).Accepts<SwitchRequest>("application/json").Produces<VolumeView>();

        admin.MapPost("/volumes/{name}/redirected", async (string name, HttpRequest request) =>
        {
            var (body, bad) = await AdminJson.ReadBodyAsync<SwitchRequest>(request).ConfigureAwait(false);
            // Redirected on = DISABLE_SHARED_VOLUME_DIRECTIO, off = ENABLE_ (MS-CMRP 3.1.4.3.1.52/53).
            return body is null
                ? bad!
                : VolumeCommand(host, log, name, "redirected " + (body.On ? "on" : "off"),
                    (e, v) => e.Execute(new SetDirectIO(v.ResourceName, v.FriendlyName, Enable: !body.On)).Error);
        }).Accepts<SwitchRequest>("application/json").Produces<VolumeView>();

        admin.MapPost("/volumes/{name}/clear-backup", (string name) =>
            VolumeCommand(host, log, name, "clear backup state",
                (e, v) => e.Execute(new ClearBackupStateForSharedVolume(e.Queries.GetClusterInfo().SharedVolumesRoot.TrimEnd('\\') + "\\" + v.FriendlyName + "\\"))))
            .Produces<VolumeView>();
    }

    private static IResult NoSuchVolume(string name) => AdminJson.Error(Win32Error.ResourceNotFound, $"no CSV named '{name}'");

    /// <summary>Resolves the volume (friendly name or GUID path), runs the command and answers with the volume after it.</summary>
    private static IResult VolumeCommand(ClusterHost host, ILogger log, string name, string action, Func<ClusterEngine, SharedVolumeInfo, Win32Error> command) =>
        host.Use(e =>
        {
            if (e.Queries.FindSharedVolume(name) is not { } v)
            {
                return NoSuchVolume(name);
            }
            var error = command(e, v);
            Log.AdminAction(log, $"{v.FriendlyName}: {action}", Win32ErrorNames.Of(error));
            if (error != Win32Error.Success)
            {
                return AdminJson.Error(error);
            }
            return e.Queries.FindSharedVolume(v.VolumeName) is { } after ? AdminJson.Ok(ToView(after)) : NoSuchVolume(name);
        });
}
