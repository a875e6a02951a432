using System.Buffers.Binary;
using Clusterd.Rpc.Security;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// NTLMSSP: the NEGOTIATE, CHALLENGE and AUTHENTICATE parsers and the AV pair list, the server's NtlmAcceptor fed the
/// input as NEGOTIATE and (after a fixed NEGOTIATE/CHALLENGE) as AUTHENTICATE, and the client's NtlmInitiator fed it as
/// a server's CHALLENGE. Everything is deterministic (fixed clock, fixed "random" challenge), so a valid AUTHENTICATE in
/// the corpus authenticates and the mutations reach the NTLMv2 proof, the key exchange and the MIC. Contract: parsers
/// return false, Step returns a <see cref="SecurityStepResult"/>; nothing throws.
/// </summary>
internal sealed class NtlmTarget : FuzzTarget
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override string Name => "ntlm";

    public override string Description => "NTLM NEGOTIATE/CHALLENGE/AUTHENTICATE parsers, AV pairs, NtlmAcceptor and NtlmInitiator steps";

    /// <summary>The server side as the tests configure it: one account, DOM\alice, anonymous allowed, fixed clock and challenge.</summary>
    public static NtlmAcceptorOptions AcceptorOptions() => new()
    {
        Accounts = NtlmAccountStore.FromLines(["DOM\\alice:Secret1!"]),
        NetBiosDomainName = "DOM",
        DnsDomainName = "dom.test",
        DnsComputerName = "clusterd.dom.test",
        AllowAnonymous = true,
        Random = Counting,
        TimeProvider = new FakeTimeProvider(Now),
    };

    public static NtlmInitiatorOptions InitiatorOptions() => new()
    {
        Workstation = "CLIENT",
        Random = Counting,
        TimeProvider = new FakeTimeProvider(Now),
    };

    /// <summary>A fixed byte pattern standing in for random bytes, so challenges and keys repeat from run to run.</summary>
    public static void Counting(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(0x11 * (i + 1));
        }
    }

    public static NtlmCredential Alice => NtlmCredential.FromPassword("alice", "DOM", "Secret1!");

    /// <summary>A valid NEGOTIATE, the acceptor's CHALLENGE to it, and alice's AUTHENTICATE (with MIC).</summary>
    public static (byte[] Negotiate, byte[] Challenge, byte[] Authenticate) Handshake(NtlmCredential? credential = null, bool mustAuthenticate = true)
    {
        var initiator = new NtlmInitiator(RpcAuthType.Ntlmssp, credential ?? Alice, InitiatorOptions());
        var acceptor = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        initiator.Step([], out byte[] negotiate);
        acceptor.Step(negotiate, out byte[] challenge);
        initiator.Step(challenge, out byte[] authenticate);
        if (acceptor.Step(authenticate, out _) != SecurityStepResult.Complete && mustAuthenticate)
        {
            throw new InvalidOperationException("The seed handshake did not authenticate.");
        }

        return (negotiate, challenge, authenticate);
    }

    private static readonly byte[] s_negotiate = Handshake().Negotiate;

    public override string Execute(byte[] input)
    {
        char neg = NtlmNegotiateMessage.TryParse(input, out _) ? 'N' : 'n';
        char chal = 'c';
        if (NtlmChallengeMessage.TryParse(input, out var challenge))
        {
            chal = NtlmAvPairs.TryParse(challenge!.TargetInfo, out _) ? 'C' : 'c';
        }

        char auth = 'a';
        if (NtlmAuthenticateMessage.TryParse(input, out var authenticate))
        {
            auth = authenticate!.NtChallengeResponse.Length > 44 && NtlmAvPairs.TryParse(authenticate.NtChallengeResponse.AsSpan(44), out _) ? 'A' : 'a';
        }

        char pairs = NtlmAvPairs.TryParse(input, out _) ? 'P' : 'p';

        var asNegotiate = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions()).Step(input, out _);

        var acceptor = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        acceptor.Step(s_negotiate, out _);
        var asAuthenticate = acceptor.Step(input, out _);
        if (asAuthenticate == SecurityStepResult.Complete)
        {
            // An established context must sign and verify without surprises.
            Span<byte> signature = stackalloc byte[16];
            acceptor.Sign(input.AsSpan(0, Math.Min(64, input.Length)), signature);
            _ = acceptor.Verify(input, signature);
        }

        var initiator = new NtlmInitiator(RpcAuthType.Ntlmssp, Alice, InitiatorOptions());
        initiator.Step([], out _);
        var asChallenge = initiator.Step(input, out _);
        char protectedPdu = Unprotect(input);
        return $"{neg}{chal}{auth}{pairs} {asNegotiate} {asAuthenticate} {asChallenge} {protectedPdu}";
    }

    private static readonly byte[] s_authenticate = Handshake().Authenticate;

    /// <summary>
    /// An established context (the fixed handshake) given the input as a protected PDU, the way the connection hands it
    /// over: verify and unseal the whole input with its last 16 bytes (or fewer, when shorter) as the signature.
    /// </summary>
    private static char Unprotect(byte[] input)
    {
        var acceptor = new NtlmAcceptor(RpcAuthType.Ntlmssp, AcceptorOptions());
        acceptor.Step(s_negotiate, out _);
        if (acceptor.Step(s_authenticate, out _) != SecurityStepResult.Complete)
        {
            throw new InvalidOperationException("The fixed handshake did not authenticate.");
        }

        int signatureLength = Math.Min(input.Length, 16 - (input.Length % 3 == 0 ? 9 : 0));
        var message = input.AsSpan(0, input.Length - signatureLength).ToArray();
        var signature = input.AsSpan(input.Length - signatureLength);
        bool verified = acceptor.Verify(message, signature);
        var region = Rpc.Security.RpcPduLayout.StubRegion(message);
        bool unsealed = acceptor.Unseal(message, region, signature);
        return verified ? 'V' : unsealed ? 'U' : 'v';
    }

    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields) => LocateNtlmFields(input, 0, fields);

    /// <summary>The security buffer lengths and offsets of an NTLM message at <paramref name="start"/>, and its AV pair lengths.</summary>
    public static void LocateNtlmFields(ReadOnlySpan<byte> input, int start, List<FuzzField> fields)
    {
        var message = input[start..];
        if (message.Length < 16 || !message[..8].SequenceEqual("NTLMSSP\0"u8))
        {
            return;
        }

        fields.Add(new FuzzField(start + 8, 4)); // MessageType
        int[] descriptors = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) switch
        {
            1 => [16, 24],
            2 => [12, 40],
            3 => [12, 20, 28, 36, 44, 52],
            _ => [],
        };
        int flagsOffset = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) switch
        {
            1 => 12,
            2 => 20,
            _ => 60,
        };
        fields.Add(new FuzzField(start + flagsOffset, 4));
        foreach (int d in descriptors)
        {
            if (d + 8 > message.Length)
            {
                continue;
            }

            fields.Add(new FuzzField(start + d, 2)); // Len
            fields.Add(new FuzzField(start + d + 2, 2)); // MaxLen
            fields.Add(new FuzzField(start + d + 4, 4)); // BufferOffset
        }

        // AV pairs: the CHALLENGE's TargetInfo, or the AUTHENTICATE's NTLMv2 client blob (after NTProofStr and 28 bytes).
        int avStart = -1;
        if (descriptors.Length == 2 && message.Length >= 48)
        {
            avStart = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(message[44..]), int.MaxValue);
        }
        else if (descriptors.Length == 6 && message.Length >= 28)
        {
            avStart = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(message[24..]) + 44L, int.MaxValue);
        }

        for (int pos = avStart; pos >= 0 && (long)pos + 4 <= message.Length && fields.Count < 64;)
        {
            fields.Add(new FuzzField(start + pos, 2)); // AvId
            fields.Add(new FuzzField(start + pos + 2, 2)); // AvLen
            if (BinaryPrimitives.ReadUInt16LittleEndian(message[pos..]) == 0)
            {
                break;
            }

            pos += 4 + BinaryPrimitives.ReadUInt16LittleEndian(message[(pos + 2)..]);
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var (negotiate, challenge, authenticate) = Handshake();
        yield return ("negotiate", negotiate);
        yield return ("challenge", challenge);
        yield return ("authenticate-alice-mic", authenticate);
        yield return ("authenticate-anonymous", Handshake(NtlmCredential.Anonymous).Authenticate);
        yield return ("authenticate-unknown-user", Handshake(NtlmCredential.FromPassword("mallory", "DOM", "x"), mustAuthenticate: false).Authenticate);
        yield return ("negotiate-oem-names", new NtlmNegotiateMessage(
            NtlmNegotiateFlags.Oem | NtlmNegotiateFlags.Ntlm | NtlmNegotiateFlags.Version, "DOM", "WS", NtlmVersion.Default).ToBytes());
        yield return ("challenge-no-timestamp", new NtlmChallengeMessage("SRV", NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.Ntlm
            | NtlmNegotiateFlags.TargetInfo | NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.Sign,
            [1, 2, 3, 4, 5, 6, 7, 8], new NtlmAvPairs().AddString(NtlmAvId.NbDomainName, "DOM").ToBytes(), null).ToBytes());
        yield return ("av-pairs", new NtlmAvPairs().AddString(NtlmAvId.NbComputerName, "SRV").AddUInt32(NtlmAvId.Flags, 2)
            .AddUInt64(NtlmAvId.Timestamp, 1).ToBytes());
    }
}
