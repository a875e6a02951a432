using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The group and resource methods of issue 11 (MS-CMRP 3.1.4.2.22-26, 109, 128-135, 140, 142, 166): the Ex variants of
/// online, offline and move (flags and an input buffer), possible owners, moving a resource to another group, the
/// dependency check, restart and cancel. Each write needs a handle opened with "All" and the read/write server state
/// (<see cref="ClusApiCall.CheckWrite(ClusApiHandle)"/>); the Ex variants run the commands of their siblings.
/// </summary>
/// <remarks>
/// Flags: every flag MS-CMRP defines for a method is accepted; a bit it does not define answers
/// ERROR_INVALID_PARAMETER with nothing changed. The lpInBuffer of the Ex methods is for resource DLLs, which this
/// server does not have: it is accepted and not interpreted, but its size must match cbInBufferSize
/// (ERROR_INVALID_PARAMETER otherwise). docs/behaviour.md, "GroupResource: flags and group types".
/// </remarks>
internal static class GroupResourceMethods
{
    // CLUSAPI_GROUP_ONLINE_* (MS-CMRP 3.1.4.2.129): IGNORE_RESOURCE_STATUS, SYNCHRONOUS, BEST_POSSIBLE_NODE, IGNORE_AFFINITY_RULE.
    internal const uint GroupOnlineFlags = 0x1 | 0x2 | 0x4 | 0x8;
    internal const uint GroupOnlineBestPossibleNode = 0x4;

    // CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS (MS-CMRP 3.1.4.2.130).
    internal const uint GroupOfflineFlags = 0x1;

    // CLUSAPI_GROUP_MOVE_* (MS-CMRP 3.1.4.2.131): IGNORE_RESOURCE_STATUS, RETURN_TO_SOURCE_NODE_ON_ERROR, QUEUE_ENABLED,
    // HIGH_PRIORITY_START, FAILBACK, IGNORE_AFFINITY_RULE.
    internal const uint GroupMoveFlags = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20;

    // CLUSAPI_RESOURCE_ONLINE_* (MS-CMRP 3.1.4.2.134): IGNORE_RESOURCE_STATUS, DO_NOT_UPDATE_PERSISTENT_STATE,
    // NECESSARY_FOR_QUORUM, BEST_POSSIBLE_NODE, IGNORE_AFFINITY_RULE.
    internal const uint ResourceOnlineFlags = 0x1 | 0x2 | 0x4 | 0x8 | 0x20;
    internal const uint ResourceOnlineDoNotUpdatePersistentState = 0x2;

    // CLUSAPI_RESOURCE_OFFLINE_* (MS-CMRP 3.1.4.2.135): IGNORE_RESOURCE_STATUS, FORCE_WITH_TERMINATION,
    // DO_NOT_UPDATE_PERSISTENT_STATE.
    internal const uint ResourceOfflineFlags = 0x1 | 0x2 | 0x4;
    internal const uint ResourceOfflineForceWithTermination = 0x2;
    internal const uint ResourceOfflineDoNotUpdatePersistentState = 0x4;

    // CLUSAPI_CHANGE_RESOURCE_GROUP_FORCE_MOVE_TO_CSV (MS-CMRP 3.1.4.2.166).
    internal const ulong ChangeGroupForceMoveToCsv = 0x1;

    private static Win32Error CheckFlagsAndBuffer(uint flags, uint defined, ReadOnlyMemory<byte> buffer, uint size) =>
        (flags & ~defined) != 0 || buffer.Length != size ? Win32Error.InvalidParameter : Win32Error.Success;

    /// <summary>
    /// ApiCreateGroupEx (opnum 129, MS-CMRP 3.1.4.2.128): ApiCreateGroup with a group type. A NULL pGroupInfo makes a
    /// group of type ClusGroupTypeUnknown; dwVersion other than 1 and the engine's own types (1-4) answer
    /// ERROR_INVALID_PARAMETER.
    /// </summary>
    [ParityNote("dwVersion must be 1 and the group types 1-4 (core, available storage, temporary, CSV) are refused with ERROR_INVALID_PARAMETER; a NULL pGroupInfo makes a ClusGroupTypeUnknown group.")]
    public static OpenResponse<GroupHandle> CreateGroupEx(ClusApiCall c, CreateGroupExRequest r)
    {
        var e = c.CheckWrite();
        var type = r.GroupInfo?.GroupType ?? 9999u;
        if (e == Win32Error.Success && r.GroupInfo is { Version: not 1 })
        {
            e = Win32Error.InvalidParameter;
        }
        var handle = NdrContextHandle.Null;
        if (e == Win32Error.Success)
        {
            e = c.TryReserveHandle(out handle);
        }
        if (e == Win32Error.Success)
        {
            var (error, id) = c.Engine.Execute(new CreateGroupOfType(r.GroupName, type));
            e = error;
            handle = c.CompleteReservation(handle, e, ClusApiObjectKind.Group, id, c.CallerAccess);
        }
        return new(e, new GroupHandle(handle));
    }

