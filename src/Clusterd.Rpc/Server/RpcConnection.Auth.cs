using System.Buffers.Binary;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Rpc.Server;

/// <summary>
/// Auth contexts of a connection (MS-RPCE 3.3.1.5.2.2; Samba dcesrv_auth.c): every PDU with an auth trailer names one
/// by auth_context_id; PDUs without a trailer use the default context (auth type none, or the connect-level context
/// while no request has named one explicitly). Each context has its own type, level, acceptor and state.
/// </summary>
internal sealed partial class RpcConnection
{
    private readonly AuthContext _defaultAuth = new();
    private readonly List<AuthContext> _authContexts = [];
    private AuthContext? _defaultConnectAuth;
    private bool _gotExplicitConnect;
    private bool _gotExplicitNonConnect;
    private bool _allowAlter;

    /// <summary>
    /// Picks the auth context of a PDU (Samba dcesrv_process_ncacn_packet semantics, recorded against Windows).
    /// A trailer naming an unknown auth_context_id creates a context; on a request it can never become valid.
    /// A known id with another type or level marks the PDU invalid, and the context too when it is a first fragment.
    /// Null when the connection already holds <see cref="RpcServerOptions.MaxAuthContexts"/> contexts, or, before any
    /// of them completed an authentication, <see cref="RpcServerOptions.MaxAuthContextsBeforeAuthentication"/>.
    /// </summary>
    private AuthContext? SelectAuthContext(RpcHeader header, ReadOnlySpan<byte> fragment, out bool authInvalid)
    {
        authInvalid = false;
        bool isRequest = header.Type == PduType.Request;
        if (header.AuthLength == 0)
        {
            return isRequest && _defaultConnectAuth is { } connect ? connect : _defaultAuth;
        }

        int trailer = fragment.Length - header.AuthLength - SecTrailer.Size;
        var t = trailer >= RpcHeader.Size ? SecTrailer.Read(fragment[trailer..]) : default;
        bool checkTypeLevel = !isRequest || (header.Flags & PfcFlags.FirstFrag) != 0;
        if (isRequest)
        {
            // An explicit trailer ends the implicit use of a connect-level context for requests without one.
            _defaultConnectAuth = null;
            if (t.AuthLevel == RpcAuthLevel.Connect)
            {
                _gotExplicitConnect = true;
            }
            else if (t.AuthLevel >= RpcAuthLevel.Packet)
            {
                _gotExplicitNonConnect = true;
            }
        }

        for (int i = 0; i < _authContexts.Count; i++)
        {
            var a = _authContexts[i];
            if (a.ContextId != t.ContextId)
            {
                continue;
            }

            authInvalid = a.Type != t.AuthType || a.Level != t.AuthLevel;
            if (checkTypeLevel && authInvalid)
            {
                a.Invalid = true;
            }

            return a;
        }

        int cap = _authenticated ? Options.MaxAuthContexts : Math.Min(Options.MaxAuthContexts, Options.MaxAuthContextsBeforeAuthentication);
        if (_authContexts.Count >= cap)
        {
            return null;
        }

        var created = new AuthContext();
        _authContexts.Add(created);
        if (isRequest)
        {
            authInvalid = true;
            created.Invalid = true;
        }

        return created;
    }

    /// <summary>
    /// bind/alter/auth3 ignore auth_pad_length, but it may not exceed the body after the 24-byte request-sized prefix
    /// (Windows: bind_nak 4, alter fault nca_s_proto_error, auth3 fault nca_s_fault_remote_no_memory; raw_protocol
    /// test_*_auth_pad_*). An auth3 has only 4 body bytes, so its pad must be 0.
    /// </summary>
    internal static bool AuthPadFits(int fragmentLength, ushort authLength, byte padLength) =>
        padLength <= Math.Max(0, fragmentLength - authLength - SecTrailer.Size - RequestPdu.HeaderLength);

