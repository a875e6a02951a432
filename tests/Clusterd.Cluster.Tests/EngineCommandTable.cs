using Clusterd.ClusApi;
using Clusterd.ClusApi.Security;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// One engine command as the rule tests drive it: how to put the engine where the command changes something, and
/// the command itself. <paramref name="WritesStore"/> is false for commands whose state is runtime only (an emulated
/// node coming back): they never reach the store, so no commit can be refused.
/// <paramref name="ReportsCode"/> is false for <see cref="ClusterEngine.FireDueTimers"/>, which reports a count.
/// <paramref name="Topology"/>: the topology the engine starts from, when the default lab topology cannot reach the
/// command's state (a resource type with a pending time); null for the default.
/// </summary>
internal sealed record EngineCommand(
    string Method,
    Action<ClusterEngine, ManualClock> Arrange,
    Func<ClusterEngine, Win32Error> Run,
    bool WritesStore = true,
    bool ReportsCode = true,
    Func<Topology.TopologyConfig>? Topology = null)
{
    /// <summary>The topology the engine of this case starts from.</summary>
    public Topology.TopologyConfig StartTopology() => Topology?.Invoke() ?? Clusterd.Cluster.Topology.TopologyConfig.Default();

    public override string ToString() => Method;
}

/// <summary>
/// Every command (each <see cref="ClusterCommand"/> type, and the engine's own <see cref="ClusterEngine.FireDueTimers"/>),
/// each in a state where it succeeds and changes something. <see cref="EngineRuleTests.Every_command_type_is_listed_and_every_other_public_engine_method_is_plumbing"/>
/// fails when a command type or a public engine method is added without being put here or in <see cref="Reads"/>.
/// </summary>
internal static class EngineCommandTable
{
    private const string NetworkNameId = "9a1e1f00-0000-4000-8000-000000000003";
    private static readonly Guid SnapshotSet = new("5a5a5a5a-0000-4000-8000-000000000001");

    private static void Nothing(ClusterEngine e, ManualClock c)
    {
    }

    /// <summary>The default topology with a Generic Service that takes 30 seconds to change state.</summary>
    public static Topology.TopologyConfig SlowGenericService()
    {
        var t = Clusterd.Cluster.Topology.TopologyConfig.Default();
        return t with { ResourceTypes = [.. t.ResourceTypes.Select(r => r.Name == "Generic Service" ? r with { PendingSeconds = 30 } : r)] };
    }

