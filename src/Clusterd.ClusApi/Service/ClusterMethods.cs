using Clusterd.Cluster.Commands;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>The cluster-wide methods: open/close, name, version, quorum, and the ones Windows does not implement.</summary>
internal static class ClusterMethods
{
    /// <summary>ApiOpenCluster (opnum 0): <c>– → [out] Status, HCLUSTER_RPC</c> (the handle is the function result).</summary>
    public static OpenClusterResponse OpenCluster(ClusApiCall c, OpenClusterRequest r)
    {
        var status = c.CheckRead();
        if (status == Win32Error.Success && c.CallerLevel != ClusterAccessLevel.All)
        {
            status = Win32Error.AccessDenied; // MS-CMRP 3.1.4.2.1: "The server MUST require ... 'All'"
        }
        var handle = status == Win32Error.Success ? c.Open(ClusApiObjectKind.Cluster, "", ClusApiAccess.All) : NdrContextHandle.Null;
        return new(status, new ClusterHandle(handle));
    }

    /// <summary>ApiOpenClusterEx (opnum 117): <c>u32 dwDesiredAccess → u32 granted, Status, handle</c>; there is no rpc_status.</summary>
    [ParityNote("Access from the cluster security descriptor (docs/authorization.md): GENERIC_ALL needs \"All\", MAXIMUM_ALLOWED grants the caller's level, GENERIC_READ/EXECUTE alone need \"Read\", no access ERROR_ACCESS_DENIED, other bits ERROR_INVALID_PARAMETER (the same rule for every Ex open).")]
    public static OpenClusterExResponse OpenClusterEx(ClusApiCall c, OpenClusterExRequest r)
    {
        var desired = r.DesiredAccess;
        var status = c.CheckRead();
        uint granted = 0;
        var handle = NdrContextHandle.Null;
        if (status == Win32Error.Success)
        {
            status = AccessMask.Grant(desired, c.CallerLevel, out var access, out granted);
            if (status == Win32Error.Success)
            {
                handle = c.Open(ClusApiObjectKind.Cluster, "", access);
            }
        }
        return new(granted, status, new ClusterHandle(handle));
    }

    /// <summary>ApiCloseCluster (opnum 1): <c>[in,out] handle → NULL handle, result</c>.</summary>
    public static CloseResponse<ClusterHandle> CloseCluster(ClusApiCall c, CloseClusterRequest r) => c.Close(r.Cluster, ClusApiObjectKind.Cluster);

    /// <summary>
    /// ApiSetClusterName (opnum 2): <c>Sin NewClusterName → rpc_status, result</c>. The new name is stored and takes
    /// effect when the core network name restarts, so success is ERROR_RESOURCE_PROPERTIES_STORED; Windows answers the
    /// same for the current name (smbtorture rpc.clusapi test SetClusterName).
    /// </summary>
    [ParityNote("Success is ERROR_RESOURCE_PROPERTIES_STORED (0x13A0): the name takes effect when the core network name restarts; Windows answers the same, also for the current name (smbtorture SetClusterName).")]
    public static ResultResponse SetClusterName(ClusApiCall c, SetClusterNameRequest r)
    {
        var name = r.NewClusterName;
        var result = c.CheckWrite();
        if (result == Win32Error.Success)
        {
            result = c.Engine.Execute(new SetClusterName(name));
            if (result == Win32Error.Success)
            {
                result = Win32Error.ResourcePropertiesStored;
            }
        }
        return new(result);
    }

    /// <summary>ApiGetClusterName (opnum 3): <c>– → Sout ClusterName, Sout NodeName, result</c>; no rpc_status.</summary>
    public static GetClusterNameResponse GetClusterName(ClusApiCall c, GetClusterNameRequest r)
    {
        var status = c.CheckRead();
        var info = c.Engine.Queries.GetClusterInfo();
        return new(status == Win32Error.Success ? info.Name : null, status == Win32Error.Success ? info.LocalNodeName : null, status);
    }

