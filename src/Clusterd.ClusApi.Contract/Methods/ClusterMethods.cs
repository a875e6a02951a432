using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The cluster-wide messages whose NDR is more than their parameter list (the others are declared in Methods.cs): a
// pointer to a structure (ApiGetClusterVersion2) and a conformant varying array of structures
// (ApiSetServiceAccountPassword, which has no rpc_status).

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
}

/// <summary>
/// ApiGetClusterVersion2's answer: <c>→ u16 lpwMajorVersion, u16 lpwMinorVersion, u16 lpwBuildNumber, Sout
/// lpszVendorId, Sout lpszCSDVersion, [out] PCLUSTER_OPERATIONAL_VERSION_INFO * (referent, then 5 × u32),
/// rpc_status, result</c> (MS-CMRP 3.1.4.2.102).
/// </summary>
/// <param name="MajorVersion">lpwMajorVersion.</param>
/// <param name="MinorVersion">lpwMinorVersion.</param>
/// <param name="BuildNumber">lpwBuildNumber.</param>
/// <param name="VendorId">lpszVendorId; null for a NULL pointer.</param>
/// <param name="CsdVersion">lpszCSDVersion; null for a NULL pointer.</param>
/// <param name="VersionInfo">ppClusterOpVerInfo; null for a NULL pointer.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct GetClusterVersion2Response(ushort MajorVersion, ushort MinorVersion, ushort BuildNumber, string? VendorId,
    string? CsdVersion, ClusterOperationalVersionInfo? VersionInfo, Win32Error Result, uint RpcStatus = 0) : IClusApiMessage<GetClusterVersion2Response>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt16(MajorVersion);
        writer.WriteUInt16(MinorVersion);
        writer.WriteUInt16(BuildNumber);
        writer.WriteOutString(VendorId);
        writer.WriteOutString(CsdVersion);
        if (writer.WriteReferentId(VersionInfo.HasValue))
        {
            var v = VersionInfo!.Value;
            writer.WriteUInt32(v.Size);
            writer.WriteUInt32(v.ClusterHighestVersion);
            writer.WriteUInt32(v.ClusterLowestVersion);
            writer.WriteUInt32(v.Flags);
            writer.WriteUInt32(v.Reserved);
        }
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetClusterVersion2Response Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var major = reader.ReadUInt16();
        var minor = reader.ReadUInt16();
        var build = reader.ReadUInt16();
        var vendor = reader.ReadOutString();
        var csd = reader.ReadOutString();
        ClusterOperationalVersionInfo? info = null;
        if (reader.ReadReferentId() != 0)
        {
            info = new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        }
        var rpcStatus = reader.ReadUInt32();
        return new(major, minor, build, vendor, csd, info, reader.ReadError(), rpcStatus);
    }
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
