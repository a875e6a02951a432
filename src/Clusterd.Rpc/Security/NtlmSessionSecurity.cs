using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Clusterd.Rpc.Security;

/// <summary>
/// NTLM session security for one side of an established context (MS-NLMP 3.4): message signatures, sealing,
/// sequence numbers and the RC4 handles.
/// <list type="bullet">
/// <item>With extended session security (ESS): separate sign/seal keys, RC4 handles and sequence counters per
/// direction; checksum = HMAC_MD5(SignKey, seq || message)[0..8], RC4-encrypted with the sending handle when KEY_EXCH
/// (MS-NLMP 3.4.4.2).</item>
/// <item>Without ESS (NTLMv1 style, Samba anonymous logins): one RC4 handle keyed with SEALKEY and one sequence counter,
/// both shared by the two directions; signature = 1 || RC4(pad || CRC32 || seq) (MS-NLMP 3.4.4.1).</item>
/// </list>
/// Every call consumes one sequence number of its direction, whether or not a verification succeeds.
/// </summary>
internal sealed class NtlmSessionSecurity
{
    public const int SignatureSize = 16;

    private const uint SignatureVersion = 1;
    private const int ChecksumSize = 8;

    private readonly bool _extended;
    private readonly bool _keyExchange;
    private readonly HmacMd5? _sendSign;
    private readonly HmacMd5? _receiveSign;
    private readonly byte[] _sendSealKey;
    private readonly byte[] _receiveSealKey;
    private Rc4 _sendHandle;
    private Rc4 _receiveHandle;
    private uint _sendSequence;
    private uint _receiveSequence;

    public NtlmSessionSecurity(NtlmNegotiateFlags flags, ReadOnlySpan<byte> exportedSessionKey, bool isServer)
    {
        NegotiatedFlags = flags;
        _extended = (flags & NtlmNegotiateFlags.ExtendedSessionSecurity) != 0;
        _keyExchange = (flags & NtlmNegotiateFlags.KeyExchange) != 0;
        if (_extended)
        {
            // MS-NLMP 3.4.5.2 / 3.4.5.3: the client sends with the client-to-server keys, the server with the others.
            _sendSign = new HmacMd5(NtlmCrypto.SignKey(exportedSessionKey, clientToServer: !isServer));
            _receiveSign = new HmacMd5(NtlmCrypto.SignKey(exportedSessionKey, clientToServer: isServer));
            _sendSealKey = NtlmCrypto.SealKey(flags, exportedSessionKey, clientToServer: !isServer);
            _receiveSealKey = NtlmCrypto.SealKey(flags, exportedSessionKey, clientToServer: isServer);
        }
        else
        {
            _sendSealKey = _receiveSealKey = NtlmCrypto.SealKey(flags, exportedSessionKey, clientToServer: !isServer);
        }

        (_sendHandle, _receiveHandle) = CreateHandles();
    }

    public NtlmNegotiateFlags NegotiatedFlags { get; }

    public bool IsExtended => _extended;

    /// <summary>
    /// Re-initialises the RC4 handles from the keys, keeping the sequence numbers: what both sides do after the SPNEGO
    /// mechListMIC exchange (MS-SPNG 3.3.5.1; Samba gensec_may_reset_crypto).
    /// </summary>
    public void ResetHandles() => (_sendHandle, _receiveHandle) = CreateHandles();

    /// <summary>Signs a whole DCE/RPC PDU (through the sec_trailer); see <see cref="RpcPduLayout"/> for the NTLMv1 CRC region.</summary>
    public void SignPdu(ReadOnlySpan<byte> pdu, Span<byte> signature) => Sign(pdu, RpcPduLayout.StubRegion(pdu), signature);

    /// <summary>Verifies the signature of a whole DCE/RPC PDU (through the sec_trailer).</summary>
    public bool VerifyPdu(ReadOnlySpan<byte> pdu, ReadOnlySpan<byte> signature) => Verify(pdu, RpcPduLayout.StubRegion(pdu), signature);

    /// <summary>Signs <paramref name="message"/>; without ESS the CRC covers only <paramref name="crcRegion"/>.</summary>
    public void Sign(ReadOnlySpan<byte> message, Range crcRegion, Span<byte> signature)
    {
        RequireSignatureSpace(signature);
        if (_extended)
        {
            WriteExtendedSignature(message, _sendSign!, _sendHandle, _sendSequence++, signature);
        }
        else
        {
            WriteV1Signature(message[crcRegion], _sendHandle, _sendSequence++, signature);
        }
    }

