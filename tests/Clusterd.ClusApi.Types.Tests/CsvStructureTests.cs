using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

public sealed class CsvStructureTests
{
    private const string GuidPath = @"\\?\Volume{c12fde64-73df-4efb-bf36-11f13ea99a31}\";

    private static byte[] Padded(string value, int fieldBytes)
    {
        byte[] field = new byte[fieldBytes];
        Hex.Utf16Z(value).CopyTo(field, 0);
        return field;
    }

    private static byte[] FillNoNul(byte[] buffer, int offset, int length)
    {
        byte[] copy = (byte[])buffer.Clone();
        for (int i = offset; i < offset + length; i += 2)
        {
            copy[i] = 0x41;
            copy[i + 1] = 0;
        }

        return copy;
    }

    private static byte[] WithInt32(byte[] buffer, int offset, int value)
    {
        byte[] copy = (byte[])buffer.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    // ---- CLUS_CSV_VOLUME_INFO (640) ----

    private static readonly CsvVolumeInfo SampleVolume =
        new(0x10000, 2, CsvVolumeFaultState.Redirected, SharedVolumeBackupState.InProgress, "Volume1", GuidPath);

    private static readonly byte[] VolumeGolden = Hex.Concat(
        Hex.Parse("00 00 01 00 00 00 00 00 | 02 00 00 00 | 01 00 00 00 | 01 00 00 00"),
        Padded("Volume1", 520),
        Padded(GuidPath, 100));

    [Fact]
    public void CsvVolumeInfo_golden_bytes_640()
    {
        Assert.Equal(640, VolumeGolden.Length);
        Assert.Equal(VolumeGolden, SampleVolume.ToArray());
        Assert.Equal(Win32Error.Success, CsvVolumeInfo.TryRead(VolumeGolden, out var read));
        Assert.Equal(SampleVolume, read);
        // The GUID path fills WCHAR[50] exactly: 49 characters + NUL.
        Assert.Equal(100, (GuidPath.Length + 1) * 2);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(-1)]
    public void CsvVolumeInfo_unknown_FaultState_returns_ERROR_INVALID_PARAMETER(int fault) =>
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfo.TryRead(WithInt32(VolumeGolden, 12, fault), out _));

    [Fact]
    public void CsvVolumeInfo_header_only_Dismounted_FaultState_is_accepted() =>
        Assert.Equal(Win32Error.Success, CsvVolumeInfo.TryRead(WithInt32(VolumeGolden, 12, 8), out _));

