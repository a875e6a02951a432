using System.Net.Http.Json;
using System.Text.Json;
using Clusterd.Cluster.Topology;
using Clusterd.Server.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusterd.Server.Tests.Admin;

/// <summary>The OpenAPI document of the admin API describes every route the server maps, with its schemas.</summary>
public sealed class OpenApiDocumentTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAPI_document_describes_every_mapped_route_and_method(bool emulator)
    {
        using var dir = new TempDir();
        var options = new ServerOptions
        {
            DataDirectory = dir.DataDir,
            AdminEndpoints = CommandLine.ParseAdminUrls("http://127.0.0.1:0", allowRemote: false, hasToken: false),
            Emulator = emulator,
        };
        using var host = ClusterHost.Open(options, TopologyConfig.Default(), emulator ? new VirtualTimeProvider() : TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // As ServerRunner builds the admin endpoint: the admin API, then the metrics scrape route.
        AdminEndpoints.AddServices(builder.Services);
        Telemetry.AddMetrics(builder.Services, options);
        await using var app = builder.Build();
        AdminEndpoints.Map(app, host, options, NullLogger.Instance);
        Telemetry.MapMetrics(app);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
            var paths = document.GetProperty("paths");

            // Every route of the running app (the document's own route excepted) is a path with that method in it.
            var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText != AdminEndpoints.OpenApiPath)
                .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Method: m)))
                .ToList();
            Assert.Contains(routes, r => r.Path == "/health");
            Assert.Equal(emulator, routes.Any(r => r.Path == "/admin/faults/wire"));
            foreach (var (path, method) in routes)
            {
                Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the OpenAPI document");
                // A 200 answer for every route: JSON for /health and the /admin routes; the live view's page, assets and
                // event stream (docs/web-console.md) with their own media types.
                Assert.True(operation.GetProperty("responses").TryGetProperty("200", out var ok), $"{method} {path} has no 200 answer");
                Assert.True(ok.TryGetProperty("content", out var content), $"{method} {path}: its 200 answer describes no content");
                var expected = path switch
                {
                    "/" or "/index.html" => "text/html",
                    "/web/console.css" => "text/css",
                    "/web/console.js" => "text/javascript",
                    "/web/events" => "text/event-stream",
                    Telemetry.MetricsPath => "text/plain",
                    _ => "application/json",
                };
                Assert.True(content.TryGetProperty(expected, out _), $"{method} {path} does not describe its {expected} answer");
            }
            Assert.Equal(routes.Select(r => r.Path).Distinct().Order(), paths.EnumerateObject().Select(p => p.Name).Order());
            var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminToken");
            Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));

            if (emulator)
            {
                // The request schema of the fault route, and the error shape of the /admin routes.
                var post = paths.GetProperty("/admin/faults/wire").GetProperty("post");
                Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
                Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
                var schemas = document.GetProperty("components").GetProperty("schemas");
                foreach (var schema in new[] { "WireFaultRequest", "WireFaultView", "ErrorBody", "VolumeView", "ClockView" })
                {
                    Assert.True(schemas.TryGetProperty(schema, out _), $"schema {schema} missing");
                }
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
