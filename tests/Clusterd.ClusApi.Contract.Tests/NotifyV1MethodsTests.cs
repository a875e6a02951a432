using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden NDR32 bytes of the version 1 notification methods (MS-CMRP 6.2 IDL; 3.1.4.2.56-66, 90, 91, 99, 100),
/// ApiGetNotifyAsync (3.1.4.2.143, NOTIFICATION_DATA_ASYNC_RPC 2.2.3.30) and ApiAddNotifyResourceTypeV2 (3.1.4.2.144),
/// written out by hand from the IDL: handles are 20 bytes (C706 14.3.11), DWORDs and BOOLs 4, LONGLONG 8 and
/// 8-aligned, an [in, string] LPCWSTR a conformant varying string without referent id, an [out, string] LPWSTR* a
/// unique pointer (referent ids from 0x00020000), rpc_status before the function result.
/// </summary>
public sealed class NotifyV1MethodsTests
{
    private static readonly string H1 = Golden.H1Hex;
    private static readonly string H2 = Golden.H2Hex;
    private static NotifyHandle N1 => new(Golden.H1);

    [Fact]
    public void CreateNotify_request_is_empty_and_answer_is_Status_rpc_status_handle()
    {
        Golden.Check(new CreateNotifyRequest(), "");
        Golden.Check(new OpenResponse<NotifyHandle>(Win32Error.Success, N1), "00000000" + "00000000" + H1);
        Golden.Check(new OpenResponse<NotifyHandle>(Win32Error.NotEnoughMemory, NotifyHandle.Null), "08000000" + "00000000" + "00000000" + new string('0', 32));
    }

    [Fact]
    public void AddNotifyCluster_request_is_two_handles_filter_then_key()
    {
        var r = Golden.Check(new AddNotifyClusterRequest(N1, new ClusterHandle(Golden.H2), 0xFFFFFFFF, 0x11223344),
            H1 + H2 + "ffffffff" + "44332211");
        Assert.Equal(ClusApiOpnum.ApiAddNotifyCluster, AddNotifyClusterRequest.Opnum);
        Assert.Equal(0x11223344u, r.NotifyKey);
        Golden.Check(new ResultResponse(Win32Error.InvalidParameter), "00000000" + "57000000");
    }

    [Fact]
    public void AddNotify_object_requests_are_handle_handle_filter_key_and_answer_the_state_sequence()
    {
        const string tail = "00130000" + "07000000"; // dwFilter GROUP_STATE|GROUP_DELETED|RESOURCE_STATE (0x1300), dwNotifyKey 7
        Golden.Check(new AddNotifyNodeRequest(N1, new NodeHandle(Golden.H2), 0x1300, 7), H1 + H2 + tail);
        Golden.Check(new AddNotifyGroupRequest(N1, new GroupHandle(Golden.H2), 0x1300, 7), H1 + H2 + tail);
        Golden.Check(new AddNotifyResourceRequest(N1, new ResourceHandle(Golden.H2), 0x1300, 7), H1 + H2 + tail);
        Golden.Check(new AddNotifyNetworkRequest(N1, new NetworkHandle(Golden.H2), 0x1300, 7), H1 + H2 + tail);
        Golden.Check(new AddNotifyNetInterfaceRequest(N1, new NetInterfaceHandle(Golden.H2), 0x1300, 7), H1 + H2 + tail);
        // → dwStateSequence, rpc_status, result.
        Golden.Check(new StateSequenceResponse(3, Win32Error.Success), "03000000" + "00000000" + "00000000");
        Golden.Check(new StateSequenceResponse(0, Win32Error.InvalidHandle), "00000000" + "00000000" + "06000000");
        Assert.Equal(ClusApiOpnum.ApiAddNotifyNode, AddNotifyNodeRequest.Opnum);
        Assert.Equal(ClusApiOpnum.ApiAddNotifyNetwork, AddNotifyNetworkRequest.Opnum);
        Assert.Equal(ClusApiOpnum.ApiAddNotifyNetInterface, AddNotifyNetInterfaceRequest.Opnum);
    }

