namespace Clusterd.ClusApi.Contract;

/// <summary>
/// The opnums of the clusapi 3.0 interface (MS-CMRP 3.1.4.2 and the IDL of Appendix A, Protocol Version 3), one
/// member per IDL method or named placeholder ("OpnumNNNNotUsedOnWire"). Opnums 186-263 are "OpnumNNNReserved" and
/// 264 is "Opnum264NotUsedOnWire" (<see cref="ClusApiOpnums"/>). Samba's clusapi.idl agrees for 0-147 except 140, 141
/// and 142, which it names (QueryAllValues, StmFindDisk, ClusterMrr) and the MS-CMRP IDL reserves; 148-185 are from the
/// MS-CMRP IDL.
/// </summary>
public enum ClusApiOpnum : ushort
{
    /// <summary>ApiOpenCluster (opnum 0).</summary>
    ApiOpenCluster = 0,

    /// <summary>ApiCloseCluster (opnum 1).</summary>
    ApiCloseCluster = 1,

    /// <summary>ApiSetClusterName (opnum 2).</summary>
    ApiSetClusterName = 2,

    /// <summary>ApiGetClusterName (opnum 3).</summary>
    ApiGetClusterName = 3,

    /// <summary>ApiGetClusterVersion (opnum 4).</summary>
    ApiGetClusterVersion = 4,

    /// <summary>ApiGetQuorumResource (opnum 5).</summary>
    ApiGetQuorumResource = 5,

    /// <summary>ApiSetQuorumResource (opnum 6).</summary>
    ApiSetQuorumResource = 6,

    /// <summary>ApiCreateEnum (opnum 7).</summary>
    ApiCreateEnum = 7,

    /// <summary>ApiOpenResource (opnum 8).</summary>
    ApiOpenResource = 8,

    /// <summary>ApiCreateResource (opnum 9).</summary>
    ApiCreateResource = 9,

    /// <summary>ApiDeleteResource (opnum 10).</summary>
    ApiDeleteResource = 10,

    /// <summary>ApiCloseResource (opnum 11).</summary>
    ApiCloseResource = 11,

    /// <summary>ApiGetResourceState (opnum 12).</summary>
    ApiGetResourceState = 12,

    /// <summary>ApiSetResourceName (opnum 13).</summary>
    ApiSetResourceName = 13,

    /// <summary>ApiGetResourceId (opnum 14).</summary>
    ApiGetResourceId = 14,

    /// <summary>ApiGetResourceType (opnum 15).</summary>
    ApiGetResourceType = 15,

    /// <summary>ApiFailResource (opnum 16).</summary>
    ApiFailResource = 16,

    /// <summary>ApiOnlineResource (opnum 17).</summary>
    ApiOnlineResource = 17,

    /// <summary>ApiOfflineResource (opnum 18).</summary>
    ApiOfflineResource = 18,

    /// <summary>ApiAddResourceDependency (opnum 19).</summary>
    ApiAddResourceDependency = 19,

    /// <summary>ApiRemoveResourceDependency (opnum 20).</summary>
    ApiRemoveResourceDependency = 20,

    /// <summary>ApiCanResourceBeDependent (opnum 21).</summary>
    ApiCanResourceBeDependent = 21,

    /// <summary>ApiCreateResEnum (opnum 22).</summary>
    ApiCreateResEnum = 22,

    /// <summary>ApiAddResourceNode (opnum 23).</summary>
    ApiAddResourceNode = 23,

    /// <summary>ApiRemoveResourceNode (opnum 24).</summary>
    ApiRemoveResourceNode = 24,

    /// <summary>ApiChangeResourceGroup (opnum 25).</summary>
    ApiChangeResourceGroup = 25,

    /// <summary>ApiCreateResourceType (opnum 26).</summary>
    ApiCreateResourceType = 26,

    /// <summary>ApiDeleteResourceType (opnum 27).</summary>
    ApiDeleteResourceType = 27,

    /// <summary>ApiGetRootKey (opnum 28).</summary>
    ApiGetRootKey = 28,

