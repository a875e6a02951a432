using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Clusterd.ClusApi.Security;

/// <summary>
/// A security identifier (MS-DTYP 2.4.2): an identifier authority and up to 15 sub-authorities. Compared by value;
/// <see cref="ToString"/> is the S-1-… form of MS-DTYP 2.4.2.1.
/// </summary>
public sealed class Sid : IEquatable<Sid>
{
    /// <summary>The most sub-authorities a SID may have (MS-DTYP 2.4.2.2: SubAuthorityCount ≤ 15).</summary>
    public const int MaxSubAuthorities = 15;

    private readonly uint[] _subAuthorities;
    private readonly string _text;

    /// <summary>Creates a SID of revision 1.</summary>
    /// <param name="authority">The 48-bit identifier authority.</param>
    /// <param name="subAuthorities">At most <see cref="MaxSubAuthorities"/> sub-authorities.</param>
    public Sid(ulong authority, params uint[] subAuthorities)
    {
        ArgumentNullException.ThrowIfNull(subAuthorities);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subAuthorities.Length, MaxSubAuthorities);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(authority, 0xFFFF_FFFF_FFFFUL);
        Authority = authority;
        _subAuthorities = (uint[])subAuthorities.Clone();
        var sb = new StringBuilder("S-1-").Append(authority.ToString(CultureInfo.InvariantCulture));
        foreach (var s in _subAuthorities)
        {
            sb.Append('-').Append(s.ToString(CultureInfo.InvariantCulture));
        }
        _text = sb.ToString();
    }

    /// <summary>S-1-1-0, Everyone (MS-DTYP 2.4.2.4).</summary>
    public static Sid Everyone { get; } = new(1, 0);

    /// <summary>S-1-5-7, ANONYMOUS LOGON: a caller admitted without authentication (--allow-insecure).</summary>
    public static Sid AnonymousLogon { get; } = new(5, 7);

    /// <summary>S-1-5-11, Authenticated Users: every caller that authenticated.</summary>
    public static Sid AuthenticatedUsers { get; } = new(5, 11);

    /// <summary>S-1-5-18, NT AUTHORITY\SYSTEM.</summary>
    public static Sid LocalSystem { get; } = new(5, 18);

    /// <summary>S-1-5-32-544, BUILTIN\Administrators.</summary>
    public static Sid Administrators { get; } = new(5, 32, 544);

    /// <summary>The identifier authority.</summary>
    public ulong Authority { get; }

    /// <summary>The sub-authorities.</summary>
    public IReadOnlyList<uint> SubAuthorities => _subAuthorities;

    /// <summary>The encoded length: 8 + 4 per sub-authority.</summary>
    public int Length => 8 + (4 * _subAuthorities.Length);

    /// <summary>
    /// The SID of a clusterd account name (docs/authorization.md, "Accounts and SIDs"): S-1-5-21-A-B-C-R, where A, B, C
    /// are the first three little-endian DWORDs of SHA-256 over the upper-cased name in UTF-16LE and R is the fourth
    /// with its top bit cleared, raised to at least 1000 (the first RID of an ordinary account). The same name gives the
    /// same SID on every node and every client, so a client can name an account in a descriptor without a lookup service.
    /// </summary>
    public static Sid ForAccount(string accountName)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        var hash = SHA256.HashData(Encoding.Unicode.GetBytes(accountName.ToUpperInvariant()));
        var rid = BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(12)) & 0x7FFF_FFFF;
        return new Sid(5, 21, BinaryPrimitives.ReadUInt32LittleEndian(hash), BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(4)),
            BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(8)), Math.Max(rid, 1000u));
    }

    /// <summary>The name of a well-known SID this project knows, or null.</summary>
    public string? WellKnownName =>
        Equals(Everyone) ? "Everyone"
        : Equals(AnonymousLogon) ? @"NT AUTHORITY\ANONYMOUS LOGON"
        : Equals(AuthenticatedUsers) ? @"NT AUTHORITY\Authenticated Users"
        : Equals(LocalSystem) ? @"NT AUTHORITY\SYSTEM"
        : Equals(Administrators) ? @"BUILTIN\Administrators"
        : null;

    /// <summary>
    /// The SID a user-given name stands for (docs/authorization.md): a SID string, a well-known name (with or without
    /// its authority, e.g. "Everyone", "BUILTIN\Administrators", "Administrators"), or else the account of that name
    /// (<see cref="ForAccount"/>).
    /// </summary>
    public static Sid Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParseString(name) is { } sid)
        {
            return sid;
        }
        foreach (var w in (Sid[])[Everyone, AnonymousLogon, AuthenticatedUsers, LocalSystem, Administrators])
        {
            var known = w.WellKnownName!;
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(known[(known.IndexOf('\\', StringComparison.Ordinal) + 1)..], name, StringComparison.OrdinalIgnoreCase))
            {
                return w;
            }
        }
        return ForAccount(name);
    }

    /// <summary>Parses the S-1-… string form; null when it is not one.</summary>
    public static Sid? TryParseString(string? text)
    {
        if (text is null || !text.StartsWith("S-1-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = text[4..].Split('-');
        if (parts.Length < 1 || parts.Length > MaxSubAuthorities + 1
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var authority) || authority > 0xFFFF_FFFF_FFFFUL)
        {
            return null;
        }
        var subs = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out subs[i - 1]))
            {
                return null;
            }
        }
        return new Sid(authority, subs);
    }

    /// <summary>
    /// Reads a SID (MS-DTYP 2.4.2.2) at the start of <paramref name="buffer"/>: revision 1, at most 15 sub-authorities,
    /// and every byte inside the buffer; otherwise null.
    /// </summary>
    public static Sid? TryRead(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 8 || buffer[0] != 1 || buffer[1] > MaxSubAuthorities || buffer.Length < 8 + (4 * buffer[1]))
        {
            return null;
        }
        ulong authority = 0;
        for (var i = 2; i < 8; i++)
        {
            authority = (authority << 8) | buffer[i]; // IdentifierAuthority is big-endian (MS-DTYP 2.4.1)
        }
        var subs = new uint[buffer[1]];
        for (var i = 0; i < subs.Length; i++)
        {
            subs[i] = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(8 + (4 * i))..]);
        }
        return new Sid(authority, subs);
    }

    /// <summary>Writes the SID (MS-DTYP 2.4.2.2) at the start of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = 1;
        destination[1] = (byte)_subAuthorities.Length;
        for (var i = 0; i < 6; i++)
        {
            destination[2 + i] = (byte)(Authority >> (8 * (5 - i)));
        }
        for (var i = 0; i < _subAuthorities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(8 + (4 * i))..], _subAuthorities[i]);
        }
    }

    /// <inheritdoc/>
    public bool Equals(Sid? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Sid);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>The S-1-… form.</summary>
    public override string ToString() => _text;
}
