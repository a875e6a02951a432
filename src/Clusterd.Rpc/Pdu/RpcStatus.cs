namespace Clusterd.Rpc.Pdu;

/// <summary>Fault status codes a server sends (C706 appendix E, MS-RPCE 2.2.2.8; Samba dcesrv_core.c for which one when).</summary>
public static class RpcStatus
{
    /// <summary>ERROR_ACCESS_DENIED / rpc_s_access_denied.</summary>
    public const uint AccessDenied = 0x00000005;
    /// <summary>nca_s_comm_failure.</summary>
    public const uint CommFailure = 0x1C010001;
    /// <summary>nca_s_op_rng_error: opnum not implemented.</summary>
    public const uint OpRangeError = 0x1C010002;
    /// <summary>nca_s_unk_if: unknown or unaccepted context id.</summary>
    public const uint UnknownInterface = 0x1C010003;
    /// <summary>nca_s_proto_error: malformed or out-of-order PDU; the connection is closed after it.</summary>
    public const uint ProtocolError = 0x1C01000B;
    /// <summary>nca_s_fault_invalid_tag: bad union discriminant.</summary>
    public const uint InvalidTag = 0x1C000006;
    /// <summary>nca_s_fault_invalid_bound.</summary>
    public const uint InvalidBound = 0x1C000007;
    /// <summary>nca_s_fault_unspec.</summary>
    public const uint Unspecified = 0x1C000012;
    /// <summary>nca_s_fault_context_mismatch: unknown or closed context handle.</summary>
    public const uint ContextMismatch = 0x1C00001A;
    /// <summary>nca_s_fault_remote_no_memory.</summary>
    public const uint RemoteNoMemory = 0x1C00001B;
    /// <summary>nca_s_invalid_pres_context_id.</summary>
    public const uint InvalidPresContextId = 0x1C00001C;
    /// <summary>nca_s_unsupported_authn_level.</summary>
    public const uint UnsupportedAuthnLevel = 0x1C00001D;
    /// <summary>nca_s_invalid_checksum.</summary>
    public const uint InvalidChecksum = 0x1C00001F;
    /// <summary>RPC_S_CANNOT_SUPPORT.</summary>
    public const uint CannotSupport = 0x000006D8;
    /// <summary>RPC_X_BAD_STUB_DATA (nca_s_fault_ndr): stub failed to unmarshal.</summary>
    public const uint BadStubData = 0x000006F7;
    /// <summary>RPC_S_SEC_PKG_ERROR: signature or decryption failure.</summary>
    public const uint SecurityPackageError = 0x00000721;
    /// <summary>RPC_S_NO_CALL_ACTIVE.</summary>
    public const uint NoCallActive = 0x000006BD;
}
