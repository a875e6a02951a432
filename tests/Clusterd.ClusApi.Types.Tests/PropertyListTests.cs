using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

public sealed class PropertyListTests
{
    private static byte[] U32(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] NameEntry(string name, uint size, int pad) =>
        Hex.Concat(Hex.Parse("03 00 04 00"), U32(size), Hex.Utf16Z(name), Hex.Zeros(pad));

    private static byte[] DwordValue(uint value) => Hex.Concat(Hex.Parse("02 00 01 00 | 04 00 00 00"), U32(value));

    private static readonly byte[] EndMark = Hex.Zeros(4);

    // The cluster common-property capture of Samba's local.ndr.clusapi test (source4/torture/ndr/clusapi.c).
    private static readonly byte[] WindowsClusterCapture = Hex.Concat(
        Hex.Parse("06 00 00 00"),
        NameEntry("FixQuorum", 0x14, 0), DwordValue(0), EndMark,
        NameEntry("PreventQuorum", 0x1C, 0), DwordValue(0), EndMark,
        NameEntry("IgnorePersistentStateOnStartup", 0x3E, 2), DwordValue(0), EndMark,
        NameEntry("SharedVolumesRoot", 0x24, 0),
        Hex.Parse("03 00 01 00 | 24 00 00 00"), Hex.Utf16Z(@"C:\ClusterStorage"), EndMark,
        NameEntry("WitnessDynamicWeight", 0x2A, 2), DwordValue(1), EndMark,
        NameEntry("AdminAccessPoint", 0x22, 2), DwordValue(1), EndMark,
        Hex.Parse("00 00 00 00"));

    private static PropertyListWriter ClusterWriter() => new PropertyListWriter()
        .AddDword("FixQuorum", 0)
        .AddDword("PreventQuorum", 0)
        .AddDword("IgnorePersistentStateOnStartup", 0)
        .AddString("SharedVolumesRoot", @"C:\ClusterStorage")
        .AddDword("WitnessDynamicWeight", 1)
        .AddDword("AdminAccessPoint", 1);

    [Fact]
    public void PropertyList_writer_reproduces_the_Windows_capture_byte_for_byte()
    {
        Assert.Equal(412, WindowsClusterCapture.Length);
        PropertyListWriter writer = ClusterWriter();
        Assert.Equal(6, writer.Count);
        Assert.Equal(412, writer.Length);
        Assert.Equal(WindowsClusterCapture, writer.ToArray());
    }

    [Fact]
    public void PropertyList_FixQuorum_DWORD_golden_bytes()
    {
        byte[] expected = Hex.Parse(
            "01 00 00 00 | 03 00 04 00 | 14 00 00 00 | 46 00 69 00 78 00 51 00 75 00 6F 00 72 00 75 00 6D 00 00 00" +
            "| 02 00 01 00 | 04 00 00 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00");
        Assert.Equal(expected, new PropertyListWriter().AddDword("FixQuorum", 0).ToArray());
    }

