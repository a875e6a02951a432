using System.Globalization;

namespace Clusterd.Rpc;

/// <summary>
/// A call ended in a fault PDU. Thrown by <see cref="Client.RpcClient"/> when the server faults, and may be thrown by a
/// dispatcher to make the server answer with a fault of <see cref="Status"/>.
/// </summary>
public sealed class RpcFaultException : Exception
{
    /// <summary>Creates a fault with nca_s_fault_unspec.</summary>
    public RpcFaultException()
        : this(Pdu.RpcStatus.Unspecified)
    {
    }

    /// <summary>Creates a fault with nca_s_fault_unspec and a message.</summary>
    public RpcFaultException(string message)
        : base(message) => Status = Pdu.RpcStatus.Unspecified;

    /// <summary>Creates a fault with nca_s_fault_unspec, a message and an inner exception.</summary>
    public RpcFaultException(string message, Exception innerException)
        : base(message, innerException) => Status = Pdu.RpcStatus.Unspecified;

    /// <summary>Creates a fault with <paramref name="status"/>.</summary>
    public RpcFaultException(uint status)
        : base(string.Create(CultureInfo.InvariantCulture, $"DCE/RPC fault 0x{status:x8}.")) => Status = status;

    /// <summary>The fault status (nca_s_* or a Win32 code).</summary>
    public uint Status { get; }
}

/// <summary>A bind or alter_context was refused: bind_nak, or the interface context was not accepted.</summary>
public sealed class RpcBindException : Exception
{
    /// <summary>Creates an exception.</summary>
    public RpcBindException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public RpcBindException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public RpcBindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The bind_nak reason, when the server sent one.</summary>
    public Pdu.BindNakReason? NakReason { get; init; }

    /// <summary>The result for the interface's context, when the server sent a bind_ack that did not accept it.</summary>
    public Pdu.ContextResult? ContextResult { get; init; }
}
