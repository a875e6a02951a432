namespace Clusterd.Rpc.Security;

/// <summary>An account's NTLM secret: user, domain and NT hash (NTOWFv1, MS-NLMP 3.3.1). Used by the initiator.</summary>
public sealed class NtlmCredential
{
    private readonly byte[] _ntHash;

    private NtlmCredential(string userName, string domainName, byte[] ntHash)
    {
        UserName = userName;
        DomainName = domainName;
        _ntHash = ntHash;
    }

    /// <summary>The user name as sent in the AUTHENTICATE message.</summary>
    public string UserName { get; }

    /// <summary>The domain as sent in the AUTHENTICATE message and used in NTOWFv2 (not upper-cased).</summary>
    public string DomainName { get; }

    /// <summary>True for the anonymous credential (empty user, no responses).</summary>
    public bool IsAnonymous => UserName.Length == 0 && _ntHash.Length == 0;

    /// <summary>The anonymous credential (MS-NLMP 3.1.5.1.2: empty user name and responses).</summary>
    public static NtlmCredential Anonymous { get; } = new(string.Empty, string.Empty, []);

    internal ReadOnlySpan<byte> NtHash => _ntHash;

    /// <summary>Builds a credential from a clear-text password.</summary>
    public static NtlmCredential FromPassword(string userName, string domainName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(domainName);
        ArgumentNullException.ThrowIfNull(password);
        return new NtlmCredential(userName, domainName, NtlmCrypto.NtOwfV1(password));
    }

    /// <summary>Builds a credential from a 16-byte NT hash.</summary>
    public static NtlmCredential FromNtHash(string userName, string domainName, ReadOnlySpan<byte> ntHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(domainName);
        if (ntHash.Length != NtlmCrypto.KeySize)
        {
            throw new ArgumentException("An NT hash is 16 bytes.", nameof(ntHash));
        }

        return new NtlmCredential(userName, domainName, ntHash.ToArray());
    }
}