    [Fact]
    public void ReAddNotify_requests_add_the_state_sequence_after_the_key()
    {
        const string tail = "00100000" + "07000000" + "05000000"; // GROUP_STATE, key 7, StateSequence 5
        Golden.Check(new ReAddNotifyNodeRequest(N1, new NodeHandle(Golden.H2), 0x1000, 7, 5), H1 + H2 + tail);
        Golden.Check(new ReAddNotifyGroupRequest(N1, new GroupHandle(Golden.H2), 0x1000, 7, 5), H1 + H2 + tail);
        Golden.Check(new ReAddNotifyResourceRequest(N1, new ResourceHandle(Golden.H2), 0x1000, 7, 5), H1 + H2 + tail);
        Golden.Check(new ReAddNotifyNetworkRequest(N1, new NetworkHandle(Golden.H2), 0x1000, 7, 5), H1 + H2 + tail);
        Golden.Check(new ReAddNotifyNetInterfaceRequest(N1, new NetInterfaceHandle(Golden.H2), 0x1000, 7, 5), H1 + H2 + tail);
        Assert.Equal(ClusApiOpnum.ApiReAddNotifyNetInterface, ReAddNotifyNetInterfaceRequest.Opnum);
    }

    [Fact]
    public void AddNotifyKey_request_has_the_key_before_the_filter_and_a_32_bit_BOOL()
    {
        var r = Golden.Check(new AddNotifyKeyRequest(N1, new KeyHandle(Golden.H2), 9, 0x50, true), H1 + H2 + "09000000" + "50000000" + "01000000");
        Assert.True(r.WatchSubTree);
        Assert.False(Golden.Check(new AddNotifyKeyRequest(N1, new KeyHandle(Golden.H2), 9, 0x50, false), H1 + H2 + "09000000" + "50000000" + "00000000").WatchSubTree);
    }

    [Fact]
    public void GetNotify_answer_is_key_filter_sequence_unique_name_rpc_status_result()
    {
        Golden.Check(new GetNotifyRequest(N1), H1);
        var ok = Golden.Check(new GetNotifyResponse(0x2A, 0x1000, 4, "G1", Win32Error.Success),
            "2a000000" + "00100000" + "04000000" + "00000200" + "03000000 00000000 03000000 4700 3100 0000" + "0000" + "00000000" + "00000000");
        Assert.Equal("G1", ok.Name);
        // Failure: the Name pointer is NULL.
        Assert.Null(Golden.Check(new GetNotifyResponse(0, 0, 0, null, Win32Error.InvalidFunction),
            "00000000 00000000 00000000" + "00000000" + "00000000" + "01000000").Name);
    }

    [Fact]
    public void GetNotifyAsync_answer_is_a_unique_array_of_12_byte_entries_with_names_after_the_array()
    {
        Golden.Check(new GetNotifyAsyncRequest(N1), H1);
        var got = Golden.Check(new GetNotifyAsyncResponse(Win32Error.Success,
            [new NotificationDataAsyncRpc(1, 0x100, "R1"), new NotificationDataAsyncRpc(2, 0x80000, null)]),
            "00000200" + "02000000" +                          // referent, max_count
            "01000000" + "00010000" + "04000200" +             // key 1, RESOURCE_STATE, Name referent
            "02000000" + "00000800" + "00000000" +             // key 2, CLUSTER_RECONNECT, Name NULL
            "03000000 00000000 03000000 5200 3100 0000" + "0000" + // "R1"
            "02000000" + "00000000");                          // dwNumNotifications, ERROR_SUCCESS
        Assert.Equal("R1", got.Notifications[0].Name);
        Assert.Null(got.Notifications[1].Name);
        Assert.Empty(Golden.Check(new GetNotifyAsyncResponse(Win32Error.NoMoreItems, []), "00000000" + "00000000" + "03010000").Notifications);
    }

    [Fact]
    public void GetNotifyAsync_answer_whose_count_disagrees_with_the_array_is_refused()
    {
        var stub = Convert.FromHexString("00000200" + "01000000" + "01000000" + "00010000" + "00000000" + "02000000" + "00000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyAsyncResponse>(stub));
        var lying = Convert.FromHexString("00000200" + "ffffff0f" + "01000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyAsyncResponse>(lying));
    }

    [Fact]
    public void AddNotifyResourceTypeV2_request_aligns_the_LONGLONG_filter_to_8_and_sends_the_name_without_a_referent()
    {
        var r = Golden.Check(new AddNotifyResourceTypeV2Request(N1, 0x3, 5, "IP", 2),
            H1 + "00000000" + "0300000000000000" + "05000000" + "03000000 00000000 03000000 4900 5000 0000" + "0000" + "02000000");
        Assert.Equal("IP", r.ResTypeName);
        Assert.Equal(ClusApiOpnum.ApiAddNotifyResourceTypeV2, AddNotifyResourceTypeV2Request.Opnum);
    }
}
