using System.Globalization;
using Clusterd.ClusApi;

namespace Clusterd.Server.Tests;

/// <summary>
/// Backup timers beyond what a timer accepts (more than 0xFFFFFFFE ms), against a real <c>clusterd --emulator</c>:
/// over the wire SET_SHARED_VOLUME_BACKUP_MODE answers ERROR_SUCCESS (not a fault), the admin route answers 200 (not
/// 500), the deadline is exact, and a refused commit changes nothing.
/// </summary>
public sealed class BackupTimerRangeEndToEndTests
{
    private const string User = "backup-operator";
    private const string Password = "E2e-Pa55word!";
    private const uint FirstDelayBeyondTimerRange = 4_294_968;

    [Fact]
    public async Task Backup_timers_beyond_the_timer_range_answer_success_over_the_wire_and_200_on_the_admin_route()
    {
        using var dir = new TempDir();
        var accounts = Path.Combine(dir.Path, "accounts");
        await File.WriteAllTextAsync(accounts, $"{User}:{Password}\n");
        using var server = await ServerProcess.StartReadyAsync(dir.Path, dir.DataDir,
            "--emulator", "--port", "0", "--epm-port", "0", "--accounts", accounts);
        var now = (await server.PostOkAsync("/admin/clock/pause")).GetProperty("now").GetDateTimeOffset();

        // Over the wire (MS-CMRP 3.1.4.3.1.54): ERROR_SUCCESS, not nca_s_fault_unspec.
        await using (var c = await ClusApiWire.ConnectAsync(server.ClusApiPort, User, Password))
        {
            var disk1 = await ClusApiWire.OpenResourceAsync(c, "Cluster Disk 1");
            var (result, _) = await ClusApiWire.SetBackupModeAsync(c, disk1, "Volume1", SharedVolumeBackupState.InProgress, FirstDelayBeyondTimerRange);
            Assert.Equal(Win32Error.Success, result);
            Assert.Equal(SharedVolumeBackupState.InProgress, (await ClusApiWire.VolumeInfoAsync(c, disk1)).BackupState);
        }
        Assert.Equal(now.AddSeconds(FirstDelayBeyondTimerRange), Deadline(await server.VolumeAsync("Volume1")));

        // The admin route: 200 with the exact deadline, for the first delay beyond the range and for the largest.
        foreach (var delay in new[] { FirstDelayBeyondTimerRange, uint.MaxValue })
        {
            var armed = await server.PostOkAsync("/admin/volumes/Volume2/backup", new { state = "InProgress", delaySeconds = delay });
            Assert.Equal("InProgress", armed.GetProperty("backupState").GetString());
            Assert.Equal(now.AddSeconds(delay), Deadline(armed));
        }

        // A refused commit: 503 ERROR_WRITE_FAULT, and Volume2 keeps its state and deadline.
        await server.PostOkAsync("/admin/faults/store-fail-next");
        var (status, error) = await server.PostAsync("/admin/volumes/Volume2/backup", new { state = "None" });
        Assert.Equal(503, status);
        Assert.Equal("ERROR_WRITE_FAULT", error.GetProperty("error").GetString());
        Assert.Equal(now.AddSeconds(uint.MaxValue), Deadline(await server.VolumeAsync("Volume2")));

        // The 49.7-day timer fires once, at its second; the 136-year one waits.
        Assert.Equal(0, (await server.PostOkAsync("/admin/clock/advance?seconds=" + (FirstDelayBeyondTimerRange - 1).ToString(CultureInfo.InvariantCulture))).GetProperty("fired").GetInt32());
        Assert.Equal(1, (await server.PostOkAsync("/admin/clock/advance?seconds=1")).GetProperty("fired").GetInt32());
        Assert.Equal("None", (await server.VolumeAsync("Volume1")).GetProperty("backupState").GetString());
        Assert.Equal("InProgress", (await server.VolumeAsync("Volume2")).GetProperty("backupState").GetString());
        Assert.Equal("ok", (await server.GetJsonAsync("/health")).GetProperty("status").GetString());
        Assert.DoesNotContain("admin request failed", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("contained after-commit fault", server.Output, StringComparison.Ordinal);
    }

    private static DateTimeOffset Deadline(System.Text.Json.JsonElement volume) => volume.GetProperty("backupDeadline").GetDateTimeOffset();
}
