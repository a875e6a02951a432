using System.Text;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The complex dependency expressions of MS-CMRP 3.1.1.1.2 and 3.1.4.2.109: an AND of clauses, each clause one
/// resource or an OR of resources, resources written <c>[name or ID]</c>. Parsed into clauses (each a list of the
/// bracketed texts); <see cref="Format"/> writes them back in one canonical form.
/// </summary>
/// <remarks>
/// Accepted: the grammar of MS-CMRP 3.1.4.2.109 (<c>[a] or [b]</c>, <c>([a] or [b]) and [c] and ([d] or [e])</c>) and
/// that of clusapi.h's SetClusterResourceDependencyExpression, which also allows a bare resource first
/// (<c>[a] and ([b] or [c])</c>); the keywords in any case, any white space between tokens. An empty or all-blank
/// expression is the empty AND (no dependencies). Anything else is malformed (docs/behaviour.md, "GroupResource:
/// dependency expressions").
/// </remarks>
internal static class DependencyExpression
{
    private enum Kind
    {
        Resource,
        Open,
        Close,
        And,
        Or,
    }

    /// <summary>The clauses of <paramref name="text"/>, or null when it is malformed.</summary>
    internal static List<List<string>>? Parse(string text)
    {
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return null;
        }
        var clauses = new List<List<string>>();
        if (tokens.Count == 0)
        {
            return clauses;
        }
        var i = 0;
        // A bare OR chain: resource "or" resource ... (MS-CMRP's first production), the whole expression.
        if (tokens.Count > 1 && tokens[0].Kind == Kind.Resource && tokens[1].Kind == Kind.Or)
        {
            var chain = OrChain(tokens, ref i);
            return chain is not null && i == tokens.Count ? [chain] : null;
        }
        while (true)
        {
            List<string>? clause;
            if (i < tokens.Count && tokens[i].Kind == Kind.Resource)
            {
                clause = [tokens[i++].Text];
            }
            else if (i < tokens.Count && tokens[i].Kind == Kind.Open)
            {
                i++;
                clause = OrChain(tokens, ref i);
                if (clause is null || i >= tokens.Count || tokens[i].Kind != Kind.Close)
                {
                    return null;
                }
                i++;
            }
            else
            {
                return null;
            }
            clauses.Add(clause);
            if (i == tokens.Count)
            {
                return clauses;
            }
            if (tokens[i].Kind != Kind.And)
            {
                return null;
            }
            i++;
        }
    }

    private static List<string>? OrChain(List<(Kind Kind, string Text)> tokens, ref int i)
    {
        var chain = new List<string>();
        while (true)
        {
            if (i >= tokens.Count || tokens[i].Kind != Kind.Resource)
            {
                return null;
            }
            chain.Add(tokens[i++].Text);
            if (i < tokens.Count && tokens[i].Kind == Kind.Or)
            {
                i++;
                continue;
            }
            return chain;
        }
    }

    private static List<(Kind Kind, string Text)>? Tokenize(string text)
    {
        var tokens = new List<(Kind, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else if (ch == '[')
            {
                var end = text.IndexOf(']', i + 1);
                if (end < 0 || end == i + 1)
                {
                    return null; // unterminated or empty name
                }
                tokens.Add((Kind.Resource, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (ch == '(')
            {
                tokens.Add((Kind.Open, "("));
                i++;
            }
            else if (ch == ')')
            {
                tokens.Add((Kind.Close, ")"));
                i++;
            }
            else if (char.IsAsciiLetter(ch))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }
                var word = text[start..i];
                if (word.Equals("and", StringComparison.OrdinalIgnoreCase))
                {
                    tokens.Add((Kind.And, word));
                }
                else if (word.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    tokens.Add((Kind.Or, word));
                }
                else
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }
        return tokens;
    }

    /// <summary>The canonical text of <paramref name="clauses"/>: <c>[a] and ([b] or [c])</c>; "" for none.</summary>
    internal static string Format(IEnumerable<IReadOnlyList<string>> clauses)
    {
        var s = new StringBuilder();
        foreach (var clause in clauses)
        {
            if (s.Length > 0)
            {
                s.Append(" and ");
            }
            if (clause.Count == 1)
            {
                s.Append('[').Append(clause[0]).Append(']');
            }
            else
            {
                s.Append('(').AppendJoin(" or ", clause.Select(x => "[" + x + "]")).Append(')');
            }
        }
        return s.ToString();
    }
}
