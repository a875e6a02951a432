using System.Collections.Frozen;
using Clusterd.ClusApi.Contract;

namespace Clusterd.ClusApi.Service;

/// <summary>What a method asks of its caller (MS-CMRP 3.1.1.3 and 3.1.4: every method requires "Read" or "All").</summary>
internal enum AccessRule
{
    /// <summary>"Read" is enough: the method only reads, or acts on the caller's own context (a port, a handle it closes).</summary>
    Read,

    /// <summary>"All": the method changes cluster state. Every handle it is given must carry "All"; without a handle, the caller must hold it.</summary>
    All,

    /// <summary>
    /// A plain (non-Ex) open of protocol version 3: the caller must hold "All" and the handle gets "All" (e.g. MS-CMRP
    /// 3.1.4.2.1, 3.1.4.2.9, 3.1.4.2.42). It changes nothing, so it is not audited.
    /// </summary>
    Open,

    /// <summary>
    /// A control method: the code decides. A code with the modify bit (0x00400000) needs "All" on the object handle and
    /// on a node variant's node handle; any other code needs "Read" (MS-CMRP 3.1.4.2.73-80, 88-89, 97-98, 105-106,
    /// 155-156).
    /// </summary>
    Control,
}

/// <summary>A method's access rule and the MS-CMRP section that states it.</summary>
/// <param name="Rule">What the method asks.</param>
/// <param name="Section">The method's section in MS-CMRP (protocol version 3).</param>
internal readonly record struct MethodAccess(AccessRule Rule, string Section)
{
    /// <summary>True when a call of the method with <paramref name="controlCode"/> changes state and is audited.</summary>
    public bool ChangesState(uint? controlCode) => Rule switch
    {
        AccessRule.All => true,
        AccessRule.Control => controlCode is { } code && ChangesState(new ControlCode(code)),
        _ => false,
    };

    /// <summary>A control code changes state when it has the modify bit or write access (as the Read-Only server state treats it, MS-CMRP 3.1.1).</summary>
    public static bool ChangesState(ControlCode code) => code.IsModify || code.Access == ControlAccess.Write;
}

/// <summary>
/// The access every implemented method requires, as data: one line a method with the section that says so
/// (docs/authorization.md, "Which calls need All"). The server refuses to start with a method missing here
/// (<see cref="For"/> throws while the opnum table is built), so a new method cannot be added unclassified. The checks
/// themselves are in <see cref="ClusApiCall"/> (handles and caller) and the control dispatcher (codes).
/// </summary>
internal static class ClusApiMethodAccess
{
    private static MethodAccess Read(string section) => new(AccessRule.Read, section);

    private static MethodAccess All(string section) => new(AccessRule.All, section);

    private static MethodAccess Open(string section) => new(AccessRule.Open, section);

    private static MethodAccess Control(string section) => new(AccessRule.Control, section);

    /// <summary>The rule of <paramref name="opnum"/>; a method without one is a programming error.</summary>
    public static MethodAccess For(ClusApiOpnum opnum) => s_table.TryGetValue(opnum, out var access)
        ? access
        : throw new InvalidOperationException($"{opnum} has no access rule: classify it in ClusApiMethodAccess (docs/authorization.md, \"Which calls need All\").");

    /// <summary>Every classified method (tests: the table and the opnum table list the same methods).</summary>
    public static IReadOnlyCollection<ClusApiOpnum> Classified => s_table.Keys;

