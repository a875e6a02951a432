namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the network and network-interface methods (MS-CMRP 3.1.4.2.81-83, 86, 92-94, 96, 120-121).</summary>
public sealed class NetworkMethodsTests
{
    private const string NullHandleHex = "00000000" + "00000000000000000000000000000000";

    [Fact]
    public void ApiOpenNetwork_sends_the_name_and_answers_status_rpc_status_handle()
    {
        var r = Golden.Check(new OpenNetworkRequest("net"), "04000000 00000000 04000000 6e00 6500 7400 0000");
        Assert.Equal("net", r.NetworkName);
        Golden.Check(new OpenResponse<NetworkHandle>(Win32Error.Success, new NetworkHandle(Golden.H1)), "00000000 00000000" + Golden.H1Hex);
        Golden.Check(new OpenResponse<NetworkHandle>(Win32Error.ClusterNetworkNotFound, NetworkHandle.Null), "b5130000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiOpenNetworkEx_sends_the_name_then_the_desired_access_and_answers_granted_first()
    {
        Golden.Check(new OpenNetworkExRequest("n", 0x80000000), "02000000 00000000 02000000 6e00 0000" + "00000080");
        Golden.Check(new OpenExResponse<NetworkHandle>(0, Win32Error.InvalidParameter, NetworkHandle.Null), "00000000 57000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiCloseNetwork_answers_the_handle_then_the_result()
    {
        Golden.Check(new CloseNetworkRequest(new NetworkHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<NetworkHandle>(new NetworkHandle(Golden.H1), Win32Error.InvalidHandle), Golden.H1Hex + "06000000");
    }

    [Fact]
    public void ApiGetNetworkState_and_ApiGetNetworkId_send_the_handle()
    {
        Golden.Check(new GetNetworkStateRequest(new NetworkHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new StateResponse(3, Win32Error.Success), "03000000 00000000 00000000");
        Golden.Check(new GetNetworkIdRequest(new NetworkHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new StringResponse("id", Win32Error.Success), "00000200 03000000 00000000 03000000 6900 6400 0000" + "0000" + "00000000 00000000");
        Golden.Check(new StringResponse(null, Win32Error.ClusterNetworkNotFound), "00000000 00000000 b5130000");
    }

    [Fact]
    public void ApiOpenNetInterface_and_ApiOpenNetInterfaceEx_send_the_name_first()
    {
        Golden.Check(new OpenNetInterfaceRequest("if"), "03000000 00000000 03000000 6900 6600 0000");
        Golden.Check(new OpenResponse<NetInterfaceHandle>(Win32Error.Success, new NetInterfaceHandle(Golden.H2)), "00000000 00000000" + Golden.H2Hex);
        var r = Golden.Check(new OpenNetInterfaceExRequest("if", 0x02000000), "03000000 00000000 03000000 6900 6600 0000" + "0000" + "00000002");
        Assert.Equal(0x02000000u, r.DesiredAccess);
        Golden.Check(new OpenExResponse<NetInterfaceHandle>(0, Win32Error.ClusterNetInterfaceNotFound, NetInterfaceHandle.Null),
            "00000000 b7130000 00000000" + NullHandleHex);
    }

    [Fact]
    public void Net_interface_close_state_and_id_send_the_handle()
    {
        Golden.Check(new CloseNetInterfaceRequest(new NetInterfaceHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<NetInterfaceHandle>(NetInterfaceHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new GetNetInterfaceStateRequest(new NetInterfaceHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new StateResponse(-1, Win32Error.ClusterNetInterfaceNotFound), "ffffffff 00000000 b7130000");
        Golden.Check(new GetNetInterfaceIdRequest(new NetInterfaceHandle(Golden.H1)), Golden.H1Hex);
    }

    [Fact]
    public void Each_network_request_carries_its_IDL_opnum()
    {
        Assert.Equal(81, (int)OpenNetworkRequest.Opnum);
        Assert.Equal(82, (int)CloseNetworkRequest.Opnum);
        Assert.Equal(83, (int)GetNetworkStateRequest.Opnum);
        Assert.Equal(86, (int)GetNetworkIdRequest.Opnum);
        Assert.Equal(92, (int)OpenNetInterfaceRequest.Opnum);
        Assert.Equal(93, (int)CloseNetInterfaceRequest.Opnum);
        Assert.Equal(94, (int)GetNetInterfaceStateRequest.Opnum);
        Assert.Equal(96, (int)GetNetInterfaceIdRequest.Opnum);
        Assert.Equal(121, (int)OpenNetworkExRequest.Opnum);
        Assert.Equal(122, (int)OpenNetInterfaceExRequest.Opnum);
    }
}