    private static void NewResource(ClusterEngine e, ManualClock c) =>
        Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("Cluster Group", "x", "Generic Service")).Error);

    public static readonly EngineCommand[] All =
    [
        new(nameof(SetCsvMaintenanceMode), Nothing, e => e.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true))),
        new(nameof(SetDirectIO), Nothing, e => e.Execute(new SetDirectIO(Disk1, Volume1, Enable: false)).Error),
        new(nameof(SetBackupMode), Nothing, e => e.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60))),
        new(nameof(SetSnapshotState), Nothing, e => e.Execute(new SetSnapshotState(SnapshotSet, Volume1, SharedVolumeSnapshotState.PrepareForFreeze))),
        new(nameof(ChangeCsvState), Nothing, e => e.Execute(new ChangeCsvState(Disk3, 1))),
        new(nameof(SetDiskMaintenance), Nothing, e => e.Execute(new SetDiskMaintenance(Disk3, true))),
        // node1 owns Cluster Disk 1: losing the disk there moves the coordinator (a database write).
        new(nameof(SetDiskConnectivity), Nothing, e => e.Execute(new SetDiskConnectivity(Disk1, "node1", Connected: false))),
        new(nameof(PrepareSharedVolumeForBackup), Nothing, e => e.Execute(new PrepareSharedVolumeForBackup(@"C:\ClusterStorage\Volume1\a.vhdx")).Error),
        new(nameof(ClearBackupStateForSharedVolume),
            (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60))),
            e => e.Execute(new ClearBackupStateForSharedVolume(@"C:\ClusterStorage\Volume1\"))),
        new(nameof(CreateGroup), Nothing, e => e.Execute(new CreateGroup("g")).Error),
        // With force: the group, its resources (one online) and their offline transitions in one command (MS-CMRP 3.1.4.2.44).
        new(nameof(DeleteGroup),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("g")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("g", "svc", "Generic Service")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("g", "svc2", "Generic Service")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new OnlineResource("svc")));
            },
            e => e.Execute(new DeleteGroup("g", Force: true))),
        new(nameof(RenameGroup), Nothing, e => e.Execute(new RenameGroup("Cluster Group", "Core"))),
        new(nameof(OnlineGroup),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("g")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("g", "svc", "Generic Service")).Error);
            },
            e => e.Execute(new OnlineGroup("g"))),
        new(nameof(OfflineGroup), Nothing, e => e.Execute(new OfflineGroup("Cluster Group"))),
        new(nameof(SetGroupNodeList), Nothing, e => e.Execute(new SetGroupNodeList("Cluster Group", ["node2"]))),
        new(nameof(MoveGroup), Nothing, e => e.Execute(new MoveGroup("Cluster Group", "node2"))),
        new(nameof(CreateResource), Nothing, e => e.Execute(new CreateResource("Cluster Group", "x", "Generic Service")).Error),
        new(nameof(DeleteResource), NewResource, e => e.Execute(new DeleteResource("x"))),
        new(nameof(RenameResource), Nothing, e => e.Execute(new RenameResource("Network Name", "Renamed"))),
        new(nameof(AddDependency), NewResource, e => e.Execute(new AddDependency("x", "Cluster IP Address"))),
        new(nameof(RemoveDependency), Nothing, e => e.Execute(new RemoveDependency("Network Name", "Cluster IP Address"))),
        new(nameof(OnlineResource), NewResource, e => e.Execute(new OnlineResource("x"))),
        new(nameof(OfflineResource), Nothing, e => e.Execute(new OfflineResource("Network Name"))),
        // Failed is a runtime state (a resource comes back in its persistent state): nothing to store.
        new(nameof(FailResource), Nothing, e => e.Execute(new FailResource("Network Name"))),
        new(nameof(SetClusterName), Nothing, e => e.Execute(new SetClusterName("RENAMED"))),
        // A common property and a new name (SET_COMMON_PROPERTIES with "Name"): the rename is part of the same command.
        new(nameof(SetProperties), Nothing,
            e => e.Execute(new SetProperties(ClusterObjectType.Resource, NetworkNameId, ParametersSubkey: false, [StoredValue.String("Description", "d")], NewName: "Renamed"))),
        // The cluster security descriptor (issue 13): one ACE granting All to account "admin".
        new(nameof(SetClusterSecurity), Nothing, e => e.Execute(new SetClusterSecurity(new ClusterAccounts(["admin"], allowAnonymous: false).DefaultDescriptor().Encode()))),
        new(nameof(PauseNode), Nothing, e => e.Execute(new PauseNode("node3"))),
        new(nameof(ResumeNode), (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new PauseNode("node3"))), e => e.Execute(new ResumeNode("node3"))),
        new(nameof(EvictNode), Nothing, e => e.Execute(new EvictNode("node3"))),
        // node2 owns Cluster Disk 2: its loss moves that coordinator (a database write).
        new(nameof(SetNodeDown), Nothing, e => e.Execute(new SetNodeDown("node2"))),
        // A node coming back is runtime state only (every node is up after a cluster start): nothing to store.
        new(nameof(SetNodeUp), (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new SetNodeDown("node3"))), e => e.Execute(new SetNodeUp("node3"))),
        new(nameof(ClusterEngine.FireDueTimers),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)));
                c.Advance(TimeSpan.FromSeconds(60)); // due; the manual clock's timer never fires on its own
            },
            // It reports how many deadlines took effect: one was made due, so none means the command was refused.
            e => e.FireDueTimers() == 1 ? Win32Error.Success : Win32Error.WriteFault,
            ReportsCode: false),
        // Issue 11, NodeNetwork area (Nodes/NodeNetwork.cs).
        // node1 owns Cluster Group, Available Storage and Cluster Disk 1: the pause and every move are one command.
        new(nameof(PauseNodeEx), Nothing, e => e.Execute(new PauseNodeEx("node1", Drain: true, RemainOnMoveError: false))),
        new(nameof(ResumeNodeEx),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.Execute(new SetGroupNodeList("Cluster Group", ["node3"])));
                Assert.Equal(Win32Error.Success, e.Execute(new PauseNode("node3")));
            },
            e => e.Execute(new ResumeNodeEx("node3", ResumeFailback.FailbackGroupsImmediately))),
        new(nameof(CreateResourceType), Nothing, e => e.Execute(new CreateResourceType("Custom", "Custom type", "custom.dll", 5000, 60000))),
        new(nameof(DeleteResourceType), Nothing, e => e.Execute(new DeleteResourceType("Storage Pool"))),
        new(nameof(SetQuorumResource), Nothing, e => e.Execute(new SetQuorumResource("Cluster Disk 3", @"Q:\MSCS", 0x800000))),
        new(nameof(SetNetworkName), Nothing, e => e.Execute(new SetNetworkName("Cluster Network 1", "Renamed"))),
        new(nameof(SetNetworkPriorityOrder), Nothing, e => e.Execute(new SetNetworkPriorityOrder(["5e1f3d2a-0b7c-4e8d-9f60-112233445566"]))),
        // GroupResource (issue 11).
        new(nameof(CreateGroupOfType), Nothing, e => e.Execute(new CreateGroupOfType("typed", 100)).Error),
        new(nameof(RemoveResourceNode), Nothing, e => e.Execute(new RemoveResourceNode("Network Name", "node3"))),
        new(nameof(AddResourceNode), (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new RemoveResourceNode("Network Name", "node3"))),
            e => e.Execute(new AddResourceNode("Network Name", "node3"))),
        new(nameof(ChangeResourceGroup),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("g")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateGroup("h")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("g", "a", "Generic Service")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new CreateResource("g", "b", "Generic Service")).Error);
                Assert.Equal(Win32Error.Success, e.Execute(new AddDependency("b", "a")));
            },
            e => e.Execute(new ChangeResourceGroup("a", "h"))),
        // A failed resource whose persistent state is online comes back online.
        new(nameof(RestartResource), (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new FailResource("Network Name"))),
            e => e.Execute(new RestartResource("Network Name"))),
        // Something must be pending: a topology whose Generic Service takes 30 s to come online.
        new(nameof(CancelGroupOperation),
            (e, c) =>
            {
                NewResource(e, c);
                Assert.Equal(Win32Error.IoPending, e.Execute(new OnlineResource("x")));
            },
            e => e.Execute(new CancelGroupOperation("Cluster Group")),
            Topology: SlowGenericService),
        new(nameof(SetDependencyExpression), NewResource, e => e.Execute(new SetDependencyExpression("x", "([Cluster IP Address] or [Network Name]) and [Cluster Name]"))),
        // Group sets and group dependencies (issue 11, area GroupSet). The default topology has the set "Cluster Group"
        // holding the group "Cluster Group".
        new(nameof(CreateGroupSet), Nothing, e => e.Execute(new CreateGroupSet("s")).Error),
        new(nameof(DeleteGroupSet), NewSet, e => e.Execute(new DeleteGroupSet("s"))),
        new(nameof(AddGroupToGroupSet), NewSet, e => e.Execute(new AddGroupToGroupSet("s", "Available Storage"))),
        new(nameof(RemoveGroupFromGroupSet), Nothing, e => e.Execute(new RemoveGroupFromGroupSet("Cluster Group"))),
        new(nameof(AddGroupSetDependency), NewSetWithMember, e => e.Execute(new AddGroupSetDependency("s", "Cluster Group"))),
        new(nameof(AddGroupToGroupSetDependency), Nothing, e => e.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group"))),
        new(nameof(SetGroupDependencyExpression), Nothing, e => e.Execute(new SetGroupDependencyExpression("Available Storage", "[Cluster Group]"))),
        new(nameof(RemoveGroupDependency),
            (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new SetGroupDependencyExpression("Available Storage", "[Cluster Group]"))),
            e => e.Execute(new RemoveGroupDependency("Available Storage", "Cluster Group"))),
        new(nameof(SetGroupSetDependencyExpression), NewSetWithMember,
            e => e.Execute(new SetGroupSetDependencyExpression("s", "[7d3e4f50-0000-4000-8000-0000000000a1]"))),
        new(nameof(RemoveGroupSetDependency),
            (e, c) =>
            {
                NewSetWithMember(e, c);
                Assert.Equal(Win32Error.Success, e.Execute(new AddGroupSetDependency("s", "Cluster Group")));
            },
            e => e.Execute(new RemoveGroupSetDependency("s", "Cluster Group"))),
        new(nameof(RemoveGroupToGroupSetDependency),
            (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group"))),
            e => e.Execute(new RemoveGroupToGroupSetDependency("Available Storage", "Cluster Group"))),
        // Registry writes (issue 11, Registry area)
        new(nameof(CreateRegistryKey), Nothing, e => e.Execute(new CreateRegistryKey("", @"Software\App")).Error),
        new(nameof(SetRegistryValue), Nothing, e => e.Execute(new SetRegistryValue(@"Resources\" + NetworkNameId, "Custom", 4, new byte[] { 7, 0, 0, 0 }))),
        new(nameof(DeleteRegistryValue),
            (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new SetRegistryValue("", "Custom", 1, "x\0"u8.ToArray()))),
            e => e.Execute(new DeleteRegistryValue("", "Custom"))),
        new(nameof(DeleteRegistryKey),
            (e, c) => Assert.Equal(Win32Error.Success, e.Execute(new CreateRegistryKey("", "Scratch")).Error),
            e => e.Execute(new DeleteRegistryKey("", "Scratch"))),
        new(nameof(ExecuteRegistryBatch), Nothing, e => e.Execute(new ExecuteRegistryBatch("",
        [
            new RegistryBatchCommand(RegistryBatchOperation.CreateKey, @"App\Config", 0, default),
            new RegistryBatchCommand(RegistryBatchOperation.SetValue, "Level", 4, new byte[] { 3, 0, 0, 0 }),
            new RegistryBatchCommand(RegistryBatchOperation.DeleteKey, "Old", 0, default),
        ]))),
    ];

    private static void NewSet(ClusterEngine e, ManualClock c) =>
        Assert.Equal(Win32Error.Success, e.Execute(new CreateGroupSet("s")).Error);

    private static void NewSetWithMember(ClusterEngine e, ManualClock c)
    {
        NewSet(e, c);
        Assert.Equal(Win32Error.Success, e.Execute(new AddGroupToGroupSet("s", "Available Storage")));
    }

    /// <summary>Public methods of the engine that are not commands (plumbing), with the reason; reads live on <see cref="ClusterQueries"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reads = new Dictionary<string, string>
    {
        [nameof(ClusterEngine.OpenReplica)] = "plumbing: opens a replica (ReplicaTests)",
        [nameof(ClusterEngine.SetLeadership)] = "plumbing: leader duty on or off; changes no state (ReplicaTests)",
        [nameof(ClusterEngine.RunAsLeader)] = "plumbing: runs other commands fenced (ReplicaTests)",
        [nameof(ClusterEngine.ReconcileMembers)] = "leader duty made of SetNodeDown/SetNodeUp, which are listed (ReplicaTests)",
        [nameof(ClusterEngine.EnterCommand)] = "plumbing: holds the lock around a caller's composite command (a ClusAPI control), whose parts are listed here",
        [nameof(ClusterEngine.TryEnterCommand)] = "plumbing: EnterCommand without waiting",
        [nameof(ClusterEngine.ExitCommand)] = "plumbing: ends TryEnterCommand",
        [nameof(ClusterEngine.Open)] = "plumbing: starts an engine",
        [nameof(ClusterEngine.Execute)] = "runs one command value; every command type is listed in All",
        [nameof(ClusterEngine.Subscribe)] = "plumbing: an event subscription, no state of the cluster",
        [nameof(ClusterEngine.Dispose)] = "plumbing",
        [nameof(ClusterEngine.SetServerState)] = "emulator switch of the protocol server state: one field, no transaction, nothing to store",
    };
}
