using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>
/// Server side of raw NTLMSSP (auth_type 10 / 0xFF): NEGOTIATE -> CHALLENGE, then AUTHENTICATE verified as NTLMv2
/// (MS-NLMP 3.2.5). NTLMv1 responses are refused; anonymous only when allowed.
/// </summary>
internal sealed class NtlmAcceptor : IRpcSecurityContext, ISecurityCapabilities, IClaimedIdentity
{
    private readonly NtlmAcceptorOptions _options;
    private State _state;
    private byte[] _negotiateBytes = [];
    private byte[] _challengeBytes = [];
    private NtlmChallengeMessage? _challenge;
    private NtlmAvPairs? _targetInfo;
    private DateTimeOffset _challengeTime;
    private NtlmSessionSecurity? _session;

    public NtlmAcceptor(RpcAuthType authType, NtlmAcceptorOptions options)
    {
        AuthType = authType;
        _options = options;
    }

    private enum State
    {
        AwaitingNegotiate,
        AwaitingAuthenticate,
        Complete,
        Failed,
    }

    public RpcAuthType AuthType { get; }

    public bool IsComplete => _state == State.Complete;

    public string? UserName { get; private set; }

    /// <inheritdoc />
    public string? ClaimedUserName { get; private set; }

    public int SignatureLength => NtlmSessionSecurity.SignatureSize;

    /// <summary>True when the AUTHENTICATE carried a MIC that was verified; SPNEGO then requires a mechListMIC.</summary>
    internal bool MicVerified { get; private set; }

    internal NtlmSessionSecurity? Session => _session;

    /// <inheritdoc/>
    public bool CanSeal => _session is { } s && (s.NegotiatedFlags & NtlmNegotiateFlags.Seal) != 0;

    /// <inheritdoc />
    public bool IndependentDirections => _session is { IsExtended: true };

    public SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        SecurityStepResult result = _state switch
        {
            State.AwaitingNegotiate => OnNegotiate(input, out output),
            State.AwaitingAuthenticate => OnAuthenticate(input),
            _ => SecurityStepResult.InvalidToken,
        };
        if (result is SecurityStepResult.InvalidToken or SecurityStepResult.LogonFailure)
        {
            _state = State.Failed;
            _session = null;
        }