    /// <summary>
    /// Starts an auth context from the first token's trailer (Samba dcesrv_auth_prepare_gensec). Returns the bind_nak
    /// reason on failure: an invalid level gives 0, an unsupported auth type 8, a level the provider cannot run
    /// (RPC_C_AUTHN_LEVEL_CALL is not a connection-oriented level) 9.
    /// </summary>
    private BindNakReason? PrepareAuth(AuthContext a, SecTrailer trailer)
    {
        if (a.Started)
        {
            return BindNakReason.NotSpecified;
        }

        a.Started = true;
        if (a.Invalid || a.Finished)
        {
            return BindNakReason.NotSpecified;
        }

        // Samba (dcesrv_auth_prepare_gensec): the level is checked first (reason 0), auth_type only for a valid level.
        if (trailer.AuthLevel is not (RpcAuthLevel.Connect or RpcAuthLevel.Call or RpcAuthLevel.Packet or RpcAuthLevel.Integrity or RpcAuthLevel.Privacy))
        {
            return BindNakReason.NotSpecified;
        }

        a.Type = trailer.AuthType;
        a.Level = trailer.AuthLevel;
        a.ContextId = trailer.ContextId;
        var type = trailer.AuthType == RpcAuthType.Default ? RpcAuthType.Ntlmssp : trailer.AuthType;
        var security = type == RpcAuthType.None ? null : Options.AcceptorFactory?.Invoke(type);
        if (security is null)
        {
            Options.Metrics.AuthFailed(trailer.AuthType, "auth_type_not_supported");
            a.Type = RpcAuthType.None;
            a.Level = RpcAuthLevel.None;
            return BindNakReason.AuthenticationTypeNotRecognized;
        }

        if (trailer.AuthLevel == RpcAuthLevel.Call)
        {
            (security as IDisposable)?.Dispose();
            a.Type = RpcAuthType.None;
            a.Level = RpcAuthLevel.None;
            return BindNakReason.InvalidChecksum;
        }

        a.Security = security;
        return null;
    }

    /// <summary>
    /// Runs one token leg. A completed exchange must be able to protect at the context's level: privacy needs a
    /// negotiated seal (Windows faults the final alter leg with RPC_S_SEC_PKG_ERROR, raw_protocol test_spnego_privacy_bind_*).
    /// </summary>
    private SecurityStepResult Step(AuthContext a, ReadOnlySpan<byte> input, out byte[] output)
    {
        SecurityStepResult result;
        try
        {
            result = a.Security!.Step(input, out output);
        }
#pragma warning disable CA1031 // a token parser bug is an invalid token, never a crashed connection task
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ProviderThrew(Logger, ex, _peer);
            output = [];
            Options.Metrics.AuthFailed(a.Type, "invalid_token");
            return SecurityStepResult.InvalidToken;
        }

        if (result == SecurityStepResult.LogonFailure)
        {
            _server.AuthFailures.Failed((a.Security as IClaimedIdentity)?.ClaimedUserName ?? "?", _source.ToString(), a.Type.ToString());
        }

        if (result == SecurityStepResult.Complete && a.Level == RpcAuthLevel.Privacy
            && a.Security is ISecurityCapabilities { CanSeal: false })
        {
            // Not a logon failure: the package cannot give this level (an RPC_S_SEC_PKG_ERROR, not access denied).
            Options.Metrics.AuthFailed(a.Type, "seal_unavailable");
            return SecurityStepResult.InvalidToken;
        }

        if (result is SecurityStepResult.LogonFailure or SecurityStepResult.InvalidToken)
        {
            Options.Metrics.AuthFailed(a.Type, result == SecurityStepResult.LogonFailure ? "logon_failure" : "invalid_token");
        }

        return result;
    }

    /// <summary>
    /// Marks a context complete; a connect-level one then serves requests without a trailer (Samba). The peer has now
    /// proved an identity: the connection leaves its handshake deadline and its pre-authentication auth context limit.
    /// </summary>
    private void Finish(AuthContext a)
    {
        a.Finished = true;
        _authenticated |= a.Security is not null;
        if (a.Level == RpcAuthLevel.Connect && !_gotExplicitConnect)
        {
            _defaultConnectAuth = a;
        }
    }

    /// <summary>After a bind with auth, the default context (no trailer) is auth type none, complete (Samba).</summary>
    private void FinishDefaultAtBind(AuthContext bindAuth)
    {
        if (bindAuth != _defaultAuth && !_defaultAuth.Started && !_defaultAuth.Invalid)
        {
            _defaultAuth.Started = true;
            _defaultAuth.Finished = true;
        }
    }

    /// <summary>Reads the sec_trailer of a bind/alter/auth3 fragment (the PDU parser validated its position).</summary>
    private static SecTrailer TrailerOf(ReadOnlySpan<byte> fragment, ushort authLength) =>
        SecTrailer.Read(fragment[(fragment.Length - authLength - SecTrailer.Size)..]);

    private static ushort AuthLengthOf(ReadOnlySpan<byte> fragment) => BinaryPrimitives.ReadUInt16LittleEndian(fragment[10..]);

    /// <summary>One auth context (Samba struct dcesrv_auth): type, level, id, acceptor, and where its exchange stands.</summary>
    private sealed class AuthContext
    {
        public RpcAuthType Type { get; set; }

        public RpcAuthLevel Level { get; set; }

        public uint ContextId { get; set; }

        public IRpcSecurityContext? Security { get; set; }

        public bool Started { get; set; }

        public bool Finished { get; set; }

        public bool Invalid { get; set; }

        public bool Matches(SecTrailer t) => t.AuthType == Type && t.AuthLevel == Level && t.ContextId == ContextId;
    }
}
