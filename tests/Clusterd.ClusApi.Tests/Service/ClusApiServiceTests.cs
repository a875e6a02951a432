using System.Buffers.Binary;
using System.Text;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Security;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>The ClusAPI service end to end: our RpcClient, sealed SPNEGO/NTLM, against an in-process RpcServer.</summary>
public sealed class ClusApiServiceTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public async Task GetClusterName_answers_the_samba_sample_layout()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var stub = await c.CallAsync(3, Array.Empty<byte>());
        // GetClusterName: Sout ClusterName, Sout NodeName, result; referent ids are the writer's own (a Samba reply's
        // 0x00020004/8 would differ only there).
        var expected = Hex("00000200 09000000 00000000 09000000 43004c00550053005400450052003100 0000 0000"
            + "04000200 06000000 00000000 06000000 6e006f00640065003100 0000 00000000");
        Assert.Equal(expected, stub);
    }

    [Fact]
    public async Task OpenResource_request_and_not_found_response_match_the_samba_samples()
    {
        Assert.Equal(Hex("0d000000 00000000 0d000000 43006c00750073007400650072002000 4e0061006d0065000000"), Stub.Name("Cluster Name"));
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Hex("8f130000 00000000" + new string('0', 40)), await c.CallAsync(8, Stub.Name("jfUF38fjSNcfn")));
        Assert.Equal(Hex("8f130000 00000000" + new string('0', 40)), await c.CallAsync(8, Stub.Name("")));
    }

    [Fact]
    public async Task NodeControl_GET_ID_with_four_bytes_matches_the_samba_sample()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var node = await Stub.OpenAsync(c, 66, "node1");
        var request = Stub.Control(node, 0x04000039, 4);
        Assert.Equal(Hex("39000004 00000000 00000000 04000000"), request[20..]);
        Assert.Equal(Hex("04000000 00000000 04000000 31000000 04000000 04000000 00000000 00000000"), await c.CallAsync(79, request));
    }

    [Fact]
    public async Task Node_RO_common_properties_are_the_Windows_list_read_from_the_node_key()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var node = await Stub.OpenAsync(c, 66, "node1");
        var (result, returned, _, data, _) = Stub.ControlResponse(await c.CallAsync(79, Stub.Control(node, 0x04000055, 0x4000)));
        Assert.Equal(0u, result);
        var instanceId = host.Engine.ReadDatabase(root => root.Find(@"Nodes\1")!.GetString("NodeInstanceID"));
        var expected = new PropertyListWriter()
            .AddString("NodeName", "node1").AddDword("NodeHighestVersion", 0x000A4563).AddDword("NodeLowestVersion", 0x000A4563)
            .AddDword("MajorVersion", 10).AddDword("MinorVersion", 0).AddDword("BuildNumber", 17763).AddString("CSDVersion", "")
            .AddString("NodeInstanceID", instanceId).AddDword("NodeDrainStatus", 0).AddDword("NodeDrainTarget", 0xFFFFFFFF)
            .AddDword("DynamicWeight", 1).AddDword("NeedsPreventQuorum", 0).ToArray();
        Assert.Equal(expected, data);
        Assert.Equal((uint)data.Length, returned);
        // Golden bytes of the first property and the list's end (MS-CMRP 2.2.3.10 layout).
        Assert.Equal(Hex("0c000000 03000400 12000000 4e006f00640065004e0061006d0065000000 0000 03000100 0c000000 6e006f006400650031000000 00000000"),
            data[..56]);
        Assert.Equal(Hex("00000000 00000000"), data[^8..]);
    }

    [Theory]
    [InlineData(73, "Cluster Name", 8, 0x01000055u)]
    [InlineData(77, "Cluster Group", 41, 0x03000059u)]
    [InlineData(79, "node1", 66, 0x04000055u)]
    [InlineData(89, "Cluster Network 1", 81, 0x05000059u)]
    [InlineData(98, "node1 - Ethernet", 92, 0x06000055u)]
    [InlineData(106, null, 0, 0x07000059u)]
    public async Task Every_control_method_answers_MORE_DATA_with_nothing_and_the_size_needed(int opnum, string? name, int openOpnum, uint code)
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var h = await Stub.OpenAsync(c, (ushort)openOpnum, name);
        var small = Stub.ControlResponse(await c.CallAsync((ushort)opnum, Stub.Control(h, code, 8)));
        Assert.Equal((uint)Win32Error.MoreData, small.Result);
        Assert.Equal(8u, small.Max);
        Assert.Empty(small.Data);
        Assert.Equal(0u, small.Returned);
        Assert.True(small.Required > 8);
        var fit = Stub.ControlResponse(await c.CallAsync((ushort)opnum, Stub.Control(h, code, small.Required)));
        Assert.Equal(0u, fit.Result);
        Assert.Equal(small.Required, fit.Returned);
        Assert.Equal((int)small.Required, fit.Data.Length);
    }

    [Fact]
    public async Task ResourceTypeControl_MORE_DATA_and_unknown_type_first()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenAsync(c, 0);
        byte[] Request(string type, uint code, uint outSize) => Stub.Build(w =>
        {
            w.WriteContextHandle(cluster);
            w.WriteConformantVaryingString(type);
            w.WriteUInt32(code);
            w.WriteUInt32(0);
            w.WriteUInt32(0);
            w.WriteUInt32(outSize);
        });
        var small = Stub.ControlResponse(await c.CallAsync(75, Request("Physical Disk", 0x02000059, 0)));
        Assert.Equal((uint)Win32Error.MoreData, small.Result);
        Assert.Empty(small.Data);
        Assert.Equal(0u, Stub.ControlResponse(await c.CallAsync(75, Request("Physical Disk", 0x02000059, small.Required))).Result);
        Assert.Equal((uint)Win32Error.ClusterResourceTypeNotFound, Stub.ControlResponse(await c.CallAsync(75, Request("MSMQ", 0, 0))).Result);
        Assert.Equal((uint)Win32Error.InvalidFunction, Stub.ControlResponse(await c.CallAsync(75, Request("Physical Disk", 0, 0))).Result);
    }

    [Fact]
    public async Task Close_returns_a_null_handle_and_a_closed_or_foreign_handle_is_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var group = await Stub.OpenAsync(c, 41, "Cluster Group");
        // A group handle is not a node handle.
        var r = new NdrReader(await c.CallAsync(68, Stub.Handle(group)));
        Assert.Equal(-1, r.ReadInt32());
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal((uint)Win32Error.InvalidHandle, r.ReadUInt32());
        Assert.Equal(new byte[24], await c.CallAsync(44, Stub.Handle(group)));
        var again = await c.CallAsync(44, Stub.Handle(group));
        Assert.Equal((uint)Win32Error.InvalidHandle, BinaryPrimitives.ReadUInt32LittleEndian(again.AsSpan(20)));
        // A handle of another association is unknown here.
        await using var other = await host.ConnectAsync();
        var foreign = await Stub.OpenAsync(other, 41, "Cluster Group");
        var s = await c.CallAsync(47, Stub.Handle(foreign));
        Assert.Equal((uint)Win32Error.InvalidHandle, BinaryPrimitives.ReadUInt32LittleEndian(s.AsSpan(s.Length - 4)));
    }

    [Fact]
    public async Task Handles_from_before_an_engine_reset_are_ERROR_INVALID_HANDLE()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var res = await Stub.OpenAsync(c, 8, "Cluster Name");
        var old = host.Engine;
        host.Provider.Engine = ServiceHost.NewEngine();
        old.Dispose();
        var stub = await c.CallAsync(14, Stub.Handle(res));
        Assert.Equal(Hex("00000000 00000000 06000000"), stub);
    }

    [Fact]
    public async Task A_read_handle_cannot_change_anything_and_a_read_only_server_answers_ERROR_SHARING_PAUSED()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var r = new NdrReader(await c.CallAsync(120, Stub.Build(w =>
        {
            w.WriteConformantVaryingString("Cluster Name");
            w.WriteUInt32(0x80000000); // GENERIC_READ
        })));
        Assert.Equal(0x80000000u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        var readOnly = r.ReadContextHandle();
        Assert.Equal(Hex("00000000 05000000"), await c.CallAsync(18, Stub.Handle(readOnly)));
        // SET_COMMON_PROPERTIES carries the modify bit: "All" needed (MS-CMRP 3.1.4.2.74).
        var set = new PropertyListWriter().AddString("Description", "x").ToArray();
        Assert.Equal((uint)Win32Error.AccessDenied, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(readOnly, 0x0140005E, 0, set))).Result);
        // Reading is fine.
        Assert.Equal(0u, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(readOnly, 0x01000059, 0x4000))).Result);

        var full = await Stub.OpenAsync(c, 8, "Cluster Name");
        Assert.Equal(0u, Stub.ControlResponse(await c.CallAsync(73, Stub.Control(full, 0x0140005E, 0, set))).Result);
        Assert.Equal("x", host.Engine.ReadDatabase(root => root.Find(@"Resources\9a1e1f00-0000-4000-8000-000000000002")!.GetString("Description")));
        host.Engine.SetServerState(ProtocolServerState.ReadOnly);
        Assert.Equal(Hex("00000000 46000000"), await c.CallAsync(18, Stub.Handle(full)));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(55)]
    [InlineData(111)]
    [InlineData(181)]
    [InlineData(400)]
    public async Task Unsupported_opnums_fault_with_nca_op_rng_error(int opnum)
    {
        Assert.False(Clusterd.ClusApi.Service.ClusApiService.Implements((ushort)opnum));
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync((ushort)opnum, new byte[64]));
        Assert.Equal(0x1C010002u, e.Status);
    }

    [Fact]
    public async Task Below_packet_privacy_the_interface_faults_with_access_denied()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync(RpcAuthLevel.Integrity, RpcAuthType.Ntlmssp);
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => c.CallAsync(3, Array.Empty<byte>()));
        Assert.Equal(5u, e.Status);
    }

    [Fact]
    public async Task Special_answers_GetClusterVersion_SetClusterName_CreateEnum()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        Assert.Equal(Hex("0000 0000 0000 0000 00000000 00000000 78000000"), await c.CallAsync(4, Array.Empty<byte>()));
        Assert.Equal(Hex("00000000 a0130000"), await c.CallAsync(2, Stub.Name("CLUSTER1")));
        Assert.Equal(Hex("00000000 a0130000"), await c.CallAsync(2, Stub.Name("CLUSTER2")));
        Assert.Equal("CLUSTER2", host.Engine.GetClusterInfo().Name);
        Assert.Equal(Hex("00000000 00000000 57000000"), await c.CallAsync(7, Stub.Build(w => w.WriteUInt32(0x40))));
        var list = await c.CallAsync(7, Stub.Build(w => w.WriteUInt32(0x40000000)));
        Assert.Contains("Cluster Disk 1", Encoding.Unicode.GetString(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEnumEx_with_nonzero_dwOptions_returns_ERROR_INVALID_PARAMETER_MS_CMRP_3_1_4_2_124()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var cluster = await Stub.OpenAsync(c, 0);
        byte[] Request(uint options) => Stub.Build(w =>
        {
            w.WriteContextHandle(cluster);
            w.WriteUInt32(4); // CLUSTER_ENUM_RESOURCE
            w.WriteUInt32(options);
        });
        var ok = await c.CallAsync(125, Request(0));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(ok.AsSpan(ok.Length - 4)));
        var bad = await c.CallAsync(125, Request(1));
        Assert.Equal((uint)Win32Error.InvalidParameter, BinaryPrimitives.ReadUInt32LittleEndian(bad.AsSpan(bad.Length - 4)));
    }
}
