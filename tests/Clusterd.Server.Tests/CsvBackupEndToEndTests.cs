using System.Globalization;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Server.Tests;

/// <summary>
/// The CSV backup story against a real <c>clusterd --emulator</c> child process, over the wire only (sealed SPNEGO,
/// hand-written NDR), with the virtual clock paused so the volume backup timer moves only when the test says.
/// </summary>
public sealed class CsvBackupEndToEndTests
{
    private const string User = "backup-operator";
    private const string Password = "E2e-Pa55word!";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Csv_backup_mode_over_the_wire_ends_by_timer_or_snapshot_completion_notifies_each_change_and_only_nonvolatile_modes_survive_kill_9()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        string[] args = ["--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts];

        using (var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, args))
        {
            await server.PostOkAsync("/admin/clock/pause");
            int port = server.ClusApiPort;

            // The default: the socket engine runs completions inline, ClusAPI calls hop to the thread pool (RpcDispatchMode).
            Assert.Contains("socket completions: inline", server.Output, StringComparison.Ordinal);
            await using var control = await ClusApiWire.ConnectAsync(port, User, Password);

            // MS-CMRP 3.1.4.2.8: CLUSTER_ENUM_SHARED_VOLUME_RESOURCE names the resources with ResourceSharedVolumes TRUE.
            var csvs = await ClusApiWire.CreateEnumAsync(control, 0x40000000);
            Assert.Equal(["Cluster Disk 1", "Cluster Disk 2"], csvs.Order(StringComparer.Ordinal));
            var disk1 = await ClusApiWire.OpenResourceAsync(control, "Cluster Disk 1");
            var before = await ClusApiWire.VolumeInfoAsync(control, disk1);
            Assert.Equal(("Volume1", SharedVolumeBackupState.None, CsvVolumeFaultState.NoFaults), (before.VolumeFriendlyName, before.BackupState, before.FaultState));

            // The notify port on a second connection (its own association), registered on its cluster handle (MS-CMRP 3.1.4.2.137).
            await using var notify = await ClusApiWire.ConnectAsync(port, User, Password);
            var hNotify = await ClusApiWire.CreateNotifyV2Async(notify);
            var hCluster = await ClusApiWire.OpenClusterAsync(notify);
            Assert.Equal(Win32Error.Success, await ClusApiWire.AddNotifyV2Async(notify, hNotify, hCluster, ClusterObjectType.SharedVolume, (long)SharedVolumeChangeV2.State, key: 7));
            var waiting = ClusApiWire.GetNotifyV2Async(notify, hNotify);

            // SET_SHARED_VOLUME_BACKUP_MODE(InProgress, 600 s): backup mode on, timer armed (MS-CMRP 3.1.4.3.1.54, 3.1.5.1).
            Assert.Equal(Win32Error.Success, (await ClusApiWire.SetBackupModeAsync(control, disk1, "Volume1", SharedVolumeBackupState.InProgress, 600)).Result);
            waiting = await ExpectVolumeNotificationAsync(waiting, notify, hNotify, "Cluster Disk 1", "Volume1");
            var armed = await ClusApiWire.VolumeInfoAsync(control, disk1);
            Assert.Equal((SharedVolumeBackupState.InProgress, CsvVolumeFaultState.Redirected), (armed.BackupState, armed.FaultState));
            Assert.Equal(Win32Error.ClusterBackupInProgress, (await ClusApiWire.DisableDirectIOAsync(control, disk1, "Volume1")).Result);
            Assert.Equal(0x173D, (int)Win32Error.ClusterBackupInProgress);

            // The timer: 599 s is not enough, the 600th second ends backup mode.
            await AdvanceAsync(server, 599);
            Assert.Equal(SharedVolumeBackupState.InProgress, (await ClusApiWire.VolumeInfoAsync(control, disk1)).BackupState);
            Assert.False(waiting.IsCompleted, "no CSV state change happened before the deadline");
            await AdvanceAsync(server, 1);
            waiting = await ExpectVolumeNotificationAsync(waiting, notify, hNotify, "Cluster Disk 1", "Volume1");
            var expired = await ClusApiWire.VolumeInfoAsync(control, disk1);
            Assert.Equal((SharedVolumeBackupState.None, CsvVolumeFaultState.NoFaults), (expired.BackupState, expired.FaultState));

            // A detected backup (a snapshot of the volume) turns backup mode on without a timer; its completion turns it off.
            var snapshotSet = Guid.NewGuid();
            await SnapshotAsync(server, "Volume1", snapshotSet, "PrepareForFreeze");
            waiting = await ExpectVolumeNotificationAsync(waiting, notify, hNotify, "Cluster Disk 1", "Volume1");
            Assert.Equal(SharedVolumeBackupState.InProgress, (await ClusApiWire.VolumeInfoAsync(control, disk1)).BackupState);
            await AdvanceAsync(server, 2 * 3600);
            Assert.Equal(SharedVolumeBackupState.InProgress, (await ClusApiWire.VolumeInfoAsync(control, disk1)).BackupState);
            await SnapshotAsync(server, "Volume1", snapshotSet, "HWSnapshotCompleted");
            waiting = await ExpectVolumeNotificationAsync(waiting, notify, hNotify, "Cluster Disk 1", "Volume1");
            Assert.Equal(SharedVolumeBackupState.None, (await ClusApiWire.VolumeInfoAsync(control, disk1)).BackupState);

            // Volume2: redirected and maintenance (nonvolatile), then backup mode (volatile). Redirect first: maintenance
            // refuses DISABLE_SHARED_VOLUME_DIRECTIO with ERROR_CLUSTER_INVALID_REQUEST (MS-CMRP 3.1.4.3.1.53).
            var disk2 = await ClusApiWire.OpenResourceAsync(control, "Cluster Disk 2");
            Assert.Equal(Win32Error.Success, (await ClusApiWire.DisableDirectIOAsync(control, disk2, "Volume2")).Result);
            Assert.Equal(Win32Error.Success, (await ClusApiWire.SetMaintenanceAsync(control, disk2, "Volume2", on: true)).Result);
            Assert.Equal(Win32Error.Success, (await ClusApiWire.SetBackupModeAsync(control, disk2, "Volume2", SharedVolumeBackupState.InProgress, 600)).Result);
            var beforeKill = await ClusApiWire.VolumeInfoAsync(control, disk2);
            Assert.Equal((SharedVolumeBackupState.InProgress, CsvVolumeFaultState.InMaintenance), (beforeKill.BackupState, beforeKill.FaultState));

            // The waiting ApiGetNotifyV2 is ended from another connection of the notify port's association.
            await using (var side = await ClusApiWire.ConnectAsync(port, User, Password, notify.AssociationGroupId))
            {
                Assert.Equal(Win32Error.Success, await ClusApiWire.UnblockAsync(side, hNotify));
                var rest = await waiting.WaitAsync(Bound);
                Assert.True(rest.Result is Win32Error.Success or Win32Error.InvalidFunction, $"unexpected {rest.Result}");
                Assert.Equal((NdrContextHandle.Null, Win32Error.Success), await ClusApiWire.CloseNotifyAsync(side, hNotify));
            }

            server.KillHard();
            Assert.NotEqual(0, await server.WaitForExitAsync());
        }

