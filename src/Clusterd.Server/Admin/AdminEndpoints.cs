using System.Globalization;
using System.Text.Json.Serialization;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace Clusterd.Server.Admin;

/// <summary>
/// The admin HTTP API. <c>GET /health</c> always; the <c>/admin</c> routes (virtual clock, CSV backup and
/// fault injection, reset) only in emulator mode: without it they do not exist (404).
/// </summary>
internal static partial class AdminEndpoints
{
    /// <summary>Where the OpenAPI document of the admin API is served (<c>/openapi/v1.json</c>).</summary>
    public const string OpenApiPath = "/openapi/{documentName}.json";

    /// <summary>The services the admin API needs: the OpenAPI document, and JSON options matching <see cref="AdminJson.Options"/> for its schemas.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "clusterd admin API";
            document.Info.Version = ServerRunner.Version;
            document.Info.Description = "GET /health always; the /admin routes only with --emulator. Every error is " +
                "{\"error\":\"ERROR_...\",\"code\":N,\"reason\":\"...\"}. With --admin-token-file every route except /health needs " +
                "'Authorization: Bearer TOKEN' (401 ERROR_ACCESS_DENIED otherwise).";
            // The bearer scheme of --admin-token-file (RFC 6750), for the clients generated from this document.
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["adminToken"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The token of --admin-token-file; required on every route except /health when the server has one.",
            };
            // The Prometheus scrape route (Telemetry.MapMetrics) is the exporter's own endpoint, which the API
            // description does not see: described here, in every mode (docs/metrics.md).
            document.Paths ??= new OpenApiPaths();
            document.Paths[Telemetry.MetricsPath] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new OpenApiOperation
                    {
                        Summary = "Prometheus scrape of the clusterd meters (text exposition format)",
                        Responses = new OpenApiResponses
                        {
                            ["200"] = new OpenApiResponse
                            {
                                Description = "The current value of every instrument",
                                Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new OpenApiMediaType() },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        }));
    }

    /// <summary>Maps the routes of this server's mode.</summary>
    public static void Map(WebApplication app, ClusterHost host, ServerOptions options, ILogger log, AdminToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (ClusterUnavailableException e) when (!context.Response.HasStarted)
            {
                await AdminJson.Error(Win32Error.ShutdownInProgress, e.Message).ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await (e.StatusCode == StatusCodes.Status413PayloadTooLarge ? AdminJson.TooLarge() : AdminJson.BadRequest(e.Message))
                    .ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                Log.RequestFailed(log, e, context.Request.Method, context.Request.Path);
                // ERROR_INTERNAL_ERROR (1359): a bug, never an answer to bad input.
                await Results.Json(new ErrorBody("ERROR_INTERNAL_ERROR", 1359, e.Message), AdminJson.Options, statusCode: 500)
                    .ExecuteAsync(context).ConfigureAwait(false);
            }
        });

        AdminSafety.Use(app, token);
        app.MapOpenApi(OpenApiPath);

        app.MapGet("/health", () => host.Fault is { } fault
            ? Results.Json(new { status = "unavailable", reason = fault }, AdminJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable)
            : AdminJson.Ok(host.Use(e => new HealthView(e.IsReplicaStale ? "stale" : "ok", e.Queries.GetClusterInfo().Name, host.Time.GetUtcNow(), options.Emulator)
            {
                Replica = host.Membership is { } m
                    ? new ReplicaView(options.LocalNode ?? "", e.IsLeader, e.IsReplicaStale, e.AppliedRevision, [.. m.LiveMembers.Order(StringComparer.OrdinalIgnoreCase)])
                    : null,
            }))).Produces<HealthView>();

        // The live web view (GET /, /web/*): read-only without --emulator, with the emulator controls with it.
        Web.WebEndpoints.Map(app, host, options, log);

        if (!options.Emulator)
        {
            return;
        }

        // Every /admin route may answer the JSON error shape (AdminJson.StatusOf).
        var admin = app.MapGroup("/admin").WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ErrorBody), ["application/json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ErrorBody), ["application/json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ErrorBody), ["application/json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ErrorBody), ["application/json"]));
        MapClock(admin, host, log);
        MapVolumes(admin, host, log);
        MapNodesAndGroups(admin, host, log);
        MapScenarios(admin, host, options, log);
        admin.MapPost("/reset", (IHostApplicationLifetime lifetime) =>
        {
            if (TryReset(host, log, lifetime) is { } failed)
            {
                return failed;
            }
            Log.ResetDone(log);
            return AdminJson.Ok(host.Use(e => new ResetView("reset", e.Queries.GetClusterInfo().Name, [.. e.Queries.GetAllSharedVolumes().Select(ToView)])));
        }).Produces<ResetView>();
        admin.MapPost("/faults/store-fail-next", () =>
        {
            host.FailNextCommit();
            Log.AdminAction(log, "faults store-fail-next", "armed");
            return AdminJson.Ok(new ArmedView(Armed: true));
        }).Produces<ArmedView>();
        MapWireFaults(admin, host.WireFaults!, log);
    }

    /// <summary>
    /// Resets the cluster from its topology (POST /admin/reset, POST /admin/scenarios): null when done; when the store
    /// fails, the server cannot go on without an engine, so it stops with exit code 1 and the answer says why.
    /// </summary>
    private static IResult? TryReset(ClusterHost host, ILogger log, IHostApplicationLifetime lifetime)
    {
        try
        {
            host.Reset();
            return null;
        }
        catch (Exception e) when (e is Clusterd.Store.StoreException or IOException or UnauthorizedAccessException)
        {
            Log.ResetFailed(log, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return AdminJson.Error(Win32Error.ShutdownInProgress, "reset failed: " + e.Message);
        }
    }

    private static void MapClock(RouteGroupBuilder admin, ClusterHost host, ILogger log)
    {
        var clock = host.VirtualClock!;
        admin.MapGet("/clock", () => AdminJson.Ok(new ClockView(clock.GetUtcNow(), clock.Offset.TotalSeconds, clock.IsPaused))).Produces<ClockView>();
        admin.MapPost("/clock/pause", () => AdminJson.Ok(new ClockView(clock.Pause(), clock.Offset.TotalSeconds, Paused: true))).Produces<ClockView>();
        admin.MapPost("/clock/resume", () => AdminJson.Ok(new ClockView(clock.Resume(), clock.Offset.TotalSeconds, Paused: false))).Produces<ClockView>();
        admin.MapPost("/clock/advance", (HttpRequest request) =>
        {
            var text = request.Query["seconds"].ToString();
            var max = VirtualTimeProvider.MaxAdvance.TotalSeconds;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                || !double.IsFinite(seconds) || seconds < 0 || seconds > max)
            {
                return AdminJson.BadRequest($"query parameter 'seconds' must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
            }
            var (now, fired) = host.AdvanceClock(TimeSpan.FromSeconds(seconds));
            Log.ClockAdvanced(log, seconds, now, fired);
            return AdminJson.Ok(new ClockView(now, clock.Offset.TotalSeconds, clock.IsPaused, fired));
        }).Produces<ClockView>();
    }

    private static void MapNodesAndGroups(RouteGroupBuilder admin, ClusterHost host, ILogger log)
    {
        admin.MapGet("/nodes", () => AdminJson.Ok(host.Use(e => e.Queries.GetNodes().Select(ToView).ToList()))).Produces<List<NodeView>>();
        admin.MapPost("/nodes/{name}/down", (string name) => NodeCommand(host, log, name, "down", (e, n) => e.Execute(new SetNodeDown(n))))
            .Produces<NodeView>();
        admin.MapPost("/nodes/{name}/up", (string name) => NodeCommand(host, log, name, "up", (e, n) => e.Execute(new SetNodeUp(n))))
            .Produces<NodeView>();

        admin.MapPost("/disks/{resource}/nodes/{node}/disconnect", (string resource, string node) =>
            DiskCommand(host, log, resource, node, connected: false)).Produces<List<SharedVolumeNodeState>>();
        admin.MapPost("/disks/{resource}/nodes/{node}/connect", (string resource, string node) =>
            DiskCommand(host, log, resource, node, connected: true)).Produces<List<SharedVolumeNodeState>>();

        admin.MapPost("/groups/{name}/move", (string name, HttpRequest request) =>
        {
            var node = request.Query["node"].ToString();
            return host.Use(e =>
            {
                var error = e.Execute(new MoveGroup(name, node.Length == 0 ? null : node));
                Log.AdminAction(log, $"move group '{name}' to '{(node.Length == 0 ? "(best node)" : node)}'", Win32ErrorNames.Of(error));
                if (error is not (Win32Error.Success or Win32Error.IoPending))
                {
                    return AdminJson.Error(error);
                }
                return e.Queries.FindGroup(name) is { } g ? AdminJson.Ok(ToView(g)) : AdminJson.Error(Win32Error.GroupNotFound);
            });
        }).Produces<GroupView>();
    }

    private static IResult NodeCommand(ClusterHost host, ILogger log, string name, string what, Func<ClusterEngine, string, Win32Error> command) =>
        host.Use(e =>
        {
            var error = command(e, name);
            Log.AdminAction(log, $"node '{name}' {what}", Win32ErrorNames.Of(error));
            if (error is not (Win32Error.Success or Win32Error.IoPending))
            {
                return AdminJson.Error(error);
            }
            return e.Queries.FindNode(name) is { } n ? AdminJson.Ok(ToView(n)) : AdminJson.Error(Win32Error.ClusterNodeNotFound);
        });

    private static IResult DiskCommand(ClusterHost host, ILogger log, string resource, string node, bool connected) =>
        host.Use(e =>
        {
            var error = e.Execute(new SetDiskConnectivity(resource, node, connected));
            Log.AdminAction(log, $"disk '{resource}' on node '{node}' {(connected ? "connect" : "disconnect")}", Win32ErrorNames.Of(error));
            if (error != Win32Error.Success)
            {
                return AdminJson.Error(error);
            }
            // The per-node CSV states of the disk's volumes show the effect (ActiveBlockRedirected).
            var id = e.Queries.FindResource(resource)?.Id;
            var volumes = e.Queries.GetAllSharedVolumes().Where(v => v.ResourceId == id).Select(v => v.VolumeName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return AdminJson.Ok(e.Queries.GetAllVolumeStates().Where(s => volumes.Contains(s.VolumeName)).ToList());
        });

    private static NodeView ToView(NodeInfo n) => new(n.Id, n.Name, n.State);

    private static GroupView ToView(GroupInfo g) => new(g.Id, g.Name, g.State, g.OwnerNodeName, g.ResourceNames);

    private static VolumeView ToView(SharedVolumeInfo v) => new(
        v.FriendlyName, v.VolumeName, v.ResourceName, v.BackupState, v.BackupDeadline, v.SnapshotSetsInProgress,
        v.Maintenance, v.Redirected, v.FaultState, v.CoordinatorNodeName);
}
