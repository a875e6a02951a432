using System.Net.ServerSentEvents;
using System.Reflection;
using System.Runtime.CompilerServices;
using Clusterd.Server.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusterd.Server.Web;

/// <summary>
/// The live web view (docs/web-console.md): <c>GET /</c> (the page), <c>GET /web/console.css</c>,
/// <c>GET /web/console.js</c> (embedded in the server assembly, no build step) and <c>GET /web/events</c> (the
/// Server-Sent Events stream). The same in every mode: the page offers the emulator controls only when the snapshot
/// says the /admin routes exist.
/// </summary>
internal static class WebEndpoints
{
    /// <summary>How long a browser waits before reconnecting a dropped stream (the SSE "retry" field).</summary>
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(1);

    private const string ContentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    /// <summary>Maps the routes and starts the live view (stopped with the application).</summary>
    public static LiveView Map(WebApplication app, ClusterHost host, ServerOptions options, ILogger log)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var view = new LiveView(host, options.Emulator, log);
        lifetime.ApplicationStopping.Register(view.Dispose);

        var html = Asset("index.html");
        var css = Asset("console.css");
        var js = Asset("console.js");
        // Described in the OpenAPI document with their media types (docs/admin-api.md).
        app.MapGet("/", () => Static(html, "text/html; charset=utf-8")).Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapGet("/index.html", () => Static(html, "text/html; charset=utf-8")).Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapGet("/web/console.css", () => Static(css, "text/css; charset=utf-8")).Produces<string>(StatusCodes.Status200OK, "text/css");
        app.MapGet("/web/console.js", () => Static(js, "text/javascript; charset=utf-8")).Produces<string>(StatusCodes.Status200OK, "text/javascript");
        app.MapGet("/web/events", (HttpContext context) =>
        {
            // EventSource sends Last-Event-ID itself on a reconnect; a page that reconnects by hand passes it in the query.
            var last = context.Request.Headers["Last-Event-ID"].ToString();
            if (last.Length == 0)
            {
                last = context.Request.Query["lastEventId"].ToString();
            }
            if (view.Connect(last, context) is not { } session)
            {
                WebLog.TooManyClients(log, context.Connection.RemoteIpAddress?.ToString() ?? "?", LiveView.MaxClients);
                // ERROR_BUSY (170): try again later.
                return Results.Json(new ErrorBody("ERROR_BUSY", 170, $"the live view already has {LiveView.MaxClients} clients"),
                    AdminJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            context.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(StreamAsync(view, session, lifetime.ApplicationStopping, context.RequestAborted));
        }).Produces<string>(StatusCodes.Status200OK, "text/event-stream").Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable);
        return view;
    }

    /// <summary>The stream of one client: its snapshot or missed deltas, then everything its buffer receives.</summary>
    internal static async IAsyncEnumerable<SseItem<string>> StreamAsync(LiveView view, LiveSession session, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken aborted = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var ct = linked.Token;
        try
        {
            var first = true;
            if (session.SnapshotRevision is { } revision)
            {
                var json = view.SnapshotJson(revision, session.Log);
                yield return new SseItem<string>(json, "snapshot") { EventId = view.IdOf(revision), ReconnectionInterval = ReconnectAfter };
                first = false;
            }
            foreach (var m in session.Replay)
            {
                yield return Item(view, m, first);
                first = false;
            }
            var reader = session.Client.Buffer.Reader;
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                while (reader.TryRead(out var m))
                {
                    yield return Item(view, m, first);
                    first = false;
                }
            }
        }
        finally
        {
            view.Disconnect(session.Client);
        }
    }

    private static SseItem<string> Item(LiveView view, LiveMessage m, bool first) =>
        new(m.Json, m.Type)
        {
            // A heartbeat has no id: the browser's Last-Event-ID stays that of the last delta or snapshot.
            EventId = m.Revision == 0 ? null : view.IdOf(m.Revision),
            ReconnectionInterval = first ? ReconnectAfter : null,
        };

    private static StaticAsset Static(byte[] content, string type) => new StaticAsset(content, type);

    private static byte[] Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Clusterd.Server.Web.Assets." + name)
            ?? throw new InvalidOperationException("embedded live view asset missing: " + name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class StaticAsset(byte[] content, string type) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = type;
            response.ContentLength = content.Length;
            response.Headers.CacheControl = "no-cache";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            return response.Body.WriteAsync(content, httpContext.RequestAborted).AsTask();
        }
    }
}