    /// <summary>ApiCreateKey (opnum 29).</summary>
    ApiCreateKey = 29,

    /// <summary>ApiOpenKey (opnum 30).</summary>
    ApiOpenKey = 30,

    /// <summary>ApiEnumKey (opnum 31).</summary>
    ApiEnumKey = 31,

    /// <summary>ApiSetValue (opnum 32).</summary>
    ApiSetValue = 32,

    /// <summary>ApiDeleteValue (opnum 33).</summary>
    ApiDeleteValue = 33,

    /// <summary>ApiQueryValue (opnum 34).</summary>
    ApiQueryValue = 34,

    /// <summary>ApiDeleteKey (opnum 35).</summary>
    ApiDeleteKey = 35,

    /// <summary>ApiEnumValue (opnum 36).</summary>
    ApiEnumValue = 36,

    /// <summary>ApiCloseKey (opnum 37).</summary>
    ApiCloseKey = 37,

    /// <summary>ApiQueryInfoKey (opnum 38).</summary>
    ApiQueryInfoKey = 38,

    /// <summary>ApiSetKeySecurity (opnum 39).</summary>
    ApiSetKeySecurity = 39,

    /// <summary>ApiGetKeySecurity (opnum 40).</summary>
    ApiGetKeySecurity = 40,

    /// <summary>ApiOpenGroup (opnum 41).</summary>
    ApiOpenGroup = 41,

    /// <summary>ApiCreateGroup (opnum 42).</summary>
    ApiCreateGroup = 42,

    /// <summary>ApiDeleteGroup (opnum 43).</summary>
    ApiDeleteGroup = 43,

    /// <summary>ApiCloseGroup (opnum 44).</summary>
    ApiCloseGroup = 44,

    /// <summary>ApiGetGroupState (opnum 45).</summary>
    ApiGetGroupState = 45,

    /// <summary>ApiSetGroupName (opnum 46).</summary>
    ApiSetGroupName = 46,

    /// <summary>ApiGetGroupId (opnum 47).</summary>
    ApiGetGroupId = 47,

    /// <summary>ApiGetNodeId (opnum 48).</summary>
    ApiGetNodeId = 48,

    /// <summary>ApiOnlineGroup (opnum 49).</summary>
    ApiOnlineGroup = 49,

    /// <summary>ApiOfflineGroup (opnum 50).</summary>
    ApiOfflineGroup = 50,

    /// <summary>ApiMoveGroup (opnum 51).</summary>
    ApiMoveGroup = 51,

    /// <summary>ApiMoveGroupToNode (opnum 52).</summary>
    ApiMoveGroupToNode = 52,

    /// <summary>ApiCreateGroupResourceEnum (opnum 53).</summary>
    ApiCreateGroupResourceEnum = 53,

    /// <summary>ApiSetGroupNodeList (opnum 54).</summary>
    ApiSetGroupNodeList = 54,

    /// <summary>ApiCreateNotify (opnum 55).</summary>
    ApiCreateNotify = 55,

    /// <summary>ApiCloseNotify (opnum 56).</summary>
    ApiCloseNotify = 56,

    /// <summary>ApiAddNotifyCluster (opnum 57).</summary>
    ApiAddNotifyCluster = 57,

    /// <summary>ApiAddNotifyNode (opnum 58).</summary>
    ApiAddNotifyNode = 58,

    /// <summary>ApiAddNotifyGroup (opnum 59).</summary>
    ApiAddNotifyGroup = 59,

    /// <summary>ApiAddNotifyResource (opnum 60).</summary>
    ApiAddNotifyResource = 60,

    /// <summary>ApiAddNotifyKey (opnum 61).</summary>
    ApiAddNotifyKey = 61,

    /// <summary>ApiReAddNotifyNode (opnum 62).</summary>
    ApiReAddNotifyNode = 62,

    /// <summary>ApiReAddNotifyGroup (opnum 63).</summary>
    ApiReAddNotifyGroup = 63,

    /// <summary>ApiReAddNotifyResource (opnum 64).</summary>
    ApiReAddNotifyResource = 64,

