using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The cluster-wide structures and the message whose NDR is more than its parameter list (the others are declared in
// Methods.cs): ApiSetServiceAccountPassword's answer, a conformant varying array of structures (and no rpc_status).

/// <summary>CLUSTER_OPERATIONAL_VERSION_INFO (MS-CMRP 2.2.3.1): five DWORDs.</summary>
/// <param name="Size">dwSize: the structure's size, 20.</param>
/// <param name="ClusterHighestVersion">dwClusterHighestVersion.</param>
/// <param name="ClusterLowestVersion">dwClusterLowestVersion.</param>
/// <param name="Flags">dwFlags.</param>
/// <param name="Reserved">dwReserved.</param>
public readonly record struct ClusterOperationalVersionInfo(uint Size, uint ClusterHighestVersion, uint ClusterLowestVersion, uint Flags, uint Reserved)
{
    /// <summary>The structure's size on the wire and in dwSize.</summary>
    public const uint WireSize = 20;

    internal void Write(NdrWriter writer)
    {
        writer.WriteUInt32(Size);
        writer.WriteUInt32(ClusterHighestVersion);
        writer.WriteUInt32(ClusterLowestVersion);
        writer.WriteUInt32(Flags);
        writer.WriteUInt32(Reserved);
    }

    internal static ClusterOperationalVersionInfo Read(NdrReader reader) =>
        new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
}

/// <summary>IDL_CLUSTER_SET_PASSWORD_STATUS (MS-CMRP 2.2.3.6): u32 NodeId, u8 SetAttempted, u32 ReturnStatus (12 bytes with padding).</summary>
/// <param name="NodeId">NodeId.</param>
/// <param name="SetAttempted">SetAttempted.</param>
/// <param name="ReturnStatus">ReturnStatus.</param>
public readonly record struct SetPasswordStatus(uint NodeId, bool SetAttempted, Win32Error ReturnStatus)
{
    /// <summary>The bytes one entry takes: u32, u8 and 3 bytes of padding, u32.</summary>
    internal const int WireSize = 12;

    internal void Write(NdrWriter writer)
    {
        writer.WriteUInt32(NodeId);
        writer.WriteBoolean8(SetAttempted);
        writer.WriteError(ReturnStatus);
    }

    internal static SetPasswordStatus Read(NdrReader reader)
    {
        var node = reader.ReadUInt32();
        var attempted = reader.ReadBoolean8();
        return new(node, attempted, reader.ReadError());
    }
}

/// <summary>
/// ApiSetServiceAccountPassword's answer: <c>→ IDL_CLUSTER_SET_PASSWORD_STATUS ReturnStatusBufferPtr
/// [size_is(ReturnStatusBufferSize), length_is(*SizeReturned)] (max_count, offset 0, actual_count, entries), u32
/// SizeReturned, u32 ExpectedBufferSize, result</c>; there is no rpc_status (MS-CMRP 3.1.4.2.108).
/// </summary>
/// <param name="ReturnStatusBufferSize">The array's max_count: the request's ReturnStatusBufferSize.</param>
/// <param name="Statuses">The entries returned (the array's actual_count entries).</param>
/// <param name="SizeReturned">SizeReturned.</param>
/// <param name="ExpectedBufferSize">ExpectedBufferSize.</param>
/// <param name="Result">The method result.</param>
public readonly record struct SetServiceAccountPasswordResponse(uint ReturnStatusBufferSize, IReadOnlyList<SetPasswordStatus> Statuses,
    uint SizeReturned, uint ExpectedBufferSize, Win32Error Result) : IClusApiMessage<SetServiceAccountPasswordResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var statuses = Statuses ?? [];
        if (statuses.Count > ReturnStatusBufferSize)
        {
            throw new NdrException($"{statuses.Count} password status entries do not fit ReturnStatusBufferSize {ReturnStatusBufferSize}.");
        }
        writer.WriteVaryingHeader(ReturnStatusBufferSize, statuses.Count);
        foreach (var s in statuses)
        {
            s.Write(writer);
        }
        writer.WriteUInt32(SizeReturned);
        writer.WriteUInt32(ExpectedBufferSize);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static SetServiceAccountPasswordResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // Each entry takes 12 bytes: a count the stub cannot hold is refused before allocating.
        var (max, actual) = reader.ReadVaryingHeader(SetPasswordStatus.WireSize, "Password status array");
        var statuses = new SetPasswordStatus[actual];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = SetPasswordStatus.Read(reader);
        }
        var returned = reader.ReadUInt32();
        var expected = reader.ReadUInt32();
        return new(max, statuses, returned, expected, reader.ReadError());
    }
}
