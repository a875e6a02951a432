using System.Text.Json;
using System.Text.Json.Serialization;
using Clusterd.ClusApi;
using Microsoft.AspNetCore.Http;

namespace Clusterd.Server.Admin;

/// <summary>The admin API's JSON settings and its one error shape: <c>{"error":"ERROR_…","code":N,"reason":"…"}</c>.</summary>
internal static class AdminJson
{
    /// <summary>The largest request body the admin API reads (413 beyond it).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Kestrel's own limit (MaxRequestBodySize): above <see cref="MaxBodyBytes"/>, so that the rest of a body refused
    /// with 413 is drained and the client reads its answer; a body beyond it makes Kestrel close the connection.
    /// </summary>
    public const int MaxDrainedBodyBytes = 1024 * 1024;

    /// <summary>camelCase, enums as names, strict on input (unknown members and numbers-for-enums refused).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        // Quotes and apostrophes as they are ("'opnum': ..."), not \u0027: these answers are JSON, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A 200 JSON answer.</summary>
    public static IResult Ok(object value) => Results.Json(value, Options);

    /// <summary>The answer for a Win32 error: 404 for "not found", 400 for bad input, 503 for a store failure, 409 otherwise.</summary>
    public static IResult Error(Win32Error error, string? reason = null) =>
        Results.Json(new ErrorBody(Win32ErrorNames.Of(error), (uint)error, reason), Options, statusCode: StatusOf(error));

    /// <summary>An error answer with an HTTP status of its own.</summary>
    public static IResult Status(int status, Win32Error error, string? reason = null) =>
        Results.Json(new ErrorBody(Win32ErrorNames.Of(error), (uint)error, reason), Options, statusCode: status);

    /// <summary>413 for a body over <see cref="MaxBodyBytes"/> (ERROR_INVALID_PARAMETER with the limit).</summary>
    public static IResult TooLarge() =>
        Status(StatusCodes.Status413PayloadTooLarge, Win32Error.InvalidParameter, $"request body larger than {MaxBodyBytes} bytes");

    /// <summary>A 400 for a malformed request (ERROR_INVALID_PARAMETER with the reason).</summary>
    public static IResult BadRequest(string reason) => Error(Win32Error.InvalidParameter, reason);

    /// <summary>The HTTP status of a Win32 error.</summary>
    public static int StatusOf(Win32Error error) => error switch
    {
        Win32Error.Success => StatusCodes.Status200OK,
        Win32Error.FileNotFound or Win32Error.PathNotFound or Win32Error.ResourceNotFound or Win32Error.GroupNotFound
            or Win32Error.ClusterNodeNotFound or Win32Error.ClusterNetworkNotFound or Win32Error.ClusterNetInterfaceNotFound
            or Win32Error.ClusterResourceTypeNotFound or Win32Error.ClusterResNameNotFound => StatusCodes.Status404NotFound,
        Win32Error.InvalidParameter or Win32Error.InvalidData or Win32Error.InvalidName or Win32Error.InvalidFunction
            or Win32Error.NotSupported or Win32Error.NonCsvPath => StatusCodes.Status400BadRequest,
        Win32Error.WriteFault or Win32Error.ShutdownInProgress or Win32Error.ServerShutdownInProgress => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>Reads a JSON body of type <typeparamref name="T"/>; on failure returns the 400 to send.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        try
        {
            // At most MaxBodyBytes + 1 bytes are read: one more says "too large" (a chunked body has no length to check first).
            var buffer = new byte[MaxBodyBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length
                && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
            if (length > MaxBodyBytes)
            {
                return (null, TooLarge());
            }
            if (length == 0)
            {
                return (null, BadRequest("a JSON body is required"));
            }
            var value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), Options);
            return value is null ? (null, BadRequest("the JSON body is null")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest("malformed JSON: " + e.Message));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's MaxRequestBodySize (a chunked body over the limit) says 413.
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge() : BadRequest("unreadable request body: " + e.Message));
        }
    }
}

/// <summary>The error body of every failed admin request.</summary>
/// <param name="Error">The winerror.h name.</param>
/// <param name="Code">The numeric Win32 error.</param>
/// <param name="Reason">A human-readable reason, when there is more to say.</param>
internal sealed record ErrorBody(string Error, uint Code, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
