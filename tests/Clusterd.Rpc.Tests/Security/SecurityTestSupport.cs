using Clusterd.Rpc.Security;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.Rpc.Tests.Security;

/// <summary>Shared helpers: hex, deterministic randomness, PDU assembly and handshakes.</summary>
internal static class SecurityTestSupport
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>A random source that repeats a fixed pattern (challenges and keys become predictable).</summary>
    public static RandomSource Fixed(params byte[] pattern) => destination =>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = pattern[i % pattern.Length];
        }
    };

    /// <summary>A random source returning the given chunks in order, one per call.</summary>
    public static RandomSource Sequence(params byte[][] chunks)
    {
        int next = 0;
        return destination => chunks[next++].AsSpan(0, destination.Length).CopyTo(destination);
    }

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public static NtlmAccountStore Accounts(params string[] lines) => NtlmAccountStore.FromLines(lines);

    public static NtlmAcceptorOptions AcceptorOptions(FakeTimeProvider? clock = null, bool allowAnonymous = false) => new()
    {
        Accounts = Accounts("alice:Secret1", @"TESTDOM\bob:Secret2"),
        NetBiosComputerName = "NODE1",
        NetBiosDomainName = "TESTDOM",
        DnsComputerName = "node1.testdom.local",
        DnsDomainName = "testdom.local",
        AllowAnonymous = allowAnonymous,
        Random = Fixed(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef),
        TimeProvider = clock ?? Clock(),
    };

    public static NtlmInitiatorOptions InitiatorOptions(FakeTimeProvider? clock = null) => new()
    {
        Workstation = "CLIENT1",
        TargetName = "MSServerClusterMgmtAPI/node1",
        Random = Fixed(0x55),
        TimeProvider = clock ?? Clock(),
    };

    /// <summary>
    /// Drives both sides until both are complete or one fails, as the RPC layer would: when the initiator completes with
    /// a last token (NTLM, auth3 shape) the acceptor's result decides; otherwise (SPNEGO, alter shape) the acceptor's
    /// final token must complete the initiator.
    /// </summary>
    public static SecurityStepResult Handshake(IRpcSecurityContext client, IRpcSecurityContext server)
    {
        var clientResult = client.Step([], out byte[] token);
        for (int legs = 0; legs < 6; legs++)
        {
            if (clientResult is SecurityStepResult.InvalidToken or SecurityStepResult.LogonFailure)
            {
                return clientResult;
            }

            var serverResult = server.Step(token, out byte[] reply);
            if (serverResult != SecurityStepResult.ContinueNeeded && clientResult == SecurityStepResult.Complete)
            {
                return serverResult; // auth3 shape: the client finished with its last token; any reply is dropped.
            }

            if (serverResult is SecurityStepResult.InvalidToken or SecurityStepResult.LogonFailure)
            {
                return serverResult;
            }

            clientResult = client.Step(reply, out token);
            if (clientResult == SecurityStepResult.Complete && serverResult == SecurityStepResult.Complete)
            {
                return SecurityStepResult.Complete; // alter shape: the server's final token completed the client.
            }
        }

        throw new InvalidOperationException("Handshake did not converge.");
    }

    /// <summary>
    /// Builds a request (ptype 0) or response (ptype 2) PDU the way DCE/RPC lays it out (C706 12.6.4.9, MS-RPCE 2.2.2.11): 24-byte header, stub, pad to 16,
    /// sec_trailer, 16-byte auth value. Returns the PDU, the stub+pad region and where the signature goes.
    /// </summary>
    public static (byte[] Pdu, Range Sealed, Range Signature) BuildPdu(
        bool request, byte[] stub, RpcAuthLevel level, uint callId = 2, ushort opnum = 3, byte authType = 10, uint authContextId = 0)
    {
        int pad = (16 - (stub.Length % 16)) % 16;
        int length = 24 + stub.Length + pad + 8 + 16;
        var pdu = new byte[length];
        pdu[0] = 5;
        pdu[2] = request ? (byte)0 : (byte)2;
        pdu[3] = 0x03;
        pdu[4] = 0x10;
        BitConverter.TryWriteBytes(pdu.AsSpan(8), (ushort)length);
        BitConverter.TryWriteBytes(pdu.AsSpan(10), (ushort)16);
        BitConverter.TryWriteBytes(pdu.AsSpan(12), callId);
        BitConverter.TryWriteBytes(pdu.AsSpan(16), (uint)stub.Length);
        if (request)
        {
            BitConverter.TryWriteBytes(pdu.AsSpan(22), opnum);
        }

        stub.CopyTo(pdu, 24);
        int trailer = 24 + stub.Length + pad;
        pdu[trailer] = authType;
        pdu[trailer + 1] = (byte)level;
        pdu[trailer + 2] = (byte)pad;
        BitConverter.TryWriteBytes(pdu.AsSpan(trailer + 4), authContextId);
        return (pdu, new Range(24, trailer), new Range(trailer + 8, length));
    }

    /// <summary>Level 5: signs the PDU through the sec_trailer and writes the auth value.</summary>
    public static byte[] SignPdu(IRpcSecurityContext context, (byte[] Pdu, Range Sealed, Range Signature) pdu)
    {
        context.Sign(pdu.Pdu.AsSpan(0, pdu.Signature.Start.Value), pdu.Pdu.AsSpan(pdu.Signature));
        return pdu.Pdu;
    }

    public static bool VerifyPdu(IRpcSecurityContext context, byte[] pdu)
    {
        int signatureStart = pdu.Length - 16;
        return context.Verify(pdu.AsSpan(0, signatureStart), pdu.AsSpan(signatureStart));
    }

    /// <summary>Level 6: seals stub+pad in place and writes the auth value.</summary>
    public static byte[] SealPdu(IRpcSecurityContext context, (byte[] Pdu, Range Sealed, Range Signature) pdu)
    {
        int signatureStart = pdu.Signature.Start.Value;
        context.Seal(pdu.Pdu.AsSpan(0, signatureStart), pdu.Sealed, pdu.Pdu.AsSpan(signatureStart));
        return pdu.Pdu;
    }

    public static bool UnsealPdu(IRpcSecurityContext context, byte[] pdu)
    {
        int signatureStart = pdu.Length - 16;
        int sealedEnd = signatureStart - 8;
        byte[] signature = pdu[signatureStart..];
        return context.Unseal(pdu.AsSpan(0, signatureStart), new Range(24, sealedEnd), signature);
    }
}
