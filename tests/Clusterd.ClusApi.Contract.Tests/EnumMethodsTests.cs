using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the enumeration methods (MS-CMRP 3.1.4.2.8, 23, 54, 103, 124, 139, 162).</summary>
public sealed class EnumMethodsTests
{
    [Fact]
    public void ApiCreateEnum_request_is_the_type()
    {
        var r = Golden.Check(new CreateEnumRequest(0x1), "01000000");
        Assert.Equal(1u, r.Type);
    }

    [Fact]
    public void An_ENUM_LIST_is_referent_max_count_EntryCount_type_and_name_referents_then_the_names()
    {
        var r = Golden.Check(new EnumResponse([new EnumEntry(1, "n1"), new EnumEntry(4, "r")], Win32Error.Success),
            "00000200" + "02000000" + "02000000" +
            "01000000 04000200" + "04000000 08000200" +
            "03000000 00000000 03000000 6e00 3100 0000" + "0000" +
            "02000000 00000000 02000000 7200 0000" +
            "00000000 00000000");
        Assert.Equal(new EnumEntry(4, "r"), r.Entries![1]);
    }

    [Fact]
    public void An_empty_ENUM_LIST_is_not_NULL_and_a_failed_call_answers_NULL()
    {
        Assert.Empty(Golden.Check(new EnumResponse([], Win32Error.Success), "00000200 00000000 00000000 00000000 00000000").Entries!);
        Assert.Null(Golden.Check(new EnumResponse(null, Win32Error.InvalidParameter), "00000000 00000000 57000000").Entries);
    }

    [Fact]
    public void An_ENUM_LIST_whose_count_the_stub_cannot_hold_or_whose_counts_differ_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<EnumResponse>(Hex("00000200 ffffff0f ffffff0f 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<EnumResponse>(Hex("00000200 01000000 02000000 01000000 00000000 00000000 00000000")));
    }

    [Fact]
    public void ApiCreateResEnum_and_ApiCreateGroupResourceEnum_send_the_handle_then_the_type()
    {
        Golden.Check(new CreateResEnumRequest(new ResourceHandle(Golden.H1), 7), Golden.H1Hex + "07000000");
        Golden.Check(new CreateGroupResourceEnumRequest(new GroupHandle(Golden.H2), 3), Golden.H2Hex + "03000000");
        Golden.Check(new EnumResponse(null, Win32Error.ResourceNotFound), "00000000 00000000 8f130000");
    }

    [Fact]
    public void ApiCreateResTypeEnum_pads_the_type_name_before_the_type()
    {
        var r = Golden.Check(new CreateResTypeEnumRequest("ab", 2), "03000000 00000000 03000000 6100 6200 0000" + "0000" + "02000000");
        Assert.Equal("ab", r.TypeName);
        Golden.Check(new EnumResponse(null, Win32Error.ClusterResourceTypeNotFound), "00000000 00000000 d6130000");
    }

    [Fact]
    public void ApiCreateEnumEx_sends_cluster_type_options()
    {
        var r = Golden.Check(new CreateEnumExRequest(new ClusterHandle(Golden.H1), 1, 0), Golden.H1Hex + "01000000 00000000");
        Assert.Equal(Golden.H1, r.Cluster.Value);
    }

    [Fact]
    public void ApiCreateEnumEx_answers_the_ID_list_then_the_name_list_then_rpc_status_result()
    {
        var r = Golden.Check(new CreateEnumExResponse([new EnumEntry(1, "1")], [new EnumEntry(1, "n")], Win32Error.Success),
            "00000200 01000000 01000000 01000000 04000200" + "02000000 00000000 02000000 3100 0000" +
            "08000200 01000000 01000000 01000000 0c000200" + "02000000 00000000 02000000 6e00 0000" +
            "00000000 00000000");
        Assert.Equal("1", r.Ids![0].Name);
        Assert.Equal("n", r.Names![0].Name);
        Golden.Check(new CreateEnumExResponse(null, null, Win32Error.InvalidHandle), "00000000 00000000 00000000 06000000");
    }

    [Fact]
    public void ApiCreateGroupSetEnum_sends_the_cluster_handle_and_answers_an_ENUM_LIST()
    {
        Golden.Check(new CreateGroupSetEnumRequest(new ClusterHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new EnumResponse([new EnumEntry(0, "s")], Win32Error.Success),
            "00000200 01000000 01000000 00000000 04000200" + "02000000 00000000 02000000 7300 0000" + "00000000 00000000");
    }

    [Fact]
    public void ApiCreateGroupEnum_request_sends_each_property_name_list_as_a_unique_array_then_its_size()
    {
        var r = Golden.Check(new CreateGroupEnumRequest(new ClusterHandle(Golden.H1), new byte[] { 1, 2, 3, 4 }, ReadOnlyMemory<byte>.Empty),
            Golden.H1Hex + "00000200 04000000 01020304" + "04000000" + "00000000" + "00000000");
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, r.Properties.ToArray());
        Assert.True(r.RoProperties.IsEmpty);
    }

    [Fact]
    public void ApiCreateGroupEnum_answers_entries_with_their_pointers_then_names_id_owner_and_property_lists_in_order()
    {
        var entry = new GroupEnumEntry("g", "i", 0, "n", 0, new byte[] { 0xAA, 0xBB }, ReadOnlyMemory<byte>.Empty);
        var r = Golden.Check(new CreateGroupEnumResponse([entry], Win32Error.Success),
            "00000200 01000000 01000000" +
            "04000200 08000200 00000000 0c000200 00000000 02000000 10000200 00000000 14000200" +
            "02000000 00000000 02000000 6700 0000" +
            "02000000 00000000 02000000 6900 0000" +
            "02000000 00000000 02000000 6e00 0000" +
            "02000000 aabb" + "0000" +
            "00000000" +
            "00000000 00000000");
        var e = r.Entries![0];
        Assert.Equal(("g", "i", "n"), (e.Name, e.Id, e.Owner));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, e.Properties.ToArray());
    }

    [Fact]
    public void ApiCreateGroupEnum_failure_answers_a_NULL_list() =>
        Assert.Null(Golden.Check(new CreateGroupEnumResponse(null, Win32Error.SharingPaused), "00000000 00000000 46000000").Entries);

    [Fact]
    public void A_GROUP_ENUM_LIST_whose_count_the_stub_cannot_hold_or_whose_counts_differ_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<CreateGroupEnumResponse>(Hex("00000200 ffffff0f ffffff0f 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<CreateGroupEnumResponse>(
            Hex("00000200 01000000 02000000" + "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000" + "00000000 00000000")));
    }

    [Fact]
    public void A_group_property_buffer_whose_max_count_differs_from_its_size_field_is_refused()
    {
        var stub = Hex("00000200 01000000 01000000" +
            "00000000 00000000 00000000 00000000 00000000 05000000 04000200 00000000 00000000" +
            "02000000 aabb 0000" + "00000000 00000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<CreateGroupEnumResponse>(stub));
    }

    [Fact]
    public void Each_enum_request_carries_its_IDL_opnum()
    {
        Assert.Equal(7, (int)CreateEnumRequest.Opnum);
        Assert.Equal(22, (int)CreateResEnumRequest.Opnum);
        Assert.Equal(53, (int)CreateGroupResourceEnumRequest.Opnum);
        Assert.Equal(103, (int)CreateResTypeEnumRequest.Opnum);
        Assert.Equal(125, (int)CreateEnumExRequest.Opnum);
        Assert.Equal(143, (int)CreateGroupEnumRequest.Opnum);
        Assert.Equal(180, (int)CreateGroupSetEnumRequest.Opnum);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
