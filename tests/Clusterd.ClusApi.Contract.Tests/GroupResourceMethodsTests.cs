namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden bytes of the GroupResource methods of issue 11 (MS-CMRP 3.1.4.2.22-26, 109, 128-135, 140, 142, 166), derived from
/// the IDL of MS-CMRP section 6: handles are 20 bytes, an [in, size_is(cbInBufferSize)] BYTE* is a top-level (ref)
/// conformant array (max_count, the bytes, padding to the next u32), then cbInBufferSize.
/// </summary>
public sealed class GroupResourceMethodsTests
{
    private static GroupHandle G1 => new(Golden.H1);

    private static ResourceHandle R1 => new(Golden.H1);

    private static NodeHandle N2 => new(Golden.H2);

    [Fact]
    public void ApiCreateGroupEx_request_is_the_name_then_a_unique_pointer_to_version_and_type()
    {
        // "g1" (18 bytes), 2 bytes of padding, referent id, dwVersion 1, dwGroupType 0x270F (ClusGroupTypeUnknown).
        var r = Golden.Check(new CreateGroupExRequest("g1", new ClusterCreateGroupInfo(1, 0x270F)),
            "03000000 00000000 03000000 67003100 0000" + "0000" + "00000200" + "01000000" + "0f270000");
        Assert.Equal(0x270Fu, r.GroupInfo!.Value.GroupType);
        Assert.Null(Golden.Check(new CreateGroupExRequest("g1", null), "03000000 00000000 03000000 67003100 0000" + "0000" + "00000000").GroupInfo);
    }

    [Fact]
    public void ApiOnlineGroupEx_request_is_handle_flags_the_buffer_as_a_conformant_array_then_its_size()
    {
        var r = Golden.Check(new OnlineGroupExRequest(G1, 0x4, new byte[] { 0xAA, 0xBB, 0xCC }, 3),
            Golden.H1Hex + "04000000" + "03000000" + "aabbcc" + "00" + "03000000");
        Assert.Equal(3, r.InBuffer.Length);
        Assert.Equal(3u, r.InBufferSize);
    }

    [Fact]
    public void ApiOfflineGroupEx_and_ApiMoveGroupEx_with_an_empty_buffer_send_max_count_0_and_size_0()
    {
        Golden.Check(new OfflineGroupExRequest(G1, 0x1, ReadOnlyMemory<byte>.Empty, 0), Golden.H1Hex + "01000000" + "00000000" + "00000000");
        Golden.Check(new MoveGroupExRequest(G1, 0x3, ReadOnlyMemory<byte>.Empty, 0), Golden.H1Hex + "03000000" + "00000000" + "00000000");
    }

    [Fact]
    public void ApiMoveGroupToNodeEx_request_is_group_node_flags_buffer_size() =>
        Golden.Check(new MoveGroupToNodeExRequest(G1, N2, 0x22, new byte[] { 1, 2, 3, 4 }, 4),
            Golden.H1Hex + Golden.H2Hex + "22000000" + "04000000" + "01020304" + "04000000");

    [Fact]
    public void A_lying_size_decodes_as_sent_so_the_server_can_refuse_it() =>
        Assert.Equal(9u, Golden.Check(new OnlineResourceExRequest(R1, 0, new byte[] { 7 }, 9), Golden.H1Hex + "00000000" + "01000000" + "07" + "000000" + "09000000").InBufferSize);

    [Fact]
    public void ApiOfflineResourceEx_ApiCancelClusterGroupOperation_and_ApiRestartResource_are_handle_then_a_u32()
    {
        Golden.Check(new OfflineResourceExRequest(R1, 0x2, ReadOnlyMemory<byte>.Empty, 0), Golden.H1Hex + "02000000" + "00000000" + "00000000");
        Golden.Check(new CancelClusterGroupOperationRequest(G1, 0), Golden.H1Hex + "00000000");
        Golden.Check(new RestartResourceRequest(R1, 0x10), Golden.H1Hex + "10000000");
    }

