using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>Configuration of the NTLM (and SPNEGO-wrapped NTLM) initiator.</summary>
public sealed class NtlmInitiatorOptions
{
    /// <summary>Workstation name sent in the AUTHENTICATE message.</summary>
    public string Workstation { get; init; } = string.Empty;

    /// <summary>Service principal name for MsvAvTargetName (e.g. "MSServerClusterMgmtAPI/node1"); omitted when null.</summary>
    public string? TargetName { get; init; }

    /// <summary>Request confidentiality (NTLMSSP_NEGOTIATE_SEAL); needed for auth level 6. Default true.</summary>
    public bool RequestSeal { get; init; } = true;

    /// <summary>The Version sent in NEGOTIATE and AUTHENTICATE.</summary>
    public NtlmVersion Version { get; init; } = NtlmVersion.Default;

    /// <summary>Source of client challenges and random session keys.</summary>
    public RandomSource Random { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>Clock for the NTLMv2 blob timestamp when the server sends no MsvAvTimestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
