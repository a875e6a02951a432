using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Controls;
using Clusterd.ClusApi.Tests.Service;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests;

/// <summary>The group-set control codes (ApiGroupSetControl, ApiNodeGroupSetControl; MS-CMRP 3.1.4.2.155-156, 3.1.4.3.8).</summary>
public sealed class GroupSetControlTests : IDisposable
{
    private const string SeededSetId = "7d3e4f50-0000-4000-8000-0000000000a1";
    private readonly ClusterEngine _engine = ClusterEngine.Open(new InMemoryClusterStore(), TopologyConfig.Default(), new ClusterOptions(),
        new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    private readonly ControlDispatcher _d;

    public GroupSetControlTests() => _d = new ControlDispatcher(_engine);

    public void Dispose() => _engine.Dispose();

    private static string Str(ControlOutput o) => Encoding.Unicode.GetString(o.Data.Span);

    private ControlOutput Run(uint code, byte[]? input = null, uint outSize = 0x1000, ControlContext? ctx = null, string set = "Cluster Group") =>
        _d.GroupSetControl(set, code, input ?? [], outSize, ctx);

    [Fact]
    public void GET_ID_and_GET_NAME_answer_NUL_terminated_strings()
    {
        Assert.Equal(SeededSetId + "\0", Str(Run(ControlCodes.GroupSetGetId)));
        Assert.Equal("Cluster Group\0", Str(Run(ControlCodes.GroupSetGetName)));
    }

    [Fact]
    public void GET_GROUPS_and_the_provider_codes_answer_MULTI_SZ_lists()
    {
        Assert.Equal("Cluster Group\0\0", Str(Run(ControlCodes.GroupSetGetGroups)));
        Assert.Equal(Win32Error.Success, _engine.Execute(new CreateGroupSet("front")).Error);
        Assert.Equal(Win32Error.Success, _engine.Execute(new AddGroupToGroupSet("front", "Available Storage")));
        Assert.Equal(Win32Error.Success, _engine.Execute(new AddGroupSetDependency("front", "Cluster Group")));
        Assert.Equal("Cluster Group\0\0", Str(Run(ControlCodes.GroupSetGetProviderGroupSets, set: "front")));
        Assert.Equal("Cluster Group\0\0", Str(Run(ControlCodes.GroupSetGetProviderGroups, set: "front")));
        // A set with no providers: the empty list, one NUL.
        Assert.Equal("\0", Str(Run(ControlCodes.GroupSetGetProviderGroupSets)));
    }

    [Fact]
    public void A_short_output_buffer_is_ERROR_MORE_DATA_with_the_size_required()
    {
        var o = Run(ControlCodes.GroupSetGetName, outSize: 4);
        Assert.Equal(Win32Error.MoreData, o.Error);
        Assert.Equal((uint)Encoding.Unicode.GetByteCount("Cluster Group\0"), o.BytesRequired);
    }

    [Fact]
    public void Common_properties_are_read_from_the_table_and_set_in_the_set_key()
    {
        Assert.True(PropertyListReader.TryRead(Run(ControlCodes.GroupSetGetRoCommonProperties).Data, out var ro) == Win32Error.Success);
        Assert.True(ro.TryGet("Name", out var name));
        Assert.Equal(Win32Error.Success, name.Value.TryGetString(out var n));
        Assert.Equal("Cluster Group", n);
        Assert.True(ro.TryGet("IsGlobal", out _));

        var set = new PropertyListWriter().AddString("Description", "core").AddDword("StartupDelay", 30).ToArray();
        Assert.Equal(Win32Error.Success, Run(ControlCodes.GroupSetSetCommonProperties, set).Error);
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(Run(ControlCodes.GroupSetGetCommonProperties).Data, out var rw));
        Assert.True(rw.TryGet("StartupDelay", out var delay));
        Assert.Equal(Win32Error.Success, delay.Value.TryGetDword(out var d));
        Assert.Equal(30u, d);
        Assert.Equal("core", _engine.Queries.GetRegistryValue(@"GroupSets\" + SeededSetId, "Description")!.AsString());
        // The name is read-only, and a value the table does not know is refused: nothing written.
        Assert.Equal(Win32Error.InvalidParameter, Run(ControlCodes.GroupSetSetCommonProperties, new PropertyListWriter().AddString("Name", "x").ToArray()).Error);
        Assert.Equal(Win32Error.InvalidParameter, Run(ControlCodes.GroupSetSetCommonProperties, new PropertyListWriter().AddString("Groups", "x").ToArray()).Error);
        Assert.Equal(["Cluster Group"], _engine.Queries.FindGroupSet("Cluster Group")!.GroupNames);
    }

    [Fact]
    public void Unknown_codes_and_codes_of_other_objects_are_ERROR_INVALID_FUNCTION()
    {
        Assert.Equal(Win32Error.InvalidFunction, Run(0x08000005).Error); // GET_CHARACTERISTICS is not a group-set code
        Assert.Equal(Win32Error.InvalidFunction, Run(ControlCodes.GroupGetName).Error);
        Assert.Equal(Win32Error.InvalidFunction, Run(0x08003001).Error);
    }

    [Fact]
    public void A_read_handle_cannot_set_properties_and_a_deleted_set_is_ERROR_GROUPSET_NOT_FOUND()
    {
        var set = new PropertyListWriter().AddString("Description", "x").ToArray();
        Assert.Equal(Win32Error.AccessDenied, Run(ControlCodes.GroupSetSetCommonProperties, set, ctx: new ControlContext(FullAccess: false)).Error);
        Assert.Null(_engine.Queries.GetRegistryValue(@"GroupSets\" + SeededSetId, "Description"));
        _engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Win32Error.SharingPaused, Run(ControlCodes.GroupSetSetCommonProperties, set).Error);
        Assert.Equal(Win32Error.Success, Run(ControlCodes.GroupSetGetName).Error);
        _engine.SetServerState(ProtocolServerState.ReadWrite);
        Assert.Equal(Win32Error.GroupsetNotFound, Run(ControlCodes.GroupSetGetName, set: "gone").Error);
    }

    [Fact]
    public void CLUSCTL_GROUP_GET_PROVIDER_GROUPS_and_GROUPSETS_go_through_ApiGroupControl_with_the_group_set_object_byte()
    {
        Assert.Equal(Win32Error.Success, _engine.Execute(new SetGroupDependencyExpression("Available Storage", "[Cluster Group]")));
        Assert.Equal(Win32Error.Success, _engine.Execute(new AddGroupToGroupSetDependency("Available Storage", "Cluster Group")));
        var groups = _d.GroupControl("Available Storage", 0x08002D7D, [], 0x1000);
        Assert.Equal((Win32Error.Success, "Cluster Group\0\0"), (groups.Error, Str(groups)));
        var sets = _d.GroupControl("Available Storage", 0x08002D81, [], 0x1000);
        Assert.Equal((Win32Error.Success, "Cluster Group\0\0"), (sets.Error, Str(sets)));
        // A group without providers: the empty list.
        Assert.Equal("\0", Str(_d.GroupControl("Cluster Group", 0x08002D7D, [], 0x1000)));
        // Other group-set codes stay refused on a group handle, and these two on a group-set handle.
        Assert.Equal(Win32Error.InvalidFunction, _d.GroupControl("Available Storage", ControlCodes.GroupSetGetGroups, [], 0x1000).Error);
        Assert.Equal(Win32Error.InvalidFunction, Run(0x08002D7D).Error);
    }

    [Fact]
    public async Task ApiGroupSetControl_and_ApiNodeGroupSetControl_run_the_dispatcher_through_the_service()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var set = await Stub.OpenAsync(c, new OpenGroupSetRequest("Cluster Group"));
        var r = await c.CallAsync(new GroupSetControlRequest(set, ControlCodes.GroupSetGetGroups, ReadOnlyMemory<byte>.Empty, 256));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal("Cluster Group\0\0", Encoding.Unicode.GetString(r.Output.Span));
        var node = await Stub.OpenAsync(c, new OpenNodeRequest("node2"));
        var n = await c.CallAsync(new NodeGroupSetControlRequest(set, node, ControlCodes.GroupSetGetId, ReadOnlyMemory<byte>.Empty, 256));
        Assert.Equal((Win32Error.Success, SeededSetId + "\0"), (n.Result, Encoding.Unicode.GetString(n.Output.Span)));
        var desc = new PropertyListWriter().AddString("Description", "d").ToArray();
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new GroupSetControlRequest(set, ControlCodes.GroupSetSetCommonProperties, desc, 0))).Result);
        await c.CallAsync(new CloseGroupSetRequest(set));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new GroupSetControlRequest(set, ControlCodes.GroupSetGetId, ReadOnlyMemory<byte>.Empty, 256))).Result);
    }
}
