using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Security;

namespace Clusterd.Client;

/// <summary>
/// One entry of the cluster security descriptor's DACL, as Get-ClusterAccess prints it (Cluster, IdentityReference,
/// AccessControlType, ClusterRights).
/// </summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="IdentityReference">The account's name, or its SID (S-1-…) when the client cannot name it.</param>
/// <param name="AccessControlType">Allow or Deny.</param>
/// <param name="ClusterRights">Full ("All"), Read, or the mask in hex for anything else.</param>
/// <param name="Sid">The SID the entry names.</param>
public sealed record ClusterAccessEntry(string Cluster, string IdentityReference, string AccessControlType, string ClusterRights, string Sid);

public sealed partial class ClusterClient
{
    /// <summary>
    /// The cluster security descriptor's entries (Get-ClusterAccess): the cluster common property "Security Descriptor"
    /// (CLUSREG_NAME_CLUS_SD) read with CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES, so it works against Windows as well.
    /// </summary>
    public Task<IReadOnlyList<ClusterAccessEntry>> GetClusterAccessAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Get-ClusterAccess", async (s, ct) =>
        {
            var descriptor = await ReadSecurityAsync(s, ct).ConfigureAwait(false);
            var name = await s.CallAsync(new GetClusterNameRequest(), ct).ConfigureAwait(false);
            Check(name.Result, "ApiGetClusterName");
            var names = await ReadAccountNamesAsync(s, ct).ConfigureAwait(false);
            return (IReadOnlyList<ClusterAccessEntry>)[.. descriptor.Dacl.Where(a => (a.Flags & ClusterAce.InheritOnly) == 0).Select(a => new ClusterAccessEntry(
                name.ClusterName ?? "", NameOf(a.Sid, names), a.Type == ClusterAceType.Allow ? "Allow" : "Deny", RightsOf(a.Mask), a.Sid.ToString()))];
        }, cancellationToken);

    /// <summary>
    /// Grants an account "Read" (<paramref name="readOnly"/>, Grant-ClusterAccess -ReadOnly) or "All" (-Full): its
    /// entries are replaced by one allow entry (a block is lifted). The server refuses an unknown account
    /// (ERROR_NONE_MAPPED) and a change that leaves nobody with "All" (ERROR_LAST_ADMIN).
    /// </summary>
    /// <param name="user">An account name (<c>user</c> or <c>DOMAIN\user</c>, as the server's accounts file has it), a
    /// well-known name (Everyone, BUILTIN\Administrators, ...), or a SID (S-1-…).</param>
    /// <param name="readOnly">Read instead of All.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task GrantClusterAccessAsync(string user, bool readOnly, CancellationToken cancellationToken = default) =>
        ChangeAccessAsync("Grant-ClusterAccess", user, (dacl, sid) =>
            [.. dacl.Where(a => !a.Sid.Equals(sid)), new ClusterAce(ClusterAceType.Allow, readOnly ? ClusterAccessRights.Read : ClusterAccessRights.All, sid)],
            cancellationToken);

    /// <summary>
    /// Blocks an account (Block-ClusterAccess): its entries are replaced by a deny entry for everything, placed first;
    /// deny entries win over allow entries, including those of groups such as Everyone.
    /// </summary>
    public Task BlockClusterAccessAsync(string user, CancellationToken cancellationToken = default) =>
        ChangeAccessAsync("Block-ClusterAccess", user, (dacl, sid) =>
            [new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, sid), .. dacl.Where(a => !a.Sid.Equals(sid))],
            cancellationToken);

    /// <summary>Removes every entry of an account (Remove-ClusterAccess); the account then holds what the other entries give it.</summary>
    public Task RemoveClusterAccessAsync(string user, CancellationToken cancellationToken = default) =>
        ChangeAccessAsync("Remove-ClusterAccess", user, (dacl, sid) => [.. dacl.Where(a => !a.Sid.Equals(sid))], cancellationToken);

    /// <summary>The SID a name stands for: a SID string, a well-known name, or an account's SID (docs/authorization.md).</summary>
    public static string SidOf(string user) => ResolveSid(user).ToString();

    private Task<bool> ChangeAccessAsync(string what, string user, Func<IReadOnlyList<ClusterAce>, Sid, IReadOnlyList<ClusterAce>> change,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var sid = ResolveSid(user);
        return RunAsync(what, async (s, ct) =>
        {
            var descriptor = await ReadSecurityAsync(s, ct).ConfigureAwait(false);
            var dacl = change(descriptor.Dacl, sid);
            if (dacl.Count > ClusterSecurityDescriptor.MaxAces)
            {
                throw new ClusterException(Win32Error.InvalidSecurityDescriptor, $"{what}: the cluster security descriptor would hold more than {ClusterSecurityDescriptor.MaxAces} entries");
            }
            var input = new PropertyListWriter().AddBinary(SecurityDescriptorProperty, descriptor.WithDacl(dacl).Encode()).ToArray();
            var r = await s.CallAsync(new ClusterControlRequest(s.Cluster, ControlCodes.ClusterSetCommonProperties, input, 0), ct).ConfigureAwait(false);
            Check(r.Result, $"{what} '{user}'");
            return true;
        }, cancellationToken, repeatable: true);
    }

    private const string SecurityDescriptorProperty = "Security Descriptor";

    private static async Task<ClusterSecurityDescriptor> ReadSecurityAsync(Session s, CancellationToken ct)
    {
        var bytes = await s.ControlAsync(size => new ClusterControlRequest(s.Cluster, ControlCodes.ClusterGetCommonProperties, ReadOnlyMemory<byte>.Empty, size),
            "cluster security", ct).ConfigureAwait(false);
        var property = Parameters.Read("cluster", bytes).FirstOrDefault(p => string.Equals(p.Name, SecurityDescriptorProperty, StringComparison.OrdinalIgnoreCase));
        if (property?.Value is not byte[] sd || sd.Length == 0)
        {
            throw new ClusterException(Win32Error.InvalidSecurityDescriptor, "the cluster has no security descriptor");
        }
        var e = ClusterSecurityDescriptor.TryParse(sd, out var descriptor);
        return e == Win32Error.Success ? descriptor! : throw new ClusterException(e, "the cluster security descriptor does not parse");
    }

    private static Sid ResolveSid(string user) => Sid.Resolve(user);

    /// <summary>
    /// The names clusterd keeps beside the descriptor (the root value "Security Descriptor Accounts", <c>SID=name</c>
    /// lines; docs/authorization.md): MS-CMRP has no SID lookup. A server without it (Windows) gives none.
    /// </summary>
    private static Task<Dictionary<string, string>> ReadAccountNamesAsync(Session s, CancellationToken ct) => WithRootKeyAsync(s, async root =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var q = await s.CallAsync(new QueryValueRequest(root, AccountNamesValue, 0), ct).ConfigureAwait(false);
        if (q.Result == Win32Error.MoreData && q.DataRequired <= MaxControlBuffer)
        {
            q = await s.CallAsync(new QueryValueRequest(root, AccountNamesValue, q.DataRequired), ct).ConfigureAwait(false);
        }
        if (q.Result != Win32Error.Success || q.ValueType != (uint)RegistryValueType.MultiString)
        {
            return names;
        }
        var text = System.Text.Encoding.Unicode.GetString(q.Data[..(int)Math.Min(q.DataRequired, (uint)q.Data.Length)].Span);
        foreach (var line in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                names.TryAdd(line[..eq], line[(eq + 1)..]);
            }
        }
        return names;
    }, ct);

    private const string AccountNamesValue = "Security Descriptor Accounts";

    private string NameOf(Sid sid, Dictionary<string, string> names)
    {
        if (sid.WellKnownName is { } known)
        {
            return known;
        }
        if (names.TryGetValue(sid.ToString(), out var stored))
        {
            return stored;
        }
        var c = _options.Credential;
        foreach (var candidate in new[] { c.UserName, c.DomainName.Length > 0 ? c.DomainName + "\\" + c.UserName : "" })
        {
            if (candidate.Length > 0 && Sid.ForAccount(candidate).Equals(sid))
            {
                return candidate;
            }
        }
        return sid.ToString();
    }

    private static string RightsOf(uint mask) => ClusterAccessRights.Map(mask) switch
    {
        ClusterAccessRights.All => "Full",
        ClusterAccessRights.Read => "Read",
        _ => "0x" + mask.ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
    };
}
