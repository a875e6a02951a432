using Clusterd.Client;
using Clusterd.ClusApi;

namespace Clusterd.Cli.Tests;

/// <summary>The text layouts (Output) and the cell and JSON values (Shapes), as golden text.</summary>
public sealed class OutputTests
{
    private static string Table(string[] headers, params string[][] rows)
    {
        using var w = new StringWriter { NewLine = "\n" };
        Output.WriteTable(w, headers, rows);
        return w.ToString();
    }

    private static string List(string[] keys, params string[][] rows)
    {
        using var w = new StringWriter { NewLine = "\n" };
        Output.WriteList(w, keys, rows);
        return w.ToString();
    }

    [Fact]
    public void Table_pads_each_column_to_its_widest_cell_dashes_each_header_and_leaves_no_trailing_spaces()
    {
        var text = Table(["Name", "OwnerNode", "State"],
            ["Cluster Group", "node1", "Online"],
            ["Available Storage", "", "PartialOnline"],
            ["x", "node12345678", ""]);
        Assert.Equal(Cli.Lines("""
            Name              OwnerNode    State
            ----              ---------    -----
            Cluster Group     node1        Online
            Available Storage              PartialOnline
            x                 node12345678
            """), text);
    }

    [Fact]
    public void Table_headers_wider_than_the_values_set_the_width()
    {
        Assert.Equal(Cli.Lines("""
            Name  ID State
            ----  -- -----
            node1 1  Up
            n     2  Paused
            """), Table(["Name", "ID", "State"], ["node1", "1", "Up"], ["n", "2", "Paused"]));
    }

    [Fact]
    public void Table_without_rows_prints_nothing_and_a_cell_never_breaks_a_line()
    {
        Assert.Equal("", Table(["Name"]));
        Assert.Equal(Cli.Lines("""
            Name Value
            ---- -----
            a    b c d
            """), Table(["Name", "Value"], ["a", "b\r\nc\td"]));
    }

    [Fact]
    public void List_pads_the_keys_and_separates_blocks_with_one_blank_line()
    {
        var text = List(["Name", "VolumeFriendlyName", "Node"],
            ["Cluster Disk 1", "Volume1", "node1"],
            ["Cluster Disk 1", "Volume1", ""]);
        Assert.Equal(Cli.Lines("""
            Name               : Cluster Disk 1
            VolumeFriendlyName : Volume1
            Node               : node1

            Name               : Cluster Disk 1
            VolumeFriendlyName : Volume1
            Node               :
            """), text);
        Assert.Equal("", List(["Name"]));
    }

    [Fact]
    public void Parameter_values_print_as_PowerShell_shows_them_and_as_typed_JSON()
    {
        Assert.Equal("42", Shapes.FormatValue(42u));
        Assert.Equal("-1", Shapes.FormatValue(-1));
        Assert.Equal(@"C:\ClusterStorage", Shapes.FormatValue(@"C:\ClusterStorage"));
        Assert.Equal("{a, b}", Shapes.FormatValue(new[] { "a", "b" }));
        Assert.Equal("{1, 0, 255}", Shapes.FormatValue(new byte[] { 1, 0, 255 }));
        Assert.Equal("2026-01-02T03:04:05Z", Shapes.FormatValue(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("", Shapes.FormatValue(null));

        Assert.Equal("42", Shapes.JsonValueOf(42u)!.ToJsonString());
        Assert.Equal("18446744073709551615", Shapes.JsonValueOf(ulong.MaxValue)!.ToJsonString());
        Assert.Equal("""["a","b"]""", Shapes.JsonValueOf(new[] { "a", "b" })!.ToJsonString());
        Assert.Equal("\"AQD/\"", Shapes.JsonValueOf(new byte[] { 1, 0, 255 })!.ToJsonString());
        Assert.Equal("\"2026-01-02T03:04:05.0000000Z\"", Shapes.JsonValueOf(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))!.ToJsonString());
        Assert.Null(Shapes.JsonValueOf(null));
    }

    [Fact]
    public void Volume_states_and_reasons_use_the_PowerShell_names()
    {
        Assert.Equal("Direct", Shapes.StateInfo(SharedVolumeState.Active));
        Assert.Equal("FileSystemRedirected", Shapes.StateInfo(SharedVolumeState.ActiveRedirected));
        Assert.Equal("BlockRedirected", Shapes.StateInfo(SharedVolumeState.ActiveBlockRedirected));
        Assert.Equal("Unavailable", Shapes.StateInfo(SharedVolumeState.Unavailable));
        Assert.Equal("NotFileSystemRedirected", Shapes.Reason(RedirectedIOReason.NotRedirected));
        Assert.Equal("UserRequest", Shapes.Reason(RedirectedIOReason.UserRequest));
        Assert.Equal("NotBlockRedirected", Shapes.Reason(BlockRedirectedIOReason.NotRedirected));
        Assert.Equal("NoDiskConnectivity", Shapes.Reason(BlockRedirectedIOReason.NoDiskConnectivity));
    }

    [Fact]
    public void Watch_lines_carry_the_UTC_time_the_type_the_change_and_the_name()
    {
        var change = new ClusterChange(ClusterObjectType.Resource, 0x8, "Resource.State", "Cluster Disk 1", "id", "parent", "Physical Disk",
            ReadOnlyMemory<byte>.Empty);
        var time = new DateTimeOffset(2026, 12, 4, 19, 30, 1, 250, TimeSpan.FromHours(1));
        Assert.Equal("2026-12-04T18:30:01.250Z Resource State Cluster Disk 1", Shapes.ChangeLine(time, change));
        Assert.Equal("""{"time":"2026-12-04T18:30:01.25Z","objectType":"Resource","change":"State","objectName":"Cluster Disk 1","objectId":"id","parentId":"parent"}""",
            Shapes.ChangeJsonLine(time, change));
    }
}
