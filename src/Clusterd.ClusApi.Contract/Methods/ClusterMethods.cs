using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

// The cluster-wide methods (MS-CMRP 3.1.4.2.1-6, 102, 104, 108, 116): open/close, name, version, quorum, and the ones
// Windows does not implement. Several have [out] shapes of their own: ApiOpenCluster, ApiOpenClusterEx,
// ApiGetClusterName, ApiGetClusterVersion and ApiSetServiceAccountPassword have no rpc_status.

/// <summary>ApiOpenCluster (opnum 0, MS-CMRP 3.1.4.2.1): <c>– → Status, HCLUSTER_RPC</c>; no [in] parameters.</summary>
public readonly record struct OpenClusterRequest : IClusApiRequest<OpenClusterRequest, OpenClusterResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenCluster;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static OpenClusterRequest Read(NdrReader reader) => default;
}

/// <summary>
/// ApiOpenCluster's answer: <c>→ Status, HCLUSTER_RPC</c>; there is no rpc_status (MS-CMRP 3.1.4.2.1). The handle is
/// the function result, NULL unless Status is 0.
/// </summary>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The cluster handle.</param>
public readonly record struct OpenClusterResponse(Win32Error Status, ClusterHandle Handle) : IClusApiMessage<OpenClusterResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteError(Status);
        writer.WriteHandle(Handle);
    }

    /// <inheritdoc />
    public static OpenClusterResponse Read(NdrReader reader)
    {
        var status = reader.ReadError();
        return new(status, reader.ReadHandle<ClusterHandle>());
    }
}

/// <summary>ApiOpenClusterEx (opnum 117, MS-CMRP 3.1.4.2.116): <c>u32 dwDesiredAccess → u32 granted, Status, HCLUSTER_RPC</c>.</summary>
/// <param name="DesiredAccess">dwDesiredAccess (CLUSAPI_READ_ACCESS, CLUSAPI_ALL_ACCESS, MAXIMUM_ALLOWED, ...).</param>
public readonly record struct OpenClusterExRequest(uint DesiredAccess) : IClusApiRequest<OpenClusterExRequest, OpenClusterExResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiOpenClusterEx;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(DesiredAccess);
    }

    /// <inheritdoc />
    public static OpenClusterExRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadUInt32());
    }
}

/// <summary>ApiOpenClusterEx's answer: <c>→ u32 lpdwGrantedAccess, Status, HCLUSTER_RPC</c>; there is no rpc_status (MS-CMRP 3.1.4.2.116).</summary>
/// <param name="GrantedAccess">The access granted (0 on failure).</param>
/// <param name="Status">The Status out-parameter.</param>
/// <param name="Handle">The cluster handle; NULL unless Status is 0.</param>
public readonly record struct OpenClusterExResponse(uint GrantedAccess, Win32Error Status, ClusterHandle Handle) : IClusApiMessage<OpenClusterExResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(GrantedAccess);
        writer.WriteError(Status);
        writer.WriteHandle(Handle);
    }

    /// <inheritdoc />
    public static OpenClusterExResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var granted = reader.ReadUInt32();
        var status = reader.ReadError();
        return new(granted, status, reader.ReadHandle<ClusterHandle>());
    }
}

/// <summary>ApiCloseCluster (opnum 1, MS-CMRP 3.1.4.2.2): <c>[in, out] HCLUSTER_RPC → NULL, result</c>.</summary>
/// <param name="Cluster">The handle to close.</param>
public readonly record struct CloseClusterRequest(ClusterHandle Cluster) : IClusApiRequest<CloseClusterRequest, CloseResponse<ClusterHandle>>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiCloseCluster;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteHandle(Cluster);

    /// <inheritdoc />
    public static CloseClusterRequest Read(NdrReader reader) => new(reader.ReadHandle<ClusterHandle>());
}

/// <summary>ApiSetClusterName (opnum 2, MS-CMRP 3.1.4.2.3): <c>Sin NewClusterName → rpc_status, result</c>.</summary>
/// <param name="NewClusterName">The new cluster name.</param>
public readonly record struct SetClusterNameRequest(string NewClusterName) : IClusApiRequest<SetClusterNameRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetClusterName;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(NewClusterName);

    /// <inheritdoc />
    public static SetClusterNameRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadConformantVaryingString());
    }
}

/// <summary>ApiGetClusterName (opnum 3, MS-CMRP 3.1.4.2.4): <c>– → Sout ClusterName, Sout NodeName, result</c>; no [in] parameters.</summary>
public readonly record struct GetClusterNameRequest : IClusApiRequest<GetClusterNameRequest, GetClusterNameResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetClusterName;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static GetClusterNameRequest Read(NdrReader reader) => default;
}