    /// <summary>
    /// ApiOnlineGroupEx (opnum 130, MS-CMRP 3.1.4.2.129): ApiOnlineGroup with flags. BEST_POSSIBLE_NODE lets the
    /// failover policy pick the host first; IGNORE_RESOURCE_STATUS and IGNORE_AFFINITY_RULE change nothing (no locked
    /// mode, no affinity rules here); SYNCHRONOUS changes nothing (a pending transition still answers ERROR_IO_PENDING).
    /// </summary>
    [ParityNote("BEST_POSSIBLE_NODE moves the group to the failover policy's pick first; IGNORE_RESOURCE_STATUS, IGNORE_AFFINITY_RULE and SYNCHRONOUS are accepted and change nothing (no locked mode or affinity rules; a pending transition still answers ERROR_IO_PENDING). lpInBuffer is not interpreted.")]
    public static ResultResponse OnlineGroupEx(ClusApiCall c, OnlineGroupExRequest r) => OpenMethods.WriteAction(c, r.Group, ClusApiObjectKind.Group, h =>
        CheckFlagsAndBuffer(r.Flags, GroupOnlineFlags, r.InBuffer, r.InBufferSize) is var e && e != Win32Error.Success
            ? e
            : c.Engine.Execute(new OnlineGroup(h.Id, BestPossibleNode: (r.Flags & GroupOnlineBestPossibleNode) != 0)));

    /// <summary>ApiOfflineGroupEx (opnum 131, MS-CMRP 3.1.4.2.130): ApiOfflineGroup; IGNORE_RESOURCE_STATUS changes nothing (no locked mode).</summary>
    [ParityNote("IGNORE_RESOURCE_STATUS is accepted and changes nothing (no locked mode); lpInBuffer is not interpreted.")]
    public static ResultResponse OfflineGroupEx(ClusApiCall c, OfflineGroupExRequest r) => OpenMethods.WriteAction(c, r.Group, ClusApiObjectKind.Group, h =>
        CheckFlagsAndBuffer(r.Flags, GroupOfflineFlags, r.InBuffer, r.InBufferSize) is var e && e != Win32Error.Success
            ? e
            : c.Engine.Execute(new OfflineGroup(h.Id)));

    /// <summary>
    /// ApiMoveGroupEx (opnum 132, MS-CMRP 3.1.4.2.131): ApiMoveGroup with flags. A move here either reaches its
    /// destination or changes nothing, and no policy defers it, so RETURN_TO_SOURCE_NODE_ON_ERROR and QUEUE_ENABLED have
    /// nothing to act on; HIGH_PRIORITY_START, FAILBACK, IGNORE_RESOURCE_STATUS and IGNORE_AFFINITY_RULE change nothing.
    /// </summary>
    [ParityNote("Every CLUSAPI_GROUP_MOVE flag is accepted; a move either completes its switch of owner or changes nothing, so RETURN_TO_SOURCE_NODE_ON_ERROR and QUEUE_ENABLED have nothing to act on. lpInBuffer is not interpreted.")]
    public static ResultResponse MoveGroupEx(ClusApiCall c, MoveGroupExRequest r) => OpenMethods.WriteAction(c, r.Group, ClusApiObjectKind.Group, h =>
        CheckFlagsAndBuffer(r.Flags, GroupMoveFlags, r.InBuffer, r.InBufferSize) is var e && e != Win32Error.Success
            ? e
            : c.Engine.Execute(new MoveGroup(h.Id, null)));

