using Clusterd.ClusApi;
using Clusterd.Server.Scenarios;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Admin;

/// <summary>POST /admin/scenarios: a scenario run on the running emulator (docs/scenarios.md).</summary>
internal static partial class AdminEndpoints
{
    /// <summary>One scenario at a time: two runs on one cluster would mix their steps.</summary>
    private static readonly SemaphoreSlim s_scenarioGate = new(1, 1);

    private static void MapScenarios(RouteGroupBuilder admin, ClusterHost host, ServerOptions options, ILogger log)
    {
        admin.MapPost("/scenarios", async (HttpRequest request, IHostApplicationLifetime lifetime) =>
        {
            var (body, bad) = await ReadScenarioBodyAsync(request).ConfigureAwait(false);
            if (body is null)
            {
                return bad!;
            }
            Scenario scenario;
            try
            {
                // JSON, or YAML when the request says so (application/yaml, text/yaml, application/x-yaml).
                scenario = Scenario.Parse(body, "scenario", request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true);
            }
            catch (ScenarioFormatException e)
            {
                return AdminJson.BadRequest(e.Line > 0 ? $"line {e.Line}: {e.Reason}" : e.Reason);
            }
            if (scenario.Topology is not null)
            {
                return AdminJson.BadRequest("'topology': a scenario run on the emulator uses the emulator's topology (--config); remove the field");
            }
            if (scenario.Profile is { } profile && profile != options.Profile)
            {
                return AdminJson.BadRequest($"'profile': the emulator runs profile {options.Profile}, the scenario asks for {profile}");
            }
            if (!s_scenarioGate.Wait(0))
            {
                return AdminJson.Error(Win32Error.ClusterInvalidRequest, "another scenario is running");
            }
            try
            {
                // A fresh start, as 'clusterd scenario run' has: the cluster is reset from the topology and the virtual
                // clock paused for the run (time moves only by the scenario's steps); the clock runs again afterwards
                // if it ran before. The cluster is left as the scenario left it, to be inspected.
                var clock = host.VirtualClock!;
                var wasPaused = clock.IsPaused;
                if (TryReset(host, log, lifetime) is { } failed)
                {
                    return failed;
                }
                clock.Pause();
                try
                {
                    var report = ScenarioRunner.Run(scenario, new HostScenarioTarget(host));
                    Log.AdminAction(log, $"scenario '{scenario.Name}'", report.Passed ? "passed" : "failed");
                    return AdminJson.Ok(report);
                }
                finally
                {
                    if (!wasPaused)
                    {
                        clock.Resume();
                    }
                }
            }
            finally
            {
                s_scenarioGate.Release();
            }
        }).Produces<ScenarioReport>();
    }

    /// <summary>The raw body, at most <see cref="AdminJson.MaxBodyBytes"/>.</summary>
    private static async Task<(byte[]? Body, IResult? Error)> ReadScenarioBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > AdminJson.MaxBodyBytes)
        {
            return (null, AdminJson.TooLarge());
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > AdminJson.MaxBodyBytes)
        {
            return (null, AdminJson.TooLarge());
        }
        return buffer.Length == 0 ? (null, AdminJson.BadRequest("a scenario (JSON) is required as the body")) : (buffer.ToArray(), null);
    }
}
