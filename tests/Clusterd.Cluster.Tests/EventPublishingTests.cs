using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using static Clusterd.Cluster.Tests.EngineFixture;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// Events are published after the commit, outside the engine lock, in commit order, before the command's method
/// returns, or at the end of the enclosing command scope (the ClusAPI call) when there is one.
/// </summary>
public sealed class EventPublishingTests
{
    [Fact]
    public void Events_are_published_after_the_commit_outside_the_engine_lock()
    {
        using var f = new EngineFixture();
        var lockFreeDuringPublish = new List<bool>();
        using var _ = f.Engine.Subscribe(e =>
        {
            // Another thread can take the engine lock while the subscriber runs: nobody holds it.
            var free = Task.Run(() =>
            {
                if (!f.Engine.TryEnterCommand())
                {
                    return false;
                }
                f.Engine.ExitCommand();
                return true;
            }).GetAwaiter().GetResult();
            lockFreeDuringPublish.Add(free);
        });

        Assert.Equal(Win32Error.Success, f.EnterBackup());

        Assert.NotEmpty(lockFreeDuringPublish); // published before SetBackupMode returned
        Assert.All(lockFreeDuringPublish, Assert.True);
    }

    [Fact]
    public void Inside_a_command_scope_events_wait_for_its_end_and_keep_commit_order()
    {
        using var f = new EngineFixture();
        f.Events.Clear();
        using (f.Engine.EnterCommand())
        {
            Assert.Equal(Win32Error.Success, f.EnterBackup(Volume1));
            Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetBackupMode(Disk2, Volume2, SharedVolumeBackupState.InProgress, 60)));
            Assert.Empty(f.Events); // committed, not yet published: the scope still holds the lock
        }
        var csv = f.Events.Where(e => e.Change == ClusterChange.SharedVolumeState).ToList();
        Assert.Equal(2, csv.Count);
        Assert.True(csv[0].Sequence < csv[1].Sequence);
        Assert.Contains(csv[0].SharedVolumeStates, s => s.VolumeName == Volume1Guid); // commit order
        Assert.Contains(csv[1].SharedVolumeStates, s => s.VolumeName == Volume2Guid);
    }
}
