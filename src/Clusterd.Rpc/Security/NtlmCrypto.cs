using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Clusterd.Rpc.Security;

/// <summary>
/// The NTLM one-way functions and key derivations (MS-NLMP 3.3, 3.4.5). MD5 and HMAC-MD5 are mandated by the
/// protocol; nothing here chooses an algorithm.
/// </summary>
internal static class NtlmCrypto
{
    public const int KeySize = 16;

    private static ReadOnlySpan<byte> ClientSignMagic => "session key to client-to-server signing key magic constant\0"u8;

    private static ReadOnlySpan<byte> ServerSignMagic => "session key to server-to-client signing key magic constant\0"u8;

    private static ReadOnlySpan<byte> ClientSealMagic => "session key to client-to-server sealing key magic constant\0"u8;

    private static ReadOnlySpan<byte> ServerSealMagic => "session key to server-to-client sealing key magic constant\0"u8;

    /// <summary>NTOWFv1 = MD4(UNICODE(Passwd)) (MS-NLMP 3.3.1); also the "NT hash" of an account.</summary>
    public static byte[] NtOwfV1(string password) => Md4.HashData(Encoding.Unicode.GetBytes(password));

    /// <summary>NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(Uppercase(User) || UserDom)) (MS-NLMP 3.3.2); the domain is not upper-cased.</summary>
    public static byte[] NtOwfV2(ReadOnlySpan<byte> ntHash, string userName, string domainName) =>
        HmacMd5(ntHash, Encoding.Unicode.GetBytes(userName.ToUpperInvariant() + domainName));

    /// <summary>
    /// The NTLMv2 "temp" blob (MS-NLMP 3.3.2): Responserversion 1, HiResponserversion 1, Z(6), Time, ClientChallenge, Z(4),
    /// ServerName (the AV pairs, EOL included), Z(4).
    /// </summary>
    public static byte[] BuildTemp(ulong timestamp, ReadOnlySpan<byte> clientChallenge, ReadOnlySpan<byte> avPairs)
    {
        var temp = new byte[28 + avPairs.Length + 4];
        temp[0] = 1;
        temp[1] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(temp.AsSpan(8), timestamp);
        clientChallenge[..8].CopyTo(temp.AsSpan(16));
        avPairs.CopyTo(temp.AsSpan(28));
        return temp;
    }

    /// <summary>NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp) (MS-NLMP 3.3.2).</summary>
    public static byte[] NtProofStr(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> temp)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyNt);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(temp);
        return hmac.GetHashAndReset();
    }

    /// <summary>LMv2 = HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge (MS-NLMP 3.3.2).</summary>
    public static byte[] LmV2Response(ReadOnlySpan<byte> responseKeyLm, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> clientChallenge)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyLm);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(clientChallenge);
        var response = new byte[24];
        hmac.GetHashAndReset(response);
        clientChallenge[..8].CopyTo(response.AsSpan(16));
        return response;
    }

    /// <summary>NTLMv1 SessionBaseKey = MD4(NTOWFv1) (MS-NLMP 3.3.1).</summary>
    public static byte[] SessionBaseKeyV1(ReadOnlySpan<byte> ntHash) => Md4.HashData(ntHash);

    /// <summary>KXKEY for NTLMv1 with extended session security: HMAC_MD5(SessionBaseKey, ServerChallenge || LmChallengeResponse[0..7]) (MS-NLMP 3.4.5.1).</summary>
    public static byte[] KeyExchangeKeyV1Extended(ReadOnlySpan<byte> sessionBaseKey, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> lmResponse)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, sessionBaseKey);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(lmResponse[..8]);
        return hmac.GetHashAndReset();
    }

    /// <summary>SIGNKEY (MS-NLMP 3.4.5.2); only defined with extended session security.</summary>
    public static byte[] SignKey(ReadOnlySpan<byte> exportedSessionKey, bool clientToServer) =>
        Md5Concat(exportedSessionKey, clientToServer ? ClientSignMagic : ServerSignMagic);

    /// <summary>SEALKEY (MS-NLMP 3.4.5.3).</summary>
    public static byte[] SealKey(NtlmNegotiateFlags flags, ReadOnlySpan<byte> exportedSessionKey, bool clientToServer)
    {
        if ((flags & NtlmNegotiateFlags.ExtendedSessionSecurity) != 0)
        {
            ReadOnlySpan<byte> key = (flags & NtlmNegotiateFlags.Negotiate128) != 0 ? exportedSessionKey
                : (flags & NtlmNegotiateFlags.Negotiate56) != 0 ? exportedSessionKey[..7]
                : exportedSessionKey[..5];
            return Md5Concat(key, clientToServer ? ClientSealMagic : ServerSealMagic);
        }

        if ((flags & NtlmNegotiateFlags.LmKey) != 0)
        {
            // Never negotiated by this implementation, kept for completeness of SEALKEY.
            return (flags & NtlmNegotiateFlags.Negotiate56) != 0
                ? [.. exportedSessionKey[..7], 0xA0]
                : [.. exportedSessionKey[..5], 0xE5, 0x38, 0xB0];
        }

        return exportedSessionKey.ToArray();
    }

    public static byte[] HmacMd5(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, key);
        hmac.AppendData(data);
        return hmac.GetHashAndReset();
    }

    private static byte[] Md5Concat(ReadOnlySpan<byte> key, ReadOnlySpan<byte> magic)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(key);
        md5.AppendData(magic);
        return md5.GetHashAndReset();
    }
}
