using Clusterd.Cluster.Commands;
using Clusterd.ClusApi;
using CsCheck;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// Model-based property tests (CsCheck) of the CSV invariants of MS-CMRP 3.1.1.4, 3.1.4.3.1.54 and 3.1.5.1: the four per-volume modes never
/// change each other; the volume backup timer fires at most once and never after a detected backup; no backup mode
/// survives the resource leaving Online or a cluster restart. A small reference model of the backup-mode state machine runs beside the engine
/// over random operation sequences, and every step's result and state are compared.
/// </summary>
public sealed class CsvModelPropertyTests
{
    private enum Op { MaintOn, MaintOff, RedirOn, RedirOff, BackupIn, BackupNone, SnapPrep, SnapDone, Advance, Offline, Online, Restart, Clear }

    private readonly record struct Step(Op Op, int Arg);

    private sealed class Model
    {
        public bool M;
        public bool R;
        public bool Online = true;
        public bool BM;
        public long? Deadline;
        public readonly SortedSet<int> Sets = [];
        public long Now;

        public Win32Error Apply(Step s)
        {
            switch (s.Op)
            {
                case Op.Advance:
                    Now += s.Arg;
                    if (Deadline is { } d && d <= Now)
                    {
                        BM = false;
                        Deadline = null;
                    }
                    return Win32Error.Success;
                case Op.Offline:
                    Online = false;
                    Reset();
                    return Win32Error.Success;
                case Op.Online:
                    Online = true;
                    return Win32Error.Success;
                case Op.Restart:
                    Reset();
                    return Win32Error.Success;
                case Op.Clear:
                    Reset();
                    return Win32Error.Success;
            }
            if (!Online)
            {
                return Win32Error.ResourceNotOnline;
            }
            switch (s.Op)
            {
                case Op.MaintOn:
                case Op.MaintOff:
                    M = s.Op == Op.MaintOn;
                    return Win32Error.Success;
                case Op.RedirOn:
                case Op.RedirOff:
                    if (M)
                    {
                        return Win32Error.ClusterInvalidRequest;
                    }
                    if (BM)
                    {
                        return Win32Error.ClusterBackupInProgress;
                    }
                    R = s.Op == Op.RedirOn;
                    return Win32Error.Success;
                case Op.BackupIn:
                    if (!(BM && Deadline is null))
                    {
                        BM = true;
                        Deadline = Now + s.Arg;
                    }
                    return Win32Error.Success;
                case Op.BackupNone:
                    Reset();
                    return Win32Error.Success;
                case Op.SnapPrep:
                    Sets.Add(s.Arg);
                    BM = true;
                    Deadline = null;
                    return Win32Error.Success;
                case Op.SnapDone:
                    if (Sets.Remove(s.Arg) && Sets.Count == 0)
                    {
                        BM = false;
                    }
                    return Win32Error.Success;
                default:
                    throw new InvalidOperationException();
            }
        }

        private void Reset()
        {
            BM = false;
            Deadline = null;
            Sets.Clear();
        }
    }

    private static readonly Gen<Step> GenStep =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[1, 20], (op, arg) => new Step(op, op is Op.SnapPrep or Op.SnapDone ? arg % 3 : arg));

    private static Guid SetGuid(int i) => new(i + 1, 0, 0, new byte[8]);

    private static Win32Error Run(EngineFixture f, Step s)
    {
        var e = f.Engine;
        switch (s.Op)
        {
            case Op.MaintOn: return e.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, true));
            case Op.MaintOff: return e.Execute(new SetCsvMaintenanceMode(Disk1, Volume1, false));
            case Op.RedirOn: return e.Execute(new SetDirectIO(Disk1, Volume1, Enable: false)).Error;
            case Op.RedirOff: return e.Execute(new SetDirectIO(Disk1, Volume1, Enable: true)).Error;
            case Op.BackupIn: return e.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.InProgress, (uint)s.Arg));
            case Op.BackupNone: return e.Execute(new SetBackupMode(Disk1, Volume1, SharedVolumeBackupState.None, 0));
            case Op.SnapPrep: return e.Execute(new SetSnapshotState(SetGuid(s.Arg), Volume1, SharedVolumeSnapshotState.PrepareForFreeze));
            case Op.SnapDone: return e.Execute(new SetSnapshotState(SetGuid(s.Arg), Volume1, SharedVolumeSnapshotState.HWSnapshotCompleted));
            case Op.Advance:
                f.Advance(TimeSpan.FromSeconds(s.Arg));
                return Win32Error.Success;
            case Op.Offline: return e.Execute(new OfflineResource(Disk1));
            case Op.Online: return e.Execute(new OnlineResource(Disk1));
            case Op.Restart:
                f.Restart();
                return Win32Error.Success;
            case Op.Clear: return e.Execute(new ClearBackupStateForSharedVolume(@"C:\ClusterStorage\Volume1\x"));
            default: throw new InvalidOperationException();
        }
    }

    [Fact]
    public void Engine_follows_the_reference_model_of_the_CSV_state_machine()
    {
        GenStep.Array[1, 60].Sample(steps =>
        {
            using var f = new EngineFixture();
            var model = new Model();
            foreach (var s in steps)
            {
                var wasBackupDetected = model.BM && model.Deadline is null;
                var expected = model.Apply(s);
                var actual = Run(f, s);
                if (actual != expected)
                {
                    return false;
                }
                var v = f.Volume(Volume1);
                if (v.Maintenance != model.M || v.Redirected != model.R)
                {
                    return false; // modes never change each other (MS-CMRP 3.1.1.4)
                }
                if ((v.BackupState == SharedVolumeBackupState.InProgress) != model.BM)
                {
                    return false;
                }
                if (v.BackupDeadline != (model.Deadline is { } d ? Start.AddSeconds(d) : null))
                {
                    return false;
                }
                if (wasBackupDetected && s.Op == Op.Advance && !model.BM)
                {
                    return false; // the timer never ends a detected backup
                }
                if (!model.Online && v.BackupState != SharedVolumeBackupState.None)
                {
                    return false;
                }
            }
            return true;
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Each_armed_timer_fires_at_most_once()
    {
        Gen.Int[1, 30].Array[1, 20].Sample(delays =>
        {
            using var f = new EngineFixture();
            var expiries = 0;
            f.Engine.Subscribe(ev =>
            {
                if (ev.Change == Engine.ClusterChange.SharedVolumeState && ev.SharedVolumeStates.Count > 0)
                {
                    expiries++;
                }
            });
            foreach (var d in delays)
            {
                f.EnterBackup(delay: (uint)d);
                f.Advance(TimeSpan.FromSeconds(d / 2.0));
            }
            var before = expiries;
            f.Advance(TimeSpan.FromSeconds(31));
            var firedNow = expiries - before;
            f.Advance(TimeSpan.FromHours(1));
            return firedNow <= 1 && expiries - before == firedNow && f.Volume(Volume1).BackupState == SharedVolumeBackupState.None;
        }, iter: 100, threads: 1);
    }
}
