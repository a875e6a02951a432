using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

public sealed class DiskStructureTests
{
    // ---- CLUS_MAINTENANCE_MODE_INFO (4) / _EX (16) ----

    [Fact]
    public void MaintenanceModeInfo_golden_bytes_4()
    {
        Assert.Equal(Hex.Parse("01 00 00 00"), new MaintenanceModeInfo(true).ToArray());
        Assert.Equal(Win32Error.Success, MaintenanceModeInfo.TryRead(Hex.Parse("00 00 00 00"), out var read));
        Assert.False(read.InMaintenance);
    }

    [Fact]
    public void MaintenanceModeInfo_short_or_not_boolean_returns_ERROR_INVALID_PARAMETER()
    {
        Assert.Equal(Win32Error.InvalidParameter, MaintenanceModeInfo.TryRead(Hex.Parse("01 00 00"), out _));
        Assert.Equal(Win32Error.InvalidParameter, MaintenanceModeInfo.TryRead(Hex.Parse("02 00 00 00"), out _));
    }

    [Fact]
    public void MaintenanceModeInfoEx_golden_bytes_16_with_signature_ABBAF00F()
    {
        var info = new MaintenanceModeInfoEx(true, MaintenanceModeType.OfflineResource, ClusterResourceState.Online);
        byte[] golden = Hex.Parse("01 00 00 00 | 02 00 00 00 | 02 00 00 00 | 0F F0 BA AB");
        Assert.Equal(golden, info.ToArray());
        Assert.Equal(Win32Error.Success, MaintenanceModeInfoEx.TryRead(golden, out var read));
        Assert.Equal(info, read);
    }

    [Theory]
    [InlineData("01 00 00 00 02 00 00 00 02 00 00 00 0F F0 BA")]
    [InlineData("01 00 00 00 02 00 00 00 02 00 00 00 00 F0 BA AB")]
    [InlineData("03 00 00 00 02 00 00 00 02 00 00 00 0F F0 BA AB")]
    [InlineData("01 00 00 00 00 00 00 00 02 00 00 00 0F F0 BA AB")]
    [InlineData("01 00 00 00 04 00 00 00 02 00 00 00 0F F0 BA AB")]
    public void MaintenanceModeInfoEx_short_bad_signature_or_unknown_type_returns_ERROR_INVALID_PARAMETER(string hex) =>
        Assert.Equal(Win32Error.InvalidParameter, MaintenanceModeInfoEx.TryRead(Hex.Parse(hex), out _));

    [Fact]
    public void MaintenanceModeInfoEx_InternalState_is_not_validated_on_read()
    {
        byte[] buffer = Hex.Parse("00 00 00 00 | 03 00 00 00 | FF FF FF FF | 0F F0 BA AB");
        Assert.Equal(Win32Error.Success, MaintenanceModeInfoEx.TryRead(buffer, out var read));
        Assert.Equal(ClusterResourceState.Unknown, read.InternalState);
    }

    // ---- CLUS_CSV_VOLUME_NAME (1056) ----

    [Fact]
    public void CsvVolumeName_golden_bytes_1056_C_layout()
    {
        var name = new CsvVolumeName(65536, "Volume1", @"C:\ClusterStorage\Volume1");
        byte[] root = new byte[526];
        Hex.Utf16Z(@"C:\ClusterStorage\Volume1").CopyTo(root, 0);
        byte[] volume = new byte[520];
        Hex.Utf16Z("Volume1").CopyTo(volume, 0);
        byte[] golden = Hex.Concat(Hex.Parse("00 00 01 00 00 00 00 00"), volume, root, Hex.Zeros(2));
        Assert.Equal(1056, golden.Length);
        Assert.Equal(golden, name.ToArray());
        Assert.Equal(Win32Error.Success, CsvVolumeName.TryRead(golden, out var read));
        Assert.Equal(name, read);
        Assert.Equal(Win32Error.Success, CsvVolumeName.TryRead(golden.AsSpan(0, 1054), out read));
        Assert.Equal(name, read);
    }

    [Fact]
    public void CsvVolumeName_short_or_unterminated_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] good = new CsvVolumeName(0, "v", "r").ToArray();
        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeName.TryRead(good.AsSpan(0, 1053), out _));
        byte[] bad = (byte[])good.Clone();
        for (int i = 528; i < 1054; i += 2)
        {
            bad[i] = 0x52;
        }

        Assert.Equal(Win32Error.InvalidParameter, CsvVolumeName.TryRead(bad, out _));
        Assert.Throws<ArgumentException>(() => new CsvVolumeName(0, "v", new string('r', 263)).ToArray());
    }

    // ---- CLUS_PARTITION_INFO_EX (1160) ----

    private static readonly Guid VolumeGuid = new("c12fde64-73df-4efb-bf36-11f13ea99a31");

    private static readonly PartitionInfoEx SamplePartition = new(
        PartitionFlags.Usable | PartitionFlags.UsableForCsv, @"\\?\Volume{c12fde64-73df-4efb-bf36-11f13ea99a31}", "Data",
        0xDEADBEEF, 255, 0x03E700FF, "NTFS", 0x0000_0010_0000_0000, 0x0000_0008_0000_0000, 3, 2, VolumeGuid);

    [Fact]
    public void PartitionInfoEx_golden_offsets_1160()
    {
        byte[] bytes = SamplePartition.ToArray();
        Assert.Equal(1160, bytes.Length);
        Assert.Equal(Hex.Parse("14 00 00 00"), bytes[..4]);
        Assert.Equal(Hex.Utf16Z(SamplePartition.DeviceName), bytes.AsSpan(4, (SamplePartition.DeviceName.Length + 1) * 2).ToArray());
        Assert.Equal(Hex.Utf16Z("Data"), bytes.AsSpan(524, 10).ToArray());
        Assert.Equal(Hex.Parse("EF BE AD DE | FF 00 00 00 | FF 00 E7 03"), bytes[1044..1056]);
        Assert.Equal(Hex.Concat(Hex.Utf16Z("NTFS"), Hex.Zeros(54)), bytes[1056..1120]);
        Assert.Equal(Hex.Parse("00 00 00 00 10 00 00 00 | 00 00 00 00 08 00 00 00 | 03 00 00 00 | 02 00 00 00"), bytes[1120..1144]);
        // GUID in Windows memory order: Data1, Data2, Data3 little-endian, then Data4 as is.
        Assert.Equal(Hex.Parse("64 DE 2F C1 DF 73 FB 4E BF 36 11 F1 3E A9 9A 31"), bytes[1144..1160]);
        Assert.Equal(Win32Error.Success, PartitionInfoEx.TryRead(bytes, out var read));
        Assert.Equal(SamplePartition, read);
    }

    [Fact]
    public void PartitionInfoEx_short_or_unterminated_file_system_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] good = SamplePartition.ToArray();
        Assert.Equal(Win32Error.InvalidParameter, PartitionInfoEx.TryRead(good.AsSpan(0, 1159), out _));
        byte[] bad = (byte[])good.Clone();
        for (int i = 1056; i < 1120; i += 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bad.AsSpan(i), 'N');
        }

        Assert.Equal(Win32Error.InvalidParameter, PartitionInfoEx.TryRead(bad, out _));
        Assert.Throws<ArgumentException>(() => (SamplePartition with { FileSystem = new string('F', 32) }).ToArray());
    }
}
