namespace Clusterd.Rpc.Security;

/// <summary>Creates the security context for a sec_trailer auth_type (MS-RPCE 2.2.1.1.7).</summary>
public static class RpcSecurityProviders
{
    /// <summary>
    /// Server side: NTLMSSP for <see cref="RpcAuthType.Ntlmssp"/> and <see cref="RpcAuthType.Default"/>, SPNEGO (wrapping
    /// NTLMSSP) for <see cref="RpcAuthType.Spnego"/>. Any other type gives null: unsupported, bind_nak reason 8.
    /// </summary>
    public static IRpcSecurityContext? CreateAcceptor(RpcAuthType authType, NtlmAcceptorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return authType switch
        {
            RpcAuthType.Ntlmssp or RpcAuthType.Default => new NtlmAcceptor(authType, options),
            RpcAuthType.Spnego => new SpnegoAcceptor(options),
            _ => null,
        };
    }

    /// <summary>
    /// Client side, same mapping as <see cref="CreateAcceptor"/>. Drive it with <c>Step([])</c> first; with NTLMSSP the
    /// exchange completes with a token to send in an auth3, with SPNEGO it needs an alter_context and its reply.
    /// </summary>
    public static IRpcSecurityContext? CreateInitiator(RpcAuthType authType, NtlmCredential credential, NtlmInitiatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new NtlmInitiatorOptions();
        return authType switch
        {
            RpcAuthType.Ntlmssp or RpcAuthType.Default => new NtlmInitiator(authType, credential, options),
            RpcAuthType.Spnego => new SpnegoInitiator(credential, options),
            _ => null,
        };
    }
}
