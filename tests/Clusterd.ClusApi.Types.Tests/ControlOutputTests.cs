using CsCheck;

namespace Clusterd.ClusApi.Tests;

public sealed class ControlOutputTests
{
    [Fact]
    public void Output_too_small_returns_ERROR_MORE_DATA_with_bytesReturned_0_and_required_length()
    {
        byte[] produced = new byte[652];
        ControlOutput output = ControlOutput.FromProduced(produced, 651);
        Assert.Equal(Win32Error.MoreData, output.Error);
        Assert.Equal(0u, output.BytesReturned);
        Assert.Equal(652u, output.BytesRequired);
        Assert.True(output.Data.IsEmpty);
    }

    [Fact]
    public void Output_that_fits_returns_exactly_the_produced_bytes()
    {
        byte[] produced = Hex.Utf16Z("1");
        ControlOutput output = ControlOutput.FromProduced(produced, 0x4000);
        Assert.Equal(Win32Error.Success, output.Error);
        Assert.Equal(4u, output.BytesReturned);
        Assert.Equal(4u, output.BytesRequired);
        Assert.Equal(produced, output.Data.ToArray());
        Assert.Equal(Win32Error.Success, ControlOutput.FromProduced(produced, 4).Error);
    }

    [Fact]
    public void Success_with_zero_bytes_sets_required_to_0()
    {
        ControlOutput output = ControlOutput.FromProduced(ReadOnlyMemory<byte>.Empty, 0);
        Assert.Equal(ControlOutput.Empty, output);
        Assert.Equal(0u, output.BytesRequired);
    }

    [Fact]
    public void Optional_output_with_zero_buffer_is_success_with_nothing_written()
    {
        byte[] guidPath = Hex.Utf16Z(@"\\?\Volume{00000000-0000-0000-0000-000000000000}\");
        Assert.Equal(ControlOutput.Empty, ControlOutput.FromOptional(guidPath, 0));
        ControlOutput small = ControlOutput.FromOptional(guidPath, 50);
        Assert.Equal(Win32Error.MoreData, small.Error);
        Assert.Equal(100u, small.BytesRequired);
    }

    [Fact]
    public void Failure_carries_no_bytes()
    {
        ControlOutput output = ControlOutput.Failure(Win32Error.ResourceNotOnline);
        Assert.Equal(new ControlOutput(Win32Error.ResourceNotOnline, 0, 0, ReadOnlyMemory<byte>.Empty), output);
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlOutput.Failure(Win32Error.Success));
    }

    [Fact]
    public void Output_never_exceeds_the_client_buffer() =>
        Gen.Select(Gen.Int[0, 2000], Gen.UInt[0, 2000]).Sample((length, size) =>
        {
            ControlOutput output = ControlOutput.FromProduced(new byte[length], size);
            Assert.True(output.BytesReturned <= size);
            Assert.Equal(output.BytesReturned, (uint)output.Data.Length);
            Assert.Equal((uint)length, output.Error == Win32Error.Success ? output.BytesReturned : output.BytesRequired);
        });
}
