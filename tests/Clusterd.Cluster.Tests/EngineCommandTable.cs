using Clusterd.ClusApi;
using Clusterd.Cluster.Engine;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// One engine command as the rule tests drive it: how to put the engine where the command changes something, and
/// the command itself. <paramref name="WritesStore"/> is false for commands whose state is runtime only (an emulated
/// node coming back): they never reach the store, so no commit can be refused.
/// <paramref name="ReportsCode"/> is false for <see cref="ClusterEngine.FireDueTimers"/>, which reports a count.
/// </summary>
internal sealed record EngineCommand(
    string Method,
    Action<ClusterEngine, ManualClock> Arrange,
    Func<ClusterEngine, Win32Error> Run,
    bool WritesStore = true,
    bool ReportsCode = true)
{
    public override string ToString() => Method;
}

/// <summary>
/// Every mutating public method of <see cref="ClusterEngine"/>, each in a state where it succeeds and changes
/// something. <see cref="EngineRuleTests.Every_public_engine_method_is_a_listed_command_or_a_listed_read"/> fails when
/// a public method is added to the engine without being put here or in <see cref="Reads"/>.
/// </summary>
internal static class EngineCommandTable
{
    private const string NetworkNameId = "9a1e1f00-0000-4000-8000-000000000003";
    private static readonly Guid SnapshotSet = new("5a5a5a5a-0000-4000-8000-000000000001");

    private static void Nothing(ClusterEngine e, ManualClock c)
    {
    }

    private static void NewResource(ClusterEngine e, ManualClock c) =>
        Assert.Equal(Win32Error.Success, e.CreateResource("Cluster Group", "x", "Generic Service").Error);