    /// <summary>ApiGetNotify (opnum 65).</summary>
    ApiGetNotify = 65,

    /// <summary>ApiOpenNode (opnum 66).</summary>
    ApiOpenNode = 66,

    /// <summary>ApiCloseNode (opnum 67).</summary>
    ApiCloseNode = 67,

    /// <summary>ApiGetNodeState (opnum 68).</summary>
    ApiGetNodeState = 68,

    /// <summary>ApiPauseNode (opnum 69).</summary>
    ApiPauseNode = 69,

    /// <summary>ApiResumeNode (opnum 70).</summary>
    ApiResumeNode = 70,

    /// <summary>ApiEvictNode (opnum 71).</summary>
    ApiEvictNode = 71,

    /// <summary>ApiNodeResourceControl (opnum 72).</summary>
    ApiNodeResourceControl = 72,

    /// <summary>ApiResourceControl (opnum 73).</summary>
    ApiResourceControl = 73,

    /// <summary>ApiNodeResourceTypeControl (opnum 74).</summary>
    ApiNodeResourceTypeControl = 74,

    /// <summary>ApiResourceTypeControl (opnum 75).</summary>
    ApiResourceTypeControl = 75,

    /// <summary>ApiNodeGroupControl (opnum 76).</summary>
    ApiNodeGroupControl = 76,

    /// <summary>ApiGroupControl (opnum 77).</summary>
    ApiGroupControl = 77,

    /// <summary>ApiNodeNodeControl (opnum 78).</summary>
    ApiNodeNodeControl = 78,

    /// <summary>ApiNodeControl (opnum 79).</summary>
    ApiNodeControl = 79,

    /// <summary>Opnum80NotUsedOnWire (opnum 80).</summary>
    Opnum80NotUsedOnWire = 80,

    /// <summary>ApiOpenNetwork (opnum 81).</summary>
    ApiOpenNetwork = 81,

    /// <summary>ApiCloseNetwork (opnum 82).</summary>
    ApiCloseNetwork = 82,

    /// <summary>ApiGetNetworkState (opnum 83).</summary>
    ApiGetNetworkState = 83,

    /// <summary>ApiSetNetworkName (opnum 84).</summary>
    ApiSetNetworkName = 84,

    /// <summary>ApiCreateNetworkEnum (opnum 85).</summary>
    ApiCreateNetworkEnum = 85,

    /// <summary>ApiGetNetworkId (opnum 86).</summary>
    ApiGetNetworkId = 86,

    /// <summary>ApiSetNetworkPriorityOrder (opnum 87).</summary>
    ApiSetNetworkPriorityOrder = 87,

    /// <summary>ApiNodeNetworkControl (opnum 88).</summary>
    ApiNodeNetworkControl = 88,

    /// <summary>ApiNetworkControl (opnum 89).</summary>
    ApiNetworkControl = 89,

    /// <summary>ApiAddNotifyNetwork (opnum 90).</summary>
    ApiAddNotifyNetwork = 90,

    /// <summary>ApiReAddNotifyNetwork (opnum 91).</summary>
    ApiReAddNotifyNetwork = 91,

    /// <summary>ApiOpenNetInterface (opnum 92).</summary>
    ApiOpenNetInterface = 92,

    /// <summary>ApiCloseNetInterface (opnum 93).</summary>
    ApiCloseNetInterface = 93,

    /// <summary>ApiGetNetInterfaceState (opnum 94).</summary>
    ApiGetNetInterfaceState = 94,

    /// <summary>ApiGetNetInterface (opnum 95).</summary>
    ApiGetNetInterface = 95,

    /// <summary>ApiGetNetInterfaceId (opnum 96).</summary>
    ApiGetNetInterfaceId = 96,

    /// <summary>ApiNodeNetInterfaceControl (opnum 97).</summary>
    ApiNodeNetInterfaceControl = 97,

    /// <summary>ApiNetInterfaceControl (opnum 98).</summary>
    ApiNetInterfaceControl = 98,

