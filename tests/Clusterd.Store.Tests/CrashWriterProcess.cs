using System.Diagnostics;
using System.Reflection;

namespace Clusterd.Store.Tests;

/// <summary>Starts tests/Clusterd.Store.CrashWriter as a separate process on a data directory.</summary>
internal static class CrashWriterProcess
{
    public static Process Start(string dataDirectory, long? maxCommits = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WriterPath());
        start.ArgumentList.Add(dataDirectory);
        if (maxCommits is { } max)
        {
            start.ArgumentList.Add(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Process.Start(start) ?? throw new InvalidOperationException("cannot start the crash writer");
    }

    private static string WriterPath()
    {
        var path = typeof(CrashWriterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWriterPath").Value;
        Assert.True(File.Exists(path), $"crash writer not built at {path}");
        return path!;
    }

    private static string DotnetHost()
    {
        // `dotnet test` sets DOTNET_HOST_PATH; the test host itself normally runs under the same dotnet.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
