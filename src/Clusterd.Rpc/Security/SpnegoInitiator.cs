namespace Clusterd.Rpc.Security;

/// <summary>
/// Client side of SPNEGO (auth_type 9) wrapping NTLMSSP: NegTokenInit{[NTLMSSP], NEGOTIATE} ->
/// NegTokenResp{AUTHENTICATE, mechListMIC} -> (server accept-completed{mechListMIC}) -> complete. An even number of
/// legs (MS-RPCE 2.2.1.1.7): the AUTHENTICATE goes in an alter_context because the server's final token is needed.
/// </summary>
internal sealed class SpnegoInitiator : IRpcSecurityContext
{
    private static readonly byte[] s_mechTypesDer = SpnegoNegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]);

    private readonly NtlmInitiator _ntlm;
    private State _state;
    private bool _micSent;

    public SpnegoInitiator(NtlmCredential credential, NtlmInitiatorOptions options)
    {
        _ntlm = new NtlmInitiator(RpcAuthType.Spnego, credential, options);
    }

    private enum State
    {
        Initial,
        AwaitingChallenge,
        AwaitingCompletion,
        Complete,
        Failed,
    }

    public RpcAuthType AuthType => RpcAuthType.Spnego;

    public bool IsComplete => _state == State.Complete;

    public string? UserName => IsComplete ? _ntlm.UserName : null;

    public int SignatureLength => NtlmSessionSecurity.SignatureSize;

    public SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        var result = _state switch
        {
            State.Initial when input.IsEmpty => Start(out output),
            State.AwaitingChallenge => OnChallenge(input, out output),
            State.AwaitingCompletion => OnCompletion(input),
            _ => SecurityStepResult.InvalidToken,
        };
        if (result is SecurityStepResult.InvalidToken or SecurityStepResult.LogonFailure)
        {
            _state = State.Failed;
        }

        return result;
    }

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => Established().SignPdu(message, signature);

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => IsComplete && _ntlm.Verify(message, signature);

    public void Seal(Span<byte> message, Range sealedRegion, Span<byte> signature) => Established().Seal(message, sealedRegion, signature);

    public bool Unseal(Span<byte> message, Range sealedRegion, ReadOnlySpan<byte> signature) =>
        IsComplete && _ntlm.Unseal(message, sealedRegion, signature);

    private NtlmSessionSecurity Established() => IsComplete && _ntlm.Session is { } session
        ? session
        : throw new InvalidOperationException("The SPNEGO context is not established.");

    private SecurityStepResult Start(out byte[] output)
    {
        _ntlm.Step([], out byte[] negotiate);
        output = new SpnegoNegTokenInit([SpnegoOids.Ntlmssp], s_mechTypesDer, negotiate, null).ToBytes();
        _state = State.AwaitingChallenge;
        return SecurityStepResult.ContinueNeeded;
    }

    private SecurityStepResult OnChallenge(ReadOnlySpan<byte> input, out byte[] output)
    {
        output = [];
        if (!SpnegoNegTokenResp.TryParse(input, out var resp))
        {
            return SecurityStepResult.InvalidToken;
        }

        if (resp!.NegState == SpnegoNegState.Reject)
        {
            return SecurityStepResult.LogonFailure;
        }

        if (resp.NegState != SpnegoNegState.AcceptIncomplete || resp.ResponseToken is null
            || (resp.SupportedMech is { } mech && mech != SpnegoOids.Ntlmssp))
        {
            return SecurityStepResult.InvalidToken;
        }

        var result = _ntlm.Step(resp.ResponseToken, out byte[] authenticate);
        if (result != SecurityStepResult.Complete)
        {
            return result;
        }

        byte[]? mic = null;
        if (_ntlm.MicSent)
        {
            // RFC 4178 5: mechListMIC over our MechTypeList, signed with the client keys (send seq 0).
            mic = new byte[NtlmSessionSecurity.SignatureSize];
            _ntlm.Session!.Sign(s_mechTypesDer, new Range(0, s_mechTypesDer.Length), mic);
            _micSent = true;
        }

        output = new SpnegoNegTokenResp(null, null, authenticate, mic).ToBytes();
        _state = State.AwaitingCompletion;
        return SecurityStepResult.ContinueNeeded;
    }

    private SecurityStepResult OnCompletion(ReadOnlySpan<byte> input)
    {
        if (!SpnegoNegTokenResp.TryParse(input, out var resp))
        {
            return SecurityStepResult.InvalidToken;
        }

        if (resp!.NegState != SpnegoNegState.AcceptCompleted)
        {
            return resp.NegState == SpnegoNegState.Reject ? SecurityStepResult.LogonFailure : SecurityStepResult.InvalidToken;
        }

        var session = _ntlm.Session!;
        if (_micSent)
        {
            if (resp.MechListMic is not { } serverMic
                || !session.Verify(s_mechTypesDer, new Range(0, s_mechTypesDer.Length), serverMic))
            {
                return SecurityStepResult.LogonFailure;
            }

            session.ResetHandles(); // MS-SPNG 3.3.5.1: RC4 restarts, sequence numbers do not.
        }

        _state = State.Complete;
        return SecurityStepResult.Complete;
    }
}
