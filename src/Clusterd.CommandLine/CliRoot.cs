using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;

namespace Clusterd.CommandLine;

/// <summary>What a command line asks for.</summary>
public enum CliAction
{
    /// <summary>Run, with the values in <see cref="CliParse.Result"/>.</summary>
    Run,

    /// <summary>Print <see cref="CliRoot.HelpText"/> and exit <see cref="ExitCodes.Success"/>.</summary>
    Help,

    /// <summary>Print the version and exit <see cref="ExitCodes.Success"/>.</summary>
    Version,

    /// <summary>Print <see cref="CliParse.Error"/> and exit <see cref="ExitCodes.Usage"/>.</summary>
    Error,
}

/// <summary>The outcome of <see cref="CliRoot.Parse"/>.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Result">The System.CommandLine parse result when <paramref name="Action"/> is <see cref="CliAction.Run"/>.</param>
/// <param name="Error">The reason when <paramref name="Action"/> is <see cref="CliAction.Error"/>; it names the option.</param>
public sealed record CliParse(CliAction Action, ParseResult? Result, string? Error);

/// <summary>
/// A tool's root command on System.CommandLine with the rules every Clusterd tool follows: <c>--name value</c> or
/// <c>--name=value</c>; every option at most once; flags take no value; no arguments the command does not declare; no
/// response files, directives or POSIX bundling; <c>--help</c>/<c>-h</c> and <c>--version</c> win over bad values (not over
/// a malformed command line). Every error is one line naming the option or the token, in command-line order.
/// </summary>
/// <remarks>
/// Nothing is invoked: the caller switches on <see cref="CliParse.Action"/> and reads typed values with
/// <see cref="ParseResult.GetValue{T}(Option{T})"/>, so there is no reflection-based binding (trim- and AOT-safe).
/// </remarks>
public sealed class CliRoot
{
    private const int Width = 88;
    private const int LabelWidth = DescriptionColumn - 4;
    private const int DescriptionColumn = 24;

    private static readonly ParserConfiguration s_configuration = new()
    {
        EnablePosixBundling = false,
        ResponseFileTokenReplacer = null,
    };

    private readonly string _name;
    private readonly string? _epilogue;

    /// <summary>Creates the root command of <paramref name="name"/> with <c>--help</c>, <c>-h</c> and <c>--version</c>.</summary>
    /// <param name="name">The tool's name, as the usage line shows it.</param>
    /// <param name="description">What the tool is, shown under the usage line.</param>
    /// <param name="epilogue">Shown after the options, e.g. the exit codes.</param>
    public CliRoot(string name, string description, string? epilogue = null)
    {
        _name = name;
        _epilogue = epilogue;
        Command = new RootCommand(description);
        // RootCommand's own help and version options carry actions, extra aliases (-?, /h) and a validator that refuses
        // --version with anything else; the suggest directive would make "[suggest]" a valid first argument.
        Command.Options.Clear();
        Command.Directives.Clear();
        HelpOption = CliOptions.Flag("--help", "Show this text.", "-h");
        VersionOption = CliOptions.Flag("--version", "Show the version.");
        Command.Options.Add(HelpOption);
        Command.Options.Add(VersionOption);
    }

    /// <summary>The System.CommandLine root command; add subcommands here, options with <see cref="Add"/>.</summary>
    public RootCommand Command { get; }

    /// <summary><c>--help</c>, <c>-h</c>.</summary>
    public Option<bool> HelpOption { get; }

    /// <summary><c>--version</c>.</summary>
    public Option<bool> VersionOption { get; }