        using (var restarted = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir, args))
        {
            await using var control = await ClusApiWire.ConnectAsync(restarted.ClusApiPort, User, Password);
            var disk2 = await ClusApiWire.OpenResourceAsync(control, "Cluster Disk 2");

            // MS-CMRP 3.1.1.4: maintenance and redirected mode are nonvolatile, backup mode is volatile.
            var after = await ClusApiWire.VolumeInfoAsync(control, disk2);
            Assert.Equal(("Volume2", SharedVolumeBackupState.None, CsvVolumeFaultState.InMaintenance), (after.VolumeFriendlyName, after.BackupState, after.FaultState));
            Assert.Equal(Win32Error.Success, (await ClusApiWire.SetMaintenanceAsync(control, disk2, "Volume2", on: false)).Result);
            var redirected = await ClusApiWire.VolumeInfoAsync(control, disk2);
            Assert.Equal((SharedVolumeBackupState.None, CsvVolumeFaultState.Redirected), (redirected.BackupState, redirected.FaultState));
            var disk1 = await ClusApiWire.OpenResourceAsync(control, "Cluster Disk 1");
            Assert.Equal(SharedVolumeBackupState.None, (await ClusApiWire.VolumeInfoAsync(control, disk1)).BackupState);
        }
    }

    /// <summary>
    /// Waits (bounded) for the pending ApiGetNotifyV2 and checks it carries CSV state notifications of
    /// <paramref name="resource"/> whose buffer parses to STATE_INFO_EX entries of <paramref name="volume"/>; returns
    /// the next ApiGetNotifyV2, already sent.
    /// </summary>
    private static async Task<Task<GetNotifyV2Response>> ExpectVolumeNotificationAsync(
        Task<GetNotifyV2Response> waiting, RpcClient notify, NdrContextHandle port, string resource, string volume)
    {
        var got = await waiting.WaitAsync(Bound);
        Assert.Equal(Win32Error.Success, got.Result);
        Assert.NotEmpty(got.Notifications);
        foreach (var n in got.Notifications)
        {
            Assert.Equal(7u, n.NotifyKey);
            Assert.Equal(new NotifyFilterAndType((uint)ClusterObjectType.SharedVolume, (long)SharedVolumeChangeV2.State), n.Data.FilterAndType);
            Assert.Equal(resource, n.Data.Name);
            var states = ClusApiWire.StateInfoEx(n.Data.Buffer);
            Assert.NotEmpty(states);
            Assert.All(states, s => Assert.Equal(volume, s.VolumeFriendlyName));
        }
        return ClusApiWire.GetNotifyV2Async(notify, port);
    }

    private static async Task AdvanceAsync(ServerProcess server, int seconds) =>
        await server.PostOkAsync("/admin/clock/advance?seconds=" + seconds.ToString(CultureInfo.InvariantCulture));

    private static async Task SnapshotAsync(ServerProcess server, string volume, Guid snapshotSet, string state)
    {
        var (status, body) = await server.PostRawAsync($"/admin/volumes/{volume}/snapshot", $$"""{"snapshotSet":"{{snapshotSet:D}}","state":"{{state}}"}""");
        Assert.True(status == 200, $"snapshot {state}: {status} {body}");
    }
}
