using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>The ClusAPI service end to end: our RpcClient, sealed SPNEGO/NTLM, against an in-process RpcServer.</summary>
/// <remarks>Requests are the contract's types; where a test pins the answer's bytes it takes the raw response stub.</remarks>
public sealed class ClusApiServiceTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public async Task GetClusterName_answers_the_samba_sample_layout()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var stub = await c.CallRawAsync(new GetClusterNameRequest());
        // GetClusterName: Sout ClusterName, Sout NodeName, result; referent ids are the writer's own (a Samba reply's
        // 0x00020004/8 would differ only there).
        var expected = Hex("00000200 09000000 00000000 09000000 43004c00550053005400450052003100 0000 0000"
            + "04000200 06000000 00000000 06000000 6e006f00640065003100 0000 00000000");
        Assert.Equal(expected, stub);
    }

    [Fact]
    public async Task OpenResource_request_and_not_found_response_match_the_samba_samples()
    {
        Assert.Equal(Hex("0d000000 00000000 0d000000 43006c00750073007400650072002000 4e0061006d0065000000"),
            ClusApiCallExtensions.Encode(new OpenResourceRequest("Cluster Name")));
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Hex("8f130000 00000000" + new string('0', 40)), await c.CallRawAsync(new OpenResourceRequest("jfUF38fjSNcfn")));
        Assert.Equal(Hex("8f130000 00000000" + new string('0', 40)), await c.CallRawAsync(new OpenResourceRequest("")));
    }

    [Fact]
    public async Task NodeControl_GET_ID_with_four_bytes_matches_the_samba_sample()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var node = await Stub.OpenAsync(c, new OpenNodeRequest("node1"));
        var request = new NodeControlRequest(node, 0x04000039, default, 4);
        Assert.Equal(Hex("39000004 00000000 00000000 04000000"), ClusApiCallExtensions.Encode(request)[20..]);
        Assert.Equal(Hex("04000000 00000000 04000000 31000000 04000000 04000000 00000000 00000000"), await c.CallRawAsync(request));
    }

    [Fact]
    public async Task Node_RO_common_properties_are_the_Windows_list_read_from_the_node_key()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node = await Stub.OpenAsync(c, new OpenNodeRequest("node1"));
        var response = await Stub.ControlAsync(c, new NodeControlRequest(node, 0x04000055, default, 0x4000));
        Assert.Equal(Win32Error.Success, response.Result);
        var data = response.Output.ToArray();
        var instanceId = host.Engine.Queries.GetRegistryValue(@"Nodes\1", "NodeInstanceID")!.AsString();
        var expected = new PropertyListWriter()
            .AddString("NodeName", "node1").AddDword("NodeHighestVersion", 0x000A4563).AddDword("NodeLowestVersion", 0x000A4563)
            .AddDword("MajorVersion", 10).AddDword("MinorVersion", 0).AddDword("BuildNumber", 17763).AddString("CSDVersion", "")
            .AddString("NodeInstanceID", instanceId).AddDword("NodeDrainStatus", 0).AddDword("NodeDrainTarget", 0xFFFFFFFF)
            .AddDword("DynamicWeight", 1).AddDword("NeedsPreventQuorum", 0).ToArray();
        Assert.Equal(expected, data);
        Assert.Equal((uint)data.Length, response.BytesReturned);
        // Golden bytes of the first property and the list's end (MS-CMRP 2.2.3.10 layout).
        Assert.Equal(Hex("0c000000 03000400 12000000 4e006f00640065004e0061006d0065000000 0000 03000100 0c000000 6e006f006400650031000000 00000000"),
            data[..56]);
        Assert.Equal(Hex("00000000 00000000"), data[^8..]);
    }

    [Theory]
    [InlineData(ClusApiOpnum.ApiResourceControl, "Cluster Name", 0x01000055u)]
    [InlineData(ClusApiOpnum.ApiGroupControl, "Cluster Group", 0x03000059u)]
    [InlineData(ClusApiOpnum.ApiNodeControl, "node1", 0x04000055u)]
    [InlineData(ClusApiOpnum.ApiNetworkControl, "Cluster Network 1", 0x05000059u)]
    [InlineData(ClusApiOpnum.ApiNetInterfaceControl, "node1 - Ethernet", 0x06000055u)]
    [InlineData(ClusApiOpnum.ApiClusterControl, null, 0x07000059u)]
    public async Task Every_control_method_answers_MORE_DATA_with_nothing_and_the_size_needed(ClusApiOpnum method, string? name, uint code)
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var control = await OpenForControlAsync(c, method, name, code);
        var small = await Stub.ControlAsync(c, control(8));
        Assert.Equal(Win32Error.MoreData, small.Result);
        Assert.Equal(8u, small.OutBufferSize);
        Assert.True(small.Output.IsEmpty);
        Assert.Equal(0u, small.BytesReturned);
        Assert.True(small.BytesRequired > 8);
        var fit = await Stub.ControlAsync(c, control(small.BytesRequired));
        Assert.Equal(Win32Error.Success, fit.Result);
        Assert.Equal(small.BytesRequired, fit.BytesReturned);
        Assert.Equal((int)small.BytesRequired, fit.Output.Length);
    }

    /// <summary>Opens the object of a control method (ApiOpenX by <paramref name="name"/>) and answers its request by nOutBufferSize.</summary>
    internal static async Task<Func<uint, IClusApiCall<ControlResponse>>> OpenForControlAsync(RpcClient c, ClusApiOpnum method, string? name, uint code,
        ReadOnlyMemory<byte> input = default)
    {
        switch (method)
        {
            case ClusApiOpnum.ApiResourceControl:
                var resource = await Stub.OpenAsync(c, new OpenResourceRequest(name!));
                return size => new ResourceControlRequest(resource, code, input, size);
            case ClusApiOpnum.ApiGroupControl:
                var group = await Stub.OpenAsync(c, new OpenGroupRequest(name!));
                return size => new GroupControlRequest(group, code, input, size);
            case ClusApiOpnum.ApiNodeControl:
                var node = await Stub.OpenAsync(c, new OpenNodeRequest(name!));
                return size => new NodeControlRequest(node, code, input, size);
            case ClusApiOpnum.ApiNetworkControl:
                var network = await Stub.OpenAsync(c, new OpenNetworkRequest(name!));
                return size => new NetworkControlRequest(network, code, input, size);
            case ClusApiOpnum.ApiNetInterfaceControl:
                var netInterface = await Stub.OpenAsync(c, new OpenNetInterfaceRequest(name!));
                return size => new NetInterfaceControlRequest(netInterface, code, input, size);
            case ClusApiOpnum.ApiClusterControl:
                var cluster = await Stub.OpenClusterAsync(c);
                return size => new ClusterControlRequest(cluster, code, input, size);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "not a control method of this test");
        }
    }

    [Fact]
    public async Task ResourceTypeControl_MORE_DATA_and_unknown_type_first()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenClusterAsync(c);
        ResourceTypeControlRequest Request(string type, uint code, uint outSize) => new(cluster, type, code, default, outSize);
        var small = await Stub.ControlAsync(c, Request("Physical Disk", 0x02000059, 0));
        Assert.Equal(Win32Error.MoreData, small.Result);
        Assert.True(small.Output.IsEmpty);
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, Request("Physical Disk", 0x02000059, small.BytesRequired))).Result);
        Assert.Equal(Win32Error.ClusterResourceTypeNotFound, (await Stub.ControlAsync(c, Request("MSMQ", 0, 0))).Result);
        Assert.Equal(Win32Error.InvalidFunction, (await Stub.ControlAsync(c, Request("Physical Disk", 0, 0))).Result);
    }

    [Fact]
    public async Task Close_returns_a_null_handle_and_a_closed_or_foreign_handle_is_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var group = await Stub.OpenAsync(c, new OpenGroupRequest("Cluster Group"));
        // A group handle is not a node handle.
        var state = await c.CallAsync(new GetNodeStateRequest(new NodeHandle(group.Value)));
        Assert.Equal(-1, state.State);
        Assert.Equal(0u, state.RpcStatus);
        Assert.Equal(Win32Error.InvalidHandle, state.Result);
        Assert.Equal(new byte[24], await c.CallRawAsync(new CloseGroupRequest(group)));
        var again = await c.CallAsync(new CloseGroupRequest(group));
        Assert.Equal(Win32Error.InvalidHandle, again.Result);
        // A handle of another association is unknown here.
        await using var other = await host.ConnectAsync();
        var foreign = await Stub.OpenAsync(other, new OpenGroupRequest("Cluster Group"));
        Assert.Equal(Win32Error.InvalidHandle, (await c.CallAsync(new GetGroupIdRequest(foreign))).Result);
    }

    [Fact]
    public async Task Handles_from_before_an_engine_reset_are_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var res = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Name"));
        var old = host.Engine;
        host.Provider.Engine = ServiceHost.NewEngine();
        old.Dispose();
        var stub = await c.CallRawAsync(new GetResourceIdRequest(res));
        Assert.Equal(Hex("00000000 00000000 06000000"), stub);
    }

    [Fact]
    public async Task A_read_handle_cannot_change_anything_and_a_read_only_server_answers_ERROR_SHARING_PAUSED()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var opened = await c.CallAsync(new OpenResourceExRequest("Cluster Name", 0x80000000)); // GENERIC_READ
        Assert.Equal(0x80000000u, opened.GrantedAccess);
        Assert.Equal(Win32Error.Success, opened.Status);
        Assert.Equal(0u, opened.RpcStatus);
        var readOnly = opened.Handle;
        Assert.Equal(Hex("00000000 05000000"), await c.CallRawAsync(new OfflineResourceRequest(readOnly)));
        // SET_COMMON_PROPERTIES carries the modify bit: "All" needed (MS-CMRP 3.1.4.2.74).
        var set = new PropertyListWriter().AddString("Description", "x").ToArray();
        Assert.Equal(Win32Error.AccessDenied, (await Stub.ControlAsync(c, new ResourceControlRequest(readOnly, 0x0140005E, set, 0))).Result);
        // Reading is fine.
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new ResourceControlRequest(readOnly, 0x01000059, default, 0x4000))).Result);

        var full = await Stub.OpenAsync(c, new OpenResourceRequest("Cluster Name"));
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new ResourceControlRequest(full, 0x0140005E, set, 0))).Result);
        Assert.Equal("x", host.Engine.Queries.GetRegistryValue(@"Resources\9a1e1f00-0000-4000-8000-000000000002", "Description")!.AsString());
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Hex("00000000 46000000"), await c.CallRawAsync(new OfflineResourceRequest(full)));
    }

    [Theory]
    [InlineData(111)]
    [InlineData(140)] // Opnum140NotUsedOnWire, Opnum141NotUsedOnWire and Opnum142NotUsedOnWire (MS-CMRP IDL)
    [InlineData(141)]
    [InlineData(142)]
    [InlineData(400)]
    public async Task Unsupported_opnums_fault_with_nca_op_rng_error(int opnum)
    {
        Assert.False(Clusterd.ClusApi.Service.ClusApiService.Implements((ushort)opnum));
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        // Hand-made on purpose: these opnums have no request type (unimplemented, or past the IDL); any stub will do.
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync((ushort)opnum, new byte[64]));
        Assert.Equal(0x1C010002u, e.Status);
    }

    [Fact]
    public async Task Below_packet_privacy_the_interface_faults_with_access_denied()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync(RpcAuthLevel.Integrity, RpcAuthType.Ntlmssp);
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallRawAsync(new GetClusterNameRequest()));
        Assert.Equal(5u, e.Status);
    }

    [Fact]
    public async Task Special_answers_GetClusterVersion_SetClusterName_CreateEnum()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Hex("0000 0000 0000 0000 00000000 00000000 78000000"), await c.CallRawAsync(new GetClusterVersionRequest()));
        Assert.Equal(Hex("00000000 a0130000"), await c.CallRawAsync(new SetClusterNameRequest("CLUSTER1")));
        Assert.Equal(Hex("00000000 a0130000"), await c.CallRawAsync(new SetClusterNameRequest("CLUSTER2")));
        Assert.Equal("CLUSTER2", host.Engine.Queries.GetClusterInfo().Name);
        Assert.Equal(Hex("00000000 00000000 57000000"), await c.CallRawAsync(new CreateEnumRequest(0x40)));
        var list = await c.CallRawAsync(new CreateEnumRequest(0x40000000));
        Assert.Contains("Cluster Disk 1", Encoding.Unicode.GetString(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEnumEx_with_nonzero_dwOptions_returns_ERROR_INVALID_PARAMETER_MS_CMRP_3_1_4_2_124()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenClusterAsync(c);
        CreateEnumExRequest Request(uint options) => new(cluster, 4, options); // CLUSTER_ENUM_RESOURCE
        Assert.Equal(Win32Error.Success, (await c.CallAsync(Request(0))).Result);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(Request(1))).Result);
    }
}
