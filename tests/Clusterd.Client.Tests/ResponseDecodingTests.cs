using Clusterd.ClusApi;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Client.Tests;

/// <summary>Response stubs decoded from hand-written bytes, including the malformed ones the client must refuse.</summary>
public sealed class ResponseDecodingTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void GetClusterName_reads_the_samba_sample()
    {
        var r = ClusApiResponses.GetClusterName(Hex("04000200 09000000 00000000 09000000 43004c00550053005400450052003100 0000 0000"
            + "08000200 06000000 00000000 06000000 6e006f00640065003100 0000 00000000"));
        Assert.Equal(new ClusterNameResult(Win32Error.Success, "CLUSTER1", "node1"), r);
    }

    [Fact]
    public void CreateEnum_reads_types_then_deferred_names()
    {
        var r = ClusApiResponses.CreateEnum(Hex("00000200 02000000 02000000 00000040 04000200 00000040 08000200"
            + "02000000 00000000 02000000 4100 0000" + "02000000 00000000 02000000 4200 0000" + "00000000 00000000"));
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal([new EnumEntry(0x40000000, "A"), new EnumEntry(0x40000000, "B")], r.Entries);
    }

    [Fact]
    public void CreateEnum_refuses_a_count_that_differs_from_max_count() =>
        Assert.Throws<NdrException>(() => ClusApiResponses.CreateEnum(Hex("00000200 02000000 01000000 04000000 00000000 00000000 00000000")));

    [Fact]
    public void Control_MORE_DATA_has_no_bytes_and_names_the_size()
    {
        var r = ClusApiResponses.Control(Hex("08000000 00000000 00000000 00000000 40000000 00000000 ea000000"), 8);
        Assert.Equal(Win32Error.MoreData, r.Result);
        Assert.Equal(0, r.Output.Length);
        Assert.Equal(0x40u, r.BytesRequired);
    }

    [Fact]
    public void Control_reads_the_output_and_realigns_after_it()
    {
        var r = ClusApiResponses.Control(Hex("10000000 00000000 03000000 616263 00 03000000 03000000 00000000 00000000"), 16);
        Assert.Equal(Win32Error.Success, r.Result);
        Assert.Equal("abc"u8.ToArray(), r.Output.ToArray());
        Assert.Equal(3u, r.BytesReturned);
    }

    [Fact]
    public void Control_refuses_an_array_larger_than_the_buffer_asked_for() =>
        Assert.Throws<NdrException>(() => ClusApiResponses.Control(Hex("10000000 00000000 03000000 616263 00 03000000 03000000 00000000 00000000"), 2));

    [Fact]
    public void OpenResource_not_found_is_the_status_and_a_NULL_handle()
    {
        var (status, handle) = ClusApiResponses.Open(Hex("8f130000 00000000" + new string('0', 40)));
        Assert.Equal(Win32Error.ResourceNotFound, status);
        Assert.True(handle.IsNull);
    }

    // Found by the fuzz harness (ndr target, tests/fuzz): a server's max_count above int.MaxValue (the client asked
    // for that much) with a matching actual_count made the checked cast throw OverflowException instead of NdrException.
    [Fact]
    public void Control_actual_count_beyond_the_stub_is_NdrException_not_OverflowException() =>
        Assert.Throws<NdrException>(() => ClusApiResponses.Control(
            Hex("f7ffffff 00000000 8ee3a1a3 02000100 00000400 02000600 00000000 00000600 00006900 da000000 00000000 0000"), 0xfffffff7));

    // Found by the fuzz harness (ndr target): a 36-byte ENUM_LIST claiming 4 194 303 entries made the client allocate
    // about 40 MB before noticing the stub was short. Every entry holds at least 8 bytes (type + referent id).
    [Fact]
    public void CreateEnum_count_the_stub_cannot_hold_is_refused_before_allocating()
    {
        var stub = Hex("02000000 ffff3f00 ffff3f00 00000200 01000000 04000269 00000200 01000000 04000269");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<NdrException>(() => ClusApiResponses.ReadEnumList(new NdrReader(stub)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }
}
