using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden bytes of the NodeNetwork methods (MS-CMRP 3.1.4.2.7, 27-28, 84-85, 87, 95, 101, 123, 125-127, 163), written
/// from the IDL: handles are 20 bytes, [in, string] LPCWSTR a conformant varying string (max_count, offset,
/// actual_count, UTF-16LE with its NUL), BOOL and DWORD a little-endian u32 aligned to 4.
/// </summary>
public sealed class NodeNetworkMethodsTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void ApiSetQuorumResource_sends_handle_device_name_padded_then_log_size() =>
        // "Q:" is 3 UTF-16 units with the NUL: 12 + 6 bytes, so 2 bytes of padding before the DWORD.
        Golden.Check(new SetQuorumResourceRequest(new ResourceHandle(Golden.H1), "Q:", 0x800000),
            Golden.H1Hex + "03000000 00000000 03000000 5100 3a00 0000" + "0000" + "00008000");

    [Fact]
    public void ApiCreateResourceType_sends_three_strings_then_the_two_intervals() =>
        Golden.Check(new CreateResourceTypeRequest("T", "D", "d.dll", 5000, 60000),
            "02000000 00000000 02000000 5400 0000" + "02000000 00000000 02000000 4400 0000" +
            "06000000 00000000 06000000 6400 2e00 6400 6c00 6c00 0000" + "88130000 60ea0000");

    [Fact]
    public void ApiDeleteResourceType_sends_the_type_name() =>
        Golden.Check(new DeleteResourceTypeRequest("T"), "02000000 00000000 02000000 5400 0000");

    [Fact]
    public void ApiSetNetworkName_sends_handle_then_name() =>
        Golden.Check(new SetNetworkNameRequest(new NetworkHandle(Golden.H2), "N1"), Golden.H2Hex + "03000000 00000000 03000000 4e00 3100 0000");

    [Fact]
    public void ApiCreateNetworkEnum_and_ApiCreateNodeEnum_send_handle_then_type()
    {
        Golden.Check(new CreateNetworkEnumRequest(new NetworkHandle(Golden.H1), 1), Golden.H1Hex + "01000000");
        Golden.Check(new CreateNodeEnumRequest(new NodeHandle(Golden.H1), 3), Golden.H1Hex + "03000000");
    }

    [Fact]
    public void ApiCreateNodeEnumEx_sends_handle_type_options_and_answers_like_ApiCreateEnumEx()
    {
        Golden.Check(new CreateNodeEnumExRequest(new NodeHandle(Golden.H2), 2, 0), Golden.H2Hex + "02000000 00000000");
        // Two ENUM_LIST pointers: referent, max_count, EntryCount, then (Type, Name referent) and the deferred name.
        Golden.Check(new CreateEnumExResponse([new EnumEntry(2, "g")], [new EnumEntry(2, "G")], Win32Error.Success),
            "00000200 01000000 01000000 02000000 04000200" + "02000000 00000000 02000000 6700 0000" +
            "08000200 01000000 01000000 02000000 0c000200" + "02000000 00000000 02000000 4700 0000" + "00000000 00000000");
        Golden.Check(new CreateEnumExResponse(null, null, Win32Error.InvalidParameter), "00000000 00000000 00000000 57000000");
    }

    [Fact]
    public void ApiGetNetInterface_pads_the_node_name_before_the_network_name() =>
        Golden.Check(new GetNetInterfaceRequest("n1", "net"),
            "03000000 00000000 03000000 6e00 3100 0000" + "0000" + "04000000 00000000 04000000 6e00 6500 7400 0000");

    [Fact]
    public void ApiPauseNodeEx_sends_BOOL_as_four_bytes_then_the_flags() =>
        Golden.Check(new PauseNodeExRequest(new NodeHandle(Golden.H1), true, 1), Golden.H1Hex + "01000000 01000000");

    [Fact]
    public void ApiPauseNodeWithDrainTarget_sends_node_flags_target()
    {
        Golden.Check(new PauseNodeWithDrainTargetRequest(new NodeHandle(Golden.H1), 0, new NodeHandle(Golden.H2)), Golden.H1Hex + "00000000" + Golden.H2Hex);
        Golden.Check(new ResultResponse(Win32Error.IoPending), "00000000 e5030000");
    }

    [Fact]
    public void ApiResumeNodeEx_sends_failback_type_then_reserved_flags() =>
        Golden.Check(new ResumeNodeExRequest(new NodeHandle(Golden.H1), 2, 0), Golden.H1Hex + "02000000 00000000");

    [Fact]
    public void ApiCreateNetInterfaceEnum_sends_cluster_then_two_strings_an_empty_one_is_just_its_NUL() =>
        Golden.Check(new CreateNetInterfaceEnumRequest(new ClusterHandle(Golden.H1), "", "net"),
            Golden.H1Hex + "01000000 00000000 01000000 0000" + "0000" + "04000000 00000000 04000000 6e00 6500 7400 0000");

    [Fact]
    public void ApiSetNetworkPriorityOrder_sends_count_max_count_the_pointers_then_the_strings()
    {
        var r = Golden.Check(new SetNetworkPriorityOrderRequest(["ab", null, "c"]),
            "03000000 03000000" + "00000200 00000000 04000200" +
            "03000000 00000000 03000000 6100 6200 0000" + "0000" + "02000000 00000000 02000000 6300 0000");
        Assert.Equal(["ab", null, "c"], r.NetworkIds);
        Golden.Check(new SetNetworkPriorityOrderRequest([]), "00000000 00000000");
    }

    [Fact]
    public void ApiSetNetworkPriorityOrder_refuses_a_count_over_the_IDL_range_or_a_max_count_that_disagrees()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetNetworkPriorityOrderRequest>(Hex("e9030000 e9030000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetNetworkPriorityOrderRequest>(Hex("01000000 02000000 00000000 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetNetworkPriorityOrderRequest>(Hex("02000000 02000000 00000200")));
    }

    [Fact]
    public void Each_NodeNetwork_request_carries_its_IDL_opnum()
    {
        Assert.Equal(6, (int)SetQuorumResourceRequest.Opnum);
        Assert.Equal(26, (int)CreateResourceTypeRequest.Opnum);
        Assert.Equal(27, (int)DeleteResourceTypeRequest.Opnum);
        Assert.Equal(84, (int)SetNetworkNameRequest.Opnum);
        Assert.Equal(85, (int)CreateNetworkEnumRequest.Opnum);
        Assert.Equal(87, (int)SetNetworkPriorityOrderRequest.Opnum);
        Assert.Equal(95, (int)GetNetInterfaceRequest.Opnum);
        Assert.Equal(101, (int)CreateNodeEnumRequest.Opnum);
        Assert.Equal(124, (int)CreateNodeEnumExRequest.Opnum);
        Assert.Equal(126, (int)PauseNodeExRequest.Opnum);
        Assert.Equal(127, (int)PauseNodeWithDrainTargetRequest.Opnum);
        Assert.Equal(128, (int)ResumeNodeExRequest.Opnum);
        Assert.Equal(181, (int)CreateNetInterfaceEnumRequest.Opnum);
    }
}