    /// <summary>ApiAddNotifyNetInterface (opnum 99).</summary>
    ApiAddNotifyNetInterface = 99,

    /// <summary>ApiReAddNotifyNetInterface (opnum 100).</summary>
    ApiReAddNotifyNetInterface = 100,

    /// <summary>ApiCreateNodeEnum (opnum 101).</summary>
    ApiCreateNodeEnum = 101,

    /// <summary>ApiGetClusterVersion2 (opnum 102).</summary>
    ApiGetClusterVersion2 = 102,

    /// <summary>ApiCreateResTypeEnum (opnum 103).</summary>
    ApiCreateResTypeEnum = 103,

    /// <summary>ApiBackupClusterDatabase (opnum 104).</summary>
    ApiBackupClusterDatabase = 104,

    /// <summary>ApiNodeClusterControl (opnum 105).</summary>
    ApiNodeClusterControl = 105,

    /// <summary>ApiClusterControl (opnum 106).</summary>
    ApiClusterControl = 106,

    /// <summary>ApiUnblockGetNotifyCall (opnum 107).</summary>
    ApiUnblockGetNotifyCall = 107,

    /// <summary>ApiSetServiceAccountPassword (opnum 108).</summary>
    ApiSetServiceAccountPassword = 108,

    /// <summary>ApiSetResourceDependencyExpression (opnum 109).</summary>
    ApiSetResourceDependencyExpression = 109,

    /// <summary>ApiGetResourceDependencyExpression (opnum 110).</summary>
    ApiGetResourceDependencyExpression = 110,

    /// <summary>Opnum111NotUsedOnWire (opnum 111).</summary>
    Opnum111NotUsedOnWire = 111,

    /// <summary>ApiGetResourceNetworkName (opnum 112).</summary>
    ApiGetResourceNetworkName = 112,

    /// <summary>ApiExecuteBatch (opnum 113).</summary>
    ApiExecuteBatch = 113,

    /// <summary>ApiCreateBatchPort (opnum 114).</summary>
    ApiCreateBatchPort = 114,

    /// <summary>ApiGetBatchNotification (opnum 115).</summary>
    ApiGetBatchNotification = 115,

    /// <summary>ApiCloseBatchPort (opnum 116).</summary>
    ApiCloseBatchPort = 116,

    /// <summary>ApiOpenClusterEx (opnum 117).</summary>
    ApiOpenClusterEx = 117,

    /// <summary>ApiOpenNodeEx (opnum 118).</summary>
    ApiOpenNodeEx = 118,

    /// <summary>ApiOpenGroupEx (opnum 119).</summary>
    ApiOpenGroupEx = 119,

    /// <summary>ApiOpenResourceEx (opnum 120).</summary>
    ApiOpenResourceEx = 120,

    /// <summary>ApiOpenNetworkEx (opnum 121).</summary>
    ApiOpenNetworkEx = 121,

    /// <summary>ApiOpenNetInterfaceEx (opnum 122).</summary>
    ApiOpenNetInterfaceEx = 122,

    /// <summary>ApiChangeCsvState (opnum 123).</summary>
    ApiChangeCsvState = 123,

    /// <summary>ApiCreateNodeEnumEx (opnum 124).</summary>
    ApiCreateNodeEnumEx = 124,

    /// <summary>ApiCreateEnumEx (opnum 125).</summary>
    ApiCreateEnumEx = 125,

    /// <summary>ApiPauseNodeEx (opnum 126).</summary>
    ApiPauseNodeEx = 126,

    /// <summary>ApiPauseNodeWithDrainTarget (opnum 127).</summary>
    ApiPauseNodeWithDrainTarget = 127,

    /// <summary>ApiResumeNodeEx (opnum 128).</summary>
    ApiResumeNodeEx = 128,

    /// <summary>ApiCreateGroupEx (opnum 129).</summary>
    ApiCreateGroupEx = 129,

    /// <summary>ApiOnlineGroupEx (opnum 130).</summary>
    ApiOnlineGroupEx = 130,

