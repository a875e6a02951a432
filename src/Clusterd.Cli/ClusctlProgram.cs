using System.Collections;
using System.Runtime.InteropServices;

namespace Clusterd.Cli;

/// <summary>The <c>clusctl</c> entry points: <see cref="Main"/> for the process, <see cref="RunAsync"/> for a host or a test.</summary>
public static class ClusctlProgram
{
    /// <summary>Runs clusctl on the console; Ctrl-C cancels (exit code 130), SIGTERM too (143).</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (README.md, "Exit codes").</returns>
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        var terminated = false;
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl-C ends the command cleanly; a second one, while it is still ending, ends the process.
            e.Cancel = !cts.IsCancellationRequested;
            cts.Cancel();
        }
        Console.CancelKeyPress += OnCancelKey;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            terminated = true;
            cts.Cancel();
        });
        try
        {
            var code = await RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariables(), cts.Token).ConfigureAwait(false);
            return code == ClusctlExitCodes.Interrupted && terminated ? ClusctlExitCodes.Terminated : code;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }

    /// <summary>
    /// Runs one clusctl command line: output to <paramref name="stdout"/>, errors (one line each) to
    /// <paramref name="stderr"/>, settings (CLUSCTL_CLUSTER, CLUSCTL_USER, CLUSCTL_PASSWORD) from
    /// <paramref name="environment"/>. Cancelling <paramref name="cancellationToken"/> is Ctrl-C: exit code 130.
    /// Never throws: every failure is a line on <paramref name="stderr"/> and an exit code.
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where the output goes.</param>
    /// <param name="stderr">Where errors and prompts go.</param>
    /// <param name="environment">The environment variables (names to values).</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    /// <returns>The exit code (README.md, "Exit codes").</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IDictionary environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        return new Clusctl(stdout, stderr, environment, readPassword: null).RunAsync(args, cancellationToken);
    }
}