/// <summary>ApiGetClusterName's answer: <c>→ Sout ClusterName, Sout NodeName, result</c>; there is no rpc_status (MS-CMRP 3.1.4.2.4).</summary>
/// <param name="ClusterName">The cluster's name; null (a NULL pointer) on failure.</param>
/// <param name="NodeName">The name of the node answering; null on failure.</param>
/// <param name="Result">The method result.</param>
public readonly record struct GetClusterNameResponse(string? ClusterName, string? NodeName, Win32Error Result) : IClusApiMessage<GetClusterNameResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        writer.WriteOutString(ClusterName);
        writer.WriteOutString(NodeName);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetClusterNameResponse Read(NdrReader reader)
    {
        var cluster = reader.ReadOutString();
        var node = reader.ReadOutString();
        return new(cluster, node, reader.ReadError());
    }
}

/// <summary>
/// ApiGetClusterVersion (opnum 4, MS-CMRP 3.1.4.2.5): <c>– → u16 major, u16 minor, u16 build, Sout VendorId, Sout
/// CSDVersion, result</c>; no [in] parameters. Servers fail it with ERROR_CALL_NOT_IMPLEMENTED.
/// </summary>
public readonly record struct GetClusterVersionRequest : IClusApiRequest<GetClusterVersionRequest, GetClusterVersionResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetClusterVersion;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static GetClusterVersionRequest Read(NdrReader reader) => default;
}

/// <summary>
/// ApiGetClusterVersion's answer: <c>→ u16 lpwMajorVersion, u16 lpwMinorVersion, u16 lpwBuildNumber, Sout
/// lpszVendorId, Sout lpszCSDVersion, result</c>; there is no rpc_status (MS-CMRP 3.1.4.2.5). The first referent id
/// is 4-aligned: two bytes of padding follow the build number.
/// </summary>
/// <param name="MajorVersion">lpwMajorVersion.</param>
/// <param name="MinorVersion">lpwMinorVersion.</param>
/// <param name="BuildNumber">lpwBuildNumber.</param>
/// <param name="VendorId">lpszVendorId; null for a NULL pointer.</param>
/// <param name="CsdVersion">lpszCSDVersion; null for a NULL pointer.</param>
/// <param name="Result">The method result.</param>
public readonly record struct GetClusterVersionResponse(ushort MajorVersion, ushort MinorVersion, ushort BuildNumber, string? VendorId,
    string? CsdVersion, Win32Error Result) : IClusApiMessage<GetClusterVersionResponse>
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
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetClusterVersionResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var major = reader.ReadUInt16();
        var minor = reader.ReadUInt16();
        var build = reader.ReadUInt16();
        var vendor = reader.ReadOutString();
        var csd = reader.ReadOutString();
        return new(major, minor, build, vendor, csd, reader.ReadError());
    }
}

/// <summary>ApiGetClusterVersion2 (opnum 102, MS-CMRP 3.1.4.2.102): see <see cref="GetClusterVersion2Response"/>; no [in] parameters.</summary>
public readonly record struct GetClusterVersion2Request : IClusApiRequest<GetClusterVersion2Request, GetClusterVersion2Response>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetClusterVersion2;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static GetClusterVersion2Request Read(NdrReader reader) => default;
}

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

/// <summary>ApiGetQuorumResource (opnum 5, MS-CMRP 3.1.4.2.6): see <see cref="GetQuorumResourceResponse"/>; no [in] parameters.</summary>
public readonly record struct GetQuorumResourceRequest : IClusApiRequest<GetQuorumResourceRequest, GetQuorumResourceResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiGetQuorumResource;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
    }

    /// <inheritdoc />
    public static GetQuorumResourceRequest Read(NdrReader reader) => default;
}

/// <summary>
/// ApiGetQuorumResource's answer: <c>→ Sout lpszResourceName, Sout lpszDeviceName, u32 pdwMaxQuorumLogSize,
/// rpc_status, result</c> (MS-CMRP 3.1.4.2.6).
/// </summary>
/// <param name="ResourceName">The quorum resource's name; null (a NULL pointer) on failure.</param>
/// <param name="DeviceName">The quorum path; null on failure.</param>
/// <param name="MaxQuorumLogSize">pdwMaxQuorumLogSize.</param>
/// <param name="Result">The method result.</param>
/// <param name="RpcStatus">The rpc_status out-parameter.</param>
public readonly record struct GetQuorumResourceResponse(string? ResourceName, string? DeviceName, uint MaxQuorumLogSize, Win32Error Result,
    uint RpcStatus = 0) : IClusApiMessage<GetQuorumResourceResponse>
{
    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOutString(ResourceName);
        writer.WriteOutString(DeviceName);
        writer.WriteUInt32(MaxQuorumLogSize);
        writer.WriteUInt32(RpcStatus);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static GetQuorumResourceResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var name = reader.ReadOutString();
        var device = reader.ReadOutString();
        var logSize = reader.ReadUInt32();
        var rpcStatus = reader.ReadUInt32();
        return new(name, device, logSize, reader.ReadError(), rpcStatus);
    }
}

