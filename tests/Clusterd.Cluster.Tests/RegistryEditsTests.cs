using System.Text;
using Clusterd.ClusApi;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Store;

namespace Clusterd.Cluster.Tests;

/// <summary>The registry write commands (docs/behaviour.md, "Registry writes" and "Registry batches").</summary>
public sealed class RegistryEditsTests
{
    private static byte[] Sz(string s) => Encoding.Unicode.GetBytes(s + "\0");

    [Fact]
    public void A_registry_write_is_durable_across_a_restart_and_raises_a_Registry_event()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateRegistryKey("", @"App\Config")).Error);
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue(@"App\Config", "Path", 1, Sz(@"C:\app"))));
        Assert.Equal(
            [(ClusterChange.Added, "App"), (ClusterChange.Added, @"App\Config"), (ClusterChange.PropertiesChanged, @"App\Config")],
            f.Events.Where(e => e.ObjectType == ClusterObjectType.Registry).Select(e => (e.Change, e.ObjectId)).ToArray());
        f.Restart();
        Assert.Equal(@"C:\app", f.Engine.Queries.GetRegistryValue(@"App\Config", "Path")!.AsString());
    }

    [Fact]
    public void The_value_size_limit_is_what_one_store_record_holds()
    {
        using var f = new EngineFixture();
        var max = StoreLimits.MaxValueLength - 4;
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new SetRegistryValue("", "Big", 3, new byte[max + 1])));
        Assert.Null(f.Engine.Queries.GetRegistryValue("", "Big"));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue("", "Big", 3, new byte[max])));
        Assert.Equal(max, f.Engine.Queries.GetRegistryValue("", "Big")!.Data.Length);
    }

    [Fact]
    public void Key_paths_are_limited_in_depth_and_length()
    {
        using var f = new EngineFixture();
        var deep = string.Join('\\', Enumerable.Repeat("d", 32));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new CreateRegistryKey("", deep)).Error);
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateRegistryKey(deep, "one-more")).Error);
        var longPath = string.Join('\\', Enumerable.Repeat(new string('n', 255), 9)); // 2,303 characters
        Assert.Equal(Win32Error.InvalidParameter, f.Engine.Execute(new CreateRegistryKey("", longPath)).Error);
        Assert.Null(f.Engine.Queries.GetRegistryKey(new string('n', 255)));
    }

    [Fact]
    public void Opening_an_existing_object_key_is_allowed_creating_one_is_not()
    {
        using var f = new EngineFixture();
        var id = f.Engine.Queries.FindResource("Cluster Disk 1")!.Id;
        var (e, opened) = f.Engine.Execute(new CreateRegistryKey("", @"Resources\" + id));
        Assert.Equal((Win32Error.Success, false), (e, opened!.Created));
        Assert.Equal(Win32Error.AccessDenied, f.Engine.Execute(new CreateRegistryKey("", @"Resources\new-resource\Parameters")).Error);
        Assert.Null(f.Engine.Queries.GetRegistryKey(@"Resources\new-resource"));
        Assert.Equal(Win32Error.AccessDenied, f.Engine.Execute(new SetRegistryValue(@"Resources\" + id + @"\SharedVolumes", "x", 4, new byte[4])));
        Assert.Equal(Win32Error.AccessDenied, f.Engine.Execute(new DeleteRegistryKey(@"Resources\" + id, "Partitions")));
    }

    [Fact]
    public void CheckRegistryBatch_reports_the_failing_command_and_the_batch_command_refuses_the_same_batch_whole()
    {
        using var f = new EngineFixture();
        RegistryBatchCommand[] batch =
        [
            new(RegistryBatchOperation.CreateKey, "App", 0, default),
            new(RegistryBatchOperation.SetValue, "Level", 4, new byte[] { 3, 0, 0, 0 }),
            new(RegistryBatchOperation.SetValue, "Name", 1, Sz("x")), // fine: App is not an object key
            new(RegistryBatchOperation.CreateKey, "", 0, default), // back to the designated key, the root
            new(RegistryBatchOperation.SetValue, "ClusterName", 1, Sz("OTHER")), // the engine's
        ];
        Assert.Equal((Win32Error.AccessDenied, 4), f.Engine.Queries.CheckRegistryBatch("", batch));
        f.Events.Clear();
        Assert.Equal(Win32Error.AccessDenied, f.Engine.Execute(new ExecuteRegistryBatch("", batch)));
        Assert.Null(f.Engine.Queries.GetRegistryKey("App"));
        Assert.Empty(f.Events);
        Assert.Equal((Win32Error.FileNotFound, -1), f.Engine.Queries.CheckRegistryBatch("Missing", batch[..2]));
        Assert.Equal((Win32Error.Success, 0), f.Engine.Queries.CheckRegistryBatch("", batch[..4]));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new ExecuteRegistryBatch("", batch[..4])));
        Assert.Equal("x", f.Engine.Queries.GetRegistryValue("App", "Name")!.AsString());
    }
    [Fact]
    public void A_value_spelt_with_other_case_replaces_and_deletes_the_stored_one_in_the_store_too()
    {
        using var f = new EngineFixture();
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue("", "Custom", 4, new byte[] { 1, 0, 0, 0 })));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new SetRegistryValue("", "CUSTOM", 4, new byte[] { 2, 0, 0, 0 })));
        f.Restart();
        var v = f.Engine.Queries.GetRegistryValue("", "custom")!;
        Assert.Equal(("Custom", 2u), (v.Name, v.AsDWord()));
        Assert.Equal(Win32Error.Success, f.Engine.Execute(new DeleteRegistryValue("", "cUsToM")));
        f.Restart();
        Assert.Null(f.Engine.Queries.GetRegistryValue("", "Custom"));
        Assert.Equal(Win32Error.AccessDenied, f.Engine.Execute(new SetRegistryValue("", "clustername", 1, Sz("OTHER"))));
    }
}
