using System.CommandLine;

namespace Clusterd.Cli;

/// <summary>
/// PowerShell's names are case-insensitive (get-clusternode, -state inprogress); System.CommandLine's are not. Before
/// parsing, every token that names a command or an option of the command reached so far, in any case, is replaced by
/// that name as declared. Values are never touched: the token after an option that takes one is skipped, and so is
/// everything after <c>--</c>.
/// </summary>
internal static class CaseInsensitive
{
    public static string[] Normalize(Command root, IReadOnlyList<string> args)
    {
        var result = args.ToArray();
        var command = root;
        var options = new List<Option>(root.Options);
        for (var i = 0; i < result.Length; i++)
        {
            var token = result[i];
            if (token == "--")
            {
                break;
            }
            if (token.Length > 1 && token[0] == '-')
            {
                // -State:InProgress and --state=InProgress carry their value.
                var split = token.IndexOfAny([':', '='], 1);
                var name = split < 0 ? token : token[..split];
                var option = options.FirstOrDefault(o => Matches(o.Name, o.Aliases, name, out _));
                if (option is not null && Matches(option.Name, option.Aliases, name, out var declared))
                {
                    result[i] = declared + (split < 0 ? "" : token[split..]);
                    if (split < 0 && option.Arity.MaximumNumberOfValues > 0)
                    {
                        i++; // its value
                    }
                }
                continue;
            }
            var sub = command.Subcommands.FirstOrDefault(c => Matches(c.Name, c.Aliases, token, out _));
            if (sub is not null && Matches(sub.Name, sub.Aliases, token, out var subName))
            {
                result[i] = subName;
                command = sub;
                options.RemoveAll(o => !o.Recursive);
                options.AddRange(sub.Options);
            }
        }
        return result;
    }

    private static bool Matches(string name, ICollection<string> aliases, string token, out string declared)
    {
        // An exact match first: -o and -O could both be declared one day.
        if (name == token || aliases.Contains(token))
        {
            declared = token;
            return true;
        }
        declared = string.Equals(name, token, StringComparison.OrdinalIgnoreCase)
            ? name
            : aliases.FirstOrDefault(a => string.Equals(a, token, StringComparison.OrdinalIgnoreCase)) ?? "";
        return declared.Length > 0;
    }
}
