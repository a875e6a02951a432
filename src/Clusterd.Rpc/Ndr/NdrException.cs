using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Ndr;

/// <summary>
/// Stub data that cannot be unmarshalled (or marshalled). The server turns it into a fault with
/// <see cref="Status"/>: RPC_X_BAD_STUB_DATA by default (what Windows and Samba send for nca_s_fault_ndr).
/// </summary>
public sealed class NdrException : Exception
{
    /// <summary>Creates an exception with RPC_X_BAD_STUB_DATA.</summary>
    public NdrException()
        : this("Malformed NDR stub data.")
    {
    }

    /// <summary>Creates an exception with RPC_X_BAD_STUB_DATA.</summary>
    public NdrException(string message)
        : this(message, RpcStatus.BadStubData)
    {
    }

    /// <summary>Creates an exception with RPC_X_BAD_STUB_DATA.</summary>
    public NdrException(string message, Exception innerException)
        : base(message, innerException) => Status = RpcStatus.BadStubData;

    /// <summary>Creates an exception with a specific fault status.</summary>
    public NdrException(string message, uint status)
        : base(message) => Status = status;

    /// <summary>The fault status the server answers with.</summary>
    public uint Status { get; }

    /// <summary>An unknown union discriminant: nca_s_fault_invalid_tag (C706 14.3.8, appendix E).</summary>
    public static NdrException InvalidTag(long discriminant) =>
        new($"Unknown union discriminant {discriminant}.", RpcStatus.InvalidTag);
}
