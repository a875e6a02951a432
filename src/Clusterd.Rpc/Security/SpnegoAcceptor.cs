namespace Clusterd.Rpc.Security;

/// <summary>
/// Server side of SPNEGO (auth_type 9) wrapping NTLMSSP (RFC 4178, MS-SPNG). DCE/RPC legs (MS-RPCE 2.2.1.1.7):
/// bind NegTokenInit{NEGOTIATE} -> accept-incomplete{CHALLENGE}; alter NegTokenResp{AUTHENTICATE, mechListMIC} ->
/// accept-completed{mechListMIC}. The same final token may also arrive in an auth3, in which case the RPC layer drops
/// the output. When the client preferred another mech, the answer is request-mic with no token and NTLM starts in the
/// next leg (the RFC form), and the mechListMIC becomes mandatory.
/// </summary>
internal sealed class SpnegoAcceptor : IRpcSecurityContext, ISecurityCapabilities, IClaimedIdentity
{
    private static readonly byte[] s_rejectToken = new SpnegoNegTokenResp(SpnegoNegState.Reject, null, null, null).ToBytes();

    private readonly NtlmAcceptor _ntlm;
    private State _state;
    private byte[] _mechTypesDer = [];
    private bool _micRequired;

    public SpnegoAcceptor(NtlmAcceptorOptions options)
    {
        _ntlm = new NtlmAcceptor(RpcAuthType.Spnego, options);
    }

    private enum State
    {
        AwaitingInit,
        AwaitingNegotiate,
        AwaitingAuthenticate,
        Complete,
        Failed,
    }

    public RpcAuthType AuthType => RpcAuthType.Spnego;

    public bool IsComplete => _state == State.Complete;

    public string? UserName => IsComplete ? _ntlm.UserName : null;

    /// <inheritdoc />
    public string? ClaimedUserName => _ntlm.ClaimedUserName;

    /// <inheritdoc/>
    public bool CanSeal => _ntlm.CanSeal;

    /// <inheritdoc />
    public bool IndependentDirections => _ntlm.IndependentDirections;

    public int SignatureLength => NtlmSessionSecurity.SignatureSize;

    public SecurityStepResult Step(ReadOnlySpan<byte> input, out byte[] output)
    {
        var result = _state switch
        {
            State.AwaitingInit => OnInit(input, out output),
            State.AwaitingNegotiate or State.AwaitingAuthenticate => OnResponse(input, out output),
            _ => Fail(SecurityStepResult.InvalidToken, out output),
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

    private SecurityStepResult OnInit(ReadOnlySpan<byte> input, out byte[] output)
    {
        if (!SpnegoNegTokenInit.TryParse(input, out var init))
        {
            return Fail(SecurityStepResult.InvalidToken, out output);
        }

        int index = IndexOf(init!.MechTypes, SpnegoOids.Ntlmssp);
        if (index < 0)
        {
            return Fail(SecurityStepResult.InvalidToken, out output); // No mech in common: reject (Samba: bind_nak 9).
        }

        _mechTypesDer = init.MechTypesDer;
        if (index > 0 || init.MechToken is null)
        {
            // RFC 4178 5: the optimistic token (if any) was for another mech; ignore it, select
            // NTLMSSP and ask for the MIC that protects the downgrade. NTLM's NEGOTIATE comes in the next leg.
            _micRequired = index > 0;
            _state = State.AwaitingNegotiate;
            output = new SpnegoNegTokenResp(
                index > 0 ? SpnegoNegState.RequestMic : SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, null, null).ToBytes();
            return SecurityStepResult.ContinueNeeded;
        }

        return StepNtlmNegotiate(init.MechToken, out output);
    }

    private SecurityStepResult OnResponse(ReadOnlySpan<byte> input, out byte[] output)
    {
        if (!SpnegoNegTokenResp.TryParse(input, out var resp)
            || resp!.NegState == SpnegoNegState.Reject
            || resp.ResponseToken is null
            || (resp.SupportedMech is { } mech && mech != SpnegoOids.Ntlmssp))
        {
            return Fail(SecurityStepResult.InvalidToken, out output);
        }

        if (_state == State.AwaitingNegotiate)
        {
            return StepNtlmNegotiate(resp.ResponseToken, out output);
        }

        var result = _ntlm.Step(resp.ResponseToken, out _);
        if (result != SecurityStepResult.Complete)
        {
            return Fail(result == SecurityStepResult.ContinueNeeded ? SecurityStepResult.InvalidToken : result, out output);
        }

        var session = _ntlm.Session!;
        byte[]? serverMic = null;
        if (resp.MechListMic is { } clientMic)
        {
            // RFC 4178 5, MS-SPNG 3.3.5.1: verify the client's MIC over the MechTypeList (receive seq 0), answer with ours
            // (send seq 0), then restart both RC4 handles; sequence numbers go on (the first request is seq 1).
            var whole = new Range(0, _mechTypesDer.Length);
            if (!session.Verify(_mechTypesDer, whole, clientMic))
            {
                return Fail(SecurityStepResult.LogonFailure, out output);
            }

            serverMic = new byte[NtlmSessionSecurity.SignatureSize];
            session.Sign(_mechTypesDer, whole, serverMic);
            session.ResetHandles();
        }
        else if (_micRequired || _ntlm.MicVerified)
        {
            // A MIC'd NTLM exchange or a mech downgrade without mechListMIC: possible tampering (MS-SPNG 3.2.5.1).
            return Fail(SecurityStepResult.LogonFailure, out output);
        }

        _state = State.Complete;
        output = new SpnegoNegTokenResp(SpnegoNegState.AcceptCompleted, null, null, serverMic).ToBytes();
        return SecurityStepResult.Complete;
    }

    private SecurityStepResult StepNtlmNegotiate(byte[] negotiate, out byte[] output)
    {
        var result = _ntlm.Step(negotiate, out byte[] challenge);
        if (result != SecurityStepResult.ContinueNeeded)
        {
            return Fail(SecurityStepResult.InvalidToken, out output);
        }

        _state = State.AwaitingAuthenticate;
        output = new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, challenge, null).ToBytes();
        return SecurityStepResult.ContinueNeeded;
    }

    private static SecurityStepResult Fail(SecurityStepResult result, out byte[] output)
    {
        output = s_rejectToken;
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> mechTypes, string oid)
    {
        for (int i = 0; i < mechTypes.Count; i++)
        {
            if (mechTypes[i] == oid)
            {
                return i;
            }
        }

        return -1;
    }
}
