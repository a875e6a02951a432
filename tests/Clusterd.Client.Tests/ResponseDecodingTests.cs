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
}