/// <summary>ApiBackupClusterDatabase (opnum 104, MS-CMRP 3.1.4.2.104): <c>Sin lpszPathName → rpc_status, result</c>.</summary>
/// <param name="PathName">The backup directory.</param>
public readonly record struct BackupClusterDatabaseRequest(string PathName) : IClusApiRequest<BackupClusterDatabaseRequest, ResultResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiBackupClusterDatabase;

    /// <inheritdoc />
    public void Write(NdrWriter writer) => writer.WriteInString(PathName);

    /// <inheritdoc />
    public static BackupClusterDatabaseRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadConformantVaryingString());
    }
}

/// <summary>
/// ApiSetServiceAccountPassword (opnum 108, MS-CMRP 3.1.4.2.108): <c>Sin lpszNewPassword, u32 dwFlags, u32
/// ReturnStatusBufferSize → see <see cref="SetServiceAccountPasswordResponse"/></c>. ReturnStatusBufferPtr is an
/// [out]-only array, so nothing of it is sent.
/// </summary>
/// <param name="NewPassword">lpszNewPassword.</param>
/// <param name="Flags">dwFlags (IDL_CLUSTER_SET_PASSWORD_FLAGS).</param>
/// <param name="ReturnStatusBufferSize">ReturnStatusBufferSize: how many status entries the answer may carry (at most 64 Ki).</param>
public readonly record struct SetServiceAccountPasswordRequest(string NewPassword, uint Flags, uint ReturnStatusBufferSize)
    : IClusApiRequest<SetServiceAccountPasswordRequest, SetServiceAccountPasswordResponse>
{
    /// <inheritdoc />
    public static ClusApiOpnum Opnum => ClusApiOpnum.ApiSetServiceAccountPassword;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInString(NewPassword);
        writer.WriteUInt32(Flags);
        writer.WriteUInt32(ReturnStatusBufferSize);
    }

    /// <inheritdoc />
    public static SetServiceAccountPasswordRequest Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var password = reader.ReadConformantVaryingString();
        var flags = reader.ReadUInt32();
        return new(password, flags, reader.ReadUInt32());
    }
}

/// <summary>IDL_CLUSTER_SET_PASSWORD_STATUS (MS-CMRP 2.2.3.6): u32 NodeId, u8 SetAttempted, u32 ReturnStatus (12 bytes with padding).</summary>
/// <param name="NodeId">NodeId.</param>
/// <param name="SetAttempted">SetAttempted.</param>
/// <param name="ReturnStatus">ReturnStatus.</param>
public readonly record struct SetPasswordStatus(uint NodeId, bool SetAttempted, Win32Error ReturnStatus);

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
    /// <summary>The bytes one IDL_CLUSTER_SET_PASSWORD_STATUS takes: u32, u8 and 3 bytes of padding, u32.</summary>
    private const int EntrySize = 12;

    /// <inheritdoc />
    public void Write(NdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var statuses = Statuses ?? [];
        if (statuses.Count > ReturnStatusBufferSize)
        {
            throw new NdrException($"{statuses.Count} password status entries do not fit ReturnStatusBufferSize {ReturnStatusBufferSize}.");
        }
        writer.WriteUInt32(ReturnStatusBufferSize);
        writer.WriteUInt32(0);
        writer.WriteUInt32((uint)statuses.Count);
        foreach (var s in statuses)
        {
            writer.WriteUInt32(s.NodeId);
            writer.WriteBoolean8(s.SetAttempted);
            writer.WriteError(s.ReturnStatus);
        }
        writer.WriteUInt32(SizeReturned);
        writer.WriteUInt32(ExpectedBufferSize);
        writer.WriteError(Result);
    }

    /// <inheritdoc />
    public static SetServiceAccountPasswordResponse Read(NdrReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var max = reader.ReadUInt32();
        var offset = reader.ReadUInt32();
        var actual = reader.ReadUInt32();
        // Each entry takes 12 bytes: a count the stub cannot hold is refused before allocating.
        if (offset != 0 || actual > max || actual > (uint)reader.Remaining / EntrySize)
        {
            throw new NdrException($"Password status array: max_count {max}, offset {offset}, actual_count {actual}.");
        }
        var statuses = new SetPasswordStatus[actual];
        for (var i = 0; i < statuses.Length; i++)
        {
            var node = reader.ReadUInt32();
            var attempted = reader.ReadBoolean8();
            statuses[i] = new(node, attempted, reader.ReadError());
        }
        var returned = reader.ReadUInt32();
        var expected = reader.ReadUInt32();
        return new(max, statuses, returned, expected, reader.ReadError());
    }
}
