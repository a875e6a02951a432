using System.Net;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Mgmt;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Tests.Server;

namespace Clusterd.Rpc.Tests.Epm;

public sealed class EndpointMapperTests
{
    private static readonly SyntaxId ClusApi = SyntaxId.ForInterface(new Guid("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    [Fact]
    public void Tcp_tower_matches_the_observed_rpcclient_floors()
    {
        var tower = ProtocolTower.EncodeTcp(ClusApi, SyntaxId.Ndr20, 49999, IPAddress.Loopback);
        Assert.Equal(75, tower.Length);
        Assert.Equal(
            "0500" + "1300" + "0db2b87db9634ccf11bff608002be23f2f0300" + "02000000"
            + "1300" + "0d045d888aeb1cc9119fe808002b1048600200" + "02000000"
            + "0100" + "0b" + "02000000"
            + "0100" + "07" + "0200" + "c34f"
            + "0100" + "09" + "0400" + "7f000001",
            Hex.Of(tower));
        Assert.True(ProtocolTower.TryDecode(tower, out var floors));
        Assert.True(ProtocolTower.TryGetSyntax(floors[0], out var iface));
        Assert.Equal(ClusApi, iface);
        Assert.True(ProtocolTower.TryGetTcpPort(floors, out int port));
        Assert.Equal(49999, port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("05")]
    [InlineData("0100 1300 0d")]
    [InlineData("ffff")]
    public void Malformed_towers_are_rejected(string hex) => Assert.False(ProtocolTower.TryDecode(Hex.Parse(hex), out _));

    [Fact]
    public async Task Ept_map_returns_the_port_of_a_registered_interface()
    {
        await using var host = TestHost.Start();
        await using var epm = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        await epm.BindAsync(EndpointMapperDispatcher.InterfaceId);
        Assert.Equal(host.Listener.Port, await EndpointMapperClient.MapAsync(epm, EchoDispatcher.Id));
    }

    [Fact]
    public async Task Ept_map_of_an_unregistered_interface_returns_EPT_S_NOT_REGISTERED()
    {
        await using var host = TestHost.Start();
        await using var epm = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        await epm.BindAsync(EndpointMapperDispatcher.InterfaceId);
        var stub = await epm.CallAsync(EndpointMapperDispatcher.OpMap, EndpointMapperClient.EncodeMapRequest(ClusApi));
        var (towers, status) = EndpointMapperClient.DecodeMapResponse(stub);
        Assert.Empty(towers);
        Assert.Equal(0x16C9A0D6u, status);
    }

    [Fact]
    public void Map_response_whose_tower_count_the_stub_cannot_hold_is_refused_before_allocating()
    {
        // 20-byte NULL handle, num_towers, then max_count / offset / actual_count of a million towers and no more bytes.
        var stub = new byte[20 + 16];
        BitConverter.TryWriteBytes(stub.AsSpan(20), 1_000_000);
        BitConverter.TryWriteBytes(stub.AsSpan(24), 1_000_000);
        BitConverter.TryWriteBytes(stub.AsSpan(32), 1_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<NdrException>(() => EndpointMapperClient.DecodeMapResponse(stub));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "decoder allocated for towers the stub cannot hold");
    }

    [Fact]
    public async Task Client_connects_through_the_endpoint_mapper()
    {
        await using var host = TestHost.Start();
        await using var client = await RpcClient.ConnectViaEndpointMapperAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port), EchoDispatcher.Id);
        await client.BindAsync(EchoDispatcher.Id);
        Assert.Equal(new byte[] { 42 }, await client.CallAsync(0, new byte[] { 42 }));
    }

    [Fact]
    public async Task Endpoint_mapper_only_listener_does_not_serve_other_interfaces()
    {
        await using var host = TestHost.Start();
        await using var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        var ex = await Assert.ThrowsAsync<RpcBindException>(() => client.BindAsync(EchoDispatcher.Id));
        Assert.Equal((ushort)ContextRejectReason.AbstractSyntaxNotSupported, ex.ContextResult!.Reason);
    }

    [Fact]
    public async Task Mgmt_inq_if_ids_lists_the_registered_interfaces()
    {
        await using var host = TestHost.Start();
        await using var client = await RpcClient.ConnectAsync(host.EndPoint);
        await client.BindAsync(ManagementDispatcher.InterfaceId);
        var r = new NdrReader(await client.CallAsync(ManagementDispatcher.OpInqIfIds, ReadOnlyMemory<byte>.Empty));
        Assert.NotEqual(0u, r.ReadReferentId());
        int max = r.ReadCount();
        Assert.Equal((uint)max, r.ReadUInt32());
        for (int i = 0; i < max; i++)
        {
            Assert.NotEqual(0u, r.ReadReferentId());
        }

        var ids = new List<SyntaxId>();
        for (int i = 0; i < max; i++)
        {
            ids.Add(SyntaxId.ForInterface(r.ReadGuid(), r.ReadUInt16(), r.ReadUInt16()));
        }

        Assert.Equal(0u, r.ReadUInt32());
        Assert.Contains(EchoDispatcher.Id, ids);
        Assert.Contains(ManagementDispatcher.InterfaceId, ids);
        Assert.Contains(EndpointMapperDispatcher.InterfaceId, ids);
    }

    [Fact]
    public async Task Mgmt_is_server_listening_inq_stats_and_princ_name_answer()
    {
        await using var host = TestHost.Start(new Clusterd.Rpc.Server.RpcServerOptions { PrincipalName = "clusterd" });
        await using var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        await client.BindAsync(ManagementDispatcher.InterfaceId);
        Assert.Equal("0000000001000000", Hex.Of(await client.CallAsync(ManagementDispatcher.OpIsServerListening, ReadOnlyMemory<byte>.Empty)));

        // Samba mgmt.idl: conformant struct {count; statistics[count]} (max_count hoisted), then WERROR.
        var stats = new NdrReader(await client.CallAsync(ManagementDispatcher.OpInqStats, new byte[] { 4, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.Equal(4, stats.ReadCount());
        Assert.Equal(4u, stats.ReadUInt32());
        Assert.True(stats.ReadUInt32() >= 1);

        // Any max_count other than 4: count 0 and WERR_NOT_SUPPORTED, 12 bytes (Windows, raw_protocol signing tests).
        Assert.Equal("000000000000000032000000", Hex.Of(await client.CallAsync(ManagementDispatcher.OpInqStats, new byte[8])));

        var w = new NdrWriter();
        w.WriteUInt32(10);
        w.WriteUInt32(100);
        var name = new NdrReader(await client.CallAsync(ManagementDispatcher.OpInqPrincName, w.ToArray()));
        Assert.Equal("clusterd", name.ReadConformantVaryingAnsiString());
        Assert.Equal(0u, name.ReadUInt32());
    }
}
