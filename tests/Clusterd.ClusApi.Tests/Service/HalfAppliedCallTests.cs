using System.Globalization;
using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The ClusAPI layer's half of the engine rule (docs/engine-rules.md, "The ClusAPI layer"): a method answers either a
/// failure and has changed nothing, or success with its change made. Nothing that can fail runs after the engine
/// command: the handle a creating method answers with is reserved before the object is created.
/// </summary>
public sealed class HalfAppliedCallTests
{
    /// <summary>Context handles a call without authentication may hold (RpcServerOptions.MaxContextHandlesBeforeAuthentication).</summary>
    private const int UnauthenticatedAllowance = 16;

    /// <summary>ERROR_NOT_ENOUGH_MEMORY.</summary>
    private const uint NotEnoughMemory = 8;

    [Fact]
    public async Task CreateGroup_with_a_full_handle_table_fails_before_creating_the_group()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var clusters = await FillHandleTableAsync(c, UnauthenticatedAllowance);
        var before = EngineState.Of(host.Engine);
        var events = new List<ClusterEvent>();
        using var _ = host.Engine.Subscribe(events.Add);

        var (status, handle) = await CreateGroupAsync(c, "HalfApplied");

        Assert.Equal(NotEnoughMemory, status);
        Assert.True(handle.IsNull);
        Assert.Null(host.Engine.Queries.FindGroup("HalfApplied"));
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Empty(events);

        // With a free slot the same call creates the group and answers a handle to it: the refusal was the table's.
        await CloseClusterAsync(c, clusters[0]);
        (status, handle) = await CreateGroupAsync(c, "HalfApplied");
        Assert.Equal(0u, status);
        Assert.False(handle.IsNull);
        Assert.NotNull(host.Engine.Queries.FindGroup("HalfApplied"));
        Assert.NotEmpty(events);
    }

    [Fact]
    public async Task CreateResource_with_a_full_handle_table_fails_before_creating_the_resource()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Available Storage"));
        var clusters = await FillHandleTableAsync(c, UnauthenticatedAllowance - 1);
        var before = EngineState.Of(host.Engine);
        var events = new List<ClusterEvent>();
        using var _ = host.Engine.Subscribe(events.Add);

        var (status, handle) = await CreateResourceAsync(c, group, "HalfApplied", "Generic Service");

        Assert.Equal(NotEnoughMemory, status);
        Assert.True(handle.IsNull);
        Assert.Null(host.Engine.Queries.FindResource("HalfApplied"));
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Empty(events);

        await CloseClusterAsync(c, clusters[0]);
        (status, handle) = await CreateResourceAsync(c, group, "HalfApplied", "Generic Service");
        Assert.Equal(0u, status);
        Assert.False(handle.IsNull);
        Assert.NotNull(host.Engine.Queries.FindResource("HalfApplied"));
    }

    [Fact]
    public async Task Create_methods_that_fail_release_the_handle_they_reserved()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Available Storage"));
        _ = await FillHandleTableAsync(c, UnauthenticatedAllowance - 2);

        // One slot left: failures must give it back, or the valid calls after them would find the table full.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((uint)Win32Error.ObjectAlreadyExists, (await CreateGroupAsync(c, "Cluster Group")).Status);
            Assert.Equal((uint)Win32Error.ClusterResourceTypeNotFound, (await CreateResourceAsync(c, group, "R", "No Such Type")).Status);
        }
        var (status, handle) = await CreateGroupAsync(c, "Fits");
        Assert.Equal(0u, status);

        // The handle answered is a real group handle: ApiGetGroupId through it names the new group.
        Assert.Equal(host.Engine.Queries.FindGroup("Fits")!.Id, (await c.CallAsync(new GetGroupIdRequest(handle))).Value);
    }

    [Fact]
    public async Task DeleteGroup_with_force_on_a_group_with_a_core_resource_fails_before_taking_anything_offline()
    {
        // ApiDeleteGroup with force (MS-CMRP 3.1.4.2.44) on the core group used to take "Cluster IP Address" and its
        // dependents (the cluster's own name) offline, one engine command, and then fail with ERROR_CORE_RESOURCE.
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"));
        Assert.Equal(ClusterResourceState.Online, host.Engine.Queries.FindResource("Cluster Name")!.State);
        var before = EngineState.Of(host.Engine);
        var events = new List<ClusterEvent>();
        using var _ = host.Engine.Subscribe(events.Add);

        var r = await c.CallAsync(new DeleteGroupRequest(group, Force: true));

        Assert.Equal(0u, r.RpcStatus);
        Assert.Equal(Win32Error.CoreResource, r.Result);
        Assert.Equal(ClusterResourceState.Online, host.Engine.Queries.FindResource("Cluster Name")!.State);
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Empty(events);
    }

    [Fact]
    public async Task DeleteGroup_with_force_deletes_the_group_and_its_resources_in_one_command()
    {
        await using var host = ServiceHost.Start();
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateGroup("g")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateResource("g", "a", "Generic Service")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new CreateResource("g", "b", "Generic Service")).Error);
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new AddDependency("b", "a")));
        Assert.Equal(Win32Error.Success, host.Engine.Execute(new OnlineResource("b")));
        await using var c = await host.ConnectAsync();
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("g"));

        var r = await c.CallAsync(new DeleteGroupRequest(group, Force: true));

        Assert.Equal(0u, r.RpcStatus);
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Null(host.Engine.Queries.FindGroup("g"));
        Assert.Null(host.Engine.Queries.FindResource("a"));
        Assert.Null(host.Engine.Queries.FindResource("b"));
    }

    [Theory]
    [InlineData(ClusApiOpnum.ApiGroupControl, "Available Storage", 0x0340005Eu)]
    [InlineData(ClusApiOpnum.ApiResourceControl, "Network Name", 0x0140005Eu)]
    public async Task SET_COMMON_PROPERTIES_with_a_name_whose_values_are_refused_renames_nothing(ClusApiOpnum method, string name, uint code)
    {
        // The new name and the other values are one engine command (MS-CMRP 3.1.4.3.1.13): the rename used to be
        // committed on its own before the values, whose refused commit then answered ERROR_WRITE_FAULT.
        var store = new RefusingStore(new InMemoryClusterStore());
        await using var host = ServiceHost.Start();
        var original = host.Provider.Engine;
        host.Provider.Engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        original.Dispose();
        await using var c = await host.ConnectAsync();
        var input = new PropertyListWriter().AddString("Name", "Renamed").AddString("Description", "d").ToArray();
        var control = await ClusApiServiceTests.OpenForControlAsync(c, method, name, code, input);
        var before = EngineState.Of(host.Engine);

        store.Arm(1);
        var result = (await Stub.ControlAsync(c, control(0))).Result;
        Assert.Equal(Win32Error.WriteFault, result);
        Assert.Equal(before, EngineState.Of(host.Engine));
        Assert.Equal(1, store.Attempts);

        store.Arm(0);
        result = (await Stub.ControlAsync(c, control(0))).Result;
        Assert.Equal(Win32Error.Success, result);
        Assert.Equal(1, store.Attempts); // the name and the values: one commit
        var path = method == ClusApiOpnum.ApiGroupControl ? @"Groups\" + host.Engine.Queries.FindGroup("Renamed")!.Id : @"Resources\" + host.Engine.Queries.FindResource("Renamed")!.Id;
        Assert.Equal("d", host.Engine.Queries.GetRegistryValue(path, "Description")!.AsString());
    }

    private static async Task<List<ClusterHandle>> FillHandleTableAsync(RpcClient c, int count)
    {
        var handles = new List<ClusterHandle>();
        for (var i = 0; i < count; i++)
        {
            handles.Add(await Stub.OpenClusterAsync(c));
        }
        return handles;
    }

    private static async Task CloseClusterAsync(RpcClient c, ClusterHandle h)
    {
        var r = await c.CallAsync(new CloseClusterRequest(h));
        Assert.True(r.Handle.IsNull);
        Assert.Equal(Win32Error.Success, r.Result);
    }

    internal static async Task<(uint Status, GroupHandle Handle)> CreateGroupAsync(RpcClient c, string name)
    {
        var r = await c.CallAsync(new CreateGroupRequest(name));
        Assert.Equal(0u, r.RpcStatus);
        return ((uint)r.Status, r.Handle);
    }

    internal static async Task<(uint Status, ResourceHandle Handle)> CreateResourceAsync(RpcClient c, GroupHandle group, string name, string type)
    {
        var r = await c.CallAsync(new CreateResourceRequest(group, name, type, 0));
        Assert.Equal(0u, r.RpcStatus);
        return ((uint)r.Status, r.Handle);
    }
}

