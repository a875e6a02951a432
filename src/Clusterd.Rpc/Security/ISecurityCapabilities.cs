namespace Clusterd.Rpc.Security;

/// <summary>What an established context can protect, from the flags the exchange negotiated (MS-NLMP 2.2.2.5).</summary>
internal interface ISecurityCapabilities
{
    /// <summary>True when NTLMSSP_NEGOTIATE_SEAL was negotiated, so level 6 (privacy) is possible.</summary>
    bool CanSeal { get; }

    /// <summary>
    /// True when sending and receiving use separate keys and sequence numbers (NTLM extended session security), so
    /// responses may be protected in another order than requests were verified (concurrent calls, PFC_CONC_MPX). The
    /// NTLMv1-style session security shares one RC4 state between both directions: its order is the exchange order.
    /// </summary>
    bool IndependentDirections { get; }
}