    /// <summary>Adds <paramref name="option"/>; the help text lists options in this order, then help and version.</summary>
    public T Add<T>(T option) where T : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        Command.Options.Insert(Command.Options.IndexOf(HelpOption), option);
        return option;
    }

    /// <summary>Parses <paramref name="args"/>.</summary>
    public CliParse Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = Command.Parse(args, s_configuration);
        if (FirstMalformed(result.Tokens, args) is { } malformed)
        {
            return new CliParse(CliAction.Error, null, malformed);
        }
        if (result.GetResult(HelpOption) is { Implicit: false })
        {
            return new CliParse(CliAction.Help, null, null);
        }
        if (result.GetResult(VersionOption) is { Implicit: false })
        {
            return new CliParse(CliAction.Version, null, null);
        }
        return result.Errors.Count > 0
            ? new CliParse(CliAction.Error, null, result.Errors[0].Message)
            : new CliParse(CliAction.Run, result, null);
    }

    /// <summary>
    /// The first token, in command-line order, that makes the command line malformed (as opposed to a bad value): an unknown
    /// option, an undeclared argument, a repeated option, an option without its value, a flag with one. System.CommandLine
    /// reports these too, but in its own words and order, and it lets an option repeat when it takes no value.
    /// </summary>
    private string? FirstMalformed(IReadOnlyList<Token> tokens, IReadOnlyList<string> args)
    {
        var chain = new List<Command> { Command };
        var seen = new HashSet<Option>();
        var argumentsLeft = ArgumentCapacity(Command);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Type)
            {
                case TokenType.Option when FindOption(chain, token.Value) is { } option:
                    if (!seen.Add(option))
                    {
                        return $"option {token.Value} given more than once";
                    }
                    var taken = 0;
                    while (taken < option.Arity.MaximumNumberOfValues && i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument)
                    {
                        i++;
                        taken++;
                    }
                    if (taken < option.Arity.MinimumNumberOfValues)
                    {
                        return $"option {token.Value} needs a value";
                    }
                    if (option.Arity.MaximumNumberOfValues == 0 && args.Any(a => IsJoinedValue(a, token.Value)))
                    {
                        return $"option {token.Value} takes no value";
                    }
                    break;
                case TokenType.Command when chain[^1].Subcommands.FirstOrDefault(c => c.Name == token.Value || c.Aliases.Contains(token.Value)) is { } command:
                    chain.Add(command);
                    argumentsLeft = ArgumentCapacity(command);
                    break;
                case TokenType.Argument when argumentsLeft > 0:
                    argumentsLeft--;
                    break;
                default:
                    return token.Value.StartsWith('-')
                        ? $"unknown option '{OptionPart(token.Value)}'"
                        : $"unexpected argument '{token.Value}'";
            }
        }
        return null;
    }

    private static int ArgumentCapacity(Command command) =>
        command.Arguments.Sum(a => Math.Min(a.Arity.MaximumNumberOfValues, 1_000_000));

    private static Option? FindOption(List<Command> chain, string alias)
    {
        for (var c = chain.Count - 1; c >= 0; c--)
        {
            foreach (var option in chain[c].Options)
            {
                if ((c == chain.Count - 1 || option.Recursive) && (option.Name == alias || option.Aliases.Contains(alias)))
                {
                    return option;
                }
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="arg"/> is <paramref name="alias"/> with a value joined by '=' or ':'.</summary>
    private static bool IsJoinedValue(string arg, string alias) =>
        arg.Length > alias.Length && arg.StartsWith(alias, StringComparison.Ordinal) && arg[alias.Length] is '=' or ':';

    private static string OptionPart(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is var eq and > 2 ? token[..eq] : token;

    /// <summary>
    /// The usage text: the usage line, the description, every option of the root command with its value name and
    /// description (which states the default), and the epilogue; wrapped to 88 columns.
    /// </summary>
    public string HelpText
    {
        get
        {
            var text = new StringBuilder();
            text.Append("Usage: ").Append(_name).Append(Command.Subcommands.Count > 0 ? " [command]" : "").Append(" [options]\n\n");
            AppendWrapped(text, Command.Description ?? "", 0, Width);
            text.Append("\nOptions:\n");
            foreach (var option in Command.Options)
            {
                if (option.Hidden)
                {
                    continue;
                }
                var label = new StringBuilder("  ").Append(option.Name);
                foreach (var alias in option.Aliases)
                {
                    label.Append(", ").Append(alias);
                }
                if (option.Arity.MaximumNumberOfValues > 0)
                {
                    label.Append(' ').Append(option.HelpName ?? "VALUE");
                }
                text.Append(label);
                if (label.Length <= DescriptionColumn - 2)
                {
                    text.Append(' ', DescriptionColumn - label.Length);
                    AppendWrapped(text, option.Description ?? "", DescriptionColumn, Width, indentFirst: false);
                }
                else
                {
                    text.Append('\n');
                    AppendWrapped(text, option.Description ?? "", DescriptionColumn, Width);
                }
            }
            var commands = Command.Subcommands.Where(c => !c.Hidden).ToList();
            if (commands.Count > 0)
            {
                text.Append("\nCommands:\n");
                foreach (var command in commands)
                {
                    text.Append("  ").Append(command.Name.PadRight(LabelWidth)).Append("  ");
                    AppendWrapped(text, command.Description ?? "", DescriptionColumn, Width, indentFirst: false);
                }
            }
            if (_epilogue is not null)
            {
                text.Append('\n');
                AppendWrapped(text, _epilogue, 0, Width);
            }
            return text.ToString().TrimEnd('\n');
        }
    }

    private static void AppendWrapped(StringBuilder text, string paragraph, int indent, int width, bool indentFirst = true)
    {
        var column = indentFirst ? 0 : indent;
        if (indentFirst)
        {
            text.Append(' ', indent);
            column = indent;
        }
        var lineStart = true;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!lineStart && column + 1 + word.Length > width)
            {
                text.Append('\n').Append(' ', indent);
                column = indent;
                lineStart = true;
            }
            if (!lineStart)
            {
                text.Append(' ');
                column++;
            }
            text.Append(word);
            column += word.Length;
            lineStart = false;
        }
        text.Append('\n');
    }
}