    /// <summary>Checks a signature made by the peer; false on any mismatch, including an unexpected sequence number.</summary>
    public bool Verify(ReadOnlySpan<byte> message, Range crcRegion, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[SignatureSize];
        if (_extended)
        {
            WriteExtendedSignature(message, _receiveSign!, _receiveHandle, _receiveSequence++, expected);
            return signature.Length == SignatureSize && CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        // Shared handle and counter: run RC4 over all 12 bytes to stay in step, compare version, checksum and seq
        // only; the RandomPad is not checked (MS-NLMP 3.4.4.1; Samba sends it encrypted).
        WriteV1Signature(message[crcRegion], _sendHandle, _sendSequence++, expected);
        return signature.Length == SignatureSize
            && CryptographicOperations.FixedTimeEquals(expected[..4], signature[..4])
            && CryptographicOperations.FixedTimeEquals(expected[8..], signature[8..]);
    }

    /// <summary>
    /// Encrypts <paramref name="region"/> of <paramref name="message"/> in place and signs the plaintext message: RC4 of
    /// the data first, then RC4 of the checksum, on the same sending handle (MS-NLMP 3.4.3, 3.4.4.2).
    /// </summary>
    public void Seal(Span<byte> message, Range region, Span<byte> signature)
    {
        RequireSignatureSpace(signature);
        if (_extended)
        {
            Span<byte> checksum = stackalloc byte[16];
            uint sequence = _sendSequence++;
            ComputeHmac(message, _sendSign!, sequence, checksum);
            _sendHandle.Transform(message[region]);
            WriteExtendedFromChecksum(checksum[..ChecksumSize], _sendHandle, sequence, signature);
        }
        else
        {
            uint crc = Crc32.Compute(message[region]);
            _sendHandle.Transform(message[region]);
            WriteV1FromCrc(crc, _sendHandle, _sendSequence++, signature);
        }
    }

    /// <summary>Decrypts <paramref name="region"/> in place, then verifies the signature over the plaintext message.</summary>
    public bool Unseal(Span<byte> message, Range region, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[SignatureSize];
        if (_extended)
        {
            Span<byte> checksum = stackalloc byte[16];
            uint sequence = _receiveSequence++;
            _receiveHandle.Transform(message[region]);
            ComputeHmac(message, _receiveSign!, sequence, checksum);
            WriteExtendedFromChecksum(checksum[..ChecksumSize], _receiveHandle, sequence, expected);
            return signature.Length == SignatureSize && CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        _sendHandle.Transform(message[region]);
        WriteV1FromCrc(Crc32.Compute(message[region]), _sendHandle, _sendSequence++, expected);
        return signature.Length == SignatureSize
            && CryptographicOperations.FixedTimeEquals(expected[..4], signature[..4])
            && CryptographicOperations.FixedTimeEquals(expected[8..], signature[8..]);
    }

    private (Rc4 Send, Rc4 Receive) CreateHandles()
    {
        var send = new Rc4(_sendSealKey);
        return _extended ? (send, new Rc4(_receiveSealKey)) : (send, send);
    }

    private static void RequireSignatureSpace(Span<byte> signature)
    {
        if (signature.Length < SignatureSize)
        {
            throw new ArgumentException("An NTLM signature is 16 bytes.", nameof(signature));
        }
    }

    private void WriteExtendedSignature(ReadOnlySpan<byte> message, HmacMd5 signKey, Rc4 handle, uint sequence, Span<byte> signature)
    {
        Span<byte> checksum = stackalloc byte[16];
        ComputeHmac(message, signKey, sequence, checksum);
        WriteExtendedFromChecksum(checksum[..ChecksumSize], handle, sequence, signature);
    }

    // MS-NLMP 3.4.4.2: HMAC_MD5(SigningKey, ConcatenationOf(SeqNum, Message)), fed without copying the message. The
    // key is fixed for the session, so its HMAC pad states are computed once (HmacMd5), not per fragment.
    private static void ComputeHmac(ReadOnlySpan<byte> message, HmacMd5 signKey, uint sequence, Span<byte> digest)
    {
        Span<byte> seq = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(seq, sequence);
        signKey.Compute(seq, message, digest);
    }

    private void WriteExtendedFromChecksum(Span<byte> checksum, Rc4 handle, uint sequence, Span<byte> signature)
    {
        if (_keyExchange)
        {
            handle.Transform(checksum);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(signature, SignatureVersion);
        checksum.CopyTo(signature[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(signature[12..], sequence);
    }

    private static void WriteV1Signature(ReadOnlySpan<byte> crcData, Rc4 handle, uint sequence, Span<byte> signature) =>
        WriteV1FromCrc(Crc32.Compute(crcData), handle, sequence, signature);

    // MS-NLMP 3.4.4.1: RandomPad (0), CRC32(message), SeqNum, all three RC4'd on the one handle. The encrypted pad is
    // sent as Samba does and as the assembled signature of MS-NLMP 4.2.2.4 shows.
    private static void WriteV1FromCrc(uint crc, Rc4 handle, uint sequence, Span<byte> signature)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(signature, SignatureVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(signature[4..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(signature[8..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(signature[12..], sequence);
        handle.Transform(signature[4..SignatureSize]);
    }
}