    /// <summary>ApiMoveGroupToNodeEx (opnum 133, MS-CMRP 3.1.4.2.132): ApiMoveGroupToNode with the flags of ApiMoveGroupEx.</summary>
    [ParityNote("As ApiMoveGroupEx: every move flag is accepted; lpInBuffer is not interpreted.")]
    public static ResultResponse MoveGroupToNodeEx(ClusApiCall c, MoveGroupToNodeExRequest r)
    {
        var e = c.Resolve(r.Group, ClusApiObjectKind.Group, out var h);
        var e2 = c.Resolve(r.Node, ClusApiObjectKind.Node, out var node);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success)
        {
            e = CheckFlagsAndBuffer(r.Flags, GroupMoveFlags, r.InBuffer, r.InBufferSize);
        }
        return new(e == Win32Error.Success ? c.Engine.Execute(new MoveGroup(h.Id, node.Id)) : e);
    }

    /// <summary>
    /// ApiCancelClusterGroupOperation (opnum 134, MS-CMRP 3.1.4.2.133): the group's pending transitions end in the
    /// persistent state at once; with nothing pending, ERROR_INVALID_STATE. dwCancelFlags is reserved: non-zero answers
    /// ERROR_INVALID_PARAMETER.
    /// </summary>
    [ParityNote("The operations that can be pending here are resource transitions: they are cancelled and each resource is put in its persistent state; nothing pending answers ERROR_INVALID_STATE, non-zero dwCancelFlags ERROR_INVALID_PARAMETER.")]
    public static ResultResponse CancelClusterGroupOperation(ClusApiCall c, CancelClusterGroupOperationRequest r) =>
        OpenMethods.WriteAction(c, r.Group, ClusApiObjectKind.Group, h =>
            r.CancelFlags != 0 ? Win32Error.InvalidParameter : c.Engine.Execute(new CancelGroupOperation(h.Id)));

    /// <summary>
    /// ApiOnlineResourceEx (opnum 135, MS-CMRP 3.1.4.2.134): ApiOnlineResource with flags. DO_NOT_UPDATE_PERSISTENT_STATE
    /// leaves the persistent state; the other flags change nothing (no locked mode, quorum policy or affinity rules; the
    /// resource's host is its group's owner).
    /// </summary>
    [ParityNote("DO_NOT_UPDATE_PERSISTENT_STATE is honoured; IGNORE_RESOURCE_STATUS, NECESSARY_FOR_QUORUM, BEST_POSSIBLE_NODE and IGNORE_AFFINITY_RULE are accepted and change nothing (a resource is hosted by its group's owner). lpInBuffer is not interpreted.")]
    public static ResultResponse OnlineResourceEx(ClusApiCall c, OnlineResourceExRequest r) => OpenMethods.WriteAction(c, r.Resource, ClusApiObjectKind.Resource, h =>
        CheckFlagsAndBuffer(r.Flags, ResourceOnlineFlags, r.InBuffer, r.InBufferSize) is var e && e != Win32Error.Success
            ? e
            : c.Engine.Execute(new OnlineResource(h.Id, Persist: (r.Flags & ResourceOnlineDoNotUpdatePersistentState) == 0)));

    /// <summary>
    /// ApiOfflineResourceEx (opnum 136, MS-CMRP 3.1.4.2.135): ApiOfflineResource with flags. FORCE_WITH_TERMINATION goes
    /// offline at once (no pending time); DO_NOT_UPDATE_PERSISTENT_STATE leaves the persistent state.
    /// </summary>
    [ParityNote("FORCE_WITH_TERMINATION (offline at once, a pending transition cancelled) and DO_NOT_UPDATE_PERSISTENT_STATE are honoured; IGNORE_RESOURCE_STATUS changes nothing. lpInBuffer is not interpreted.")]
    public static ResultResponse OfflineResourceEx(ClusApiCall c, OfflineResourceExRequest r) => OpenMethods.WriteAction(c, r.Resource, ClusApiObjectKind.Resource, h =>
        CheckFlagsAndBuffer(r.Flags, ResourceOfflineFlags, r.InBuffer, r.InBufferSize) is var e && e != Win32Error.Success
            ? e
            : c.Engine.Execute(new OfflineResource(h.Id,
                Persist: (r.Flags & ResourceOfflineDoNotUpdatePersistentState) == 0,
                Terminate: (r.Flags & ResourceOfflineForceWithTermination) != 0)));

    /// <summary>
    /// ApiRestartResource (opnum 146, MS-CMRP 3.1.4.2.142): offline, then back to the persistent state, as one
    /// transaction; dwFlags is reserved and ignored, as the spec says.
    /// </summary>
    [ParityNote("Offline and back to the persistent state in one transaction (dependents that were online come back too); a pending resource answers ERROR_INVALID_STATE. dwFlags is ignored.")]
    public static ResultResponse RestartResource(ClusApiCall c, RestartResourceRequest r) =>
        OpenMethods.WriteAction(c, r.Resource, ClusApiObjectKind.Resource, h => c.Engine.Execute(new Cluster.Commands.RestartResource(h.Id)));

    /// <summary>
    /// ApiCanResourceBeDependent (opnum 21, MS-CMRP 3.1.4.2.22): the rules of ApiAddResourceDependency as a check; a
    /// read (accepted with "Read" access and in the read-only state, as the spec's SHOULDs say).
    /// </summary>
    [ParityNote("Accepted with \"Read\" access and in the read-only server state (MS-CMRP 3.1.4.2.22 SHOULD).")]
    public static ResultResponse CanResourceBeDependent(ClusApiCall c, CanResourceBeDependentRequest r)
    {
        var e = c.Resolve(r.Resource, ClusApiObjectKind.Resource, out var h);
        var e2 = c.Resolve(r.ResourceDependent, ClusApiObjectKind.Resource, out var d);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        return new(e == Win32Error.Success ? c.Engine.Queries.CanResourceBeDependent(h.Id, d.Id) : e);
    }

    /// <summary>ApiAddResourceNode (opnum 23, MS-CMRP 3.1.4.2.24): both handles need "All".</summary>
    [ParityNote("Possible owners are kept as Windows keeps them (PossibleOwners in the resource's key); a resource without the value has every node.")]
    public static ResultResponse AddResourceNode(ClusApiCall c, AddResourceNodeRequest r) =>
        ResourceNode(c, r.Resource, r.Node, static (res, node) => new AddResourceNode(res, node));

    /// <summary>ApiRemoveResourceNode (opnum 24, MS-CMRP 3.1.4.2.25): both handles need "All".</summary>
    public static ResultResponse RemoveResourceNode(ClusApiCall c, RemoveResourceNodeRequest r) =>
        ResourceNode(c, r.Resource, r.Node, static (res, node) => new RemoveResourceNode(res, node));

    private static ResultResponse ResourceNode(ClusApiCall c, ResourceHandle resource, NodeHandle node, Func<string, string, ClusterCommand> command)
    {
        var e = c.Resolve(resource, ClusApiObjectKind.Resource, out var h);
        var e2 = c.Resolve(node, ClusApiObjectKind.Node, out var n);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success && n.Access != ClusApiAccess.All)
        {
            e = Win32Error.AccessDenied;
        }
        return new(e == Win32Error.Success ? c.Engine.Execute(command(h.Id, n.Id)) : e);
    }

    /// <summary>ApiChangeResourceGroup (opnum 25, MS-CMRP 3.1.4.2.26): the resource and its dependency tree move.</summary>
    [ParityNote("The whole dependency tree moves; both groups must have the same owner (ERROR_HOST_NODE_NOT_GROUP_OWNER); core and CSV resources are refused, and so is the CSV special group as destination.")]
    public static ResultResponse ChangeResourceGroup(ClusApiCall c, ChangeResourceGroupRequest r) => ChangeGroup(c, r.Resource, r.Group, 0);

    /// <summary>ApiChangeResourceGroupEx (opnum 184, MS-CMRP 3.1.4.2.166): FORCE_MOVE_TO_CSV lets the CSV special group be the destination.</summary>
    [ParityNote("FORCE_MOVE_TO_CSV is the one flag; other bits answer ERROR_INVALID_PARAMETER.")]
    public static ResultResponse ChangeResourceGroupEx(ClusApiCall c, ChangeResourceGroupExRequest r) => ChangeGroup(c, r.Resource, r.Group, r.Flags);

    private static ResultResponse ChangeGroup(ClusApiCall c, ResourceHandle resource, GroupHandle group, ulong flags)
    {
        var e = c.Resolve(resource, ClusApiObjectKind.Resource, out var h);
        var e2 = c.Resolve(group, ClusApiObjectKind.Group, out var g);
        if (e == Win32Error.Success)
        {
            e = e2;
        }
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success && g.Access != ClusApiAccess.All)
        {
            e = Win32Error.AccessDenied;
        }
        if (e == Win32Error.Success && (flags & ~ChangeGroupForceMoveToCsv) != 0)
        {
            e = Win32Error.InvalidParameter;
        }
        return new(e == Win32Error.Success
            ? c.Engine.Execute(new Cluster.Commands.ChangeResourceGroup(h.Id, g.Id, ForceMoveToCsv: (flags & ChangeGroupForceMoveToCsv) != 0))
            : e);
    }

    /// <summary>
    /// ApiSetResourceDependencyExpression (opnum 109, MS-CMRP 3.1.4.2.109): replaces the resource's dependencies by the
    /// expression (an AND of ORs); a NULL or empty expression removes them. A malformed expression answers
    /// ERROR_INVALID_PARAMETER, an unknown resource ERROR_RESOURCE_NOT_FOUND; nothing changes on either.
    /// </summary>
    [ParityNote("Accepts the MS-CMRP grammar and the clusapi.h one (a bare resource may open an AND); NULL or \"\" removes every dependency; an unknown resource answers ERROR_RESOURCE_NOT_FOUND.")]
    public static ResultResponse SetResourceDependencyExpression(ClusApiCall c, SetResourceDependencyExpressionRequest r) =>
        OpenMethods.WriteAction(c, r.Resource, ClusApiObjectKind.Resource, h => c.Engine.Execute(new SetDependencyExpression(h.Id, r.DependencyExpression ?? "")));

    /// <summary>
    /// ApiCreateResourceEnum (opnum 144, MS-CMRP 3.1.4.2.140): every resource with the group that holds it and the
    /// requested common and read-only common properties (pProperties and pRoProperties are MULTI_SZ lists of names;
    /// "*" alone asks for all of them; empty, none). The server MUST be in the read/write state (ERROR_SHARING_PAUSED
    /// otherwise); a "Read" handle is enough. A cb that disagrees with its buffer answers ERROR_INVALID_PARAMETER and a
    /// NULL list.
    /// </summary>
    [ParityNote("OwnerName and OwnerId are the resource's group (as CLUSTER_RESOURCE_ENUM_ITEM has it); a cb that disagrees with its buffer answers ERROR_INVALID_PARAMETER.")]
    public static CreateResourceEnumResponse CreateResourceEnum(ClusApiCall c, CreateResourceEnumRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out _);
        if (e == Win32Error.Success && c.Engine.ServerState != ProtocolServerState.ReadWrite)
        {
            e = Win32Error.SharingPaused; // MS-CMRP 3.1.4.2.140: only in the read/write state
        }
        if (e == Win32Error.Success && (r.Properties.Length != r.PropertiesSize || r.RoProperties.Length != r.RoPropertiesSize))
        {
            e = Win32Error.InvalidParameter;
        }
        if (e != Win32Error.Success)
        {
            return new(null, e);
        }
        var names = Names(r.Properties);
        var roNames = Names(r.RoProperties);
        var entries = c.Engine.Queries.Enumerate(ClusterEnumType.Resource)
            .Select(n => c.Engine.Queries.FindResource(n))
            .OfType<ResourceInfo>()
            .Select(res => new ResourceEnumEntry(res.Name, res.Id, res.GroupName, res.GroupId,
                Properties(c, res.Id, readOnly: false, names), Properties(c, res.Id, readOnly: true, roNames)))
            .ToList();
        return new(entries, Win32Error.Success);
    }

    // The requested common properties of a resource: none for an empty list, all of them for "*" alone (MS-CMRP 3.1.4.2.140).
    private static byte[] Properties(ClusApiCall c, string id, bool readOnly, List<string> names) =>
        names.Count == 0 ? []
        : c.Controls.CommonPropertyList(Controls.PropertyObject.Resource, id, readOnly, names is ["*"] ? null : names) ?? [];

    private static List<string> Names(ReadOnlyMemory<byte> multiSz) =>
        multiSz.Length < 2 ? [] : [.. System.Text.Encoding.Unicode.GetString(multiSz.Span[..(multiSz.Length & ~1)]).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
