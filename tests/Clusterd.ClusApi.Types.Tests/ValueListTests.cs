using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

public sealed class ValueListTests
{
    [Fact]
    public void ValueList_golden_bytes_with_unpadded_sizes_and_padding_to_4()
    {
        byte[] bytes = new ValueListWriter().AddDword(0x11223344).AddString("ab").AddWord(7).AddBinary([1, 2, 3]).AddString("").ToArray();
        byte[] expected = Hex.Parse(
            "02 00 01 00 | 04 00 00 00 | 44 33 22 11" +
            "| 03 00 01 00 | 06 00 00 00 | 61 00 62 00 00 00 | 00 00" +
            "| 0B 00 01 00 | 02 00 00 00 | 07 00 | 00 00" +
            "| 01 00 01 00 | 03 00 00 00 | 01 02 03 | 00" +
            "| 03 00 01 00 | 02 00 00 00 | 00 00 | 00 00" +
            "| 00 00 00 00");
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void ValueList_empty_is_just_the_end_mark()
    {
        Assert.Equal(Hex.Zeros(4), new ValueListWriter().ToArray());
        Assert.Equal(Win32Error.Success, ValueListReader.TryReadAll(Hex.Zeros(4), out var values, out int consumed));
        Assert.Empty(values);
        Assert.Equal(4, consumed);
    }

    [Fact]
    public void ValueList_reader_walks_entries_then_reports_NoMoreItems()
    {
        byte[] bytes = new ValueListWriter().AddDword(5).AddBinary([9]).ToArray();
        var reader = new ValueListReader(bytes);
        Assert.Equal(Win32Error.Success, reader.TryReadNext(out ClusPropSyntax syntax, out ReadOnlySpan<byte> data));
        Assert.Equal(ClusPropSyntax.ListValueDWord, syntax);
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        Assert.Equal(Win32Error.Success, reader.TryReadNext(out syntax, out data));
        Assert.Equal(ClusPropSyntax.ListValueBinary, syntax);
        Assert.Equal([9], data.ToArray());
        Assert.Equal(Win32Error.NoMoreItems, reader.TryReadNext(out _, out _));
        Assert.True(reader.IsComplete);
        Assert.Equal(bytes.Length, reader.Consumed);
        Assert.Equal(Win32Error.NoMoreItems, reader.TryReadNext(out _, out _));
    }

    [Theory]
    [InlineData("02 00 01 00 04 00 00 00 01 00 00 00")]                   // missing end mark
    [InlineData("02 00 01 00 08 00 00 00 01 00 00 00 00 00 00 00")]       // size runs past the buffer
    [InlineData("02 00 01 00 FF FF FF FF 01 00 00 00 00 00 00 00")]       // giant size
    [InlineData("02 00 01 00 FD FF FF 7F 01 00 00 00 00 00 00 00")]       // padded size overflows int
    [InlineData("01 00 01 00 03 00 00 00 01 02 03 00 00 00")]             // length not a multiple of 4
    [InlineData("01 00 01 00 05 00 00 00 01 02 03 04 05 00 00 00")]       // padding of the entry missing
    [InlineData("03 00 04 00 04 00 00 00 41 00 00 00 00 00 00 00")]       // NAME in value position
    [InlineData("02 00 01 00")]                                           // header cut short
    [InlineData("")]                                                      // nothing at all
    public void ValueList_malformed_returns_ERROR_INVALID_PARAMETER(string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        Assert.Equal(Win32Error.InvalidParameter, ValueListReader.TryReadAll(bytes, out _, out _));
        var reader = new ValueListReader(bytes);
        Win32Error error;
        do
        {
            error = reader.TryReadNext(out _, out _);
        }
        while (error == Win32Error.Success);

        Assert.Equal(Win32Error.InvalidParameter, error);
        Assert.Equal(Win32Error.InvalidParameter, reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void ValueList_giant_size_does_not_allocate()
    {
        byte[] bytes = Hex.Parse("01 00 01 00 FF FF FF FF 00 00 00 00");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Win32Error.InvalidParameter, ValueListReader.TryReadAll(bytes, out _, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4096);
    }

    [Fact]
    public void ValueList_typed_getters_check_format_and_size()
    {
        Assert.Equal(Win32Error.Success, ValueListReader.TryReadAll(
            new ValueListWriter().AddDword(1).AddULargeInteger(2).AddMultiString([]).AddString("x").ToArray(), out var values, out _));
        Assert.Equal(Win32Error.InvalidParameter, values[0].TryGetULargeInteger(out _));
        Assert.Equal(Win32Error.InvalidParameter, values[1].TryGetDword(out _));
        Assert.Equal(Win32Error.Success, values[2].TryGetMultiString(out var empty));
        Assert.Empty(empty);
        Assert.Equal(2, values[2].Data.Length);
        Assert.Equal(Win32Error.InvalidParameter, values[3].TryGetBinary(out _));
        var truncatedDword = new ClusPropValue(ClusPropSyntax.ListValueDWord, new byte[3]);
        Assert.Equal(Win32Error.InvalidParameter, truncatedDword.TryGetDword(out _));
        var unterminated = new ClusPropValue(ClusPropSyntax.ListValueSz, Hex.Parse("41 00"));
        Assert.Equal(Win32Error.InvalidParameter, unterminated.TryGetString(out _));
        var badMulti = new ClusPropValue(ClusPropSyntax.ListValueMultiSz, Hex.Parse("41 00 00 00 42 00"));
        Assert.Equal(Win32Error.InvalidParameter, badMulti.TryGetMultiString(out _));
    }

    [Fact]
    public void ValueList_AddUninitialized_lets_a_structure_write_in_place()
    {
        var writer = new ValueListWriter();
        var state = new SharedVolumeStateInfoEx("v", "n", SharedVolumeState.Active, "f", RedirectedIOReason.NotRedirected, BlockRedirectedIOReason.NotRedirected);
        state.WriteTo(writer.AddUninitialized(ClusPropSyntax.ListValueBinary, SharedVolumeStateInfoEx.Size));
        byte[] bytes = writer.ToArray();
        Assert.Equal(8 + 1584 + 4, bytes.Length);
        Assert.Equal(Hex.Parse("01 00 01 00 30 06 00 00"), bytes[..8]);
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(bytes.AsSpan(8, 1584), out var read));
        Assert.Equal(state, read);
    }

    // ---- GET_SHARED_VOLUME_INFO output (bare value list of CLUSPROP_BINARY) ----

    private static CsvVolumeInfo Volume(int i) => new(
        (ulong)i * 0x100000, (uint)i, CsvVolumeFaultState.NoFaults, SharedVolumeBackupState.None, $"Volume{i}",
        $@"\\?\Volume{{00000000-0000-0000-0000-00000000000{i}}}\");

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 652)]
    [InlineData(3, 1948)]
    public void GetSharedVolumeInfo_output_is_648_N_plus_4_bytes(int count, int expected)
    {
        CsvVolumeInfo[] volumes = Enumerable.Range(1, count).Select(Volume).ToArray();
        byte[] bytes = CsvVolumeInfoList.ToArray(volumes);
        Assert.Equal(expected, bytes.Length);
        Assert.Equal(expected, CsvVolumeInfoList.GetSize(count));
        Assert.Equal(Hex.Zeros(4), bytes[^4..]);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(Hex.Parse("01 00 01 00 80 02 00 00"), bytes[(i * 648)..((i * 648) + 8)]);
            Assert.Equal(volumes[i].ToArray(), bytes[((i * 648) + 8)..((i + 1) * 648)]);
        }

        Assert.Equal(Win32Error.Success, CsvVolumeInfoList.TryRead(bytes, out var read));
        Assert.Equal(volumes, read);
    }

    [Fact]
    public void GetSharedVolumeInfo_entry_with_wrong_syntax_or_size_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] wrongSyntax = CsvVolumeInfoList.ToArray([Volume(1)]);
        wrongSyntax[0] = 0x02;
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfoList.TryRead(wrongSyntax, out _));
        byte[] wrongSize = new ValueListWriter().AddBinary(new byte[636]).ToArray();
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfoList.TryRead(wrongSize, out _));
        byte[] truncated = CsvVolumeInfoList.ToArray([Volume(1)])[..^4];
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfoList.TryRead(truncated, out _));
    }
}
