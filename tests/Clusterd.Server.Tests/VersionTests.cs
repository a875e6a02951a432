using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Clusterd.Server.Tests;

/// <summary>One version for every assembly: the one Directory.Build.props sets, printed by --version as it is
/// (ServerRunner.Version).</summary>
public sealed class VersionTests
{
    [Fact]
    public void Version_is_the_one_of_Directory_Build_props_without_a_source_revision()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot(), "Directory.Build.props"));
        var prefix = props.Descendants("VersionPrefix").Single().Value;
        var informational = typeof(ServerRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        // Exactly the prefix, or the prefix and a prerelease suffix (-p:VersionSuffix); never a "+commit" suffix.
        Assert.NotNull(informational);
        Assert.Matches("^" + Regex.Escape(prefix) + "(-[0-9A-Za-z.-]+)?$", informational);
        Assert.Equal(informational, ServerRunner.Version);
        Assert.Equal(prefix + ".0", typeof(ServerRunner).Assembly.GetName().Version?.ToString());
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Clusterd.slnx not found above " + AppContext.BaseDirectory);
    }
}