    /// <summary>ApiOfflineGroupEx (opnum 131).</summary>
    ApiOfflineGroupEx = 131,

    /// <summary>ApiMoveGroupEx (opnum 132).</summary>
    ApiMoveGroupEx = 132,

    /// <summary>ApiMoveGroupToNodeEx (opnum 133).</summary>
    ApiMoveGroupToNodeEx = 133,

    /// <summary>ApiCancelClusterGroupOperation (opnum 134).</summary>
    ApiCancelClusterGroupOperation = 134,

    /// <summary>ApiOnlineResourceEx (opnum 135).</summary>
    ApiOnlineResourceEx = 135,

    /// <summary>ApiOfflineResourceEx (opnum 136).</summary>
    ApiOfflineResourceEx = 136,

    /// <summary>ApiCreateNotifyV2 (opnum 137).</summary>
    ApiCreateNotifyV2 = 137,

    /// <summary>ApiAddNotifyV2 (opnum 138).</summary>
    ApiAddNotifyV2 = 138,

    /// <summary>ApiGetNotifyV2 (opnum 139).</summary>
    ApiGetNotifyV2 = 139,

    /// <summary>
    /// Opnum140NotUsedOnWire (opnum 140): reserved for local use in the MS-CMRP IDL (Appendix A); Samba's clusapi.idl
    /// names it clusapi_QueryAllValues, a method MS-CMRP does not define. Answered like opnum 141 (issue 11,
    /// docs/behaviour.md "Opnums 140, 141, 142 and 185").
    /// </summary>
    Opnum140NotUsedOnWire = 140,

    /// <summary>
    /// Opnum141NotUsedOnWire (opnum 141): reserved for local use in the MS-CMRP IDL (Appendix A); Samba's clusapi.idl
    /// names it clusapi_StmFindDisk. A client never sends it; the server answers nca_s_op_rng_error (issue 11,
    /// docs/behaviour.md "Opnums 140, 141, 142 and 185").
    /// </summary>
    Opnum141NotUsedOnWire = 141,

    /// <summary>
    /// Opnum142NotUsedOnWire (opnum 142): reserved for local use in the MS-CMRP IDL (Appendix A); Samba's clusapi.idl
    /// names it clusapi_ClusterMrr. Answered like opnum 141.
    /// </summary>
    Opnum142NotUsedOnWire = 142,

    /// <summary>ApiCreateGroupEnum (opnum 143).</summary>
    ApiCreateGroupEnum = 143,

    /// <summary>ApiCreateResourceEnum (opnum 144).</summary>
    ApiCreateResourceEnum = 144,

    /// <summary>ApiExecuteReadBatch (opnum 145).</summary>
    ApiExecuteReadBatch = 145,

    /// <summary>ApiRestartResource (opnum 146).</summary>
    ApiRestartResource = 146,

    /// <summary>ApiGetNotifyAsync (opnum 147).</summary>
    ApiGetNotifyAsync = 147,

    /// <summary>Opnum148NotUsedOnWire (opnum 148).</summary>
    Opnum148NotUsedOnWire = 148,

    /// <summary>Opnum149NotUsedOnWire (opnum 149).</summary>
    Opnum149NotUsedOnWire = 149,

    /// <summary>Opnum150NotUsedOnWire (opnum 150).</summary>
    Opnum150NotUsedOnWire = 150,

    /// <summary>Opnum151NotUsedOnWire (opnum 151).</summary>
    Opnum151NotUsedOnWire = 151,

    /// <summary>Opnum152NotUsedOnWire (opnum 152).</summary>
    Opnum152NotUsedOnWire = 152,

    /// <summary>Opnum153NotUsedOnWire (opnum 153).</summary>
    Opnum153NotUsedOnWire = 153,

    /// <summary>Opnum154NotUsedOnWire (opnum 154).</summary>
    Opnum154NotUsedOnWire = 154,

    /// <summary>ApiAddNotifyResourceTypeV2 (opnum 155).</summary>
    ApiAddNotifyResourceTypeV2 = 155,

