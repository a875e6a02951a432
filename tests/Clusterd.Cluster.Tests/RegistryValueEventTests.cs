using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Tests;

/// <summary>
/// Registry value events carry the value before and after the change (issue 11, area RegistryMore: the batch
/// notification port's CLUSREG_VALUE_DELETED, MS-CMRP 3.1.4.2.114).
/// </summary>
public sealed class RegistryValueEventTests
{
    private static List<RegistryValueChange?> ValueChanges(EngineFixture f) =>
        [.. f.Events.Where(e => e.ObjectType == ClusterObjectType.Registry && e.Change == ClusterChange.PropertiesChanged).Select(e => e.RegistryValue)];

    [Fact]
    public void Each_value_event_carries_the_previous_and_the_new_value()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateRegistryKey("", "App")).Error);
        f.Events.Clear();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue("App", "V", 4, new byte[] { 1, 0, 0, 0 })));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue("App", "V", 4, new byte[] { 2, 0, 0, 0 })));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteRegistryValue("App", "V")));
        Assert.Equal<RegistryValueChange?>(
            [new RegistryValueChange(null, DbValue.DWord(1)), new RegistryValueChange(DbValue.DWord(1), DbValue.DWord(2)), new RegistryValueChange(DbValue.DWord(2), null)],
            ValueChanges(f));
    }

    [Fact]
    public void A_batch_reports_every_value_command_with_the_data_the_value_had_before_it()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateRegistryKey("", "App")).Error);
        f.Events.Clear();
        // MS-CMRP 3.1.4.2.114's example: delete (missing), set "a", set "b", delete.
        RegistryBatchCommand[] batch =
        [
            new(RegistryBatchOperation.DeleteValue, "N", 0, ReadOnlyMemory<byte>.Empty),
            new(RegistryBatchOperation.SetValue, "N", 3, new byte[] { 0xA }),
            new(RegistryBatchOperation.SetValue, "N", 3, new byte[] { 0xB }),
            new(RegistryBatchOperation.DeleteValue, "N", 0, ReadOnlyMemory<byte>.Empty),
        ];
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ExecuteRegistryBatch("App", batch)));
        Assert.Equal<RegistryValueChange?>(
            [new RegistryValueChange(null, DbValue.Binary([0xA])), new RegistryValueChange(DbValue.Binary([0xA]), DbValue.Binary([0xB])), new RegistryValueChange(DbValue.Binary([0xB]), null)],
            ValueChanges(f));
    }
}
