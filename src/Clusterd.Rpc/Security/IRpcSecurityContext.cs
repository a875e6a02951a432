namespace Clusterd.Rpc.Security;

/// <summary>auth_type of the sec_trailer (MS-RPCE 2.2.1.1.7).</summary>
public enum RpcAuthType : byte
{
    /// <summary>RPC_C_AUTHN_NONE.</summary>
    None = 0,
    /// <summary>RPC_C_AUTHN_GSS_NEGOTIATE (SPNEGO).</summary>
    Spnego = 9,
    /// <summary>RPC_C_AUTHN_WINNT (raw NTLMSSP).</summary>
    Ntlmssp = 10,
    /// <summary>RPC_C_AUTHN_GSS_KERBEROS.</summary>
    Kerberos = 16,
    /// <summary>RPC_C_AUTHN_NETLOGON (schannel).</summary>
    Netlogon = 68,
    /// <summary>RPC_C_AUTHN_DEFAULT (means NTLMSSP).</summary>
    Default = 0xFF,
}

/// <summary>auth_level of the sec_trailer (MS-RPCE 2.2.1.1.8).</summary>
public enum RpcAuthLevel : byte
{
    /// <summary>RPC_C_AUTHN_LEVEL_DEFAULT.</summary>
    Default = 0,
    /// <summary>RPC_C_AUTHN_LEVEL_NONE.</summary>
    None = 1,
    /// <summary>RPC_C_AUTHN_LEVEL_CONNECT.</summary>
    Connect = 2,
    /// <summary>RPC_C_AUTHN_LEVEL_CALL.</summary>
    Call = 3,
    /// <summary>RPC_C_AUTHN_LEVEL_PKT.</summary>
    Packet = 4,
    /// <summary>RPC_C_AUTHN_LEVEL_PKT_INTEGRITY.</summary>
    Integrity = 5,
    /// <summary>RPC_C_AUTHN_LEVEL_PKT_PRIVACY.</summary>
    Privacy = 6,
}

/// <summary>Outcome of one token exchange step.</summary>
public enum SecurityStepResult
{
    /// <summary>The exchange goes on: send the output token and expect another.</summary>
    ContinueNeeded,
    /// <summary>The exchange is complete; an output token may still have to be sent.</summary>
    Complete,
    /// <summary>The peer's token was malformed (bind_nak / fault, depending on the PDU).</summary>
    InvalidToken,
    /// <summary>The credentials were wrong or the account is not allowed (access denied).</summary>
    LogonFailure,
}

/// <summary>
/// One side of one security context (acceptor on the server, initiator on the client) for one auth_type.
/// The DCE/RPC layer owns framing; this owns tokens, keys, sequence numbers and the per-PDU protection
/// exactly as MS-NLMP 3.4.4 and MS-RPCE 3.3.1.5.2.2 describe (one signature per fragment, sequence numbers per direction).
/// Not thread-safe: one connection drives it.
/// </summary>
public interface IRpcSecurityContext
{
    /// <summary>The auth_type this context speaks.</summary>
    RpcAuthType AuthType { get; }

    /// <summary>True once the token exchange has completed successfully.</summary>
    bool IsComplete { get; }

    /// <summary>The authenticated account ("DOMAIN\user", or "" for anonymous), once complete.</summary>
    string? UserName { get; }

    /// <summary>Length in bytes of the auth_value that <see cref="Sign"/> and <see cref="Seal"/> write (16 for NTLM).</summary>
    int SignatureLength { get; }

    /// <summary>
    /// Feeds the peer's token (empty for the initiator's first call) and returns the token to send back
    /// (may be empty).
    /// </summary>
    SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output);

    /// <summary>Level 4/5: writes the signature of <paramref name="message"/> (the whole PDU up to and including the sec_trailer).</summary>
    void Sign(ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Level 4/5: checks a received signature; false on mismatch or wrong sequence number.</summary>
    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>
    /// Level 6: encrypts <paramref name="sealedRegion"/> (stub + pad) in place, where <paramref name="sealedRegion"/> is a
    /// slice of <paramref name="message"/>; the signature covers the whole message with the plaintext region.
    /// </summary>
    void Seal(Span<byte> message, Range sealedRegion, Span<byte> signature);

    /// <summary>Level 6: decrypts the region in place and verifies the signature; false on failure.</summary>
    bool Unseal(Span<byte> message, Range sealedRegion, ReadOnlySpan<byte> signature);
}
