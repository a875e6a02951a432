namespace Clusterd.Rpc.Security;

/// <summary>What an established context can protect, from the flags the exchange negotiated (MS-NLMP 2.2.2.5).</summary>
internal interface ISecurityCapabilities
{
    /// <summary>True when NTLMSSP_NEGOTIATE_SEAL was negotiated, so level 6 (privacy) is possible.</summary>
    bool CanSeal { get; }
}