    /// <summary>
    /// ApiGetClusterVersion (opnum 4): "Servers MUST fail this method using error ERROR_CALL_NOT_IMPLEMENTED"
    /// (MS-CMRP 3.1.4.2.5); the out values are unused, the strings NULL.
    /// </summary>
    [ParityNote("Always ERROR_CALL_NOT_IMPLEMENTED (0x78), as MS-CMRP 3.1.4.2.5 requires and Windows answers; clients use ApiGetClusterVersion2.")]
    public static GetClusterVersionResponse GetClusterVersion(ClusApiCall c, GetClusterVersionRequest r) =>
        new(0, 0, 0, null, null, Win32Error.CallNotImplemented);

    /// <summary>
    /// ApiGetClusterVersion2 (opnum 102): <c>– → u16 major, u16 minor, u16 build, Sout VendorId, Sout CSDVersion,
    /// CLUSTER_OPERATIONAL_VERSION_INFO* (referent + 5 × u32), rpc_status, result</c>. The versions are the local
    /// node's (its key in the database); the operational range is the intersection of every node's range
    /// (MS-CMRP 2.2.3.1).
    /// </summary>
    [ParityNote("Versions are the local node's database values; the operational range is the intersection of all nodes' ranges; VendorId \"Microsoft(R) Cluster Service\".")]
    public static GetClusterVersion2Response GetClusterVersion2(ClusApiCall c, GetClusterVersion2Request r)
    {
        var status = c.CheckRead();
        var (major, minor, build, csd, highest, lowest) = c.Engine.Queries.GetClusterVersion();
        var ok = status == Win32Error.Success;
        return new((ushort)major, (ushort)minor, (ushort)build, ok ? "Microsoft(R) Cluster Service" : null, ok ? csd : null,
            ok ? new ClusterOperationalVersionInfo(ClusterOperationalVersionInfo.WireSize, highest, lowest, Flags: 0, Reserved: 0) : null, status);
    }

    /// <summary>
    /// ApiGetQuorumResource (opnum 5): <c>– → Sout ResourceName, Sout DeviceName, u32 MaxQuorumLogSize, rpc_status,
    /// result</c>. The quorum resource is the root value QuorumResource (a resource ID); a node-majority cluster has
    /// none and answers empty names.
    /// </summary>
    [ParityNote("A node-majority cluster (no QuorumResource value) answers empty names and 0, not an error.")]
    public static GetQuorumResourceResponse GetQuorumResource(ClusApiCall c, GetQuorumResourceRequest r)
    {
        var status = c.CheckRead();
        var (id, device, logSize) = c.Engine.Queries.GetQuorumSettings();
        var name = id.Length == 0 ? "" : c.Engine.Queries.FindResource(id)?.Name ?? "";
        return new(status == Win32Error.Success ? name : null, status == Win32Error.Success ? device : null, logSize, status);
    }

    /// <summary>
    /// ApiBackupClusterDatabase (opnum 104): <c>Sin path → rpc_status, result</c>. This server keeps its database in its
    /// own store and does not write Windows backup sets, so ERROR_CALL_NOT_IMPLEMENTED, as the torture test expects.
    /// </summary>
    [ParityNote("ERROR_CALL_NOT_IMPLEMENTED (0x78): the database lives in clusterd's own store; Windows lab answer per smbtorture.")]
    public static ResultResponse BackupClusterDatabase(ClusApiCall c, BackupClusterDatabaseRequest r) => new(Win32Error.CallNotImplemented);

    /// <summary>
    /// ApiSetServiceAccountPassword (opnum 108): <c>Sin password, u32 flags, u32 ReturnStatusBufferSize →
    /// IDL_CLUSTER_SET_PASSWORD_STATUS[size_is(size), length_is(returned)], u32 SizeReturned, u32 ExpectedBufferSize,
    /// result</c>, no rpc_status. There is no service account here: ERROR_CALL_NOT_IMPLEMENTED with an empty array.
    /// </summary>
    [ParityNote("ERROR_CALL_NOT_IMPLEMENTED (0x78) with an empty status array: there is no service account.")]
    public static SetServiceAccountPasswordResponse SetServiceAccountPassword(ClusApiCall c, SetServiceAccountPasswordRequest r) =>
        new(r.ReturnStatusBufferSize, [], SizeReturned: 0, ExpectedBufferSize: 0, Win32Error.CallNotImplemented);
}
