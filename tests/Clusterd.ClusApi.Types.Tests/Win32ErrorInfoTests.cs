namespace Clusterd.ClusApi.Types.Tests;

public sealed class Win32ErrorInfoTests
{
    [Fact]
    public void Describe_gives_name_decimal_code_and_meaning() =>
        Assert.Equal("ERROR_CLUSTER_BACKUP_IN_PROGRESS (5949): the operation cannot be completed while a backup is in progress",
            Win32ErrorInfo.Describe(Win32Error.ClusterBackupInProgress));

    [Fact]
    public void Every_named_error_has_its_own_meaning_in_one_lower_case_line()
    {
        foreach (var error in Enum.GetValues<Win32Error>())
        {
            var meaning = Win32ErrorInfo.MeaningOf(error);
            Assert.False(meaning.StartsWith("Win32 error", StringComparison.Ordinal), $"{error} has no meaning");
            Assert.True(char.IsLower(meaning[0]), $"{error}: {meaning}");
            Assert.DoesNotContain('\n', meaning);
            Assert.False(meaning.EndsWith('.'), $"{error}: {meaning}");
        }
    }

    [Fact]
    public void An_unnamed_value_is_described_by_its_number() =>
        Assert.Equal("ERROR_0xBEEF (48879): Win32 error 48879", Win32ErrorInfo.Describe((Win32Error)0xBEEF));
}