    public static readonly EngineCommand[] All =
    [
        new(nameof(ClusterEngine.SetCsvMaintenanceMode), Nothing, e => e.SetCsvMaintenanceMode(Disk1, Volume1, true)),
        new(nameof(ClusterEngine.SetDirectIO), Nothing, e => e.SetDirectIO(Disk1, Volume1, enable: false).Error),
        new(nameof(ClusterEngine.SetBackupMode), Nothing, e => e.SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)),
        new(nameof(ClusterEngine.SetSnapshotState), Nothing, e => e.SetSnapshotState(SnapshotSet, Volume1, SharedVolumeSnapshotState.PrepareForFreeze)),
        new(nameof(ClusterEngine.ChangeCsvState), Nothing, e => e.ChangeCsvState(Disk3, 1)),
        new(nameof(ClusterEngine.SetDiskMaintenance), Nothing, e => e.SetDiskMaintenance(Disk3, true)),
        // node1 owns Cluster Disk 1: losing the disk there moves the coordinator (a database write).
        new(nameof(ClusterEngine.SetDiskConnectivity), Nothing, e => e.SetDiskConnectivity(Disk1, "node1", connected: false)),
        new(nameof(ClusterEngine.PrepareSharedVolumeForBackup), Nothing, e => e.PrepareSharedVolumeForBackup(@"C:\ClusterStorage\Volume1\a.vhdx").Error),
        new(nameof(ClusterEngine.ClearBackupStateForSharedVolume),
            (e, c) => Assert.Equal(Win32Error.Success, e.SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60)),
            e => e.ClearBackupStateForSharedVolume(@"C:\ClusterStorage\Volume1\")),
        new(nameof(ClusterEngine.CreateGroup), Nothing, e => e.CreateGroup("g").Error),
        // With force: the group, its resources (one online) and their offline transitions in one command (MS-CMRP 3.1.4.2.44).
        new(nameof(ClusterEngine.DeleteGroup),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.CreateGroup("g").Error);
                Assert.Equal(Win32Error.Success, e.CreateResource("g", "svc", "Generic Service").Error);
                Assert.Equal(Win32Error.Success, e.CreateResource("g", "svc2", "Generic Service").Error);
                Assert.Equal(Win32Error.Success, e.OnlineResource("svc"));
            },
            e => e.DeleteGroup("g", force: true)),
        new(nameof(ClusterEngine.RenameGroup), Nothing, e => e.RenameGroup("Cluster Group", "Core")),
        new(nameof(ClusterEngine.OnlineGroup),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.CreateGroup("g").Error);
                Assert.Equal(Win32Error.Success, e.CreateResource("g", "svc", "Generic Service").Error);
            },
            e => e.OnlineGroup("g")),
        new(nameof(ClusterEngine.OfflineGroup), Nothing, e => e.OfflineGroup("Cluster Group")),
        new(nameof(ClusterEngine.SetGroupNodeList), Nothing, e => e.SetGroupNodeList("Cluster Group", ["node2"])),
        new(nameof(ClusterEngine.MoveGroup), Nothing, e => e.MoveGroup("Cluster Group", "node2")),
        new(nameof(ClusterEngine.CreateResource), Nothing, e => e.CreateResource("Cluster Group", "x", "Generic Service").Error),
        new(nameof(ClusterEngine.DeleteResource), NewResource, e => e.DeleteResource("x")),
        new(nameof(ClusterEngine.RenameResource), Nothing, e => e.RenameResource("Network Name", "Renamed")),
        new(nameof(ClusterEngine.AddDependency), NewResource, e => e.AddDependency("x", "Cluster IP Address")),
        new(nameof(ClusterEngine.RemoveDependency), Nothing, e => e.RemoveDependency("Network Name", "Cluster IP Address")),
        new(nameof(ClusterEngine.OnlineResource), NewResource, e => e.OnlineResource("x")),
        new(nameof(ClusterEngine.OfflineResource), Nothing, e => e.OfflineResource("Network Name")),
        // Failed is a runtime state (a resource comes back in its persistent state): nothing to store.
        new(nameof(ClusterEngine.FailResource), Nothing, e => e.FailResource("Network Name")),
        new(nameof(ClusterEngine.SetClusterName), Nothing, e => e.SetClusterName("RENAMED")),
        // A common property and a new name (SET_COMMON_PROPERTIES with "Name"): the rename is part of the same command.
        new(nameof(ClusterEngine.SetProperties), Nothing,
            e => e.SetProperties(ClusterObjectType.Resource, NetworkNameId, parametersSubkey: false, [StoredValue.String("Description", "d")], newName: "Renamed")),
        new(nameof(ClusterEngine.PauseNode), Nothing, e => e.PauseNode("node3")),
        new(nameof(ClusterEngine.ResumeNode), (e, c) => Assert.Equal(Win32Error.Success, e.PauseNode("node3")), e => e.ResumeNode("node3")),
        new(nameof(ClusterEngine.EvictNode), Nothing, e => e.EvictNode("node3")),
        // node2 owns Cluster Disk 2: its loss moves that coordinator (a database write).
        new(nameof(ClusterEngine.SetNodeDown), Nothing, e => e.SetNodeDown("node2")),
        // A node coming back is runtime state only (every node is up after a cluster start): nothing to store.
        new(nameof(ClusterEngine.SetNodeUp), (e, c) => Assert.Equal(Win32Error.Success, e.SetNodeDown("node3")), e => e.SetNodeUp("node3")),
        new(nameof(ClusterEngine.FireDueTimers),
            (e, c) =>
            {
                Assert.Equal(Win32Error.Success, e.SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, 60));
                c.Advance(TimeSpan.FromSeconds(60)); // due; the manual clock's timer never fires on its own
            },
            // It reports how many deadlines took effect: one was made due, so none means the command was refused.
            e => e.FireDueTimers() == 1 ? Win32Error.Success : Win32Error.WriteFault,
            ReportsCode: false),
    ];

    /// <summary>Public members that change nothing (reads), or are not commands (plumbing), with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reads = new Dictionary<string, string>
    {
        [nameof(ClusterEngine.CheckSharedVolumeResource)] = "read",
        [nameof(ClusterEngine.OpenReplica)] = "plumbing: opens a replica (ReplicaTests)",
        [nameof(ClusterEngine.SetLeadership)] = "plumbing: leader duty on or off; changes no state (ReplicaTests)",
        [nameof(ClusterEngine.RunAsLeader)] = "plumbing: runs other commands fenced (ReplicaTests)",
        [nameof(ClusterEngine.ReconcileMembers)] = "leader duty made of SetNodeDown/SetNodeUp, which are listed (ReplicaTests)",
        [nameof(ClusterEngine.GetSharedVolumeInfo)] = "read",
        [nameof(ClusterEngine.GetAllSharedVolumes)] = "read",
        [nameof(ClusterEngine.FindSharedVolume)] = "read",
        [nameof(ClusterEngine.IsSharedVolume)] = "read",
        [nameof(ClusterEngine.GetSharedVolumeStates)] = "read",
        [nameof(ClusterEngine.GetAllVolumeStates)] = "read",
        [nameof(ClusterEngine.GetDiskMaintenance)] = "read",
        [nameof(ClusterEngine.IsCsvFile)] = "read",
        [nameof(ClusterEngine.GetSharedVolumeId)] = "read",
        [nameof(ClusterEngine.GetVolumePathName)] = "read",
        [nameof(ClusterEngine.IsPathOnSharedVolume)] = "read",
        [nameof(ClusterEngine.GetVolumeNameForVolumeMountPoint)] = "read",
        [nameof(ClusterEngine.GetClusterInfo)] = "read",
        [nameof(ClusterEngine.Enumerate)] = "read",
        [nameof(ClusterEngine.GetNodes)] = "read",
        [nameof(ClusterEngine.FindNode)] = "read",
        [nameof(ClusterEngine.FindGroup)] = "read",
        [nameof(ClusterEngine.FindResource)] = "read",
        [nameof(ClusterEngine.ResolveResource)] = "read",
        [nameof(ClusterEngine.GetResourceNetworkName)] = "read",
        [nameof(ClusterEngine.FindResourceType)] = "read",
        [nameof(ClusterEngine.FindNetwork)] = "read",
        [nameof(ClusterEngine.FindNetInterface)] = "read",
        [nameof(ClusterEngine.FindGroupSet)] = "read",
        [nameof(ClusterEngine.GetGroupSetNames)] = "read",
        [nameof(ClusterEngine.GetObjectValues)] = "read",
        [nameof(ClusterEngine.GetPrivateValues)] = "read",
        [nameof(ClusterEngine.GetResourceTypeCharacteristics)] = "read",
        [nameof(ClusterEngine.GetGroupPreferredOwnerIds)] = "read",
        [nameof(ClusterEngine.GetClusterVersion)] = "read",
        [nameof(ClusterEngine.GetQuorumSettings)] = "read",
        [nameof(ClusterEngine.FindRegistryKey)] = "read",
        [nameof(ClusterEngine.GetRegistryKey)] = "read",
        [nameof(ClusterEngine.GetRegistryValue)] = "read",
        [nameof(ClusterEngine.EnterCommand)] = "plumbing: holds the lock around a caller's composite command (a ClusAPI control), whose parts are listed here",
        [nameof(ClusterEngine.TryEnterCommand)] = "plumbing: EnterCommand without waiting",
        [nameof(ClusterEngine.ExitCommand)] = "plumbing: ends TryEnterCommand",
        [nameof(ClusterEngine.Open)] = "plumbing: starts an engine",
        [nameof(ClusterEngine.Subscribe)] = "plumbing: an event subscription, no state of the cluster",
        [nameof(ClusterEngine.Dispose)] = "plumbing",
        [nameof(ClusterEngine.SetServerState)] = "emulator switch of the protocol server state: one field, no transaction, nothing to store",
    };
}
