using Clusterd.Rpc.Security;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// SPNEGO (RFC 4178, MS-SPNG): the NegTokenInit and NegTokenResp parsers; the SpnegoAcceptor fed the input as the
/// first token and, after a fixed NegTokenInit, as the NegTokenResp carrying the AUTHENTICATE and mechListMIC; the
/// SpnegoInitiator fed it as the server's first and last answers. Contract: TryParse returns false, Step returns a
/// <see cref="SecurityStepResult"/>; nothing throws (an AsnContentException escaping would be a finding).
/// </summary>
internal sealed class SpnegoTarget : FuzzTarget
{
    private const string Kerberos = "1.2.840.113554.1.2.2";

    private static readonly (byte[] Init, byte[] Challenge, byte[] Authenticate, byte[] Accept) s_tokens = HandshakeTokens();

    public override string Name => "spnego";

    public override string Description => "SPNEGO NegTokenInit/NegTokenResp parsers, SpnegoAcceptor and SpnegoInitiator steps";

    /// <summary>The four tokens of a complete SPNEGO/NTLM handshake for DOM\alice (deterministic).</summary>
    public static (byte[] Init, byte[] Challenge, byte[] Authenticate, byte[] Accept) HandshakeTokens()
    {
        var initiator = new SpnegoInitiator(NtlmTarget.Alice, NtlmTarget.InitiatorOptions());
        var acceptor = new SpnegoAcceptor(NtlmTarget.AcceptorOptions());
        initiator.Step([], out byte[] init);
        acceptor.Step(init, out byte[] challenge);
        initiator.Step(challenge, out byte[] authenticate);
        var accepted = acceptor.Step(authenticate, out byte[] accept);
        if (accepted != SecurityStepResult.Complete || initiator.Step(accept, out _) != SecurityStepResult.Complete)
        {
            throw new InvalidOperationException("The seed SPNEGO handshake did not complete.");
        }

        return (init, challenge, authenticate, accept);
    }

    public override string Execute(byte[] input)
    {
        char init = SpnegoNegTokenInit.TryParse(input, out _) ? 'I' : 'i';
        char resp = SpnegoNegTokenResp.TryParse(input, out _) ? 'R' : 'r';

        var first = new SpnegoAcceptor(NtlmTarget.AcceptorOptions()).Step(input, out _);

        var acceptor = new SpnegoAcceptor(NtlmTarget.AcceptorOptions());
        acceptor.Step(s_tokens.Init, out _);
        var second = acceptor.Step(input, out _);

        var client = new SpnegoInitiator(NtlmTarget.Alice, NtlmTarget.InitiatorOptions());
        client.Step([], out _);
        var clientFirst = client.Step(input, out _);

        var completing = new SpnegoInitiator(NtlmTarget.Alice, NtlmTarget.InitiatorOptions());
        completing.Step([], out _);
        completing.Step(s_tokens.Challenge, out _);
        var clientLast = completing.Step(input, out _);
        return $"{init}{resp} {first} {second} {clientFirst} {clientLast}";
    }

    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields) => LocateDer(input, 0, input.Length, 0, fields);

    /// <summary>The length octets of every TLV (recursing into constructed values), and NTLM fields inside OCTET STRINGs.</summary>
    private static void LocateDer(ReadOnlySpan<byte> input, int start, int end, int depth, List<FuzzField> fields)
    {
        int pos = start;
        while (pos + 2 <= end && fields.Count < 64 && depth < 8)
        {
            byte tag = input[pos];
            int lengthAt = pos + 1;
            int first = input[lengthAt];
            int contentStart;
            int length;
            if (first < 0x80)
            {
                fields.Add(new FuzzField(lengthAt, 1));
                length = first;
                contentStart = lengthAt + 1;
            }
            else
            {
                int octets = first & 0x7F;
                fields.Add(new FuzzField(lengthAt, 1)); // the length of the length
                if (octets is 0 or > 2 || lengthAt + 1 + octets > end)
                {
                    return;
                }

                fields.Add(new FuzzField(lengthAt + 1, octets));
                length = octets == 1 ? input[lengthAt + 1] : (input[lengthAt + 1] << 8) | input[lengthAt + 2];
                contentStart = lengthAt + 1 + octets;
            }

            int contentEnd = Math.Min(end, contentStart + length);
            if (contentStart > contentEnd)
            {
                return;
            }

            if ((tag & 0x20) != 0)
            {
                LocateDer(input, contentStart, contentEnd, depth + 1, fields);
            }
            else if (tag == 0x04)
            {
                NtlmTarget.LocateNtlmFields(input[..contentEnd], contentStart, fields);
            }

            pos = contentEnd;
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("init-ntlm-negotiate", s_tokens.Init);
        yield return ("resp-challenge", s_tokens.Challenge);
        yield return ("resp-authenticate-mic", s_tokens.Authenticate);
        yield return ("resp-accept-completed", s_tokens.Accept);
        string[] mechs = [Kerberos, SpnegoOids.Ntlmssp];
        yield return ("init-kerberos-first-no-token", new SpnegoNegTokenInit(mechs, SpnegoNegTokenInit.EncodeMechTypes(mechs), null, null).ToBytes());
        yield return ("resp-reject", new SpnegoNegTokenResp(SpnegoNegState.Reject, null, null, null).ToBytes());
    }
}
