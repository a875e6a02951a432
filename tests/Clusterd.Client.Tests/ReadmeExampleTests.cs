namespace Clusterd.Client.Tests;

/// <summary>The README's SDK example is samples/Clusterd.Client.Example/Program.cs, which the solution builds.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_README_shows_the_sample_that_compiles_verbatim()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Clusterd.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Clusterd.slnx not found above the test output.");
        }
        var sample = File.ReadAllText(Path.Combine(root, "samples", "Clusterd.Client.Example", "Program.cs")).ReplaceLineEndings("\n").Trim();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```csharp block");
        start += "```csharp\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.Equal(sample, readme[start..end].Trim());
    }
}
