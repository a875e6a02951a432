using System.CommandLine;
using System.CommandLine.Parsing;

namespace Clusterd.CommandLine;

/// <summary>
/// Builds <see cref="Option{T}"/>s the way every Clusterd tool spells them: flags take no value; a valued option takes exactly
/// one, converted by a parse function whose <see cref="FormatException"/> message becomes the parse error (so it should
/// name the option). No reflection-based binding: every conversion is an explicit delegate.
/// </summary>
public static class CliOptions
{
    /// <summary>A flag: present or not, never with a value (<c>--flag=1</c> is an error).</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    /// <summary>An option with exactly one value.</summary>
    /// <remarks>
    /// Not for <c>bool</c>: System.CommandLine takes the token after a <c>bool</c> option as its value only when it reads as
    /// true or false. A two-way choice is an enum.
    /// </remarks>
    /// <param name="name">The option's name, e.g. <c>--port</c>.</param>
    /// <param name="helpName">The value's name in the help text, e.g. <c>N</c>.</param>
    /// <param name="description">The help text, including the default.</param>
    /// <param name="parse">Converts the value; throws <see cref="FormatException"/> with a message naming the option.</param>
    /// <param name="defaultValue">The value when the option is absent; without it, <c>default(T)</c>.</param>
    public static Option<T> Value<T>(string name, string helpName, string description, Func<string, T> parse, Func<T>? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Value(name, helpName, description, (_, value) => parse(value), defaultValue);
    }

    /// <summary>
    /// An option with exactly one value whose conversion depends on other options: <paramref name="parse"/> gets the
    /// parse result to read them with <see cref="SymbolResult.GetValue{T}(Option{T})"/>.
    /// </summary>
    /// <inheritdoc cref="Value{T}(string, string, string, Func{string, T}, Func{T}?)"/>
    public static Option<T> Value<T>(
        string name, string helpName, string description, Func<SymbolResult, string, T> parse, Func<T>? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = result =>
            {
                // No token: the arity check has already reported the missing value.
                if (result.Tokens.Count == 0)
                {
                    return default!;
                }
                try
                {
                    return parse(result, result.Tokens[0].Value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                    return default!;
                }
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue();
        }
        return option;
    }
}
