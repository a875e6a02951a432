using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>
/// Client side of raw NTLMSSP: NEGOTIATE, then AUTHENTICATE with an NTLMv2 response, KEY_EXCH and a MIC when the
/// server sent MsvAvTimestamp (MS-NLMP 3.1.5). Three legs: after the AUTHENTICATE it is complete (DCE/RPC auth3).
/// </summary>
internal sealed class NtlmInitiator : IRpcSecurityContext
{
    private readonly NtlmCredential _credential;
    private readonly NtlmInitiatorOptions _options;
    private State _state;
    private byte[] _negotiateBytes = [];
    private NtlmSessionSecurity? _session;

    public NtlmInitiator(RpcAuthType authType, NtlmCredential credential, NtlmInitiatorOptions options)
    {
        AuthType = authType;
        _credential = credential;
        _options = options;
    }

    private enum State
    {
        Initial,
        AwaitingChallenge,
        Complete,
        Failed,
    }

    public RpcAuthType AuthType { get; }

    public bool IsComplete => _state == State.Complete;

    public string? UserName => IsComplete ? (_credential.IsAnonymous ? string.Empty : _credential.DomainName + "\\" + _credential.UserName) : null;

    public int SignatureLength => NtlmSessionSecurity.SignatureSize;

    /// <summary>True when the AUTHENTICATE carried a MIC; SPNEGO then sends a mechListMIC.</summary>
    internal bool MicSent { get; private set; }

    internal NtlmSessionSecurity? Session => _session;

    /// <summary>The flags this client asks for (MS-NLMP 3.1.5.1.1), close to what Samba sends for privacy.</summary>
    internal NtlmNegotiateFlags RequestedFlags =>
        NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.Sign | NtlmNegotiateFlags.Ntlm
        | NtlmNegotiateFlags.AlwaysSign | NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.Version
        | NtlmNegotiateFlags.Negotiate128 | NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.Negotiate56
        | (_options.RequestSeal ? NtlmNegotiateFlags.Seal : NtlmNegotiateFlags.None)
        | (_credential.IsAnonymous ? NtlmNegotiateFlags.Anonymous : NtlmNegotiateFlags.None);

    public SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        switch (_state)
        {
            case State.Initial when input.IsEmpty:
                _negotiateBytes = new NtlmNegotiateMessage(RequestedFlags, string.Empty, string.Empty, _options.Version).ToBytes();
                output = _negotiateBytes;
                _state = State.AwaitingChallenge;
                return SecurityStepResult.ContinueNeeded;
            case State.AwaitingChallenge:
                var result = OnChallenge(input, out output);
                _state = result == SecurityStepResult.Complete ? State.Complete : State.Failed;
                return result;
            default:
                _state = State.Failed;
                return SecurityStepResult.InvalidToken;
        }
    }

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => Established().SignPdu(message, signature);

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _session?.VerifyPdu(message, signature) ?? false;

    public void Seal(Span<byte> message, Range sealedRegion, Span<byte> signature) => Established().Seal(message, sealedRegion, signature);

    public bool Unseal(Span<byte> message, Range sealedRegion, ReadOnlySpan<byte> signature) =>
        _session?.Unseal(message, sealedRegion, signature) ?? false;

    private NtlmSessionSecurity Established() =>
        _session ?? throw new InvalidOperationException("The NTLM context is not established.");

    // MS-NLMP 3.1.5.1.2: Client Receives a CHALLENGE_MESSAGE from the Server.
    private SecurityStepResult OnChallenge(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        if (!NtlmChallengeMessage.TryParse(input, out var challenge)
            || !NtlmAvPairs.TryParse(challenge!.TargetInfo, out var serverPairs))
        {
            return SecurityStepResult.InvalidToken;
        }

        var flags = (challenge.Flags & RequestedFlags) | NtlmNegotiateFlags.Ntlm;
        if ((challenge.Flags & NtlmNegotiateFlags.Unicode) == 0)
        {
            return SecurityStepResult.InvalidToken; // Every server we talk to speaks Unicode; OEM names are not supported here.
        }

        byte[] lm, nt, keyExchangeKey;
        bool withMic = false;
        if (_credential.IsAnonymous)
        {
            (lm, nt, keyExchangeKey) = ([], [], new byte[NtlmCrypto.KeySize]);
        }
        else
        {
            byte[] timestampBytes = serverPairs.Get(NtlmAvId.Timestamp) ?? [];
            withMic = timestampBytes.Length == 8;
            ulong timestamp = withMic
                ? BinaryPrimitives.ReadUInt64LittleEndian(timestampBytes)
                : (ulong)_options.TimeProvider.GetUtcNow().ToFileTime();
            var clientPairs = new NtlmAvPairs();
            foreach (var pair in serverPairs.Pairs)
            {
                clientPairs.Add(pair.Key, pair.Value);
            }

            if (withMic)
            {
                clientPairs.AddUInt32(NtlmAvId.Flags, NtlmAvPairs.FlagMicPresent); // MS-NLMP 3.1.5.1.2
            }

            if (_options.TargetName is { } spn)
            {
                clientPairs.AddString(NtlmAvId.TargetName, spn);
            }

            Span<byte> clientChallenge = stackalloc byte[8];
            _options.Random(clientChallenge);
            byte[] responseKey = NtlmCrypto.NtOwfV2(_credential.NtHash, _credential.UserName, _credential.DomainName);
            byte[] temp = NtlmCrypto.BuildTemp(timestamp, clientChallenge, clientPairs.ToBytes());
            byte[] proof = NtlmCrypto.NtProofStr(responseKey, challenge.ServerChallenge, temp);
            nt = [.. proof, .. temp];

            // MS-NLMP 3.1.5.1.2: with MsvAvTimestamp the client sends Z(24) instead of the LMv2 response.
            lm = withMic ? new byte[24] : NtlmCrypto.LmV2Response(responseKey, challenge.ServerChallenge, clientChallenge);
            keyExchangeKey = NtlmCrypto.HmacMd5(responseKey, proof);
        }

        byte[] exportedSessionKey = keyExchangeKey;
        byte[] encryptedKey = [];
        if ((flags & NtlmNegotiateFlags.KeyExchange) != 0)
        {
            exportedSessionKey = new byte[NtlmCrypto.KeySize];
            _options.Random(exportedSessionKey);
            encryptedKey = Rc4.Apply(keyExchangeKey, exportedSessionKey);
        }

        var authenticate = new NtlmAuthenticateMessage(
            lm, nt, _credential.DomainName, _credential.UserName, _options.Workstation, encryptedKey, flags, _options.Version);
        byte[] bytes = authenticate.ToBytes(withMicSlot: true);
        if (withMic)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, exportedSessionKey);
            hmac.AppendData(_negotiateBytes);
            hmac.AppendData(input);
            hmac.AppendData(bytes);
            hmac.GetHashAndReset(bytes.AsSpan(NtlmAuthenticateMessage.MicOffset, NtlmAuthenticateMessage.MicSize));
            MicSent = true;
        }

        _session = new NtlmSessionSecurity(flags, exportedSessionKey, isServer: false);
        output = bytes;
        return SecurityStepResult.Complete;
    }
}
