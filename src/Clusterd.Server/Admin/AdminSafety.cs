using Clusterd.ClusApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Clusterd.Server.Admin;

/// <summary>
/// The admin API's guards, as middleware so that they cover every route, whoever maps it: the bearer token
/// (<c>--admin-token-file</c>) on everything but <c>/health</c>, the request body limit, and a JSON error body
/// (<see cref="ErrorBody"/>) for every error answer that has none (an unknown route, a method a route does not take).
/// </summary>
internal static class AdminSafety
{
    /// <summary>The one route open without the token: liveness probes carry no secrets.</summary>
    public const string HealthPath = "/health";

    /// <summary>The live view's session cookie: the token, for a browser that cannot send an Authorization header (EventSource).</summary>
    public const string SessionCookie = "clusterd-admin-token";

    /// <summary>ERROR_NOT_FOUND (1168), "element not found": an unknown route (not in <see cref="Win32Error"/>, which models ClusAPI's errors).</summary>
    public const uint ErrorNotFound = 1168;

    /// <summary>Adds the guards to <paramref name="app"/>; call before mapping routes.</summary>
    public static void Use(WebApplication app, AdminToken? token)
    {
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            // An error answer without a body (no route matched, 405 from routing, a limit Kestrel enforced): JSON too.
            var response = context.Response;
            if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && response.ContentType is null)
            {
                await ErrorFor(response.StatusCode, context.Request).ExecuteAsync(context).ConfigureAwait(false);
            }
        });
        app.Use(async (context, next) =>
        {
            if (token is not null && !context.Request.Path.Equals(HealthPath, StringComparison.Ordinal) && !token.IsAuthorized(context.Request))
            {
                // A browser opens the live view once as /?token=TOKEN: the token goes into an HttpOnly, SameSite=Strict
                // session cookie and the browser is sent to / without it, so the token leaves the address bar and
                // history; the page's stream and controls then carry the cookie (docs/admin-api.md, "Token").
                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals("/", StringComparison.Ordinal)
                    && token.IsToken(context.Request.Query["token"].ToString()))
                {
                    context.Response.Cookies.Append(SessionCookie, context.Request.Query["token"].ToString(), new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
                        Secure = context.Request.IsHttps,
                        Path = "/",
                    });
                    context.Response.Redirect("/");
                    return;
                }
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                await AdminJson.Status(StatusCodes.Status401Unauthorized, Win32Error.AccessDenied,
                    "this admin API needs 'Authorization: Bearer TOKEN' (--admin-token-file)").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            if (context.Request.ContentLength > AdminJson.MaxBodyBytes)
            {
                await AdminJson.TooLarge().ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
    }

    private static IResult ErrorFor(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => Results.Json(
            new ErrorBody("ERROR_NOT_FOUND", ErrorNotFound, $"no route {request.Method} {request.Path}"), AdminJson.Options, statusCode: status),
        StatusCodes.Status405MethodNotAllowed => AdminJson.Status(status, Win32Error.InvalidFunction,
            $"{request.Path} does not take {request.Method}"),
        StatusCodes.Status413PayloadTooLarge => AdminJson.TooLarge(),
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AdminJson.Status(status, Win32Error.AccessDenied),
        >= 500 => Results.Json(new ErrorBody("ERROR_INTERNAL_ERROR", 1359, null), AdminJson.Options, statusCode: status),
        _ => AdminJson.Status(status, Win32Error.InvalidParameter),
    };
}