    // Where this server differs from a plain reading of the method's section, the line says why. ApiGetRootKey and
    // ApiOpenKey grant "All" only to a caller holding it and asking for a write right (KEY_WRITE, GENERIC_ALL,
    // MAXIMUM_ALLOWED); ApiOpenGroupSet (3.1.4.2.147 associates "All" without requiring it) grants the caller's own
    // level. ApiBackupClusterDatabase (3.1.4.2.104, ERROR_CALL_NOT_IMPLEMENTED), ApiSetServiceAccountPassword
    // (ERROR_CALL_NOT_IMPLEMENTED) and ApiClusterNativeUpdateControl (ERROR_NOT_SUPPORTED) fail for every caller and
    // change nothing, so they need only "Read": a Read caller learns nothing it could not learn anyway.
    private static readonly FrozenDictionary<ClusApiOpnum, MethodAccess> s_table = new Dictionary<ClusApiOpnum, MethodAccess>
    {
        [ClusApiOpnum.ApiOpenCluster] = Open("3.1.4.2.1"),
        [ClusApiOpnum.ApiCloseCluster] = Read("3.1.4.2.2"),
        [ClusApiOpnum.ApiSetClusterName] = All("3.1.4.2.3"),
        [ClusApiOpnum.ApiGetClusterName] = Read("3.1.4.2.4"),
        [ClusApiOpnum.ApiGetClusterVersion] = Read("3.1.4.2.5"),
        [ClusApiOpnum.ApiGetQuorumResource] = Read("3.1.4.2.6"),
        [ClusApiOpnum.ApiSetQuorumResource] = All("3.1.4.2.7"),
        [ClusApiOpnum.ApiCreateEnum] = Read("3.1.4.2.8"),
        [ClusApiOpnum.ApiOpenResource] = Open("3.1.4.2.9"),
        [ClusApiOpnum.ApiCreateResource] = All("3.1.4.2.10"),
        [ClusApiOpnum.ApiDeleteResource] = All("3.1.4.2.11"),
        [ClusApiOpnum.ApiCloseResource] = Read("3.1.4.2.12"),
        [ClusApiOpnum.ApiGetResourceState] = Read("3.1.4.2.13"),
        [ClusApiOpnum.ApiSetResourceName] = All("3.1.4.2.14"),
        [ClusApiOpnum.ApiGetResourceId] = Read("3.1.4.2.15"),
        [ClusApiOpnum.ApiGetResourceType] = Read("3.1.4.2.16"),
        [ClusApiOpnum.ApiFailResource] = All("3.1.4.2.17"),
        [ClusApiOpnum.ApiOnlineResource] = All("3.1.4.2.18"),
        [ClusApiOpnum.ApiOfflineResource] = All("3.1.4.2.19"),
        [ClusApiOpnum.ApiAddResourceDependency] = All("3.1.4.2.20"),
        [ClusApiOpnum.ApiRemoveResourceDependency] = All("3.1.4.2.21"),
        [ClusApiOpnum.ApiCanResourceBeDependent] = Read("3.1.4.2.22"),
        [ClusApiOpnum.ApiCreateResEnum] = Read("3.1.4.2.23"),
        [ClusApiOpnum.ApiAddResourceNode] = All("3.1.4.2.24"),
        [ClusApiOpnum.ApiRemoveResourceNode] = All("3.1.4.2.25"),
        [ClusApiOpnum.ApiChangeResourceGroup] = All("3.1.4.2.26"),
        [ClusApiOpnum.ApiCreateResourceType] = All("3.1.4.2.27"),
        [ClusApiOpnum.ApiDeleteResourceType] = All("3.1.4.2.28"),
        [ClusApiOpnum.ApiGetRootKey] = Read("3.1.4.2.29"),
        [ClusApiOpnum.ApiCreateKey] = All("3.1.4.2.30"),
        [ClusApiOpnum.ApiOpenKey] = Read("3.1.4.2.31"),
        [ClusApiOpnum.ApiEnumKey] = Read("3.1.4.2.32"),
        [ClusApiOpnum.ApiSetValue] = All("3.1.4.2.33"),
        [ClusApiOpnum.ApiDeleteValue] = All("3.1.4.2.34"),
        [ClusApiOpnum.ApiQueryValue] = Read("3.1.4.2.35"),
        [ClusApiOpnum.ApiDeleteKey] = All("3.1.4.2.36"),
        [ClusApiOpnum.ApiEnumValue] = Read("3.1.4.2.37"),
        [ClusApiOpnum.ApiCloseKey] = Read("3.1.4.2.38"),
        [ClusApiOpnum.ApiQueryInfoKey] = Read("3.1.4.2.39"),
        [ClusApiOpnum.ApiSetKeySecurity] = All("3.1.4.2.40"),
        [ClusApiOpnum.ApiGetKeySecurity] = Read("3.1.4.2.41"),
        [ClusApiOpnum.ApiOpenGroup] = Open("3.1.4.2.42"),
        [ClusApiOpnum.ApiCreateGroup] = All("3.1.4.2.43"),
        [ClusApiOpnum.ApiDeleteGroup] = All("3.1.4.2.44"),
        [ClusApiOpnum.ApiCloseGroup] = Read("3.1.4.2.45"),
        [ClusApiOpnum.ApiGetGroupState] = Read("3.1.4.2.46"),
        [ClusApiOpnum.ApiSetGroupName] = All("3.1.4.2.47"),
        [ClusApiOpnum.ApiGetGroupId] = Read("3.1.4.2.48"),
        [ClusApiOpnum.ApiGetNodeId] = Read("3.1.4.2.49"),
        [ClusApiOpnum.ApiOnlineGroup] = All("3.1.4.2.50"),
        [ClusApiOpnum.ApiOfflineGroup] = All("3.1.4.2.51"),
        [ClusApiOpnum.ApiMoveGroup] = All("3.1.4.2.52"),
        [ClusApiOpnum.ApiMoveGroupToNode] = All("3.1.4.2.53"),
        [ClusApiOpnum.ApiCreateGroupResourceEnum] = Read("3.1.4.2.54"),
        [ClusApiOpnum.ApiSetGroupNodeList] = All("3.1.4.2.55"),
        [ClusApiOpnum.ApiCreateNotify] = Read("3.1.4.2.56"),
        [ClusApiOpnum.ApiCloseNotify] = Read("3.1.4.2.57"),
        [ClusApiOpnum.ApiAddNotifyCluster] = Read("3.1.4.2.58"),
        [ClusApiOpnum.ApiAddNotifyNode] = Read("3.1.4.2.59"),
        [ClusApiOpnum.ApiAddNotifyGroup] = Read("3.1.4.2.60"),
        [ClusApiOpnum.ApiAddNotifyResource] = Read("3.1.4.2.61"),
        [ClusApiOpnum.ApiAddNotifyKey] = Read("3.1.4.2.62"),
        [ClusApiOpnum.ApiReAddNotifyNode] = Read("3.1.4.2.63"),
        [ClusApiOpnum.ApiReAddNotifyGroup] = Read("3.1.4.2.64"),
        [ClusApiOpnum.ApiReAddNotifyResource] = Read("3.1.4.2.65"),
        [ClusApiOpnum.ApiGetNotify] = Read("3.1.4.2.66"),
        [ClusApiOpnum.ApiOpenNode] = Open("3.1.4.2.67"),
        [ClusApiOpnum.ApiCloseNode] = Read("3.1.4.2.68"),
        [ClusApiOpnum.ApiGetNodeState] = Read("3.1.4.2.69"),
        [ClusApiOpnum.ApiPauseNode] = All("3.1.4.2.70"),
        [ClusApiOpnum.ApiResumeNode] = All("3.1.4.2.71"),
        [ClusApiOpnum.ApiEvictNode] = All("3.1.4.2.72"),
        [ClusApiOpnum.ApiNodeResourceControl] = Control("3.1.4.2.73"),
        [ClusApiOpnum.ApiResourceControl] = Control("3.1.4.2.74"),
        [ClusApiOpnum.ApiNodeResourceTypeControl] = Control("3.1.4.2.75"),
        [ClusApiOpnum.ApiResourceTypeControl] = Control("3.1.4.2.76"),
        [ClusApiOpnum.ApiNodeGroupControl] = Control("3.1.4.2.77"),
        [ClusApiOpnum.ApiGroupControl] = Control("3.1.4.2.78"),
        [ClusApiOpnum.ApiNodeNodeControl] = Control("3.1.4.2.79"),
        [ClusApiOpnum.ApiNodeControl] = Control("3.1.4.2.80"),
        [ClusApiOpnum.ApiOpenNetwork] = Open("3.1.4.2.81"),
        [ClusApiOpnum.ApiCloseNetwork] = Read("3.1.4.2.82"),
        [ClusApiOpnum.ApiGetNetworkState] = Read("3.1.4.2.83"),
        [ClusApiOpnum.ApiSetNetworkName] = All("3.1.4.2.84"),
        [ClusApiOpnum.ApiCreateNetworkEnum] = Read("3.1.4.2.85"),
        [ClusApiOpnum.ApiGetNetworkId] = Read("3.1.4.2.86"),
        [ClusApiOpnum.ApiSetNetworkPriorityOrder] = All("3.1.4.2.87"),
        [ClusApiOpnum.ApiNodeNetworkControl] = Control("3.1.4.2.88"),
        [ClusApiOpnum.ApiNetworkControl] = Control("3.1.4.2.89"),
        [ClusApiOpnum.ApiAddNotifyNetwork] = Read("3.1.4.2.90"),
        [ClusApiOpnum.ApiReAddNotifyNetwork] = Read("3.1.4.2.91"),
        [ClusApiOpnum.ApiOpenNetInterface] = Open("3.1.4.2.92"),
        [ClusApiOpnum.ApiCloseNetInterface] = Read("3.1.4.2.93"),
        [ClusApiOpnum.ApiGetNetInterfaceState] = Read("3.1.4.2.94"),
        [ClusApiOpnum.ApiGetNetInterface] = Read("3.1.4.2.95"),
        [ClusApiOpnum.ApiGetNetInterfaceId] = Read("3.1.4.2.96"),
        [ClusApiOpnum.ApiNodeNetInterfaceControl] = Control("3.1.4.2.97"),
        [ClusApiOpnum.ApiNetInterfaceControl] = Control("3.1.4.2.98"),
        [ClusApiOpnum.ApiAddNotifyNetInterface] = Read("3.1.4.2.99"),
        [ClusApiOpnum.ApiReAddNotifyNetInterface] = Read("3.1.4.2.100"),
        [ClusApiOpnum.ApiCreateNodeEnum] = Read("3.1.4.2.101"),
        [ClusApiOpnum.ApiGetClusterVersion2] = Read("3.1.4.2.102"),
        [ClusApiOpnum.ApiCreateResTypeEnum] = Read("3.1.4.2.103"),
        [ClusApiOpnum.ApiBackupClusterDatabase] = Read("3.1.4.2.104"),
        [ClusApiOpnum.ApiNodeClusterControl] = Control("3.1.4.2.105"),
        [ClusApiOpnum.ApiClusterControl] = Control("3.1.4.2.106"),
        [ClusApiOpnum.ApiUnblockGetNotifyCall] = Read("3.1.4.2.107"),
        [ClusApiOpnum.ApiSetServiceAccountPassword] = Read("3.1.4.2.108"),
        [ClusApiOpnum.ApiSetResourceDependencyExpression] = All("3.1.4.2.109"),
        [ClusApiOpnum.ApiGetResourceDependencyExpression] = Read("3.1.4.2.110"),
        [ClusApiOpnum.ApiGetResourceNetworkName] = Read("3.1.4.2.111"),
        [ClusApiOpnum.ApiExecuteBatch] = All("3.1.4.2.112"),
        [ClusApiOpnum.ApiCreateBatchPort] = Read("3.1.4.2.113"),
        [ClusApiOpnum.ApiGetBatchNotification] = Read("3.1.4.2.114"),
        [ClusApiOpnum.ApiCloseBatchPort] = Read("3.1.4.2.115"),
        [ClusApiOpnum.ApiOpenClusterEx] = Read("3.1.4.2.116"),
        [ClusApiOpnum.ApiOpenNodeEx] = Read("3.1.4.2.117"),
        [ClusApiOpnum.ApiOpenGroupEx] = Read("3.1.4.2.118"),
        [ClusApiOpnum.ApiOpenResourceEx] = Read("3.1.4.2.119"),
        [ClusApiOpnum.ApiOpenNetworkEx] = Read("3.1.4.2.120"),
        [ClusApiOpnum.ApiOpenNetInterfaceEx] = Read("3.1.4.2.121"),
        [ClusApiOpnum.ApiChangeCsvState] = All("3.1.4.2.122"),
        [ClusApiOpnum.ApiCreateNodeEnumEx] = Read("3.1.4.2.123"),
        [ClusApiOpnum.ApiCreateEnumEx] = Read("3.1.4.2.124"),
        [ClusApiOpnum.ApiPauseNodeEx] = All("3.1.4.2.125"),
        [ClusApiOpnum.ApiPauseNodeWithDrainTarget] = All("3.1.4.2.126"),
        [ClusApiOpnum.ApiResumeNodeEx] = All("3.1.4.2.127"),
        [ClusApiOpnum.ApiCreateGroupEx] = All("3.1.4.2.128"),
        [ClusApiOpnum.ApiOnlineGroupEx] = All("3.1.4.2.129"),
        [ClusApiOpnum.ApiOfflineGroupEx] = All("3.1.4.2.130"),
        [ClusApiOpnum.ApiMoveGroupEx] = All("3.1.4.2.131"),
        [ClusApiOpnum.ApiMoveGroupToNodeEx] = All("3.1.4.2.132"),
        [ClusApiOpnum.ApiCancelClusterGroupOperation] = All("3.1.4.2.133"),
        [ClusApiOpnum.ApiOnlineResourceEx] = All("3.1.4.2.134"),
        [ClusApiOpnum.ApiOfflineResourceEx] = All("3.1.4.2.135"),
        [ClusApiOpnum.ApiCreateNotifyV2] = Read("3.1.4.2.136"),
        [ClusApiOpnum.ApiAddNotifyV2] = Read("3.1.4.2.137"),
        [ClusApiOpnum.ApiGetNotifyV2] = Read("3.1.4.2.138"),
        [ClusApiOpnum.ApiCreateGroupEnum] = Read("3.1.4.2.139"),
        [ClusApiOpnum.ApiCreateResourceEnum] = Read("3.1.4.2.140"),
        [ClusApiOpnum.ApiExecuteReadBatch] = Read("3.1.4.2.141"),
        [ClusApiOpnum.ApiRestartResource] = All("3.1.4.2.142"),
        [ClusApiOpnum.ApiGetNotifyAsync] = Read("3.1.4.2.143"),
        [ClusApiOpnum.ApiAddNotifyResourceTypeV2] = Read("3.1.4.2.144"),
        [ClusApiOpnum.ApiExecuteReadBatchEx] = Read("3.1.4.2.145"),
        [ClusApiOpnum.ApiCreateGroupSet] = All("3.1.4.2.146"),
        [ClusApiOpnum.ApiOpenGroupSet] = Read("3.1.4.2.147"),
        [ClusApiOpnum.ApiCloseGroupSet] = Read("3.1.4.2.148"),
        [ClusApiOpnum.ApiDeleteGroupSet] = All("3.1.4.2.149"),
        [ClusApiOpnum.ApiAddGroupToGroupSet] = All("3.1.4.2.150"),
        [ClusApiOpnum.ApiRemoveGroupFromGroupSet] = All("3.1.4.2.151"),
        [ClusApiOpnum.ApiMoveGroupToGroupSet] = All("3.1.4.2.152"),
        [ClusApiOpnum.ApiAddGroupSetDependency] = All("3.1.4.2.153"),
        [ClusApiOpnum.ApiAddGroupToGroupSetDependency] = All("3.1.4.2.154"),
        [ClusApiOpnum.ApiNodeGroupSetControl] = Control("3.1.4.2.155"),
        [ClusApiOpnum.ApiGroupSetControl] = Control("3.1.4.2.156"),
        [ClusApiOpnum.ApiSetGroupDependencyExpression] = All("3.1.4.2.157"),
        [ClusApiOpnum.ApiRemoveClusterGroupDependency] = All("3.1.4.2.158"),
        [ClusApiOpnum.ApiSetGroupSetDependencyExpression] = All("3.1.4.2.159"),
        [ClusApiOpnum.ApiRemoveGroupSetDependency] = All("3.1.4.2.160"),
        [ClusApiOpnum.ApiRemoveClusterGroupToGroupSetDependency] = All("3.1.4.2.161"),
        [ClusApiOpnum.ApiCreateGroupSetEnum] = Read("3.1.4.2.162"),
        [ClusApiOpnum.ApiCreateNetInterfaceEnum] = Read("3.1.4.2.163"),
        [ClusApiOpnum.ApiChangeCsvStateEx] = All("3.1.4.2.164"),
        [ClusApiOpnum.ApiAddGroupToGroupSetEx] = All("3.1.4.2.165"),
        [ClusApiOpnum.ApiChangeResourceGroupEx] = All("3.1.4.2.166"),
        [ClusApiOpnum.ApiClusterNativeUpdateControl] = Read("3.1.4.2.167"),
    }.ToFrozenDictionary();
}
