namespace Clusterd.ClusApi.Tests;

public sealed class Utf16FieldTests
{
    [Fact]
    public void ReadFixed_stops_at_the_first_NUL_and_ignores_padding()
    {
        byte[] field = Hex.Concat(Hex.Utf16Z("Vol"), Hex.Parse("41 00 42 00"), Hex.Zeros(10));
        Assert.Equal(Win32Error.Success, Utf16Field.TryReadFixed(field, out string value));
        Assert.Equal("Vol", value);
    }

    [Fact]
    public void ReadFixed_without_NUL_in_the_field_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] field = Hex.Parse("41 00 42 00 43 00 44 00");
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryReadFixed(field, out _));
    }

    [Fact]
    public void ReadFixed_odd_length_returns_ERROR_INVALID_PARAMETER()
    {
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryReadFixed(Hex.Parse("41 00 00 00 00"), out _));
    }

    [Fact]
    public void ReadFixed_keeps_unpaired_surrogates_as_they_are()
    {
        byte[] field = Hex.Parse("41 00 00 D8 42 00 00 00");
        Assert.Equal(Win32Error.Success, Utf16Field.TryReadFixed(field, out string value));
        Assert.Equal("A\uD800B", value);
    }

    [Fact]
    public void ReadVariable_empty_or_odd_buffer_returns_ERROR_INVALID_PARAMETER()
    {
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryReadVariable([], out _));
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryReadVariable(Hex.Parse("41 00 00 00 00"), out _));
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryReadVariable(Hex.Parse("41 00 42 00"), out _));
    }

    [Fact]
    public void ReadVariable_reports_bytes_consumed()
    {
        byte[] buffer = Hex.Concat(Hex.Utf16Z(@"C:\ClusterStorage\Volume1\a.txt"), Hex.Zeros(6));
        Assert.Equal(Win32Error.Success, Utf16Field.TryReadVariable(buffer, out string value, out int consumed));
        Assert.Equal(@"C:\ClusterStorage\Volume1\a.txt", value);
        Assert.Equal((value.Length + 1) * 2, consumed);
    }

    [Fact]
    public void WriteFixed_zero_pads_the_whole_field()
    {
        byte[] field = Enumerable.Repeat((byte)0xCC, 12).ToArray();
        Assert.Equal(Win32Error.Success, Utf16Field.TryWriteFixed("ab", field));
        Assert.Equal(Hex.Parse("61 00 62 00 00 00 00 00 00 00 00 00"), field);
    }

    [Fact]
    public void WriteFixed_string_without_room_for_NUL_returns_ERROR_INVALID_PARAMETER_and_writes_nothing()
    {
        byte[] field = new byte[6];
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryWriteFixed("abc", field));
        Assert.Equal(new byte[6], field);
        Assert.Equal(Win32Error.Success, Utf16Field.TryWriteFixed("ab", field));
        Assert.Equal(Win32Error.InvalidParameter, Utf16Field.TryWriteFixed("a\0b", new byte[10]));
        Assert.Throws<ArgumentException>(() => Utf16Field.WriteFixed(new string('x', 260), new byte[520], "VolumeName"));
    }

    [Fact]
    public void WriteNulTerminated_too_small_returns_ERROR_MORE_DATA()
    {
        Assert.Equal(Win32Error.MoreData, Utf16Field.TryWriteNulTerminated("abc", new byte[7], out int written));
        Assert.Equal(0, written);
        Assert.Equal(Win32Error.Success, Utf16Field.TryWriteNulTerminated("abc", new byte[8], out written));
        Assert.Equal(8, written);
        Assert.Equal(Hex.Parse("31 00 00 00"), Utf16Field.ToNulTerminatedBytes("1"));
    }
}
