using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;

namespace Clusterd.ClusApi.Tests.Parity;

/// <summary>docs/parity.md stays what the code says; the tables it is built from stay consistent.</summary>
public sealed class ParityTests
{
    [Fact]
    public void Parity_doc_matches_the_code()
    {
        var generated = ParityMatrix.Generate();
        var path = Path.Combine(RepoRoot(), "docs", "parity.md");
        if (Environment.GetEnvironmentVariable("UPDATE_PARITY") == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(committed == generated,
            $"docs/parity.md is out of date with the code. Regenerate it with `{ParityMatrix.RegenerateCommand}` and commit the result.");
    }

    [Fact]
    public void Parity_every_handler_is_named_as_its_IDL_method()
    {
        for (ushort opnum = 0; opnum <= ClusApiOpnums.LastMethod; opnum++)
        {
            if (ClusApiService.HandlerMethod(opnum) is { } handler)
            {
                Assert.Equal(ClusApiOpnums.NameOf(opnum), "Api" + handler.Name);
            }
        }
    }

    [Fact]
    public void Parity_no_opnum_past_the_IDL_table_is_implemented() => Assert.Empty(ParityMatrix.UnnamedImplementedOpnums());

    [Fact]
    public void Parity_opnum_table_has_the_IDL_landmarks()
    {
        Assert.Equal(186, ClusApiOpnums.Methods.Count);
        Assert.Equal("ApiResourceControl", ClusApiOpnums.NameOf(73));
        Assert.Equal("ApiChangeCsvState", ClusApiOpnums.NameOf(123));
        Assert.Equal("ApiGetNotifyAsync", ClusApiOpnums.NameOf(147));
        Assert.Equal("ApiChangeCsvStateEx", ClusApiOpnums.NameOf(182));
        Assert.Equal("Opnum186Reserved", ClusApiOpnums.NameOf(186));
        Assert.Equal("Opnum264NotUsedOnWire", ClusApiOpnums.NameOf(264));
        Assert.Null(ClusApiOpnums.NameOf(265));
        Assert.True(ClusApiOpnums.IsPlaceholder(80));
        Assert.False(ClusApiOpnums.IsPlaceholder(0));
    }

    [Fact]
    public void Parity_every_control_note_describes_a_handled_code()
    {
        var handled = ParityMatrix.HandledCodes();
        foreach (var (code, note) in ParityMatrix.ControlNotes())
        {
            Assert.True(handled.Any(h => ParityMatrix.Matches(code, h.Code)), $"[ParityNote(0x{code:X8})] matches no handled code: {note}");
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clusterd.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Clusterd.slnx not found above " + AppContext.BaseDirectory);
    }
}
