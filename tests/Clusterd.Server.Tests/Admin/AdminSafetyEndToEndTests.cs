using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Clusterd.Server.Tests.Admin;

/// <summary>The admin API's guards against a real clusterd: bearer token, body limit, JSON errors for everything.</summary>
public sealed class AdminSafetyEndToEndTests
{
    private const string Token = "admin-token-0123456789abcdef";

    private static string WriteToken(TempDir dir, string text = Token + "\n", UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(dir.Path, "admin-token");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
        return path;
    }

    private static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(ServerProcess server, HttpMethod method, string path,
        string? bearer = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static void AssertError(JsonElement body, string name, uint code)
    {
        Assert.Equal(name, body.GetProperty("error").GetString());
        Assert.Equal(code, body.GetProperty("code").GetUInt32());
    }

    [Fact]
    public async Task With_a_token_file_every_route_but_health_needs_the_bearer_token()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--admin-token-file", WriteToken(dir));
        Assert.Contains("bearer token from", server.Output, StringComparison.Ordinal);

        Assert.Equal("ok", (await server.GetJsonAsync("/health")).GetProperty("status").GetString());
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/admin/clock"), (HttpMethod.Post, "/admin/clock/pause"), (HttpMethod.Get, "/admin/faults/wire"),
            (HttpMethod.Delete, "/admin/faults/wire"), (HttpMethod.Get, "/openapi/v1.json"), (HttpMethod.Get, "/no/such/route"), (HttpMethod.Get, "/"),
        })
        {
            foreach (var bearer in new[] { null, "wrong-token-0123456789abcdef", Token + "x" })
            {
                var (status, body, response) = await SendAsync(server, method, path, bearer);
                Assert.Equal(401, status);
                AssertError(body, "ERROR_ACCESS_DENIED", 5);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                response.Dispose();
            }
        }
        // Nothing ran: the clock is still running.
        var (ok, clock, r) = await SendAsync(server, HttpMethod.Get, "/admin/clock", Token);
        r.Dispose();
        Assert.Equal(200, ok);
        Assert.False(clock.GetProperty("paused").GetBoolean());
        (ok, _, r) = await SendAsync(server, HttpMethod.Get, "/openapi/v1.json", Token);
        r.Dispose();
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task With_a_token_file_a_browser_opens_the_live_view_with_the_token_once_and_its_session_cookie_carries_it()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator", "--admin-token-file", WriteToken(dir));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Http.BaseAddress };

        // A wrong token in the query opens nothing and sets no cookie.
        using (var wrong = await browser.GetAsync("/?token=wrong-token-0123456789abcdef"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        // The right one: a session cookie (HttpOnly, SameSite=Strict) and a redirect to / without the token.
        string cookie;
        using (var open = await browser.GetAsync("/?token=" + Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
            Assert.Equal("/", open.Headers.Location?.OriginalString);
            var set = Assert.Single(open.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", set, StringComparison.OrdinalIgnoreCase);
            cookie = set.Split(';')[0];
        }
        Assert.Equal("clusterd-admin-token=" + Token, cookie);

        // The cookie is the token: the page, its assets and the emulator routes answer; a wrong cookie is refused.
        foreach (var path in new[] { "/", "/web/console.js", "/admin/clock" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/admin/clock");
        forged.Headers.Add("Cookie", "clusterd-admin-token=wrong-token-0123456789abcdef");
        using var refused = await browser.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_oversized_bodies_get_JSON_errors()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, "--emulator");

        var (status, body, response) = await SendAsync(server, HttpMethod.Get, "/admin/no-such-thing");
        response.Dispose();
        Assert.Equal(404, status);
        AssertError(body, "ERROR_NOT_FOUND", 1168);
        Assert.Contains("no route GET /admin/no-such-thing", body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        (status, body, response) = await SendAsync(server, HttpMethod.Delete, "/health");
        response.Dispose();
        Assert.Equal(405, status);
        AssertError(body, "ERROR_INVALID_FUNCTION", 1);

        // Declared too large, and chunked (no length) past the limit: 413 and nothing applied.
        var big = "{\"on\":true,\"pad\":\"" + new string('x', 70 * 1024) + "\"}";
        (status, body, response) = await SendAsync(server, HttpMethod.Post, "/admin/volumes/Volume1/maintenance", content: new StringContent(big, Encoding.UTF8, "application/json"));
        response.Dispose();
        Assert.Equal(413, status);
        AssertError(body, "ERROR_INVALID_PARAMETER", 87);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        (status, body, response) = await SendAsync(server, HttpMethod.Post, "/admin/faults/wire", content: new ChunkedContent(chunked));
        response.Dispose();
        Assert.Equal(413, status);
        AssertError(body, "ERROR_INVALID_PARAMETER", 87);
        Assert.False((await server.VolumeAsync("Volume1")).GetProperty("maintenance").GetBoolean());
        Assert.Empty((await server.GetJsonAsync("/admin/faults/wire")).GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task Without_emulator_the_emulator_routes_do_not_exist_and_answer_JSON_404()
    {
        using var dir = new TempDir();
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir);
        foreach (var path in new[] { "/admin/faults/wire", "/admin/clock" })
        {
            var (status, body, response) = await SendAsync(server, HttpMethod.Get, path);
            response.Dispose();
            Assert.Equal(404, status);
            AssertError(body, "ERROR_NOT_FOUND", 1168);
        }
    }

    [Theory]
    [InlineData("", "the token file is empty")]
    [InlineData("short\n", "shorter than 16")]
    public async Task Bad_token_file_stops_startup_with_exit_2_and_the_reason(string text, string reason)
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0", "--admin-token-file", WriteToken(dir, text));
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("--admin-token-file", server.Output, StringComparison.Ordinal);
        Assert.Contains(reason, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_file_others_can_read_stops_startup_with_exit_2()
    {
        using var dir = new TempDir();
        var file = WriteToken(dir, mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-urls", "http://127.0.0.1:0", "--admin-token-file", file);
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("readable only by its owner (chmod 600)", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_loopback_admin_without_a_token_file_stops_startup_with_exit_2()
    {
        using var dir = new TempDir();
        using var server = ServerProcess.Start(dir.Path, "--data-dir", dir.DataDir, "--admin-allow-remote", "--admin-urls", "http://0.0.0.0:0");
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("--admin-token-file FILE is required", server.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends its content with chunked transfer encoding (no Content-Length).</summary>
    private sealed class ChunkedContent(HttpContent inner) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
