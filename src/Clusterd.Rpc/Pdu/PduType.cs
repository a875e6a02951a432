namespace Clusterd.Rpc.Pdu;

/// <summary>PTYPE of a connection-oriented PDU (C706 12.6.4, MS-RPCE 2.2.2.1).</summary>
public enum PduType : byte
{
    /// <summary>request (C→S).</summary>
    Request = 0,
    /// <summary>response (S→C).</summary>
    Response = 2,
    /// <summary>fault (S→C).</summary>
    Fault = 3,
    /// <summary>bind (C→S).</summary>
    Bind = 11,
    /// <summary>bind_ack (S→C).</summary>
    BindAck = 12,
    /// <summary>bind_nak (S→C).</summary>
    BindNak = 13,
    /// <summary>alter_context (C→S).</summary>
    AlterContext = 14,
    /// <summary>alter_context_resp (S→C).</summary>
    AlterContextResp = 15,
    /// <summary>rpc_auth_3 (C→S), no reply.</summary>
    Auth3 = 16,
    /// <summary>shutdown (S→C).</summary>
    Shutdown = 17,
    /// <summary>co_cancel (C→S).</summary>
    CoCancel = 18,
    /// <summary>orphaned (C→S).</summary>
    Orphaned = 19,
}

/// <summary>pfc_flags of the common header (C706 12.6.3.1, MS-RPCE 2.2.2.3).</summary>
[Flags]
public enum PfcFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>PFC_FIRST_FRAG.</summary>
    FirstFrag = 0x01,
    /// <summary>PFC_LAST_FRAG.</summary>
    LastFrag = 0x02,
    /// <summary>PFC_PENDING_CANCEL on request/response; PFC_SUPPORT_HEADER_SIGN on bind/bind_ack/alter.</summary>
    PendingCancelOrHeaderSign = 0x04,
    /// <summary>Reserved.</summary>
    Reserved8 = 0x08,
    /// <summary>PFC_CONC_MPX.</summary>
    ConcMpx = 0x10,
    /// <summary>PFC_DID_NOT_EXECUTE.</summary>
    DidNotExecute = 0x20,
    /// <summary>PFC_MAYBE.</summary>
    Maybe = 0x40,
    /// <summary>PFC_OBJECT_UUID: a request carries a 16-byte object UUID.</summary>
    ObjectUuid = 0x80,
    /// <summary>FIRST | LAST: a single-fragment PDU.</summary>
    FirstAndLast = FirstFrag | LastFrag,
}

/// <summary>Why a fragment could not be parsed. Every malformed input has a name.</summary>
public enum PduRejectReason
{
    /// <summary>Parsed successfully.</summary>
    None = 0,
    /// <summary>Fewer bytes than the PDU type needs.</summary>
    Truncated,
    /// <summary>frag_length differs from the bytes handed to the parser, or is below 16.</summary>
    FragLengthMismatch,
    /// <summary>frag_length above the allowed maximum.</summary>
    FragmentTooLarge,
    /// <summary>auth_length does not fit in the fragment.</summary>
    AuthLengthTooLarge,
    /// <summary>rpc_vers is not 5 or rpc_vers_minor not 0/1.</summary>
    BadVersion,
    /// <summary>packed_drep is not little-endian ASCII IEEE.</summary>
    UnsupportedDataRepresentation,
    /// <summary>PTYPE differs from the one the parser expects, or is unknown.</summary>
    UnexpectedType,
    /// <summary>auth_pad_length larger than the bytes before the trailer.</summary>
    BadAuthPad,
    /// <summary>The sec_trailer does not start on a 4-byte boundary.</summary>
    MisalignedTrailer,
    /// <summary>bind/alter with no presentation context, or a context with no transfer syntax.</summary>
    BadContextList,
    /// <summary>A body field is inconsistent (e.g. sec_addr longer than the PDU).</summary>
    BadBody,
}
