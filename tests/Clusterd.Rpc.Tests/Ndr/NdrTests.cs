using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.Rpc.Tests.Ndr;

public sealed class NdrTests
{
    private const string GetClusterNameResponse =
        "04000200 09000000 00000000 09000000 43004c00550053005400450052003100 0000 0000"
        + "08000200 06000000 00000000 06000000 6e006f00640065003100 0000 00000000";

    private const string OpenResourceRequest =
        "0d000000 00000000 0d000000 43006c00750073007400650072002000 4e0061006d0065000000";

    [Fact]
    public void GetClusterName_response_matches_samba_capture()
    {
        // MS-CMRP ApiGetClusterName: two [out] LPWSTR* (ref to unique string) then the WERROR.
        var w = new NdrWriter(firstReferentId: 0x00020004);
        w.WriteUniqueString("CLUSTER1");
        w.WriteUniqueString("node1");
        w.WriteUInt32(0);
        Assert.Equal(Hex.Of(Hex.Parse(GetClusterNameResponse)), Hex.Of(w.WrittenSpan));

        var r = new NdrReader(Hex.Parse(GetClusterNameResponse));
        Assert.Equal("CLUSTER1", r.ReadUniqueString());
        Assert.Equal("node1", r.ReadUniqueString());
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void OpenResource_request_top_level_string_has_no_referent_id()
    {
        var w = new NdrWriter();
        w.WriteConformantVaryingString("Cluster Name");
        Assert.Equal(Hex.Of(Hex.Parse(OpenResourceRequest)), Hex.Of(w.WrittenSpan));
        Assert.Equal("Cluster Name", new NdrReader(Hex.Parse(OpenResourceRequest)).ReadConformantVaryingString());
    }

    [Fact]
    public void Empty_string_is_1_0_1_nul_and_null_unique_is_four_zero_bytes()
    {
        var w = new NdrWriter();
        w.WriteConformantVaryingString(string.Empty);
        w.WriteUniqueString(null);
        Assert.Equal("01000000000000000100000000000000" + "00000000", Hex.Of(w.WrittenSpan));
        var r = new NdrReader(w.ToArray());
        Assert.Equal(string.Empty, r.ReadConformantVaryingString());
        Assert.Null(r.ReadUniqueString());
    }

    [Fact]
    public void Long_string_round_trips()
    {
        string s = new('x', 10000);
        var w = new NdrWriter();
        w.WriteConformantVaryingString(s);
        Assert.Equal(s, new NdrReader(w.ToArray()).ReadConformantVaryingString());
    }

    [Fact]
    public void Enum_list_hoists_conformance_and_defers_names_after_all_entries()
    {
        // MS-CMRP ENUM_LIST through [out] PENUM_LIST*: referent, max_count, EntryCount, (Type, Name ptr)*, names (C706 chapter 14, conformant structures).
        var entries = new[] { (Type: 1u, Name: "a"), (Type: 2u, Name: "bc") };
        var w = new NdrWriter();
        w.WriteReferentId(true);
        w.WriteConformance(entries.Length);
        w.WriteUInt32((uint)entries.Length);
        foreach (var (type, name) in entries)
        {
            w.WriteUInt32(type);
            w.WriteEmbeddedPointer(name, static (x, s) => x.WriteConformantVaryingString(s));
        }

        w.FlushDeferred();
        w.WriteUInt32(0);
        Assert.Equal(
            "00000200 02000000 02000000 01000000 04000200 02000000 08000200"
            .Replace(" ", string.Empty, StringComparison.Ordinal)
            + "020000000000000002000000" + "61000000"
            + "030000000000000003000000" + "620063000000" + "0000" + "00000000",
            Hex.Of(w.WrittenSpan));

        var r = new NdrReader(w.ToArray());
        Assert.NotEqual(0u, r.ReadReferentId());
        int max = r.ReadCount();
        uint count = r.ReadUInt32();
        Assert.Equal((uint)max, count);
        var names = new string[count];
        var types = new uint[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            types[i] = r.ReadUInt32();
            if (r.ReadReferentId() != 0)
            {
                r.Defer(x => names[index] = x.ReadConformantVaryingString());
            }
        }

        r.FlushDeferred();
        Assert.Equal(new[] { "a", "bc" }, names);
        Assert.Equal(0u, r.ReadUInt32());
    }

    [Fact]
    public void Nested_deferral_is_depth_first()
    {
        // struct { ptr a -> struct { ptr c }; ptr b }: a's referent, then c's referent, then b's (C706 14.3.12.3).
        var w = new NdrWriter();
        w.WriteEmbeddedPointer("A", static (x, _) =>
        {
            x.WriteUInt32(0xAAAAAAAA);
            x.WriteEmbeddedPointer("C", static (y, _) => y.WriteUInt32(0xCCCCCCCC));
        });
        w.WriteEmbeddedPointer("B", static (x, _) => x.WriteUInt32(0xBBBBBBBB));
        w.FlushDeferred();
        Assert.Equal("00000200" + "04000200" + "aaaaaaaa" + "08000200" + "cccccccc" + "bbbbbbbb", Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void Full_pointer_aliases_share_an_id_and_send_the_referent_once()
    {
        var shared = new object();
        var w = new NdrWriter();
        Assert.True(w.WriteFullPointer(shared));
        w.WriteUInt32(7);
        Assert.False(w.WriteFullPointer(shared));
        Assert.False(w.WriteFullPointer(null));
        Assert.Equal("00000200" + "07000000" + "00000200" + "00000000", Hex.Of(w.WrittenSpan));

        var r = new NdrReader(w.ToArray());
        Assert.True(r.ReadFullPointer(out uint first));
        r.ReadUInt32();
        Assert.False(r.ReadFullPointer(out uint again));
        Assert.Equal(first, again);
        Assert.False(r.ReadFullPointer(out uint none));
        Assert.Equal(0u, none);
    }

    [Fact]
    public void Alignment_is_relative_to_stub_start_and_nttime_is_4_aligned()
    {
        var w = new NdrWriter();
        w.WriteByte(1);
        w.WriteUInt16(0x0203);
        w.WriteNtTime(0x1122334455667788);
        w.WriteByte(9);
        w.WriteUInt64(0x0102030405060708);
        Assert.Equal("01000302" + "8877665544332211" + "09000000" + "0807060504030201", Hex.Of(w.WrittenSpan));
        var r = new NdrReader(w.ToArray());
        Assert.Equal(1, r.ReadByte());
        Assert.Equal(0x0203, r.ReadUInt16());
        Assert.Equal(0x1122334455667788UL, r.ReadNtTime());
        Assert.Equal(9, r.ReadByte());
        Assert.Equal(0x0102030405060708UL, r.ReadUInt64());
    }

    [Fact]
    public void Pad_content_is_not_checked_on_read()
    {
        var r = new NdrReader(Hex.Parse("01ffffff02000000"));
        Assert.Equal(1, r.ReadByte());
        Assert.Equal(2u, r.ReadUInt32());
    }

    [Fact]
    public void Enums_are_16_bit_and_values_from_0x8000_are_rejected()
    {
        var w = new NdrWriter();
        w.WriteEnum16(3);
        w.WriteUInt32(5); // a [v1_enum] is a plain u32
        Assert.Equal("0300000005000000", Hex.Of(w.WrittenSpan));
        Assert.Throws<NdrException>(() => new NdrWriter().WriteEnum16(0x8000));
        Assert.Throws<NdrException>(() => new NdrReader(Hex.Parse("0080")).ReadEnum16());
    }

    [Fact]
    public void Context_handle_is_20_bytes_and_all_zero_is_null()
    {
        var h = new NdrContextHandle(0, Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"));
        var w = new NdrWriter();
        w.WriteByte(0xEE);
        w.WriteContextHandle(h);
        Assert.Equal("ee000000" + "00000000" + "0403020106050807090a0b0c0d0e0f10", Hex.Of(w.WrittenSpan));
        var r = new NdrReader(w.ToArray());
        r.ReadByte();
        Assert.Equal(h, r.ReadContextHandle());
        Assert.True(NdrContextHandle.Null.IsNull);
    }

    [Fact]
    public void Union_with_unknown_discriminant_maps_to_invalid_tag()
    {
        var r = new NdrReader(Hex.Parse("0900" + "0000" + "01000000"));
        var ex = Assert.Throws<NdrException>(() =>
        {
            ushort tag = r.ReadUInt16(); // non-encapsulated union: discriminant first, then the arm
            return tag switch
            {
                1 => r.ReadUInt32(),
                _ => throw NdrException.InvalidTag(tag),
            };
        });
        Assert.Equal(RpcStatus.InvalidTag, ex.Status);
    }

    [Fact]
    public void Conformant_varying_byte_array_round_trips()
    {
        var w = new NdrWriter();
        w.WriteConformantVaryingByteArray(4, new byte[] { 0x31, 0, 0, 0 });
        w.WriteConformantByteArray(new byte[] { 1, 2, 3 });
        w.WriteUInt32(0xFFFFFFFF);
        Assert.Equal("04000000000000000400000031000000" + "03000000010203" + "00" + "ffffffff", Hex.Of(w.WrittenSpan));
        var r = new NdrReader(w.ToArray());
        Assert.Equal(new byte[] { 0x31, 0, 0, 0 }, r.ReadConformantVaryingByteArray().ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadConformantByteArray().ToArray());
        Assert.Equal(0xFFFFFFFFu, r.ReadUInt32());
    }

    [Fact]
    public void Trailing_bytes_such_as_a_verification_trailer_are_ignored()
    {
        var stub = Hex.Parse(OpenResourceRequest + "0000" + "8ae3137102f436710100040001000000");
        var r = new NdrReader(stub);
        Assert.Equal("Cluster Name", r.ReadConformantVaryingString());
        Assert.True(r.Remaining > 0);
    }

    [Theory]
    [InlineData("02000000 01000000 01000000 4100 0000", "offset != 0")]
    [InlineData("01000000 00000000 02000000 4100 0000", "actual > max")]
    [InlineData("02000000 00000000 02000000 4100 4200", "no NUL")]
    [InlineData("01000000 00000000 00000000", "actual 0")]
    [InlineData("ffffff7f 00000000 ffffff7f 4100", "count beyond the stub")]
    [InlineData("05000000 00000000 05000000 4100", "truncated")]
    [InlineData("0500", "truncated header")]
    public void Malformed_strings_throw_NdrException(string hex, string why)
    {
        var ex = Assert.Throws<NdrException>(() => new NdrReader(Hex.Parse(hex)).ReadConformantVaryingString());
        Assert.True(ex.Status is RpcStatus.BadStubData or RpcStatus.InvalidBound, why);
    }

    [Fact]
    public void Counts_above_the_limit_are_refused_before_allocation()
    {
        var r = new NdrReader(Hex.Parse("00000100"), maxElements: 1000);
        Assert.Throws<NdrException>(() => r.ReadConformantArray(static x => x.ReadUInt32(), 4));
        var r2 = new NdrReader(Hex.Parse("10000000 01000000"));
        Assert.Throws<NdrException>(() => r2.ReadConformantArray(static x => x.ReadUInt32(), 4));
    }

    [Fact]
    public void Reader_never_reads_past_the_stub()
    {
        var r = new NdrReader(Hex.Parse("010203"));
        Assert.Throws<NdrException>(() => r.ReadUInt32());
        var r2 = new NdrReader(Hex.Parse("01"));
        r2.ReadByte();
        Assert.Throws<NdrException>(() => r2.ReadUInt16());
    }

    // NdrReader's promise: a count is checked against the bytes left before anything is allocated for it. ReadCount()
    // alone checks MaxElements only; ReadCount(minElementSize) is the form for callers that allocate (fuzz finding, ndr).
    [Fact]
    public void ReadCount_with_element_size_refuses_a_count_beyond_the_bytes_left()
    {
        Assert.Throws<NdrException>(() => new NdrReader(Convert.FromHexString("ffff3f0000000000")).ReadCount(8));
        Assert.Equal(2, new NdrReader(Convert.FromHexString("02000000" + new string('0', 32))).ReadCount(8));
    }
}
