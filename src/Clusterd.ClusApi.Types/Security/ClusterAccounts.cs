namespace Clusterd.ClusApi.Security;

/// <summary>
/// The accounts a cluster knows (the names of the server's accounts file: <c>user</c> or <c>DOMAIN\user</c>), their
/// SIDs (<see cref="Sid.ForAccount"/>) and whether unauthenticated callers are admitted (--allow-insecure). It maps a
/// caller to the SIDs its access is evaluated with, builds the default cluster security descriptor and validates a new
/// one (docs/authorization.md).
/// </summary>
public sealed class ClusterAccounts
{
    private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Sid, string> _bySid = [];
    private readonly Dictionary<string, Sid> _sidOf = new(StringComparer.OrdinalIgnoreCase);

    // The last stored descriptor evaluated and its parse: callers are evaluated on every call without a handle, and the
    // descriptor changes rarely, so it is parsed once per change (a different encoding replaces it).
    private ParsedDescriptor? _last;

    // With the levels evaluated under it, by caller key (AccountKey): at most one per account, plus the anonymous caller
    // and every other authenticated caller (who all hold the same SIDs), so the cache is bounded by the accounts file.
    private sealed record ParsedDescriptor(byte[] Encoded, ClusterSecurityDescriptor? Descriptor)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, ClusterAccessLevel> Levels { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Creates the directory.</summary>
    /// <param name="accountNames">The account names, as the accounts file has them.</param>
    /// <param name="allowAnonymous">Unauthenticated callers are admitted (they are ANONYMOUS LOGON).</param>
    public ClusterAccounts(IEnumerable<string> accountNames, bool allowAnonymous)
    {
        ArgumentNullException.ThrowIfNull(accountNames);
        foreach (var name in accountNames)
        {
            if (_byName.TryAdd(name, name))
            {
                var sid = Sid.ForAccount(name);
                _bySid[sid] = name;
                _sidOf[name] = sid;
            }
        }
        AllowAnonymous = allowAnonymous;
    }

    /// <summary>No accounts, unauthenticated callers admitted: the directory of an embedded engine without an accounts file.</summary>
    public static ClusterAccounts None { get; } = new([], allowAnonymous: true);

    /// <summary>Unauthenticated callers are admitted.</summary>
    public bool AllowAnonymous { get; }

    /// <summary>The account names, ordered.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Values.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The account a caller authenticated as, or null: <c>DOMAIN\user</c> first, then <c>user</c> of any domain (as NTLM matched it).</summary>
    public string? AccountOf(string? userName)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return null;
        }
        if (_byName.TryGetValue(userName, out var name))
        {
            return name;
        }
        var slash = userName.IndexOf('\\', StringComparison.Ordinal);
        return slash >= 0 && _byName.TryGetValue(userName[(slash + 1)..], out name) ? name : null;
    }

    /// <summary>
    /// The SIDs a caller's access is evaluated with: its account's SID (if the name is an account), Everyone, and
    /// Authenticated Users, or for an unauthenticated caller (empty name) Everyone and ANONYMOUS LOGON.
    /// </summary>
    public IReadOnlyCollection<Sid> SidsOf(string? userName)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return [Sid.Everyone, Sid.AnonymousLogon];
        }
        return AccountOf(userName) is { } account ? [_sidOf[account], Sid.Everyone, Sid.AuthenticatedUsers] : [Sid.Everyone, Sid.AuthenticatedUsers];
    }

    /// <summary>The name of a SID: an account's name, a well-known name, or null.</summary>
    public string? NameOf(Sid sid) => _bySid.TryGetValue(sid, out var name) ? name : sid.WellKnownName;

    /// <summary>
    /// The initial descriptor (MS-CMRP 3.1.1.3 leaves it to the implementation): owner BUILTIN\Administrators, group
    /// SYSTEM, and a DACL granting "All" to every account, and to ANONYMOUS LOGON when unauthenticated callers are
    /// admitted: everyone the RPC layer admits holds "All", as before the descriptor existed.
    /// </summary>
    public ClusterSecurityDescriptor DefaultDescriptor()
    {
        var aces = Names.Select(n => new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.ForAccount(n))).ToList();
        if (AllowAnonymous)
        {
            aces.Add(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.AnonymousLogon));
        }
        return new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem, aces);
    }

    /// <summary><c>SID=name</c> for every account <paramref name="descriptor"/> names, in DACL order, once each.</summary>
    public IReadOnlyList<string> AccountNamesOf(ClusterSecurityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return [.. descriptor.Dacl.Select(a => a.Sid).Distinct().Where(_bySid.ContainsKey).Select(s => s + "=" + _bySid[s])];
    }

    /// <summary>
    /// The level of a caller under the descriptor stored as <paramref name="stored"/>; a stored descriptor that does not
    /// parse grants nothing. The parse of the last descriptor seen is kept (see <see cref="ParsedDescriptor"/>).
    /// </summary>
    public ClusterAccessLevel LevelOf(ReadOnlySpan<byte> stored, string? userName)
    {
        var last = Volatile.Read(ref _last);
        if (last is null || !stored.SequenceEqual(last.Encoded))
        {
            last = new ParsedDescriptor(stored.ToArray(),
                ClusterSecurityDescriptor.TryParse(stored, out var parsed) == Win32Error.Success ? parsed : null);
            Volatile.Write(ref _last, last);
        }
        // SidsOf depends only on the account the caller is (or on its being anonymous, or neither).
        var key = string.IsNullOrEmpty(userName) ? "" : AccountOf(userName) ?? "\0other";
        if (!last.Levels.TryGetValue(key, out var level))
        {
            level = last.Descriptor is { } descriptor ? descriptor.Evaluate(SidsOf(userName)) : ClusterAccessLevel.None;
            last.Levels.TryAdd(key, level);
        }
        return level;
    }

    /// <summary>The level of a caller under <paramref name="descriptor"/>.</summary>
    public ClusterAccessLevel LevelOf(ClusterSecurityDescriptor descriptor, string? userName)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return descriptor.Evaluate(SidsOf(userName));
    }

    /// <summary>
    /// Validates a new cluster descriptor: it parses (ERROR_INVALID_SECURITY_DESCR), every ACE names an account or a
    /// well-known SID (ERROR_NONE_MAPPED), and some account (or, when admitted, the unauthenticated caller) still holds
    /// "All" (ERROR_LAST_ADMIN), so nobody can lock the cluster.
    /// </summary>
    public Win32Error Validate(ReadOnlySpan<byte> encoded, out ClusterSecurityDescriptor? descriptor)
    {
        var e = ClusterSecurityDescriptor.TryParse(encoded, out descriptor);
        if (e != Win32Error.Success)
        {
            return e;
        }
        if (descriptor!.Dacl.Any(a => NameOf(a.Sid) is null))
        {
            return Win32Error.NoneMapped;
        }
        var d = descriptor;
        var someAdmin = _byName.Values.Any(n => LevelOf(d, n) == ClusterAccessLevel.All)
            || (AllowAnonymous && LevelOf(d, null) == ClusterAccessLevel.All);
        return someAdmin ? Win32Error.Success : Win32Error.LastAdmin;
    }
}