    [Fact]
    public void Two_handle_methods_send_the_handles_in_IDL_order()
    {
        Golden.Check(new CanResourceBeDependentRequest(R1, new ResourceHandle(Golden.H2)), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new AddResourceNodeRequest(R1, N2), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new RemoveResourceNodeRequest(R1, N2), Golden.H1Hex + Golden.H2Hex);
        Golden.Check(new ChangeResourceGroupRequest(R1, new GroupHandle(Golden.H2)), Golden.H1Hex + Golden.H2Hex);
    }

    [Fact]
    public void ApiChangeResourceGroupEx_sends_flags_as_a_ULONGLONG_at_offset_40() =>
        Assert.Equal(1ul, Golden.Check(new ChangeResourceGroupExRequest(R1, new GroupHandle(Golden.H2), 1),
            Golden.H1Hex + Golden.H2Hex + "0100000000000000").Flags);

    [Fact]
    public void ApiSetResourceDependencyExpression_sends_a_unique_string_NULL_as_referent_0()
    {
        Golden.Check(new SetResourceDependencyExpressionRequest(R1, "[a]"), Golden.H1Hex + "00000200" + "04000000 00000000 04000000 5b006100 5d000000");
        Assert.Null(Golden.Check(new SetResourceDependencyExpressionRequest(R1, null), Golden.H1Hex + "00000000").DependencyExpression);
    }

    [Fact]
    public void ApiCreateResourceEnum_request_is_two_unique_buffers_each_followed_by_its_size()
    {
        var props = new byte[] { 0x41, 0x00, 0x00, 0x00 }; // "A\0" as UTF-16LE
        var r = Golden.Check(new CreateResourceEnumRequest(new ClusterHandle(Golden.H1), props, ReadOnlyMemory<byte>.Empty),
            Golden.H1Hex + "00000200" + "04000000" + "41000000" + "04000000" + "00000000" + "00000000");
        Assert.Equal(4u, r.PropertiesSize);
        Assert.Equal(144, (int)CreateResourceEnumRequest.Opnum);
        // A size that disagrees with its buffer decodes as sent.
        Assert.Equal(9u, Golden.Check(new CreateResourceEnumRequest(new ClusterHandle(Golden.H1), props, 9, ReadOnlyMemory<byte>.Empty, 0),
            Golden.H1Hex + "00000200" + "04000000" + "41000000" + "09000000" + "00000000" + "00000000").PropertiesSize);
    }

    [Fact]
    public void ApiCreateResourceEnum_response_is_a_RESOURCE_ENUM_LIST_with_deferred_strings_and_buffers()
    {
        var entry = new ResourceEnumEntry("a", "i", "g", "j", new byte[] { 0xAA, 0xBB }, ReadOnlyMemory<byte>.Empty);
        var r = Golden.Check(new CreateResourceEnumResponse([entry], Win32Error.Success),
            "00000200 01000000 01000000" +
            "04000200 08000200 0c000200 10000200 02000000 14000200 00000000 18000200" +
            "02000000 00000000 02000000 6100 0000" +
            "02000000 00000000 02000000 6900 0000" +
            "02000000 00000000 02000000 6700 0000" +
            "02000000 00000000 02000000 6a00 0000" +
            "02000000 aabb" + "0000" +
            "00000000" +
            "00000000 00000000");
        var e = r.Entries![0];
        Assert.Equal(("a", "i", "g", "j"), (e.Name, e.Id, e.OwnerName, e.OwnerId));
        Assert.Null(Golden.Check(new CreateResourceEnumResponse(null, Win32Error.InvalidParameter), "00000000 00000000 57000000").Entries);
    }

    [Fact]
    public void A_RESOURCE_ENUM_LIST_whose_counts_differ_or_whose_buffer_lies_about_its_size_is_refused()
    {
        static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Throws<Clusterd.Rpc.Ndr.NdrException>(() => ClusApiCodec.Decode<CreateResourceEnumResponse>(Hex("00000200 ffffff0f ffffff0f 00000000")));
        Assert.Throws<Clusterd.Rpc.Ndr.NdrException>(() => ClusApiCodec.Decode<CreateResourceEnumResponse>(Hex("00000200 01000000 01000000" +
            "00000000 00000000 00000000 00000000 05000000 04000200 00000000 00000000" + "02000000 aabb 0000" + "00000000 00000000")));
    }
}
