using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>Configuration of the NTLM (and SPNEGO-wrapped NTLM) acceptor.</summary>
public sealed class NtlmAcceptorOptions
{
    /// <summary>The accounts that may log on.</summary>
    public NtlmAccountStore Accounts { get; init; } = NtlmAccountStore.Empty;

    /// <summary>MsvAvNbComputerName and, for a standalone server, the CHALLENGE TargetName.</summary>
    public string NetBiosComputerName { get; init; } = "CLUSTERD";

    /// <summary>MsvAvNbDomainName (workgroup or NetBIOS domain). Also the domain reported when a client sends none.</summary>
    public string NetBiosDomainName { get; init; } = "WORKGROUP";

    /// <summary>MsvAvDnsComputerName; omitted when null.</summary>
    public string? DnsComputerName { get; init; }

    /// <summary>MsvAvDnsDomainName; omitted when null.</summary>
    public string? DnsDomainName { get; init; }

    /// <summary>
    /// Send MsvAvTimestamp in the CHALLENGE (default true). Clients then send a MIC and an SPNEGO mechListMIC
    /// (MS-NLMP 3.1.5.1.2), which protects the negotiation; turn off only for known-answer tests.
    /// </summary>
    public bool IncludeTimestamp { get; init; } = true;

    /// <summary>Accept true anonymous logons (empty user, empty responses; MS-NLMP 3.2.5.1.2). Off by default: LogonFailure.</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>How long a CHALLENGE stays valid (Samba: 30 minutes).</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The Version sent in the CHALLENGE.</summary>
    public NtlmVersion Version { get; init; } = NtlmVersion.Default;

    /// <summary>Source of server challenges.</summary>
    public RandomSource Random { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>Clock for MsvAvTimestamp and the challenge lifetime.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
