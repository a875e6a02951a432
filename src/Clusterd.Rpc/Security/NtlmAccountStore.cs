using System.Globalization;

namespace Clusterd.Rpc.Security;

/// <summary>
/// The accounts the NTLM acceptor knows: lines of <c>user:password</c> or <c>user:NT-hash</c> (32 hex digits), where
/// user is <c>name</c> (any domain) or <c>DOMAIN\name</c> (that domain only). User and domain names compare
/// case-insensitively. Blank lines and lines starting with <c>#</c> are ignored. A password of exactly 32 hex digits
/// is read as an NT hash.
/// </summary>
public sealed class NtlmAccountStore
{
    private readonly Dictionary<string, byte[]> _anyDomain;
    private readonly Dictionary<(string Domain, string User), byte[]> _byDomain;

    private NtlmAccountStore(Dictionary<string, byte[]> anyDomain, Dictionary<(string, string), byte[]> byDomain)
    {
        _anyDomain = anyDomain;
        _byDomain = byDomain;
    }

    /// <summary>An empty store: every logon fails.</summary>
    public static NtlmAccountStore Empty { get; } = FromLines([]);

    /// <summary>Number of accounts.</summary>
    public int Count => _anyDomain.Count + _byDomain.Count;

    /// <summary>The account names as the file has them: <c>user</c> (any domain) or <c>DOMAIN\user</c>.</summary>
    public IEnumerable<string> AccountNames => _anyDomain.Keys.Concat(_byDomain.Keys.Select(k => k.Domain + "\\" + k.User));

    /// <summary>Reads an account file.</summary>
    /// <exception cref="FormatException">Some lines are malformed; the message lists each one with its line number.</exception>
    public static NtlmAccountStore Load(string path) => FromLines(File.ReadLines(path), path);

    /// <summary>Parses account lines.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="sourceName">Name used in error messages (a file path, say).</param>
    /// <exception cref="FormatException">Some lines are malformed; the message lists each one with its line number.</exception>
    public static NtlmAccountStore FromLines(IEnumerable<string> lines, string sourceName = "accounts")
    {
        ArgumentNullException.ThrowIfNull(lines);
        var anyDomain = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var byDomain = new Dictionary<(string, string), byte[]>(DomainUserComparer.Instance);
        var errors = new List<string>();
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string? error = ParseLine(line, out string domain, out string user, out byte[] hash);
            if (error is null)
            {
                bool added = domain.Length == 0 ? anyDomain.TryAdd(user, hash) : byDomain.TryAdd((domain, user), hash);
                error = added ? null : "duplicate account";
            }

            if (error is not null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{sourceName} line {lineNumber}: {error}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new FormatException(string.Join(Environment.NewLine, errors));
        }

        return new NtlmAccountStore(anyDomain, byDomain);
    }

    /// <summary>Finds the NT hash for a user: an entry for that domain first, then a domain-less entry.</summary>
    internal bool TryGetNtHash(string domainName, string userName, out byte[] ntHash)
    {
        if ((domainName.Length > 0 && _byDomain.TryGetValue((domainName, userName), out var hash))
            || _anyDomain.TryGetValue(userName, out hash))
        {
            ntHash = hash;
            return true;
        }

        ntHash = [];
        return false;
    }

    private static string? ParseLine(string line, out string domain, out string user, out byte[] hash)
    {
        domain = user = string.Empty;
        hash = [];
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return "expected user:password or user:NT-hash";
        }

        string account = line[..colon];
        string secret = line[(colon + 1)..];
        int slash = account.IndexOf('\\', StringComparison.Ordinal);
        if (slash >= 0)
        {
            domain = account[..slash];
            account = account[(slash + 1)..];
            if (domain.Length == 0 || account.Contains('\\', StringComparison.Ordinal))
            {
                return "expected DOMAIN\\user";
            }
        }

        if (account.Length == 0)
        {
            return "empty user name";
        }

        user = account;
        hash = secret.Length == 32 && IsHex(secret) ? Convert.FromHexString(secret) : NtlmCrypto.NtOwfV1(secret);
        return null;
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class DomainUserComparer : IEqualityComparer<(string Domain, string User)>
    {
        public static readonly DomainUserComparer Instance = new();

        public bool Equals((string Domain, string User) x, (string Domain, string User) y) =>
            string.Equals(x.Domain, y.Domain, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.User, y.User, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Domain, string User) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Domain), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.User));
    }
}
