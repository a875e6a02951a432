using System.Text;

namespace Clusterd.Cli;

/// <summary>How a command prints its objects (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>PowerShell's default table: header, dashes, padded columns.</summary>
    Table,

    /// <summary>PowerShell's list: <c>Key : value</c> blocks.</summary>
    List,

    /// <summary>JSON (docs in README.md, "JSON output").</summary>
    Json,
}

/// <summary>
/// The text layouts, as PowerShell's Format-Table and Format-List print them: the one place clusctl formats text.
/// </summary>
internal static class Output
{
    /// <summary>
    /// A table: the header row, a row of dashes as long as each header (as PowerShell prints it), then the rows; columns
    /// left-aligned, padded to their widest cell, separated by one space, with no trailing spaces. No rows, no output.
    /// </summary>
    public static void WriteTable(TextWriter writer, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var widths = new int[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            widths[i] = headers[i].Length;
            foreach (var row in rows)
            {
                widths[i] = Math.Max(widths[i], Cell(row, i).Length);
            }
        }
        WriteRow(writer, widths, headers);
        WriteRow(writer, widths, [.. headers.Select(h => new string('-', h.Length))]);
        foreach (var row in rows)
        {
            WriteRow(writer, widths, row);
        }
    }

    /// <summary>
    /// A list: one block per row, <c>Key : value</c> with the keys padded to the longest, a blank line between blocks.
    /// </summary>
    public static void WriteList(TextWriter writer, IReadOnlyList<string> keys, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var width = keys.Count == 0 ? 0 : keys.Max(k => k.Length);
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0)
            {
                writer.WriteLine();
            }
            for (var i = 0; i < keys.Count; i++)
            {
                writer.WriteLine((keys[i].PadRight(width) + " : " + Cell(rows[r], i)).TrimEnd());
            }
        }
    }

    /// <summary>Table or list, as <paramref name="format"/> says (not JSON).</summary>
    public static void Write(TextWriter writer, OutputFormat format, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (format == OutputFormat.List)
        {
            WriteList(writer, headers, rows);
        }
        else
        {
            WriteTable(writer, headers, rows);
        }
    }

    private static void WriteRow(TextWriter writer, int[] widths, IReadOnlyList<string> cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = Cell(cells, i);
            if (i > 0)
            {
                line.Append(' ');
            }
            line.Append(cell);
            if (i < widths.Length - 1)
            {
                line.Append(' ', widths[i] - cell.Length);
            }
        }
        writer.WriteLine(line.ToString().TrimEnd());
    }

    private static string Cell(IReadOnlyList<string> row, int i) => i < row.Count ? OneLine(row[i] ?? "") : "";

    /// <summary>A cell never breaks the layout: line breaks and tabs become spaces.</summary>
    private static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\t') < 0 ? value : value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
