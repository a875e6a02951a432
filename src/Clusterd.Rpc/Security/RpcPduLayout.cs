namespace Clusterd.Rpc.Security;

/// <summary>
/// Where the stub (+ auth pad) of a connection-oriented PDU sits, for the one algorithm that needs it without being
/// told: NTLMv1 signing, whose CRC covers stub + pad only (MS-NLMP 3.4.4.1, Samba dcerpc_pkt_auth.c).
/// <see cref="IRpcSecurityContext.Sign"/> receives the whole PDU through the sec_trailer, so the region is derived
/// from the header: 24 bytes for request/response, 40 for a request with PFC_OBJECT_UUID, up to the 8-byte sec_trailer.
/// </summary>
internal static class RpcPduLayout
{
    private const int SecTrailerSize = 8;
    private const byte PtypeRequest = 0;
    private const byte PtypeResponse = 2;
    private const byte PfcObjectUuid = 0x80;

    public static Range StubRegion(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < 16)
        {
            return new Range(pdu.Length, pdu.Length);
        }

        int start = pdu[2] switch
        {
            PtypeRequest => (pdu[3] & PfcObjectUuid) != 0 ? 40 : 24,
            PtypeResponse => 24,
            _ => 16,
        };
        int end = pdu.Length - SecTrailerSize;
        return start <= end ? new Range(start, end) : new Range(pdu.Length, pdu.Length);
    }
}
