namespace Clusterd.ClusApi.Service;

/// <summary>
/// The canonical opnum → method name table of the clusapi 3.0 interface (MS-CMRP 3.1.4.2 and the IDL of Appendix A,
/// Protocol Version 3). Opnums 0-185 are methods or named placeholders ("OpnumNNNotUsedOnWire"); 186-263 are
/// "OpnumNNNReserved" and 264 is "Opnum264NotUsedOnWire". Which of them this server answers is
/// <see cref="ClusApiService.Implements"/>; this table only names them.
/// </summary>
public static class ClusApiOpnums
{
    /// <summary>The last opnum with a method of its own (ApiClusterNativeUpdateControl).</summary>
    public const ushort LastMethod = 185;

    /// <summary>The last opnum of the IDL (Opnum264NotUsedOnWire); 186 up to it are reserved.</summary>
    public const ushort LastOpnum = 264;

    // Index = opnum. Samba's clusapi.idl agrees for 0-147; 148-185 are from the MS-CMRP IDL.
    private static readonly string[] s_names =
    [
        "ApiOpenCluster", "ApiCloseCluster", "ApiSetClusterName", "ApiGetClusterName", "ApiGetClusterVersion",                  // 0
        "ApiGetQuorumResource", "ApiSetQuorumResource", "ApiCreateEnum", "ApiOpenResource", "ApiCreateResource",                 // 5
        "ApiDeleteResource", "ApiCloseResource", "ApiGetResourceState", "ApiSetResourceName", "ApiGetResourceId",                // 10
        "ApiGetResourceType", "ApiFailResource", "ApiOnlineResource", "ApiOfflineResource", "ApiAddResourceDependency",          // 15
        "ApiRemoveResourceDependency", "ApiCanResourceBeDependent", "ApiCreateResEnum", "ApiAddResourceNode",                    // 20
        "ApiRemoveResourceNode", "ApiChangeResourceGroup", "ApiCreateResourceType", "ApiDeleteResourceType", "ApiGetRootKey",   // 24
        "ApiCreateKey", "ApiOpenKey", "ApiEnumKey", "ApiSetValue", "ApiDeleteValue",                                            // 29
        "ApiQueryValue", "ApiDeleteKey", "ApiEnumValue", "ApiCloseKey", "ApiQueryInfoKey",                                      // 34
        "ApiSetKeySecurity", "ApiGetKeySecurity", "ApiOpenGroup", "ApiCreateGroup", "ApiDeleteGroup",                           // 39
        "ApiCloseGroup", "ApiGetGroupState", "ApiSetGroupName", "ApiGetGroupId", "ApiGetNodeId",                                // 44
        "ApiOnlineGroup", "ApiOfflineGroup", "ApiMoveGroup", "ApiMoveGroupToNode", "ApiCreateGroupResourceEnum",               // 49
        "ApiSetGroupNodeList", "ApiCreateNotify", "ApiCloseNotify", "ApiAddNotifyCluster", "ApiAddNotifyNode",                  // 54
        "ApiAddNotifyGroup", "ApiAddNotifyResource", "ApiAddNotifyKey", "ApiReAddNotifyNode", "ApiReAddNotifyGroup",            // 59
        "ApiReAddNotifyResource", "ApiGetNotify", "ApiOpenNode", "ApiCloseNode", "ApiGetNodeState",                             // 64
        "ApiPauseNode", "ApiResumeNode", "ApiEvictNode", "ApiNodeResourceControl", "ApiResourceControl",                        // 69
        "ApiNodeResourceTypeControl", "ApiResourceTypeControl", "ApiNodeGroupControl", "ApiGroupControl", "ApiNodeNodeControl", // 74
        "ApiNodeControl", "Opnum80NotUsedOnWire", "ApiOpenNetwork", "ApiCloseNetwork", "ApiGetNetworkState",                    // 79
        "ApiSetNetworkName", "ApiCreateNetworkEnum", "ApiGetNetworkId", "ApiSetNetworkPriorityOrder", "ApiNodeNetworkControl",  // 84
        "ApiNetworkControl", "ApiAddNotifyNetwork", "ApiReAddNotifyNetwork", "ApiOpenNetInterface", "ApiCloseNetInterface",    // 89
        "ApiGetNetInterfaceState", "ApiGetNetInterface", "ApiGetNetInterfaceId", "ApiNodeNetInterfaceControl",                  // 94
        "ApiNetInterfaceControl", "ApiAddNotifyNetInterface", "ApiReAddNotifyNetInterface", "ApiCreateNodeEnum",                // 98
        "ApiGetClusterVersion2", "ApiCreateResTypeEnum", "ApiBackupClusterDatabase", "ApiNodeClusterControl",                   // 102
        "ApiClusterControl", "ApiUnblockGetNotifyCall", "ApiSetServiceAccountPassword", "ApiSetResourceDependencyExpression",   // 106
        "ApiGetResourceDependencyExpression", "Opnum111NotUsedOnWire", "ApiGetResourceNetworkName", "ApiExecuteBatch",          // 110
        "ApiCreateBatchPort", "ApiGetBatchNotification", "ApiCloseBatchPort", "ApiOpenClusterEx", "ApiOpenNodeEx",              // 114
        "ApiOpenGroupEx", "ApiOpenResourceEx", "ApiOpenNetworkEx", "ApiOpenNetInterfaceEx", "ApiChangeCsvState",                // 119
        "ApiCreateNodeEnumEx", "ApiCreateEnumEx", "ApiPauseNodeEx", "ApiPauseNodeWithDrainTarget", "ApiResumeNodeEx",           // 124
        "ApiCreateGroupEx", "ApiOnlineGroupEx", "ApiOfflineGroupEx", "ApiMoveGroupEx", "ApiMoveGroupToNodeEx",                  // 129
        "ApiCancelClusterGroupOperation", "ApiOnlineResourceEx", "ApiOfflineResourceEx", "ApiCreateNotifyV2",                   // 134
        "ApiAddNotifyV2", "ApiGetNotifyV2", "ApiQueryAllValues", "ApiStmFindDisk", "ApiClusterMrr",                             // 138
        "ApiCreateGroupEnum", "ApiCreateResourceEnum", "ApiExecuteReadBatch", "ApiRestartResource", "ApiGetNotifyAsync",        // 143
        "Opnum148NotUsedOnWire", "Opnum149NotUsedOnWire", "Opnum150NotUsedOnWire", "Opnum151NotUsedOnWire",                    // 148
        "Opnum152NotUsedOnWire", "Opnum153NotUsedOnWire", "Opnum154NotUsedOnWire", "ApiAddNotifyResourceTypeV2",               // 152
        "Opnum156NotUsedOnWire", "ApiExecuteReadBatchEx", "Opnum158NotUsedOnWire", "Opnum159NotUsedOnWire",                     // 156
        "Opnum160NotUsedOnWire", "Opnum161NotUsedOnWire", "Opnum162NotUsedOnWire", "ApiCreateGroupSet", "ApiOpenGroupSet",      // 160
        "ApiCloseGroupSet", "ApiDeleteGroupSet", "ApiAddGroupToGroupSet", "ApiRemoveGroupFromGroupSet",                         // 165
        "ApiMoveGroupToGroupSet", "Opnum170NotUsedOnWire", "ApiAddGroupSetDependency", "ApiAddGroupToGroupSetDependency",       // 169
        "ApiNodeGroupSetControl", "ApiGroupSetControl", "ApiSetGroupDependencyExpression", "ApiRemoveClusterGroupDependency",  // 173
        "ApiSetGroupSetDependencyExpression", "ApiRemoveGroupSetDependency", "ApiRemoveClusterGroupToGroupSetDependency",       // 177
        "ApiCreateGroupSetEnum", "ApiCreateNetInterfaceEnum", "ApiChangeCsvStateEx", "ApiAddGroupToGroupSetEx",                 // 180
        "ApiChangeResourceGroupEx", "ApiClusterNativeUpdateControl",                                                            // 184
    ];

    /// <summary>The method names of opnums 0 to <see cref="LastMethod"/>, indexed by opnum.</summary>
    public static IReadOnlyList<string> Methods { get; } = Array.AsReadOnly(s_names);

    /// <summary>The IDL name of <paramref name="opnum"/>, or null past <see cref="LastOpnum"/>.</summary>
    public static string? NameOf(ushort opnum) => opnum switch
    {
        <= LastMethod => s_names[opnum],
        < LastOpnum => $"Opnum{opnum}Reserved",
        LastOpnum => $"Opnum{opnum}NotUsedOnWire",
        _ => null,
    };

    /// <summary>True for the placeholders a client never sends ("NotUsedOnWire" and "Reserved").</summary>
    public static bool IsPlaceholder(ushort opnum) => NameOf(opnum) is not { } n || !n.StartsWith("Api", StringComparison.Ordinal);
}
