using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Clusterd.Server.Admin;

/// <summary>
/// The admin API's bearer token (<c>--admin-token-file</c>): read once at startup from a file only its owner may read,
/// compared in constant time on every request (RFC 6750 2.1: <c>Authorization: Bearer TOKEN</c>).
/// </summary>
internal sealed class AdminToken
{
    /// <summary>The largest token file read.</summary>
    public const int MaxFileBytes = 4096;

    /// <summary>The shortest token accepted.</summary>
    public const int MinLength = 16;

    private readonly byte[] _token;

    // The token's SHA-256: comparing digests takes the same time whatever the length of what a client sends.
    private AdminToken(string token) => _token = SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>
    /// Reads the token: one line (a final newline is ignored) of at least <see cref="MinLength"/> visible ASCII
    /// characters (RFC 6750 b64token and more), in a file neither group nor others may access (Unix).
    /// Throws <see cref="InvalidDataException"/> with the reason otherwise.
    /// </summary>
    public static AdminToken Load(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                throw new InvalidDataException("the token file must be readable only by its owner (chmod 600)");
            }
        }
        if (new FileInfo(path).Length > MaxFileBytes)
        {
            throw new InvalidDataException($"the token file is larger than {MaxFileBytes} bytes");
        }
        var text = File.ReadAllText(path);
        var token = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        if (token.Length == 0)
        {
            throw new InvalidDataException("the token file is empty");
        }
        if (token.Any(c => c is < '!' or > '~'))
        {
            throw new InvalidDataException("the token must be one line of visible ASCII characters (no spaces)");
        }
        if (token.Length < MinLength)
        {
            throw new InvalidDataException($"the token is shorter than {MinLength} characters");
        }
        return new AdminToken(token);
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer</c> and this token (scheme case-insensitive, RFC 6750 2.1).</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || authorization.Length <= Scheme.Length
            || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length - Scheme.Length > MaxFileBytes)
        {
            return false;
        }
        return IsToken(authorization[Scheme.Length..].Trim());
    }

    /// <summary>True when <paramref name="value"/> is the token itself (constant time over digests).</summary>
    public bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxFileBytes)
        {
            return false;
        }
        var given = SHA256.HashData(Encoding.ASCII.GetBytes(value));
        return CryptographicOperations.FixedTimeEquals(given, _token);
    }

    /// <summary>
    /// True when <paramref name="request"/> carries the token: in its Authorization header, or in the live view's
    /// session cookie (<see cref="AdminSafety.SessionCookie"/>), which a browser cannot replace with a header.
    /// </summary>
    public bool IsAuthorized(HttpRequest request) =>
        (request.Headers.Authorization.Count == 1 && Accepts(request.Headers.Authorization[0]))
        || IsToken(request.Cookies[AdminSafety.SessionCookie]);
}
