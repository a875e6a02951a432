using Clusterd.CommandLine;

namespace Clusterd.Server;

/// <summary>The <c>clusterd</c> entry point.</summary>
internal static class Program
{
    /// <summary>Parses the command line and runs the server; see <see cref="CommandLine.Usage"/> for the exit codes.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parsed = CommandLine.Parse(args, Environment.CurrentDirectory);
        switch (parsed.Action)
        {
            case CommandLineAction.Help:
                await Console.Out.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
                return ExitCodes.Success;
            case CommandLineAction.Version:
                await Console.Out.WriteLineAsync("clusterd " + ServerRunner.Version).ConfigureAwait(false);
                return ExitCodes.Success;
            case CommandLineAction.ScenarioRun:
                return Scenarios.ScenarioCommand.Run(parsed.ScenarioFiles!, Console.Out, Console.Error);
            case CommandLineAction.Error:
                await Console.Error.WriteLineAsync($"clusterd: {parsed.Error}\nTry 'clusterd --help' for the options.").ConfigureAwait(false);
                return CommandLine.UsageExitCode;
            default:
                // Before the process creates its first socket (Kestrel's or ours): the engine reads the choice once.
                Rpc.Server.SocketCompletions.Choose(parsed.Options!.Rpc.InlineSocketCompletions);
                return await ServerRunner.RunAsync(parsed.Options).ConfigureAwait(false);
        }
    }
}
