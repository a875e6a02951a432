namespace Clusterd.CommandLine;

/// <summary>The process exit codes every Clusterd command-line tool uses.</summary>
public static class ExitCodes
{
    /// <summary>Done (or stopped) cleanly; also <c>--help</c> and <c>--version</c>.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure, e.g. a data directory in use or an address that cannot be bound.</summary>
    public const int Failure = 1;

    /// <summary>A bad command line or configuration (as sysexits' EX_USAGE is too exotic, the common 2).</summary>
    public const int Usage = 2;
}