/// <summary>
/// Everything a ClusAPI method can change, as one comparable text: every key and value of the cluster database and
/// the runtime state of every node, group and resource.
/// </summary>
internal static class EngineState
{
    // The registry tree depth first, parents before children, each key's values in order.
    private static void AddKey(ClusterEngine engine, string path, List<string> lines)
    {
        var key = engine.Queries.GetRegistryKey(path)!;
        lines.Add("K " + path);
        foreach (var name in key.ValueNames)
        {
            var v = engine.Queries.GetRegistryValue(path, name)!;
            lines.Add("V " + path + "|" + name + "=" + v.Type + ":" + Convert.ToHexString(v.Data));
        }
        foreach (var sub in key.Subkeys)
        {
            AddKey(engine, path.Length == 0 ? sub.Name : path + "\\" + sub.Name, lines);
        }
    }

    public static string Of(ClusterEngine engine)
    {
        var lines = new List<string>();
        AddKey(engine, "", lines);
        foreach (var n in engine.Queries.Enumerate(ClusterEnumType.Node))
        {
            lines.Add("N " + n + " " + engine.Queries.FindNode(n)!.State);
        }
        foreach (var g in engine.Queries.Enumerate(ClusterEnumType.Group))
        {
            lines.Add("G " + g + " " + engine.Queries.FindGroup(g)!.State + " " + engine.Queries.FindGroup(g)!.OwnerNodeName);
        }
        foreach (var r in engine.Queries.Enumerate(ClusterEnumType.Resource))
        {
            lines.Add("R " + r + " " + engine.Queries.FindResource(r)!.State);
        }
        foreach (var v in engine.Queries.GetAllSharedVolumes())
        {
            lines.Add("C " + v); // the record's members: backup, redirected and maintenance modes included
        }
        foreach (var v in engine.Queries.GetAllVolumeStates())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"S {v.VolumeName} {v.NodeName} {v.State} {v.RedirectedIOReason} {v.BlockRedirectedIOReason}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }
}
