namespace Clusterd.ClusApi;

/// <summary>
/// The outcome of a control method's output stage (MS-CMRP 3.1.4.2.74): the error, *lpBytesReturned,
/// *lpcbRequired and the bytes to put in lpOutBuffer. Never more than nOutBufferSize bytes: when the produced
/// output does not fit, the answer is ERROR_MORE_DATA with lpBytesReturned = 0, lpcbRequired = the full length and
/// no bytes (MS-CMRP 3.1.4.2.74; Samba's NDR client checks the array against nOutBufferSize). On success lpcbRequired equals lpBytesReturned, so it is 0 when
/// nothing was written, as the spec requires.
/// </summary>
/// <param name="Error">The method's return value.</param>
/// <param name="BytesReturned">*lpBytesReturned.</param>
/// <param name="BytesRequired">*lpcbRequired.</param>
/// <param name="Data">The bytes to return (length = <paramref name="BytesReturned"/>).</param>
public readonly record struct ControlOutput(Win32Error Error, uint BytesReturned, uint BytesRequired, ReadOnlyMemory<byte> Data)
{
    /// <summary>Success with no output: lpBytesReturned = lpcbRequired = 0.</summary>
    public static ControlOutput Empty => new(Win32Error.Success, 0, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>Fits <paramref name="produced"/> into a client buffer of <paramref name="outBufferSize"/> bytes.</summary>
    /// <returns>Success with the bytes, or <see cref="Win32Error.MoreData"/> with lpcbRequired = produced length.</returns>
    public static ControlOutput FromProduced(ReadOnlyMemory<byte> produced, uint outBufferSize)
    {
        uint length = checked((uint)produced.Length);
        if (length > outBufferSize)
        {
            // MS-CMRP 3.1.4.2.74: too small → ERROR_MORE_DATA and the required size.
            return new ControlOutput(Win32Error.MoreData, 0, length, ReadOnlyMemory<byte>.Empty);
        }

        return new ControlOutput(Win32Error.Success, length, length, produced);
    }

    /// <summary>
    /// Like <see cref="FromProduced"/>, but an output the client did not ask for (<paramref name="outBufferSize"/> = 0)
    /// is success with nothing written (the DIRECTIO codes: MS-CMRP 3.1.4.3.1.52/53; docs/behaviour.md, "DIRECTIO output size").
    /// </summary>
    public static ControlOutput FromOptional(ReadOnlyMemory<byte> produced, uint outBufferSize) =>
        outBufferSize == 0 ? Empty : FromProduced(produced, outBufferSize);

    /// <summary>A failed call: the error, no bytes, lpcbRequired = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The error is ERROR_SUCCESS or ERROR_MORE_DATA.</exception>
    public static ControlOutput Failure(Win32Error error)
    {
        if (error is Win32Error.Success or Win32Error.MoreData)
        {
            ThrowHelper.InvalidEnum(nameof(error), error);
        }

        return new ControlOutput(error, 0, 0, ReadOnlyMemory<byte>.Empty);
    }
}