        return result;
    }

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => Established().SignPdu(message, signature);

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _session?.VerifyPdu(message, signature) ?? false;

    public void Seal(Span<byte> message, Range sealedRegion, Span<byte> signature) => Established().Seal(message, sealedRegion, signature);

    public bool Unseal(Span<byte> message, Range sealedRegion, ReadOnlySpan<byte> signature) =>
        _session?.Unseal(message, sealedRegion, signature) ?? false;

    private NtlmSessionSecurity Established() =>
        _session ?? throw new InvalidOperationException("The NTLM context is not established.");

    // MS-NLMP 3.2.5.1.1: answer the NEGOTIATE with a CHALLENGE.
    private SecurityStepResult OnNegotiate(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        if (!NtlmNegotiateMessage.TryParse(input, out var negotiate))
        {
            return SecurityStepResult.InvalidToken;
        }

        var clientFlags = negotiate!.Flags;
        var flags = NtlmNegotiateFlags.Ntlm | NtlmNegotiateFlags.TargetInfo | NtlmNegotiateFlags.Version
            | NtlmNegotiateFlags.TargetTypeServer
            | ((clientFlags & NtlmNegotiateFlags.Unicode) != 0 ? NtlmNegotiateFlags.Unicode : NtlmNegotiateFlags.Oem)
            | (clientFlags & (NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.Sign | NtlmNegotiateFlags.Seal
                | NtlmNegotiateFlags.AlwaysSign | NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.Negotiate128
                | NtlmNegotiateFlags.Negotiate56 | NtlmNegotiateFlags.KeyExchange));

        _challengeTime = _options.TimeProvider.GetUtcNow();
        _targetInfo = new NtlmAvPairs()
            .AddString(NtlmAvId.NbDomainName, _options.NetBiosDomainName)
            .AddString(NtlmAvId.NbComputerName, _options.NetBiosComputerName);
        if (_options.DnsDomainName is { } dnsDomain)
        {
            _targetInfo.AddString(NtlmAvId.DnsDomainName, dnsDomain);
        }

        if (_options.DnsComputerName is { } dnsComputer)
        {
            _targetInfo.AddString(NtlmAvId.DnsComputerName, dnsComputer);
        }

        if (_options.IncludeTimestamp)
        {
            _targetInfo.AddUInt64(NtlmAvId.Timestamp, (ulong)_challengeTime.ToFileTime());
        }

        var serverChallenge = new byte[8];
        _options.Random(serverChallenge);
        string targetName = (clientFlags & NtlmNegotiateFlags.RequestTarget) != 0 ? _options.NetBiosComputerName : string.Empty;
        _challenge = new NtlmChallengeMessage(targetName, flags, serverChallenge, _targetInfo.ToBytes(), _options.Version);
        _negotiateBytes = input.ToArray();
        _challengeBytes = _challenge.ToBytes();
        output = _challengeBytes;
        _state = State.AwaitingAuthenticate;
        return SecurityStepResult.ContinueNeeded;
    }

    // MS-NLMP 3.2.5.1.2: verify the AUTHENTICATE and derive the session keys.
    private SecurityStepResult OnAuthenticate(ReadOnlySpan<byte> input)
    {
        if (!NtlmAuthenticateMessage.TryParse(input, out var auth))
        {
            return SecurityStepResult.InvalidToken;
        }

        ClaimedUserName = auth!.UserName.Length == 0 ? string.Empty
            : (auth.DomainName.Length > 0 ? auth.DomainName : _options.NetBiosDomainName) + "\\" + auth.UserName;
        var challenge = _challenge!;
        if (_options.TimeProvider.GetUtcNow() - _challengeTime > _options.ChallengeLifetime)
        {
            return SecurityStepResult.LogonFailure;
        }

        // The flags that apply are those both sides agreed: offered in the CHALLENGE and kept in the AUTHENTICATE.
        var flags = challenge.Flags & auth!.Flags;
        bool keyExchange = (flags & NtlmNegotiateFlags.KeyExchange) != 0;
        if (keyExchange && auth.EncryptedRandomSessionKey.Length != NtlmCrypto.KeySize)
        {
            return SecurityStepResult.InvalidToken;
        }

        byte[] keyExchangeKey;
        NtlmAvPairs? clientPairs = null;
        if (IsAnonymous(auth))
        {
            if (!_options.AllowAnonymous)
            {
                return SecurityStepResult.LogonFailure;
            }

            keyExchangeKey = new byte[NtlmCrypto.KeySize]; // SessionBaseKey = Z(16); KXKEY = SessionBaseKey.
        }
        else
        {
            var verdict = VerifyNtlmV2(auth, challenge.ServerChallenge, out keyExchangeKey, out clientPairs);
            if (verdict != SecurityStepResult.Complete)
            {
                return verdict;
            }
        }

        // MS-NLMP 3.2.5.1.2: with KEY_EXCH, ExportedSessionKey = RC4K(KeyExchangeKey, EncryptedRandomSessionKey).
        byte[] exportedSessionKey = keyExchange ? Rc4.Apply(keyExchangeKey, auth.EncryptedRandomSessionKey) : keyExchangeKey;
        if (clientPairs is not null && (clientPairs.GetFlags() & NtlmAvPairs.FlagMicPresent) != 0)
        {
            if (auth.Mic is null || !MicMatches(exportedSessionKey, input, auth.Mic))
            {
                return SecurityStepResult.LogonFailure;
            }

            MicVerified = true;
        }

        UserName = clientPairs is null ? string.Empty
            : (auth.DomainName.Length > 0 ? auth.DomainName : _options.NetBiosDomainName) + "\\" + auth.UserName;
        _session = new NtlmSessionSecurity(flags, exportedSessionKey, isServer: true);
        _state = State.Complete;
        return SecurityStepResult.Complete;
    }

    // MS-NLMP 3.2.5.1.2: empty user, empty NtChallengeResponse, LmChallengeResponse empty or Z(1).
    private static bool IsAnonymous(NtlmAuthenticateMessage auth) =>
        auth.UserName.Length == 0
        && auth.NtChallengeResponse.Length == 0
        && (auth.LmChallengeResponse.Length == 0 || auth.LmChallengeResponse is [0]);

    private SecurityStepResult VerifyNtlmV2(
        NtlmAuthenticateMessage auth, byte[] serverChallenge, out byte[] sessionBaseKey, out NtlmAvPairs clientPairs)
    {
        sessionBaseKey = [];
        clientPairs = new NtlmAvPairs();
        byte[] nt = auth.NtChallengeResponse;
        if (nt.Length <= 24)
        {
            // 24 bytes is NTLMv1 (refused: no client we serve needs it); 0 with a user name is Samba's "-N" guest attempt.
            return SecurityStepResult.LogonFailure;
        }

        // NTProofStr(16) + temp: RespType, HiRespType, Z(6), Time(8), ClientChallenge(8), Z(4), AV pairs (MS-NLMP 2.2.2.7).
        const int BlobHeader = 28;
        if (nt.Length < 16 + BlobHeader + 4 || !NtlmAvPairs.TryParse(nt.AsSpan(16 + BlobHeader), out clientPairs))
        {
            return SecurityStepResult.InvalidToken;
        }

        bool known = _options.Accounts.TryGetNtHash(auth.DomainName, auth.UserName, out byte[] ntHash);
        if (!known)
        {
            ntHash = new byte[NtlmCrypto.KeySize]; // Same work for unknown users, then fail.
        }

        ReadOnlySpan<byte> proof = nt.AsSpan(0, 16);
        ReadOnlySpan<byte> temp = nt.AsSpan(16);
        byte[] responseKey = NtlmCrypto.NtOwfV2(ntHash, auth.UserName, auth.DomainName);
        bool matches = CryptographicOperations.FixedTimeEquals(NtlmCrypto.NtProofStr(responseKey, serverChallenge, temp), proof);
        if (!matches && auth.DomainName.Length > 0)
        {
            // MS-NLMP 3.2.5.1.2: servers SHOULD accept clients that computed the key with a NIL UserDom.
            responseKey = NtlmCrypto.NtOwfV2(ntHash, auth.UserName, string.Empty);
            matches = CryptographicOperations.FixedTimeEquals(NtlmCrypto.NtProofStr(responseKey, serverChallenge, temp), proof);
        }

        if (!known || !matches || !EchoedPairsMatch(clientPairs))
        {
            return SecurityStepResult.LogonFailure;
        }

        // MS-NLMP 3.3.2: SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); KXKEY = SessionBaseKey for NTLMv2.
        sessionBaseKey = NtlmCrypto.HmacMd5(responseKey, proof);
        return SecurityStepResult.Complete;
    }

    // Hardening as Samba does: names and timestamp the client echoes must be the ones this CHALLENGE carried.
    private bool EchoedPairsMatch(NtlmAvPairs clientPairs)
    {
        ReadOnlySpan<NtlmAvId> echoed =
            [NtlmAvId.NbDomainName, NtlmAvId.NbComputerName, NtlmAvId.DnsDomainName, NtlmAvId.DnsComputerName, NtlmAvId.Timestamp];
        foreach (var id in echoed)
        {
            byte[]? theirs = clientPairs.Get(id);
            byte[]? ours = _targetInfo!.Get(id);
            if (theirs is not null && (ours is null || !theirs.AsSpan().SequenceEqual(ours)))
            {
                return false;
            }
        }

        return true;
    }

    // MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with the MIC zeroed) (MS-NLMP 3.2.5.1.2).
    private bool MicMatches(byte[] exportedSessionKey, ReadOnlySpan<byte> authenticate, byte[] mic)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, exportedSessionKey);
        hmac.AppendData(_negotiateBytes);
        hmac.AppendData(_challengeBytes);
        hmac.AppendData(authenticate[..NtlmAuthenticateMessage.MicOffset]);
        hmac.AppendData(stackalloc byte[NtlmAuthenticateMessage.MicSize]);
        hmac.AppendData(authenticate[(NtlmAuthenticateMessage.MicOffset + NtlmAuthenticateMessage.MicSize)..]);
        return CryptographicOperations.FixedTimeEquals(hmac.GetHashAndReset(), mic);
    }
}