    /// <summary>Opnum156NotUsedOnWire (opnum 156).</summary>
    Opnum156NotUsedOnWire = 156,

    /// <summary>ApiExecuteReadBatchEx (opnum 157).</summary>
    ApiExecuteReadBatchEx = 157,

    /// <summary>Opnum158NotUsedOnWire (opnum 158).</summary>
    Opnum158NotUsedOnWire = 158,

    /// <summary>Opnum159NotUsedOnWire (opnum 159).</summary>
    Opnum159NotUsedOnWire = 159,

    /// <summary>Opnum160NotUsedOnWire (opnum 160).</summary>
    Opnum160NotUsedOnWire = 160,

    /// <summary>Opnum161NotUsedOnWire (opnum 161).</summary>
    Opnum161NotUsedOnWire = 161,

    /// <summary>Opnum162NotUsedOnWire (opnum 162).</summary>
    Opnum162NotUsedOnWire = 162,

    /// <summary>ApiCreateGroupSet (opnum 163).</summary>
    ApiCreateGroupSet = 163,

    /// <summary>ApiOpenGroupSet (opnum 164).</summary>
    ApiOpenGroupSet = 164,

    /// <summary>ApiCloseGroupSet (opnum 165).</summary>
    ApiCloseGroupSet = 165,

    /// <summary>ApiDeleteGroupSet (opnum 166).</summary>
    ApiDeleteGroupSet = 166,

    /// <summary>ApiAddGroupToGroupSet (opnum 167).</summary>
    ApiAddGroupToGroupSet = 167,

    /// <summary>ApiRemoveGroupFromGroupSet (opnum 168).</summary>
    ApiRemoveGroupFromGroupSet = 168,

    /// <summary>ApiMoveGroupToGroupSet (opnum 169).</summary>
    ApiMoveGroupToGroupSet = 169,

    /// <summary>Opnum170NotUsedOnWire (opnum 170).</summary>
    Opnum170NotUsedOnWire = 170,

    /// <summary>ApiAddGroupSetDependency (opnum 171).</summary>
    ApiAddGroupSetDependency = 171,

    /// <summary>ApiAddGroupToGroupSetDependency (opnum 172).</summary>
    ApiAddGroupToGroupSetDependency = 172,

    /// <summary>ApiNodeGroupSetControl (opnum 173).</summary>
    ApiNodeGroupSetControl = 173,

    /// <summary>ApiGroupSetControl (opnum 174).</summary>
    ApiGroupSetControl = 174,

    /// <summary>ApiSetGroupDependencyExpression (opnum 175).</summary>
    ApiSetGroupDependencyExpression = 175,

    /// <summary>ApiRemoveClusterGroupDependency (opnum 176).</summary>
    ApiRemoveClusterGroupDependency = 176,

    /// <summary>ApiSetGroupSetDependencyExpression (opnum 177).</summary>
    ApiSetGroupSetDependencyExpression = 177,

    /// <summary>ApiRemoveGroupSetDependency (opnum 178).</summary>
    ApiRemoveGroupSetDependency = 178,

    /// <summary>ApiRemoveClusterGroupToGroupSetDependency (opnum 179).</summary>
    ApiRemoveClusterGroupToGroupSetDependency = 179,

    /// <summary>ApiCreateGroupSetEnum (opnum 180).</summary>
    ApiCreateGroupSetEnum = 180,

    /// <summary>ApiCreateNetInterfaceEnum (opnum 181).</summary>
    ApiCreateNetInterfaceEnum = 181,

    /// <summary>ApiChangeCsvStateEx (opnum 182).</summary>
    ApiChangeCsvStateEx = 182,

    /// <summary>ApiAddGroupToGroupSetEx (opnum 183).</summary>
    ApiAddGroupToGroupSetEx = 183,

    /// <summary>ApiChangeResourceGroupEx (opnum 184).</summary>
    ApiChangeResourceGroupEx = 184,

    /// <summary>ApiClusterNativeUpdateControl (opnum 185).</summary>
    ApiClusterNativeUpdateControl = 185,
}
