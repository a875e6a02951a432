using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

public sealed class BackupModeTests
{
    // CLUS_SHARED_VOLUME_BACKUP_MODE (MS-CMRP 2.2.3.20): enter backup mode for "Volume1", 30 minutes.
    private static readonly byte[] Golden = Hex.Concat(
        Hex.Parse("01 00 00 00 | 08 07 00 00 | 56 00 6F 00 6C 00 75 00 6D 00 65 00 31 00 00 00"),
        Hex.Zeros(528 - 24));

    [Fact]
    public void BackupMode_writes_the_csv_md_3_1_example_bytes()
    {
        var mode = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1800, "Volume1");
        Assert.Equal(528, SharedVolumeBackupMode.Size);
        Assert.Equal(Golden, mode.ToArray());
    }

    [Fact]
    public void BackupMode_reads_the_csv_md_3_1_example_bytes()
    {
        Assert.Equal(Win32Error.Success, SharedVolumeBackupMode.TryRead(Golden, out var mode));
        Assert.Equal(new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1800, "Volume1"), mode);
    }

    [Fact]
    public void BackupMode_accepts_a_GUID_path_and_ignores_bytes_after_528()
    {
        const string guidPath = @"\\?\Volume{00000000-0000-0000-0000-000000000000}\";
        byte[] buffer = Hex.Concat(new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1, guidPath).ToArray(), Hex.Parse("FF FF FF FF"));
        Assert.Equal(Win32Error.Success, SharedVolumeBackupMode.TryRead(buffer, out var mode));
        Assert.Equal(guidPath, mode.VolumeName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(527)]
    public void BackupMode_shorter_than_528_returns_ERROR_INVALID_PARAMETER(int length)
    {
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeBackupMode.TryRead(Golden.AsSpan(0, length), out _));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void BackupMode_unknown_BackupState_returns_ERROR_INVALID_PARAMETER(int state)
    {
        byte[] buffer = (byte[])Golden.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(buffer, state);
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeBackupMode.TryRead(buffer, out _));
    }

    [Fact]
    public void BackupMode_InProgress_with_zero_delay_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 0, "Volume1").ToArray();
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeBackupMode.TryRead(buffer, out _));
    }

    [Fact]
    public void BackupMode_None_with_nonzero_delay_is_accepted()
    {
        byte[] buffer = new SharedVolumeBackupMode(SharedVolumeBackupState.None, 42, "Volume1").ToArray();
        Assert.Equal(Win32Error.Success, SharedVolumeBackupMode.TryRead(buffer, out var mode));
        Assert.Equal(SharedVolumeBackupState.None, mode.BackupState);
        Assert.Equal(42u, mode.DelayTimerInSecs);
    }

    [Fact]
    public void BackupMode_name_not_NUL_terminated_within_260_WCHAR_returns_ERROR_INVALID_PARAMETER()
    {
        byte[] buffer = (byte[])Golden.Clone();
        for (int i = 8; i < 528; i += 2)
        {
            buffer[i] = 0x41;
            buffer[i + 1] = 0x00;
        }

        // A NUL just past the field does not count.
        byte[] longer = Hex.Concat(buffer, Hex.Zeros(4));
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeBackupMode.TryRead(buffer, out _));
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeBackupMode.TryRead(longer, out _));
    }

    [Fact]
    public void BackupMode_writer_rejects_a_name_of_260_characters()
    {
        var mode = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1, new string('v', 260));
        Assert.Throws<ArgumentException>(() => mode.ToArray());
        Assert.Equal(528, new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 1, new string('v', 259)).ToArray().Length);
        var ok = mode with { VolumeName = "ok" };
        Assert.Throws<ArgumentException>(() => ok.WriteTo(new byte[527]));
    }
}