    [Fact]
    public void CsvVolumeInfo_unknown_BackupState_returns_ERROR_INVALID_PARAMETER() =>
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfo.TryRead(WithInt32(VolumeGolden, 16, 2), out _));

    [Fact]
    public void CsvVolumeInfo_short_buffer_or_missing_NUL_returns_ERROR_INVALID_PARAMETER()
    {
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfo.TryRead(VolumeGolden.AsSpan(0, 639), out _));
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfo.TryRead(FillNoNul(VolumeGolden, 20, 520), out _));
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeInfo.TryRead(FillNoNul(VolumeGolden, 540, 100), out _));
    }

    [Fact]
    public void CsvVolumeInfo_writer_rejects_a_GUID_path_of_50_characters() =>
        Assert.Throws<ArgumentException>(() => (SampleVolume with { VolumeName = GuidPath + "x" }).ToArray());

    // ---- CLUS_CSV_MAINTENANCE_MODE_INFO (524) ----

    [Fact]
    public void CsvMaintenanceModeInfo_golden_bytes_524()
    {
        byte[] golden = Hex.Concat(Hex.Parse("01 00 00 00"), Padded("Volume1", 520));
        var info = new CsvMaintenanceModeInfo(true, "Volume1");
        Assert.Equal(524, golden.Length);
        Assert.Equal(golden, info.ToArray());
        Assert.Equal(Win32Error.Success, CsvMaintenanceModeInfo.TryRead(golden, out var read));
        Assert.Equal(info, read);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void CsvMaintenanceModeInfo_InMaintenance_not_0_or_1_returns_ERROR_INVALID_PARAMETER(int flag)
    {
        byte[] buffer = WithInt32(new CsvMaintenanceModeInfo(false, "Volume1").ToArray(), 0, flag);
        Assert.Equal(Win32Error.InvalidParameter, CsvMaintenanceModeInfo.TryRead(buffer, out _));
    }

    [Fact]
    public void CsvMaintenanceModeInfo_short_or_unterminated_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = new CsvMaintenanceModeInfo(false, "Volume1").ToArray();
        Assert.Equal(Win32Error.InvalidParameter, CsvMaintenanceModeInfo.TryRead(buffer.AsSpan(0, 523), out _));
        Assert.Equal(Win32Error.InvalidParameter, CsvMaintenanceModeInfo.TryRead(FillNoNul(buffer, 4, 520), out _));
    }

    // ---- CLUSTER_SHARED_VOLUME_STATE_INFO (1044) ----

    [Fact]
    public void SharedVolumeStateInfo_golden_bytes_1044()
    {
        byte[] golden = Hex.Concat(Padded("Volume1", 520), Padded("node1", 520), Hex.Parse("03 00 00 00"));
        var info = new SharedVolumeStateInfo("Volume1", "node1", SharedVolumeState.ActiveRedirected);
        Assert.Equal(1044, golden.Length);
        Assert.Equal(golden, info.ToArray());
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfo.TryRead(golden, out var read));
        Assert.Equal(info, read);
    }

    [Fact]
    public void SharedVolumeStateInfo_malformed_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] good = new SharedVolumeStateInfo("Volume1", "node1", SharedVolumeState.Active).ToArray();
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfo.TryRead(good.AsSpan(0, 1043), out _));
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfo.TryRead(WithInt32(good, 1040, 5), out _));
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfo.TryRead(FillNoNul(good, 520, 520), out _));
    }

    // ---- CLUSTER_SHARED_VOLUME_STATE_INFO_EX (1584 / 1580) ----

    private static readonly SharedVolumeStateInfoEx SampleEx = new(
        GuidPath, "node1", SharedVolumeState.ActiveBlockRedirected, "Volume1",
        RedirectedIOReason.UserRequest | RedirectedIOReason.VolumeEncryption,
        BlockRedirectedIOReason.NoDiskConnectivity);

    [Fact]
    public void SharedVolumeStateInfoEx_writes_1584_bytes_with_zero_padding_at_1564()
    {
        byte[] golden = Hex.Concat(
            Padded(GuidPath, 520), Padded("node1", 520), Hex.Parse("04 00 00 00"), Padded("Volume1", 520),
            Hex.Parse("00 00 00 00 | 11 00 00 00 00 00 00 00 | 01 00 00 00 00 00 00 00"));
        Assert.Equal(1584, golden.Length);
        Assert.Equal(golden, SampleEx.ToArray());
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(golden, out var read));
        Assert.Equal(SampleEx, read);
    }

    [Fact]
    public void SharedVolumeStateInfoEx_reads_the_packed_1580_byte_layout()
    {
        byte[] packed = Hex.Concat(
            Padded(GuidPath, 520), Padded("node1", 520), Hex.Parse("04 00 00 00"), Padded("Volume1", 520),
            Hex.Parse("11 00 00 00 00 00 00 00 | 01 00 00 00 00 00 00 00"));
        Assert.Equal(1580, packed.Length);
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(packed, out var read));
        Assert.Equal(SampleEx, read);
    }

    [Fact]
    public void SharedVolumeStateInfoEx_ignores_the_content_of_the_C_padding()
    {
        byte[] buffer = SampleEx.ToArray();
        buffer[1564] = 0xAB;
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(buffer, out var read));
        Assert.Equal(SampleEx, read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1579)]
    [InlineData(1581)]
    [InlineData(1583)]
    [InlineData(1585)]
    [InlineData(4096)]
    public void SharedVolumeStateInfoEx_other_lengths_return_ERROR_INVALID_PARAMETER(int length)
    {
        byte[] buffer = new byte[length];
        SampleEx.ToArray().AsSpan(0, Math.Min(length, 1584)).CopyTo(buffer);
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoEx.TryRead(buffer, out _));
    }

    [Fact]
    public void SharedVolumeStateInfoEx_unknown_state_or_unterminated_name_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] good = SampleEx.ToArray();
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoEx.TryRead(WithInt32(good, 1040, -1), out _));
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoEx.TryRead(FillNoNul(good, 1044, 520), out _));
    }
}