    [Fact]
    public void PropertyList_empty_list_is_count_zero_then_the_trailing_end_mark()
    {
        Assert.Equal(Hex.Parse("00 00 00 00 00 00 00 00"), new PropertyListWriter().ToArray());
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(Hex.Parse("00 00 00 00 00 00 00 00"), out PropertyList list));
        Assert.Empty(list);
        Assert.Equal(8, list.ByteLength);
    }

    [Fact]
    public void PropertyList_reader_parses_the_Windows_capture()
    {
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(WindowsClusterCapture, out PropertyList list));
        Assert.Equal(6, list.Count);
        Assert.Equal(412, list.ByteLength);
        Assert.Equal(
            ["FixQuorum", "PreventQuorum", "IgnorePersistentStateOnStartup", "SharedVolumesRoot", "WitnessDynamicWeight", "AdminAccessPoint"],
            list.Select(p => p.Name));
        Assert.True(list.TryGet("sharedvolumesroot", out ClusProperty? root));
        Assert.Equal(Win32Error.Success, root.Value.TryGetString(out string path));
        Assert.Equal(@"C:\ClusterStorage", path);
        Assert.True(list.TryGet("WitnessDynamicWeight", out ClusProperty? weight));
        Assert.Equal(Win32Error.Success, weight.Value.TryGetDword(out uint one));
        Assert.Equal(1u, one);
        Assert.Equal(Win32Error.InvalidParameter, weight.Value.TryGetString(out _));
        Assert.False(list.TryGet("Missing", out _));
    }

    [Fact]
    public void PropertyList_reader_accepts_a_list_without_the_trailing_end_mark()
    {
        byte[] noTrailer = WindowsClusterCapture[..^4];
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(noTrailer, out PropertyList list));
        Assert.Equal(6, list.Count);
        Assert.Equal(408, list.ByteLength);
    }

    [Fact]
    public void PropertyList_count_smaller_than_the_properties_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = (byte[])WindowsClusterCapture.Clone();
        buffer[0] = 5;
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFFFFFu)]
    public void PropertyList_count_larger_than_the_buffer_returns_ERROR_INVALID_PARAMETER_without_allocating(uint count)
    {
        byte[] buffer = (byte[])WindowsClusterCapture.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFFFFDu)]
    [InlineData(0x15u)]
    public void PropertyList_lying_name_size_returns_ERROR_INVALID_PARAMETER(uint size)
    {
        byte[] buffer = new PropertyListWriter().AddDword("FixQuorum", 0).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), size);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Fact]
    public void PropertyList_lying_value_size_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = new PropertyListWriter().AddDword("FixQuorum", 0).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(36), 0xFFFFFFF0u);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Fact]
    public void PropertyList_name_without_NUL_or_odd_or_empty_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] good = new PropertyListWriter().AddDword("Ab", 0).ToArray();
        byte[] noNul = (byte[])good.Clone();
        noNul[16] = 0x43;
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(noNul, out _));
        byte[] odd = (byte[])good.Clone();
        odd[8] = 5;
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(odd, out _));
        byte[] empty = Hex.Concat(Hex.Parse("01 00 00 00 | 03 00 04 00 | 02 00 00 00 | 00 00 00 00"), DwordValue(0), EndMark, EndMark);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(empty, out _));
    }

    [Fact]
    public void PropertyList_missing_name_entry_or_end_mark_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] noName = Hex.Concat(Hex.Parse("01 00 00 00"), DwordValue(0), EndMark, EndMark);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(noName, out _));
        byte[] noEndMark = Hex.Concat(Hex.Parse("01 00 00 00"), NameEntry("Ab", 6, 2), DwordValue(0));
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(noEndMark, out _));
        byte[] twoNames = Hex.Concat(Hex.Parse("02 00 00 00"), NameEntry("Ab", 6, 2), NameEntry("Cd", 6, 2), DwordValue(0), EndMark, EndMark);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(twoNames, out _));
    }

    [Fact]
    public void PropertyList_property_without_values_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = Hex.Concat(Hex.Parse("01 00 00 00"), NameEntry("Ab", 6, 2), EndMark, EndMark);
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public void PropertyList_truncated_or_unaligned_buffer_returns_ERROR_INVALID_PARAMETER(int cut)
    {
        byte[] buffer = WindowsClusterCapture[..(WindowsClusterCapture.Length - 4 - cut)];
        if (cut == 0)
        {
            buffer = Hex.Concat(WindowsClusterCapture, Hex.Zeros(2));
        }

        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Fact]
    public void PropertyList_nonzero_after_the_last_property_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = (byte[])WindowsClusterCapture.Clone();
        buffer[^4] = 1;
        Assert.Equal(Win32Error.InvalidParameter, PropertyListReader.TryRead(buffer, out _));
    }

    [Fact]
    public void PropertyList_typed_helpers_write_the_list_value_syntaxes()
    {
        var values = new ValueListWriter().AddDword(1).AddDword(2);
        byte[] bytes = new PropertyListWriter()
            .AddExpandString("E", "%x%")
            .AddMultiString("M", ["Priority"])
            .AddBinary("B", [1, 2, 3])
            .AddULargeInteger("U", ulong.MaxValue)
            .AddLargeInteger("L", -2)
            .AddLong("N", -1)
            .AddFileTime("F", 0x01D0_0000_0000_0000)
            .AddWord("W", 0xBEEF)
            .AddSecurityDescriptor("S", [0x01, 0x00, 0x04, 0x80])
            .AddValues("V", values)
            .ToArray();
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(bytes, out PropertyList list));
        Assert.Equal(
            [ClusPropSyntax.ListValueExpandSz, ClusPropSyntax.ListValueMultiSz, ClusPropSyntax.ListValueBinary,
             ClusPropSyntax.ListValueULargeInteger, ClusPropSyntax.ListValueLargeInteger, ClusPropSyntax.ListValueLong,
             ClusPropSyntax.ListValueFileTime, ClusPropSyntax.ListValueWord, ClusPropSyntax.ListValueSecurityDescriptor,
             ClusPropSyntax.ListValueDWord],
            list.Select(p => p.Value.Syntax));
        Assert.Equal(Win32Error.Success, list[1].Value.TryGetMultiString(out var multi));
        Assert.Equal(["Priority"], multi);
        Assert.Equal(20, list[1].Value.Data.Length); // MULTI_SZ "Priority": 8 characters, NUL, final NUL = 20 bytes.
        Assert.Equal(Win32Error.Success, list[4].Value.TryGetLargeInteger(out long large));
        Assert.Equal(-2, large);
        Assert.Equal(Win32Error.Success, list[7].Value.TryGetWord(out ushort word));
        Assert.Equal(0xBEEF, word);
        Assert.Equal(2, list[9].Values.Count);
    }

    [Fact]
    public void PropertyList_writer_rejects_bad_names_and_syntaxes()
    {
        var writer = new PropertyListWriter();
        Assert.Throws<ArgumentException>(() => writer.AddDword("", 0));
        Assert.Throws<ArgumentException>(() => writer.AddDword("a\0b", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add("a", ClusPropSyntax.EndMark, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add("a", ClusPropSyntax.Name, []));
        Assert.Throws<ArgumentException>(() => writer.AddValues("a", new ValueListWriter()));
        Assert.Throws<ArgumentException>(() => writer.AddMultiString("a", ["ok", ""]));
    }
}
