using Clusterd.Rpc.Security;
using static Clusterd.Rpc.Tests.Security.SecurityTestSupport;

namespace Clusterd.Rpc.Tests.Security;

public sealed class NtlmAccountStoreTests
{
    [Fact]
    public void Parses_passwords_hashes_domains_comments_and_blanks()
    {
        var store = NtlmAccountStore.FromLines(
        [
            "# cluster admins",
            "",
            "alice:Secret1",
            @"TESTDOM\bob:a4f49c406510bdcab6824ee7c30fd852",
            "   carol:pass:with:colons   ",
        ]);
        Assert.Equal(3, store.Count);
        Assert.True(store.TryGetNtHash("ANY", "ALICE", out byte[] alice));
        Assert.Equal(NtlmCrypto.NtOwfV1("Secret1"), alice);
        Assert.True(store.TryGetNtHash("testdom", "Bob", out byte[] bob));
        Assert.Equal("a4f49c406510bdcab6824ee7c30fd852", ToHex(bob));
        Assert.False(store.TryGetNtHash("OTHER", "bob", out _));
        Assert.False(store.TryGetNtHash(string.Empty, "bob", out _));
        Assert.True(store.TryGetNtHash(string.Empty, "carol", out byte[] carol));
        Assert.Equal(NtlmCrypto.NtOwfV1("pass:with:colons"), carol);
    }

    [Fact]
    public void Domain_entry_takes_precedence_over_domainless_entry()
    {
        var store = NtlmAccountStore.FromLines(["dave:one", @"DOM\dave:two"]);
        Assert.True(store.TryGetNtHash("dom", "dave", out byte[] inDomain));
        Assert.Equal(NtlmCrypto.NtOwfV1("two"), inDomain);
        Assert.True(store.TryGetNtHash("ELSEWHERE", "dave", out byte[] elsewhere));
        Assert.Equal(NtlmCrypto.NtOwfV1("one"), elsewhere);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_line_numbers()
    {
        var error = Assert.Throws<FormatException>(() => NtlmAccountStore.FromLines(
            ["ok:fine", "no-colon-here", ":nouser", @"\x:y", "ok:again", @"A\B\c:z"], "accounts.txt"));
        Assert.Contains("accounts.txt line 2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts.txt line 3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts.txt line 4:", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts.txt line 5: duplicate account", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts.txt line 6:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"clusterd-accounts-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["# test", "erin:pw"]);
        try
        {
            var store = NtlmAccountStore.Load(path);
            Assert.True(store.TryGetNtHash("X", "Erin", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
