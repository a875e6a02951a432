using Clusterd.Server.Admin;

namespace Clusterd.Server.Tests.Admin;

/// <summary>--admin-token-file: what a token file must be, and how a request's Authorization header is checked.</summary>
public sealed class AdminTokenTests
{
    private const string Token = "s3cret-token-0123456789";

    private static string Write(TempDir dir, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(dir.Path, "token");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
        return path;
    }

    private static string Refused(string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        using var dir = new TempDir();
        return Assert.Throws<InvalidDataException>(() => AdminToken.Load(Write(dir, text, mode))).Message;
    }

    [Fact]
    public void Token_file_of_one_line_is_accepted_and_only_that_bearer_token_passes()
    {
        using var dir = new TempDir();
        var token = AdminToken.Load(Write(dir, Token + "\n"));
        Assert.True(token.Accepts("Bearer " + Token));
        Assert.True(token.Accepts("bearer " + Token));
        Assert.False(token.Accepts("Bearer " + Token + "x"));
        Assert.False(token.Accepts("Bearer " + Token[..^1]));
        Assert.False(token.Accepts("Basic " + Token));
        Assert.False(token.Accepts(Token));
        Assert.False(token.Accepts("Bearer "));
        Assert.False(token.Accepts(null));
        Assert.False(token.Accepts("Bearer " + new string('a', 100_000)));
    }

    [Fact]
    public void Token_file_readable_by_group_or_others_is_refused() =>
        Assert.Contains("readable only by its owner", Refused(Token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\n", "empty")]
    [InlineData("short", "shorter than 16")]
    [InlineData("two words in the token file", "visible ASCII")]
    [InlineData("line-one-0123456789\nline-two-0123456789\n", "visible ASCII")]
    [InlineData("tokén-0123456789abc", "visible ASCII")]
    public void Malformed_token_file_is_refused_with_its_reason(string text, string reason) =>
        Assert.Contains(reason, Refused(text), StringComparison.Ordinal);

    [Fact]
    public void Token_file_over_the_size_limit_is_refused() =>
        Assert.Contains("larger than 4096", Refused(new string('a', AdminToken.MaxFileBytes + 1)), StringComparison.Ordinal);
}
